//! Change history from git (README "Git history"): one streamed `git log` pass over the audit
//! window into per-file stats, function-level change, hotspots, ownership and coupling.

mod collect;
pub mod git;
mod linemap;
pub use crate::model::history as model;
mod parse;
mod rank;
mod track;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use crate::config::HistoryConfig;
use crate::model::FileReport;
use crate::problem::{Problem, Stage};
use crate::util::time::rfc3339_from_unix;

pub use git::HistoryError;
pub use model::{
    ChangeMapping, Contributor, Coupling, FileHistory, HistoryStatus, HistorySummary, Hotspot,
    Window, WindowSource,
};
pub use rank::rank_hotspots;

/// How to read the history of one scan root.
#[derive(Debug, Clone, Copy)]
pub struct HistoryOptions<'a> {
    pub config: &'a HistoryConfig,
    /// Window start (unix seconds) and its source; `None` = `window` (else `config.window`)
    /// back from HEAD's committer date (never from "now": the same commit gives the same window).
    pub since: Option<(i64, WindowSource)>,
    /// `--window 90d` in seconds, counted back from HEAD's committer date (source `Window`);
    /// ignored when `since` is given.
    pub window: Option<i64>,
    /// The git program; `None` = `git` on PATH.
    pub git: Option<&'a Path>,
}

impl<'a> HistoryOptions<'a> {
    /// The defaults: `config.window` back from HEAD, `git` from PATH.
    pub fn new(config: &'a HistoryConfig) -> Self {
        HistoryOptions {
            config,
            since: None,
            window: None,
            git: None,
        }
    }
}

/// A measured file at HEAD: path relative to the scan root (`/`-separated, as FileReport.path)
/// and its functions' (start_line, end_line), 1-based inclusive, in FileReport order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpans<'a> {
    pub path: &'a str,
    pub spans: Vec<(u32, u32)>,
    /// The file's line count (`FileReport.lines.lines`): older versions' lengths follow from
    /// it, for the rewrite test and to keep deletions inside the file.
    pub lines: u32,
}

impl<'a> FileSpans<'a> {
    pub fn of(report: &'a FileReport) -> Self {
        FileSpans {
            path: &report.path,
            spans: report
                .functions
                .iter()
                .map(|f| (f.start_line, f.end_line))
                .collect(),
            lines: report.lines.lines,
        }
    }
}

/// What `analyse` found, for `apply`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryResult {
    /// Hotspots are filled by `apply`.
    pub summary: HistorySummary,
    /// Measured files with commits in the window.
    pub files: HashMap<String, FileHistory>,
    /// Per measured file with commits: change counts aligned with `FileSpans.spans` (the
    /// file's commit count for each function when it fell back to file level).
    pub function_changes: HashMap<String, Vec<u32>>,
    /// Stage `History`, path "" (repository-wide).
    pub problems: Vec<Problem>,
}

fn summary(status: HistoryStatus, reason: Option<String>, pattern: &str) -> HistorySummary {
    HistorySummary {
        status,
        reason,
        window: None,
        commits: 0,
        merges: 0,
        authors: 0,
        active_files: 0,
        bugfix_commits: 0,
        reverts: 0,
        bugfix_pattern: pattern.to_string(),
        files_mapped: 0,
        files_file_level: 0,
        hotspots: Vec::new(),
        coupling: Vec::new(),
    }
}

fn unavailable(reason: String, pattern: &str, problems: Vec<Problem>) -> HistoryResult {
    HistoryResult {
        summary: summary(HistoryStatus::Unavailable, Some(reason), pattern),
        files: HashMap::new(),
        function_changes: HashMap::new(),
        problems,
    }
}

fn failed(
    e: HistoryError,
    pattern: &str,
    mut problems: Vec<Problem>,
    window: Option<Window>,
) -> HistoryResult {
    let reason = e.to_string();
    problems.push(Problem::new(
        "",
        Stage::History,
        format!("{reason}; history metrics are unavailable"),
    ));
    let mut r = unavailable(reason, pattern, problems);
    r.summary.window = window;
    r
}

const DEFAULT_WINDOW: i64 = 90 * 86_400;

