//! `quarterdeck audit`: configuration, baseline and flags in; the audit pipeline; snapshot and
//! reports out; notes, summary and the gate's verdict on stderr.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cli::AuditArgs;
use quarterdeck::audit::{self, AuditOptions};
use quarterdeck::config::{Config, parse_window};
use quarterdeck::rules::{LoadOptions, RuleSet, Suppressions};
use quarterdeck::scan::ProgressEvent;
use quarterdeck::snapshot::compare::CompareOptions;
use quarterdeck::snapshot::{Snapshot, parse_rfc3339, read};
use quarterdeck::util::globs::check_glob;

pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    let started = Instant::now();
    if !args.path.exists() {
        bail!("path `{}` does not exist", args.path.display());
    }
    let root = std::fs::canonicalize(&args.path)
        .with_context(|| format!("cannot resolve path `{}`", args.path.display()))?;
    for g in &args.exclude {
        check_glob(g)?;
    }
    // Refused before any work (README "Outputs and interruption"): no write can be redirected.
    quarterdeck::util::atomic::check_out_dir(&args.out)?;
    let (config, config_path) =
        Config::discover_with(args.config.as_deref(), &root, args.trust_repo_config)?;
    if !args.quiet {
        super::config_notes(&config, config_path.as_deref());
    }
    let mut formats = super::outputs::formats(args.format.as_deref())?;
    // The snapshot is the source of truth: an audit always writes it.
    if !formats.contains(&quarterdeck::report::Format::Json) {
        formats.push(quarterdeck::report::Format::Json);
    }
    let since = match &args.since {
        Some(s) => Some(
            parse_rfc3339(s)
                .with_context(|| format!("--since `{s}` is not a date (YYYY-MM-DD or RFC 3339)"))?,
        ),
        None => None,
    };
    let window = match &args.window {
        Some(w) => Some(parse_window(w).map_err(|m| anyhow::anyhow!("--window: {m}"))?),
        None => None,
    };
    if !(0.0..10.0).contains(&args.compare.tolerance) {
        bail!("--tolerance must be a share between 0 and 10 (0.05 = 5%)");
    }
    let baseline = match &args.baseline {
        Some(p) => Some(read::read(p).context("cannot use the baseline")?),
        None => None,
    };
    let baseline_path = args.baseline.as_ref().map(|p| p.display().to_string());
    let rule_set = if args.no_rules {
        None
    } else {
        Some(RuleSet::load(&LoadOptions {
            dirs: &args.rules,
            config: Some(&config.rules),
            config_path: config_path.as_deref(),
        })?)
    };
    let suppressions = match args
        .suppressions
        .as_ref()
        .or(config.rules.suppressions.as_ref())
    {
        Some(p) => Suppressions::load(p)?,
        None => Suppressions::none(),
    };
    let gate = super::gate_spec(&args.gate, &config)?;
    let history = super::outputs::history_trend(&args.history, args.compare.allow_different_repo)?;
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });

    let bar = progress_bar(args.quiet);
    let on_progress = |ev: ProgressEvent| {
        if let Some(b) = &bar {
            match ev {
                ProgressEvent::Discovered(n) => b.set_length(n as u64),
                ProgressEvent::Analysed => b.inc(1),
            }
        }
    };
    let env = |k: &str| std::env::var(k).ok();
    let opts = AuditOptions {
        config: &config,
        config_path: config_path.as_deref(),
        jobs,
        extra_excludes: &args.exclude,
        rules: rule_set.as_ref(),
        suppressions: &suppressions,
        progress: Some(&on_progress),
        since,
        window,
        baseline: baseline.as_ref().zip(baseline_path.as_deref()),
        compare: CompareOptions {
            tolerance: args.compare.tolerance,
            allow_different_repo: args.compare.allow_different_repo,
        },
        gate,
        coverage: &args.coverage,
        offline: args.offline || config.dependencies.offline,
        registry_index: args
            .registry_index
            .as_deref()
            .or(config.dependencies.registry_index.as_deref()),
        env: &env,
    };
    let snapshot = audit::run(&root, &opts)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let written = super::outputs::write_outputs(
        &snapshot,
        &args.out,
        &formats,
        args.templates.as_deref(),
        history.as_ref(),
    )?;
    if !args.quiet {
        super::print_notes(&snapshot.problems, 12);
        summary(&snapshot, &written, started);
    }
    Ok(super::gate_exit(&snapshot))
}

fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} scanning {pos}/{len} files {wide_bar} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

fn summary(s: &Snapshot, written: &[std::path::PathBuf], started: Instant) {
    let t = &s.totals;
    super::say(&format!(
        "quarterdeck: {} files, {} functions, {} code lines measured; {} skipped, {} problem{} ({:.1}s)",
        t.files,
        t.summary.functions,
        t.lines.code,
        t.skipped,
        t.problems,
        if t.problems == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    ));
    if let Some(d) = &s.dependency_totals {
        super::say(&format!(
            "quarterdeck: dependencies: {}",
            quarterdeck::deps::lag::summary_line(&s.dependencies, d)
        ));
    }
    let f = &t.findings;
    let c = &f.by_severity;
    super::say(&format!(
        "quarterdeck: {} findings ({} critical, {} high, {} medium, {} low, {} info; {} suppressed)",
        f.total - f.suppressed,
        c.critical,
        c.high,
        c.medium,
        c.low,
        c.info,
        f.suppressed
    ));
    if let Some(d) = &s.delta {
        let k = &d.findings;
        super::say(&format!(
            "quarterdeck: against the baseline: {} new, {} worsened, {} improved, {} unchanged, {} resolved",
            k.new, k.worsened, k.improved, k.unchanged, k.resolved
        ));
    }
    for p in written {
        super::say(&format!("quarterdeck: wrote {}", display(p)));
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
