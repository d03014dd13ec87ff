//! Command-line definitions (clap derive). No behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "quarterdeck",
    version,
    about = "Static analyzer for quarterly audits of legacy code",
    long_about = "Static analyzer for quarterly audits of legacy code.\n\n\
                  Walks a repository in parallel, parses every supported file with tree-sitter, \
                  measures every function and writes a JSON snapshot.\n\n\
                  Exit codes: 0 ok, 1 quality gate failed, 2 usage, config or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository and write the audit outputs (snapshot.json) into --out.
    Audit(AuditArgs),
    /// List the risk rules or explain one.
    Rules(RulesArgs),
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

    /// Print nothing but errors: no progress bar (shown only when stderr is a terminal) and
    /// no closing summary.
    #[arg(long, short)]
    pub quiet: bool,
}
