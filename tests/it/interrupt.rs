//! Interrupted runs, outputs that cannot be redirected, and stages isolated from panics
//! (README "Outputs and interruption").

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{audit, bin, read_snapshot, stderr};

/// The names of a folder's entries, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every file of a folder with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    names(dir)
        .into_iter()
        .map(|n| {
            let b = fs::read(dir.join(&n)).unwrap();
            (n, b)
        })
        .collect()
}

/// A legacy-flavoured tree of `n` small source files in a few languages.
fn generated_tree(root: &Path, n: usize) {
    for i in 0..n {
        let dir = root.join(format!("module_{:02}", i % 40));
        fs::create_dir_all(&dir).unwrap();
        let (name, text) = match i % 3 {
            0 => (
                format!("ledger_{i}.py"),
                format!(
                    "def post_entry_{i}(book, amount, memo=None):\n    if amount < 0:\n        if memo:\n            book.refund(memo)\n        return -1\n    for line in book.lines:\n        if line.amount == amount:\n            return line.id\n    return book.add(amount)\n"
                ),
            ),
            1 => (
                format!("invoice_{i}.js"),
                format!(
                    "function total{i}(items, rate) {{\n  let sum = 0;\n  for (const it of items) {{\n    if (it.taxable && rate) {{ sum += it.price * (1 + rate); }} else {{ sum += it.price; }}\n  }}\n  return sum;\n}}\nmodule.exports = {{ total{i} }};\n"
                ),
            ),
            _ => (
                format!("Batch{i}.java"),
                format!(
                    "class Batch{i} {{\n  int run(int[] jobs) {{\n    int done = 0;\n    for (int j : jobs) {{\n      if (j > 0 && j % 2 == 0) {{ done++; }} else if (j < 0) {{ return -1; }}\n    }}\n    return done;\n  }}\n}}\n"
                ),
            ),
        };
        fs::write(dir.join(name), text).unwrap();
    }
}

/// The previous quarter's outputs: one placeholder per output name, and a file of the user's.
fn previous_outputs(out: &Path) {
    fs::create_dir_all(out).unwrap();
    for name in [
        "report.html",
        "snapshot.json",
        "report.sarif",
        "summary.md",
        "metrics.prom",
        "functions.csv",
        "findings.csv",
    ] {
        fs::write(out.join(name), format!("previous {name}\n")).unwrap();
    }
    fs::write(out.join("notes.txt"), "the auditor's own notes\n").unwrap();
}

