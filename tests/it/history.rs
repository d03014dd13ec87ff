//! Git history through the library (`scan::scan` + `history::analyse` + `history::apply`) on
//! scripted repositories: per-file and per-function stats, windows, subfolders, hotspots,
//! coupling and every degraded mode, asserted exactly.

mod coupling;
mod degraded;
mod invoicing;

use std::path::Path;

use quarterdeck::config::{HistoryConfig, ScanConfig};
use quarterdeck::history::{
    self, ChangeMapping, Contributor, FileHistory, FileSpans, HistoryOptions, HistoryResult,
    HistoryStatus, WindowSource,
};
use quarterdeck::scan::{self, FileReport, ScanOptions};

/// Measure every file under `root` (no rules).
pub fn scan_files(root: &Path) -> Vec<FileReport> {
    let opts = ScanOptions {
        jobs: 1,
        extra_excludes: &[],
        progress: None,
        rules: None,
        tests: None,
    };
    let mut files = scan::scan(root, &ScanConfig::default(), &opts)
        .expect("scan")
        .files;
    for f in &mut files {
        // The test-file flag as the language table sets it (honoured by the hotspot ranking).
        f.test = f.test || f.path.starts_with("tests/");
    }
    files
}

/// Scan, read the history with `opts`, apply it: the files and what `analyse` returned.
pub fn audit(root: &Path, opts: &HistoryOptions) -> (Vec<FileReport>, HistoryResult) {
    let mut files = scan_files(root);
    let spans: Vec<FileSpans> = files.iter().map(FileSpans::of).collect();
    let result = history::analyse(root, opts, &spans);
    let kept = result.clone();
    history::apply(&mut files, result);
    (files, kept)
}

pub fn file<'a>(files: &'a [FileReport], path: &str) -> &'a FileReport {
    files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} measured"))
}

/// Each function's qualified name and change count.
pub fn changes(f: &FileReport) -> Vec<(&str, Option<u32>)> {
    f.functions
        .iter()
        .map(|x| (x.qualified_name.as_str(), x.changes))
        .collect()
}

pub fn contributor(who: (&str, &str), commits: u32, lines: u64, last_seen: &str) -> Contributor {
    Contributor {
        name: who.0.to_string(),
        commits,
        lines,
        last_seen: last_seen.to_string(),
    }
}

use invoicing::{DIETER, MARGARET, PRIYA};

const MARGARET_LAST: &str = "2026-06-22T09:00:00Z";
const DIETER_LAST: &str = "2026-07-02T08:00:00Z";
const PRIYA_LAST: &str = "2026-06-29T09:00:00Z";

#[allow(clippy::too_many_arguments)]
fn stats(
    commits: u32,
    (added, removed): (u64, u64),
    main: (&str, f64),
    bugfix: u32,
    (first, last): (&str, &str),
    renamed_from: &[&str],
    contributors: Vec<Contributor>,
    mapping: Option<String>,
) -> FileHistory {
    FileHistory {
        commits,
        lines_added: added,
        lines_removed: removed,
        authors: contributors.len() as u32,
        main_author: main.0.to_string(),
        main_author_share: main.1,
        bugfix_commits: bugfix,
        first_change: first.to_string(),
        last_change: last.to_string(),
        renamed_from: renamed_from.iter().map(|s| s.to_string()).collect(),
        contributors,
        change_mapping: if mapping.is_some() {
            ChangeMapping::FileLevel
        } else {
            ChangeMapping::Functions
        },
        change_mapping_reason: mapping,
    }
}

