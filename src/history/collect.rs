//! The accumulator of the log pass: interned paths and authors, renames resolved to HEAD paths,
//! per-file and repository counts, co-change pairs, and the function trackers.

use std::collections::HashMap;

use super::parse::{Commit, FileStatus};
use super::track::{Change, Tracker};

/// Byte strings to dense ids.
#[derive(Default)]
pub struct Interner {
    map: HashMap<Vec<u8>, u32>,
    names: Vec<Vec<u8>>,
}

impl Interner {
    pub fn intern(&mut self, s: &[u8]) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.map.insert(s.to_vec(), id);
        self.names.push(s.to_vec());
        id
    }
    pub fn get(&self, s: &[u8]) -> Option<u32> {
        self.map.get(s).copied()
    }
    pub fn name(&self, id: u32) -> String {
        String::from_utf8_lossy(&self.names[id as usize]).into_owned()
    }
}

/// One author's part in one file.
#[derive(Debug, Clone, Copy)]
pub struct Share {
    pub author: u32,
    pub commits: u32,
    pub lines: u64,
}

/// Everything counted for one file identity (indexed by the id of its newest path).
#[derive(Debug, Default)]
pub struct FileAcc {
    pub commits: u32,
    pub added: u64,
    pub removed: u64,
    pub bugfix: u32,
    pub first: i64,
    pub last: i64,
    pub shares: Vec<Share>,
    /// Earlier path ids, newest first.
    pub renamed_from: Vec<u32>,
    /// The commit (sequence number, from 1) that last touched it; 0 = never.
    seen_seq: u32,
    /// The newest commit that touched it.
    first_seq: u32,
    /// The newest change did not delete it.
    pub exists_at_head: bool,
    pub tracker: Option<u32>,
}

/// Repository totals of the window.
#[derive(Debug, Default)]
pub struct Totals {
    pub commits: u32,
    pub merges: u32,
    pub bugfix: u32,
    pub reverts: u32,
    pub authors: u32,
}

pub struct Collector<'a> {
    since: i64,
    bugfix: &'a regex::bytes::Regex,
    max_changeset: usize,
    pub paths: Interner,
    /// Path id -> file identity.
    resolve: Vec<u32>,
    pub files: Vec<FileAcc>,
    pub authors: Interner,
    /// Per author: counted in the window, and their newest author date there.
    pub author_last: Vec<Option<i64>>,
    pub trackers: Vec<Tracker>,
    pub totals: Totals,
    pub pairs: HashMap<(u32, u32), u32>,
    seq: u32,
    changeset: Vec<u32>,
    renames: Vec<(u32, u32)>,
}

impl<'a> Collector<'a> {
    pub fn new(since: i64, bugfix: &'a regex::bytes::Regex, max_changeset: usize) -> Self {
        Collector {
            since,
            bugfix,
            max_changeset,
            paths: Interner::default(),
            resolve: Vec::new(),
            files: Vec::new(),
            authors: Interner::default(),
            author_last: Vec::new(),
            trackers: Vec::new(),
            totals: Totals::default(),
            pairs: HashMap::new(),
            seq: 0,
            changeset: Vec::new(),
            renames: Vec::new(),
        }
    }

    fn path_id(&mut self, p: &[u8]) -> u32 {
        let id = self.paths.intern(p);
        if id as usize == self.resolve.len() {
            self.resolve.push(id);
            self.files.push(FileAcc::default());
        }
        id
    }

    /// Track the functions of a measured HEAD file.
    pub fn track(&mut self, path: &str, tracker: Tracker) {
        let id = self.path_id(path.as_bytes());
        self.files[id as usize].tracker = Some(self.trackers.len() as u32);
        self.trackers.push(tracker);
    }

    /// The identity of a HEAD path.
    pub fn identity(&self, path: &str) -> Option<u32> {
        self.paths.get(path.as_bytes())
    }