/// Read the history of the repository holding `root` over the audit window: one streamed
/// `git log -p -U0 -M` pass (merges listed without a diff), plus a cheap `git log --all` of
/// author dates run alongside (for `Contributor.last_seen`). Never fails: trouble is a problem
/// in the result and `summary.status = Unavailable`.
///
/// - The window holds the commits reachable from HEAD with a committer date `>= since`;
///   `first_change`/`last_change` are committer dates, `last_seen` an author date.
/// - A subfolder root sees only its own changes (`--relative -- .`, full history): a file
///   moved in from outside starts its history there, as an added file, and only merges that
///   changed something in the folder count.
/// - Function-level change: newest commit first, each commit's hunks are mapped to HEAD lines
///   through a line map (replaced lines follow their replacement, deleted lines go nowhere, a
///   pure deletion touches the line above it) and counted once per commit on every function
///   whose HEAD span holds one of them. The spans are `files`' spans in the working tree, taken
///   to be HEAD: uncommitted changes are not mapped. History is read as one line (date order):
///   where two branches edited the same file in parallel, one branch's line numbers can be
///   shifted by the other's edits. A rewrite (more than `rewrite_share` of the lines removed
///   and added), a binary diff or a type change puts the file at file level.
pub fn analyse(root: &Path, opts: &HistoryOptions, files: &[FileSpans]) -> HistoryResult {
    let cfg = opts.config;
    let mut problems = Vec::new();
    let (regex, pattern) = match bugfix_regex(&cfg.bugfix_pattern) {
        Ok(r) => (r, cfg.bugfix_pattern.clone()),
        Err(message) => {
            problems.push(Problem::new(
                "",
                Stage::History,
                format!(
                    "[history] bugfix_pattern is not a valid regex ({message}); the default \
                     pattern is used"
                ),
            ));
            let p = crate::config::DEFAULT_BUGFIX_PATTERN;
            match bugfix_regex(p) {
                Ok(r) => (r, p.to_string()),
                Err(m) => return unavailable(m, p, problems),
            }
        }
    };
    if !cfg.enabled {
        return unavailable(
            "history disabled by config ([history] enabled = false)".into(),
            &pattern,
            problems,
        );
    }
    let program = opts
        .git
        .map_or(OsStr::new(git::DEFAULT_GIT), Path::as_os_str);
    let repo = match git::probe(program, root) {
        Ok(r) => r,
        Err(e) => return failed(e, &pattern, problems, None),
    };
    let (since, source) = match (opts.since, opts.window) {
        (Some(s), _) => s,
        (None, Some(w)) => (repo.head_time.saturating_sub(w), WindowSource::Window),
        (None, None) => {
            let w = crate::config::parse_window(&cfg.window).unwrap_or_else(|m| {
                problems.push(Problem::new(
                    "",
                    Stage::History,
                    format!("[history] window: {m}; 90 days are used"),
                ));
                DEFAULT_WINDOW
            });
            (repo.head_time.saturating_sub(w), WindowSource::Default)
        }
    };
    let window = Window {
        since: rfc3339_from_unix(since),
        until: rfc3339_from_unix(repo.head_time),
        source,
    };
    let mut col = collect::Collector::new(since, &regex, cfg.coupling_max_changeset as usize);
    for f in files {
        col.track(
            f.path,
            track::Tracker::new(f.spans.clone(), f.lines, cfg.rewrite_share),
        );
    }
    let (log, seen) = std::thread::scope(|s| {
        let seen = s.spawn(|| git::last_seen(&repo));
        let log = git::stream_log(&repo, (since > 0).then_some(since), |c| col.commit(c));
        (log, seen.join())
    });
    match log {
        Ok(warnings) => {
            if let Some(w) = warnings.lines().map(str::trim).find(|l| !l.is_empty()) {
                problems.push(Problem::new(
                    "",
                    Stage::History,
                    format!("git log warned: {w} (history metrics may be incomplete)"),
                ));
            }
        }
        Err(e) => return failed(e, &pattern, problems, Some(window)),
    }
    let seen = match seen {
        Ok(Ok(map)) => map,
        _ => HashMap::new(),
    };
    let mut result = finish(&col, files, &seen, cfg);
    let s = &mut result.summary;
    s.bugfix_pattern = pattern;
    if s.commits == 0 && s.merges == 0 {
        problems.push(Problem::new(
            "",
            Stage::History,
            format!(
                "no commits between {} and {} (the audit window): history metrics are zero; \
                 widen the window with --since or --window",
                window.since, window.until
            ),
        ));
    }
    s.window = Some(window);
    result.problems = problems;
    result
}

fn bugfix_regex(pattern: &str) -> Result<regex::bytes::Regex, String> {
    regex::bytes::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string()
        })
}

/// Turn the collector's counts into the result.
fn finish(
    col: &collect::Collector,
    files: &[FileSpans],
    seen: &HashMap<Vec<u8>, i64>,
    cfg: &HistoryConfig,
) -> HistoryResult {
    let mut out = HashMap::new();
    let mut function_changes = HashMap::new();
    let (mut mapped, mut file_level) = (0, 0);
    for f in files {
        let Some(id) = col.identity(f.path) else {
            continue;
        };
        let acc = &col.files[id as usize];
        if acc.commits == 0 {
            continue;
        }
        let tracker = acc.tracker.map(|t| &col.trackers[t as usize]);
        let fallback = tracker.and_then(|t| t.fallback.clone());
        let changes = match (tracker, &fallback) {
            (Some(t), None) => t.changes.clone(),
            _ => vec![acc.commits; f.spans.len()],
        };
        if fallback.is_some() {
            file_level += 1;
        } else {
            mapped += 1;
        }
        out.insert(f.path.to_string(), file_history(col, acc, seen, fallback));
        function_changes.insert(f.path.to_string(), changes);
    }
    let t = &col.totals;
    let mut summary = summary(HistoryStatus::Available, None, "");
    summary.commits = t.commits;
    summary.merges = t.merges;
    summary.authors = t.authors;
    summary.active_files = col.active_files();
    summary.bugfix_commits = t.bugfix;
    summary.reverts = t.reverts;
    summary.files_mapped = mapped;
    summary.files_file_level = file_level;
    summary.coupling = rank::coupling(
        &col.pairs,
        |id| col.files[id as usize].commits,
        |id| col.paths.name(id),
        cfg,
    );
    HistoryResult {
        summary,
        files: out,
        function_changes,
        problems: Vec::new(),
    }
}

