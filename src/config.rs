//! `quarterdeck.toml`: the serde model with defaults and loading with clear messages; the globs
//! are checked here and compiled by `util::globs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Band, Severity};
use crate::util::globs::{GlobError, PathGlobs};

/// The file name looked up at the scan root when no `--config` is given.
pub const CONFIG_FILE_NAME: &str = "quarterdeck.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error(transparent)]
    Glob(#[from] GlobError),
    #[error("invalid config {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The whole configuration file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub scan: ScanConfig,
    pub rules: RulesConfig,
    pub history: HistoryConfig,
    pub tests: TestsConfig,
    pub dependencies: DependenciesConfig,
    /// `[registries]`: base URL per ecosystem (`npm = "<your npm mirror's base URL>"`); none
    /// is built in (README "Dependencies").
    pub registries: BTreeMap<String, String>,
    pub gate: GateConfig,
    /// What `restrict_to_tree` refused or lowered in a repository's own config, one note each,
    /// for the command to print (README "Security"). Never read from or written to a file.
    #[serde(skip)]
    pub notes: Vec<String>,
    pub report: ReportConfig,
}

/// `[report]`: how the reports present the repository.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// The repository's display name, instead of the one taken from its remote or folder.
    pub name: Option<String>,
}

/// `[history]`: the audit window and how git history is read (README "Git history").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryConfig {
    /// Read git history at all.
    pub enabled: bool,
    /// The window when neither `--since`, `--window` nor `--baseline` gives one (`90d`, `26w`,
    /// `6m`, `1y`).
    pub window: String,
    /// Regex (case-insensitive) a commit message must match to count as a bug fix.
    pub bugfix_pattern: String,
    /// Commits touching more files than this are left out of temporal coupling (code-maat).
    pub coupling_max_changeset: u32,
    /// A file needs at least this many commits in the window to be coupled.
    pub coupling_min_revisions: u32,
    /// A pair needs at least this many shared commits.
    pub coupling_min_shared: u32,
    /// Minimum degree of coupling, in percent.
    pub coupling_min_degree: f64,
    /// How many of the strongest pairs the snapshot keeps.
    pub coupling_max_pairs: usize,
    /// A commit that deletes and adds more than this share of a file's lines rewrites it:
    /// function-level change falls back to file level for that file.
    pub rewrite_share: f64,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            enabled: true,
            window: "90d".into(),
            bugfix_pattern: DEFAULT_BUGFIX_PATTERN.into(),
            coupling_max_changeset: 30,
            coupling_min_revisions: 5,
            coupling_min_shared: 5,
            coupling_min_degree: 30.0,
            coupling_max_pairs: 100,
            rewrite_share: 0.5,
        }
    }
}

/// Words that mark a bug-fix commit (matched as whole words, case-insensitively).
pub const DEFAULT_BUGFIX_PATTERN: &str = r"\b(fix|fixes|fixed|bug|bugfix|hotfix|revert|patch)\b";

/// `[tests]`: how test files are recognised besides the language table's patterns.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TestsConfig {
    /// Extra globs of test files (gitignore-like, as `scan.exclude`).
    pub paths: Vec<String>,
}

/// `[dependencies]`: lockfile inventory and version lookups (README "Dependencies").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DependenciesConfig {
    /// Read manifests and lockfiles at all.
    pub enabled: bool,
    /// An offline registry index (file or folder), relative to the config file.
    pub registry_index: Option<PathBuf>,
    /// Never touch the network (as `--offline`).
    pub offline: bool,
    /// Where registry responses are cached [default: `$XDG_CACHE_HOME/quarterdeck/registry`].
    pub cache_dir: Option<PathBuf>,
    /// How long a cached registry response is used, in hours (0: never cache).
    pub cache_ttl_hours: u64,
    /// Registry requests in flight at once.
    pub concurrency: usize,
    /// Per-request timeout, in seconds.
    pub timeout_secs: u64,
    /// Retries after a failed request (timeouts, connection errors, 5xx, 429).
    pub retries: u32,
    /// An extra CA certificate file (PEM) trusted for registry TLS, relative to the config file.
    pub ca_file: Option<PathBuf>,
    /// Seconds after which the dependency stage stops asking registries (the rest is unknown).
    pub deadline_secs: u64,
    /// Ask each ecosystem's own client (npm, go, pip, gem, dotnet) for its registry when
    /// nothing else configures one.
    pub ask_clients: bool,
}

