//! The `quarterdeck` binary: parse the command line, call the library, print one message at
//! the edge, and map the outcome to an exit code (0 ok, 1 gate failed, 2 usage/input error).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;

mod cli;

use cli::{AuditArgs, Cli, Command, RulesArgs, RulesCommand};
use quarterdeck::config::{Config, check_glob};
use quarterdeck::rules::{self, LoadOptions, RuleSet, Suppressions};
use quarterdeck::scan::{self, ProgressEvent, ScanOptions};
use quarterdeck::snapshot::Snapshot;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Rules(args) => rules_command(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("quarterdeck: {}", one_line(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line.
fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

fn audit(args: &AuditArgs) -> Result<ExitCode> {
    let started = Instant::now();
    if !args.path.exists() {
        bail!("path `{}` does not exist", args.path.display());
    }
    let root = std::fs::canonicalize(&args.path)
        .with_context(|| format!("cannot resolve path `{}`", args.path.display()))?;
    for g in &args.exclude {
        check_glob(g)?;
    }
    let (config, config_path) = Config::discover(args.config.as_deref(), &root)?;
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
    let opts = ScanOptions {
        jobs,
        extra_excludes: &args.exclude,
        progress: Some(&on_progress),
        rules: rule_set.as_ref(),
    };
    let result = scan::scan(&root, &config.scan, &opts)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }

    let findings = match &rule_set {
        Some(set) => rules::evaluate(set, &result.files, &suppressions),
        None => Vec::new(),
    };
    let mut snapshot =
        Snapshot::from_scan(&root, config_path.as_deref(), result).with_findings(findings);
    snapshot.figures = quarterdeck::snapshot::figures::compute(&snapshot);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory `{}`", args.out.display()))?;
    let snapshot_path = args.out.join("snapshot.json");
    snapshot.write_atomic(&snapshot_path)?;
    if !args.quiet {
        summary(&snapshot, &snapshot_path, started);
    }
    Ok(ExitCode::SUCCESS)
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

fn summary(s: &Snapshot, path: &Path, started: Instant) {
    let t = &s.totals;
    eprintln!(
        "quarterdeck: {} files, {} functions, {} code lines measured; {} skipped, {} problems ({:.1}s)",
        t.files,
        t.summary.functions,
        t.lines.code,
        t.skipped,
        t.problems,
        started.elapsed().as_secs_f64()
    );
    let f = &t.findings;
    let c = &f.by_severity;
    eprintln!(
        "quarterdeck: {} findings ({} critical, {} high, {} medium, {} low, {} info; {} suppressed)",
        f.total - f.suppressed,
        c.critical,
        c.high,
        c.medium,
        c.low,
        c.info,
        f.suppressed
    );
    eprintln!("quarterdeck: wrote {}", path.display());
}

/// `quarterdeck rules list|explain`: the built-in rules plus `--rules` folders and the config's.
fn rules_command(args: &RulesArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let (config, config_path) = Config::discover(args.config.as_deref(), &cwd)?;
    let set = RuleSet::load(&LoadOptions {
        dirs: &args.rules,
        config: Some(&config.rules),
        config_path: config_path.as_deref(),
    })?;
    let text = match &args.command {
        RulesCommand::List => rules::explain::table(&set),
        RulesCommand::Explain { id } => rules::explain::explain(&set, id)?,
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
