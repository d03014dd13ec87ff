//! Evaluation: metric rules over the measured files, query hits found during the scan and
//! builtins, turned into sorted findings with supersedes, fingerprints and suppressions applied.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::builtin::{self, Context, Project};
use super::model::{FILE_METRICS, FUNCTION_METRICS, Subject, number};
use super::suppress::{Suppression, SuppressionSource, Suppressions};
use super::{Category, Rule, RuleKind, RuleSet, Severity};
use crate::model::FileReport;
use crate::model::fingerprint::{fingerprint, stable_symbol};

/// One finding of one rule (the snapshot's `findings[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub category: Category,
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Enclosing qualified function name; `null` for file-level findings.
    pub symbol: Option<String>,
    pub message: String,
    /// The metric behind the finding (metric rules), its value and the threshold it passed.
    pub metric: Option<String>,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    /// Stable identity across line shifts and unrelated edits (README "Quarter over quarter").
    pub fingerprint: String,
    pub suppressed: bool,
    pub suppression: Option<Suppression>,
    /// Query rules: digest of the whitespace-normalised matched text, for matching a finding
    /// whose function was renamed (README "Quarter over quarter").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// New, unchanged, worsened or improved against the baseline (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_status: Option<crate::model::BaselineStatus>,
}

/// A finding before supersedes, fingerprint and suppression.
struct Raw {
    rule: usize,
    /// The measured file it is in (`None` for findings on other files, such as lockfiles).
    file: Option<usize>,
    path: String,
    start_line: u32,
    end_line: u32,
    symbol: Option<String>,
    severity: Severity,
    metric: Option<&'static str>,
    value: Option<f64>,
    threshold: Option<f64>,
    key: String,
    /// Byte span of a query match: supersedes compares matches by node, not by line.
    span: Option<(usize, usize)>,
    message: String,
}

/// Placeholder values for a message template.
#[derive(Default)]
struct Fill<'a> {
    value: Option<f64>,
    threshold: Option<f64>,
    metric: &'a str,
    text: &'a str,
    extract: Option<&'a str>,
    symbol: Option<&'a str>,
}

fn render(template: &str, f: &Fill) -> String {
    let num = |v: Option<f64>| v.map(number).unwrap_or_default();
    template
        .replace("{value}", &num(f.value))
        .replace("{threshold}", &num(f.threshold))
        .replace("{metric}", f.metric)
        .replace("{extract}", f.extract.unwrap_or(f.text))
        .replace("{text}", f.text)
        .replace("{symbol}", f.symbol.unwrap_or("(file)"))
}

const METRIC_MESSAGE: &str = "{metric} {value} (threshold {threshold})";

/// Evaluate every enabled rule over the scanned files (no history, tests or dependencies).
pub fn evaluate(
    rules: &RuleSet,
    files: &[FileReport],
    suppressions: &Suppressions,
) -> Vec<Finding> {
    evaluate_with(rules, files, &Project::default(), suppressions)
}

/// Evaluate every enabled rule over the scanned files and the project's other data.
pub fn evaluate_with(
    rules: &RuleSet,
    files: &[FileReport],
    project: &Project,
    suppressions: &Suppressions,
) -> Vec<Finding> {
    let all = rules.rules();
    let by_path: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let hotspots = {
        let hot = all
            .iter()
            .find(|r| matches!(&r.kind, RuleKind::Builtin { name, .. } if name == "hotspot"));
        let opt = |n: &str, d: f64| hot.and_then(|r| r.option(n)).unwrap_or(d);
        builtin::select_hotspots(
            project.history,
            opt("top", builtin::HOTSPOT_TOP),
            opt("percentile", builtin::HOTSPOT_PERCENTILE),
            opt("min_commits", builtin::HOTSPOT_MIN_COMMITS),
        )
    };
    let mut raws = Vec::new();
    for (ri, rule) in all.iter().enumerate().filter(|(_, r)| r.enabled) {
        match &rule.kind {
            RuleKind::Metric(m) => metric_findings(ri, rule, m, files, &mut raws),
            RuleKind::Builtin { name, .. } => {
                if let Some(f) = builtin::lookup(name) {
                    for hit in f(&Context {
                        files,
                        rule,
                        project,
                        hotspots: &hotspots,
                    }) {
                        let file = by_path.get(hit.path.as_str()).copied();
                        let (severity, threshold) = match hit.value {
                            Some(v) => match rule.grade(v) {
                                Some(g) => g,
                                None => continue,
                            },
                            None => (rule.base_severity(), None),
                        };
                        let severity = hit.severity.unwrap_or(severity);
                        raws.push(Raw {
                            rule: ri,
                            file,
                            path: hit.path,
                            start_line: hit.start_line,
                            end_line: hit.end_line,
                            symbol: hit.symbol,
                            severity,
                            metric: None,
                            value: hit.value,
                            threshold,
                            key: hit.key,
                            span: None,
                            message: hit.message,
                        });
                    }
                }
            }
            RuleKind::Query(_) => {}
        }
    }
    for (fi, file) in files.iter().enumerate() {
        for hit in &file.hits {
            let Some(rule) = all.get(hit.rule as usize).filter(|r| r.enabled) else {
                continue;
            };
            let symbol = hit
                .function
                .and_then(|i| file.functions.get(i as usize))
                .map(|f| f.qualified_name.clone());
            let fill = Fill {
                text: &hit.text,
                extract: hit.extract.as_deref(),
                symbol: symbol.as_deref(),
                ..Fill::default()
            };
            let default = format!("{}: `{{text}}`", rule.title);
            let message = render(rule.message.as_deref().unwrap_or(&default), &fill);
            raws.push(Raw {
                rule: hit.rule as usize,
                file: Some(fi),
                path: file.path.clone(),
                start_line: hit.start_line,
                end_line: hit.end_line,
                symbol,
                severity: rule.base_severity(),
                metric: None,
                value: None,
                threshold: None,
                key: hit.key.clone(),
                span: Some((hit.start_byte, hit.end_byte)),
                message,
            });
        }
    }
    let raws = supersede(all, raws);
    finish(all, files, suppressions, raws)
}

