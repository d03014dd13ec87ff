//! `quarterdeck deps snapshot-index`: the offline registry index for a repository's packages,
//! from the configured registries, written atomically.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{DepsArgs, DepsCommand};
use quarterdeck::config::Config;
use quarterdeck::deps::{self, ResolveOptions};
use quarterdeck::util::globs::check_glob;

pub fn run(args: &DepsArgs) -> Result<ExitCode> {
    let DepsCommand::SnapshotIndex {
        path,
        out,
        config,
        trust_repo_config,
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
    let (config, config_path) =
        Config::discover_with(config.as_deref(), &root, *trust_repo_config)?;
    super::config_notes(&config, config_path.as_deref());
    let env = |k: &str| std::env::var(k).ok();
    let mut opts = ResolveOptions::from_config(&config, &root, &env, quarterdeck::audit::now());
    opts.offline = false;
    opts.index = registry_index.clone();
    let inv = deps::inventory(&root, &config.scan, exclude);
    opts.ask_clients(&config, &root, &env, &inv.dependencies);
    if opts.index.is_none() && opts.registries.is_empty() {
        bail!(
            "no registry is configured: set base URLs in [registries] of --config FILE (the \
             tree's own quarterdeck.toml needs --trust-repo-config) or the ecosystems' own \
             settings, or pass --registry-index"
        );
    }
    let (index, report) = deps::snapshot_index(&inv.dependencies, &opts);
    if quarterdeck::util::cancel::cancelled() {
        bail!("interrupted; {} was left as it was", out.display());
    }
    index
        .write_atomic(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    super::print_notes(&inv.problems, 12);
    super::print_notes(&report.problems, 12);
    let packages: usize = index.packages.values().map(|m| m.len()).sum();
    super::say(&format!(
        "quarterdeck: {} dependencies in {} lockfiles; {packages} packages in the index ({} requests, {} from the cache); wrote {}",
        inv.dependencies.len(),
        inv.lockfiles.len(),
        report.requests,
        report.cache_hits,
        out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