#[test]
fn per_file_stats_over_the_default_window() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let (files, result) = audit(s.repo.path(), &HistoryOptions::new(&config));
    assert_eq!(result.problems, vec![]);
    let sum = &result.summary;
    assert_eq!(sum.status, HistoryStatus::Available);
    assert_eq!(sum.reason, None);
    let w = sum.window.as_ref().unwrap();
    // 90 days back from HEAD's committer date, not from now.
    assert_eq!(
        (w.since.as_str(), w.until.as_str(), w.source),
        (
            "2026-03-31T09:00:00Z",
            "2026-06-29T09:00:00Z",
            WindowSource::Default
        )
    );
    // 15 commits (the empty one included), one merge, Dieter counted once under two names,
    // bug fixes: "Fix" x2, "Patch", "Revert"; the unmerged year-end branch is not in HEAD's log.
    assert_eq!(
        (
            sum.commits,
            sum.merges,
            sum.authors,
            sum.bugfix_commits,
            sum.reverts
        ),
        (15, 1, 3, 4, 1)
    );
    // invoice, ledger (one file under three names), logo, plan, batch, export, customers,
    // service, test, .mailmap.
    assert_eq!(sum.active_files, 10);
    assert_eq!(
        sum.bugfix_pattern,
        quarterdeck::config::DEFAULT_BUGFIX_PATTERN
    );

    let h = |p: &str| file(&files, p).history.clone().unwrap();
    assert_eq!(
        h("billing/invoice.py"),
        stats(
            5,
            (28, 2),
            (MARGARET.0, 24.0 / 30.0),
            2,
            ("2026-05-04T09:00:00Z", "2026-06-22T09:00:00Z"),
            &[],
            vec![
                contributor(MARGARET, 2, 24, MARGARET_LAST),
                contributor(PRIYA, 2, 4, PRIYA_LAST),
                contributor(DIETER, 1, 2, DIETER_LAST),
            ],
            None,
        )
    );
    // Renamed twice (the first time by Dieter's old identity, with no line changed).
    assert_eq!(
        h("billing/ledger.py"),
        stats(
            3,
            (12, 1),
            (MARGARET.0, 1.0),
            0,
            ("2026-05-04T09:00:00Z", "2026-06-01T09:00:00Z"),
            &["billing/ledger_book.py", "legacy/ledger.py"],
            vec![
                contributor(MARGARET, 2, 13, MARGARET_LAST),
                contributor(DIETER, 1, 0, DIETER_LAST),
            ],
            None,
        )
    );
    // Deleted and added again: one history.
    assert_eq!(
        h("payroll/batch.py"),
        stats(
            3,
            (11, 5),
            (MARGARET.0, 10.0 / 16.0),
            0,
            ("2026-05-04T09:00:00Z", "2026-06-08T10:00:00Z"),
            &[],
            vec![
                contributor(MARGARET, 2, 10, MARGARET_LAST),
                contributor(DIETER, 1, 6, DIETER_LAST),
            ],
            None,
        )
    );
    // Binary for two commits: they count as commits, not lines, and the functions fall back
    // to the file's commit count.
    let reason = format!(
        "commit {} (2026-06-12) changed it as a binary file: its diff has no lines to map",
        &s.c16[..10]
    );
    assert_eq!(
        h("billing/export.py"),
        stats(
            3,
            (4, 0),
            (MARGARET.0, 1.0),
            1,
            ("2026-05-04T09:00:00Z", "2026-06-12T10:00:00Z"),
            &[],
            vec![
                contributor(MARGARET, 1, 4, MARGARET_LAST),
                contributor(DIETER, 2, 0, DIETER_LAST),
            ],
            Some(reason),
        )
    );
    assert_eq!(
        h("src/billing/invoice service.py"),
        stats(
            1,
            (3, 0),
            (PRIYA.0, 1.0),
            0,
            ("2026-06-29T09:00:00Z", "2026-06-29T09:00:00Z"),
            &[],
            vec![contributor(PRIYA, 1, 3, PRIYA_LAST)],
            None,
        )
    );
    assert_eq!((sum.files_mapped, sum.files_file_level), (6, 1));
}

#[test]
fn per_function_changes_follow_lines_to_head() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let (files, _) = audit(s.repo.path(), &HistoryOptions::new(&config));
    // discount: c13. net_total: c1. vat: c1, c2 (its line replaced again by c11), c11.
    // post: c1, c3 (merged from the branch).
    assert_eq!(
        changes(file(&files, "billing/invoice.py")),
        vec![
            ("discount", Some(1)),
            ("net_total", Some(1)),
            ("vat", Some(3)),
            ("post", Some(2))
        ]
    );
    // The pure rename changed no function; the edit after the second rename changed balance.
    assert_eq!(
        changes(file(&files, "billing/ledger.py")),
        vec![("credit", Some(1)), ("balance", Some(2))]
    );
    // Only the re-added version's lines are at HEAD.
    assert_eq!(
        changes(file(&files, "payroll/batch.py")),
        vec![("run_batch", Some(1))]
    );
    assert_eq!(
        changes(file(&files, "billing/export.py")),
        vec![("export_ledger", Some(3))]
    );
    assert_eq!(
        changes(file(&files, "tests/test_invoice.py")),
        vec![("test_discount", Some(1))]
    );
}

#[test]
fn a_since_window_counts_only_its_commits() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let since = 1_780_272_000; // 2026-06-01T00:00:00Z
    let opts = HistoryOptions {
        since: Some((since, WindowSource::Since)),
        ..HistoryOptions::new(&config)
    };
    let (files, result) = audit(s.repo.path(), &opts);
    let sum = &result.summary;
    assert_eq!(sum.window.as_ref().unwrap().since, "2026-06-01T00:00:00Z");
    // c7, c8, c9, c10, c15, c16, c11, c12, c13, c14; no merge; Margaret, Priya, Dieter.
    assert_eq!((sum.commits, sum.merges, sum.authors), (10, 0, 3));
    assert_eq!((sum.bugfix_commits, sum.reverts), (3, 1));
    let invoice = file(&files, "billing/invoice.py");
    assert_eq!(invoice.history.as_ref().map(|h| h.commits), Some(2));
    assert_eq!(
        changes(invoice),
        vec![
            ("discount", Some(1)),
            ("net_total", Some(0)),
            ("vat", Some(1)),
            ("post", Some(0))
        ]
    );
    // Renamed in the window from a path that it got before the window.
    let ledger = file(&files, "billing/ledger.py").history.clone().unwrap();
    assert_eq!(
        (ledger.commits, ledger.renamed_from.clone()),
        (1, vec!["billing/ledger_book.py".to_string()])
    );
    assert_eq!(
        changes(file(&files, "billing/ledger.py")),
        vec![("credit", Some(0)), ("balance", Some(1))]
    );
    // No commit in the window: no history, functions unchanged.
    let customers = file(&files, "billing/customers.py");
    assert_eq!(customers.history, None);
    assert_eq!(changes(customers), vec![("find_customer", Some(0))]);
}