impl Default for DependenciesConfig {
    fn default() -> Self {
        DependenciesConfig {
            enabled: true,
            registry_index: None,
            offline: false,
            cache_dir: None,
            cache_ttl_hours: 24,
            // README "Performance": 16 in flight halved a cold lookup's time against 8.
            concurrency: 16,
            timeout_secs: 10,
            retries: 2,
            ca_file: None,
            deadline_secs: 300,
            ask_clients: true,
        }
    }
}

/// `[gate]`: the CI quality gate (README "Quality gate"); any condition failing exits 1.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GateConfig {
    /// `SEVERITY` (any finding at or above) or `new:SEVERITY` (new or worsened only); repeatable
    /// on the command line as `--fail-on`.
    pub fail_on: Vec<String>,
    /// At most this many new (or worsened) findings against the baseline.
    pub max_new_findings: Option<u64>,
    /// Total libyear may grow by at most this much against the baseline.
    pub max_libyear_increase: Option<f64>,
    /// Total cyclomatic complexity may grow by at most this many percent against the baseline.
    pub max_complexity_increase_pct: Option<f64>,
}

/// `[rules]`: extra rule folders, disabled rules, threshold/severity overrides, suppressions.
/// Rule ids are checked against the loaded rules (an unknown id is an error).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RulesConfig {
    /// Rule ids to switch off.
    pub disable: Vec<String>,
    /// Folders of user rules (`*.toml`), relative to the config file.
    pub dirs: Vec<PathBuf>,
    /// A suppression file (fingerprints with reasons), relative to the config file.
    pub suppressions: Option<PathBuf>,
    /// Per-rule overrides: `[rules.override."complexity/cognitive-high"] threshold = 20`.
    #[serde(rename = "override")]
    pub overrides: BTreeMap<String, RuleOverride>,
}

/// New thresholds or severity for one rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    /// The threshold of a single-threshold metric (or builtin) rule.
    pub threshold: Option<f64>,
    /// The severity of a rule without bands.
    pub severity: Option<Severity>,
    /// Replacement bands for a banded rule (or to band a metric rule).
    pub severity_bands: Option<Vec<Band>>,
    /// New values for a builtin rule's named options (`top = 20`).
    #[serde(default)]
    pub options: BTreeMap<String, crate::model::OptionValue>,
}

/// What the scanner reads and what it skips.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    /// Globs of paths to leave out (gitignore-like: a pattern without `/` matches a name at any
    /// depth; a pattern with `/` matches from the scan root).
    pub exclude: Vec<String>,
    /// When not empty, only paths matching one of these globs are scanned.
    pub include: Vec<String>,
    /// Leave out vendored code and build outputs (`vendor/`, `node_modules/`, `target/`, ...).
    pub default_excludes: bool,
    /// Files larger than this many bytes are skipped as `too-large`.
    pub max_file_size: u64,
    /// Files with a line longer than this many bytes are skipped as `minified`.
    pub max_line_length: usize,
    /// A parse that runs longer than this is abandoned (`timeout` problem).
    pub parse_timeout_ms: u64,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
    /// Markers that, in a file's first lines, mark it as generated.
    pub generated_markers: Vec<String>,
    /// How many of a file's first lines are searched for a generated marker.
    pub generated_marker_lines: usize,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            exclude: Vec::new(),
            include: Vec::new(),
            default_excludes: true,
            max_file_size: 4 * 1024 * 1024,
            max_line_length: 5_000,
            parse_timeout_ms: 10_000,
            follow_links: false,
            generated_markers: vec![
                "@generated".into(),
                "DO NOT EDIT".into(),
                "Code generated by".into(),
                "<auto-generated".into(),
                "Auto-generated by".into(),
                "Autogenerated by".into(),
            ],
            generated_marker_lines: 10,
        }
    }
}

