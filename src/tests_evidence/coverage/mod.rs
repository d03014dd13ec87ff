//! Coverage report parsers: detects LCOV, Cobertura XML, JaCoCo XML and Go cover profiles by
//! content and reads each into per-file line coverage (`FileCoverage`), merging repeated files.

mod gocover;
mod lcov;
#[cfg(test)]
mod tests;
mod xml;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

pub use super::model::CoverageFormat; // Lcov, Cobertura, Jacoco, GoCover

/// Line coverage of one source file as a report states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    /// Candidate paths of the file as the report names it, most specific first, `/`-separated,
    /// never empty. (Cobertura: each `<source>` joined with the class `filename`, then the
    /// filename alone; JaCoCo: `package name/sourcefile name`; LCOV: the SF path; Go: the path part
    /// of the block, i.e. the import path + file name.) Normalise `\` to `/`, drop a leading `./`.
    pub paths: Vec<String>,
    /// 1-based line -> execution count (0 = coverable but not executed). Only coverable lines.
    pub lines: BTreeMap<u32, u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageReport {
    pub format: CoverageFormat,
    /// In the report's order; the same file listed twice (LCOV test names, Cobertura classes of one
    /// file, Go blocks) is merged into one entry: a line's count is the sum (LCOV, Go count mode) or
    /// max; coverable if any entry lists it.
    pub files: Vec<FileCoverage>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CoverageError {
    #[error(
        "not a coverage report quarterdeck reads (LCOV, Cobertura XML, JaCoCo XML or Go cover profile)"
    )]
    Unrecognised,
    /// `line` is the 1-based line of the report where it went wrong, when known.
    #[error("malformed {}{}: {message}", format.label(), at_line(line))]
    Malformed {
        format: CoverageFormat,
        line: Option<u32>,
        message: String,
    },
    #[error("the {} report lists no source file", format.label())]
    Empty { format: CoverageFormat },
}

/// Detect the format from the content (not the file name): LCOV (records like `TN:`, `SF:`),
/// Cobertura (XML root `<coverage>`), JaCoCo (XML root `<report>`, typically with the JaCoCo DOCTYPE),
/// Go (first non-empty line `mode: set|count|atomic`). BOM and leading whitespace tolerated.
pub fn detect(bytes: &[u8]) -> Option<CoverageFormat> {
    detect_text(&decode(bytes))
}

/// Detect and parse. Never panics on any input (no unwrap/expect/indexing that can fail on input).
pub fn parse(bytes: &[u8]) -> Result<CoverageReport, CoverageError> {
    let text = decode(bytes);
    match detect_text(&text).ok_or(CoverageError::Unrecognised)? {
        CoverageFormat::Lcov => lcov::parse(&text),
        CoverageFormat::Cobertura => xml::parse_cobertura(&text),
        CoverageFormat::Jacoco => xml::parse_jacoco(&text),
        CoverageFormat::GoCover => gocover::parse(&text),
    }
}

/// The report as text: a UTF-8 BOM dropped, invalid UTF-8 replaced (line breaks are kept, so
/// line numbers stay those of the file).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes)
}

fn detect_text(text: &str) -> Option<CoverageFormat> {
    let rest = text.trim_start();
    if rest.starts_with('<') {
        return xml::detect(text);
    }
    let first = rest.lines().next()?.trim();
    if gocover::is_mode_line(first) {
        Some(CoverageFormat::GoCover)
    } else if lcov::is_record(first) {
        Some(CoverageFormat::Lcov)
    } else {
        None
    }
}

fn at_line(line: &Option<u32>) -> String {
    line.map(|n| format!(" at line {n}")).unwrap_or_default()
}

fn malformed(
    format: CoverageFormat,
    line: Option<u32>,
    message: impl Into<String>,
) -> CoverageError {
    CoverageError::Malformed {
        format,
        line,
        message: message.into(),
    }
}

/// How two counts of one line are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    Sum,
    Max,
}

fn add_line(lines: &mut BTreeMap<u32, u64>, line: u32, count: u64, merge: Merge) {
    let slot = lines.entry(line).or_insert(0);
    *slot = match merge {
        Merge::Sum => slot.saturating_add(count),
        Merge::Max => (*slot).max(count),
    };
}

fn merge_lines(into: &mut BTreeMap<u32, u64>, from: BTreeMap<u32, u64>, merge: Merge) {
    for (line, count) in from {
        add_line(into, line, count, merge);
    }
}

/// Files in report order, one entry per key (the file's normalised path in the report).
#[derive(Debug, Default)]
struct FileSet {
    files: Vec<FileCoverage>,
    by_key: HashMap<String, usize>,
}

impl FileSet {
    /// The entry for `key`, created (with the single path `key`) on first use.
    fn lines_mut(&mut self, key: &str) -> &mut BTreeMap<u32, u64> {
        let index = match self.by_key.get(key) {
            Some(&index) => index,
            None => {
                self.files.push(FileCoverage {
                    paths: vec![key.to_string()],
                    lines: BTreeMap::new(),
                });
                self.by_key.insert(key.to_string(), self.files.len() - 1);
                self.files.len() - 1
            }
        };
        // In bounds: every index in `by_key` was taken from `files` right after a push.
        &mut self.files[index].lines
    }

    fn finish(self, format: CoverageFormat) -> Result<CoverageReport, CoverageError> {
        if self.files.is_empty() {
            return Err(CoverageError::Empty { format });
        }
        Ok(CoverageReport {
            format,
            files: self.files,
        })
    }
}

/// `\` to `/`, surrounding whitespace and leading `./` dropped; `None` when nothing is left.
fn normalise_path(raw: &str) -> Option<String> {
    let mut path = raw.trim().replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    if path.is_empty() || path == "." {
        None
    } else {
        Some(path)
    }
}

/// An execution count: a non-negative integer (saturating at `u64::MAX`); leniently, a negative
/// number counts as 0 and a decimal as its integer part. `None` when not a finite number.
fn parse_count(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    if let Ok(count) = raw.parse::<u64>() {
        return Some(count);
    }
    match raw.parse::<f64>() {
        // `as` saturates: values above `u64::MAX` become `u64::MAX`.
        Ok(value) if value.is_finite() => Some(if value <= 0.0 { 0 } else { value as u64 }),
        _ => None,
    }
}

/// A 1-based source line number.
fn parse_line_number(raw: &str) -> Option<u32> {
    raw.trim().parse::<u32>().ok()
}

/// A report excerpt for a message, cut to a readable length.
fn excerpt(raw: &str) -> String {
    const MAX: usize = 80;
    match raw.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &raw[..cut]),
        None => raw.to_string(),
    }
}
