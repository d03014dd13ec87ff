//! `quarterdeck trend` through the binary: snapshots are ordered by their HEAD commit date, not
//! by file name nor by generation time; a quarter without a snapshot is a gap in `trend.json`
//! and a note on stderr; without a commit date the generation date orders them.

use crate::common::quarterly;

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::git::TestRepo;
use crate::common::{bin, stderr};
use quarterly::{ANA, BEN, helper, read_json, write};
use serde_json::{Value, json};

/// Audit `root` into a scratch folder at generation time `epoch`, and keep its snapshot as
/// `dir/name`.
fn audit_as(root: &Path, dir: &Path, name: &str, epoch: &str) -> PathBuf {
    let out = dir.join(format!("{name}.out"));
    let o = bin()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["audit", "--quiet", "--format", "json", "--out"])
        .arg(&out)
        .arg(root)
        .output()
        .expect("run quarterdeck audit");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let kept = dir.join(name);
    std::fs::rename(out.join("snapshot.json"), &kept).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    kept
}

fn trend(args: &[&Path], out: Option<&Path>) -> Output {
    let mut c = bin();
    c.arg("trend");
    for a in args {
        c.arg(a);
    }
    if let Some(o) = out {
        c.arg("--out").arg(o);
    }
    c.output().expect("run quarterdeck trend")
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| p[key].as_str().unwrap_or("-").to_string())
        .collect()
}

/// One payroll function more per quarter: 2026-Q1, Q2, Q4 and 2027-Q1 (no commit in 2026-Q3).
/// Each snapshot is written right after its commit, under a name and at a generation time
/// whose orders differ from the commits' order.
#[test]
fn trend_orders_by_head_commit_date_and_shows_the_missing_quarter() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("audits");
    std::fs::create_dir_all(&dir).unwrap();
    let repo = TestRepo::new();
    // (commit date, author, snapshot name, generated at)
    let quarters = [
        ("2026-02-10T09:00:00Z", ANA, "run-3.json", "1803888000"), // generated 2027-03-01
        ("2026-05-12T09:00:00Z", BEN, "run-1.json", "1796112000"), // generated 2026-12-01
        ("2026-11-03T09:00:00Z", ANA, "run-4.json", "1794729600"), // generated 2026-11-15
        ("2027-02-09T09:00:00Z", BEN, "run-2.json", "1803110400"), // generated 2027-02-20
    ];
    let mut commits = Vec::new();
    let mut source = String::new();
    for (i, (date, who, name, epoch)) in quarters.iter().enumerate() {
        source.push_str(&helper(i));
        source.push('\n');
        repo.write("payroll/overtime.py", &source);
        commits.push(repo.commit(who.0, who.1, date, &format!("Overtime rule {i}")));
        audit_as(repo.path(), &dir, name, epoch);
    }
    let by_commit: Vec<String> = quarters
        .iter()
        .map(|q| dir.join(q.2).display().to_string())
        .collect();
    // The three orders differ: by name run-1..4, by generation time run-4, run-1, run-2, run-3.
    let generated: Vec<String> = ["run-4.json", "run-1.json", "run-2.json", "run-3.json"]
        .iter()
        .map(|n| dir.join(n).display().to_string())
        .collect();
    let mut by_name = by_commit.clone();
    by_name.sort();
    assert_ne!(by_name, by_commit);
    assert_ne!(generated, by_commit);
    assert_ne!(generated, by_name);

    let out = tmp.path().join("trend");
    let o = trend(&[&dir], Some(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = read_json(&out.join("trend.json"));
    assert_eq!(strings(&t, "source"), by_commit);
    assert_eq!(
        strings(&t, "label"),
        ["2026-Q1", "2026-Q2", "2026-Q4", "2027-Q1"]
    );
    assert_eq!(strings(&t, "head_commit"), commits);
    assert_eq!(
        strings(&t, "date"),
        quarters.map(|q| q.0.to_string()).to_vec()
    );
    assert_eq!(
        strings(&t, "generated_at"),
        [
            "2027-03-01T08:00:00Z",
            "2026-12-01T08:00:00Z",
            "2026-11-15T08:00:00Z",
            "2027-02-20T08:00:00Z"
        ]
    );
    assert_eq!(t["figures"]["functions"], json!([1.0, 2.0, 3.0, 4.0]));
    // Each 90-day window back from its HEAD holds that quarter's one commit.
    assert_eq!(t["figures"]["history_commits"], json!([1.0, 1.0, 1.0, 1.0]));
    // 2026-Q3 had no snapshot: a gap between the 2nd and 3rd points, and a note.
    assert_eq!(
        t["gaps"],
        json!([{"label": "2026-Q3", "after": 1, "before": 2}])
    );
    assert_eq!(t["tool_version_changes"], json!([]));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "quarterdeck: 4 snapshots; wrote {}",
            out.join("trend.json").display()
        )),
        "{e}"
    );
    assert!(
        e.lines()
            .any(|l| l == "quarterdeck: note: no snapshot for 2026-Q3"),
        "{e}"
    );
    assert_eq!(e.matches("no snapshot for").count(), 1, "{e}");

    // The files named one by one, in name order, or the other way round: the same series.
    let mut files: Vec<PathBuf> = by_name.iter().map(PathBuf::from).collect();
    for _ in 0..2 {
        let args: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let o = trend(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let printed: Value = serde_json::from_slice(&o.stdout).expect("trend JSON on stdout");
        assert_eq!(printed, t);
        assert!(stderr(&o).contains("no snapshot for 2026-Q3"));
        files.reverse();
    }
}

