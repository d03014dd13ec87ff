//! Snapshot comparison through the binary: `diff` classes and exit codes, snapshot
//! compatibility (older schema migrated; newer, unknown, truncated, foreign refused), the
//! repository check, and `trend` over four quarters with a gap and a tool-version change.

use std::path::{Path, PathBuf};

use crate::common::{bin, fixtures, stderr};
use serde_json::Value;

const LEDGER_Q3: &str = r#"def post(entries, ledger, mode):
    total = 0
    for e in entries:
        if e.kind == "A" and mode:
            if e.ok:
                for x in e.lines:
                    if x and not mode:
                        total += 1
                    elif x or e.ok:
                        total += 2
        elif e.kind == "B":
            total -= 1
    return total


def fmt(amount):
    try:
        return "%.2f" % amount
    except ValueError:
        pass
"#;

/// Audit `files` (written into a fresh folder named `name`) at `epoch`; the snapshot's path.
fn audit_at(
    tmp: &Path,
    name: &str,
    files: &[(&str, &str)],
    epoch: &str,
    extra: &[&str],
) -> PathBuf {
    let root = tmp.join(name).join("ledger");
    for (p, text) in files {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = tmp.join(name).join("out");
    let o = bin()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["audit", "--quiet", "--format", "json", "--out"])
        .arg(&out)
        .arg(&root)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success() || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    out.join("snapshot.json")
}