#[test]
fn a_window_length_counts_back_from_head() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let opts = HistoryOptions {
        window: Some(7 * 86_400),
        ..HistoryOptions::new(&config)
    };
    let (_, result) = audit(s.repo.path(), &opts);
    let w = result.summary.window.clone().unwrap();
    assert_eq!(
        (w.since.as_str(), w.source),
        ("2026-06-22T09:00:00Z", WindowSource::Window)
    );
    // c13 (exactly at the start: inclusive) and c14.
    assert_eq!(result.summary.commits, 2);
}

#[test]
fn a_subfolder_root_sees_only_its_changes() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let root = s.repo.file("billing");
    let (files, result) = audit(&root, &HistoryOptions::new(&config));
    assert_eq!(result.problems, vec![]);
    let sum = &result.summary;
    // c1, c2, c3, c6, c7, c15, c16, c11, c13, and the merge that brought c3 in.
    assert_eq!((sum.commits, sum.merges, sum.authors), (9, 1, 3));
    // invoice, export, customers, ledger_book -> ledger.
    assert_eq!(sum.active_files, 4);
    // The ledger came in from outside the root: its history starts there, as an added file.
    let ledger = file(&files, "ledger.py").history.clone().unwrap();
    assert_eq!(
        ledger,
        stats(
            2,
            (12, 1),
            (DIETER.0, 11.0 / 13.0),
            0,
            ("2026-05-25T09:30:00Z", "2026-06-01T09:00:00Z"),
            &["ledger_book.py"],
            vec![
                contributor(DIETER, 1, 11, DIETER_LAST),
                contributor(MARGARET, 1, 2, MARGARET_LAST),
            ],
            None,
        )
    );
    assert_eq!(
        changes(file(&files, "invoice.py")),
        vec![
            ("discount", Some(1)),
            ("net_total", Some(1)),
            ("vat", Some(3)),
            ("post", Some(2))
        ]
    );
    assert_eq!(
        changes(file(&files, "ledger.py")),
        vec![("credit", Some(1)), ("balance", Some(2))]
    );
}

#[test]
fn files_that_are_not_measured_get_stats_too() {
    // Binary and text files the scanner does not measure: what the library reports for them
    // when asked (commits, no lines for the binary one; the commits decide its main author).
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let spans = [
        FileSpans {
            path: "assets/logo.png",
            spans: vec![],
            lines: 0,
        },
        FileSpans {
            path: "docs/Überblick plan.md",
            spans: vec![],
            lines: 5,
        },
    ];
    let r = history::analyse(s.repo.path(), &HistoryOptions::new(&config), &spans);
    let logo = r.files.get("assets/logo.png").unwrap();
    assert_eq!(
        logo,
        &stats(
            2,
            (0, 0),
            (MARGARET.0, 0.5),
            1,
            ("2026-05-04T09:00:00Z", "2026-06-03T15:00:00Z"),
            &[],
            vec![
                contributor(MARGARET, 1, 0, MARGARET_LAST),
                contributor(PRIYA, 1, 0, PRIYA_LAST),
            ],
            Some(format!(
                "commit {} (2026-06-03) changed it as a binary file: its diff has no lines to map",
                &s.repo
                    .git(&["log", "-1", "--format=%H", "--", "assets/logo.png"])[..10]
            )),
        )
    );
    let plan = r.files.get("docs/Überblick plan.md").unwrap();
    assert_eq!(
        (
            plan.commits,
            plan.lines_added,
            plan.main_author.as_str(),
            plan.main_author_share
        ),
        (3, 5, MARGARET.0, 0.8)
    );
    assert_eq!(
        r.function_changes.get("docs/Überblick plan.md"),
        Some(&vec![])
    );
}

#[test]
fn a_one_file_root() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let (files, result) = audit(
        &s.repo.file("billing/invoice.py"),
        &HistoryOptions::new(&config),
    );
    assert_eq!(result.problems, vec![]);
    // The file's five commits, and the merge that brought c3 in.
    assert_eq!((result.summary.commits, result.summary.merges), (5, 1));
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, "invoice.py");
    assert_eq!(files[0].history.as_ref().map(|h| h.commits), Some(5));
    assert_eq!(
        changes(&files[0]),
        vec![
            ("discount", Some(1)),
            ("net_total", Some(1)),
            ("vat", Some(3)),
            ("post", Some(2))
        ]
    );
}