fn signal(pid: u32, sig: &str) {
    let st = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_stop_the_run_and_leave_the_previous_outputs() {
    let repo = tempfile::tempdir().unwrap();
    generated_tree(repo.path(), 3000);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("quarterdeck-report");
    // A whole run, for its length.
    let started = Instant::now();
    let o = audit(repo.path(), &out, &["--jobs", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let full = started.elapsed();
    eprintln!("a whole audit of 3,000 files took {full:?}");
    let mut interrupted = 0;
    for (fraction, sig) in [
        (0.0, "INT"),
        (0.2, "TERM"),
        (0.5, "INT"),
        (0.8, "TERM"),
        (0.95, "INT"),
    ] {
        fs::remove_dir_all(&out).unwrap();
        previous_outputs(&out);
        let before = contents(&out);
        let mut child = bin()
            .arg("audit")
            .arg(repo.path())
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--jobs", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // "Early" is just after start-up, once the handler is in place.
        let wait = full.mul_f64(fraction).max(Duration::from_millis(150));
        std::thread::sleep(wait);
        let sent = Instant::now();
        signal(child.id(), sig);
        let status = child.wait().unwrap();
        let stopped = sent.elapsed();
        let mut err = String::new();
        use std::io::Read;
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let after = contents(&out);
        let leftovers: Vec<&String> = after
            .keys()
            .filter(|n| n.starts_with('.') || n.contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        match status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(
                    stopped < Duration::from_secs(2),
                    "{sig} at {wait:?}: stopped after {stopped:?}"
                );
                assert!(err.contains("interrupted"), "{err}");
                assert_eq!(after, before, "{sig} at {wait:?} changed the outputs");
            }
            // The run finished before the signal: a whole new set.
            Some(0) => {
                assert_eq!(after["notes.txt"], before["notes.txt"]);
                for (name, bytes) in &after {
                    if name != "notes.txt" {
                        assert!(!bytes.starts_with(b"previous "), "{name} was not replaced");
                    }
                }
            }
            other => panic!("{sig} at {wait:?}: exit {other:?}: {err}"),
        }
        eprintln!(
            "{sig} at {wait:?}: exit {:?}, stopped {stopped:?}",
            status.code()
        );
    }
    assert!(interrupted >= 3, "only {interrupted} runs were interrupted");
}

/// The moment that matters most: every output staged, none renamed yet. The debug-only pause
/// holds the run there until the signal comes.
#[cfg(all(unix, debug_assertions))]
#[test]
fn a_signal_while_the_outputs_are_staged_leaves_the_previous_ones() {
    let repo = tempfile::tempdir().unwrap();
    generated_tree(repo.path(), 60);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quarterdeck-report");
    previous_outputs(&out);
    let before = contents(&out);
    let mut child = bin()
        .env("QUARTERDECK_TEST_PAUSE", "outputs")
        .arg("audit")
        .arg(repo.path())
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the staging folder to hold every output.
    let waited = Instant::now();
    let staged = loop {
        let staging = names(&out)
            .into_iter()
            .find(|n| n.starts_with(".quarterdeck-staging-"));
        if let Some(s) = staging {
            let inside = names(&out.join(&s));
            if inside.iter().filter(|n| !n.starts_with('.')).count() == 7 {
                break inside;
            }
        }
        assert!(waited.elapsed() < Duration::from_secs(120), "never staged");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(staged.contains(&"snapshot.json".to_string()), "{staged:?}");
    signal(child.id(), "TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(contents(&out), before);
    assert_eq!(names(&out), names_of(&before));
}

fn names_of(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    files.keys().cloned().collect()
}

#[cfg(unix)]
#[test]
fn an_out_that_is_a_symlink_is_refused_with_exit_2() {
    let repo = tempfile::tempdir().unwrap();
    fs::write(repo.path().join("a.py"), "def a():\n    return 1\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("snapshot.json"), "last quarter").unwrap();
    let link = repo.path().join("quarterdeck-report");
    std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
    let o = audit(repo.path(), &link, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert_eq!(names(elsewhere.path()), ["snapshot.json"]);
    assert_eq!(
        fs::read_to_string(elsewhere.path().join("snapshot.json")).unwrap(),
        "last quarter"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_name_is_refused_and_its_target_kept() {
    let repo = tempfile::tempdir().unwrap();
    fs::write(repo.path().join("a.py"), "def a():\n    return 1\n").unwrap();
    let victim = tempfile::tempdir().unwrap();
    let baseline = victim.path().join("baseline.json");
    fs::write(&baseline, "last quarter").unwrap();
    let out = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&baseline, out.path().join("summary.md")).unwrap();
    fs::write(out.path().join("snapshot.json"), "previous").unwrap();
    let o = audit(repo.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("summary.md is a symbolic link"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&baseline).unwrap(), "last quarter");
    assert_eq!(
        fs::read_to_string(out.path().join("snapshot.json")).unwrap(),
        "previous"
    );
    assert_eq!(names(out.path()), ["snapshot.json", "summary.md"]);
}

/// Only debug builds read `QUARTERDECK_TEST_PANIC` (the integration tests run one).
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_whole_repository_stage_is_a_problem_and_the_audit_goes_on() {
    let repo = tempfile::tempdir().unwrap();
    fs::write(
        repo.path().join("billing.py"),
        "def charge(a, b):\n    if a:\n        return b\n    return 0\n",
    )
    .unwrap();
    fs::write(repo.path().join("requirements.txt"), "requests==2.0.0\n").unwrap();
    let base_out = tempfile::tempdir().unwrap();
    let o = audit(repo.path(), base_out.path(), &["--offline"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let baseline = base_out.path().join("snapshot.json");
    let out = tempfile::tempdir().unwrap();
    let stages = [
        "test-evidence",
        "history",
        "dependencies",
        "rules",
        "figures",
        "comparison",
        "html rendering",
        "sarif rendering",
    ];
    let o = bin()
        .env("QUARTERDECK_TEST_PANIC", stages.join(","))
        .arg("audit")
        .arg(repo.path())
        .arg("--out")
        .arg(out.path())
        .args(["--quiet", "--offline", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    let panics: Vec<String> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stage"] == "panic")
        .map(|p| p["message"].as_str().unwrap().to_string())
        .collect();
    for stage in stages {
        assert!(
            panics
                .iter()
                .any(|m| m.starts_with(&format!("the {stage} stage panicked"))),
            "no panic problem for {stage}: {panics:?}"
        );
    }
    // The file scan went on, and the outputs whose stage did not panic were written.
    assert_eq!(s["files"].as_array().unwrap().len(), 1);
    assert!(s["delta"].is_null());
    let written = names(out.path());
    assert!(written.contains(&"summary.md".to_string()), "{written:?}");
    assert!(!written.contains(&"report.html".to_string()), "{written:?}");
    assert!(
        !written.contains(&"report.sarif".to_string()),
        "{written:?}"
    );
}
