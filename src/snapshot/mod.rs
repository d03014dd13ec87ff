//! The snapshot: the versioned JSON model every report is drawn from, built from a scan,
//! written atomically and read back with a schema check.

pub mod compare;
pub mod compare_model;
pub mod figures;
pub use crate::model::fingerprint;
pub mod gate;
pub mod name;
pub mod read;

pub mod trend;
pub mod trend_model;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::metrics::{Aggregate, LineCounts};
use crate::problem::Problem;
use crate::rules::{Finding, Severity};
use crate::scan::{FileReport, ScanResult, SkipList, SkipReason};

pub use crate::util::time::{now_rfc3339, parse_rfc3339, rfc3339_from_unix};
pub use compare_model::{
    BaselineInfo, BaselineStatus, ClassCounts, Delta, FigureDelta, GateFailure, GateVerdict,
    RuleChange, RuleInfo,
};
pub use trend_model::{Portfolio, PortfolioRepository, PortfolioRisk, Trend, TrendGap, TrendPoint};

/// The schema this build writes. Bumped on any incompatible change of the JSON shape.
pub const SCHEMA_VERSION: u32 = 2;
/// The oldest schema this build still reads (migrating it).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema_version: u32,
    pub tool: Tool,
    pub scan: ScanInfo,
    pub totals: Totals,
    /// Key figures by stable name (`functions`, `cyclomatic_p90`, `hotspots`, `libyear_total`,
    /// `findings_high`, ...): what deltas, trends and metrics outputs are drawn from.
    #[serde(default)]
    pub figures: BTreeMap<String, f64>,
    pub skipped: BTreeMap<SkipReason, SkipList>,
    pub problems: Vec<Problem>,
    /// The rules as configured for this run (enabled ones and disabled ones, marked).
    #[serde(default)]
    pub rules: Vec<RuleInfo>,
    /// Rule findings, sorted by (path, line, rule); suppressed ones included and marked.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Git history of the audit window (`None` when history was not asked for).
    #[serde(default)]
    pub history: Option<crate::history::HistorySummary>,
    /// Coverage inputs and static test evidence.
    #[serde(default)]
    pub test_evidence: Option<crate::tests_evidence::TestEvidenceSummary>,
    /// Every dependency of every manifest and lockfile found, with its lag when looked up.
    #[serde(default)]
    pub dependencies: Vec<crate::deps::Dependency>,
    #[serde(default)]
    pub dependency_totals: Option<crate::deps::DependencyTotals>,
    /// The snapshot this one was compared with, and what changed.
    #[serde(default)]
    pub baseline: Option<BaselineInfo>,
    #[serde(default)]
    pub delta: Option<Delta>,
    /// The quality gate's verdict, when a gate was configured.
    #[serde(default)]
    pub gate: Option<GateVerdict>,
    pub files: Vec<FileReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    /// Which definition of the function metrics made the figures (`metrics::DEFINITION`);
    /// a snapshot without it was made under definition 1.
    #[serde(default = "first_definition")]
    pub metrics_definition: u32,
}

fn first_definition() -> u32 {
    1
}

/// Where and when the scan ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanInfo {
    /// The scan root as an absolute path.
    pub root: String,
    /// The repository's display name (`name::display_name`): `[report] name`, else its
    /// `origin` remote's last meaningful components, else the root's folder name.
    /// Comparisons refuse snapshots of different repositories.
    #[serde(default)]
    pub repository: String,
    /// The `origin` remote URL with any credentials removed.
    #[serde(default)]
    pub remote: Option<String>,
    /// The root's folder inside its git work tree (`services/billing`) when it is not the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subfolder: Option<String>,
    /// HEAD's committer date (RFC 3339).
    #[serde(default)]
    pub head_date: Option<String>,
    /// SHA-256 of the configuration file's bytes (`None` without a config file).
    #[serde(default)]
    pub config_digest: Option<String>,
    /// RFC 3339 UTC; `SOURCE_DATE_EPOCH` fixes it for reproducible output.
    pub generated_at: String,
    /// HEAD commit when the root is inside a git work tree.
    pub head_commit: Option<String>,
    pub branch: Option<String>,
    /// The config file used, if any.
    pub config: Option<String>,
}

