//! Discovery: a parallel `ignore` walk honouring .gitignore/.ignore, default excludes and config
//! globs. Per-thread results merge on drop; the caller gets them sorted by path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};

use super::SkipReason;
use crate::config::ScanConfig;
use crate::lang::{self, LanguageId};
use crate::problem::{Problem, Stage};
use crate::util::globs::PathGlobs;
use crate::util::walk::{DefaultExcluded, default_excluded, relative, walk_builder};

/// A file to analyse.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Relative, `/`-separated path.
    pub rel: String,
    pub abs: PathBuf,
    /// Detected from the name; `None` for extension-less files checked for a shebang.
    pub language: Option<LanguageId>,
    pub size: u64,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<(SkipReason, String)>,
    pub problems: Vec<Problem>,
}

impl Discovery {
    fn merge(&mut self, other: Discovery) {
        self.candidates.extend(other.candidates);
        self.skipped.extend(other.skipped);
        self.problems.extend(other.problems);
    }
}

struct Filters<'a> {
    root: &'a Path,
    exclude: &'a PathGlobs,
    include: &'a PathGlobs,
    cfg: &'a ScanConfig,
}

/// Walk `root` (a directory or a single file) with `threads` walker threads.
pub fn discover(
    root: &Path,
    cfg: &ScanConfig,
    exclude: &PathGlobs,
    include: &PathGlobs,
    threads: usize,
) -> Discovery {
    let filters = Filters {
        root,
        exclude,
        include,
        cfg,
    };
    let merged = Mutex::new(Discovery::default());
    let walker = walk_builder(root, cfg.follow_links)
        .threads(threads)
        .build_parallel();
    let mut builder = Builder {
        filters: &filters,
        merged: &merged,
    };
    walker.visit(&mut builder);
    let mut d = merged
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    d.candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    d.candidates.dedup_by(|a, b| a.rel == b.rel);
    d.skipped.sort();
    d.skipped.dedup();
    d.problems.sort();
    d
}

struct Builder<'a> {
    filters: &'a Filters<'a>,
    merged: &'a Mutex<Discovery>,
}

impl<'s> ParallelVisitorBuilder<'s> for Builder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            filters: self.filters,
            merged: self.merged,
            local: Discovery::default(),
        })
    }
}

struct Visitor<'a> {
    filters: &'a Filters<'a>,
    merged: &'a Mutex<Discovery>,
    local: Discovery,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let local = std::mem::take(&mut self.local);
        let mut m = self
            .merged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        m.merge(local);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        if crate::util::cancel::cancelled() {
            return WalkState::Quit;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = error_path(&err)
                    .map(|p| relative(self.filters.root, &p))
                    .unwrap_or_default();
                self.local
                    .problems
                    .push(Problem::new(path, Stage::Walk, walk_message(&err)));
                return WalkState::Continue;
            }
        };
        if let Some(err) = entry.error() {
            // A soft error, such as an unreadable .gitignore: report it, keep the entry.
            let rel = relative(self.filters.root, entry.path());
            self.local
                .problems
                .push(Problem::new(rel, Stage::Walk, walk_message(err)));
        }
        let rel = relative(self.filters.root, entry.path());
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        if file_type.is_dir() {
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            if let Some(reason) = self.dir_skip(&entry, &rel) {
                self.local.skipped.push((reason, format!("{rel}/")));
                return WalkState::Skip;
            }
            return WalkState::Continue;
        }
        if file_type.is_symlink() {
            self.local.skipped.push((SkipReason::Symlink, rel));
            return WalkState::Continue;
        }
        if !file_type.is_file() {
            return WalkState::Continue;
        }
        let f = self.filters;
        let explicit = entry.depth() == 0;
        let rel = if explicit {
            entry
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(rel)
        } else {
            rel
        };
        if !explicit && f.exclude.matches(&rel) {
            self.local.skipped.push((SkipReason::Excluded, rel));
            return WalkState::Continue;
        }
        if !explicit && !f.include.is_empty() && !f.include.matches(&rel) {
            self.local.skipped.push((SkipReason::NotIncluded, rel));
            return WalkState::Continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_minified_name(&name) {
            self.local.skipped.push((SkipReason::Minified, rel));
            return WalkState::Continue;
        }
        let language = lang::detect_path(entry.path());
        if language.is_none() && entry.path().extension().is_some() {
            self.local.skipped.push((SkipReason::Unsupported, rel));
            return WalkState::Continue;
        }
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(err) => {
                self.local
                    .problems
                    .push(Problem::new(rel, Stage::Read, walk_message(&err)));
                return WalkState::Continue;
            }
        };
        if size > f.cfg.max_file_size {
            self.local.skipped.push((SkipReason::TooLarge, rel));
            return WalkState::Continue;
        }
        self.local.candidates.push(Candidate {
            rel,
            abs: entry.path().to_path_buf(),
            language,
            size,
        });
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn dir_skip(&self, entry: &DirEntry, rel: &str) -> Option<SkipReason> {
        let f = self.filters;
        if f.exclude.matches(rel) {
            return Some(SkipReason::Excluded);
        }
        if !f.cfg.default_excludes {
            return None;
        }
        let name = entry.file_name().to_string_lossy();
        default_excluded(&name, entry.path()).map(|d| match d {
            DefaultExcluded::Vendored => SkipReason::Vendored,
            DefaultExcluded::Build => SkipReason::BuildOutput,
        })
    }
}

fn is_minified_name(name: &str) -> bool {
    [".min.js", ".min.mjs", "-min.js", ".bundle.js"]
        .iter()
        .any(|s| name.ends_with(s))
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// The error's own words without the path (the problem carries the path).
fn walk_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            walk_message(err)
        }
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", ancestor.display())
        }
        ignore::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}
