//! Line lookups shared by the parsers: formats whose parser gives no positions (JSON through
//! serde) find an entry's line by searching the text. The line index itself is `util::text`'s.

use crate::util::text::line_of_offset;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::text::LineIndex;

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
