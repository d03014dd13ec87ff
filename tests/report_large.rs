//! Large reports: 50,000 findings keep report.html under 2 MB (the all-findings table shows
//! at most 200 per rule, the rest are in findings.csv and SARIF) and summary.md under 65,000
//! characters. An ignored benchmark renders a snapshot named by `QD_BENCH_SNAPSHOT`.

#[path = "common/report_fixture.rs"]
mod report_fixture;

use std::path::Path;
use std::time::Instant;

use quarterdeck::report::{Format, RenderOptions, render};
use quarterdeck::snapshot::Snapshot;

/// The HTML size this report guarantees for any number of findings (measured: about 0.7 MB
/// for 50,000 findings over 5 rules).
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
        "This page shows 1000 of 50000 findings (the most severe, at most 200 per rule and 2500 in all); every finding is in findings.csv, report.sarif and snapshot.json."
    ));
    // Every finding is in findings.csv (plus the header and the two resolved ones).
    let csv = std::fs::read_to_string(out.path().join("findings.csv")).unwrap_or_default();
    assert_eq!(csv.matches("\r\n").count(), 1 + 50_000 + 2);
}

/// `QD_BENCH_SNAPSHOT=path/snapshot.json cargo test --release --test report_large -- --ignored
/// --nocapture`: render each format (`QD_BENCH_FORMATS`, default all) of a real snapshot, then
/// all together, and print times and sizes.
#[test]
#[ignore]
fn bench_render_a_snapshot() {
    let Some(path) = std::env::var_os("QD_BENCH_SNAPSHOT") else {
        panic!("set QD_BENCH_SNAPSHOT to a snapshot.json");
    };
    let start = Instant::now();
    let s = Snapshot::read(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let read = start.elapsed().as_secs_f64();
    let out = match std::env::var_os("QD_BENCH_OUT") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join("quarterdeck-bench-report"),
    };
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let formats = match std::env::var("QD_BENCH_FORMATS") {
        Ok(list) => quarterdeck::report::parse_formats(&list).unwrap_or_else(|e| panic!("{e}")),
        Err(_) => Format::ALL.to_vec(),
    };
    for &f in &formats {
        let t = render_formats(&s, &out, &[f]);
        eprintln!("  {}: {t:.2} s", f.as_str());
    }
    let took = render_formats(&s, &out, &formats);
    eprintln!(
        "{} files, {} functions, {} findings: read {read:.2} s, rendered {took:.2} s into {}",
        s.files.len(),
        s.totals.summary.functions,
        s.findings.len(),
        out.display()
    );
    for (name, bytes) in sizes(&out) {
        eprintln!("  {name}: {bytes} bytes");
    }
}
