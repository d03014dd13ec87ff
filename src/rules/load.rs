//! Loading rules: parse each file into a `Rule`, check everything (fields, metric names,
//! languages, queries, builtins) and report the first fault with file, rule id and row:column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use regex::Regex;

use super::model::{
    Band, FILE_METRICS, FUNCTION_METRICS, MetricCondition, QuerySource, Rule, RuleFile, RuleKind,
    SeverityRule, Subject,
};
use super::query::one_line;
use super::{RuleError, RuleErrorKind, builtin};
use crate::lang::{self, LANGUAGES};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// The built-in rule files: (path relative to the crate, text).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED
}

/// A parsed rule with the positions later checks (duplicates, supersedes) report.
pub struct Loaded {
    pub rule: Rule,
    pub id_at: (usize, usize),
    pub supersedes_at: Vec<(usize, usize)>,
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Ctx<'a> {
    origin: &'a str,
    text: &'a str,
    rule: String,
}

impl Ctx<'_> {
    fn at(&self, offset: usize, kind: RuleErrorKind, message: impl Into<String>) -> RuleError {
        let (line, column) = line_col(self.text, offset);
        RuleError::Invalid {
            kind,
            file: self.origin.to_string(),
            line,
            column,
            rule: self.rule.clone(),
            message: message.into(),
        }
    }

    fn span(
        &self,
        span: Range<usize>,
        kind: RuleErrorKind,
        message: impl Into<String>,
    ) -> RuleError {
        self.at(span.start, kind, message)
    }
}

/// The id a broken file probably declares, for error messages: its `id = ".."` line, else
/// `<directory>/<stem>` from its path.
fn guess_id(origin: &str, text: &str) -> String {
    let from_text = text.lines().find_map(|l| {
        let rest = l
            .trim_start()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?;
        let v = rest.trim().strip_prefix('"')?;
        Some(v[..v.find('"')?].to_string())
    });
    from_text.unwrap_or_else(|| {
        let p = Path::new(origin);
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        match p.parent().and_then(Path::file_name) {
            Some(dir) => format!("{}/{stem}", dir.to_string_lossy()),
            None => stem.into_owned(),
        }
    })
}

