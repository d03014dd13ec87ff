//! The audit pipeline as one library call: scan, test evidence, history, dependencies, rules,
//! snapshot, comparison with the baseline and the quality gate (docs/architecture.md "One audit").

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::deps::{self, Dependency, DependencyTotals, ResolveOptions};
use crate::history::{FileSpans, HistoryOptions, WindowSource};
use crate::problem::Problem;
use crate::rules::{self, RuleSet, Suppressions, builtin::Project};
use crate::scan::{self, ProgressEvent, ScanOptions};
use crate::snapshot::compare::{self, CompareError, CompareOptions};
use crate::snapshot::gate::{self, GateSpec};
use crate::snapshot::read::ReadSnapshot;
use crate::snapshot::{RuleInfo, Snapshot, figures, parse_rfc3339};
use crate::tests_evidence::TestFiles;

/// Everything one audit needs besides the repository.
pub struct AuditOptions<'a> {
    pub config: &'a Config,
    pub config_path: Option<&'a Path>,
    pub jobs: usize,
    pub extra_excludes: &'a [String],
    /// `None` runs no rule.
    pub rules: Option<&'a RuleSet>,
    pub suppressions: &'a Suppressions,
    pub progress: Option<&'a (dyn Fn(ProgressEvent) + Sync)>,
    /// `--since` (unix seconds): the window's start.
    pub since: Option<i64>,
    /// `--window` (seconds back from HEAD's date).
    pub window: Option<i64>,
    /// The baseline snapshot and the path it was given as.
    pub baseline: Option<(&'a ReadSnapshot, &'a str)>,
    pub compare: CompareOptions,
    pub gate: GateSpec,
    /// `--coverage` reports.
    pub coverage: &'a [PathBuf],
    /// `--offline` (or `[dependencies] offline`).
    pub offline: bool,
    /// `--registry-index` (or `[dependencies] registry_index`).
    pub registry_index: Option<&'a Path>,
    /// Reads an environment variable (registry settings); tests pass a fixed table.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0}")]
    Scan(#[from] scan::ScanError),
    #[error("{0}")]
    Compare(#[from] CompareError),
    #[error("interrupted; the previous outputs were left as they were")]
    Interrupted,
}

/// Stop the run when it was interrupted (Ctrl-C or SIGTERM).
fn check_cancel() -> Result<(), AuditError> {
    if crate::util::cancel::cancelled() {
        return Err(AuditError::Interrupted);
    }
    Ok(())
}

/// Developer fault injection (README "Development and testing"): in debug builds only,
/// `QUARTERDECK_TEST_PANIC=history,rules` makes those stages panic, to test their isolation.
/// Release builds compile it to nothing.
pub fn inject_fault(stage: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("QUARTERDECK_TEST_PANIC")
        .is_ok_and(|v| v.split(',').any(|s| s.trim() == stage))
    {
        panic!("fault injected into the {stage} stage");
    }
    #[cfg(not(debug_assertions))]
    let _ = stage;
}

/// Run one whole-repository stage isolated: a panic inside becomes a `panic` problem for the
/// stage, and `fallback` stands in for its result.
pub fn isolated<T>(
    stage: &str,
    problems: &mut Vec<Problem>,
    f: impl FnOnce() -> T,
    fallback: impl FnOnce() -> T,
) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inject_fault(stage);
        f()
    })) {
        Ok(v) => v,
        Err(payload) => {
            let msg = scan::file::panic_message(payload.as_ref());
            problems.push(Problem::new(
                "",
                crate::problem::Stage::Panic,
                format!("the {stage} stage panicked ({msg}); the audit went on without it"),
            ));
            fallback()
        }
    }
}

