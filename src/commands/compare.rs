//! `quarterdeck diff`, `trend` and `merge`: snapshots in, comparison, series or portfolio out.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{DiffArgs, MergeArgs, TrendArgs};
use quarterdeck::config::Config;
use quarterdeck::rules::Finding;
use quarterdeck::snapshot::compare::{self, CompareOptions};
use quarterdeck::snapshot::figures::{Better, FIGURES};
use quarterdeck::snapshot::trend::{self, PortfolioStyle, read_all, snapshot_paths};
use quarterdeck::snapshot::{BaselineStatus, Snapshot, gate, read, write_atomic};

pub fn diff(args: &DiffArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let (config, _) = Config::discover(args.config.as_deref(), &cwd)?;
    let gate = super::gate_spec(&args.gate, &config)?;
    let old = read::read(&args.old)?;
    let mut new = read::read(&args.new)?.snapshot;
    compare::compare(
        &old,
        &args.old.display().to_string(),
        &mut new,
        &CompareOptions {
            tolerance: args.compare.tolerance,
            allow_different_repo: args.compare.allow_different_repo,
        },
    )?;
    new.gate = gate::evaluate(&new, &gate);
    if let Some(out) = &args.out {
        new.write_atomic(out)?;
    }
    if args.json {
        let classes: Vec<serde_json::Value> = new
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.path,
                    "symbol": f.symbol, "baseline_status": f.baseline_status,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "baseline": new.baseline, "delta": new.delta, "gate": new.gate, "findings": classes,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print!("{}", diff_text(&new));
    }
    Ok(super::gate_exit(&new))
}

/// The human summary of a comparison: figures that moved, then findings by class.
fn diff_text(s: &Snapshot) -> String {
    let mut o = String::new();
    let Some(d) = &s.delta else { return o };
    let k = &d.findings;
    let _ = writeln!(
        o,
        "findings: {} new, {} worsened, {} improved, {} unchanged, {} resolved",
        k.new, k.worsened, k.improved, k.unchanged, k.resolved
    );
    for spec in FIGURES {
        let Some(f) = d.figures.get(spec.name) else {
            continue;
        };
        if f.delta == 0.0 {
            continue;
        }
        let mark = match (spec.better, f.delta > 0.0) {
            (Better::Neutral, _) => "",
            (Better::Lower, true) | (Better::Higher, false) => " (worse)",
            _ => " (better)",
        };
        let _ = writeln!(
            o,
            "  {}: {} -> {} ({:+}){mark}",
            spec.label, f.old, f.new, f.delta
        );
    }
    for c in &d.rule_changes {
        let _ = writeln!(
            o,
            "  rule {} {}: {} -> {} (findings not strictly comparable)",
            c.rule_id,
            c.change,
            c.old.as_deref().unwrap_or("-"),
            c.new.as_deref().unwrap_or("-")
        );
    }
    if d.tool_version_changed {
        let _ = writeln!(
            o,
            "  the two snapshots were made by different quarterdeck versions"
        );
    }
    // Repository text on stdout is escaped as on stderr (README "Security").
    let line = |o: &mut String, tag: &str, f: &Finding| {
        let text = format!(
            "{tag} {}:{} [{}] {}",
            f.path, f.start_line, f.rule_id, f.message
        );
        let _ = writeln!(o, "{}", quarterdeck::report::escape_control(&text));
    };
    for (status, tag) in [
        (BaselineStatus::New, "new     "),
        (BaselineStatus::Worsened, "worsened"),
        (BaselineStatus::Improved, "improved"),
    ] {
        for f in s
            .findings
            .iter()
            .filter(|f| f.baseline_status == Some(status))
        {
            line(&mut o, tag, f);
        }
    }
    for f in &d.resolved {
        line(&mut o, "resolved", f);
    }
    o
}

pub fn trend(args: &TrendArgs) -> Result<ExitCode> {
    let files = snapshot_paths(&args.snapshots)?;
    let snaps = read_all(&files)?;
    let t = trend::trend(snaps, args.allow_different_repo)?;
    let json = serde_json::to_vec_pretty(&t)?;
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create output directory `{}`", dir.display()))?;
            let p = dir.join("trend.json");
            write_atomic(&p, &json)?;
            super::say(&format!(
                "quarterdeck: {} snapshots; wrote {}",
                t.points.len(),
                p.display()
            ));
        }
        None => println!("{}", String::from_utf8_lossy(&json)),
    }
    for g in &t.gaps {
        super::say(&format!("quarterdeck: note: no snapshot for {}", g.label));
    }
    for &i in &t.tool_version_changes {
        super::say(&format!(
            "quarterdeck: note: {} was made by quarterdeck {} (the one before by {})",
            t.points[i].source,
            t.points[i].tool_version,
            t.points[i - 1].tool_version
        ));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn merge(args: &MergeArgs) -> Result<ExitCode> {
    let files = snapshot_paths(&args.snapshots)?;
    let snaps = read_all(&files)?;
    let style = PortfolioStyle {
        grade: &|s: &Snapshot| quarterdeck::report::grade(s).letter_str(),
        risks: &quarterdeck::report::portfolio_risks,
        top: args.top,
    };
    let p = trend::merge(snaps, &style)?;
    write_atomic(&args.out, &serde_json::to_vec_pretty(&p)?)?;
    super::say(&format!(
        "quarterdeck: {} repositories; wrote {}",
        p.repositories.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
