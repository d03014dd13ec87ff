//! `quarterdeck deps snapshot-index`: the offline registry index for a repository's packages.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::DepsArgs;

pub fn run(_args: &DepsArgs) -> Result<ExitCode> {
    bail!("`deps snapshot-index` is not built yet")
}
