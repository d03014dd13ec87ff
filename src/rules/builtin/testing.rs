//! The untested-hot-path builtin: complex functions that change (or sit in a hotspot) with
//! too little test evidence, saying which evidence the verdict rests on.

use super::{Context, Hit, pct, plural};
use crate::tests_evidence::Evidence;

pub fn untested_hot_path(cx: &Context) -> Vec<Hit> {
    let min_coverage = cx.option(
        "min_coverage",
        crate::rules::ids::UNTESTED_HOT_PATH_MIN_COVERAGE,
    );
    let threshold = cx.rule.threshold().unwrap_or(10.0);
    let mut hits = Vec::new();
    for f in cx.files.iter().filter(|f| !f.test) {
        let hotspot = cx.hotspots.get(&f.path);
        for func in &f.functions {
            if f64::from(func.cyclomatic) <= threshold {
                continue;
            }
            let changes = func.changes.unwrap_or(0);
            let why = if changes > 0 {
                format!(
                    "changed in {} in the window",
                    plural(u64::from(changes), "commit", "commits")
                )
            } else if let Some(h) = hotspot {
                format!("sits in hotspot #{} `{}`", h.rank, f.path)
            } else {
                continue;
            };
            let Some(t) = &func.tests else { continue };
            let evidence = match t.evidence {
                Evidence::TestCode => continue,
                Evidence::Coverage => match t.coverage {
                    Some(c) if c >= min_coverage => continue,
                    Some(c) => format!(
                        "line coverage {} ({} of {} coverable lines; coverage report, threshold {})",
                        pct(c),
                        t.covered_lines.unwrap_or(0),
                        t.coverable_lines.unwrap_or(0),
                        pct(min_coverage)
                    ),
                    // No coverable line of its body in the report: not judged.
                    None => continue,
                },
                Evidence::StaticReference => match t.test_files {
                    Some(n) if n > 0 => continue,
                    _ => format!(
                        "no test file mentions `{}` (static test references; no coverage report for this file)",
                        func.name
                    ),
                },
            };
            hits.push(Hit {
                path: f.path.clone(),
                start_line: func.start_line,
                end_line: func.end_line,
                symbol: Some(func.qualified_name.clone()),
                value: Some(f64::from(func.cyclomatic)),
                severity: None,
                key: String::new(),
                message: format!(
                    "{why}, cyclomatic complexity {} (threshold {}), and {evidence}",
                    func.cyclomatic,
                    super::short(threshold)
                ),
            });
        }
    }
    hits
}
