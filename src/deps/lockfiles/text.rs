//! Line lookups shared by the parsers: formats whose parser gives no positions (JSON through
//! serde) find an entry's line by searching the text.

/// 1-based line of a byte offset (offsets past the end give the last line).
pub fn line_of_offset(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// 1-based line of the first occurrence of `needle` at or after byte `from`.
pub fn find_line(text: &str, needle: &str, from: usize) -> Option<u32> {
    let start = from.min(text.len());
    text.get(start..)?
        .find(needle)
        .map(|i| line_of_offset(text, start + i))
}

/// Byte offset of the first occurrence of `needle` at or after `from`.
pub fn find_offset(text: &str, needle: &str, from: usize) -> Option<usize> {
    let start = from.min(text.len());
    text.get(start..)?.find(needle).map(|i| start + i)
}

/// Lines of many offsets in one text: the newlines are found once, each lookup is a binary
/// search (`line_of_offset` per entry would be quadratic on a large lockfile).
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// 1-based line of a byte offset, as `line_of_offset` gives it.
    pub fn line(&self, offset: usize) -> u32 {
        let before = self.newlines.partition_point(|&n| n < offset);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let t = "a\nbb\nccc\n";
        assert_eq!(line_of_offset(t, 0), 1);
        assert_eq!(line_of_offset(t, 2), 2);
        assert_eq!(line_of_offset(t, 5), 3);
        assert_eq!(line_of_offset(t, 999), 4);
        assert_eq!(find_line(t, "cc", 0), Some(3));
        assert_eq!(find_line(t, "a", 1), None);
        assert_eq!(find_offset(t, "bb", 0), Some(2));
        let index = LineIndex::new(t);
        for offset in 0..=t.len() + 3 {
            assert_eq!(
                index.line(offset),
                line_of_offset(t, offset),
                "offset {offset}"
            );
        }
    }
}
