//! Go cover profile parser: a `mode:` line, then `file.go:line.col,line.col statements count`
//! blocks; several concatenated profiles (each with its `mode:` line) are read as one.

use std::collections::{BTreeMap, HashMap};

use super::{
    CoverageError, CoverageFormat, CoverageReport, FileSet, Merge, add_line, excerpt, malformed,
    normalise_path,
};

/// The longest block accepted, in lines (real blocks are a few lines; this bounds memory).
const MAX_BLOCK_LINES: u32 = 1_000_000;

/// The lines all blocks of a profile may span together (README "Security": every parser of
/// outside input is bounded). Real profiles span about as many lines as the code they cover.
const MAX_TOTAL_LINES: u64 = 20_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Set,
    Count,
    Atomic,
}

fn mode_of(line: &str) -> Option<Mode> {
    match line.trim().strip_prefix("mode:")?.trim() {
        "set" => Some(Mode::Set),
        "count" => Some(Mode::Count),
        "atomic" => Some(Mode::Atomic),
        _ => None,
    }
}

/// Whether `line` is a profile's `mode: set|count|atomic` line.
pub(super) fn is_mode_line(line: &str) -> bool {
    mode_of(line).is_some()
}

/// A block's position: start line, start column, end line, end column.
type Span = (u32, u32, u32, u32);

#[derive(Debug, Clone, Copy)]
struct Block {
    span: Span,
    statements: u32,
    count: u64,
}

/// Parse a profile. The same block listed again (concatenated profiles) is combined as Go's
/// tooling does: OR-ed (max) in set mode, summed otherwise. A line's count is then the max over
/// the blocks with statements that cover it (adjacent blocks share their boundary line).
pub(super) fn parse(text: &str) -> Result<CoverageReport, CoverageError> {
    parse_with_budget(text, MAX_TOTAL_LINES)
}

fn parse_with_budget(text: &str, budget: u64) -> Result<CoverageReport, CoverageError> {
    // Files in order of first appearance; per file, its blocks and an index by span.
    let mut order: Vec<String> = Vec::new();
    let mut blocks: HashMap<String, (Vec<Block>, HashMap<Span, usize>)> = HashMap::new();
    let mut mode: Option<Mode> = None;
    let mut total_lines: u64 = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("mode:") {
            mode =
                Some(mode_of(line).ok_or_else(|| {
                    error(number, format!("unknown mode in `{}`", excerpt(line)))
                })?);
            continue;
        }
        let Some(mode) = mode else {
            return Err(error(number, "block before the profile's `mode:` line"));
        };
        let (path, block) = parse_block(line).map_err(|message| error(number, message))?;
        if !blocks.contains_key(&path) {
            order.push(path.clone());
        }
        let (file_blocks, by_span) = blocks.entry(path).or_default();
        match by_span
            .get(&block.span)
            .and_then(|&i| file_blocks.get_mut(i))
        {
            Some(seen) => {
                seen.statements = seen.statements.max(block.statements);
                seen.count = match mode {
                    Mode::Set => seen.count.max(block.count),
                    Mode::Count | Mode::Atomic => seen.count.saturating_add(block.count),
                };
            }
            None => {
                if block.statements > 0 {
                    let (start, _, end, _) = block.span;
                    total_lines += u64::from(end - start.max(1).min(end)) + 1;
                    if total_lines > budget {
                        return Err(error(
                            number,
                            format!("the blocks span more than {budget} lines in total"),
                        ));
                    }
                }
                by_span.insert(block.span, file_blocks.len());
                file_blocks.push(block);
            }
        }
    }
    let mut files = FileSet::default();
    for path in order {
        let lines = files.lines_mut(&path);
        if let Some((file_blocks, _)) = blocks.get(&path) {
            fill_lines(lines, file_blocks);
        }
    }
    files.finish(CoverageFormat::GoCover)
}

fn fill_lines(lines: &mut BTreeMap<u32, u64>, blocks: &[Block]) {
    for block in blocks.iter().filter(|b| b.statements > 0) {
        let (start, _, end, _) = block.span;
        for line in start.max(1)..=end {
            add_line(lines, line, block.count, Merge::Max);
        }
    }
}

/// `path:startLine.startCol,endLine.endCol numStmt count` (the path may itself hold `:`).
fn parse_block(line: &str) -> Result<(String, Block), String> {
    let shape = || {
        format!(
            "block `{}` is not `file:line.column,line.column statements count`",
            excerpt(line)
        )
    };
    let mut fields = line.rsplitn(3, ' ');
    let (Some(count), Some(statements), Some(location)) =
        (fields.next(), fields.next(), fields.next())
    else {
        return Err(shape());
    };
    let (path, range) = location.rsplit_once(':').ok_or_else(shape)?;
    let (start, end) = range.split_once(',').ok_or_else(shape)?;
    let (start_line, start_col) = position(start).ok_or_else(shape)?;
    let (end_line, end_col) = position(end).ok_or_else(shape)?;
    let statements: u32 = statements.parse().map_err(|_| shape())?;
    let count: u64 = count.parse().map_err(|_| shape())?;
    let path = normalise_path(path).ok_or_else(shape)?;
    if end_line < start_line {
        return Err(format!(
            "block `{}` ends (line {end_line}) before it starts (line {start_line})",
            excerpt(line)
        ));
    }
    if end_line - start_line >= MAX_BLOCK_LINES {
        return Err(format!(
            "block `{}` spans more than {MAX_BLOCK_LINES} lines",
            excerpt(line)
        ));
    }
    let block = Block {
        span: (start_line, start_col, end_line, end_col),
        statements,
        count,
    };
    Ok((path, block))
}

/// `line.column`.
fn position(raw: &str) -> Option<(u32, u32)> {
    let (line, column) = raw.split_once('.')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn error(line: u32, message: impl Into<String>) -> CoverageError {
    malformed(CoverageFormat::GoCover, Some(line), message)
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    /// Many blocks of the longest accepted length each: refused once they span more than the
    /// total budget, instead of filling a million lines per block.
    #[test]
    fn the_line_budget_is_for_the_whole_profile() {
        let mut text = String::from("mode: set\n");
        for i in 0..50 {
            text.push_str(&format!("pkg/a{i}.go:1.1,999999.2 1 1\n"));
        }
        let e = parse_with_budget(&text, 10_000_000)
            .err()
            .map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(e.contains("more than 10000000 lines in total"), "{e}");
        // The same blocks within the budget are read.
        let small: String = std::iter::once("mode: set\n".to_string())
            .chain((0..50).map(|i| format!("pkg/a{i}.go:1.1,20.2 1 1\n")))
            .collect();
        assert!(parse_with_budget(&small, 10_000_000).is_ok());
    }
}
