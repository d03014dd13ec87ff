//! A figure a repository did not measure is never shown as 0: the report, summary.md and the
//! portfolio say "not measured", metrics.prom leaves it out, and portfolio totals say how many
//! repositories they cover.

use crate::common::report_fixture;

use quarterdeck::report::{markdown, openmetrics, portfolio_markdown, portfolio_metrics};
use report_fixture::{populated, portfolio};

/// Ledgerline without lockfiles or history: no libyear, no untested hot paths, no hotspots.
fn unmeasured() -> quarterdeck::snapshot::Snapshot {
    let mut s = populated();
    for name in ["libyear_total", "untested_hot_paths", "hotspots"] {
        s.figures.remove(name);
    }
    s
}

#[test]
fn the_report_says_not_measured() {
    let s = unmeasured();
    let html = quarterdeck::report::html::report(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    let figure = |label: &str| {
        let at = html
            .find(&format!("<div class=\"figure-label\">{label}</div>"))
            .unwrap_or_else(|| panic!("no key figure `{label}`"));
        let start = [
            "<div class=\"figure\"",
            "<div class=\"figure not-measured\"",
        ]
        .iter()
        .filter_map(|open| html[..at].rfind(open))
        .max()
        .unwrap_or(0);
        html[start..at].to_string()
    };
    for label in ["total libyear", "untested hot paths", "hotspots"] {
        let f = figure(label);
        assert!(f.contains("not-measured"), "{label}: {f}");
        assert!(f.contains(">not measured<"), "{label}: {f}");
        assert!(!f.contains(">0<"), "{label}: {f}");
    }
    // A measured figure keeps its value.
    assert!(figure("lines of code").contains(">4130<"));
}

#[test]
fn a_figure_missing_from_the_baseline_is_not_called_a_missing_baseline() {
    let mut s = populated();
    let d = s
        .delta
        .as_mut()
        .unwrap_or_else(|| panic!("fixture has a baseline"));
    d.figures.remove("nloc");
    let html = quarterdeck::report::html::report(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    let at = html
        .find("<div class=\"figure-label\">lines of code</div>")
        .unwrap_or_else(|| panic!("no lines of code"));
    let after = &html[at..at + 200];
    assert!(after.contains("not in the baseline"), "{after}");
}

#[test]
fn the_summary_says_not_measured_and_the_metrics_leave_it_out() {
    let s = unmeasured();
    let md = markdown(&s);
    assert!(md.contains("| total libyear | not measured | |"), "{md}");
    assert!(
        md.contains("| untested hot paths | not measured | |"),
        "{md}"
    );
    let prom = openmetrics(&s);
    assert!(!prom.contains("quarterdeck_libyear{"), "{prom}");
    assert!(!prom.contains("quarterdeck_untested_hot_paths"), "{prom}");
    assert!(!prom.contains("quarterdeck_hotspots"), "{prom}");
    // Measured figures stay.
    assert!(prom.contains("quarterdeck_nloc{"), "{prom}");
}

#[test]
fn portfolio_totals_say_how_many_repositories_they_cover() {
    let mut p = portfolio();
    // payroll-batch has no lockfile: its libyear is not measured.
    p.repositories[1].figures.remove("libyear_total");
    p.figures.insert("libyear_total".into(), 51.6);
    let html = quarterdeck::report::html::portfolio(&p, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("51.6 over 2 of 3 repositories"), "totals");
    assert!(
        html.contains(">not measured</td>"),
        "payroll-batch's libyear cell"
    );
    assert!(html.contains("All 3 repositories"));
    // Every repository measured the lines of code: a plain total.
    assert!(html.contains("<td>36000</td>"), "nloc total");
    let md = portfolio_markdown(&p);
    let row = md
        .lines()
        .find(|l| l.contains("payroll-batch"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("not measured"), "{row}");
    let prom = portfolio_metrics(&p);
    assert!(
        !prom.contains("quarterdeck_libyear{repository=\"payroll-batch\"}"),
        "{prom}"
    );
    assert!(prom.contains("quarterdeck_libyear{repository=\"ledgerline\"} 11.6"));
    // An ungraded repository has no grade sample, rather than 0.
    p.repositories[1].grade = "n/a".into();
    let prom = portfolio_metrics(&p);
    assert!(
        !prom.contains("quarterdeck_grade{repository=\"payroll-batch\""),
        "{prom}"
    );
    assert!(prom.contains("quarterdeck_grade{repository=\"ledgerline\",grade=\"C\"} 3"));
}
