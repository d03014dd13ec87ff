//! Builtin rules: composite logic in code, named by a rule file's `[builtin] name`. Adding one
//! is one function in `BUILTINS` plus one rule file; the engine does severity, fingerprint, sorting.

use crate::rules::Rule;
use crate::scan::FileReport;

/// What a builtin sees: the measured files (later: history, coverage, dependencies) and its rule.
pub struct Context<'a> {
    pub files: &'a [FileReport],
    pub rule: &'a Rule,
}

/// One thing a builtin found. The engine grades `value` against the rule's thresholds (when
/// given), resolves the fingerprint and suppressions, and turns it into a `Finding`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Enclosing qualified function name, `None` at file level.
    pub symbol: Option<String>,
    /// The measured value, graded against the rule's threshold or bands.
    pub value: Option<f64>,
    /// Extra identity for the fingerprint besides rule, path and symbol (often empty).
    pub key: String,
    pub message: String,
}

/// A builtin rule's implementation.
pub type BuiltinFn = fn(&Context) -> Vec<Hit>;

/// The registry: `[builtin] name` -> implementation.
pub static BUILTINS: &[(&str, BuiltinFn)] = &[("parse-errors", parse_errors)];

/// The implementation named `name`.
pub fn lookup(name: &str) -> Option<BuiltinFn> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Files whose syntax tree holds ERROR or MISSING nodes: their metrics are approximate.
fn parse_errors(cx: &Context) -> Vec<Hit> {
    cx.files
        .iter()
        .filter(|f| f.parse_errors)
        .map(|f| Hit {
            path: f.path.clone(),
            start_line: 1,
            end_line: f.lines.lines.max(1),
            symbol: None,
            value: None,
            key: String::new(),
            message: format!(
                "the {} parser reported syntax errors; this file's metrics are approximate",
                f.language
            ),
        })
        .collect()
}