fn json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn diff_classifies_and_the_gate_sets_the_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let q3 = audit_at(
        tmp.path(),
        "q3",
        &[("post.py", LEDGER_Q3)],
        "1790000000",
        &[],
    );
    // Q4: `fmt` no longer swallows the error; `post` gains a branch; lines shift.
    let q4_src = format!("# ledger posting\n\n{}", LEDGER_Q3)
        .replace("        elif e.kind == \"B\":", "        elif e.kind == \"B\" or e.kind == \"C\":\n            if mode:\n                total -= 2")
        .replace("    except ValueError:\n        pass\n", "    except ValueError:\n        raise\n");
    let q4 = audit_at(tmp.path(), "q4", &[("post.py", &q4_src)], "1797000000", &[]);
    let o = bin()
        .args(["diff", "--json"])
        .arg(&q3)
        .arg(&q4)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let classes: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["baseline_status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        classes.contains(&("complexity/cognitive-high".into(), "worsened".into())),
        "{classes:?}"
    );
    assert!(classes.iter().all(|(_, c)| c != "new"), "{classes:?}");
    let resolved: Vec<&str> = v["delta"]["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(resolved, ["maintainability/empty-catch"]);
    assert_eq!(v["baseline"]["path"], q3.display().to_string());
    assert_eq!(v["delta"]["figures"]["functions"]["delta"], 0.0);

    // Text form names each class.
    let o = bin().arg("diff").arg(&q3).arg(&q4).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("resolved post.py:"), "{text}");
    assert!(text.contains("worsened post.py:"), "{text}");

    // Gate: severities over all findings, or only new and worsened ones.
    let code = |args: &[&str]| {
        bin()
            .arg("diff")
            .arg(&q3)
            .arg(&q4)
            .args(args)
            .output()
            .unwrap()
    };
    let o = code(&["--fail-on", "critical"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = code(&["--fail-on", "medium"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("quality gate failed"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--fail-on medium"), "{}", stderr(&o));
    let o = code(&["--fail-on", "new:low"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the worsened finding is new-or-worsened"
    );
    let o = code(&["--fail-on", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("new:SEVERITY"), "{}", stderr(&o));

    // --out writes the compared snapshot, which every report can be drawn from.
    let out = tmp.path().join("compared.json");
    let o = code(&["--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    let s = json(&out);
    assert!(
        s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline_status"].is_string())
    );
    assert_eq!(s["delta"]["findings"]["resolved"], 1);
}

#[test]
fn audit_with_a_baseline_stores_the_comparison_in_the_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let q3 = audit_at(
        tmp.path(),
        "q3",
        &[("post.py", LEDGER_Q3)],
        "1790000000",
        &[],
    );
    let q4 = audit_at(
        tmp.path(),
        "q4",
        &[("post.py", LEDGER_Q3)],
        "1797000000",
        &["--baseline", q3.to_str().unwrap(), "--fail-on", "new:low"],
    );
    let s = json(&q4);
    assert_eq!(
        s["delta"]["findings"]["unchanged"].as_u64().unwrap() as usize,
        s["findings"].as_array().unwrap().len()
    );
    assert_eq!(s["delta"]["findings"]["new"], 0);
    assert_eq!(s["gate"]["passed"], true);
    assert_eq!(s["baseline"]["digest"].as_str().unwrap().len(), 64);
}

#[test]
fn old_schemas_are_migrated_and_bad_snapshots_are_exit_2_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let q4 = audit_at(
        tmp.path(),
        "q4",
        &[("post.py", LEDGER_Q3)],
        "1797000000",
        &[],
    );
    // What quarterdeck 0.1 (schema 1) wrote for the same `ledger/post.py`: no figures, rules,
    // repository, history, dependencies or comparison blocks.
    let old = fixtures().join("snapshots/schema-1-ledger.json");
    let v1 = json(&old);
    assert_eq!(v1["schema_version"], 1);
    assert!(v1.get("figures").is_none() && v1["scan"].get("repository").is_none());
    let o = bin()
        .args(["diff", "--json"])
        .arg(&old)
        .arg(&q4)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["baseline"]["schema_version"], 1,
        "the baseline's own schema is recorded"
    );
    assert!(
        v["delta"]["figures"]["cyclomatic_sum"].is_object(),
        "figures computed for the old snapshot"
    );
    assert_eq!(v["delta"]["figures"]["cyclomatic_sum"]["delta"], 0.0);
    assert_eq!(v["delta"]["findings"]["new"], 0);
    assert_eq!(v["delta"]["findings"]["resolved"], 0);
    assert_eq!(
        v["delta"]["findings"]["unchanged"],
        v1["findings"].as_array().unwrap().len()
    );

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "newer.json",
            br#"{"schema_version": 99, "tool": {}}"#.to_vec(),
            "schema_version 99; this quarterdeck reads up to 2: upgrade quarterdeck",
        ),
        (
            "zero.json",
            br#"{"schema_version": 0}"#.to_vec(),
            "schema_version 0, which no quarterdeck release wrote",
        ),
        (
            "truncated.json",
            std::fs::read(&q4).unwrap()[..400].to_vec(),
            "the file is truncated",
        ),
        (
            "package.json",
            br#"{"name": "billing-ui", "version": "1.0.0"}"#.to_vec(),
            "no `schema_version`",
        ),
        (
            "binary.json",
            vec![0xff, 0xfe, 0x00, 0x01],
            "not valid JSON",
        ),
        (
            "shape.json",
            br#"{"schema_version": 2, "tool": "x"}"#.to_vec(),
            "does not have the snapshot's shape",
        ),
    ];
    for (name, bytes, wanted) in cases {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = bin().arg("diff").arg(&p).arg(&q4).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(wanted) && e.contains(name), "{name}: {e}");
        assert_eq!(e.lines().count(), 1, "{e}");
        let o = bin()
            .args(["audit", "--quiet", "--format", "json", "--out"])
            .arg(tmp.path().join("never"))
            .arg("--baseline")
            .arg(&p)
            .arg(tmp.path().join("q4/ledger"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "audit --baseline {name}");
        assert!(
            !tmp.path().join("never/snapshot.json").exists(),
            "nothing written on a bad baseline"
        );
    }
}

#[test]
fn snapshots_of_different_repositories_are_refused_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let a = audit_at(
        tmp.path(),
        "a",
        &[("post.py", LEDGER_Q3)],
        "1790000000",
        &[],
    );
    let mut other = json(&a);
    // Another repository: another name and another folder (the same folder renamed by
    // `[report] name` stays the same repository).
    other["scan"]["repository"] = Value::from("payroll");
    other["scan"]["root"] = Value::from("/srv/payroll");
    let b = tmp.path().join("payroll.json");
    std::fs::write(&b, serde_json::to_vec(&other).unwrap()).unwrap();
    let o = bin().arg("diff").arg(&a).arg(&b).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--allow-different-repo"),
        "{}",
        stderr(&o)
    );
    let o = bin()
        .arg("diff")
        .arg(&a)
        .arg(&b)
        .arg("--allow-different-repo")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn trend_over_four_snapshots_orders_them_and_shows_gaps_and_tool_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("audits");
    std::fs::create_dir_all(&dir).unwrap();
    // 2026-01-15, 2026-04-15, 2026-10-15 (no Q3), 2027-01-15; written out of order.
    let quarters = [
        ("2026-Q4.json", "1792022400", 3),
        ("2026-Q1.json", "1768435200", 0),
        ("2027-Q1.json", "1799971200", 4),
        ("2026-Q2.json", "1776211200", 1),
    ];
    for (name, epoch, extra_fns) in quarters {
        let mut src = LEDGER_Q3.to_string();
        for i in 0..extra_fns {
            src.push_str(&format!(
                "\n\ndef helper_{i}(x):\n    if x:\n        return 1\n    return 0\n"
            ));
        }
        let snap = audit_at(tmp.path(), name, &[("post.py", &src)], epoch, &[]);
        let mut v = json(&snap);
        if name == "2027-Q1.json" {
            v["tool"]["version"] = Value::from("0.2.0");
        }
        std::fs::write(dir.join(name), serde_json::to_vec(&v).unwrap()).unwrap();
    }
    let out = tmp.path().join("trend");
    let o = bin()
        .arg("trend")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no snapshot for 2026-Q3"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("quarterdeck 0.2.0"), "{}", stderr(&o));
    let t = json(&out.join("trend.json"));
    let labels: Vec<&str> = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q4", "2027-Q1"]);
    assert_eq!(
        t["figures"]["functions"],
        serde_json::json!([2.0, 3.0, 5.0, 6.0])
    );
    assert_eq!(
        t["gaps"],
        serde_json::json!([{"label": "2026-Q3", "after": 1, "before": 2}])
    );
    assert_eq!(t["tool_version_changes"], serde_json::json!([3]));
    assert_eq!(
        t["rules"]["maintainability/empty-catch"],
        serde_json::json!([1, 1, 1, 1])
    );
    assert_eq!(
        t["categories"]["maintainability"].as_array().unwrap().len(),
        4
    );
    // A folder with a file that is not a snapshot is an error naming it.
    std::fs::write(dir.join("notes.json"), b"{\"hello\": 1}").unwrap();
    let o = bin().arg("trend").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notes.json"), "{}", stderr(&o));
}

#[test]
fn merge_makes_one_portfolio_of_many_repositories() {
    let tmp = tempfile::tempdir().unwrap();
    let a = audit_at(
        tmp.path(),
        "a",
        &[("post.py", LEDGER_Q3)],
        "1790000000",
        &[],
    );
    let mut b_json = json(&audit_at(
        tmp.path(),
        "b",
        &[
            ("post.py", LEDGER_Q3),
            ("fmt.py", "def f(x):\n    return x\n"),
        ],
        "1790000000",
        &[],
    ));
    b_json["scan"]["repository"] = Value::from("payroll");
    let b = tmp.path().join("payroll.json");
    std::fs::write(&b, serde_json::to_vec(&b_json).unwrap()).unwrap();
    let out = tmp.path().join("portfolio.json");
    let o = bin()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let p = json(&out);
    assert_eq!(p["kind"], "portfolio");
    let repos: Vec<&str> = p["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["repository"].as_str().unwrap())
        .collect();
    assert_eq!(repos, ["ledger", "payroll"]);
    assert_eq!(p["figures"]["functions"], 5.0, "2 + 3 functions");
    assert!(!p["top_risks"].as_array().unwrap().is_empty());
    // The same repository twice is refused.
    let o = bin()
        .arg("merge")
        .arg(&a)
        .arg(&a)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("one snapshot per repository"),
        "{}",
        stderr(&o)
    );
    // A portfolio is not a baseline.
    let o = bin().arg("diff").arg(&out).arg(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a portfolio"), "{}", stderr(&o));
}
