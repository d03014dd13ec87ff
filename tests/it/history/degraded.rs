//! Degraded modes: git missing, not a work tree, shallow clone, no commits, history disabled,
//! an empty window, and a git that fails mid-stream. Each is a clear problem (or reason) and
//! the scan's other results stay as they were.

use std::path::Path;

use quarterdeck::config::HistoryConfig;
use quarterdeck::history::{self, HistoryOptions, HistoryStatus, WindowSource};
use quarterdeck::problem::{Problem, Stage};

use super::{audit, changes, file};
use crate::common::git::TestRepo;

const LEDGER: &str = "def post(book, entry):\n    book.append(entry)\n    return len(book)\n";

fn small_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("ledger.py", LEDGER);
    r.commit(
        "Ana Lima",
        "ana@ledger.example",
        "2026-07-01T10:00:00Z",
        "Start the ledger",
    );
    r.write(
        "ledger.py",
        format!("{LEDGER}\n\ndef close(book):\n    book.clear()\n"),
    );
    r.commit(
        "Ana Lima",
        "ana@ledger.example",
        "2026-07-02T10:00:00Z",
        "Close the books",
    );
    r.write(
        "ledger.py",
        format!("{LEDGER}\n\ndef close(book):\n    book.clear()\n    return 0\n"),
    );
    r.commit(
        "Ana Lima",
        "ana@ledger.example",
        "2026-07-03T10:00:00Z",
        "Return the balance",
    );
    r
}

fn history_problem(message: &str) -> Problem {
    Problem::new("", Stage::History, message)
}

/// Unavailable: the reason, one problem saying so, no file history, `changes` left `None`.
fn assert_unavailable(root: &Path, opts: &HistoryOptions) -> String {
    let (files, result) = audit(root, opts);
    let sum = &result.summary;
    assert_eq!(sum.status, HistoryStatus::Unavailable);
    let reason = sum.reason.clone().unwrap();
    assert_eq!(
        result.problems,
        vec![history_problem(&format!(
            "{reason}; history metrics are unavailable"
        ))]
    );
    assert!(result.files.is_empty() && result.function_changes.is_empty());
    assert_eq!((sum.commits, sum.authors, sum.hotspots.len()), (0, 0, 0));
    let f = file(&files, "ledger.py");
    assert_eq!(f.history, None);
    assert!(f.functions.iter().all(|x| x.changes.is_none()));
    assert!(!f.functions.is_empty(), "the scan's results are untouched");
    reason
}

#[test]
fn git_missing() {
    let r = small_repo();
    let config = HistoryConfig::default();
    let opts = HistoryOptions {
        git: Some(Path::new("/nonexistent/bin/git")),
        ..HistoryOptions::new(&config)
    };
    assert_eq!(
        assert_unavailable(r.path(), &opts),
        "git not found (`/nonexistent/bin/git` could not be started): install git or put it on PATH"
    );
}

#[test]
fn not_a_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ledger.py"), LEDGER).unwrap();
    let config = HistoryConfig::default();
    let reason = assert_unavailable(dir.path(), &HistoryOptions::new(&config));
    // git's own "fatal: not a git repository ..." is not shown raw.
    assert_eq!(
        reason,
        "not a git work tree (no .git here or in a parent folder): run the audit inside a git checkout"
    );
}

#[test]
fn shallow_clone() {
    let r = small_repo();
    let clone = r.shallow_clone(1);
    let config = HistoryConfig::default();
    assert_eq!(
        assert_unavailable(clone.path(), &HistoryOptions::new(&config)),
        "shallow clone: the history is cut off, so history metrics are left out; run \
         `git fetch --unshallow` (in CI, check out the full history, e.g. `fetch-depth: 0`)"
    );
}

#[test]
fn no_commits_yet() {
    let r = TestRepo::new();
    r.write("ledger.py", LEDGER);
    let config = HistoryConfig::default();
    let reason = assert_unavailable(r.path(), &HistoryOptions::new(&config));
    assert!(
        reason.starts_with("the repository has no commits yet (") && !reason.contains("fatal:"),
        "{reason}"
    );
}

#[test]
fn disabled_by_config() {
    let r = small_repo();
    let config = HistoryConfig {
        enabled: false,
        ..HistoryConfig::default()
    };
    let (files, result) = audit(r.path(), &HistoryOptions::new(&config));
    assert_eq!(result.summary.status, HistoryStatus::Unavailable);
    assert_eq!(
        result.summary.reason.as_deref(),
        Some("history disabled by config ([history] enabled = false)")
    );
    assert_eq!(result.problems, vec![]);
    assert_eq!(
        changes(file(&files, "ledger.py")),
        vec![("post", None), ("close", None)]
    );
}

#[test]
fn an_empty_window_is_available_with_zero_counts() {
    let r = small_repo();
    let config = HistoryConfig::default();
    let opts = HistoryOptions {
        since: Some((1_783_245_600, WindowSource::Baseline)), // 2026-07-05T10:00:00Z
        ..HistoryOptions::new(&config)
    };
    let (files, result) = audit(r.path(), &opts);
    let sum = &result.summary;
    assert_eq!(
        (sum.status, sum.commits, sum.merges, sum.active_files),
        (HistoryStatus::Available, 0, 0, 0)
    );
    assert_eq!(
        result.problems,
        vec![history_problem(
            "no commits between 2026-07-05T10:00:00Z and 2026-07-03T10:00:00Z (the audit window): \
             history metrics are zero; widen the window with --since or --window"
        )]
    );
    let f = file(&files, "ledger.py");
    assert_eq!(f.history, None);
    assert_eq!(changes(f), vec![("post", Some(0)), ("close", Some(0))]);
}

#[test]
fn a_git_failing_mid_stream_discards_everything_read() {
    let r = small_repo();
    // The first version's blob is gone: git prints the two newer commits, then fails.
    r.corrupt_blob("HEAD~2", "ledger.py");
    let config = HistoryConfig::default();
    let opts = HistoryOptions {
        since: Some((0, WindowSource::Since)),
        ..HistoryOptions::new(&config)
    };
    let reason = assert_unavailable(r.path(), &opts);
    assert!(
        reason.starts_with("`git log` failed (exit status: 128): unable to read "),
        "{reason}"
    );
}

#[test]
fn an_invalid_bugfix_pattern_falls_back_to_the_default() {
    let r = small_repo();
    let config = HistoryConfig {
        bugfix_pattern: "(fix".into(),
        ..HistoryConfig::default()
    };
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    assert_eq!(result.summary.status, HistoryStatus::Available);
    assert_eq!(
        result.summary.bugfix_pattern,
        quarterdeck::config::DEFAULT_BUGFIX_PATTERN
    );
    assert_eq!(
        result.problems,
        vec![history_problem(
            "[history] bugfix_pattern is not a valid regex (error: unclosed group); the default \
             pattern is used"
        )]
    );
}