fn metric_findings(
    ri: usize,
    rule: &Rule,
    m: &super::model::MetricCondition,
    files: &[FileReport],
    raws: &mut Vec<Raw>,
) {
    let template = rule.message.as_deref().unwrap_or(METRIC_MESSAGE);
    for (fi, file) in files.iter().enumerate() {
        match m.subject {
            Subject::Function => {
                let get = FUNCTION_METRICS[m.metric].get;
                for f in &file.functions {
                    let value = f64::from(get(f));
                    let Some((severity, threshold)) = rule.grade(value) else {
                        continue;
                    };
                    let fill = Fill {
                        value: Some(value),
                        threshold,
                        metric: m.label(),
                        symbol: Some(&f.qualified_name),
                        ..Fill::default()
                    };
                    raws.push(Raw {
                        rule: ri,
                        file: Some(fi),
                        path: file.path.clone(),
                        start_line: f.start_line,
                        end_line: f.end_line,
                        symbol: Some(f.qualified_name.clone()),
                        severity,
                        metric: Some(m.name()),
                        value: Some(value),
                        threshold,
                        key: String::new(),
                        span: None,
                        message: render(template, &fill),
                    });
                }
            }
            Subject::File => {
                let value = f64::from((FILE_METRICS[m.metric].get)(file));
                let Some((severity, threshold)) = rule.grade(value) else {
                    continue;
                };
                let fill = Fill {
                    value: Some(value),
                    threshold,
                    metric: m.label(),
                    ..Fill::default()
                };
                raws.push(Raw {
                    rule: ri,
                    file: Some(fi),
                    path: file.path.clone(),
                    start_line: 1,
                    end_line: file.lines.lines.max(1),
                    symbol: None,
                    severity,
                    metric: Some(m.name()),
                    value: Some(value),
                    threshold,
                    key: String::new(),
                    span: None,
                    message: render(template, &fill),
                });
            }
        }
    }
}

/// Where a finding sits, for supersedes: path, line, symbol and (query rules) the matched node.
type Place<'a> = (&'a str, u32, Option<&'a str>, Option<(usize, usize)>);

/// Drop a finding when a rule that supersedes its rule fired at the same place.
fn supersede(all: &[Rule], raws: Vec<Raw>) -> Vec<Raw> {
    let mut covered: HashSet<(&str, Place)> = HashSet::new();
    for r in &raws {
        for s in &all[r.rule].supersedes {
            covered.insert((
                s.as_str(),
                (r.path.as_str(), r.start_line, r.symbol.as_deref(), r.span),
            ));
        }
    }
    if covered.is_empty() {
        return raws;
    }
    let keep: Vec<bool> = raws
        .iter()
        .map(|r| {
            !covered.contains(&(
                all[r.rule].id.as_str(),
                (r.path.as_str(), r.start_line, r.symbol.as_deref(), r.span),
            ))
        })
        .collect();
    raws.into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// Fingerprints (occurrence index among equals, in line order), suppressions, final order.
fn finish(
    all: &[Rule],
    files: &[FileReport],
    supp: &Suppressions,
    mut raws: Vec<Raw>,
) -> Vec<Finding> {
    fn key<'r>(all: &'r [Rule], r: &'r Raw) -> (&'r str, u32, &'r str, usize, u32, &'r str) {
        let col = r.span.map_or(0, |s| s.0);
        (
            r.path.as_str(),
            r.start_line,
            all[r.rule].id.as_str(),
            col,
            r.end_line,
            r.key.as_str(),
        )
    }
    raws.sort_by(|a, b| key(all, a).cmp(&key(all, b)));
    let mut seen: HashMap<(usize, String, String, String), usize> = HashMap::new();
    let mut out = Vec::with_capacity(raws.len());
    for r in raws {
        let rule = &all[r.rule];
        let symbol = r.symbol.as_deref().unwrap_or("");
        let occurrence = seen
            .entry((r.rule, r.path.clone(), stable_symbol(symbol), r.key.clone()))
            .and_modify(|n| *n += 1)
            .or_insert(0);
        let fp = fingerprint(&rule.id, &r.path, symbol, &r.key, *occurrence);
        let inline = r.file.and_then(|fi| {
            files[fi].ignores.iter().find(|i| {
                i.rule == rule.id && (i.line == r.start_line || i.line + 1 == r.start_line)
            })
        });
        let suppression = match inline {
            Some(i) => Some(Suppression {
                source: SuppressionSource::Inline,
                reason: i.reason.clone(),
            }),
            None => supp.reason(&fp).map(|reason| Suppression {
                source: SuppressionSource::File,
                reason: reason.to_string(),
            }),
        };
        out.push(Finding {
            rule_id: rule.id.clone(),
            severity: r.severity,
            category: rule.category,
            path: r.path,
            start_line: r.start_line,
            end_line: r.end_line,
            symbol: r.symbol,
            message: r.message,
            metric: r.metric.map(str::to_string),
            value: r.value,
            threshold: r.threshold,
            fingerprint: fp,
            suppressed: suppression.is_some(),
            suppression,
            content_hash: r
                .span
                .is_some()
                .then(|| r.key.clone())
                .filter(|k| !k.is_empty()),
            baseline_status: None,
        });
    }
    out
}
