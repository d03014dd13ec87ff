//! Key figures: the named totals of a snapshot that deltas, trends, the quality gate and the
//! metrics outputs are drawn from, with which direction of change is good.

use std::collections::BTreeMap;

use super::Snapshot;
use crate::rules::{Severity, ids};

/// Which way a figure should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// Size, not quality (files, functions, lines).
    Neutral,
}

/// One key figure: stable name, wording for reports, direction.
#[derive(Debug, Clone, Copy)]
pub struct FigureSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub better: Better,
    /// Summed across repositories in a portfolio (counts, sums, libyear; not means or p90s).
    pub additive: bool,
}

const fn fig(
    name: &'static str,
    label: &'static str,
    better: Better,
    additive: bool,
) -> FigureSpec {
    FigureSpec {
        name,
        label,
        better,
        additive,
    }
}

/// Every key figure, in report order.
pub static FIGURES: &[FigureSpec] = &[
    fig("findings_total", "findings", Better::Lower, true),
    fig(
        "findings_critical",
        "critical findings",
        Better::Lower,
        true,
    ),
    fig("findings_high", "high findings", Better::Lower, true),
    fig("findings_medium", "medium findings", Better::Lower, true),
    fig("findings_low", "low findings", Better::Lower, true),
    fig("findings_info", "info findings", Better::Lower, true),
    fig(
        "findings_suppressed",
        "suppressed findings",
        Better::Lower,
        true,
    ),
    fig("hotspots", "hotspots", Better::Lower, true),
    fig(
        "untested_hot_paths",
        "untested hot paths",
        Better::Lower,
        true,
    ),
    fig(
        "single_owner_files",
        "single-owner files",
        Better::Lower,
        true,
    ),
    fig("hidden_couplings", "hidden couplings", Better::Lower, true),
    fig("libyear_total", "total libyear", Better::Lower, true),
    fig("dependencies", "dependencies", Better::Neutral, true),
    fig(
        "dependencies_direct",
        "direct dependencies",
        Better::Neutral,
        true,
    ),
    fig(
        "dependencies_behind_major",
        "dependencies a major version behind",
        Better::Lower,
        true,
    ),
    fig(
        "dependencies_unknown_lag",
        "dependencies with unknown lag",
        Better::Lower,
        true,
    ),
    fig("files", "files", Better::Neutral, true),
    fig("functions", "functions", Better::Neutral, true),
    fig("nloc", "lines of code", Better::Neutral, true),
    fig(
        "cyclomatic_sum",
        "total cyclomatic complexity",
        Better::Lower,
        true,
    ),
    fig(
        "cyclomatic_mean",
        "mean cyclomatic complexity",
        Better::Lower,
        false,
    ),
    fig(
        "cyclomatic_p90",
        "90th percentile cyclomatic complexity",
        Better::Lower,
        false,
    ),
    fig(
        "cyclomatic_max",
        "highest cyclomatic complexity",
        Better::Lower,
        false,
    ),
    fig(
        "cognitive_sum",
        "total cognitive complexity",
        Better::Lower,
        true,
    ),
    fig(
        "cognitive_mean",
        "mean cognitive complexity",
        Better::Lower,
        false,
    ),
    fig(
        "cognitive_p90",
        "90th percentile cognitive complexity",
        Better::Lower,
        false,
    ),
    fig(
        "cognitive_max",
        "highest cognitive complexity",
        Better::Lower,
        false,
    ),
    fig(
        "functions_tested_share",
        "share of judged functions with test evidence",
        Better::Higher,
        false,
    ),
    fig(
        "history_commits",
        "commits in the window",
        Better::Neutral,
        true,
    ),
    fig(
        "history_authors",
        "authors in the window",
        Better::Neutral,
        false,
    ),
    fig("problems", "scan problems", Better::Lower, true),
    fig("skipped", "skipped files", Better::Neutral, true),
];

/// The spec of a figure name.
pub fn spec(name: &str) -> Option<&'static FigureSpec> {
    FIGURES.iter().find(|f| f.name == name)
}