/// Parse and check one rule file.
pub fn parse(origin: &str, text: &str, builtin_rule: bool) -> Result<Loaded, RuleError> {
    let mut cx = Ctx {
        origin,
        text,
        rule: guess_id(origin, text),
    };
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        cx.at(offset, RuleErrorKind::Toml, one_line(&e.message()))
    })?;
    let id = file.id.get_ref().clone();
    cx.rule = id.clone();
    let id_span = file.id.span();
    check_id(&cx, &id, id_span.clone(), file.category.as_str(), origin)?;
    for (name, field) in [
        ("title", &file.title),
        ("description", &file.description),
        ("rationale", &file.rationale),
        ("remediation", &file.remediation),
        ("source", &file.source),
    ] {
        if field.get_ref().trim().is_empty() {
            return Err(cx.span(
                field.span(),
                RuleErrorKind::Field,
                format!("`{name}` is empty"),
            ));
        }
    }
    let bodies = [
        file.metric.is_some(),
        file.query.is_some(),
        file.builtin.is_some(),
    ];
    match bodies.iter().filter(|b| **b).count() {
        1 => {}
        0 => {
            return Err(cx.at(
                0,
                RuleErrorKind::Field,
                "a rule needs exactly one of [metric], [query] or [builtin]; it has none",
            ));
        }
        _ => {
            return Err(cx.at(
                0,
                RuleErrorKind::Field,
                "a rule needs exactly one of [metric], [query] or [builtin]; it has several",
            ));
        }
    }
    let severity = match (file.severity, &file.severity_bands) {
        (Some(s), None) => SeverityRule::Fixed(s),
        (None, Some(bands)) => {
            check_bands(bands.get_ref())
                .map_err(|m| cx.span(bands.span(), RuleErrorKind::Field, m))?;
            SeverityRule::Bands(bands.get_ref().clone())
        }
        (Some(_), Some(bands)) => {
            return Err(cx.span(
                bands.span(),
                RuleErrorKind::Field,
                "give either `severity` or `[[severity_bands]]`, not both",
            ));
        }
        (None, None) => {
            return Err(cx.at(
                0,
                RuleErrorKind::Field,
                "missing `severity` (or `[[severity_bands]]`)",
            ));
        }
    };
    let banded = matches!(severity, SeverityRule::Bands(_));
    let kind = if let Some(m) = &file.metric {
        let (table_names, found): (Vec<&str>, Option<usize>) = match m.subject {
            Subject::Function => (
                FUNCTION_METRICS.iter().map(|x| x.name).collect(),
                FUNCTION_METRICS
                    .iter()
                    .position(|x| x.name == m.metric.get_ref()),
            ),
            Subject::File => (
                FILE_METRICS.iter().map(|x| x.name).collect(),
                FILE_METRICS
                    .iter()
                    .position(|x| x.name == m.metric.get_ref()),
            ),
        };
        let Some(metric) = found else {
            return Err(cx.span(
                m.metric.span(),
                RuleErrorKind::Metric,
                format!(
                    "unknown {} metric `{}` (known: {})",
                    if m.subject == Subject::Function {
                        "function"
                    } else {
                        "file"
                    },
                    m.metric.get_ref(),
                    table_names.join(", ")
                ),
            ));
        };
        match (banded, m.threshold) {
            (true, Some(_)) => {
                return Err(cx.span(
                    m.metric.span(),
                    RuleErrorKind::Field,
                    "with `[[severity_bands]]` the thresholds are the bands'; drop `threshold`",
                ));
            }
            (false, None) => {
                return Err(cx.span(
                    m.metric.span(),
                    RuleErrorKind::Field,
                    "a metric rule with one `severity` needs `threshold`",
                ));
            }
            _ => {}
        }
        RuleKind::Metric(MetricCondition {
            subject: m.subject,
            metric,
            comparison: m.comparison,
            threshold: m.threshold,
        })
    } else if let Some(b) = &file.builtin {
        if builtin::lookup(b.name.get_ref()).is_none() {
            let known: Vec<&str> = builtin::BUILTINS.iter().map(|b| b.name).collect();
            return Err(cx.span(
                b.name.span(),
                RuleErrorKind::Builtin,
                format!(
                    "unknown builtin `{}` (known: {})",
                    b.name.get_ref(),
                    known.join(", ")
                ),
            ));
        }
        RuleKind::Builtin {
            name: b.name.get_ref().clone(),
            threshold: b.threshold,
            options: b
                .options
                .iter()
                .map(|(k, v)| (k.clone(), v.as_f64()))
                .collect(),
        }
    } else {
        if banded {
            return Err(cx.at(
                0,
                RuleErrorKind::Field,
                "a query rule has one `severity`, not `[[severity_bands]]`",
            ));
        }
        let table = file.query.as_ref().map_or(&BTreeMap::new(), |q| q).clone();
        RuleKind::Query(check_queries(&cx, &table)?)
    };
    let extract = match &file.extract {
        None => None,
        Some(e) if matches!(kind, RuleKind::Query(_)) => {
            Some(Regex::new(e.get_ref()).map_err(|err| {
                cx.span(
                    e.span(),
                    RuleErrorKind::Field,
                    format!("`extract` regex: {}", one_line(&err)),
                )
            })?)
        }
        Some(e) => {
            return Err(cx.span(
                e.span(),
                RuleErrorKind::Field,
                "`extract` applies to query rules only",
            ));
        }
    };
    if let Some(m) = &file.message {
        check_message(m).map_err(|msg| cx.at(0, RuleErrorKind::Field, msg))?;
    }
    let mut supersedes_at = Vec::new();
    for s in &file.supersedes {
        if s.get_ref() == &id {
            return Err(cx.span(
                s.span(),
                RuleErrorKind::Supersedes,
                "a rule cannot supersede itself",
            ));
        }
        supersedes_at.push(line_col(text, s.span().start));
    }
    Ok(Loaded {
        rule: Rule {
            id,
            title: file.title.into_inner(),
            category: file.category,
            severity,
            description: file.description.into_inner(),
            rationale: file.rationale.into_inner(),
            remediation: file.remediation.into_inner(),
            source: file.source.into_inner(),
            supersedes: file
                .supersedes
                .into_iter()
                .map(|s| s.into_inner())
                .collect(),
            message: file.message,
            extract,
            kind,
            origin: origin.to_string(),
            builtin_rule,
            enabled: true,
        },
        id_at: line_col(text, id_span.start),
        supersedes_at,
    })
}