    pub fn commit(&mut self, c: &Commit) {
        if c.commit_time < self.since {
            return;
        }
        if c.parents >= 2 {
            self.totals.merges += 1;
            return;
        }
        self.seq += 1;
        let seq = self.seq;
        let message = c.message();
        let bugfix = self.bugfix.is_match(message);
        let revert = message.starts_with(b"Revert \"") || contains(message, b"This reverts commit");
        let author = self.authors.intern(c.author());
        if author as usize == self.author_last.len() {
            self.author_last.push(None);
        }
        let last = &mut self.author_last[author as usize];
        if last.is_none() {
            self.totals.authors += 1;
        }
        *last = Some(last.map_or(c.author_time, |t: i64| t.max(c.author_time)));
        self.totals.commits += 1;
        self.totals.bugfix += u32::from(bugfix);
        self.totals.reverts += u32::from(revert);
        self.changeset.clear();
        self.renames.clear();
        let label = || {
            let h = String::from_utf8_lossy(c.hash());
            let short: String = h.chars().take(10).collect();
            let date = crate::util::time::rfc3339_from_unix(c.commit_time);
            format!("{short} ({})", &date[..10.min(date.len())])
        };
        for f in &c.files {
            let pid = self.path_id(c.bytes(&f.path));
            let id = self.resolve[pid as usize];
            let acc = &mut self.files[id as usize];
            let first_in_commit = acc.seen_seq != seq;
            if acc.first_seq == 0 {
                acc.first_seq = seq;
            }
            if acc.first_seq == seq && f.status != FileStatus::Deleted {
                acc.exists_at_head = true;
            }
            let lines = u64::from(f.added) + u64::from(f.removed);
            acc.added += u64::from(f.added);
            acc.removed += u64::from(f.removed);
            if first_in_commit {
                acc.seen_seq = seq;
                acc.commits += 1;
                acc.bugfix += u32::from(bugfix);
                acc.first = if acc.commits == 1 {
                    c.commit_time
                } else {
                    acc.first.min(c.commit_time)
                };
                acc.last = if acc.commits == 1 {
                    c.commit_time
                } else {
                    acc.last.max(c.commit_time)
                };
            }
            match acc.shares.iter_mut().find(|s| s.author == author) {
                Some(s) => {
                    s.commits += u32::from(first_in_commit);
                    s.lines += lines;
                }
                None => acc.shares.push(Share {
                    author,
                    commits: u32::from(first_in_commit),
                    lines,
                }),
            }
            if first_in_commit {
                self.changeset.push(id);
            }
            let tracker = acc.tracker;
            if let Some(t) = tracker {
                self.trackers[t as usize].apply(&Change {
                    seq,
                    label: &label,
                    status: f.status,
                    binary: f.binary,
                    added: f.added,
                    removed: f.removed,
                    hunks: c.hunks_of(f),
                    first_in_commit,
                });
            }
            if let Some(old) = &f.old_path {
                let old = self.path_id(c.bytes(old));
                if old != pid {
                    self.renames.push((old, id));
                    let acc = &mut self.files[id as usize];
                    if !acc.renamed_from.contains(&old) && old != id {
                        acc.renamed_from.push(old);
                    }
                }
            }
        }
        for &(old, id) in &self.renames {
            self.resolve[old as usize] = id;
        }
        // Coupling counts only files that still exist at HEAD (known by now: newest first).
        let files = &self.files;
        self.changeset
            .retain(|&id| files[id as usize].exists_at_head);
        let n = self.changeset.len();
        if n >= 2 && n <= self.max_changeset {
            self.changeset.sort_unstable();
            self.changeset.dedup();
            for i in 0..self.changeset.len() {
                for j in i + 1..self.changeset.len() {
                    *self
                        .pairs
                        .entry((self.changeset[i], self.changeset[j]))
                        .or_insert(0) += 1;
                }
            }
        }
    }

    /// Files (any type, at HEAD or since deleted) changed in the window.
    pub fn active_files(&self) -> u32 {
        self.files.iter().filter(|f| f.commits > 0).count() as u32
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
