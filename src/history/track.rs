//! Function-level change for one measured file: each commit's hunks, mapped to HEAD lines
//! through a `LineMap`, counted on the functions whose HEAD spans they touch.

use super::linemap::LineMap;
use super::parse::{FileStatus, Hunk};

/// One section of one commit, as the tracker needs it.
pub struct Change<'a> {
    pub seq: u32,
    /// The commit, for the fallback reason (`abc1234 (2026-07-01)`).
    pub label: &'a dyn Fn() -> String,
    pub status: FileStatus,
    pub binary: bool,
    pub added: u32,
    pub removed: u32,
    pub hunks: &'a [Hunk],
    /// The first section of this commit for the file (a type change shows two).
    pub first_in_commit: bool,
}

#[derive(Debug)]
pub struct Tracker {
    map: LineMap,
    spans: Vec<(u32, u32)>,
    pub changes: Vec<u32>,
    /// The commit that last counted each function (once per commit).
    stamp: Vec<u32>,
    /// Lines of the version the map describes (HEAD's, then older versions').
    lines: u32,
    /// Why this file fell back to file level.
    pub fallback: Option<String>,
    rewrite_share: f64,
    ranges: Vec<(u32, u32)>,
}

impl Tracker {
    pub fn new(spans: Vec<(u32, u32)>, lines: u32, rewrite_share: f64) -> Self {
        let n = spans.len();
        Tracker {
            map: LineMap::identity(),
            spans,
            changes: vec![0; n],
            stamp: vec![0; n],
            lines,
            fallback: None,
            rewrite_share,
            ranges: Vec::new(),
        }
    }