fn check_id(
    cx: &Ctx,
    id: &str,
    span: Range<usize>,
    category: &str,
    origin: &str,
) -> Result<(), RuleError> {
    let Some((cat, slug)) = id.split_once('/') else {
        return Err(cx.span(span, RuleErrorKind::Field, "`id` must be `category/slug`"));
    };
    if cat != category {
        return Err(cx.span(
            span,
            RuleErrorKind::Field,
            format!("`id` starts with `{cat}/` but `category` is `{category}`"),
        ));
    }
    let slug_ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        return Err(cx.span(
            span,
            RuleErrorKind::Field,
            "the slug of `id` must be lowercase letters, digits and `-`",
        ));
    }
    let stem = Path::new(origin).file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(slug) {
        return Err(cx.span(
            span,
            RuleErrorKind::Field,
            format!("the file of rule `{id}` must be named `{slug}.toml`"),
        ));
    }
    Ok(())
}

/// Bands need distinct thresholds and distinct severities.
pub fn check_bands(bands: &[Band]) -> Result<(), String> {
    if bands.is_empty() {
        return Err("`[[severity_bands]]` is empty".into());
    }
    for (i, a) in bands.iter().enumerate() {
        if !a.threshold.is_finite() {
            return Err("a band threshold is not a finite number".into());
        }
        for b in &bands[i + 1..] {
            if a.threshold == b.threshold || a.severity == b.severity {
                return Err("two bands share a threshold or a severity".into());
            }
        }
    }
    Ok(())
}

const PLACEHOLDERS: &[&str] = &["value", "threshold", "metric", "text", "extract", "symbol"];

fn check_message(m: &str) -> Result<(), String> {
    let mut rest = m;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else {
            return Err("`message` has an unclosed `{`".into());
        };
        let name = &after[..j];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "`message` uses unknown placeholder {{{name}}} (known: {})",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &after[j + 1..];
    }
    Ok(())
}

/// Where the text of a TOML string value starts: after its quotes (and the newline that
/// directly follows `'''` or `"""`, which TOML trims).
fn content_start(text: &str, span_start: usize) -> usize {
    let rest = text.get(span_start..).unwrap_or("");
    let delim = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let mut start = span_start + delim;
    if delim == 3 {
        let after = text.get(start..).unwrap_or("");
        if after.starts_with("\r\n") {
            start += 2;
        } else if after.starts_with('\n') {
            start += 1;
        }
    }
    start
}

fn check_queries(
    cx: &Ctx,
    table: &BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
) -> Result<Vec<QuerySource>, RuleError> {
    if table.is_empty() {
        return Err(cx.at(0, RuleErrorKind::Field, "`[query]` has no language"));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (key, value) in table {
        let start = content_start(cx.text, value.span().start);
        let (line, column) = line_col(cx.text, start);
        for name in key.get_ref().split(',').map(str::trim) {
            let Some(id) = lang::by_id(name) else {
                let known: Vec<&str> = LANGUAGES.iter().map(|l| l.id).collect();
                return Err(cx.span(
                    key.span(),
                    RuleErrorKind::Language,
                    format!("unknown language `{name}` (known: {})", known.join(", ")),
                ));
            };
            if !seen.insert(id) {
                return Err(cx.span(
                    key.span(),
                    RuleErrorKind::Language,
                    format!("language `{name}` has two queries"),
                ));
            }
            lang::resolved(id)
                .map_err(|e| cx.span(key.span(), RuleErrorKind::Language, e.to_string()))?;
            out.push(QuerySource {
                language: id,
                text: value.get_ref().clone(),
                line,
                column,
            });
        }
    }
    out.sort_by_key(|q| q.language);
    Ok(out)
}

/// Every `*.toml` file under `dir`, sorted.
pub fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| RuleError::Read {
            path: d.clone(),
            message: e.to_string(),
        })?;
        for entry in entries {
            let entry = entry.map_err(|e| RuleError::Read {
                path: d.clone(),
                message: e.to_string(),
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
