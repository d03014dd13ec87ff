//! What `audit` and `report` share (below both): the formats of `--format`, trend data from
//! past snapshots, and every chosen output written atomically into the output folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use quarterdeck::report::{self, Format, RenderOptions};
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
