//! View models of the report's analysis sections: trend, hotspots, untested hot paths,
//! dependencies, complexity, knowledge, scan coverage and methodology.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts::{self, Histogram, LineChart, Scatter, ScatterPoint};
use crate::history::HistoryStatus;
use crate::rules::ids;
use crate::snapshot::{Snapshot, Trend};
use crate::tests_evidence::Evidence;

use crate::report::text::{day, figure_value, label, num};

/// Rows of the ranked tables.
pub const TOP_ROWS: usize = 25;
pub const DEPENDENCY_ROWS: usize = 200;
pub const PROBLEM_ROWS: usize = 200;

/// The figures charted over the trend, in order.
pub const TREND_FIGURES: &[&str] = &[
    "findings_total",
    "findings_high",
    "hotspots",
    "untested_hot_paths",
    "libyear_total",
    "cognitive_p90",
    "cyclomatic_sum",
    "functions_tested_share",
];

#[derive(Debug, Serialize)]
pub struct TrendPointView {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct TrendChartView {
    pub name: String,
    pub label: String,
    pub chart: LineChart,
    pub values: Vec<TrendPointView>,
}

#[derive(Debug, Serialize)]
pub struct TrendView {
    pub labels: Vec<String>,
    /// More snapshots than a third of a printed page holds readably: print two charts a row.
    pub many_points: bool,
    pub charts: Vec<TrendChartView>,
    pub gaps: Vec<String>,
    pub tool_changes: Vec<String>,
}

pub fn trend(t: &Trend) -> TrendView {
    let labels: Vec<String> = t.points.iter().map(|p| p.label.clone()).collect();
    let mut gap_after = vec![false; t.points.len().saturating_sub(1)];
    for g in &t.gaps {
        if let Some(slot) = gap_after.get_mut(g.after) {
            *slot = true;
        }
    }
    let tool_changes: Vec<(usize, String)> = t
        .tool_version_changes
        .iter()
        .filter_map(|&i| {
            t.points.get(i).map(|p| {
                (
                    i,
                    format!("quarterdeck {} from {}", p.tool_version, p.label),
                )
            })
        })
        .collect();
    let charts = TREND_FIGURES
        .iter()
        .filter_map(|&name| {
            let values = t.figures.get(name)?;
            if values.iter().all(Option::is_none) {
                return None;
            }
            let fmt = |v: f64| figure_value(name, v);
            Some(TrendChartView {
                name: name.to_string(),
                label: label(name).to_string(),
                chart: charts::line_chart(values, &labels, &gap_after, &tool_changes, &fmt),
                values: labels
                    .iter()
                    .zip(values)
                    .map(|(l, v)| TrendPointView {
                        label: l.clone(),
                        value: v.map(fmt).unwrap_or_else(|| "–".into()),
                    })
                    .collect(),
            })
        })
        .collect();
    TrendView {
        many_points: labels.len() > 6,
        charts,
        gaps: t.gaps.iter().map(|g| g.label.clone()).collect(),
        tool_changes: tool_changes.into_iter().map(|(_, l)| l).collect(),
        labels,
    }
}

#[derive(Debug, Serialize)]
pub struct HotspotRow {
    pub rank: u32,
    pub path: String,
    pub score: String,
    pub commits: u32,
    pub cyclomatic_sum: u32,
    pub cognitive_sum: u32,
    pub nloc: u32,
    pub main_author: String,
    pub bugfix_commits: String,
}

#[derive(Debug, Serialize)]
pub struct CouplingRow {
    pub a: String,
    pub b: String,
    pub shared: u32,
    pub degree: String,
}

#[derive(Debug, Serialize)]
pub struct HotspotsView {
    /// `None` when history is available; else why not.
    pub unavailable: Option<String>,
    pub window: Option<String>,
    pub scatter: Option<Scatter>,
    pub rows: Vec<HotspotRow>,
    pub total: usize,
    pub coupling: Vec<CouplingRow>,
    /// Pairs of files that change together, all of them (the page shows `coupling`).
    pub coupling_total: usize,
}

fn history_unavailable(s: &Snapshot) -> Option<String> {
    match &s.history {
        None => Some(
            "History was not read for this snapshot (not a git repository, or history disabled)."
                .into(),
        ),
        Some(h) if h.status == HistoryStatus::Unavailable => Some(format!(
            "History is unavailable: {}.",
            h.reason.as_deref().unwrap_or("no reason recorded")
        )),
        Some(_) => None,
    }
}

pub fn hotspots(s: &Snapshot) -> HotspotsView {
    let unavailable = history_unavailable(s);
    let Some(h) = s.history.as_ref().filter(|_| unavailable.is_none()) else {
        return HotspotsView {
            unavailable,
            window: None,
            scatter: None,
            rows: vec![],
            total: 0,
            coupling: vec![],
            coupling_total: 0,
        };
    };
    let by_path: BTreeMap<&str, &crate::scan::FileReport> =
        s.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let top = TOP_ROWS.min(h.hotspots.len());
    let points = h
        .hotspots
        .iter()
        .take(400)
        .map(|x| ScatterPoint {
            x: f64::from(x.commits),
            y: f64::from(x.cyclomatic_sum),
            title: format!(
                "#{} {}: {} commits, total cyclomatic complexity {}",
                x.rank, x.path, x.commits, x.cyclomatic_sum
            ),
            label: if x.rank <= 5 {
                format!("#{}", x.rank)
            } else {
                String::new()
            },
            hot: x.rank <= 5,
        })
        .collect();
    HotspotsView {
        unavailable: None,
        window: h
            .window
            .as_ref()
            .map(|w| format!("{} to {}", day(&w.since), day(&w.until))),
        scatter: (!h.hotspots.is_empty()).then(|| {
            charts::scatter(
                points,
                "commits in the window",
                "total cyclomatic complexity",
            )
        }),
        rows: h
            .hotspots
            .iter()
            .take(top)
            .map(|x| {
                let fh = by_path
                    .get(x.path.as_str())
                    .and_then(|f| f.history.as_ref());
                HotspotRow {
                    rank: x.rank,
                    path: x.path.clone(),
                    score: num(x.score, 2),
                    commits: x.commits,
                    cyclomatic_sum: x.cyclomatic_sum,
                    cognitive_sum: x.cognitive_sum,
                    nloc: x.nloc,
                    main_author: fh
                        .map(|h| {
                            format!(
                                "{} ({}%)",
                                h.main_author,
                                num(h.main_author_share * 100.0, 0)
                            )
                        })
                        .unwrap_or_default(),
                    bugfix_commits: fh.map(|h| h.bugfix_commits.to_string()).unwrap_or_default(),
                }
            })
            .collect(),
        total: h.hotspots.len(),
        coupling_total: h.coupling.len(),
        coupling: h
            .coupling
            .iter()
            .take(TOP_ROWS)
            .map(|c| CouplingRow {
                a: c.a.clone(),
                b: c.b.clone(),
                shared: c.shared_commits,
                degree: num(c.degree, 0),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct UntestedRow {
    pub path: String,
    pub symbol: String,
    pub line: u32,
    pub changes: String,
    pub cyclomatic: String,
    pub cognitive: String,
    pub evidence: String,
    pub message: String,
    pub severity: &'static str,
}

#[derive(Debug, Serialize)]
pub struct UntestedView {
    pub measured: bool,
    pub rows: Vec<UntestedRow>,
    pub total: usize,
    pub evidence: String,
}

fn evidence_text(t: Option<&crate::tests_evidence::FunctionTests>) -> String {
    match t {
        None => "no evidence recorded".into(),
        Some(t) => match t.evidence {
            Evidence::Coverage => match t.coverage {
                Some(c) => format!("coverage {}%", num(c * 100.0, 0)),
                None => "not judged (the coverage report lists no line of its body)".into(),
            },
            Evidence::StaticReference => match t.test_files {
                Some(0) | None => "no test file names it".into(),
                Some(n) => format!("named in {n} test file(s)"),
            },
            Evidence::TestCode => "test code".into(),
        },
    }
}

pub fn untested(s: &Snapshot) -> UntestedView {
    let all: Vec<_> = s
        .findings
        .iter()
        .filter(|f| !f.suppressed && f.rule_id == ids::UNTESTED_HOT_PATH)
        .collect();
    let wanted: std::collections::HashSet<&str> = all
        .iter()
        .take(TOP_ROWS * 4)
        .map(|f| f.path.as_str())
        .collect();
    let funcs: BTreeMap<(&str, &str), &crate::metrics::FunctionMetrics> = s
        .files
        .iter()
        .filter(|f| wanted.contains(f.path.as_str()))
        .flat_map(|f| {
            f.functions
                .iter()
                .map(move |x| ((f.path.as_str(), x.qualified_name.as_str()), x))
        })
        .collect();
    let te = s.test_evidence.as_ref();
    UntestedView {
        measured: s.figures.contains_key("untested_hot_paths"),
        total: all.len(),
        rows: all
            .iter()
            .take(TOP_ROWS * 4)
            .map(|f| {
                let func = f
                    .symbol
                    .as_deref()
                    .and_then(|sym| funcs.get(&(f.path.as_str(), sym)));
                UntestedRow {
                    path: f.path.clone(),
                    symbol: f.symbol.clone().unwrap_or_default(),
                    line: f.start_line,
                    changes: func
                        .and_then(|x| x.changes)
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    cyclomatic: func.map(|x| x.cyclomatic.to_string()).unwrap_or_default(),
                    cognitive: func.map(|x| x.cognitive.to_string()).unwrap_or_default(),
                    evidence: evidence_text(func.and_then(|x| x.tests.as_ref())),
                    message: f.message.clone(),
                    severity: f.severity.as_str(),
                }
            })
            .collect(),
        evidence: match te {
            None => "No test evidence was gathered for this snapshot.".into(),
            Some(t) => {
                let judged = t.functions_with_coverage + t.functions_with_static_evidence;
                let share = if judged > 0 {
                    format!(
                        " ({}%)",
                        num(f64::from(t.functions_tested) * 100.0 / f64::from(judged), 0)
                    )
                } else {
                    String::new()
                };
                format!(
                    "{} of {judged} judged functions have test evidence{share}: {} judged by coverage reports, {} by static test references (weaker evidence); {} not judged (a coverage report lists no line of their body); {} test files.",
                    t.functions_tested,
                    t.functions_with_coverage,
                    t.functions_with_static_evidence,
                    t.functions_not_judged,
                    t.test_files
                )
            }
        },
    }
}

#[derive(Debug, Serialize)]
pub struct FunctionRow {
    pub path: String,
    pub symbol: String,
    pub line: u32,
    pub cyclomatic: u32,
    pub cognitive: u32,
    pub nloc: u32,
    pub params: u32,
    pub nesting: u32,
    pub changes: String,
}

#[derive(Debug, Serialize)]
pub struct BinRow {
    pub label: String,
    pub count: u64,
    pub share: String,
}

#[derive(Debug, Serialize)]
pub struct ComplexityView {
    pub functions: usize,
    pub histogram: Histogram,
    pub bins: Vec<BinRow>,
    pub worst: Vec<FunctionRow>,
}

/// Cyclomatic complexity bands of the histogram (the SEI's 1-10 simple ... 50+ untestable,
/// with 1-10 split in two).
pub const CCN_BINS: &[(u32, u32, &str)] = &[
    (1, 5, "1-5"),
    (6, 10, "6-10"),
    (11, 20, "11-20"),
    (21, 50, "21-50"),
    (51, u32::MAX, "over 50"),
];

pub fn complexity(s: &Snapshot) -> ComplexityView {
    let mut funcs: Vec<(&str, &crate::metrics::FunctionMetrics)> = s
        .files
        .iter()
        .filter(|f| !f.test)
        .flat_map(|f| f.functions.iter().map(move |x| (f.path.as_str(), x)))
        .collect();
    let mut per_bin = vec![0u64; CCN_BINS.len()];
    for (_, f) in &funcs {
        if let Some(i) = CCN_BINS
            .iter()
            .position(|(lo, hi, _)| f.cyclomatic >= *lo && f.cyclomatic <= *hi)
        {
            per_bin[i] += 1;
        }
    }
    let counts: Vec<(String, u64)> = CCN_BINS
        .iter()
        .zip(per_bin)
        .map(|((_, _, l), n)| (l.to_string(), n))
        .collect();
    let n = funcs.len();
    let order = |a: &(&str, &crate::metrics::FunctionMetrics),
                 b: &(&str, &crate::metrics::FunctionMetrics)| {
        b.1.cognitive
            .cmp(&a.1.cognitive)
            .then_with(|| b.1.cyclomatic.cmp(&a.1.cyclomatic))
            .then_with(|| a.0.cmp(b.0))
            .then_with(|| a.1.start_line.cmp(&b.1.start_line))
    };
    // Only the top rows are shown: select them, then sort those few.
    if funcs.len() > TOP_ROWS {
        funcs.select_nth_unstable_by(TOP_ROWS - 1, order);
        funcs.truncate(TOP_ROWS);
    }
    funcs.sort_by(order);
    ComplexityView {
        functions: n,
        histogram: charts::histogram(&counts),
        bins: counts
            .iter()
            .map(|(l, c)| BinRow {
                label: l.clone(),
                count: *c,
                share: if n == 0 {
                    "0%".into()
                } else {
                    format!("{}%", num(*c as f64 * 100.0 / n as f64, 1))
                },
            })
            .collect(),
        worst: funcs
            .iter()
            .take(TOP_ROWS)
            .map(|(p, f)| FunctionRow {
                path: p.to_string(),
                symbol: f.qualified_name.clone(),
                line: f.start_line,
                cyclomatic: f.cyclomatic,
                cognitive: f.cognitive,
                nloc: f.nloc,
                params: f.params,
                nesting: f.max_nesting,
                changes: f.changes.map(|c| c.to_string()).unwrap_or_default(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct OwnerRow {
    pub path: String,
    pub main_author: String,
    pub share: String,
    pub share_v: f64,
    pub commits: u32,
    pub authors: u32,
    pub last_change: String,
}

#[derive(Debug, Serialize)]
pub struct KnowledgeView {
    pub unavailable: Option<String>,
    pub min_share: String,
    pub rows: Vec<OwnerRow>,
    pub total: usize,
}

pub fn knowledge(s: &Snapshot) -> KnowledgeView {
    let min_share = s
        .rules
        .iter()
        .find(|r| r.id == ids::SINGLE_OWNER)
        .and_then(|r| r.options.get("min_share").copied())
        .unwrap_or(ids::SINGLE_OWNER_MIN_SHARE);
    let mut rows: Vec<OwnerRow> = s
        .files
        .iter()
        .filter(|f| !f.test)
        .filter_map(|f| {
            let h = f.history.as_ref()?;
            h.single_owner(min_share).then(|| OwnerRow {
                path: f.path.clone(),
                main_author: h.main_author.clone(),
                share: format!("{}%", num(h.main_author_share * 100.0, 0)),
                share_v: h.main_author_share,
                commits: h.commits,
                authors: h.authors,
                last_change: day(&h.last_change).to_string(),
            })
        })
        .collect();
    rows.sort_by(|a, b| b.commits.cmp(&a.commits).then_with(|| a.path.cmp(&b.path)));
    let total = rows.len();
    rows.truncate(TOP_ROWS * 4);
    KnowledgeView {
        unavailable: history_unavailable(s),
        min_share: format!("{}%", num(min_share * 100.0, 0)),
        rows,
        total,
    }
}

pub use super::sections_deps::{DependenciesView, dependencies};
pub use super::sections_scan::{CoverageView, MethodologyView, coverage, methodology};
