//! Command-line definitions (clap derive). No behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "quarterdeck",
    version,
    about = "Static analyzer for quarterly audits of legacy code",
    long_about = "Static analyzer for quarterly audits of legacy code.\n\n\
                  Walks a repository in parallel, measures every function, reads git history, \
                  coverage and dependency lockfiles, applies risk rules, compares with last \
                  quarter's snapshot and writes the snapshot and reports.\n\n\
                  Exit codes: 0 ok, 1 quality gate failed, 2 usage, config or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a repository: write snapshot.json and the reports into --out.
    Audit(Box<AuditArgs>),
    /// Compare two snapshots: classify every finding as new, resolved, unchanged, worsened or
    /// improved, with the deltas of every key figure.
    Diff(DiffArgs),
    /// Series of every key figure and finding class over snapshots of one repository.
    Trend(TrendArgs),
    /// Combine snapshots of many repositories into one portfolio.
    Merge(MergeArgs),
    /// Re-render the reports from a snapshot (or portfolio), without the repository.
    Report(ReportArgs),
    /// Dependency tools: write an offline registry index.
    Deps(DepsArgs),
    /// List the risk rules or explain one.
    Rules(RulesArgs),
}

/// Quality-gate flags shared by `audit` and `diff`.
#[derive(Debug, Args, Clone)]
pub struct GateArgs {
    /// Fail (exit 1) when a finding at or above SEVERITY exists, or with `new:SEVERITY` only
    /// new or worsened ones (repeatable; added to `[gate] fail_on`).
    #[arg(long = "fail-on", value_name = "SEVERITY|new:SEVERITY")]
    pub fail_on: Vec<String>,
}

/// Comparison flags shared by the commands that compare snapshots.
#[derive(Debug, Args, Clone)]
pub struct CompareArgs {
    /// Compare snapshots of different repositories anyway.
    #[arg(long)]
    pub allow_different_repo: bool,

    /// A finding's metric must move by more than this share of its old value to count as
    /// worsened or improved.
    #[arg(long, value_name = "SHARE", default_value_t = 0.05)]
    pub tolerance: f64,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Repository, directory or single file to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Directory the outputs are written to (created if missing).
    #[arg(long, short, default_value = "quarterdeck-report", value_name = "DIR")]
    pub out: PathBuf,

    /// Configuration file [default: PATH/quarterdeck.toml when it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Obey the audited tree's own quarterdeck.toml in full (for teams auditing their own
    /// code): without it, that file may not name paths outside the tree, follow links, choose
    /// registries or raise limits (README "Security"). `--config FILE` is always obeyed.
    #[arg(long)]
    pub trust_repo_config: bool,

    /// Last quarter's snapshot: findings are classified against it and the audit window
    /// starts at its commit date (unless --since/--window say otherwise).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Start of the audit window (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", conflicts_with = "window")]
    pub since: Option<String>,

    /// Length of the audit window back from HEAD's commit date (90d, 13w, 6m, 1y).
    #[arg(long, value_name = "LENGTH")]
    pub window: Option<String>,

    /// A coverage report (LCOV, Cobertura, JaCoCo or Go; detected by content; repeatable).
    #[arg(long, value_name = "FILE")]
    pub coverage: Vec<PathBuf>,

    /// Make no network request: versions come only from --registry-index.
    #[arg(long)]
    pub offline: bool,

    /// An offline registry index (file or folder) to look versions up in.
    #[arg(long, value_name = "PATH")]
    pub registry_index: Option<PathBuf>,

    /// Outputs to write, comma-separated: html, json, sarif, md, prom, csv [default: all].
    #[arg(long, value_name = "LIST")]
    pub format: Option<String>,

    /// Folder of handlebars templates overriding the embedded report templates.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Folder (or files) of past snapshots for the report's trend charts.
    #[arg(long = "history", value_name = "DIR")]
    pub history: Vec<PathBuf>,

    #[command(flatten)]
    pub gate: GateArgs,

    #[command(flatten)]
    pub compare: CompareArgs,

    /// Worker threads for the walk and the analysis [default: number of CPUs].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,

    /// Leave out paths matching this glob (repeatable; gitignore-like, added to the config's).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Add the rules in this folder (`*.toml`, searched recursively; repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Suppression file: `[[suppress]]` entries of `fingerprint` and `reason`
    /// [default: `[rules] suppressions` of the config].
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,

    /// Run no rule at all (measurements only; for timing the rules).
    #[arg(long, hide = true)]
    pub no_rules: bool,

    /// Print nothing but errors and gate failures: no progress bar (shown only when stderr is
    /// a terminal), no notes, no closing summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older snapshot (the baseline).
    pub old: PathBuf,
    /// The newer snapshot.
    pub new: PathBuf,
    /// Write the newer snapshot, with its comparison, to this file.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print the comparison (`baseline`, `delta`, per-finding classes) as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Configuration whose `[gate]` applies.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Snapshot files, or folders of them (`*.json`); ordered by commit date.
    #[arg(required = true)]
    pub snapshots: Vec<PathBuf>,
    /// Write trend.json into this folder [default: print it on stdout].
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub allow_different_repo: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// One snapshot per repository (files or folders of them).
    #[arg(required = true)]
    pub snapshots: Vec<PathBuf>,
    /// The portfolio file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// How many organisation-wide risks to keep.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A snapshot (from `audit`) or a portfolio (from `merge`).
    pub snapshot: PathBuf,
    /// Compare with this older snapshot first.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Folder (or files) of past snapshots for the trend charts.
    #[arg(long = "history", value_name = "DIR")]
    pub history: Vec<PathBuf>,
    /// Directory the reports are written to.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Outputs to write, comma-separated: html, json, sarif, md, prom, csv [default: all].
    #[arg(long, value_name = "LIST")]
    pub format: Option<String>,
    /// Folder of handlebars templates overriding the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub compare: CompareArgs,
}

#[derive(Debug, Args)]
pub struct DepsArgs {
    #[command(subcommand)]
    pub command: DepsCommand,
}

#[derive(Debug, Subcommand)]
pub enum DepsCommand {
    /// Write an offline registry index for the packages a repository uses, from the
    /// configured registries, so a later audit can run air-gapped and reproduce the lag.
    SnapshotIndex {
        /// The repository whose manifests and lockfiles name the packages.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The index file to write.
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// Configuration file [default: PATH/quarterdeck.toml when it exists].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Obey PATH/quarterdeck.toml in full, as `audit --trust-repo-config`.
        #[arg(long)]
        trust_repo_config: bool,
        /// Take versions from this index instead of the registries (to subset an index).
        #[arg(long, value_name = "PATH")]
        registry_index: Option<PathBuf>,
        /// Leave out paths matching this glob (repeatable).
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,

    /// Add the rules in this folder (`*.toml`, searched recursively; repeatable).
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules: Vec<PathBuf>,

    /// Configuration file whose `[rules]` section applies (disable, overrides, dirs).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Table of every rule: id, category, severity, languages.
    List,
    /// A rule's full text: what it finds, why, how to fix, thresholds, source, queries.
    Explain {
        /// Rule id, e.g. complexity/cognitive-high.
        id: String,
    },
}
