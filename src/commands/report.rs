//! `quarterdeck report` and the output writing shared with `audit`: formats, trend data from
//! past snapshots, and every chosen output written atomically into the output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::ReportArgs;
use quarterdeck::report::{self, Format, RenderOptions};
use quarterdeck::snapshot::compare::{self, CompareOptions};
use quarterdeck::snapshot::read::{self, Document};
use quarterdeck::snapshot::trend::{self, read_all, snapshot_paths};
use quarterdeck::snapshot::{Snapshot, Trend};

/// `--format` parsed (every format when absent).
pub fn formats(text: Option<&str>) -> Result<Vec<Format>> {
    match text {
        None => Ok(Format::ALL.to_vec()),
        Some(t) => Ok(report::parse_formats(t).context("--format")?),
    }
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

/// Write the chosen outputs into `out`; the paths written.
pub fn write_outputs(
    snapshot: &Snapshot,
    out: &Path,
    formats: &[Format],
    templates: Option<&Path>,
    trend: Option<&Trend>,
) -> Result<Vec<PathBuf>> {
    Ok(report::render(
        snapshot,
        out,
        &RenderOptions {
            formats,
            templates,
            trend,
        },
    )?)
}

pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let formats = formats(args.format.as_deref())?;
    quarterdeck::util::atomic::check_out_dir(&args.out)?;
    // The output folder is created by the renderers, once every input has been read: a run
    // that fails on its inputs leaves nothing behind.
    let doc = read::read_document(&args.snapshot)?;
    let current = match doc {
        Document::Audit(a) => a,
        Document::Portfolio(p) => {
            if args.baseline.is_some() || !args.history.is_empty() {
                bail!("--baseline and --history apply to an audit snapshot, not to a portfolio");
            }
            let written = report::render_portfolio(
                &p,
                &args.out,
                &RenderOptions {
                    formats: &formats,
                    templates: args.templates.as_deref(),
                    trend: None,
                },
            )?;
            for path in written {
                super::say(&format!("quarterdeck: wrote {}", path.display()));
            }
            return Ok(ExitCode::SUCCESS);
        }
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
        super::say(&format!("quarterdeck: wrote {}", p.display()));
    }
    Ok(ExitCode::SUCCESS)
}
