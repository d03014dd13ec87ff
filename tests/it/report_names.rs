//! Repository names as the reports show them: taken from the `origin` remote's meaningful
//! components, overridden by `[report] name`, and told apart in a portfolio.

use std::path::Path;

use crate::common::git::TestRepo;
use crate::common::{audit, bin, read_snapshot, stderr};

/// A small legacy module, committed, with `origin` set to `remote`.
fn repository(remote: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "billing/invoice.py",
        "def total(lines):\n    s = 0\n    for l in lines:\n        if l.qty > 0:\n            s += l.qty * l.price\n    return s\n",
    );
    repo.commit(
        "Margaret Okafor",
        "m@ledger.example",
        "2026-07-01T10:00:00Z",
        "Import the invoicing module",
    );
    repo.git(&["remote", "add", "origin", remote]);
    repo
}

fn audited(repo: &TestRepo, out: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--offline"];
    all.extend_from_slice(if args.is_empty() {
        &["--format", "json"]
    } else {
        args
    });
    let o = audit(repo.path(), out, &all);
    assert!(o.status.success(), "{}", stderr(&o));
    read_snapshot(out)
}

#[test]
fn a_portfolio_of_five_repositories_whose_remotes_end_in_repo_names_each() {
    let remotes = [
        (
            "https://git.example/finance/billing/repo.git",
            "finance/billing",
        ),
        ("git@git.example:finance/ledger/repo.git", "finance/ledger"),
        ("ssh://git@git.example:2222/hr/payroll/repo", "hr/payroll"),
        ("/srv/git/warehouse/repo", "warehouse"),
        ("file:///srv/git/scheduler/repo.git", "scheduler"),
    ];
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut snapshots = Vec::new();
    for (i, (remote, want)) in remotes.iter().enumerate() {
        let repo = repository(remote);
        let out = work.path().join(format!("audit-{i}"));
        let s = audited(&repo, &out, &[]);
        assert_eq!(s["scan"]["repository"], *want, "{remote}");
        snapshots.push(out.join("snapshot.json"));
    }
    let portfolio = work.path().join("portfolio.json");
    let o = bin()
        .arg("merge")
        .args(&snapshots)
        .arg("--out")
        .arg(&portfolio)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = work.path().join("portfolio");
    let o = bin()
        .arg("report")
        .arg(&portfolio)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success(), "{}", stderr(&o));
    let read =
        |f: &str| std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let html = read("report.html");
    let md = read("summary.md");
    let prom = read("metrics.prom");
    let csv = read("repositories.csv");
    for (_, want) in remotes {
        assert!(
            html.contains(&format!("<code>{want}</code>")),
            "report.html: {want}"
        );
        assert!(md.contains(&format!("`{want}`")), "summary.md: {want}");
        assert!(
            prom.contains(&format!("quarterdeck_grade{{repository=\"{want}\"")),
            "metrics.prom: {want}"
        );
        assert!(
            csv.contains(&format!("\r\n{want},")),
            "repositories.csv: {want}"
        );
    }
    assert!(!html.contains("<code>repo</code>"), "a row named repo");
}

#[test]
fn the_configuration_names_the_repository() {
    let repo = repository("https://git.example/finance/billing/repo.git");
    repo.write("quarterdeck.toml", "[report]\nname = \"Billing (EU)\"\n");
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = audited(&repo, out.path(), &["--format", "json,html,md,prom"]);
    assert_eq!(s["scan"]["repository"], "Billing (EU)");
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap_or_default();
    assert!(html.contains("Audit of <span class=\"repo\">Billing (EU)</span>"));
    let prom = std::fs::read_to_string(out.path().join("metrics.prom")).unwrap_or_default();
    assert!(prom.contains("repository=\"Billing (EU)\""));
}

#[test]
fn a_repository_without_a_remote_is_named_after_its_folder() {
    let repo = TestRepo::new();
    repo.write("ledger.py", "def post(entry):\n    return entry\n");
    repo.commit(
        "Priya Raman",
        "p@ledger.example",
        "2026-07-02T10:00:00Z",
        "Ledger",
    );
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = audited(&repo, out.path(), &[]);
    let folder = repo
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert_eq!(s["scan"]["repository"], folder.as_str());
    assert_eq!(s["scan"]["remote"], serde_json::Value::Null);
}

#[test]
fn two_repositories_of_one_name_are_told_apart_in_the_portfolio() {
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut snapshots = Vec::new();
    for (i, remote) in [
        "https://eu.git.example/acme/billing.git",
        "https://us.git.example/acme/billing.git",
    ]
    .iter()
    .enumerate()
    {
        let repo = repository(remote);
        let out = work.path().join(format!("audit-{i}"));
        assert_eq!(
            audited(&repo, &out, &[])["scan"]["repository"],
            "acme/billing"
        );
        snapshots.push(out.join("snapshot.json"));
    }
    let portfolio = work.path().join("portfolio.json");
    let o = bin()
        .arg("merge")
        .args(&snapshots)
        .arg("--out")
        .arg(&portfolio)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success(), "{}", stderr(&o));
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&portfolio).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = p["repositories"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["repository"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "acme/billing (eu.git.example)",
            "acme/billing (us.git.example)"
        ]
    );
    // Each risk names its repository the same way.
    let risks = p["top_risks"].as_array().cloned().unwrap_or_default();
    assert!(!risks.is_empty());
    for r in &risks {
        assert!(
            names.contains(&r["repository"].as_str().unwrap_or("")),
            "{r}"
        );
    }
}