/// Nearest-rank percentile of sorted values (`p` in 0..=100); 0 for none.
pub fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Compute every key figure of a snapshot. Figures whose data is absent (no history, no
/// dependencies read) are left out rather than reported as 0.
pub fn compute(s: &Snapshot) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut put = |k: &str, v: f64| {
        out.insert(k.to_string(), round2(v));
    };
    let t = &s.totals;
    put("files", f64::from(t.files));
    put("functions", f64::from(t.summary.functions));
    put("nloc", f64::from(t.lines.code));
    put("problems", s.problems.len() as f64);
    put("skipped", t.skipped as f64);

    let mut ccn: Vec<u32> = Vec::new();
    let mut cog: Vec<u32> = Vec::new();
    for f in s.files.iter().filter(|f| !f.test) {
        for func in &f.functions {
            ccn.push(func.cyclomatic);
            cog.push(func.cognitive);
        }
    }
    ccn.sort_unstable();
    cog.sort_unstable();
    for (name, v) in [("cyclomatic", &ccn), ("cognitive", &cog)] {
        let sum: u64 = v.iter().map(|&x| u64::from(x)).sum();
        put(&format!("{name}_sum"), sum as f64);
        put(
            &format!("{name}_mean"),
            if v.is_empty() {
                0.0
            } else {
                sum as f64 / v.len() as f64
            },
        );
        put(&format!("{name}_p90"), percentile(v, 90.0));
        put(
            &format!("{name}_max"),
            f64::from(v.last().copied().unwrap_or(0)),
        );
    }

    let mut by_sev = [0usize; 5];
    let mut suppressed = 0usize;
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &s.findings {
        if f.suppressed {
            suppressed += 1;
            continue;
        }
        by_sev[f.severity as usize] += 1;
        *by_rule.entry(f.rule_id.as_str()).or_default() += 1;
    }
    put("findings_total", by_sev.iter().sum::<usize>() as f64);
    for sev in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        put(
            &format!("findings_{}", sev.as_str()),
            by_sev[sev as usize] as f64,
        );
    }
    put("findings_suppressed", suppressed as f64);
    let count = |id: &str| by_rule.get(id).copied().unwrap_or(0) as f64;
    let history = s
        .history
        .as_ref()
        .filter(|h| h.status == crate::history::HistoryStatus::Available);
    if let Some(h) = history {
        put("history_commits", f64::from(h.commits));
        put("history_authors", f64::from(h.authors));
        put("hotspots", count(ids::HOTSPOT));
        put("single_owner_files", count(ids::SINGLE_OWNER));
        put("hidden_couplings", count(ids::HIDDEN_COUPLING));
    }
    // The rule needs both: what changed (history) and what is tested (evidence).
    if history.is_some() && s.test_evidence.is_some() {
        put("untested_hot_paths", count(ids::UNTESTED_HOT_PATH));
    }
    if let Some(te) = &s.test_evidence {
        let judged = te.functions_with_coverage + te.functions_with_static_evidence;
        if judged > 0 {
            put(
                "functions_tested_share",
                f64::from(te.functions_tested) / f64::from(judged),
            );
        }
    }
    if let Some(d) = &s.dependency_totals {
        use crate::deps::LagClass;
        let tt = &d.totals;
        put("dependencies", f64::from(tt.dependencies));
        put("dependencies_direct", f64::from(tt.direct));
        // Figures that need known lag are absent (not 0) when no lag is known.
        let unknown = tt.by_class.get(&LagClass::Unknown).copied().unwrap_or(0);
        if let Some(libyear) = tt.libyear {
            put("libyear_total", libyear);
        }
        if unknown < tt.dependencies {
            put(
                "dependencies_behind_major",
                f64::from(
                    tt.by_class
                        .get(&LagClass::MajorBehind)
                        .copied()
                        .unwrap_or(0),
                ),
            );
        }
        put(
            "dependencies_unknown_lag",
            f64::from(tt.by_class.get(&LagClass::Unknown).copied().unwrap_or(0)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentile() {
        assert_eq!(percentile(&[], 90.0), 0.0);
        assert_eq!(percentile(&[5], 90.0), 5.0);
        let v: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&v, 90.0), 9.0);
        assert_eq!(percentile(&v, 100.0), 10.0);
        assert_eq!(percentile(&v, 50.0), 5.0);
    }

    #[test]
    fn every_figure_name_is_unique() {
        let mut names: Vec<_> = FIGURES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }
}