/// Where the window starts and why: `--since`, `--window`, the baseline's commit date, or
/// `None` for the configured default (counted back from HEAD's date by the history stage).
pub fn window_start(opts: &AuditOptions, head_date: Option<i64>) -> Option<(i64, WindowSource)> {
    if let Some(s) = opts.since {
        return Some((s, WindowSource::Since));
    }
    if let Some(w) = opts.window {
        let end = head_date.unwrap_or_else(now);
        return Some((end - w, WindowSource::Window));
    }
    opts.baseline
        .and_then(|(b, _)| b.snapshot.scan.head_date.as_deref())
        .and_then(parse_rfc3339)
        // The baseline's own commit was last quarter's: the window starts just after it.
        .map(|t| (t + 1, WindowSource::Baseline))
}

/// The wall clock (or `SOURCE_DATE_EPOCH`).
pub fn now() -> i64 {
    parse_rfc3339(&crate::snapshot::now_rfc3339()).unwrap_or(0)
}

/// Read the window's git history and attach it to the measured files.
fn history(
    root: &Path,
    opts: &AuditOptions,
    files: &mut [crate::scan::FileReport],
) -> (crate::history::HistorySummary, Vec<Problem>) {
    let since = if opts.window.is_some() {
        None
    } else {
        window_start(opts, None)
    };
    let hopts = HistoryOptions {
        since,
        window: opts.window,
        ..HistoryOptions::new(&opts.config.history)
    };
    let result = {
        let spans: Vec<FileSpans> = files.iter().map(FileSpans::of).collect();
        crate::history::analyse(root, &hopts, &spans)
    };
    crate::history::apply(files, result)
}

/// The dependency options of this run: the config's, with `--offline` and `--registry-index`.
pub fn resolve_options(root: &Path, opts: &AuditOptions, reference: i64) -> ResolveOptions {
    let mut r = ResolveOptions::from_config(opts.config, root, opts.env, reference);
    if let Some(i) = opts.registry_index {
        r.index = Some(i.to_path_buf());
    }
    r.offline |= opts.offline;
    r
}

/// Inventory, version lookup and totals; the abandoned threshold is the rule's.
fn dependencies(
    root: &Path,
    opts: &AuditOptions,
    reference: i64,
) -> (Vec<Dependency>, DependencyTotals, Vec<Problem>) {
    let inv = deps::inventory(root, &opts.config.scan, opts.extra_excludes);
    let mut problems = inv.problems;
    let mut dependencies = inv.dependencies;
    let mut lockfiles = inv.lockfiles;
    let inv_fixtures = (inv.fixtures_skipped, inv.fixtures_skipped_count);
    let mut ropts = resolve_options(root, opts, reference);
    ropts.ask_clients(opts.config, root, opts.env, &dependencies);
    let report = deps::resolve(&mut dependencies, &ropts);
    problems.extend(report.problems);
    let abandoned_years = opts
        .rules
        .and_then(|r| r.get(rules::ids::ABANDONED))
        .and_then(|r| r.threshold())
        .unwrap_or(rules::ids::ABANDONED_YEARS);
    let totals = deps::totals(&dependencies, &mut lockfiles, abandoned_years);
    (
        dependencies,
        DependencyTotals {
            totals,
            lockfiles,
            version_source: report.version_source,
            requests: report.requests,
            cache_hits: report.cache_hits,
            registries: report.registries,
            fixtures_skipped: inv_fixtures.0,
            fixtures_skipped_count: inv_fixtures.1,
        },
        problems,
    )
}

