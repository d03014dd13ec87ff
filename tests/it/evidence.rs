//! Test evidence end to end: the shop fixture (Python, Go, Java, TypeScript, Rust) committed to
//! a throw-away repository and audited with coverage reports of every format, without coverage,
//! with a report of another repository, a malformed one and a missing one.

use std::path::Path;

use crate::common::git::TestRepo;
use crate::common::{bin, fixtures, read_snapshot, stderr};
use serde_json::Value;

/// The shop fixture committed once (so every function changed in the window).
fn shop() -> TestRepo {
    let repo = TestRepo::new();
    copy_tree(&fixtures().join("evidence/shop"), repo.path());
    repo.commit(
        "Hannelore Brandt",
        "hb@shop.example",
        "2026-11-02T09:00:00Z",
        "Import the shop",
    );
    repo
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn coverage(name: &str) -> String {
    fixtures()
        .join("evidence/coverage")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(repo: &TestRepo, reports: &[&str], extra: &[&str]) -> (Value, String) {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = Vec::new();
    for r in reports {
        args.push("--coverage".into());
        args.push(coverage(r));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    // Not `--quiet`: the notes on stderr are part of what is tested.
    let o = bin()
        .arg("audit")
        .arg(repo.path())
        .arg("--out")
        .arg(out.path())
        .args(&args)
        .output()
        .expect("run quarterdeck");
    assert!(o.status.success(), "{}", stderr(&o));
    (read_snapshot(out.path()), stderr(&o))
}

/// `(qualified name, tests)` of every function of `path`.
fn evidence(s: &Value, path: &str) -> Vec<(String, Value)> {
    let file = s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not measured"));
    file["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["qualified_name"].as_str().unwrap().to_string(),
                g["tests"].clone(),
            )
        })
        .collect()
}

fn cov(coverable: u64, covered: u64) -> Value {
    let mut v = serde_json::json!({
        "evidence": "coverage",
        "coverable_lines": coverable,
        "covered_lines": covered,
    });
    if coverable > 0 {
        v["coverage"] = serde_json::json!(covered as f64 / coverable as f64);
    }
    v
}

fn refs(n: u64) -> Value {
    serde_json::json!({"evidence": "static-reference", "test_files": n})
}

fn test_code() -> Value {
    serde_json::json!({"evidence": "test-code"})
}

fn is_test_file(s: &Value, path: &str) -> bool {
    s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .is_some_and(|f| f["test"] == true)
}

/// Untested-hot-path findings as (path, symbol, message).
fn untested(s: &Value) -> Vec<(String, String, String)> {
    s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "testing/untested-hot-path")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["symbol"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, Value)]) -> Vec<(String, Value)> {
    v.iter().map(|(n, t)| (n.to_string(), t.clone())).collect()
}

