//! Matching and classification on hand-made findings: each ranked step, renames, tolerance,
//! severity moves, resolved findings, figure deltas and rule-configuration changes.

use super::compare::*;
use super::read::ReadSnapshot;
use super::*;
use crate::rules::{Category, Finding, Severity};

fn f(
    rule: &str,
    path: &str,
    symbol: Option<&str>,
    line: u32,
    value: Option<f64>,
    fp: &str,
) -> Finding {
    Finding {
        rule_id: rule.into(),
        severity: Severity::Medium,
        category: Category::Complexity,
        path: path.into(),
        start_line: line,
        end_line: line + 10,
        symbol: symbol.map(str::to_string),
        message: format!("{rule} at {line}"),
        metric: None,
        value,
        threshold: None,
        fingerprint: fp.into(),
        suppressed: false,
        suppression: None,
        content_hash: None,
        baseline_status: None,
    }
}

fn snap(findings: Vec<Finding>) -> Snapshot {
    let mut s: Snapshot = serde_json::from_str(include_str!("testdata/minimal.json")).unwrap();
    s.findings = findings;
    s
}

fn base(s: Snapshot) -> ReadSnapshot {
    ReadSnapshot {
        snapshot: s,
        digest: "d1g3st".into(),
        migrated_from: None,
    }
}

const COG: &str = "complexity/cognitive-high";

