//! Builtin rules: composite logic in code, named by a rule file's `[builtin] name`. Adding one
//! is one function in `BUILTINS` plus one rule file; the engine does severity, fingerprint, sorting.

mod change;
mod deps;
mod testing;

use std::collections::HashMap;

use crate::deps::Dependency;
use crate::history::{HistoryStatus, HistorySummary, Hotspot};
use crate::model::FileReport;
use crate::rules::{Rule, Severity};

/// The project data besides the measured files: history, dependencies, the reference time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Project<'a> {
    /// The window's history (`None` when not read).
    pub history: Option<&'a HistorySummary>,
    pub dependencies: &'a [Dependency],
    /// The reference time (unix seconds): HEAD's commit date, else the run's time.
    pub now: Option<i64>,
}

impl<'a> Project<'a> {
    /// The history, when it is available.
    pub fn available_history(&self) -> Option<&'a HistorySummary> {
        self.history
            .filter(|h| h.status == HistoryStatus::Available)
    }
}

/// What a builtin sees: the measured files, the project, its rule, and the hotspot files as
/// the `change-risk/hotspot` rule's options define them (shared by the rules that say "hotspot").
pub struct Context<'a> {
    pub files: &'a [FileReport],
    pub rule: &'a Rule,
    pub project: &'a Project<'a>,
    pub hotspots: &'a HashMap<String, Hotspot>,
}

impl Context<'_> {
    /// A builtin option's value, or `default` when the rule file does not declare it.
    pub fn option(&self, name: &str, default: f64) -> f64 {
        self.rule.option(name).unwrap_or(default)
    }
}

/// One thing a builtin found. The engine grades `value` against the rule's thresholds (when
/// given), resolves the fingerprint and suppressions, and turns it into a `Finding`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// A measured file, or another repository file (a lockfile).
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Enclosing qualified function name (or package name), `None` at file level.
    pub symbol: Option<String>,
    /// The measured value, graded against the rule's threshold or bands.
    pub value: Option<f64>,
    /// A severity decided by the builtin itself (overrides the grade).
    pub severity: Option<Severity>,
    /// Extra identity for the fingerprint besides rule, path and symbol (often empty).
    pub key: String,
    pub message: String,
}

impl Hit {
    /// A file-level hit with a message.
    pub fn file(path: &str, lines: u32, message: String) -> Hit {
        Hit {
            path: path.to_string(),
            start_line: 1,
            end_line: lines.max(1),
            symbol: None,
            value: None,
            severity: None,
            key: String::new(),
            message,
        }
    }
}

/// A builtin rule's implementation.
pub type BuiltinFn = fn(&Context) -> Vec<Hit>;

/// One builtin: its `[builtin] name`, its implementation, and whether it reads history, test
/// evidence or dependencies rather than only the measured files (such builtins are tested on
/// scripted repositories and dependency lists in `src/rules/builtin/tests.rs` and
/// `tests/it/quarters.rs`, not on a `fixtures/rules/` folder).
pub struct Builtin {
    pub name: &'static str,
    pub run: BuiltinFn,
    pub project: bool,
}

const fn file(name: &'static str, run: BuiltinFn) -> Builtin {
    Builtin {
        name,
        run,
        project: false,
    }
}

const fn project(name: &'static str, run: BuiltinFn) -> Builtin {
    Builtin {
        name,
        run,
        project: true,
    }
}

/// The registry, the one list of builtins: `[builtin] name` -> implementation.
pub static BUILTINS: &[Builtin] = &[
    file("parse-errors", parse_errors),
    project("hotspot", change::hotspot),
    project("single-owner", change::single_owner),
    project("hidden-coupling", change::hidden_coupling),
    project("untested-hot-path", testing::untested_hot_path),
    project("major-behind", deps::major_behind),
    project("libyear-high", deps::libyear_high),
    project("yanked-or-deprecated", deps::yanked_or_deprecated),
    project("abandoned", deps::abandoned),
];

/// Whether the builtin `name` reads project data (history, tests, dependencies).
pub fn is_project(name: &str) -> bool {
    BUILTINS.iter().any(|b| b.name == name && b.project)
}

/// The implementation named `name`.
pub fn lookup(name: &str) -> Option<BuiltinFn> {
    BUILTINS.iter().find(|b| b.name == name).map(|b| b.run)
}

/// The hotspot files as a `hotspot` rule with these options selects them: rank within `top`,
/// or percentile at least `percentile` (when above 0), and at least `min_commits` commits.
pub fn select_hotspots(
    history: Option<&HistorySummary>,
    top: f64,
    percentile: f64,
    min_commits: f64,
) -> HashMap<String, Hotspot> {
    let Some(h) = history.filter(|h| h.status == HistoryStatus::Available) else {
        return HashMap::new();
    };
    h.hotspots
        .iter()
        .filter(|s| f64::from(s.commits) >= min_commits && s.score > 0.0)
        .filter(|s| f64::from(s.rank) <= top || (percentile > 0.0 && s.percentile >= percentile))
        .map(|s| (s.path.clone(), s.clone()))
        .collect()
}

/// Defaults of the hotspot rule's options (used when the rule file does not set them).
pub const HOTSPOT_TOP: f64 = 10.0;
pub const HOTSPOT_PERCENTILE: f64 = 0.0;
pub const HOTSPOT_MIN_COMMITS: f64 = 2.0;

/// Files whose syntax tree holds ERROR or MISSING nodes: their metrics are approximate.
fn parse_errors(cx: &Context) -> Vec<Hit> {
    cx.files
        .iter()
        .filter(|f| f.parse_errors)
        .map(|f| {
            Hit::file(
                &f.path,
                f.lines.lines,
                format!(
                    "the {} parser reported syntax errors; this file's metrics are approximate",
                    f.language
                ),
            )
        })
        .collect()
}

/// `12.5` -> `12.5`, `3.0` -> `3`: numbers in messages.
pub(crate) fn short(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    super::model::number(r)
}

/// A share 0..1 as a whole percentage.
pub(crate) fn pct(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// `1 commit`, `3 commits`.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
#[cfg(test)]
mod tests;