    pub fn apply(&mut self, c: &Change) {
        if self.fallback.is_some() {
            return;
        }
        if !c.first_in_commit {
            self.fallback = Some(format!(
                "commit {} changed the file twice (a type change): its diffs cannot be mapped",
                (c.label)()
            ));
            return;
        }
        if c.binary {
            self.fallback = Some(format!(
                "commit {} changed it as a binary file: its diff has no lines to map",
                (c.label)()
            ));
            return;
        }
        let post = self.lines;
        let pre = (u64::from(post) + u64::from(c.removed)).saturating_sub(u64::from(c.added));
        let pre = u32::try_from(pre).unwrap_or(u32::MAX);
        let share = self.rewrite_share;
        if c.removed > 0
            && c.added > 0
            && f64::from(c.removed) > share * f64::from(pre)
            && f64::from(c.added) > share * f64::from(post)
        {
            self.fallback = Some(format!(
                "commit {} rewrote it: removed {} of {} lines and added {} of {} (more than {}%)",
                (c.label)(),
                c.removed,
                pre,
                c.added,
                post,
                share * 100.0
            ));
            return;
        }
        self.ranges.clear();
        for h in c.hunks {
            let (lo, hi) = if h.new_len > 0 {
                (h.new_start, h.new_start.saturating_add(h.new_len - 1))
            } else {
                // A pure deletion touches the line above it (line 1 at the top).
                let at = h.new_start.max(1);
                (at, at)
            };
            let hi = hi.min(post);
            self.map.head_ranges(lo, hi, &mut self.ranges);
        }
        for &(lo, hi) in &self.ranges {
            for (i, &(s, e)) in self.spans.iter().enumerate() {
                if s <= hi && e >= lo && self.stamp[i] != c.seq {
                    self.stamp[i] = c.seq;
                    self.changes[i] += 1;
                }
            }
        }
        if c.status == FileStatus::Created {
            self.map.clear();
            self.lines = 0;
        } else {
            self.map.compose(c.hunks);
            self.lines = pre;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(old_start: u32, old_len: u32, new_start: u32, new_len: u32) -> Hunk {
        Hunk {
            old_start,
            old_len,
            new_start,
            new_len,
        }
    }

    fn change<'a>(seq: u32, hunks: &'a [Hunk], label: &'a dyn Fn() -> String) -> Change<'a> {
        Change {
            seq,
            label,
            status: FileStatus::Modified,
            binary: false,
            added: hunks.iter().map(|h| h.new_len).sum(),
            removed: hunks.iter().map(|h| h.old_len).sum(),
            hunks,
            first_in_commit: true,
        }
    }

    #[test]
    fn hunks_count_once_per_commit_on_the_functions_they_touch() {
        // HEAD: 20 lines; f = 1..5, g = 7..12, h = 14..20.
        let mut t = Tracker::new(vec![(1, 5), (7, 12), (14, 20)], 20, 0.5);
        let label = || "abc1234".to_string();
        // Newest commit: two hunks in g (lines 8 and 10..11) and one in h.
        t.apply(&change(
            1,
            &[h(8, 1, 8, 1), h(10, 0, 10, 2), h(15, 1, 17, 1)],
            &label,
        ));
        assert_eq!(t.changes, vec![0, 1, 1]);
        // The commit before: it added line 9 of its version, which is HEAD line 9 (in g) only
        // if the newer commit's insertion is accounted for: old 9 -> HEAD 9.
        t.apply(&change(2, &[h(8, 0, 9, 1)], &label));
        assert_eq!(t.changes, vec![0, 2, 1]);
        // A pure deletion after line 3 touches line 3: f.
        t.apply(&change(3, &[h(4, 2, 3, 0)], &label));
        assert_eq!(t.changes, vec![1, 2, 1]);
        assert_eq!(t.fallback, None);
    }

    #[test]
    fn replaced_lines_keep_counting_deleted_ones_do_not() {
        // HEAD: f = 1..10. The newest commit replaced lines 3..4; an older commit changed its
        // line 3, which the newer one replaced: f is counted for both.
        let mut t = Tracker::new(vec![(1, 10)], 10, 0.5);
        let label = || "abc1234".to_string();
        t.apply(&change(1, &[h(3, 2, 3, 2)], &label));
        t.apply(&change(2, &[h(3, 1, 3, 1)], &label));
        assert_eq!(t.changes, vec![2]);
        // HEAD: f = 1..3, g = 5..8. The newest commit deleted two lines after line 4 (a blank
        // line between f and g): it touches line 4, no function. An older commit changed the
        // deleted lines: they are nowhere at HEAD.
        let mut t = Tracker::new(vec![(1, 3), (5, 8)], 8, 0.5);
        t.apply(&change(1, &[h(5, 2, 4, 0)], &label));
        t.apply(&change(2, &[h(5, 1, 5, 1)], &label));
        assert_eq!(t.changes, vec![0, 0]);
    }

    #[test]
    fn a_rewrite_falls_back_to_file_level_with_the_reason() {
        let mut t = Tracker::new(vec![(1, 10)], 10, 0.5);
        let label = || "abc1234 (2026-07-01)".to_string();
        t.apply(&change(1, &[h(1, 9, 1, 10)], &label));
        assert_eq!(t.changes, vec![0]);
        assert_eq!(
            t.fallback.as_deref(),
            Some(
                "commit abc1234 (2026-07-01) rewrote it: removed 9 of 9 lines and added 10 of 10 \
                 (more than 50%)"
            )
        );
    }

    #[test]
    fn commits_before_the_file_was_created_map_nowhere() {
        let mut t = Tracker::new(vec![(1, 3)], 3, 0.5);
        let label = || "c".to_string();
        let all = [h(0, 0, 1, 3)];
        let mut created = change(1, &all, &label);
        created.status = FileStatus::Created;
        t.apply(&created);
        assert_eq!(t.changes, vec![1]);
        // An older commit at the same path (a file deleted before): nothing at HEAD.
        t.apply(&change(2, &[h(0, 0, 1, 2)], &label));
        assert_eq!(t.changes, vec![1]);
        assert_eq!(t.fallback, None);
    }
}
