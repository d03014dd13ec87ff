//! Rule documentation as text: the `rules list` table and the `rules explain ID` page, built
//! from the rule data (the binary prints them; nothing here prints).

use std::fmt::Write as _;

use super::model::{Comparison, MetricCondition, Subject, number};
use super::{Rule, RuleError, RuleKind, RuleSet, SeverityRule};
use crate::lang::LANGUAGES;

/// One row of `rules list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub category: String,
    pub severity: String,
    pub languages: String,
    pub enabled: bool,
}

/// The severity column: one severity, or the band range (`high..critical`).
pub fn severity_text(rule: &Rule) -> String {
    match &rule.severity {
        SeverityRule::Fixed(s) => s.as_str().to_string(),
        SeverityRule::Bands(b) => {
            let lo = b.iter().map(|b| b.severity).min().unwrap_or_default();
            let hi = b.iter().map(|b| b.severity).max().unwrap_or_default();
            format!("{}..{}", lo.as_str(), hi.as_str())
        }
    }
}

/// The languages column: query rules list their languages; the others apply to all.
pub fn languages_text(rule: &Rule) -> String {
    match &rule.kind {
        RuleKind::Query(_) => rule.languages().join(" "),
        RuleKind::Metric(m) => format!("all ({} metric)", subject(m.subject)),
        RuleKind::Builtin { name, .. } => format!("all (builtin {name})"),
    }
}

fn subject(s: Subject) -> &'static str {
    match s {
        Subject::Function => "function",
        Subject::File => "file",
    }
}

pub fn rows(set: &RuleSet) -> Vec<Row> {
    let mut rows: Vec<Row> = set
        .rules()
        .iter()
        .map(|r| Row {
            id: r.id.clone(),
            category: r.category.as_str().to_string(),
            severity: severity_text(r),
            languages: languages_text(r),
            enabled: r.enabled,
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// The `rules list` table, aligned, one rule per line (disabled rules marked).
pub fn table(set: &RuleSet) -> String {
    let rows = rows(set);
    let w =
        |f: fn(&Row) -> usize, title: &str| rows.iter().map(f).max().unwrap_or(0).max(title.len());
    let (wi, wc, ws) = (
        w(|r| r.id.len() + if r.enabled { 0 } else { 11 }, "ID"),
        w(|r| r.category.len(), "CATEGORY"),
        w(|r| r.severity.len(), "SEVERITY"),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:wi$}  {:wc$}  {:ws$}  LANGUAGES",
        "ID", "CATEGORY", "SEVERITY"
    );
    for r in &rows {
        let id = if r.enabled {
            r.id.clone()
        } else {
            format!("{} (disabled)", r.id)
        };
        let _ = writeln!(
            out,
            "{id:wi$}  {:wc$}  {:ws$}  {}",
            r.category, r.severity, r.languages
        );
    }
    out
}

fn condition(m: &MetricCondition, threshold: Option<f64>) -> String {
    let t = threshold.map_or_else(|| "<band>".to_string(), number);
    format!(
        "{}.{} {} {t}",
        subject(m.subject),
        m.name(),
        m.comparison.as_str()
    )
}

/// The `rules explain ID` page: every text field, the thresholds and the queries.
pub fn explain(set: &RuleSet, id: &str) -> Result<String, RuleError> {
    let r = set
        .get(id)
        .ok_or_else(|| RuleError::UnknownRule(id.to_string()))?;
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", r.id, r.title);
    let _ = writeln!(o);
    let _ = writeln!(o, "category:   {}", r.category.as_str());
    let _ = writeln!(
        o,
        "enabled:    {}",
        if r.enabled {
            "yes"
        } else {
            "no (disabled in config)"
        }
    );
    let _ = writeln!(o, "defined in: {}", r.origin);
    match &r.kind {
        RuleKind::Metric(m) => {
            let _ = writeln!(
                o,
                "kind:       metric ({} {})",
                subject(m.subject),
                m.label()
            );
            match &r.severity {
                SeverityRule::Fixed(s) => {
                    let _ = writeln!(
                        o,
                        "fires when: {} -> {}",
                        condition(m, m.threshold),
                        s.as_str()
                    );
                }
                SeverityRule::Bands(bands) => {
                    for b in bands {
                        let _ = writeln!(
                            o,
                            "band:       {} -> {}",
                            condition(m, Some(b.threshold)),
                            b.severity.as_str()
                        );
                    }
                }
            }
        }
        RuleKind::Builtin {
            name,
            threshold,
            options,
        } => {
            let _ = writeln!(o, "kind:       builtin `{name}`");
            for (k, v) in options {
                let _ = writeln!(o, "option:     {k} = {}", number(*v));
            }
            match &r.severity {
                SeverityRule::Fixed(s) => {
                    let t = threshold
                        .map(|t| format!(" (threshold {})", number(t)))
                        .unwrap_or_default();
                    let _ = writeln!(o, "severity:   {}{t}", s.as_str());
                }
                SeverityRule::Bands(bands) => {
                    for b in bands {
                        let _ = writeln!(
                            o,
                            "band:       value {} {} -> {}",
                            Comparison::Greater.as_str(),
                            number(b.threshold),
                            b.severity.as_str()
                        );
                    }
                }
            }
        }
        RuleKind::Query(_) => {
            let _ = writeln!(o, "kind:       tree-sitter query");
            let _ = writeln!(o, "severity:   {}", severity_text(r));
            let _ = writeln!(o, "languages:  {}", r.languages().join(" "));
        }
    }
    if !r.supersedes.is_empty() {
        let _ = writeln!(o, "supersedes: {}", r.supersedes.join(", "));
    }
    let source: Vec<&str> = r.source.split_whitespace().collect();
    let _ = writeln!(o, "source:     {}", source.join(" "));
    if let Some(m) = &r.message {
        let _ = writeln!(o, "message:    {m}");
    }
    if let Some(x) = &r.extract {
        let _ = writeln!(o, "extract:    {}", x.as_str());
    }
    for (title, text) in [
        ("What it finds", &r.description),
        ("Why it matters", &r.rationale),
        ("How to fix it", &r.remediation),
    ] {
        let _ = writeln!(o, "\n{title}\n{}", text.trim());
    }
    if let RuleKind::Query(sources) = &r.kind {
        let _ = writeln!(o, "\nQueries");
        for s in sources {
            let _ = writeln!(o, "[{}]", LANGUAGES[s.language].id);
            for line in s.text.trim_end().lines() {
                let _ = writeln!(o, "    {line}");
            }
        }
    }
    let _ = writeln!(
        o,
        "\nSuppress one finding with a comment `quarterdeck:ignore {} <reason>` on its line or the line above.",
        r.id
    );
    Ok(o)
}
