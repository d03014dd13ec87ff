//! The history model: the audit window, per-file change statistics, hotspots and temporal
//! coupling as the snapshot stores them (README "Git history").

use serde::{Deserialize, Serialize};

/// Where the audit window's start came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowSource {
    /// `--since DATE`.
    Since,
    /// `--window 90d`.
    Window,
    /// The baseline snapshot's HEAD commit date.
    Baseline,
    /// `[history] window` (90 days unless configured).
    Default,
}

/// The audit window: commits with a committer date in `[since, until]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// RFC 3339 UTC, inclusive.
    pub since: String,
    /// HEAD's committer date, RFC 3339 UTC.
    pub until: String,
    pub source: WindowSource,
}

/// Whether history metrics exist for this snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryStatus {
    Available,
    /// Not a git repository, shallow clone, git missing, history disabled: `reason` says which.
    Unavailable,
}

/// How a file's `functions[].changes` were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeMapping {
    /// Each commit's zero-context diff hunks, tracked forward to HEAD, mapped onto the
    /// functions' line spans.
    Functions,
    /// The file was rewritten (or its diffs could not be read): every function inherits the
    /// file's commit count. `change_mapping_reason` says why.
    FileLevel,
}

/// One author's part in a file's changes over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contributor {
    /// Author name after `.mailmap`.
    pub name: String,
    pub commits: u32,
    /// Lines added plus lines removed.
    pub lines: u64,
    /// The author's last commit anywhere in the repository (RFC 3339), for "left" detection.
    pub last_seen: String,
}

/// Per-file change statistics over the window (`files[].history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileHistory {
    /// Non-merge commits in the window that changed the file (under any of its names).
    pub commits: u32,
    pub lines_added: u64,
    pub lines_removed: u64,
    /// Distinct authors (after `.mailmap`).
    pub authors: u32,
    /// The author of most changed lines (added + removed).
    pub main_author: String,
    /// `main_author`'s share of the changed lines, 0..1 (by commits when no line changed:
    /// binary files, pure renames).
    pub main_author_share: f64,
    /// Commits whose message matches the bug-fix pattern.
    pub bugfix_commits: u32,
    /// First and last change in the window, RFC 3339 UTC.
    pub first_change: String,
    pub last_change: String,
    /// Earlier paths of the file in the window, newest first.
    pub renamed_from: Vec<String>,
    /// Every author, most changed lines first.
    pub contributors: Vec<Contributor>,
    pub change_mapping: ChangeMapping,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_mapping_reason: Option<String>,
}

impl FileHistory {
    /// Whether the reports show the file as one person's: changed by two commits or more, and
    /// `min_share` or more of its changed lines by its main author (the `knowledge/single-owner`
    /// rule's `min_share`, README "Risk rules").
    pub fn single_owner(&self, min_share: f64) -> bool {
        self.commits >= 2 && self.main_author_share >= min_share
    }
}

/// A file ranked by change frequency x complexity (`history.hotspots[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotspot {
    pub path: String,
    /// 1 = the strongest hotspot.
    pub rank: u32,
    /// `(commits / max commits) x (cyclomatic_sum / max cyclomatic_sum)`, 0..1.
    pub score: f64,
    /// Share of measured files with a lower score, 0..100.
    pub percentile: f64,
    pub commits: u32,
    pub cyclomatic_sum: u32,
    pub cognitive_sum: u32,
    pub nloc: u32,
}

/// Two files that change together (code-maat's coupling, `history.coupling[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coupling {
    pub a: String,
    pub b: String,
    /// Commits (of at most `coupling_max_changeset` files) that changed both.
    pub shared_commits: u32,
    pub commits_a: u32,
    pub commits_b: u32,
    /// `shared / mean(commits_a, commits_b) x 100`.
    pub degree: f64,
}

/// Repository-wide history of the window (the snapshot's `history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistorySummary {
    pub status: HistoryStatus,
    /// Why history is unavailable (or degraded); `None` when all is well.
    pub reason: Option<String>,
    pub window: Option<Window>,
    /// Non-merge commits in the window.
    pub commits: u32,
    /// Merge commits in the window (not counted as changes).
    pub merges: u32,
    /// Distinct authors in the window.
    pub authors: u32,
    /// Files (any type, at HEAD or since deleted) changed in the window.
    pub active_files: u32,
    pub bugfix_commits: u32,
    /// Commits that revert another (`Revert "..."`, `This reverts commit`).
    pub reverts: u32,
    /// The bug-fix regex used.
    pub bugfix_pattern: String,
    /// Measured files with history whose functions got their own change counts, and those
    /// that fell back to file level.
    pub files_mapped: u32,
    pub files_file_level: u32,
    /// Every measured file with commits in the window, ranked (strongest first).
    pub hotspots: Vec<Hotspot>,
    /// The strongest co-changing pairs, strongest first.
    pub coupling: Vec<Coupling>,
}