/// Totals over all measured files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub files: u32,
    pub lines: LineCounts,
    pub summary: Aggregate,
    pub files_with_parse_errors: u32,
    pub skipped: usize,
    pub problems: usize,
    pub by_language: BTreeMap<String, LanguageTotals>,
    #[serde(default)]
    pub findings: FindingTotals,
}

/// Findings counted: all of them, the unsuppressed ones by severity and by rule, the suppressed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingTotals {
    pub total: usize,
    /// Unsuppressed findings per severity.
    pub by_severity: SeverityCounts,
    pub suppressed: usize,
    /// Unsuppressed findings per rule id.
    pub by_rule: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl FindingTotals {
    pub fn of(findings: &[Finding]) -> Self {
        let mut t = FindingTotals {
            total: findings.len(),
            ..FindingTotals::default()
        };
        for f in findings {
            if f.suppressed {
                t.suppressed += 1;
                continue;
            }
            let c = &mut t.by_severity;
            *match f.severity {
                Severity::Critical => &mut c.critical,
                Severity::High => &mut c.high,
                Severity::Medium => &mut c.medium,
                Severity::Low => &mut c.low,
                Severity::Info => &mut c.info,
            } += 1;
            *t.by_rule.entry(f.rule_id.clone()).or_default() += 1;
        }
        t
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageTotals {
    pub files: u32,
    pub lines: LineCounts,
    pub summary: Aggregate,
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read snapshot {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a quarterdeck snapshot: {message}")]
    NotASnapshot { path: PathBuf, message: String },
    #[error(
        "{path} has schema_version {found}; this quarterdeck reads up to {supported}: upgrade quarterdeck"
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u32,
    },
    #[error("{path} has schema_version {found}, which no quarterdeck release wrote")]
    UnknownSchema { path: PathBuf, found: u64 },
    #[error(
        "{path} is a portfolio (from `quarterdeck merge`), not the audit snapshot of one repository"
    )]
    Portfolio { path: PathBuf },
}

fn add_lines(into: &mut LineCounts, l: &LineCounts) {
    into.lines += l.lines;
    into.code += l.code;
    into.comment += l.comment;
    into.blank += l.blank;
}

impl Snapshot {
    /// Assemble a snapshot from a scan of `root`.
    pub fn from_scan(root: &Path, config: Option<&Path>, scan: ScanResult) -> Snapshot {
        let mut totals = Totals::default();
        for f in &scan.files {
            totals.files += 1;
            add_lines(&mut totals.lines, &f.lines);
            totals.summary.merge(&f.summary);
            totals.files_with_parse_errors += u32::from(f.parse_errors);
            let lt = totals.by_language.entry(f.language.clone()).or_default();
            lt.files += 1;
            add_lines(&mut lt.lines, &f.lines);
            lt.summary.merge(&f.summary);
        }
        totals.skipped = scan.skipped.values().map(|s| s.count).sum();
        totals.problems = scan.problems.len();
        let git = git_info(root);
        let dir = if root.is_dir() {
            root
        } else {
            root.parent().unwrap_or(root)
        };
        let folder = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let repository = name::display_name(None, git.remote.as_deref(), &folder);
        let config_digest = config
            .and_then(|p| std::fs::read(p).ok())
            .map(|b| fingerprint::sha256_hex(&b));
        Snapshot {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "quarterdeck".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                metrics_definition: crate::metrics::DEFINITION,
            },
            scan: ScanInfo {
                root: root.display().to_string(),
                repository,
                remote: git.remote,
                subfolder: git.prefix,
                head_date: git.head_date,
                generated_at: now_rfc3339(),
                head_commit: git.head,
                branch: git.branch,
                config: config.map(|p| p.display().to_string()),
                config_digest,
            },
            totals,
            figures: BTreeMap::new(),
            skipped: scan.skipped,
            problems: scan.problems,
            rules: Vec::new(),
            findings: Vec::new(),
            history: None,
            test_evidence: None,
            dependencies: Vec::new(),
            dependency_totals: None,
            baseline: None,
            delta: None,
            gate: None,
            files: scan.files,
        }
    }

    /// Attach rule findings (already sorted by `rules::evaluate`) and count them.
    pub fn with_findings(mut self, findings: Vec<Finding>) -> Snapshot {
        self.totals.findings = FindingTotals::of(&findings);
        self.findings = findings;
        self
    }

    /// Write as pretty JSON to `path` through a temporary file and a rename, so a reader never
    /// sees half a snapshot and an old one is replaced only by a complete new one.
    pub fn write_atomic(&self, path: &Path) -> Result<(), SnapshotError> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| SnapshotError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        write_atomic(path, &json)
    }

    /// Read a snapshot, refusing corrupt files and schemas newer than this build; older
    /// supported schemas are migrated.
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        read::read(path).map(|r| r.snapshot)
    }
}