#[test]
fn exact_fingerprints_match_and_metric_moves_past_the_tolerance_classify() {
    let old = snap(vec![
        f(COG, "a.py", Some("post"), 10, Some(20.0), "p"),
        f(COG, "a.py", Some("settle"), 40, Some(30.0), "s"),
        f(COG, "a.py", Some("close"), 70, Some(18.0), "c"),
        f(COG, "a.py", Some("gone"), 90, Some(18.0), "g"),
    ]);
    let mut new = snap(vec![
        f(COG, "a.py", Some("post"), 12, Some(20.5), "p"), // +2.5%: unchanged
        f(COG, "a.py", Some("settle"), 44, Some(35.0), "s"), // +17%: worsened
        f(COG, "a.py", Some("close"), 75, Some(16.0), "c"), // -11%: improved
        f(COG, "b.py", Some("fresh"), 5, Some(40.0), "n"), // new
    ]);
    compare(&base(old), "q3.json", &mut new, &CompareOptions::default()).unwrap();
    let got: Vec<_> = new
        .findings
        .iter()
        .map(|f| f.baseline_status.unwrap())
        .collect();
    use BaselineStatus::*;
    assert_eq!(got, [Unchanged, Worsened, Improved, New]);
    let d = new.delta.as_ref().unwrap();
    assert_eq!(
        (
            d.findings.new,
            d.findings.unchanged,
            d.findings.worsened,
            d.findings.improved,
            d.findings.resolved
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(d.resolved.len(), 1);
    assert_eq!(d.resolved[0].symbol.as_deref(), Some("gone"));
    let b = new.baseline.as_ref().unwrap();
    assert_eq!((b.path.as_str(), b.digest.as_str()), ("q3.json", "d1g3st"));
    let strict = CompareOptions {
        tolerance: 0.0,
        ..CompareOptions::default()
    };
    let mut again = snap(vec![f(COG, "a.py", Some("post"), 12, Some(20.5), "p")]);
    compare(
        &base(snap(vec![f(
            COG,
            "a.py",
            Some("post"),
            10,
            Some(20.0),
            "p",
        )])),
        "q3",
        &mut again,
        &strict,
    )
    .unwrap();
    assert_eq!(
        again.findings[0].baseline_status,
        Some(Worsened),
        "no tolerance: any rise worsens"
    );
}

#[test]
fn severity_moves_decide_before_values_and_lower_is_worse_rules_invert() {
    let mut o = f(COG, "a.py", Some("post"), 10, Some(30.0), "p");
    o.severity = Severity::High;
    let mut n = f(COG, "a.py", Some("post"), 10, Some(30.0), "p");
    n.severity = Severity::Critical;
    let mut new = snap(vec![n]);
    compare(
        &base(snap(vec![o])),
        "q3",
        &mut new,
        &CompareOptions::default(),
    )
    .unwrap();
    assert_eq!(
        new.findings[0].baseline_status,
        Some(BaselineStatus::Worsened)
    );

    let rule = RuleInfo {
        id: "testing/coverage-low".into(),
        title: "t".into(),
        category: Category::Testing,
        severity: Severity::Medium,
        bands: vec![],
        threshold: Some(50.0),
        lower_is_worse: true,
        options: Default::default(),
        description: String::new(),
        rationale: String::new(),
        remediation: String::new(),
        source: String::new(),
        enabled: true,
    };
    let mut new = snap(vec![f(
        "testing/coverage-low",
        "a.py",
        Some("post"),
        10,
        Some(20.0),
        "x",
    )]);
    new.rules = vec![rule];
    compare(
        &base(snap(vec![f(
            "testing/coverage-low",
            "a.py",
            Some("post"),
            10,
            Some(40.0),
            "x",
        )])),
        "q3",
        &mut new,
        &CompareOptions::default(),
    )
    .unwrap();
    assert_eq!(
        new.findings[0].baseline_status,
        Some(BaselineStatus::Worsened),
        "coverage fell"
    );
}

#[test]
fn renamed_files_match_by_rule_and_symbol_and_renamed_functions_by_matched_text() {
    let mut todo_old = f(
        "maintainability/debt-marker",
        "billing/old_invoice.py",
        Some("post"),
        30,
        None,
        "t-old",
    );
    todo_old.content_hash = Some("h-rounding".into());
    let mut other_todo_old = f(
        "maintainability/debt-marker",
        "billing/old_invoice.py",
        Some("post"),
        33,
        None,
        "t2-old",
    );
    other_todo_old.content_hash = Some("h-retry".into());
    let old = snap(vec![
        f(
            COG,
            "billing/old_invoice.py",
            Some("Invoice.post"),
            10,
            Some(20.0),
            "c-old",
        ),
        todo_old,
        other_todo_old,
    ]);
    // The file was renamed, its function `post` renamed to `post_invoice`, one TODO replaced.
    let mut todo_new = f(
        "maintainability/debt-marker",
        "billing/invoice.py",
        Some("post_invoice"),
        31,
        None,
        "t-new",
    );
    todo_new.content_hash = Some("h-rounding".into());
    let mut other_new = f(
        "maintainability/debt-marker",
        "billing/invoice.py",
        Some("post_invoice"),
        35,
        None,
        "t3-new",
    );
    other_new.content_hash = Some("h-audit-trail".into());
    let mut new = snap(vec![
        f(
            COG,
            "billing/invoice.py",
            Some("Invoice.post"),
            14,
            Some(20.0),
            "c-new",
        ),
        todo_new,
        other_new,
    ]);
    let mut rf: FileReport = serde_json::from_value(serde_json::json!({
        "path": "billing/invoice.py", "language": "python",
        "lines": {"lines": 1, "code": 1, "comment": 0, "blank": 0}, "parse_errors": false,
        "summary": {"functions": 0, "cyclomatic_sum": 0, "cyclomatic_max": 0, "cognitive_sum": 0,
                    "cognitive_max": 0, "nloc_sum": 0, "nloc_max": 0, "params_max": 0, "nesting_max": 0},
        "functions": []
    }))
    .unwrap();
    rf.history = Some(crate::history::FileHistory {
        commits: 2,
        lines_added: 1,
        lines_removed: 1,
        authors: 1,
        main_author: "A".into(),
        main_author_share: 1.0,
        bugfix_commits: 0,
        first_change: String::new(),
        last_change: String::new(),
        renamed_from: vec!["billing/old_invoice.py".into()],
        contributors: vec![],
        change_mapping: crate::history::ChangeMapping::Functions,
        change_mapping_reason: None,
    });
    new.files = vec![rf];
    let mut old_with_file = old.clone();
    old_with_file.files = vec![{
        let mut f = new.files[0].clone();
        f.path = "billing/old_invoice.py".into();
        f.history = None;
        f
    }];
    compare(
        &base(old_with_file),
        "q3",
        &mut new,
        &CompareOptions::default(),
    )
    .unwrap();
    let got: Vec<_> = new
        .findings
        .iter()
        .map(|f| f.baseline_status.unwrap())
        .collect();
    use BaselineStatus::*;
    assert_eq!(got, [Unchanged, Unchanged, New]);
    let d = new.delta.unwrap();
    assert_eq!(d.resolved.len(), 1);
    assert_eq!(d.resolved[0].fingerprint, "t2-old");
    assert_eq!(
        d.renames.get("billing/old_invoice.py").map(String::as_str),
        Some("billing/invoice.py")
    );
}

#[test]
fn equal_findings_pair_up_in_line_order() {
    let old = snap(vec![
        f(COG, "a.py", None, 5, None, "x1"),
        f(COG, "a.py", None, 50, None, "x2"),
    ]);
    let new = snap(vec![
        f(COG, "a.py", None, 52, None, "y2"),
        f(COG, "a.py", None, 7, None, "y1"),
    ]);
    let pairs = match_findings(&old.findings, &new.findings, &Default::default());
    assert_eq!(pairs, [(0, 1), (1, 0)]);
}

#[test]
fn figure_deltas_rule_changes_and_repository_checks() {
    let mut old = snap(vec![]);
    old.figures.insert("cyclomatic_sum".into(), 1000.0);
    old.figures.insert("libyear_total".into(), 12.0);
    let mut rule = RuleInfo::of(crate::rules::RuleSet::builtin().unwrap().get(COG).unwrap());
    old.rules = vec![rule.clone()];
    rule.threshold = Some(20.0);
    let mut new = snap(vec![]);
    new.figures.insert("cyclomatic_sum".into(), 1040.0);
    new.rules = vec![rule];
    compare(
        &base(old.clone()),
        "q3",
        &mut new,
        &CompareOptions::default(),
    )
    .unwrap();
    let d = new.delta.as_ref().unwrap();
    let cs = d.figures["cyclomatic_sum"];
    assert_eq!((cs.old, cs.new, cs.delta), (1000.0, 1040.0, 40.0));
    assert!(
        !d.figures.contains_key("libyear_total"),
        "only figures both snapshots have"
    );
    assert_eq!(d.rule_changes.len(), 1);
    assert_eq!(d.rule_changes[0].change, "thresholds");
    assert_eq!(d.rule_changes[0].old.as_deref(), Some("threshold 15"));
    assert_eq!(d.rule_changes[0].new.as_deref(), Some("threshold 20"));

    let mut other = snap(vec![]);
    other.scan.repository = "payroll".into();
    other.scan.root = "/srv/payroll".into();
    let err = compare(
        &base(old.clone()),
        "q3",
        &mut other.clone(),
        &CompareOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("`ledger`") && err.to_string().contains("--allow-different-repo"),
        "{err}"
    );
    let allow = CompareOptions {
        allow_different_repo: true,
        ..CompareOptions::default()
    };
    assert!(compare(&base(old.clone()), "q3", &mut other, &allow).is_ok());
    // The same remote under another folder name is the same repository.
    let mut a = snap(vec![]);
    a.scan.remote = Some("https://git.example/acme/ledger.git".into());
    let mut b = a.clone();
    b.scan.repository = "ledger-checkout-2".into();
    b.scan.remote = Some("https://git.example/acme/ledger".into());
    assert!(compare(&base(a), "q3", &mut b, &CompareOptions::default()).is_ok());
    // Without a remote, `[report] name` renaming the same folder keeps it the same repository.
    let mut renamed = snap(vec![]);
    renamed.scan.repository = "Ledger (finance)".into();
    assert!(
        compare(
            &base(old.clone()),
            "q3",
            &mut renamed,
            &CompareOptions::default()
        )
        .is_ok()
    );
}

#[test]
fn a_changed_metrics_definition_is_a_rule_change_and_a_tool_change() {
    let mut old = snap(vec![]);
    old.tool.metrics_definition = 1;
    let mut new = snap(vec![]);
    new.tool.metrics_definition = crate::metrics::DEFINITION;
    compare(
        &base(old.clone()),
        "q3",
        &mut new,
        &CompareOptions::default(),
    )
    .unwrap();
    let d = new.delta.as_ref().unwrap();
    assert!(d.tool_version_changed);
    assert_eq!(d.rule_changes.len(), 1);
    assert_eq!(d.rule_changes[0].rule_id, "metrics");
    assert_eq!(d.rule_changes[0].change, "definition");
    assert_eq!(
        d.rule_changes[0].new.as_deref(),
        Some(format!("metrics definition {}", crate::metrics::DEFINITION).as_str())
    );
    // Same definition, same version: no signal.
    let mut same = snap(vec![]);
    let mut again = snap(vec![]);
    same.tool.metrics_definition = again.tool.metrics_definition;
    compare(&base(same), "q3", &mut again, &CompareOptions::default()).unwrap();
    let d = again.delta.as_ref().unwrap();
    assert!(!d.tool_version_changed && d.rule_changes.is_empty());
}

#[test]
fn a_snapshot_without_a_metrics_definition_was_made_under_the_first() {
    let tool: crate::snapshot::Tool =
        serde_json::from_str(r#"{"name": "quarterdeck", "version": "0.1.0"}"#).unwrap();
    assert_eq!(tool.metrics_definition, 1);
}