#[test]
fn every_coverage_format_maps_onto_functions() {
    let repo = shop();
    let (s, err) = run(
        &repo,
        &[
            "billing.lcov",
            "payroll.out",
            "jacoco.xml",
            "web-cobertura.xml",
        ],
        &[],
    );
    assert_eq!(
        evidence(&s, "billing/invoice.py"),
        owned(&[
            ("Invoice.__init__", cov(2, 2)),
            ("compute_total", cov(18, 12)),
            ("reconcile_credit_notes", cov(19, 3)),
        ])
    );
    assert_eq!(
        evidence(&s, "payroll/run.go"),
        owned(&[("NetPay", cov(4, 3)), ("Run.Settle", cov(23, 3))])
    );
    assert_eq!(
        evidence(&s, "ledger-java/src/main/java/com/acme/ledger/Posting.java"),
        owned(&[
            ("Posting.Posting", cov(2, 2)),
            ("Posting.isOpen", cov(1, 1)),
            ("Posting.post", cov(14, 8)),
        ])
    );
    assert_eq!(
        evidence(&s, "web/src/cart.ts"),
        owned(&[
            ("cartTotal", cov(15, 10)),
            ("itemCount", cov(1, 0)),
            // A one-line arrow: its line is the statement's that holds it; not judged.
            ("itemCount.<anonymous>@33", cov(0, 0)),
        ])
    );
    // No report covers these: static references decide.
    assert_eq!(
        evidence(&s, "billing/statements.py"),
        owned(&[("statement_lines", refs(0))])
    );
    assert_eq!(
        evidence(&s, "ledger/src/lib.rs"),
        owned(&[
            ("post_entry", refs(1)),
            ("close_period", refs(0)),
            ("tests::rejects_empty_entries", test_code()),
        ])
    );
    assert_eq!(
        evidence(&s, "billing/tests/test_invoice.py"),
        owned(&[
            ("Line.__init__", test_code()),
            ("test_total_applies_tax", test_code()),
        ])
    );
    assert!(is_test_file(&s, "billing/tests/test_invoice.py"));
    assert!(is_test_file(&s, "payroll/run_test.go"));
    assert!(!is_test_file(&s, "ledger/src/lib.rs"));

    let summary = &s["test_evidence"];
    let inputs: Vec<(Value, u64, u64, u64)> = summary["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["format"].clone(),
                c["entries"].as_u64().unwrap(),
                c["matched"].as_u64().unwrap(),
                c["unmatched"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        vec![
            ("lcov".into(), 3, 2, 1),
            ("go-cover".into(), 1, 1, 0),
            ("jacoco".into(), 1, 1, 0),
            ("cobertura".into(), 1, 1, 0),
        ]
    );
    assert_eq!(
        summary["coverage"][0]["unmatched_examples"],
        serde_json::json!(["/home/ci/builds/shop/billing/vendor_shim.py"])
    );
    assert_eq!(summary["test_files"], 2);
    assert_eq!(summary["functions_with_coverage"], 10);
    assert_eq!(summary["functions_with_static_evidence"], 3);
    assert_eq!(summary["functions_not_judged"], 1);
    // Covered lines > 0 or a test mention: all but itemCount, reconcile's 3/19 counts as
    // tested (some lines ran), statement_lines and close_period; the arrow is not judged.
    assert_eq!(summary["functions_tested"], 10);

    // The unmatched entry is a note, and a problem in the snapshot.
    assert!(
        err.contains("1 of the 3 source files in the report match no measured file"),
        "{err}"
    );

    assert_eq!(
        untested(&s),
        vec![
            (
                "billing/invoice.py".into(),
                "reconcile_credit_notes".into(),
                "changed in 1 commit in the window, cyclomatic complexity 11 (threshold 10), and line coverage 16% (3 of 19 coverable lines; coverage report, threshold 50%)".into()
            ),
            (
                "billing/statements.py".into(),
                "statement_lines".into(),
                "changed in 1 commit in the window, cyclomatic complexity 12 (threshold 10), and no test file mentions `statement_lines` (static test references; no coverage report for this file)".into()
            ),
            (
                "ledger/src/lib.rs".into(),
                "close_period".into(),
                "changed in 1 commit in the window, cyclomatic complexity 11 (threshold 10), and no test file mentions `close_period` (static test references; no coverage report for this file)".into()
            ),
            (
                "payroll/run.go".into(),
                "Run.Settle".into(),
                "changed in 1 commit in the window, cyclomatic complexity 11 (threshold 10), and line coverage 13% (3 of 23 coverable lines; coverage report, threshold 50%)".into()
            ),
        ]
    );
}

#[test]
fn without_coverage_static_references_decide() {
    let repo = shop();
    let (s, _) = run(&repo, &[], &[]);
    assert_eq!(
        evidence(&s, "billing/invoice.py"),
        owned(&[
            // `Invoice(...)` in the test names the class: the constructor counts as referenced.
            ("Invoice.__init__", refs(1)),
            ("compute_total", refs(1)),
            ("reconcile_credit_notes", refs(0)),
        ])
    );
    assert_eq!(
        evidence(&s, "payroll/run.go"),
        owned(&[("NetPay", refs(1)), ("Run.Settle", refs(0))])
    );
    assert_eq!(s["test_evidence"]["coverage"], serde_json::json!([]));
    assert_eq!(s["test_evidence"]["functions_with_coverage"], 0);
    let symbols: Vec<String> = untested(&s).into_iter().map(|(_, sym, _)| sym).collect();
    assert_eq!(
        symbols,
        [
            "reconcile_credit_notes",
            "statement_lines",
            "Posting.post",
            "close_period",
            "Run.Settle",
            "cartTotal"
        ]
    );
    for (_, _, message) in untested(&s) {
        assert!(message.contains("static test references"), "{message}");
    }
}

#[test]
fn configured_test_paths_add_test_files() {
    let repo = shop();
    repo.write(
        "qa/checks.py",
        "from billing.statements import statement_lines\n\n\ndef check_statement():\n    assert statement_lines(None, 1, None) == []\n",
    );
    repo.write("quarterdeck.toml", "[tests]\npaths = [\"qa\"]\n");
    repo.commit(
        "Hannelore Brandt",
        "hb@shop.example",
        "2026-11-03T09:00:00Z",
        "QA checks",
    );
    let (s, _) = run(&repo, &[], &[]);
    assert!(is_test_file(&s, "qa/checks.py"));
    assert_eq!(
        evidence(&s, "billing/statements.py"),
        owned(&[("statement_lines", refs(1))])
    );
    assert!(
        !untested(&s)
            .iter()
            .any(|(_, sym, _)| sym == "statement_lines")
    );
}

#[test]
fn bad_coverage_reports_are_problems_and_the_audit_goes_on() {
    let repo = shop();
    let missing = repo.path().join("no-such-report.info");
    let missing = missing.to_string_lossy().into_owned();
    let (s, err) = run(
        &repo,
        &["other-repository.lcov", "truncated-cobertura.xml"],
        &["--coverage", &missing],
    );
    let problems: Vec<(String, Option<u64>, String)> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stage"] == "coverage")
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["line"].as_u64(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    let find = |suffix: &str| {
        problems
            .iter()
            .find(|(p, _, _)| p.ends_with(suffix))
            .unwrap_or_else(|| panic!("no problem for {suffix}: {problems:?}"))
    };
    let (_, line, msg) = find("other-repository.lcov");
    assert_eq!(*line, None);
    assert!(
        msg.starts_with(
            "none of the 2 source files in the report is a measured file of this repository"
        ),
        "{msg}"
    );
    let (_, line, msg) = find("truncated-cobertura.xml");
    assert_eq!(*line, Some(14), "{msg}");
    assert!(msg.starts_with("malformed Cobertura XML: "), "{msg}");
    assert!(msg.ends_with("the report is not used"), "{msg}");
    let (_, _, msg) = find("no-such-report.info");
    assert!(msg.starts_with("cannot read coverage report"), "{msg}");
    // Every problem is a note on stderr.
    for (path, _, _) in &problems {
        assert!(err.contains(path.as_str()), "{path} not in {err}");
    }
    // No usable report: every function rests on static references; the rest of the audit ran.
    assert_eq!(s["test_evidence"]["functions_with_coverage"], 0);
    assert_eq!(
        evidence(&s, "billing/invoice.py")[1],
        ("compute_total".to_string(), refs(1))
    );
    assert!(s["history"]["commits"].as_u64().unwrap() >= 1);
    assert!(!s["findings"].as_array().unwrap().is_empty());
}

#[test]
fn a_report_older_than_the_code_is_flagged() {
    let repo = shop();
    // The Go profile lists lines up to 55; shorten run.go so they no longer exist.
    let short = "package payroll\n\nfunc NetPay(gross, deduction float64) float64 {\n\treturn gross - deduction\n}\n";
    repo.write("payroll/run.go", short);
    repo.commit(
        "Hannelore Brandt",
        "hb@shop.example",
        "2026-11-04T09:00:00Z",
        "Trim payroll",
    );
    let (s, err) = run(&repo, &["payroll.out"], &[]);
    assert!(
        err.contains(
            "the report lists lines past the end of 1 file (`payroll/run.go` (line 55 of 5))"
        ),
        "{err}"
    );
    // Still used: NetPay's span (lines 3-5) holds no line of the old profile's blocks but 22+.
    assert_eq!(
        evidence(&s, "payroll/run.go"),
        owned(&[("NetPay", cov(0, 0))])
    );
}

/// The tally fixture (a small Python project with its own tests) committed once, and its
/// reports written by coverage.py itself (`scripts/coverage_fixture.sh`).
fn tally() -> TestRepo {
    let repo = TestRepo::new();
    copy_tree(&fixtures().join("evidence/tally"), repo.path());
    repo.commit(
        "Hannelore Brandt",
        "hb@shop.example",
        "2026-11-02T09:00:00Z",
        "Import tally",
    );
    repo
}

/// coverage.py's function regions of `file` (its JSON report's `functions`, module region
/// left out), keyed by start line: (name, executed lines, missing lines).
fn coverage_py_regions(file: &str) -> Vec<(u64, String, usize, usize)> {
    let path = fixtures().join("evidence/tally/coverage/coverage.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out: Vec<(u64, String, usize, usize)> = json["files"][file]["functions"]
        .as_object()
        .unwrap_or_else(|| panic!("coverage.json has no functions for {file}"))
        .iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, f)| {
            (
                f["start_line"].as_u64().unwrap(),
                name.clone(),
                f["executed_lines"].as_array().unwrap().len(),
                f["missing_lines"].as_array().unwrap().len(),
            )
        })
        .collect();
    out.sort();
    out
}

/// (start line, qualified name, tests) of every function of `path`.
fn functions_of(s: &Value, path: &str) -> Vec<(u64, String, Value)> {
    s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not measured"))["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["start_line"].as_u64().unwrap(),
                g["qualified_name"].as_str().unwrap().to_string(),
                g["tests"].clone(),
            )
        })
        .collect()
}

