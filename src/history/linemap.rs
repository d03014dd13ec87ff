//! Where the lines of an older version of a file are at HEAD: a piecewise map composed commit by
//! commit (newest first) from zero-context hunks, for function-level change counts.
//!
//! Lines a hunk replaced map to the lines that replaced them (1:1, the surplus to the last
//! one), so a line edited again and again keeps counting for its function; lines a hunk only
//! deleted map to nothing.

use super::parse::Hunk;

/// A run of version lines from `start` up to the next segment's start (the last one runs on
/// without end); `head` is the HEAD line of `start`, 0 when the run is not at HEAD. A `flat`
/// run maps every line to `head` (replaced lines beyond their replacement's length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    start: u32,
    head: u32,
    flat: bool,
}

/// Version lines (1-based) to HEAD lines. Starts as the identity (the version is HEAD).
#[derive(Debug, Clone)]
pub struct LineMap {
    segs: Vec<Seg>,
    scratch: Vec<Seg>,
}

const END: i64 = u32::MAX as i64;

const NOWHERE: Seg = Seg {
    start: 1,
    head: 0,
    flat: false,
};

impl LineMap {
    pub fn identity() -> Self {
        LineMap {
            segs: vec![Seg {
                start: 1,
                head: 1,
                flat: false,
            }],
            scratch: Vec::new(),
        }
    }

    /// No line of the version is at HEAD (before the file was created).
    pub fn clear(&mut self) {
        self.segs.clear();
        self.segs.push(NOWHERE);
    }

    /// How many runs the map holds (its cost).
    #[cfg(test)]
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// Append to `out` the HEAD line ranges (inclusive) of version lines `lo..=hi`.
    pub fn head_ranges(&self, lo: u32, hi: u32, out: &mut Vec<(u32, u32)>) {
        if lo == 0 || hi < lo {
            return;
        }
        let mut i = self
            .segs
            .partition_point(|s| s.start <= lo)
            .saturating_sub(1);
        while i < self.segs.len() && self.segs[i].start <= hi {
            let s = self.segs[i];
            let next = self.segs.get(i + 1).map_or(END, |n| i64::from(n.start));
            let a = lo.max(s.start);
            let b = i64::from(hi).min(next - 1) as u32;
            if s.head != 0 && a <= b {
                if s.flat {
                    out.push((s.head, s.head));
                } else {
                    out.push((s.head + (a - s.start), s.head + (b - s.start)));
                }
            }
            i += 1;
        }
    }

    /// Become the map of the version before a commit, given that commit's hunks (in order)
    /// against the version this map describes.
    pub fn compose(&mut self, hunks: &[Hunk]) {
        let mut b = Builder {
            old: &self.segs,
            j: 0,
            out: std::mem::take(&mut self.scratch),
        };
        b.out.clear();
        let mut next_pre: i64 = 1;
        let mut delta: i64 = 0;
        for h in hunks {
            let (os, ol) = (i64::from(h.old_start), i64::from(h.old_len));
            let (ns, nl) = (i64::from(h.new_start), i64::from(h.new_len));
            if ol > 0 {
                let os = os.max(next_pre);
                b.unchanged(next_pre, os - 1, delta);
                if nl > 0 {
                    // Replaced lines: 1:1 onto their replacement, the surplus onto its end.
                    let k = ol.min(nl);
                    b.unchanged(os, os + k - 1, ns - os);
                    if ol > nl {
                        b.flat(os + k, ns + nl - 1);
                    }
                } else {
                    b.push(os, 0, false);
                }
                next_pre = os + ol;
            } else {
                let os = os.max(next_pre - 1);
                b.unchanged(next_pre, os, delta);
                next_pre = os + 1;
            }
            delta += nl - ol;
        }
        b.unchanged(next_pre, END, delta);
        let out = b.out;
        self.scratch = std::mem::replace(&mut self.segs, out);
        if self.segs.is_empty() {
            self.clear();
        }
    }

    /// The HEAD line of one version line.
    #[cfg(test)]
    pub fn line(&self, v: u32) -> Option<u32> {
        let mut out = Vec::new();
        self.head_ranges(v, v, &mut out);
        out.first().map(|r| r.0)
    }
}

struct Builder<'a> {
    old: &'a [Seg],
    /// The old segment holding the last post-image line looked at (post lines only grow).
    j: usize,
    out: Vec<Seg>,
}