impl Config {
    /// Load a config file. `explicit` means the user named it: then it must exist.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: one_line(&e.to_string()),
        })?;
        config.validate(path)?;
        // Paths in [rules] are relative to the config file's folder.
        let base = path.parent().unwrap_or(Path::new(""));
        for d in &mut config.rules.dirs {
            if d.is_relative() {
                *d = base.join(&*d);
            }
        }
        for p in [
            config.rules.suppressions.as_mut(),
            config.dependencies.registry_index.as_mut(),
            config.dependencies.cache_dir.as_mut(),
            config.dependencies.ca_file.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(config)
    }

    /// The config for a scan: `--config FILE` if given, else `ROOT/quarterdeck.toml` if present
    /// (restricted to the tree: `restrict_to_tree`), else the defaults. Returns the path it came
    /// from.
    pub fn discover(
        explicit: Option<&Path>,
        root: &Path,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        Config::discover_with(explicit, root, false)
    }

    /// As `discover`; `trust_repo` (`--trust-repo-config`) takes the tree's own
    /// `quarterdeck.toml` as it is, as the auditor's own `--config` always is.
    pub fn discover_with(
        explicit: Option<&Path>,
        root: &Path,
        trust_repo: bool,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        if let Some(p) = explicit {
            return Ok((Config::load(p)?, Some(p.to_path_buf())));
        }
        let candidate = root.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            let mut config = Config::load(&candidate)?;
            if !trust_repo {
                config.restrict_to_tree(root);
            }
            return Ok((config, Some(candidate)));
        }
        Ok((Config::default(), None))
    }

    /// Make a config found in the audited tree safe to obey (README "Security"): it may
    /// narrow and tune the audit, but a path it names outside `root` is dropped, links are not
    /// followed, `[registries]` is ignored (network endpoints are the auditor's choice), and a
    /// limit above its default is lowered to the default. Each change is a note in `notes`.
    pub fn restrict_to_tree(&mut self, root: &Path) {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let mut notes = Vec::new();
        let outside = |key: &str, p: &Path| {
            format!(
                "`{key}` names `{}`, outside the audited tree: ignored",
                p.display()
            )
        };
        let r = &mut self.rules;
        r.dirs.retain(|d| {
            let inside = resolves_inside(&root, d);
            if !inside {
                notes.push(outside("rules.dirs", d));
            }
            inside
        });
        let d = &mut self.dependencies;
        for (key, slot) in [
            ("rules.suppressions", &mut r.suppressions),
            ("dependencies.registry_index", &mut d.registry_index),
            ("dependencies.cache_dir", &mut d.cache_dir),
        ] {
            if let Some(p) = slot.as_deref()
                && !resolves_inside(&root, p)
            {
                notes.push(outside(key, p));
                *slot = None;
            }
        }
        if !self.registries.is_empty() {
            notes.push(format!(
                "`[registries]` ({}) ignored: network endpoints are the auditor's choice",
                self.registries
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            self.registries.clear();
        }
        if let Some(ca) = d.ca_file.take() {
            notes.push(format!(
                "`dependencies.ca_file = {}` ignored: which certificates to trust is the auditor's choice",
                ca.display()
            ));
        }
        if self.scan.follow_links {
            notes.push("`scan.follow_links = true` ignored: links are not followed".into());
            self.scan.follow_links = false;
        }
        let (ds, dd, dh) = (
            ScanConfig::default(),
            DependenciesConfig::default(),
            HistoryConfig::default(),
        );
        let s = &mut self.scan;
        let h = &mut self.history;
        clamp(
            &mut notes,
            "scan.max_file_size",
            &mut s.max_file_size,
            ds.max_file_size,
        );
        clamp(
            &mut notes,
            "scan.max_line_length",
            &mut s.max_line_length,
            ds.max_line_length,
        );
        clamp(
            &mut notes,
            "scan.parse_timeout_ms",
            &mut s.parse_timeout_ms,
            ds.parse_timeout_ms,
        );
        clamp(
            &mut notes,
            "scan.generated_marker_lines",
            &mut s.generated_marker_lines,
            ds.generated_marker_lines,
        );
        clamp(
            &mut notes,
            "dependencies.concurrency",
            &mut d.concurrency,
            dd.concurrency,
        );
        clamp(
            &mut notes,
            "dependencies.timeout_secs",
            &mut d.timeout_secs,
            dd.timeout_secs,
        );
        clamp(
            &mut notes,
            "dependencies.deadline_secs",
            &mut d.deadline_secs,
            dd.deadline_secs,
        );
        clamp(
            &mut notes,
            "dependencies.retries",
            &mut d.retries,
            dd.retries,
        );
        clamp(
            &mut notes,
            "history.coupling_max_changeset",
            &mut h.coupling_max_changeset,
            dh.coupling_max_changeset,
        );
        clamp(
            &mut notes,
            "history.coupling_max_pairs",
            &mut h.coupling_max_pairs,
            dh.coupling_max_pairs,
        );
        self.notes.extend(notes);
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let s = &self.scan;
        let invalid = |message: &str| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        };
        if s.max_file_size == 0 {
            return Err(invalid("scan.max_file_size must be greater than 0"));
        }
        if s.max_line_length == 0 {
            return Err(invalid("scan.max_line_length must be greater than 0"));
        }
        if s.parse_timeout_ms == 0 {
            return Err(invalid("scan.parse_timeout_ms must be greater than 0"));
        }
        PathGlobs::new(&s.exclude)?;
        PathGlobs::new(&s.include)?;
        PathGlobs::new(&self.tests.paths)?;
        let h = &self.history;
        parse_window(&h.window).map_err(|m| invalid(&format!("history.window: {m}")))?;
        regex::RegexBuilder::new(&h.bugfix_pattern)
            .case_insensitive(true)
            .build()
            .map_err(|e| {
                invalid(&format!(
                    "history.bugfix_pattern: {}",
                    one_line(&e.to_string())
                ))
            })?;
        if !(0.0..=1.0).contains(&h.rewrite_share) {
            return Err(invalid("history.rewrite_share must be between 0 and 1"));
        }
        let d = &self.dependencies;
        if d.concurrency == 0 {
            return Err(invalid("dependencies.concurrency must be greater than 0"));
        }
        if d.timeout_secs == 0 {
            return Err(invalid("dependencies.timeout_secs must be greater than 0"));
        }
        for (eco, url) in &self.registries {
            if !crate::model::ecosystem::ECOSYSTEM_IDS.contains(&eco.as_str()) {
                return Err(invalid(&format!(
                    "[registries] names unknown ecosystem `{eco}`; known: {}",
                    crate::model::ecosystem::ECOSYSTEM_IDS.join(", ")
                )));
            }
            // cargo may name a sparse index (`sparse+https://...`) instead of the web API.
            let url_only = if eco == "cargo" {
                url.strip_prefix("sparse+").unwrap_or(url)
            } else {
                url
            };
            if !(url_only.starts_with("http://") || url_only.starts_with("https://")) {
                return Err(invalid(&format!(
                    "[registries] {eco}: `{url}` is not an http:// or https:// URL"
                )));
            }
        }
        for f in &self.gate.fail_on {
            FailOn::parse(f).map_err(|m| invalid(&format!("gate.fail_on: {m}")))?;
        }
        Ok(())
    }
}

