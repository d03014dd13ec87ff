//! One file as the scan reports it (the snapshot's `files[]`), with the per-file data that the
//! stages after the scan read but the snapshot leaves out (query matches, inline ignores).

use serde::{Deserialize, Serialize};

use super::history::FileHistory;
use super::metrics::{Aggregate, FunctionMetrics, LineCounts};

/// One measured file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub language: String,
    /// A test file (by the language table's test patterns or `[tests] paths`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test: bool,
    pub lines: LineCounts,
    pub parse_errors: bool,
    pub summary: Aggregate,
    pub functions: Vec<FunctionMetrics>,
    /// Matches of query rules, found while the tree was alive; turned into findings by
    /// `rules::evaluate` (not part of the snapshot).
    #[serde(skip)]
    pub hits: Vec<QueryHit>,
    /// `quarterdeck:ignore` comments of the file (not part of the snapshot).
    #[serde(skip)]
    pub ignores: Vec<InlineIgnore>,
    /// Test files only: the distinct identifiers of the file (sorted), for static test
    /// references (not part of the snapshot).
    #[serde(skip)]
    pub identifiers: Vec<u64>,
    /// Change statistics over the audit window, when git history is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<FileHistory>,
}

/// One match of a query rule in one file: where, and what was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryHit {
    /// Index of the rule in its `RuleSet`.
    pub rule: u32,
    pub start_line: u32,
    pub end_line: u32,
    pub start_byte: usize,
    pub end_byte: usize,
    /// Index (in the file's `functions`) of the innermost function holding the match.
    pub function: Option<u32>,
    /// Digest of the whitespace-normalised matched text (the fingerprint's text part).
    pub key: String,
    /// First line of the match, trimmed and cut, for messages.
    pub text: String,
    /// What the rule's `extract` regex found in the match.
    pub extract: Option<String>,
}

/// One `quarterdeck:ignore` comment: it silences `rule` on `line` and the line below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineIgnore {
    pub line: u32,
    pub rule: String,
    pub reason: String,
}

/// Why a file (or a directory, written with a trailing `/`) was not measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Matched an `exclude` glob (config or `--exclude`).
    Excluded,
    /// `include` globs are set and none matched.
    NotIncluded,
    /// Vendored third-party code (`vendor/`, `node_modules/`, `third_party/`).
    Vendored,
    /// Build output or tool cache (`target/`, `dist/`, `build/`, `__pycache__/`).
    BuildOutput,
    /// Carries a generated-code marker in its first lines.
    Generated,
    /// Minified: a `.min.js`-style name or a line longer than `max_line_length`.
    Minified,
    /// Larger than `max_file_size`.
    TooLarge,
    /// Holds NUL bytes.
    Binary,
    /// No supported language.
    Unsupported,
    /// A symbolic link (not followed unless `follow_links`).
    Symlink,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Excluded => "excluded",
            SkipReason::NotIncluded => "not-included",
            SkipReason::Vendored => "vendored",
            SkipReason::BuildOutput => "build-output",
            SkipReason::Generated => "generated",
            SkipReason::Minified => "minified",
            SkipReason::TooLarge => "too-large",
            SkipReason::Binary => "binary",
            SkipReason::Unsupported => "unsupported",
            SkipReason::Symlink => "symlink",
        }
    }
}

/// Skipped paths of one reason: the full count and the first paths (sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipList {
    pub count: usize,
    pub paths: Vec<String>,
}
