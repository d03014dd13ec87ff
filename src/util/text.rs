//! The one line index of the crate: 1-based line numbers of byte offsets in a text (lockfile
//! entries, coverage report excerpts).

/// 1-based line of a byte offset (offsets past the end give the last line).
pub fn line_of_offset(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
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