/// Lower `value` to `default` when above it, with a note.
fn clamp<T: PartialOrd + std::fmt::Display + Copy>(
    notes: &mut Vec<String>,
    key: &str,
    value: &mut T,
    default: T,
) {
    if *value > default {
        notes.push(format!(
            "`{key} = {value}` is above the default; {default} is used (a repository's config \
             may only lower limits)"
        ));
        *value = default;
    }
}

/// Whether `path` (absolute) stays inside `root` (canonical) once its links are resolved: the
/// longest existing ancestor is resolved, and what follows it must be plain names.
fn resolves_inside(root: &Path, path: &Path) -> bool {
    for anc in path.ancestors() {
        let Ok(real) = std::fs::canonicalize(anc) else {
            continue;
        };
        let Ok(rest) = path.strip_prefix(anc) else {
            return false;
        };
        let plain = rest
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        return plain && real.join(rest).starts_with(root);
    }
    false
}

/// A window length: a number and a unit, `d` (days), `w` (weeks), `m` (30-day months) or `y`
/// (365-day years): `90d`, `13w`, `6m`, `1y`. Returns seconds.
pub fn parse_window(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: i64 = num
        .parse()
        .map_err(|_| format!("`{text}` is not a window such as 90d, 13w, 6m or 1y"))?;
    let days = match unit {
        "d" => 1,
        "w" => 7,
        "m" => 30,
        "y" => 365,
        _ => {
            return Err(format!(
                "`{text}` is not a window such as 90d, 13w, 6m or 1y"
            ));
        }
    };
    if n == 0 {
        return Err(format!("window `{text}` is empty"));
    }
    n.checked_mul(days * 86_400)
        .ok_or_else(|| format!("window `{text}` is too long"))
}