/// Run the audit of `root`. Problems of every stage are in the snapshot's `problems`; only a
/// configuration or comparison error stops the run.
pub fn run(root: &Path, opts: &AuditOptions) -> Result<Snapshot, AuditError> {
    let test_files = TestFiles::new(&opts.config.tests.paths).map_err(scan::ScanError::from)?;
    let scan_opts = ScanOptions {
        jobs: opts.jobs,
        extra_excludes: opts.extra_excludes,
        progress: opts.progress,
        rules: opts.rules,
        tests: Some(&test_files),
    };
    let result = scan::scan(root, &opts.config.scan, &scan_opts)?;
    check_cancel()?;
    let mut extra_problems: Vec<Problem> = Vec::new();
    let mut snapshot = Snapshot::from_scan(root, opts.config_path, result);
    // `[report] name` overrides the name taken from the remote or folder (README, Configuration).
    if let Some(name) = opts.config.report.name.as_deref() {
        snapshot.scan.repository = crate::snapshot::name::display_name(
            Some(name),
            snapshot.scan.remote.as_deref(),
            &snapshot.scan.repository,
        );
    }
    let evidence = isolated(
        "test-evidence",
        &mut extra_problems,
        || {
            let (evidence, problems) =
                crate::tests_evidence::apply(&mut snapshot.files, opts.coverage, root);
            Some((evidence, problems))
        },
        || None,
    );
    if let Some((evidence, problems)) = evidence {
        snapshot.test_evidence = Some(evidence);
        extra_problems.extend(problems);
    }
    check_cancel()?;
    let head_date = snapshot.scan.head_date.as_deref().and_then(parse_rfc3339);
    let reference = head_date.unwrap_or_else(now);
    let history = isolated(
        "history",
        &mut extra_problems,
        || Some(history(root, opts, &mut snapshot.files)),
        || None,
    );
    if let Some((summary, problems)) = history {
        snapshot.history = Some(summary);
        extra_problems.extend(problems);
    }
    check_cancel()?;
    if opts.config.dependencies.enabled {
        let found = isolated(
            "dependencies",
            &mut extra_problems,
            || Some(dependencies(root, opts, reference)),
            || None,
        );
        if let Some((dependencies, totals, problems)) = found {
            snapshot.dependencies = dependencies;
            deps::inventory::unlist_read(&mut snapshot.skipped, &totals.lockfiles);
            snapshot.totals.skipped = snapshot.skipped.values().map(|s| s.count).sum();
            // No manifest or lockfile at all: no dependency figures, rather than a libyear of 0.
            snapshot.dependency_totals = (!totals.lockfiles.is_empty()).then_some(totals);
            extra_problems.extend(problems);
        }
        check_cancel()?;
    }
    let project = Project {
        history: snapshot.history.as_ref(),
        dependencies: &snapshot.dependencies,
        now: Some(reference),
    };
    let findings = match opts.rules {
        Some(set) => isolated(
            "rules",
            &mut extra_problems,
            || rules::eval::evaluate_with(set, &snapshot.files, &project, opts.suppressions),
            Vec::new,
        ),
        None => Vec::new(),
    };
    check_cancel()?;
    snapshot = snapshot.with_findings(findings);
    if let Some(set) = opts.rules {
        snapshot.rules = set.rules().iter().map(RuleInfo::of).collect();
    }
    snapshot.problems.extend(extra_problems);
    snapshot.problems.sort();
    snapshot.totals.problems = snapshot.problems.len();
    let mut late: Vec<Problem> = Vec::new();
    let computed = isolated(
        "figures",
        &mut late,
        || Some(figures::compute(&snapshot)),
        || None,
    );
    if let Some(f) = computed {
        snapshot.figures = f;
    }
    if let Some((base, path)) = opts.baseline {
        // A panic leaves the snapshot without a delta; a comparison error still stops the run.
        let mut compared = snapshot.clone();
        let outcome = isolated(
            "comparison",
            &mut late,
            || Some(compare::compare(base, path, &mut compared, &opts.compare)),
            || None,
        );
        match outcome {
            Some(Ok(_)) => snapshot = compared,
            Some(Err(e)) => return Err(e.into()),
            None => {}
        }
    }
    if !late.is_empty() {
        snapshot.problems.extend(late);
        snapshot.problems.sort();
        snapshot.totals.problems = snapshot.problems.len();
    }
    check_cancel()?;
    snapshot.gate = gate::evaluate(&snapshot, &opts.gate);
    Ok(snapshot)
}
