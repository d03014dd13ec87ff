//! LCOV tracefile parser (geninfo format): `SF:` sections and their `DA:` line records; every
//! other record type (`TN`, `FN`, `FNDA`, `BRDA`, `LF`, ... and unknown ones) is read past.

use super::{
    CoverageError, CoverageFormat, CoverageReport, FileSet, Merge, add_line, excerpt, malformed,
    normalise_path, parse_count, parse_line_number,
};

/// Record types of the tracefile format (lcov 1.x and 2.x), for detection.
const RECORDS: &[&str] = &[
    "TN", "VER", "SF", "FN", "FNDA", "FNF", "FNH", "FNL", "FNA", "DA", "LF", "LH", "BRDA", "BRF",
    "BRH", "MCDC", "MCF", "MCH",
];

/// Whether `line` (trimmed) is an LCOV record such as `TN:` or `SF:/src/a.c`.
pub(super) fn is_record(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(key, _)| RECORDS.contains(&key))
}

/// Parse an LCOV tracefile. Sections of one file (several test names) are merged by summing.
/// A last line cut off mid-write (no line break after it) that does not parse is dropped.
pub(super) fn parse(text: &str) -> Result<CoverageReport, CoverageError> {
    let mut files = FileSet::default();
    // The normalised SF path of the open section.
    let mut section: Option<String> = None;
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((index, raw)) = lines.next() {
        let number = u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX);
        let cut_off = lines.peek().is_none();
        let record = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if record == "end_of_record" {
            section = None;
            continue;
        }
        let Some((key, value)) = record.split_once(':') else {
            continue; // blank line or something newer than this parser: skip
        };
        match key {
            "SF" => match normalise_path(value) {
                Some(path) => {
                    files.lines_mut(&path);
                    section = Some(path);
                }
                None if cut_off => {}
                None => return Err(error(number, "SF record has no path")),
            },
            "DA" => {
                let Some(path) = &section else {
                    return Err(error(
                        number,
                        format!("DA record `{}` comes before any SF record", excerpt(record)),
                    ));
                };
                match parse_da(value) {
                    Ok((0, _)) => {} // no such line: some generators write line 0, ignore it
                    Ok((line, count)) => add_line(files.lines_mut(path), line, count, Merge::Sum),
                    Err(_) if cut_off => {}
                    Err(what) => {
                        return Err(error(
                            number,
                            format!("DA record `{}` has {what}", excerpt(record)),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    files.finish(CoverageFormat::Lcov)
}

/// `<line>,<count>[,<checksum>]` -> (line, count); the error says what is missing.
fn parse_da(value: &str) -> Result<(u32, u64), &'static str> {
    let mut fields = value.split(',');
    let line = fields
        .next()
        .and_then(parse_line_number)
        .ok_or("no line number")?;
    let count = fields
        .next()
        .and_then(parse_count)
        .ok_or("no execution count")?;
    Ok((line, count))
}

fn error(line: u32, message: impl Into<String>) -> CoverageError {
    malformed(CoverageFormat::Lcov, Some(line), message)
}
