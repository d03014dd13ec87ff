//! Grade and top risks of the populated ledgerline snapshot: exact sentences, ranking by the
//! documented score, and sentences that say only what the snapshot knows.

use crate::common::report_fixture;

use quarterdeck::report::{RiskKind, grade, top_risks};
use report_fixture::populated;

#[test]
fn top_five_risks_are_ranked_by_score_with_plain_sentences() {
    let s = populated();
    let risks = top_risks(&s, 5);
    let got: Vec<(String, f64)> = risks.iter().map(|r| (r.sentence(), r.score)).collect();
    assert_eq!(
        got,
        vec![
            (
                "`billing/invoice.py` changed 41 times since 2026-07-01; its function \
                 `Invoice.apply_discounts` changed 19 times, has cognitive complexity 88 \
                 (cyclomatic 34), has no tests (no test file names it) and 93% of the file's \
                 changed lines are by Dana Whitfield."
                    .to_string(),
                5280.0
            ),
            (
                "`billing/tax_rules.py` changed 17 times since 2026-07-01; its function \
                 `compute_vat` changed 9 times, has cognitive complexity 41 (cyclomatic 22) and \
                 has 21% line coverage."
                    .to_string(),
                820.0
            ),
            (
                "`django` `1.11.29` (pypi direct dependency in `requirements.txt`) is 4 major \
                 versions behind the latest 5.2.1 (6.1 libyears)."
                    .to_string(),
                505.0
            ),
            (
                "`reportlab` `3.5.0` (pypi direct dependency in `requirements.txt`) is 1 major \
                 version behind the latest 4.2.0 (3.4 libyears)."
                    .to_string(),
                220.0
            ),
            (
                "`warehouse/stock_ledger.py` changed 23 times since 2026-07-01; its function \
                 `StockLedger.post_movement` changed 11 times, has cognitive complexity 33 \
                 (cyclomatic 19) and has 80% line coverage."
                    .to_string(),
                198.0
            ),
        ]
    );
    assert_eq!(risks[0].kind, RiskKind::Code);
    assert_eq!(risks[2].kind, RiskKind::Dependency);
    // Each risk carries its most severe finding: the critical cognitive finding here.
    let f = risks[0].finding.as_ref().map(|f| f.rule_id.as_str());
    assert_eq!(f, Some("complexity/cognitive-very-high"));
    // The transitive, yanked `lxml` (465 before its x0.25) is below the direct ones.
    let lxml = top_risks(&s, 20)
        .into_iter()
        .find(|r| r.symbol.as_deref() == Some("lxml"))
        .map(|r| r.score);
    assert_eq!(lxml, Some(116.25));
}

#[test]
fn direct_production_dependencies_rank_above_transitive_and_development_ones() {
    let mut s = populated();
    // A build tool's transitive dependency far behind, and a direct development one.
    let template = s
        .dependencies
        .iter()
        .find(|d| d.name == "django")
        .cloned()
        .expect("django in the fixture");
    let mut commander = template.clone();
    commander.name = "commander".into();
    commander.direct = false;
    commander.lag.majors_behind = Some(13);
    commander.lag.libyear = Some(9.0);
    let mut lint = template.clone();
    lint.name = "pylint".into();
    lint.dev = true;
    lint.lag.majors_behind = Some(6);
    lint.lag.libyear = Some(7.0);
    s.dependencies.push(commander);
    s.dependencies.push(lint);
    let deps: Vec<(String, f64)> = top_risks(&s, 20)
        .into_iter()
        .filter(|r| r.kind == RiskKind::Dependency)
        .map(|r| (r.symbol.unwrap_or_default(), r.score))
        .collect();
    let names: Vec<&str> = deps.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["django", "reportlab", "pylint", "commander", "lxml"],
        "{deps:?}"
    );
    // commander's own score (50 x 22 x 0.25 = 275) is above reportlab's 220, yet it ranks below.
    assert_eq!(deps[3].1, 275.0);
}

#[test]
fn a_sentence_says_only_what_is_known() {
    let s = populated();
    let risks = top_risks(&s, 20);
    let batch = risks
        .iter()
        .find(|r| r.path == "payroll/batch_run.py")
        .map(|r| r.sentence());
    // No history and no test evidence for this file: no "changed", no "no tests".
    assert_eq!(
        batch.as_deref(),
        Some(
            "Function `run_monthly_batch` in `payroll/batch_run.py` has cognitive complexity 52 \
             (cyclomatic 27)."
        )
    );
    // Test files never appear; dependencies that are current or of unknown lag neither.
    assert!(risks.iter().all(|r| !r.path.starts_with("tests/")));
    assert!(risks.iter().all(|r| r.symbol.as_deref() != Some("moment")));
    assert!(
        risks
            .iter()
            .all(|r| r.symbol.as_deref() != Some("python-dateutil"))
    );
    // Ranked: scores never increase.
    assert!(risks.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn tested_code_says_how_it_is_tested() {
    let s = populated();
    let risks = top_risks(&s, 20);
    let stock = risks
        .iter()
        .find(|r| r.path == "warehouse/stock_ledger.py")
        .map(|r| (r.sentence(), r.score));
    assert_eq!(
        stock,
        Some((
            "`warehouse/stock_ledger.py` changed 23 times since 2026-07-01; its function \
             `StockLedger.post_movement` changed 11 times, has cognitive complexity 33 \
             (cyclomatic 19) and has 80% line coverage."
                .to_string(),
            198.0
        ))
    );
}

#[test]
fn the_populated_snapshot_grades_e() {
    let s = populated();
    let g = grade(&s);
    // Unsuppressed findings: 1 critical, 7 high, 4 medium, 1 low = 10 + 35 + 8 + 1 = 54
    // weighted over 4,130 code lines -> D = 13.08, 39.23 points; 2 untested hot paths -> 6;
    // mean libyear (6.1 + 3.4 + 2.1 + 0) / 4 = 2.9 -> 29, capped at 15.
    // 100 - 60.23 = 39.77 -> 39.8 -> E (the critical cap only lowers A and B).
    assert_eq!(s.totals.lines.code, 4130);
    assert_eq!(g.parts[0].input, Some(13.08));
    assert_eq!(g.parts[0].points, 39.23);
    assert_eq!(g.parts[1].points, 6.0);
    assert_eq!(g.parts[2].input, Some(2.9));
    assert_eq!(g.parts[2].points, 15.0);
    assert_eq!(g.score, 39.8);
    assert_eq!(g.letter, 'E');
    assert_eq!(g.capped, None);
}
