//! Risk rules as data (README "Risk rules"): the built-in `rules/**/*.toml` embedded at build
//! time plus user rule folders, validated into a `RuleSet`, configured, and evaluated into findings.

pub mod builtin;
pub mod eval;
pub mod explain;
pub mod ids;
pub mod load;
pub mod model;
pub mod query;
mod roots;
pub mod suppress;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

pub use eval::{Finding, evaluate};
pub use model::{Band, Category, Rule, RuleKind, Severity, SeverityRule};
pub use query::{LanguageQueries, QueryHit};
pub use suppress::{InlineIgnore, Suppression, SuppressionSource, Suppressions};

use crate::config::RulesConfig;
use crate::lang::{self, LANGUAGES, LanguageId};

/// What kind of fault a rule file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleErrorKind {
    /// Not valid TOML, an unknown or missing field, a value of the wrong type.
    Toml,
    /// A field with a bad value (empty text, bad id, both or neither of two alternatives).
    Field,
    /// A `[metric]` naming a metric the subject does not have.
    Metric,
    /// A `[query]` key naming no known language.
    Language,
    /// A query that does not compile for its language.
    Query,
    /// A `[builtin]` naming no registered builtin.
    Builtin,
    /// Two rules with one id.
    Duplicate,
    /// `supersedes` naming an unknown rule.
    Supersedes,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}:{line}:{column}: rule {rule}: {message}")]
    Invalid {
        kind: RuleErrorKind,
        file: String,
        line: usize,
        column: usize,
        rule: String,
        message: String,
    },
    #[error("cannot read rules from {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("invalid config {file}: {message}")]
    Config { file: String, message: String },
    #[error("suppression file {path}: {message}")]
    Suppressions { path: PathBuf, message: String },
    #[error("no rule `{0}`; `quarterdeck rules list` shows every rule id")]
    UnknownRule(String),
    #[error("query rules for {language} do not merge: {message}")]
    Merge { language: String, message: String },
}

