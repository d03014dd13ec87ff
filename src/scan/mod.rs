//! The scanner: discover files, analyse them in parallel (order kept), and gather measured files,
//! skips by reason and problems into one deterministic `ScanResult`.

pub mod discover;
pub mod file;
#[cfg(test)]
mod rules_tests;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::util::globs::PathGlobs;

use crate::problem::Problem;
use crate::rules::RuleSet;

pub use crate::model::file::{FileReport, SkipList, SkipReason};

/// How many skipped paths per reason the snapshot lists.
pub const SKIP_LIST_CAP: usize = 50;

/// The outcome of a scan, sorted and ready for the snapshot.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub files: Vec<FileReport>,
    pub skipped: BTreeMap<SkipReason, SkipList>,
    pub problems: Vec<Problem>,
}

/// How to run a scan.
pub struct ScanOptions<'a> {
    /// Worker threads (walk and analysis).
    pub jobs: usize,
    /// Extra exclude globs (from `--exclude`), added to the config's.
    pub extra_excludes: &'a [String],
    /// Called once with the number of candidates, then once per analysed file.
    pub progress: Option<&'a (dyn Fn(ProgressEvent) + Sync)>,
    /// Rules whose queries run on each file's tree (and whose inline suppressions are read);
    /// `None` runs no rule.
    pub rules: Option<&'a RuleSet>,
    /// How test files are recognised; `None`: by the language table's patterns alone.
    pub tests: Option<&'a crate::tests_evidence::TestFiles>,
}

/// Progress of a scan, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum ProgressEvent {
    Discovered(usize),
    Analysed,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}")]
    Glob(#[from] crate::util::globs::GlobError),
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads { jobs: usize, message: String },
}

/// Scan `root` (a directory or one file).
pub fn scan(root: &Path, cfg: &ScanConfig, opts: &ScanOptions) -> Result<ScanResult, ScanError> {
    let mut excludes = cfg.exclude.clone();
    excludes.extend(opts.extra_excludes.iter().cloned());
    let exclude = PathGlobs::new(&excludes)?;
    let include = PathGlobs::new(&cfg.include)?;
    let jobs = opts.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("quarterdeck-scan-{i}"))
        .build()
        .map_err(|e| ScanError::Threads {
            jobs,
            message: e.to_string(),
        })?;
    let found = discover::discover(root, cfg, &exclude, &include, jobs);
    let tests = match opts.tests {
        Some(t) => t,
        None => crate::tests_evidence::TestFiles::table_only(),
    };
    if let Some(p) = opts.progress {
        p(ProgressEvent::Discovered(found.candidates.len()));
    }
    let outcomes: Vec<file::Outcome> = pool.install(|| {
        found
            .candidates
            .par_iter()
            .map(|c| {
                if crate::util::cancel::cancelled() {
                    // Interrupted: the rest is left unread; the caller stops the run.
                    return file::Outcome::Skipped(SkipReason::Excluded, c.rel.clone());
                }
                let o = file::analyse_with_rules(c, cfg, opts.rules, tests);
                if let Some(p) = opts.progress {
                    p(ProgressEvent::Analysed);
                }
                o
            })
            .collect()
    });
    let mut result = ScanResult {
        problems: found.problems,
        ..ScanResult::default()
    };
    let mut skipped = found.skipped;
    for o in outcomes {
        match o {
            file::Outcome::Measured(report, problems) => {
                result.files.push(report);
                result.problems.extend(problems);
            }
            file::Outcome::Skipped(reason, path) => skipped.push((reason, path)),
            file::Outcome::Failed(problem) => result.problems.push(problem),
        }
    }
    skipped.sort();
    for (reason, path) in skipped {
        let list = result.skipped.entry(reason).or_default();
        list.count += 1;
        if list.paths.len() < SKIP_LIST_CAP {
            list.paths.push(path);
        }
    }
    result.problems.sort();
    Ok(result)
}