#[test]
fn consecutive_quarters_across_a_year_end_have_no_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("audits");
    std::fs::create_dir_all(&dir).unwrap();
    let repo = TestRepo::new();
    let mut source = String::new();
    for (i, date) in ["2026-12-30T18:00:00Z", "2027-01-02T08:00:00Z"]
        .iter()
        .enumerate()
    {
        source.push_str(&helper(i));
        repo.write("payroll/overtime.py", &source);
        repo.commit(ANA.0, ANA.1, date, "Year-end overtime");
        // The later commit gets the earlier name and generation time.
        let name = format!("{}.json", ["b", "a"][i]);
        audit_as(repo.path(), &dir, &name, ["1803888000", "1794729600"][i]);
    }
    let o = trend(&[&dir], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(strings(&t, "label"), ["2026-Q4", "2027-Q1"]);
    assert_eq!(
        strings(&t, "source"),
        [
            dir.join("b.json").display().to_string(),
            dir.join("a.json").display().to_string()
        ]
    );
    assert_eq!(t["gaps"], json!([]));
    assert!(!stderr(&o).contains("no snapshot"), "{}", stderr(&o));
}

#[test]
fn without_a_commit_date_the_generation_date_orders_the_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("audits");
    std::fs::create_dir_all(&dir).unwrap();
    // Not a git repository: no HEAD commit, so the generation date stands for the snapshot.
    let root = tmp.path().join("ledger");
    let runs = [
        ("z-first.json", "1768910400", 1),  // 2026-01-20
        ("a-second.json", "1776686400", 2), // 2026-04-20
        ("m-third.json", "1792497600", 3),  // 2026-10-20
    ];
    for (name, epoch, n) in runs {
        let text: String = (0..n).map(|i| helper(i) + "\n").collect();
        write(&root, "ledger/close.py", &text);
        audit_as(&root, &dir, name, epoch);
    }
    let o = trend(&[&dir], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        strings(&t, "source"),
        runs.map(|r| dir.join(r.0).display().to_string()).to_vec()
    );
    assert_eq!(strings(&t, "head_commit"), ["-", "-", "-"]);
    assert_eq!(strings(&t, "date"), strings(&t, "generated_at"));
    assert_eq!(strings(&t, "label"), ["2026-Q1", "2026-Q2", "2026-Q4"]);
    assert_eq!(t["figures"]["functions"], json!([1.0, 2.0, 3.0]));
    assert_eq!(
        t["gaps"],
        json!([{"label": "2026-Q3", "after": 1, "before": 2}])
    );
    assert!(
        stderr(&o)
            .lines()
            .any(|l| l == "quarterdeck: note: no snapshot for 2026-Q3"),
        "{}",
        stderr(&o)
    );
}
