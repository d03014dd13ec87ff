//! `quarterdeck report`: re-render the outputs of a snapshot (or portfolio), optionally compared
//! with a baseline and with trend data from past snapshots.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::ReportArgs;
use quarterdeck::report::{self, RenderOptions};
use quarterdeck::snapshot::compare::{self, CompareOptions};
use quarterdeck::snapshot::read::{self, Document};

use super::outputs::{formats, history_trend, write_outputs};

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