impl Builder<'_> {
    /// Pre-image lines `ps..=pe` are post-image lines `ps + delta ..= pe + delta`.
    fn unchanged(&mut self, ps: i64, pe: i64, delta: i64) {
        if pe < ps {
            return;
        }
        let mut p = ps;
        // Post-image lines below 1 cannot exist; map them to nothing.
        if p + delta < 1 {
            self.push(p, 0, false);
            p = 1 - delta;
            if p > pe {
                return;
            }
        }
        while p <= pe && p < END {
            let (head, flat) = self.at(p + delta);
            self.push(p, head, flat);
            let Some(next) = self.old.get(self.j + 1) else {
                return;
            };
            p = i64::from(next.start) - delta;
        }
    }

    /// Pre-image lines from `ps` (up to the next run) all map where post-image line `q` does.
    fn flat(&mut self, ps: i64, q: i64) {
        let (head, _) = self.at(q);
        self.push(ps, head, true);
    }

    /// The HEAD line of post-image line `q` (moving the cursor forward), and whether its run is
    /// flat.
    fn at(&mut self, q: i64) -> (u32, bool) {
        while self.j + 1 < self.old.len() && i64::from(self.old[self.j + 1].start) <= q {
            self.j += 1;
        }
        let s = self.old[self.j];
        if s.head == 0 || q < i64::from(s.start) {
            (0, false)
        } else if s.flat {
            (s.head, true)
        } else {
            let h = (i64::from(s.head) + q - i64::from(s.start)).min(END - 1);
            (h as u32, false)
        }
    }

    /// A run starting at pre-image line `start` (merged into the previous run when it
    /// continues it).
    fn push(&mut self, start: i64, head: u32, flat: bool) {
        if !(1..END).contains(&start) {
            return;
        }
        let start = start as u32;
        let flat = flat && head != 0;
        if let Some(last) = self.out.last() {
            let continues = if head == 0 {
                last.head == 0
            } else if flat {
                last.flat && last.head == head
            } else {
                !last.flat
                    && last.head != 0
                    && i64::from(last.head) + i64::from(start - last.start) == i64::from(head)
            };
            if continues {
                return;
            }
            if last.start == start {
                self.out.pop();
            }
        }
        self.out.push(Seg { start, head, flat });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(old_start: u32, old_len: u32, new_start: u32, new_len: u32) -> Hunk {
        Hunk {
            old_start,
            old_len,
            new_start,
            new_len,
        }
    }

    fn lines(m: &LineMap, n: u32) -> Vec<Option<u32>> {
        (1..=n).map(|v| m.line(v)).collect()
    }

    #[test]
    fn identity_maps_every_line_to_itself() {
        let m = LineMap::identity();
        assert_eq!(lines(&m, 4), vec![Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(m.segments(), 1);
    }

    #[test]
    fn an_insertion_shifts_the_lines_after_it() {
        // HEAD added two lines after line 3: HEAD lines 4 and 5 are new.
        let mut m = LineMap::identity();
        m.compose(&[hunk(3, 0, 4, 2)]);
        assert_eq!(
            lines(&m, 5),
            vec![Some(1), Some(2), Some(3), Some(6), Some(7)]
        );
    }

    #[test]
    fn a_deletion_leaves_removed_lines_without_a_head_line() {
        // HEAD removed old lines 5 and 6 (after HEAD line 4).
        let mut m = LineMap::identity();
        m.compose(&[hunk(5, 2, 4, 0)]);
        assert_eq!(
            lines(&m, 8),
            vec![
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                None,
                None,
                Some(5),
                Some(6)
            ]
        );
    }

    #[test]
    fn a_replacement_and_an_insertion_at_the_top_in_one_commit() {
        // Two new lines at the top, then old line 4 replaced by three lines.
        let mut m = LineMap::identity();
        m.compose(&[hunk(0, 0, 1, 2), hunk(4, 1, 6, 3)]);
        // old 1..3 -> HEAD 3..5; old 4 -> its replacement's first line, 6; old 5 -> HEAD
        // 5 + 2 + 2 = 9.
        assert_eq!(
            lines(&m, 6),
            vec![Some(3), Some(4), Some(5), Some(6), Some(9), Some(10)]
        );
    }

    #[test]
    fn two_commits_compose() {
        let mut m = LineMap::identity();
        // Newest commit: replaced line 2 by two lines.
        m.compose(&[hunk(2, 1, 2, 2)]);
        assert_eq!(lines(&m, 4), vec![Some(1), Some(2), Some(4), Some(5)]);
        // The commit before inserted a line after line 1 (its line 2): the version before it
        // has line 2 -> that commit's line 3 -> HEAD 4.
        m.compose(&[hunk(1, 0, 2, 1)]);
        assert_eq!(lines(&m, 4), vec![Some(1), Some(4), Some(5), Some(6)]);
    }

    #[test]
    fn lines_replaced_by_fewer_map_onto_the_last_replacement_line() {
        // Old lines 2..4 became one line (HEAD 2).
        let mut m = LineMap::identity();
        m.compose(&[hunk(2, 3, 2, 1)]);
        assert_eq!(
            lines(&m, 6),
            vec![Some(1), Some(2), Some(2), Some(2), Some(3), Some(4)]
        );
        let mut out = Vec::new();
        m.head_ranges(3, 5, &mut out);
        assert_eq!(out, vec![(2, 2), (3, 3)]);
        // An older commit inserted its line 2 (HEAD 2): the flat run shifts and stays flat.
        m.compose(&[hunk(1, 0, 2, 1)]);
        assert_eq!(
            lines(&m, 6),
            vec![Some(1), Some(2), Some(2), Some(3), Some(4), Some(5)]
        );
    }

    #[test]
    fn head_ranges_split_at_gaps() {
        let mut m = LineMap::identity();
        m.compose(&[hunk(5, 2, 4, 0)]);
        let mut out = Vec::new();
        m.head_ranges(3, 9, &mut out);
        assert_eq!(out, vec![(3, 4), (5, 7)]);
        out.clear();
        m.head_ranges(5, 6, &mut out);
        assert_eq!(out, Vec::<(u32, u32)>::new());
    }

    #[test]
    fn a_cleared_map_maps_nothing_and_stays_empty() {
        let mut m = LineMap::identity();
        m.clear();
        assert_eq!(lines(&m, 3), vec![None, None, None]);
        m.compose(&[hunk(1, 3, 0, 0)]);
        assert_eq!(lines(&m, 5), vec![None; 5]);
        assert_eq!(m.segments(), 1);
    }

    #[test]
    fn runs_merge_back_when_an_edit_is_undone() {
        // Lines inserted then (one commit older) the same count removed at the same place:
        // the map is piecewise again but never holds two adjacent runs that continue each other.
        let mut m = LineMap::identity();
        m.compose(&[hunk(2, 0, 3, 1)]);
        m.compose(&[hunk(3, 1, 2, 0)]);
        assert_eq!(lines(&m, 5), vec![Some(1), Some(2), None, Some(4), Some(5)]);
        assert_eq!(m.segments(), 3);
    }
}