/// A quality-gate condition: any finding at or above a severity, or only new/worsened ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailOn {
    pub severity: Severity,
    /// Only findings that are new or worsened against the baseline.
    pub new_only: bool,
}

impl FailOn {
    /// `high` or `new:high`.
    pub fn parse(text: &str) -> Result<FailOn, String> {
        let t = text.trim();
        let (new_only, sev) = match t.strip_prefix("new:") {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let severity = match sev {
            "critical" => Severity::Critical,
            "high" => Severity::High,
            "medium" => Severity::Medium,
            "low" => Severity::Low,
            "info" => Severity::Info,
            _ => {
                return Err(format!(
                    "`{text}` is not SEVERITY or new:SEVERITY (critical, high, medium, low, info)"
                ));
            }
        };
        Ok(FailOn { severity, new_only })
    }
}

impl std::fmt::Display for FailOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.new_only {
            write!(f, "new:{}", self.severity.as_str())
        } else {
            f.write_str(self.severity.as_str())
        }
    }
}

/// Toml errors span several lines with a caret picture; keep the first line and the position.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_rejected_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("quarterdeck.toml");
        std::fs::write(&p, "[scan]\nexclud = [\"x\"]\n").unwrap();
        let err = Config::load(&p).unwrap_err().to_string();
        assert!(err.contains("exclud"), "{err}");
        assert!(err.contains("quarterdeck.toml"), "{err}");
    }

    #[test]
    fn rules_section_parses_and_paths_follow_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("quarterdeck.toml");
        std::fs::write(
            &p,
            "[rules]\ndisable = [\"complexity/goto\"]\ndirs = [\"ci/rules\"]\n\
             suppressions = \"supp.toml\"\n\
             [rules.override.\"complexity/cognitive-high\"]\nthreshold = 20\nseverity = \"high\"\n",
        )
        .unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(c.rules.disable, ["complexity/goto"]);
        assert_eq!(c.rules.dirs, [dir.path().join("ci/rules")]);
        assert_eq!(c.rules.suppressions, Some(dir.path().join("supp.toml")));
        let o = &c.rules.overrides["complexity/cognitive-high"];
        assert_eq!(o.threshold, Some(20.0));
        assert_eq!(o.severity, Some(Severity::High));
        std::fs::write(&p, "[rules.override.\"x/y\"]\nthreshhold = 1\n").unwrap();
        let err = Config::load(&p).unwrap_err().to_string();
        assert!(err.contains("threshhold"), "{err}");
    }

    #[test]
    fn defaults_apply_to_missing_fields() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.toml");
        std::fs::write(&p, "[scan]\nmax_line_length = 100\n").unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(c.scan.max_line_length, 100);
        assert_eq!(c.scan.max_file_size, ScanConfig::default().max_file_size);
    }
}
