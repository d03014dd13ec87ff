//! The binary end to end: snapshot shape, determinism across thread counts, exit codes and
//! one-line messages for bad usage.

use crate::common::{audit, bin, fixtures, read_snapshot, stderr};

#[test]
fn audit_of_fixtures_writes_a_complete_sorted_snapshot() {
    let out = tempfile::tempdir().unwrap();
    let o = audit(&fixtures().join("lang"), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["schema_version"], 2);
    assert_eq!(s["tool"]["name"], "quarterdeck");
    assert_eq!(s["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(s["scan"]["generated_at"], "2026-11-22T14:20:30Z");
    assert!(
        s["scan"]["root"]
            .as_str()
            .unwrap()
            .ends_with("fixtures/lang")
    );
    let files = s["files"].as_array().unwrap();
    assert!(files.len() >= 13, "one fixture per language at least");
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files sorted by path");
    assert!(
        paths
            .iter()
            .all(|p| !p.contains('\\') && !p.starts_with('/')),
        "relative, /-separated"
    );
    for f in files {
        for key in ["language", "lines", "parse_errors", "functions", "summary"] {
            assert!(f.get(key).is_some(), "file lacks {key}: {f}");
        }
        let functions = f["functions"].as_array().unwrap();
        let lines: Vec<u64> = functions
            .iter()
            .map(|g| g["start_line"].as_u64().unwrap())
            .collect();
        assert!(
            lines.windows(2).all(|w| w[0] <= w[1]),
            "functions sorted by line in {}",
            f["path"]
        );
        for g in functions {
            for key in [
                "name",
                "qualified_name",
                "start_line",
                "end_line",
                "cyclomatic",
                "cognitive",
                "nloc",
                "params",
                "max_nesting",
            ] {
                assert!(g.get(key).is_some(), "function lacks {key}: {g}");
            }
            assert!(g["cyclomatic"].as_u64().unwrap() >= 1);
            assert!(g["end_line"].as_u64() >= g["start_line"].as_u64());
        }
    }
    let findings = s["findings"].as_array().unwrap();
    let keys: Vec<(&str, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["start_line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap(),
            )
        })
        .collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort();
    assert_eq!(keys, sorted_keys, "findings sorted by path, line, rule");
    assert_eq!(
        s["totals"]["findings"]["total"].as_u64().unwrap(),
        findings.len() as u64
    );
    let py = &s["totals"]["by_language"]["python"];
    assert!(py["files"].as_u64().unwrap() >= 1);
    let total_functions: u64 = files
        .iter()
        .map(|f| f["functions"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(
        s["totals"]["summary"]["functions"].as_u64().unwrap(),
        total_functions
    );
}

#[test]
fn one_and_four_threads_give_byte_identical_snapshots() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let root = fixtures();
    let o1 = audit(&root, a.path(), &["--jobs", "1"]);
    let o4 = audit(&root, b.path(), &["--jobs", "4"]);
    assert!(
        o1.status.success() && o4.status.success(),
        "{} {}",
        stderr(&o1),
        stderr(&o4)
    );
    let s1 = std::fs::read(a.path().join("snapshot.json")).unwrap();
    let s4 = std::fs::read(b.path().join("snapshot.json")).unwrap();
    assert!(s1 == s4, "snapshots differ between --jobs 1 and --jobs 4");
}

#[test]
fn nonexistent_path_is_exit_2_with_one_line() {
    let out = tempfile::tempdir().unwrap();
    let o = audit(std::path::Path::new("/no/such/repo"), out.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/no/such/repo") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!out.path().join("snapshot.json").exists());
}

#[test]
fn bad_glob_is_exit_2() {
    let out = tempfile::tempdir().unwrap();
    let o = audit(
        &fixtures().join("lang"),
        out.path(),
        &["--exclude", "src/[z-a"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("src/[z-a"), "{}", stderr(&o));
}

#[test]
fn unreadable_or_invalid_config_is_exit_2_naming_the_file() {
    let out = tempfile::tempdir().unwrap();
    let o = audit(
        &fixtures().join("lang"),
        out.path(),
        &["--config", "/no/such/quarterdeck.toml"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/no/such/quarterdeck.toml"),
        "{}",
        stderr(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[scan]\nmax_file_size = \"big\"\n").unwrap();
    let o = audit(
        &fixtures().join("lang"),
        out.path(),
        &["--config", cfg.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml") && err.contains("max_file_size"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn rules_subcommand_is_listed_and_no_rules_runs_none() {
    let o = bin().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("rules"));
    let out = tempfile::tempdir().unwrap();
    let o = audit(&fixtures().join("lang"), out.path(), &["--no-rules"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn zero_jobs_is_a_usage_error() {
    let o = bin().args(["audit", ".", "--jobs", "0"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_explains_every_flag_and_version_prints() {
    let o = bin().args(["audit", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--out",
        "--config",
        "--jobs",
        "--exclude",
        "--quiet",
        "--rules",
        "--suppressions",
    ] {
        assert!(help.contains(flag), "help lacks {flag}:\n{help}");
    }
    let o = bin().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn exclude_flag_and_config_file_skip_paths_with_a_reason() {
    let out = tempfile::tempdir().unwrap();
    let o = audit(
        &fixtures().join("lang"),
        out.path(),
        &["--exclude", "python"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["skipped"]["excluded"]["paths"][0], "python/");
    assert!(
        s["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["language"] != "python")
    );

    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("legacy/gen")).unwrap();
    std::fs::write(repo.path().join("legacy/gen/a.py"), "def f():\n    pass\n").unwrap();
    std::fs::write(repo.path().join("main.py"), "def g():\n    pass\n").unwrap();
    std::fs::write(
        repo.path().join("quarterdeck.toml"),
        "[scan]\nexclude = [\"legacy/gen\"]\n",
    )
    .unwrap();
    let o = audit(repo.path(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["files"].as_array().unwrap().len(), 1);
    assert_eq!(s["skipped"]["excluded"]["paths"][0], "legacy/gen/");
    assert!(
        s["scan"]["config"]
            .as_str()
            .unwrap()
            .ends_with("quarterdeck.toml")
    );
}
