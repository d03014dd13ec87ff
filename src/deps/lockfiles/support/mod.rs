//! Helpers shared by the cargo, npm and python parsers: spans in TOML, JSON and YAML documents,
//! repository-relative paths, and the graph walk that tells dev-only packages apart.

pub mod graph;
pub mod json;
pub mod paths;
pub mod tomldoc;
pub mod yaml;

use super::ParseProblem;
use crate::deps::model::{Dependency, Ecosystem, Lag};
use crate::util::text::LineIndex;

/// A file's text with the offsets where its lines start: line numbers in O(log n) (searching
/// from the start for each entry made large lockfiles quadratic). Derefs to the text.
pub struct Src<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Src<'a> {
    pub fn new(text: &'a str) -> Self {
        Src {
            text,
            lines: LineIndex::new(text),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 1-based line of a byte offset (offsets past the end give the last line).
    pub fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }
}

impl std::ops::Deref for Src<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.text
    }
}

/// A dependency with the facts every parser knows; the caller fills in the rest.
pub fn dependency(ecosystem: Ecosystem, source: &str, name: &str, line: u32) -> Dependency {
    Dependency {
        ecosystem,
        name: name.to_string(),
        version: None,
        constraint: None,
        direct: false,
        source: source.to_string(),
        line,
        dev: false,
        lag: Lag::default(),
    }
}

pub fn problem(path: &str, line: u32, message: impl Into<String>) -> ParseProblem {
    ParseProblem {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

/// The text without a leading byte-order mark (lines are unchanged).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Dependencies in file order: by source, line, then name and version.
pub fn sort_dependencies(deps: &mut [Dependency]) {
    deps.sort_by(|a, b| {
        (&a.source, a.line, &a.name, &a.version).cmp(&(&b.source, b.line, &b.name, &b.version))
    });
}

/// Whether a dependency group or file name marks development-only packages: one of its words
/// (split on anything not a letter or digit) is `dev`, `develop`, `development`, `test`,
/// `tests` or `testing`.
pub fn is_dev_word(name: &str) -> bool {
    name.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "dev" | "develop" | "development" | "test" | "tests" | "testing"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_words_are_whole_words() {
        assert!(is_dev_word("requirements-dev"));
        assert!(is_dev_word("Test"));
        assert!(is_dev_word("requirements_tests"));
        assert!(!is_dev_word("devtools"));
        assert!(!is_dev_word("latest"));
        assert!(!is_dev_word("requirements"));
    }

    #[test]
    fn lines_from_the_index_match_a_count() {
        let text = "a\nbb\n\nccc";
        let src = Src::new(text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                src.line(offset),
                crate::util::text::line_of_offset(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(src.line(3), 2);
        assert_eq!(src.line(5), 3);
        assert_eq!(src.line(6), 4);
    }

    #[test]
    fn bom_is_stripped_once() {
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
        assert_eq!(strip_bom("{}"), "{}");
    }
}

#[cfg(test)]
pub mod testing;

#[cfg(test)]
mod robustness;
