//! Per-file trouble as data: what went wrong with one file, at which stage. A problem never
//! stops the scan; the snapshot lists every one.

use serde::{Deserialize, Serialize};

/// The stage of the per-file pipeline where a problem arose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The directory walk could not read an entry (permissions, symlink loop).
    Walk,
    /// The file could not be read (permissions, vanished during the scan).
    Read,
    /// The bytes are not valid UTF-8; invalid sequences were replaced and the file measured.
    Decode,
    /// The parser gave up within the per-file time limit.
    Timeout,
    /// The analysis of this file panicked; the panic was caught.
    Panic,
    /// The language row did not resolve against its grammar.
    Grammar,
    /// Query rules on this file stopped early (match limit, time limit): findings may be missing.
    Rule,
    /// Git history could not be read (not a repository, shallow clone, git missing, empty
    /// window): history metrics are unavailable or partial.
    History,
    /// A coverage report could not be read, is malformed, or matches no repository file.
    Coverage,
    /// A manifest or lockfile is malformed (the path and line say where).
    Dependencies,
    /// A version lookup failed for a package (registry error, timeout, invalid answer).
    Registry,
}

/// One problem with one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    /// Relative, `/`-separated path (empty for problems of the scan as a whole).
    pub path: String,
    pub stage: Stage,
    /// 1-based line the problem is at, when one applies (lockfile entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub message: String,
    /// Whether the file was still measured (a decode problem) or left out.
    pub measured: bool,
}

impl Problem {
    pub fn new(path: impl Into<String>, stage: Stage, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            stage,
            line: None,
            message: message.into(),
            measured: false,
        }
    }

    /// A problem at a line of a file.
    pub fn at_line(path: impl Into<String>, line: u32, stage: Stage, message: impl Into<String>) -> Self {
        let mut p = Problem::new(path, stage, message);
        p.line = (line > 0).then_some(line);
        p
    }
}