impl RuleError {
    /// The kind of a rule-file fault (`None` for other errors).
    pub fn kind(&self) -> Option<RuleErrorKind> {
        match self {
            RuleError::Invalid { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

/// Where rules come from besides the built-in ones, and how the config adjusts them.
#[derive(Default)]
pub struct LoadOptions<'a> {
    /// `--rules DIR` folders (after the config's `dirs`).
    pub dirs: &'a [PathBuf],
    pub config: Option<&'a RulesConfig>,
    /// The config file, for error messages.
    pub config_path: Option<&'a Path>,
}

/// Every loaded rule (enabled or not) and the merged query of each language.
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Per language: every rule's patterns, compiled once (shared by `only`). Languages with a
    /// user rule are compiled at load, so a bad query is an error there; the built-in queries
    /// (checked by the tests) are compiled on first use, for the languages a repository has.
    full: Arc<Vec<OnceLock<Option<Arc<LanguageQueries>>>>>,
    /// Per language: a copy of `full` with the patterns of disabled rules switched off.
    queries: Vec<OnceLock<Option<Arc<LanguageQueries>>>>,
}

impl RuleSet {
    /// The built-in rules, all enabled, no config.
    pub fn builtin() -> Result<Self, RuleError> {
        Self::load(&LoadOptions::default())
    }

    /// Built-in rules, then the config's `dirs`, then `--rules` folders; then `[rules]` applied.
    pub fn load(opts: &LoadOptions) -> Result<Self, RuleError> {
        let mut loaded = Vec::new();
        for (path, text) in load::embedded_files() {
            loaded.push(load::parse(path, text, true)?);
        }
        let mut dirs: Vec<PathBuf> = opts.config.map(|c| c.dirs.clone()).unwrap_or_default();
        dirs.extend(opts.dirs.iter().cloned());
        for dir in &dirs {
            if !dir.is_dir() {
                return Err(RuleError::Read {
                    path: dir.clone(),
                    message: "not a directory".into(),
                });
            }
            for file in load::rule_files(dir)? {
                let text = std::fs::read_to_string(&file).map_err(|e| RuleError::Read {
                    path: file.clone(),
                    message: e.to_string(),
                })?;
                loaded.push(load::parse(&file.display().to_string(), &text, false)?);
            }
        }
        Self::from_loaded(loaded, opts)
    }

    /// Build from rule texts given as (origin, text) pairs, with no built-in rules (tests, tools).
    pub fn from_texts(texts: &[(&str, &str)], opts: &LoadOptions) -> Result<Self, RuleError> {
        let mut loaded = Vec::new();
        for (origin, text) in texts {
            loaded.push(load::parse(origin, text, false)?);
        }
        Self::from_loaded(loaded, opts)
    }

    fn from_loaded(loaded: Vec<load::Loaded>, opts: &LoadOptions) -> Result<Self, RuleError> {
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for l in &loaded {
            if let Some(prev) = first.get(&l.rule.id) {
                return Err(RuleError::Invalid {
                    kind: RuleErrorKind::Duplicate,
                    file: l.rule.origin.clone(),
                    line: l.id_at.0,
                    column: l.id_at.1,
                    rule: l.rule.id.clone(),
                    message: format!("duplicate rule id, already defined in {prev}"),
                });
            }
            first.insert(l.rule.id.clone(), l.rule.origin.clone());
        }
        for l in &loaded {
            for (s, at) in l.rule.supersedes.iter().zip(&l.supersedes_at) {
                if !first.contains_key(s) {
                    return Err(RuleError::Invalid {
                        kind: RuleErrorKind::Supersedes,
                        file: l.rule.origin.clone(),
                        line: at.0,
                        column: at.1,
                        rule: l.rule.id.clone(),
                        message: format!("`supersedes` names unknown rule `{s}`"),
                    });
                }
            }
        }
        let mut set = RuleSet {
            rules: loaded.into_iter().map(|l| l.rule).collect(),
            full: Arc::new(Vec::new()),
            queries: Vec::new(),
        };
        if let Some(cfg) = opts.config {
            set.apply_config(cfg, opts.config_path)?;
        }
        set.full = Arc::new(compile_user_languages(&set.rules)?);
        set.activate();
        Ok(set)
    }

    fn apply_config(&mut self, cfg: &RulesConfig, path: Option<&Path>) -> Result<(), RuleError> {
        let file = path.map_or_else(
            || "quarterdeck.toml".to_string(),
            |p| p.display().to_string(),
        );
        let err = |message: String| RuleError::Config {
            file: file.clone(),
            message,
        };
        for id in &cfg.disable {
            let rule = self
                .rules
                .iter_mut()
                .find(|r| &r.id == id)
                .ok_or_else(|| err(format!("[rules] disable names unknown rule `{id}`")))?;
            rule.enabled = false;
        }
        for (id, o) in &cfg.overrides {
            let rule = self
                .rules
                .iter_mut()
                .find(|r| &r.id == id)
                .ok_or_else(|| err(format!("[rules.override] names unknown rule `{id}`")))?;
            let at = format!("[rules.override.\"{id}\"]");
            if o.threshold.is_some() && o.severity_bands.is_some() {
                return Err(err(format!(
                    "{at}: give `threshold` or `severity_bands`, not both"
                )));
            }
            if let Some(t) = o.threshold {
                let banded = matches!(rule.severity, SeverityRule::Bands(_));
                match &mut rule.kind {
                    RuleKind::Metric(m) if !banded => m.threshold = Some(t),
                    RuleKind::Builtin { threshold, .. } if threshold.is_some() && !banded => {
                        *threshold = Some(t)
                    }
                    _ => {
                        return Err(err(format!(
                            "{at}: rule `{id}` has no single threshold{}",
                            if banded {
                                "; override `severity_bands`"
                            } else {
                                ""
                            }
                        )));
                    }
                }
            }
            if let Some(bands) = &o.severity_bands {
                if matches!(rule.kind, RuleKind::Query(_)) {
                    return Err(err(format!("{at}: a query rule has no thresholds")));
                }
                load::check_bands(bands).map_err(|m| err(format!("{at}: {m}")))?;
                rule.severity = SeverityRule::Bands(bands.clone());
                match &mut rule.kind {
                    RuleKind::Metric(m) => m.threshold = None,
                    RuleKind::Builtin { threshold, .. } => *threshold = None,
                    RuleKind::Query(_) => {}
                }
            }
            for (name, value) in &o.options {
                match &mut rule.kind {
                    RuleKind::Builtin { options, .. } if options.contains_key(name) => {
                        options.insert(name.clone(), value.as_f64());
                    }
                    RuleKind::Builtin { options, .. } => {
                        let known: Vec<&str> = options.keys().map(String::as_str).collect();
                        return Err(err(format!(
                            "{at}: rule `{id}` has no option `{name}`{}",
                            if known.is_empty() {
                                String::new()
                            } else {
                                format!(" (options: {})", known.join(", "))
                            }
                        )));
                    }
                    _ => {
                        return Err(err(format!(
                            "{at}: rule `{id}` is not a builtin rule and has no options"
                        )));
                    }
                }
            }
            if let Some(s) = o.severity {
                if matches!(rule.severity, SeverityRule::Bands(_)) {
                    return Err(err(format!(
                        "{at}: rule `{id}` grades by `severity_bands`; override those instead"
                    )));
                }
                rule.severity = SeverityRule::Fixed(s);
            }
        }
        Ok(())
    }

    /// Start from no activated query: `queries` switches on the enabled rules' patterns.
    fn activate(&mut self) {
        self.queries = (0..LANGUAGES.len()).map(|_| OnceLock::new()).collect();
    }

    /// A copy of the set with exactly the named rules enabled (for running selected rules);
    /// unknown ids are errors. Queries are not recompiled.
    pub fn only(&self, ids: &[&str]) -> Result<RuleSet, RuleError> {
        if let Some(bad) = ids.iter().find(|id| self.get(id).is_none()) {
            return Err(RuleError::UnknownRule(bad.to_string()));
        }
        let mut set = RuleSet {
            rules: self.rules.clone(),
            full: Arc::clone(&self.full),
            queries: Vec::new(),
        };
        for r in &mut set.rules {
            r.enabled = ids.contains(&r.id.as_str());
        }
        set.activate();
        Ok(set)
    }

    /// Every rule, in load order (built-in rules sorted by path, then user rules).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The merged query rules of a language, if any is enabled (compiled on first use).
    pub fn queries(&self, language: LanguageId) -> Option<&LanguageQueries> {
        let cell = self.queries.get(language)?;
        cell.get_or_init(|| {
            let full = self.full.get(language)?.get_or_init(|| {
                // Built-in queries compile (a test checks every language); a failure here
                // could only be a bug in a built-in rule file.
                compile_language(&self.rules, language)
                    .ok()
                    .flatten()
                    .map(Arc::new)
            });
            let rules = &self.rules;
            full.as_ref().and_then(|q| {
                LanguageQueries::with_enabled(q, |r| {
                    rules.get(r as usize).is_some_and(|r| r.enabled)
                })
            })
        })
        .as_deref()
    }

    /// Whether any rule is enabled.
    pub fn any_enabled(&self) -> bool {
        self.rules.iter().any(|r| r.enabled)
    }
}

/// Compile, per language and in parallel, one query holding every rule's patterns for it
/// (disabled rules included, so every rule file is checked).
#[cfg(test)]
pub(crate) fn compile_all(rules: &[Rule]) -> Result<Vec<Option<Arc<LanguageQueries>>>, RuleError> {
    let per_language: Vec<Result<Option<Arc<LanguageQueries>>, RuleError>> = (0..LANGUAGES.len())
        .into_par_iter()
        .map(|lang_id| compile_language(rules, lang_id).map(|q| q.map(Arc::new)))
        .collect();
    per_language.into_iter().collect()
}

/// The per-language cells, with the languages that have a user (not built-in) query rule
/// compiled now, in parallel, so a user's bad query is an error at load.
fn compile_user_languages(
    rules: &[Rule],
) -> Result<Vec<OnceLock<Option<Arc<LanguageQueries>>>>, RuleError> {
    let has_user_query = |lang_id: LanguageId| {
        rules.iter().any(|r| {
            !r.builtin_rule && matches!(&r.kind, RuleKind::Query(qs) if qs.iter().any(|s| s.language == lang_id))
        })
    };
    let compiled: Vec<Result<Option<Option<Arc<LanguageQueries>>>, RuleError>> = (0..LANGUAGES
        .len())
        .into_par_iter()
        .map(|lang_id| {
            if has_user_query(lang_id) {
                compile_language(rules, lang_id).map(|q| Some(q.map(Arc::new)))
            } else {
                Ok(None)
            }
        })
        .collect();
    compiled
        .into_iter()
        .map(|c| {
            let cell = OnceLock::new();
            if let Some(q) = c? {
                let _ = cell.set(q);
            }
            Ok(cell)
        })
        .collect()
}

fn compile_language(
    rules: &[Rule],
    lang_id: LanguageId,
) -> Result<Option<LanguageQueries>, RuleError> {
    let mut parts = Vec::new();
    let mut sources = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        if let RuleKind::Query(qs) = &r.kind {
            for s in qs.iter().filter(|s| s.language == lang_id) {
                parts.push(query::Part {
                    rule: i as u32,
                    text: &s.text,
                    extract: r.extract.as_ref(),
                });
                sources.push((r, s));
            }
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let spec = LANGUAGES[lang_id];
    let resolved = lang::resolved(lang_id).map_err(|e| RuleError::Merge {
        language: spec.id.into(),
        message: e.to_string(),
    })?;
    LanguageQueries::build(&resolved.language, &parts)
        .map(Some)
        .map_err(|p| {
            let (rule, source) = sources[p.part];
            let (l, c) = load::line_col(&source.text, p.problem.offset);
            let (line, column) = if l == 1 {
                (source.line, source.column + c - 1)
            } else {
                (source.line + l - 1, c)
            };
            RuleError::Invalid {
                kind: RuleErrorKind::Query,
                file: rule.origin.clone(),
                line,
                column,
                rule: rule.id.clone(),
                message: format!(
                    "query for {} does not compile: {}",
                    spec.id, p.problem.message
                ),
            }
        })
}
