//! `metrics.prom`: gauges of every key figure and of findings by severity, category and rule,
//! with a `repository` label, in text exposition that Prometheus and OpenMetrics parsers read.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::rules::{Category, Severity};
use crate::snapshot::Snapshot;
use crate::snapshot::figures::{FIGURES, spec};

pub const SEVERITIES: [Severity; 5] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::Info,
];
pub const CATEGORIES: [Category; 6] = [
    Category::Complexity,
    Category::Testing,
    Category::ChangeRisk,
    Category::Dependencies,
    Category::Maintainability,
    Category::Knowledge,
];

/// A label value escaped as the exposition formats require (`\`, `"`, newline).
pub fn label_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The metric family name of a key figure. Suffixes reserved for counters, histograms and
/// summaries (`_total`, `_sum`, `_count`, `_bucket`, `_created`, `_info`) may not end a gauge:
/// `findings_total` -> `quarterdeck_findings_unsuppressed`, `libyear_total` ->
/// `quarterdeck_libyear`, any other gets `_all` appended (`cyclomatic_sum` ->
/// `quarterdeck_cyclomatic_sum_all`).
pub fn figure_metric(name: &str) -> String {
    const RESERVED: [&str; 6] = ["_total", "_sum", "_count", "_bucket", "_created", "_info"];
    let stem = match name {
        "findings_total" => "findings_unsuppressed".to_string(),
        "libyear_total" => "libyear".to_string(),
        n if RESERVED.iter().any(|r| n.ends_with(r)) => format!("{n}_all"),
        n => n.to_string(),
    };
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("quarterdeck_{clean}")
}

/// A sample value: integers plain, others as Rust prints them (never NaN: absent figures are
/// not written).
fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Metric families in first-use order; each family's HELP and TYPE written once, before all
/// of its samples (a portfolio adds one sample per repository to the same family).
#[derive(Default)]
pub struct Families {
    families: Vec<(String, String, Vec<String>)>,
}

impl Families {
    pub fn new() -> Families {
        Families::default()
    }

    /// Add one sample (creating the family on first use).
    pub fn add(&mut self, name: &str, help: &str, labels: &[(&str, String)], v: f64) {
        let l: Vec<String> = labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", label_value(v)))
            .collect();
        let sample = format!("{name}{{{}}} {}", l.join(","), value(v));
        match self.families.iter_mut().find(|f| f.0 == name) {
            Some(f) => f.2.push(sample),
            None => self
                .families
                .push((name.to_string(), help.to_string(), vec![sample])),
        }
    }

    pub fn family(&mut self, name: &str, help: &str, samples: &[(Vec<(&str, String)>, f64)]) {
        for (labels, v) in samples {
            self.add(name, help, labels, *v);
        }
    }

    pub fn finish(self) -> String {
        let mut out = String::new();
        for (name, help, samples) in self.families {
            let help = help.replace('\\', "\\\\").replace('\n', " ");
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            for s in samples {
                out.push_str(&s);
                out.push('\n');
            }
        }
        out.push_str("# EOF\n");
        out
    }
}

/// The key figures of one repository as gauges.
pub fn add_figures(f: &mut Families, repository: &str, figures: &BTreeMap<String, f64>) {
    let mut names: Vec<&str> = FIGURES
        .iter()
        .map(|f| f.name)
        .filter(|n| figures.contains_key(*n))
        .collect();
    names.extend(
        figures
            .keys()
            .map(String::as_str)
            .filter(|n| spec(n).is_none()),
    );
    for name in names {
        let Some(&v) = figures.get(name).filter(|v| v.is_finite()) else {
            continue;
        };
        let help = spec(name).map_or(name, |s| s.label);
        f.add(
            &figure_metric(name),
            &format!("Key figure: {help}."),
            &[("repository", repository.to_string())],
            v,
        );
    }
}

