//! `quarterdeck deps snapshot-index`: the offline registry index for a repository's packages,
//! from the configured registries, written atomically.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{DepsArgs, DepsCommand};
use quarterdeck::config::{Config, check_glob};
use quarterdeck::deps::{self, ResolveOptions};

pub fn run(args: &DepsArgs) -> Result<ExitCode> {
    let DepsCommand::SnapshotIndex {
        path,
        out,
        config,
        registry_index,
        exclude,
    } = &args.command;
    if !path.exists() {
        bail!("path `{}` does not exist", path.display());
    }
    let root = std::fs::canonicalize(path)
        .with_context(|| format!("cannot resolve path `{}`", path.display()))?;
    for g in exclude {
        check_glob(g)?;
    }
    let (config, _) = Config::discover(config.as_deref(), &root)?;
    let env = |k: &str| std::env::var(k).ok();
    let mut opts = ResolveOptions::from_config(&config, &root, &env, quarterdeck::audit::now());
    opts.offline = false;
    opts.index = registry_index.clone();
    let inv = deps::inventory(&root, &config.scan, exclude);
    opts.ask_clients(&config, &root, &env, &inv.dependencies);
    if opts.index.is_none() && opts.registries.is_empty() {
        bail!(
            "no registry is configured: set base URLs in [registries] of quarterdeck.toml \
             (or the ecosystems' own settings), or pass --registry-index"
        );
    }
    let (index, report) = deps::snapshot_index(&inv.dependencies, &opts);
    index
        .write_atomic(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    super::print_notes(&inv.problems, 12);
    super::print_notes(&report.problems, 12);
    let packages: usize = index.packages.values().map(|m| m.len()).sum();
    eprintln!(
        "quarterdeck: {} dependencies in {} lockfiles; {packages} packages in the index ({} requests, {} from the cache); wrote {}",
        inv.dependencies.len(),
        inv.lockfiles.len(),
        report.requests,
        report.cache_hits,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
