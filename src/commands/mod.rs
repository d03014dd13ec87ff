//! The subcommands: each turns its arguments into library calls, prints what a user reads on
//! stderr/stdout, and returns the exit code. Errors go up to `main` as one line.

pub mod audit;
pub mod compare;
pub mod deps;
pub mod outputs;
pub mod report;

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{GateArgs, RulesArgs, RulesCommand};
use quarterdeck::config::{Config, FailOn};
use quarterdeck::problem::{Problem, Stage};
use quarterdeck::rules::{self, LoadOptions, RuleSet};
use quarterdeck::snapshot::gate::GateSpec;
use quarterdeck::snapshot::{GateVerdict, Snapshot};

/// Print one line on stderr with its repository text (paths, symbols, messages) escaped by
/// `report::escape_control`: every line the commands write on stderr goes through here
/// (README "Security").
pub fn say(line: &str) {
    eprintln!("{}", quarterdeck::report::escape_control(line));
}

/// What was refused or lowered in the audited tree's own config (README "Security"), one note
/// each, and how to lift it.
pub fn config_notes(config: &Config, path: Option<&std::path::Path>) {
    let Some(path) = path.filter(|_| !config.notes.is_empty()) else {
        return;
    };
    for n in &config.notes {
        say(&format!(
            "quarterdeck: note: config: {}: {n}",
            path.display()
        ));
    }
    say(
        "quarterdeck: note: config: the audited tree's own quarterdeck.toml is restricted; \
         pass --trust-repo-config (or --config FILE) to obey it in full",
    );
}

/// The error and its causes on one line; a cause whose text its error already shows (typed
/// errors that print their `source`) is not repeated.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in err.chain() {
        let text = e.to_string();
        if parts.last().is_some_and(|prev| prev.contains(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// The gate from `--fail-on` and `[gate]`.
pub fn gate_spec(args: &GateArgs, config: &Config) -> Result<GateSpec> {
    let mut cli = Vec::new();
    for f in &args.fail_on {
        cli.push(FailOn::parse(f).map_err(|m| anyhow::anyhow!("--fail-on: {m}"))?);
    }
    Ok(GateSpec::new(&cli, &config.gate))
}

/// Print a failed gate's reasons (and the first findings behind them) on stderr; the exit code.
pub fn gate_exit(snapshot: &Snapshot) -> ExitCode {
    let Some(GateVerdict {
        passed: false,
        failures,
        ..
    }) = &snapshot.gate
    else {
        return ExitCode::SUCCESS;
    };
    say("quarterdeck: quality gate failed:");
    for f in failures {
        say(&format!("  {}: {}", f.condition, f.message));
        for fp in f.findings.iter().take(10) {
            if let Some(x) = snapshot.findings.iter().find(|x| &x.fingerprint == fp) {
                let symbol = x
                    .symbol
                    .as_deref()
                    .map(|s| format!("{s}: "))
                    .unwrap_or_default();
                say(&format!(
                    "    {}:{} {} [{}] {symbol}{}",
                    x.path,
                    x.start_line,
                    x.severity.as_str(),
                    x.rule_id,
                    x.message
                ));
            }
        }
        if f.findings.len() > 10 {
            say(&format!("    ... and {} more", f.findings.len() - 10));
        }
    }
    ExitCode::from(1)
}

/// The problems a user must hear about at once (history, coverage, dependencies, registry),
/// at most `cap` lines on stderr; per-file scan problems stay in the snapshot.
pub fn print_notes(problems: &[Problem], cap: usize) {
    let notes: Vec<&Problem> = problems
        .iter()
        .filter(|p| {
            matches!(
                p.stage,
                Stage::History | Stage::Coverage | Stage::Dependencies | Stage::Registry
            )
        })
        .collect();
    for p in notes.iter().take(cap) {
        let stage = serde_json::to_value(p.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let at = match (p.path.is_empty(), p.line) {
            (true, _) => String::new(),
            (false, Some(l)) => format!("{}:{l}: ", p.path),
            (false, None) => format!("{}: ", p.path),
        };
        say(&format!("quarterdeck: note: {stage}: {at}{}", p.message));
    }
    if notes.len() > cap {
        say(&format!(
            "quarterdeck: note: ... and {} more (see `problems` in the snapshot)",
            notes.len() - cap
        ));
    }
}

/// `quarterdeck rules list|explain`: the built-in rules plus `--rules` folders and the config's.
pub fn rules(args: &RulesArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let (config, config_path) = Config::discover(args.config.as_deref(), &cwd)?;
    config_notes(&config, config_path.as_deref());
    let set = RuleSet::load(&LoadOptions {
        dirs: &args.rules,
        config: Some(&config.rules),
        config_path: config_path.as_deref(),
    })?;
    let text = match &args.command {
        RulesCommand::List => rules::explain::table(&set),
        RulesCommand::Explain { id } => rules::explain::explain(&set, id)?,
    };
    // Rule files may come from the audited tree: each line escaped (README "Security").
    for line in text.lines() {
        println!("{}", quarterdeck::report::escape_control(line));
    }
    Ok(ExitCode::SUCCESS)
}