/// The metrics text of a snapshot.
pub fn openmetrics(s: &Snapshot) -> String {
    let repo = s.scan.repository.clone();
    let r = || ("repository", repo.clone());
    let mut f = Families::new();
    let mut build = vec![r(), ("version", s.tool.version.clone())];
    if let Some(c) = &s.scan.head_commit {
        build.push(("commit", c.clone()));
    }
    if let Some(b) = &s.scan.branch {
        build.push(("branch", b.clone()));
    }
    build.push(("schema", s.schema_version.to_string()));
    f.add(
        "quarterdeck_build_info",
        "quarterdeck version and the audited commit (value always 1).",
        &build,
        1.0,
    );
    let g = super::grade::grade(s);
    f.family(
        "quarterdeck_grade_score",
        "Report grade score, 0 to 100 (A >= 85, B >= 70, C >= 55, D >= 40, else E).",
        &[(vec![r(), ("grade", g.letter_str())], g.score)],
    );
    if let Some(t) = crate::snapshot::parse_rfc3339(&s.scan.generated_at) {
        f.family(
            "quarterdeck_snapshot_timestamp_seconds",
            "When the snapshot was generated (unix seconds).",
            &[(vec![r()], t as f64)],
        );
    }
    add_figures(&mut f, &repo, &s.figures);
    let mut by_sev = [0usize; 5];
    let mut by_cat: BTreeMap<Category, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<&str, usize> = s
        .rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| (r.id.as_str(), 0))
        .collect();
    for x in s.findings.iter().filter(|x| !x.suppressed) {
        by_sev[x.severity as usize] += 1;
        *by_cat.entry(x.category).or_default() += 1;
        *by_rule.entry(x.rule_id.as_str()).or_default() += 1;
    }
    f.family(
        "quarterdeck_findings",
        "Unsuppressed findings by severity.",
        &SEVERITIES
            .iter()
            .map(|sev| {
                (
                    vec![r(), ("severity", sev.as_str().to_string())],
                    by_sev[*sev as usize] as f64,
                )
            })
            .collect::<Vec<_>>(),
    );
    f.family(
        "quarterdeck_findings_by_category",
        "Unsuppressed findings by category.",
        &CATEGORIES
            .iter()
            .map(|c| {
                (
                    vec![r(), ("category", c.as_str().to_string())],
                    by_cat.get(c).copied().unwrap_or(0) as f64,
                )
            })
            .collect::<Vec<_>>(),
    );
    f.family(
        "quarterdeck_findings_by_rule",
        "Unsuppressed findings by rule (every enabled rule, 0 included).",
        &by_rule
            .iter()
            .map(|(id, n)| (vec![r(), ("rule", id.to_string())], *n as f64))
            .collect::<Vec<_>>(),
    );
    if let Some(d) = &s.delta {
        let c = &d.findings;
        f.family(
            "quarterdeck_findings_by_baseline_class",
            "Findings by comparison with the baseline (resolved: in the baseline, gone now).",
            &[
                ("new", c.new),
                ("unchanged", c.unchanged),
                ("worsened", c.worsened),
                ("improved", c.improved),
                ("resolved", c.resolved),
            ]
            .iter()
            .map(|(k, n)| (vec![r(), ("class", k.to_string())], f64::from(*n)))
            .collect::<Vec<_>>(),
        );
    }
    if let Some(gate) = &s.gate {
        f.family(
            "quarterdeck_gate_passed",
            "Whether the quality gate passed (1) or failed (0).",
            &[(vec![r()], if gate.passed { 1.0 } else { 0.0 })],
        );
    }
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_names_avoid_counter_suffixes() {
        assert_eq!(
            figure_metric("findings_total"),
            "quarterdeck_findings_unsuppressed"
        );
        assert_eq!(figure_metric("libyear_total"), "quarterdeck_libyear");
        assert_eq!(figure_metric("cost_total"), "quarterdeck_cost_total_all");
        assert_eq!(
            figure_metric("cyclomatic_sum"),
            "quarterdeck_cyclomatic_sum_all"
        );
        assert_eq!(
            figure_metric("cyclomatic_p90"),
            "quarterdeck_cyclomatic_p90"
        );
    }

    #[test]
    fn label_values_escape_quotes_backslashes_and_newlines() {
        assert_eq!(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
