//! Suppressions: inline `quarterdeck:ignore <rule-id> <reason>` comments, read while a file's
//! tree is alive, and suppression files that list fingerprints with reasons.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::bytes::Regex;
use serde::{Deserialize, Serialize};
use tree_sitter::Tree;

use super::RuleError;
pub use crate::model::file::InlineIgnore;

use crate::lang::Resolved;

/// The marker of an inline suppression.
pub const MARKER: &str = "quarterdeck:ignore";

static INLINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"quarterdeck:ignore[ \t]+([A-Za-z0-9_./-]+)[ \t]*([^\r\n]*)").ok()
});

/// Where a finding's suppression comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionSource {
    /// A `quarterdeck:ignore` comment in the source.
    Inline,
    /// An entry of the suppression file.
    File,
}

/// Why a finding is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub source: SuppressionSource,
    pub reason: String,
}

/// Every `quarterdeck:ignore` inside a comment of the file (text in strings does not count).
pub fn inline_ignores(r: &Resolved, tree: &Tree, src: &[u8]) -> Vec<InlineIgnore> {
    let Some(re) = INLINE.as_ref() else {
        return Vec::new();
    };
    let root = tree.root_node();
    let mut out = Vec::new();
    // Lines are counted once through the file: matches come in order, so each count goes on
    // from the previous match (README "Security": every parser of outside input is linear).
    let (mut counted_to, mut line) = (0usize, 1usize);
    for c in re.captures_iter(src) {
        let (Some(all), Some(rule)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let pos = all.start();
        let Some(mut node) = root.descendant_for_byte_range(pos, pos + 1) else {
            continue;
        };
        let in_comment = loop {
            if super::query::is_comment(node, r) {
                break true;
            }
            match node.parent() {
                Some(p) => node = p,
                None => break false,
            }
        };
        if !in_comment {
            continue;
        }
        let reason = c
            .get(2)
            .map_or("", |m| std::str::from_utf8(m.as_bytes()).unwrap_or(""));
        let reason = reason
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim_end()
            .to_string();
        line += src[counted_to..pos].iter().filter(|&&b| b == b'\n').count();
        counted_to = pos;
        out.push(InlineIgnore {
            line: line as u32,
            rule: String::from_utf8_lossy(rule.as_bytes()).into_owned(),
            reason,
        });
    }
    out
}

/// The suppression file: `[[suppress]]` entries of fingerprint and reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionFile {
    #[serde(default)]
    suppress: Vec<Entry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    reason: String,
    /// For the reader only: the rule and path the fingerprint belonged to.
    #[allow(dead_code)]
    rule: Option<String>,
    #[allow(dead_code)]
    path: Option<String>,
}

/// Loaded suppression-file entries, by fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    by_fingerprint: BTreeMap<String, String>,
    pub origin: Option<PathBuf>,
}

impl Suppressions {
    /// No suppression file.
    pub fn none() -> Self {
        Suppressions::default()
    }

    /// Read a suppression file; a missing or malformed file is an error naming it.
    pub fn load(path: &Path) -> Result<Self, RuleError> {
        let err = |message: String| RuleError::Suppressions {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let file: SuppressionFile = toml::from_str(&text).map_err(|e| {
            let pos = e
                .span()
                .map(|s| {
                    let (l, c) = super::load::line_col(&text, s.start);
                    format!("{l}:{c}: ")
                })
                .unwrap_or_default();
            err(format!("{pos}{}", super::query::one_line(&e.message())))
        })?;
        let mut by_fingerprint = BTreeMap::new();
        for e in file.suppress {
            let fp = e.fingerprint.trim().to_string();
            if fp.is_empty() {
                return Err(err("an entry has an empty fingerprint".into()));
            }
            by_fingerprint.insert(fp, e.reason);
        }
        Ok(Suppressions {
            by_fingerprint,
            origin: Some(path.to_path_buf()),
        })
    }

    /// The reason given for this fingerprint, if the file lists it.
    pub fn reason(&self, fingerprint: &str) -> Option<&str> {
        self.by_fingerprint.get(fingerprint).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_fingerprint.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_fingerprint.is_empty()
    }
}