/// Write `bytes` to `path` atomically: a temporary file beside it, flushed, then renamed
/// (the folder is created when missing).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SnapshotError> {
    crate::util::atomic::write_file(path, &[bytes], true).map_err(|source| SnapshotError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// What the snapshot records of the git work tree holding the root.
#[derive(Debug, Default)]
struct GitInfo {
    head: Option<String>,
    branch: Option<String>,
    head_date: Option<String>,
    remote: Option<String>,
    prefix: Option<String>,
}

/// HEAD commit, its date, the branch and the `origin` remote of the work tree holding `root`
/// (git missing, not a repository, or a `.git` pointing outside the tree: all `None`). Git
/// runs through the history stage's runner (`history::git`), hardened the same way.
fn git_info(root: &Path) -> GitInfo {
    use crate::history::git::{DEFAULT_GIT, guard, output};
    let dir = if root.is_dir() {
        root
    } else {
        root.parent().unwrap_or(root)
    };
    let program = std::ffi::OsStr::new(DEFAULT_GIT);
    let run = |args: &[&str]| output(program, dir, args);
    let Some(head) = run(&["rev-parse", "--verify", "-q", "HEAD"]) else {
        return GitInfo::default();
    };
    if guard(program, dir).is_err() {
        return GitInfo::default();
    }
    GitInfo {
        branch: run(&["symbolic-ref", "-q", "--short", "HEAD"]),
        head_date: run(&["show", "-s", "--format=%ct", "HEAD"])
            .and_then(|t| t.parse::<i64>().ok())
            .map(rfc3339_from_unix),
        remote: run(&["config", "--get", "remote.origin.url"]).map(|u| strip_credentials(&u)),
        prefix: run(&["rev-parse", "--show-prefix"])
            .map(|p| p.trim_end_matches('/').to_string())
            .filter(|p| !p.is_empty()),
        head: Some(head),
    }
}

/// A remote URL without its credentials: `https://user:p@ss@host/org/repo.git` ->
/// `https://host/org/repo.git`. The userinfo ends at the authority's last `@` (a password
/// may hold `@`; the authority ends at the first `/`, `?` or `#`). A URL without a scheme
/// (`git@host:org/repo.git`, a path) is kept: its user is no secret.
fn strip_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://{}{tail}", &authority[at + 1..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod compare_tests;

#[cfg(test)]
mod remote_tests {
    use super::strip_credentials;

    #[test]
    fn credentials_end_at_the_authoritys_last_at() {
        assert_eq!(
            strip_credentials("https://user:p@ss@host.example/x.git"),
            "https://host.example/x.git"
        );
        assert_eq!(
            strip_credentials("https://tok@host.example/org/a@b.git"),
            "https://host.example/org/a@b.git"
        );
        assert_eq!(
            strip_credentials("https://host.example/org/a@b.git"),
            "https://host.example/org/a@b.git"
        );
        assert_eq!(
            strip_credentials("ssh://git:s3cr@t@host.example:22/x.git"),
            "ssh://host.example:22/x.git"
        );
        assert_eq!(
            strip_credentials("git@host.example:org/x.git"),
            "git@host.example:org/x.git"
        );
    }
}
