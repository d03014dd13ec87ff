//! The view model the HTML templates receive: every value precomputed from the Snapshot (and
//! Trend) so the templates only loop and branch; repository text stays plain text here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::rules::Finding;
use crate::snapshot::{BaselineStatus, Snapshot, Trend};

use super::sections;
use crate::report::grade::{self, FORMULA};
use crate::report::risks::{Segment, top_risks};
use crate::report::text::{
    KEY_FIGURES, NOT_MEASURED, Trend as Direction, arrow, day, figure_value, label, num,
    signed_delta,
};

/// Rows of the all-findings table per rule, and in all (the rest: findings.csv, SARIF).
pub const FINDINGS_PER_RULE: usize = 200;
pub const FINDINGS_MAX_ROWS: usize = 2_500;
/// Rows per list of the "changes since baseline" section.
pub const CHANGES_MAX_ROWS: usize = 200;

#[derive(Debug, Serialize)]
pub struct Meta {
    pub repository: String,
    /// The audited folder inside the repository, when not its top.
    pub subfolder: Option<String>,
    pub remote: Option<String>,
    pub root: String,
    pub tool_version: String,
    pub schema_version: u32,
    pub generated_at: String,
    pub generated_day: String,
    pub head_commit: Option<String>,
    pub head_short: Option<String>,
    pub head_date: Option<String>,
    pub branch: Option<String>,
    pub config: Option<String>,
    pub config_digest: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GradeView {
    pub letter: String,
    pub class: String,
    pub score: String,
    pub parts: Vec<GradePartView>,
    pub capped: Option<String>,
    pub formula: &'static str,
}

#[derive(Debug, Serialize)]
pub struct GradePartView {
    pub name: &'static str,
    pub points: String,
    pub max: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct FigureView {
    pub name: String,
    pub label: String,
    /// The value, or "not measured" when the snapshot lacks the figure (never 0).
    pub value: String,
    pub measured: bool,
    pub delta: Option<DeltaView>,
    /// Why there is no delta: "no baseline", "not in the baseline" (empty when not measured).
    pub no_delta: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DeltaView {
    pub old: String,
    pub text: String,
    pub arrow: &'static str,
    /// better, worse, same, neutral.
    pub class: &'static str,
    /// `better` or `worse`; empty for no change and for size figures.
    pub word: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RiskView {
    pub rank: usize,
    pub score: String,
    pub kind: &'static str,
    pub segments: Vec<Segment>,
    pub location: String,
    pub rule: Option<String>,
    pub rule_anchor: Option<String>,
    pub severity: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct GateView {
    pub passed: bool,
    pub conditions: Vec<String>,
    pub failures: Vec<GateFailureView>,
}

#[derive(Debug, Serialize)]
pub struct GateFailureView {
    pub condition: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct BaselineView {
    pub path: String,
    pub commit: Option<String>,
    pub date: String,
    pub tool_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub severity: &'static str,
    /// 5 = critical ... 1 = info, for sorting.
    pub severity_rank: u8,
    pub rule_id: String,
    pub rule_anchor: String,
    pub category: &'static str,
    pub path: String,
    pub line: u32,
    pub end_line: u32,
    pub symbol: String,
    pub message: String,
    pub status: &'static str,
    pub suppressed: bool,
    pub suppression: String,
}

#[derive(Debug, Serialize)]
pub struct FindingsView {
    pub rows: Vec<FindingRow>,
    pub total: usize,
    pub shown: usize,
    /// Set when rows were left out of the page.
    pub omitted: Option<String>,
    pub severities: Vec<&'static str>,
    pub categories: Vec<&'static str>,
    /// Every rule with its texts (the `rules` partial).
    pub rules: Vec<RuleView>,
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub category: &'static str,
    pub severity: &'static str,
    pub enabled: bool,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub thresholds: String,
    pub source: String,
    pub count: usize,
    pub count_text: String,
}

#[derive(Debug, Serialize)]
pub struct ChangesView {
    pub new: usize,
    pub unchanged: u32,
    pub worsened: u32,
    pub improved: u32,
    pub resolved: u32,
    pub new_rows: Vec<FindingRow>,
    pub worsened_rows: Vec<FindingRow>,
    pub improved_rows: Vec<FindingRow>,
    pub resolved_rows: Vec<FindingRow>,
    pub rule_changes: Vec<RuleChangeView>,
    pub tool_version_changed: bool,
    pub max_rows: usize,
}

#[derive(Debug, Serialize)]
pub struct RuleChangeView {
    pub rule_id: String,
    pub change: String,
    pub old: String,
    pub new: String,
}

/// The executive summary's view (the `summary` partial's context).
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub grade: GradeView,
    pub gate: Option<GateView>,
    pub baseline: Option<BaselineView>,
    pub figures: Vec<FigureView>,
    pub risks: Vec<RiskView>,
}

/// A section whose data may be absent (`data` is `null` then).
#[derive(Debug, Serialize)]
pub struct Optional<T: Serialize> {
    pub data: Option<T>,
}

/// Everything `report.hbs` renders. Each section partial is included with its own field as
/// context (`{{> hotspots view.hotspots}}`): handlebars copies a partial's context, so a
/// partial never receives the whole page.
#[derive(Debug, Serialize)]
pub struct ReportView {
    pub meta: Meta,
    pub summary: SummaryView,
    pub trend: Optional<sections::TrendView>,
    pub hotspots: sections::HotspotsView,
    pub untested: sections::UntestedView,
    pub dependencies: sections::DependenciesView,
    pub complexity: sections::ComplexityView,
    pub knowledge: sections::KnowledgeView,
    pub changes: Optional<ChangesView>,
    pub findings: FindingsView,
    pub coverage: sections::CoverageView,
    pub methodology: sections::MethodologyView,
}

/// `complexity/cognitive-high` -> `rule-complexity-cognitive-high`.
pub fn anchor(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("rule-{slug}")
}

fn status_str(b: Option<BaselineStatus>) -> &'static str {
    match b {
        Some(BaselineStatus::New) => "new",
        Some(BaselineStatus::Unchanged) => "unchanged",
        Some(BaselineStatus::Worsened) => "worsened",
        Some(BaselineStatus::Improved) => "improved",
        None => "",
    }
}

pub fn finding_row(f: &Finding, status: &'static str) -> FindingRow {
    FindingRow {
        severity: f.severity.as_str(),
        severity_rank: f.severity as u8 + 1,
        rule_id: f.rule_id.clone(),
        rule_anchor: anchor(&f.rule_id),
        category: f.category.as_str(),
        path: f.path.clone(),
        line: f.start_line,
        end_line: f.end_line,
        symbol: f.symbol.clone().unwrap_or_default(),
        message: f.message.clone(),
        status,
        suppressed: f.suppressed,
        suppression: f
            .suppression
            .as_ref()
            .filter(|_| f.suppressed)
            .map(|s| {
                let src = match s.source {
                    crate::rules::SuppressionSource::Inline => "inline",
                    crate::rules::SuppressionSource::File => "suppression file",
                };
                format!("{src}: {}", s.reason)
            })
            .unwrap_or_default(),
    }
}

fn rows_by_severity<'a>(it: impl Iterator<Item = &'a Finding>, max: usize) -> Vec<FindingRow> {
    let mut v: Vec<&Finding> = it.collect();
    v.sort_by_key(|f| std::cmp::Reverse(f.severity));
    v.into_iter()
        .take(max)
        .map(|f| finding_row(f, status_str(f.baseline_status)))
        .collect()
}

fn grade_view(s: &Snapshot) -> GradeView {
    let g = grade::grade(s);
    GradeView {
        letter: g.letter_str(),
        class: format!("grade-{}", g.letter.to_ascii_lowercase()),
        score: num(g.score, 1),
        parts: g
            .parts
            .iter()
            .map(|p| GradePartView {
                name: p.name,
                points: num(p.points, 2),
                max: num(p.max, 0),
                reason: p.reason.clone(),
            })
            .collect(),
        capped: g.capped,
        formula: FORMULA,
    }
}

fn figures_view(s: &Snapshot) -> Vec<FigureView> {
    KEY_FIGURES
        .iter()
        .map(|&name| {
            let Some(&v) = s.figures.get(name) else {
                return FigureView {
                    name: name.to_string(),
                    label: label(name).to_string(),
                    value: NOT_MEASURED.into(),
                    measured: false,
                    delta: None,
                    no_delta: "",
                };
            };
            let delta = s
                .delta
                .as_ref()
                .and_then(|d| d.figures.get(name))
                .map(|fd| {
                    let t = Direction::of(name, fd.delta);
                    DeltaView {
                        old: figure_value(name, fd.old),
                        text: if t == Direction::Same {
                            "no change".into()
                        } else {
                            signed_delta(name, fd.delta)
                        },
                        arrow: arrow(fd.delta),
                        class: t.as_str(),
                        word: match t {
                            Direction::Better | Direction::Worse => t.as_str(),
                            _ => "",
                        },
                    }
                });
            FigureView {
                name: name.to_string(),
                label: label(name).to_string(),
                value: figure_value(name, v),
                measured: true,
                no_delta: if s.delta.is_some() {
                    "not in the baseline"
                } else {
                    "no baseline"
                },
                delta,
            }
        })
        .collect()
}

fn risks_view(s: &Snapshot) -> Vec<RiskView> {
    top_risks(s, 5)
        .into_iter()
        .enumerate()
        .map(|(i, r)| RiskView {
            rank: i + 1,
            score: num(r.score, 0),
            kind: match r.kind {
                crate::report::risks::RiskKind::Code => "code",
                crate::report::risks::RiskKind::Dependency => "dependency",
            },
            location: if r.line > 0 {
                format!("{}:{}", r.path, r.line)
            } else {
                r.path.clone()
            },
            rule: r.finding.as_ref().map(|f| f.rule_id.clone()),
            rule_anchor: r.finding.as_ref().map(|f| anchor(&f.rule_id)),
            severity: r.finding.as_ref().map(|f| f.severity.as_str()),
            segments: r.segments,
        })
        .collect()
}

fn findings_view(s: &Snapshot) -> FindingsView {
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut order: Vec<&Finding> = s.findings.iter().collect();
    // Most severe first, unsuppressed before suppressed, then snapshot order (path, line).
    order.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.suppressed));
    for f in order {
        let n = per_rule.entry(f.rule_id.as_str()).or_default();
        if *n >= FINDINGS_PER_RULE || rows.len() >= FINDINGS_MAX_ROWS {
            continue;
        }
        *n += 1;
        rows.push(finding_row(f, status_str(f.baseline_status)));
    }
    let total = s.findings.len();
    let shown = rows.len();
    FindingsView {
        omitted: (shown < total).then(|| {
            format!(
                "This page shows {shown} of {total} findings (the most severe, at most {FINDINGS_PER_RULE} per rule and {FINDINGS_MAX_ROWS} in all); every finding is in findings.csv, report.sarif and snapshot.json."
            )
        }),
        rows,
        total,
        shown,
        rules: rules_view(s),
        severities: ["critical", "high", "medium", "low", "info"].to_vec(),
        categories: crate::report::openmetrics::CATEGORIES
            .iter()
            .map(|c| c.as_str())
            .collect(),
    }
}

fn rules_view(s: &Snapshot) -> Vec<RuleView> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in s.findings.iter().filter(|f| !f.suppressed) {
        *count.entry(f.rule_id.as_str()).or_default() += 1;
    }
    let mut out: Vec<RuleView> = s
        .rules
        .iter()
        .map(|r| RuleView {
            id: r.id.clone(),
            anchor: anchor(&r.id),
            title: r.title.clone(),
            category: r.category.as_str(),
            severity: r.severity.as_str(),
            enabled: r.enabled,
            description: r.description.clone(),
            rationale: r.rationale.clone(),
            remediation: r.remediation.clone(),
            thresholds: r.thresholds_text(),
            source: r.source.clone(),
            count: count.get(r.id.as_str()).copied().unwrap_or(0),
            count_text: String::new(),
        })
        .collect();
    // Rules with findings but absent from `rules[]` (older snapshots) still get an anchor.
    for f in &s.findings {
        if !out.iter().any(|r| r.id == f.rule_id) {
            out.push(RuleView {
                id: f.rule_id.clone(),
                anchor: anchor(&f.rule_id),
                title: f.rule_id.clone(),
                category: f.category.as_str(),
                severity: f.severity.as_str(),
                enabled: true,
                description: "This snapshot does not record the rule's text.".into(),
                rationale: String::new(),
                remediation: format!("See `quarterdeck rules explain {}`.", f.rule_id),
                thresholds: String::new(),
                source: String::new(),
                count: count.get(f.rule_id.as_str()).copied().unwrap_or(0),
                count_text: String::new(),
            });
        }
    }
    for r in &mut out {
        r.count_text = crate::report::text::plural(r.count as u64, "finding", "findings");
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    out
}

fn changes_view(s: &Snapshot) -> Option<ChangesView> {
    let d = s.delta.as_ref()?;
    let by = |st: BaselineStatus| {
        rows_by_severity(
            s.findings
                .iter()
                .filter(move |f| !f.suppressed && f.baseline_status == Some(st)),
            CHANGES_MAX_ROWS,
        )
    };
    let new_count = s
        .findings
        .iter()
        .filter(|f| !f.suppressed && f.baseline_status == Some(BaselineStatus::New))
        .count();
    let mut resolved: Vec<&Finding> = d.resolved.iter().collect();
    resolved.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Some(ChangesView {
        new: new_count,
        unchanged: d.findings.unchanged,
        worsened: d.findings.worsened,
        improved: d.findings.improved,
        resolved: d.findings.resolved,
        new_rows: by(BaselineStatus::New),
        worsened_rows: by(BaselineStatus::Worsened),
        improved_rows: by(BaselineStatus::Improved),
        resolved_rows: resolved
            .into_iter()
            .take(CHANGES_MAX_ROWS)
            .map(|f| finding_row(f, "resolved"))
            .collect(),
        rule_changes: d
            .rule_changes
            .iter()
            .map(|r| RuleChangeView {
                rule_id: r.rule_id.clone(),
                change: r.change.clone(),
                old: r.old.clone().unwrap_or_default(),
                new: r.new.clone().unwrap_or_default(),
            })
            .collect(),
        tool_version_changed: d.tool_version_changed,
        max_rows: CHANGES_MAX_ROWS,
    })
}

/// Build the view model of a snapshot (and its trend).
pub fn report(s: &Snapshot, trend: Option<&Trend>) -> ReportView {
    let sc = &s.scan;
    ReportView {
        meta: Meta {
            repository: sc.repository.clone(),
            subfolder: sc.subfolder.clone(),
            remote: sc.remote.clone(),
            root: sc.root.clone(),
            tool_version: s.tool.version.clone(),
            schema_version: s.schema_version,
            generated_at: sc.generated_at.clone(),
            generated_day: day(&sc.generated_at).to_string(),
            head_short: sc
                .head_commit
                .as_ref()
                .map(|c| c.get(..12).unwrap_or(c).to_string()),
            head_commit: sc.head_commit.clone(),
            head_date: sc.head_date.as_deref().map(|d| day(d).to_string()),
            branch: sc.branch.clone(),
            config: sc.config.clone(),
            config_digest: sc.config_digest.clone(),
        },
        summary: SummaryView {
            grade: grade_view(s),
            gate: s.gate.as_ref().map(|g| GateView {
                passed: g.passed,
                conditions: g.conditions.clone(),
                failures: g
                    .failures
                    .iter()
                    .map(|f| GateFailureView {
                        condition: f.condition.clone(),
                        message: f.message.clone(),
                    })
                    .collect(),
            }),
            baseline: s.baseline.as_ref().map(|b| BaselineView {
                path: b.path.clone(),
                commit: b
                    .head_commit
                    .as_ref()
                    .map(|c| c.get(..12).unwrap_or(c).to_string()),
                date: day(b.commit_date.as_deref().unwrap_or(&b.generated_at)).to_string(),
                tool_version: b.tool_version.clone(),
            }),
            figures: figures_view(s),
            risks: risks_view(s),
        },
        trend: Optional {
            data: trend.map(sections::trend),
        },
        hotspots: sections::hotspots(s),
        untested: sections::untested(s),
        dependencies: sections::dependencies(s),
        complexity: sections::complexity(s),
        knowledge: sections::knowledge(s),
        changes: Optional {
            data: changes_view(s),
        },
        findings: findings_view(s),
        coverage: sections::coverage(s),
        methodology: sections::methodology(s),
    }
}