#[test]
fn verdicts_agree_with_coverage_py_function_regions() {
    let repo = tally();
    let reports = fixtures().join("evidence/tally/coverage");
    let mut seen: Vec<Value> = Vec::new();
    for report in ["coverage.xml", "coverage.lcov"] {
        let out = tempfile::tempdir().unwrap();
        let o = bin()
            .arg("audit")
            .arg(repo.path())
            .arg("--out")
            .arg(out.path())
            .arg("--coverage")
            .arg(reports.join(report))
            .args(["--format", "json", "--offline"])
            .output()
            .expect("run quarterdeck");
        assert!(o.status.success(), "{}", stderr(&o));
        let s = read_snapshot(out.path());
        for file in ["tally/ledger.py", "tally/rates.py"] {
            let ours = functions_of(&s, file);
            for (start, name, executed, missing) in coverage_py_regions(file) {
                let found: Vec<_> = ours.iter().filter(|(l, _, _)| *l == start).collect();
                if executed + missing == 0 {
                    // Excluded by the project's configuration: an `@overload` or abstract
                    // declaration is no function; `# pragma: no cover` is not judged.
                    assert!(
                        found.iter().all(|(_, _, t)| t["coverable_lines"] == 0),
                        "{report}: {name} (line {start}) has no line for coverage.py: {found:?}"
                    );
                    continue;
                }
                assert_eq!(found.len(), 1, "{report}: {name} at line {start}: {ours:?}");
                let (_, ours_name, t) = found[0];
                // Same lines as coverage.py's region: the body without the header, without
                // the body lines of nested functions.
                assert_eq!(
                    (t["coverable_lines"].as_u64(), t["covered_lines"].as_u64()),
                    (Some((executed + missing) as u64), Some(executed as u64)),
                    "{report}: {name} / {ours_name} at line {start}"
                );
            }
            // Every function we judge is a coverage.py region; the others (lambdas inside the
            // multi-line `COLUMNS` literal, the `# pragma: no cover` method) are not judged.
            let regions: Vec<u64> = coverage_py_regions(file).iter().map(|r| r.0).collect();
            for (start, name, t) in &ours {
                if !regions.contains(start) {
                    assert_eq!(t["coverable_lines"], 0, "{report}: {name} is judged");
                }
            }
        }
        seen.push(s);
    }
    let s = &seen[0];
    // Identities: the property pair is told apart, the `@overload` stubs are gone, the
    // `.pyi` stub measures no function.
    let names: Vec<String> = functions_of(s, "tally/ledger.py")
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    for want in [
        "Posting.signed.getter",
        "Posting.signed.setter",
        "Ledger.total",
        "Ledger.balance_by_account.add",
        "<anonymous>@48",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(want)),
            "{want} in {names:?}"
        );
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        names.len(),
        "identities are distinct: {names:?}"
    );
    assert_eq!(names.iter().filter(|n| n.contains("total")).count(), 1);
    assert!(
        !names
            .iter()
            .any(|n| n == "Exporter.write" || n == "Exporter.flush")
    );
    assert!(functions_of(s, "tally/rates.pyi").is_empty());
    assert_eq!(
        functions_of(s, "tally/rates.py")
            .iter()
            .map(|(_, n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["convert", "inverse"]
    );
    // The summary, the same from XML and LCOV: 21 functions judged by coverage (coverage.py's
    // 21 regions with a line), 13 of them ran; dump (`# pragma: no cover`) and the two
    // COLUMNS lambdas are not judged; the share counts judged functions only.
    for s in &seen {
        let te = &s["test_evidence"];
        assert_eq!(
            (
                te["functions_with_coverage"].as_u64(),
                te["functions_with_static_evidence"].as_u64(),
                te["functions_not_judged"].as_u64(),
                te["functions_tested"].as_u64(),
            ),
            (Some(21), Some(0), Some(3), Some(13))
        );
        assert_eq!(s["figures"]["functions_tested_share"], 0.62);
    }
}