fn file_history(
    col: &collect::Collector,
    acc: &collect::FileAcc,
    seen: &HashMap<Vec<u8>, i64>,
    fallback: Option<String>,
) -> FileHistory {
    let mut contributors: Vec<Contributor> = acc
        .shares
        .iter()
        .map(|s| {
            let name = col.authors.name(s.author);
            let last = seen
                .get(name.as_bytes())
                .copied()
                .or(col.author_last[s.author as usize])
                .unwrap_or(0);
            Contributor {
                name,
                commits: s.commits,
                lines: s.lines,
                last_seen: rfc3339_from_unix(last),
            }
        })
        .collect();
    contributors.sort_by(|a, b| {
        b.lines
            .cmp(&a.lines)
            .then(b.commits.cmp(&a.commits))
            .then_with(|| a.name.cmp(&b.name))
    });
    let total_lines = acc.added + acc.removed;
    let (main_author, main_author_share) = match contributors.first() {
        Some(m) if total_lines > 0 => (m.name.clone(), m.lines as f64 / total_lines as f64),
        Some(m) => (
            m.name.clone(),
            f64::from(m.commits) / f64::from(acc.commits.max(1)),
        ),
        None => (String::new(), 0.0),
    };
    let (change_mapping, change_mapping_reason) = match fallback {
        Some(r) => (ChangeMapping::FileLevel, Some(r)),
        None => (ChangeMapping::Functions, None),
    };
    FileHistory {
        commits: acc.commits,
        lines_added: acc.added,
        lines_removed: acc.removed,
        authors: acc.shares.len() as u32,
        main_author,
        main_author_share,
        bugfix_commits: acc.bugfix,
        first_change: rfc3339_from_unix(acc.first),
        last_change: rfc3339_from_unix(acc.last),
        renamed_from: acc
            .renamed_from
            .iter()
            .map(|&p| col.paths.name(p))
            .collect(),
        contributors,
        change_mapping,
        change_mapping_reason,
    }
}

/// Set `FileReport.history`, every function's `changes` (`Some(0)` for unchanged functions
/// when history is available, `None` when it is not), and rank hotspots into the summary.
pub fn apply(files: &mut [FileReport], result: HistoryResult) -> (HistorySummary, Vec<Problem>) {
    let HistoryResult {
        mut summary,
        files: mut histories,
        mut function_changes,
        problems,
    } = result;
    let available = summary.status == HistoryStatus::Available;
    let (mut mapped, mut file_level) = (0, 0);
    for f in files.iter_mut() {
        if !available {
            f.history = None;
            f.functions.iter_mut().for_each(|x| x.changes = None);
            continue;
        }
        f.history = histories.remove(&f.path);
        let changes = function_changes.remove(&f.path);
        match (f.history.as_mut(), changes) {
            (Some(_), Some(c)) if c.len() == f.functions.len() => {
                for (x, n) in f.functions.iter_mut().zip(c) {
                    x.changes = Some(n);
                }
            }
            (Some(h), _) => {
                h.change_mapping = ChangeMapping::FileLevel;
                h.change_mapping_reason = Some(
                    "the measured functions differ from the spans history was read for".into(),
                );
                let n = h.commits;
                f.functions.iter_mut().for_each(|x| x.changes = Some(n));
            }
            (None, _) => f.functions.iter_mut().for_each(|x| x.changes = Some(0)),
        }
        match f.history.as_ref().map(|h| h.change_mapping) {
            Some(ChangeMapping::Functions) => mapped += 1,
            Some(ChangeMapping::FileLevel) => file_level += 1,
            None => {}
        }
    }
    if available {
        summary.files_mapped = mapped;
        summary.files_file_level = file_level;
        summary.hotspots = rank_hotspots(files);
    }
    (summary, problems)
}

/// Parse `git log` output as the history stage reads it (`git::log_args`), counting commits and
/// changed files: the entry point of the fuzz harness (README "Development and testing").
#[doc(hidden)]
pub fn parse_log_bytes(bytes: &[u8]) -> Result<(usize, usize), String> {
    let (mut commits, mut files) = (0, 0);
    parse::parse(bytes, |c| {
        commits += 1;
        files += c.files.len();
    })
    .map_err(|e| e.to_string())?;
    Ok((commits, files))
}
