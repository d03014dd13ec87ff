//! npm: `package-lock.json`/`npm-shrinkwrap.json` (v1-v3), `yarn.lock` (v1 and berry),
//! `pnpm-lock.yaml` (v5-v9), and `package.json` alone when no lockfile is beside it.

mod manifest;
mod package_lock;
mod pnpm;
mod yarn_berry;
mod yarn_v1;

use super::Format;
use crate::deps::model::Ecosystem;

/// The lockfiles that make a `package.json` beside them redundant.
pub const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
];

pub static FORMATS: &[Format] = &[
    Format {
        id: "package-lock",
        ecosystem: Ecosystem::Npm,
        matches: is_package_lock,
        superseded_by: &[],
        parse: package_lock::parse,
    },
    Format {
        id: "yarn-lock",
        ecosystem: Ecosystem::Npm,
        matches: is_yarn_lock,
        superseded_by: &[],
        parse: parse_yarn,
    },
    Format {
        id: "pnpm-lock",
        ecosystem: Ecosystem::Npm,
        matches: is_pnpm_lock,
        superseded_by: &[],
        parse: pnpm::parse,
    },
    Format {
        id: "package-json",
        ecosystem: Ecosystem::Npm,
        matches: is_package_json,
        superseded_by: LOCKFILES,
        parse: manifest::parse_standalone,
    },
];

fn is_package_lock(name: &str) -> bool {
    name == "package-lock.json" || name == "npm-shrinkwrap.json"
}

fn is_yarn_lock(name: &str) -> bool {
    name == "yarn.lock"
}

fn is_pnpm_lock(name: &str) -> bool {
    name == "pnpm-lock.yaml"
}

fn is_package_json(name: &str) -> bool {
    name == "package.json"
}

/// yarn.lock is v1 (its own line format) unless it has berry's `__metadata` key.
fn parse_yarn(input: &super::Input, read: super::ReadFile) -> super::Parsed {
    let berry = input
        .text
        .lines()
        .any(|l| l.trim_end() == "__metadata:" || l.starts_with("\"__metadata\":"));
    if berry {
        yarn_berry::parse(input, read)
    } else {
        yarn_v1::parse(input, read)
    }
}

/// Whether a requested range resolves from a registry (not a path, link, workspace, git
/// repository, URL or patch).
pub fn is_registry_range(range: &str) -> bool {
    const LOCAL: &[&str] = &[
        "file:",
        "link:",
        "portal:",
        "workspace:",
        "patch:",
        "exec:",
        "git+",
        "git:",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
        "http:",
        "https:",
    ];
    let range = range.trim();
    if let Some((_, inner)) = split_alias(range) {
        return is_registry_range(inner);
    }
    // `owner/repo` or `owner/repo#ref` is a GitHub shorthand.
    !(LOCAL.iter().any(|p| range.starts_with(p)) || range.contains('/'))
}

/// `npm:real-name@range` (an alias) as (real name, range).
pub fn split_alias(range: &str) -> Option<(&str, &str)> {
    let rest = range.trim().strip_prefix("npm:")?;
    Some(split_spec(rest).unwrap_or((rest, "")))
}

/// `name@range` as (name, range); the `@` of a scope is not a separator.
pub fn split_spec(spec: &str) -> Option<(&str, &str)> {
    let at = spec.get(1..)?.find('@')? + 1;
    Some((&spec[..at], &spec[at + 1..]))
}

/// The package name after the last `node_modules/` of a lockfile path.
pub fn name_from_path(path: &str) -> &str {
    path.rfind("node_modules/")
        .map_or(path, |i| &path[i + "node_modules/".len()..])
}

/// The exact version a range pins (`4.17.21`, `=4.17.21`, `v4.17.21`).
pub fn exact_version(range: &str) -> Option<String> {
    let r = range.trim();
    let r = r.strip_prefix('=').unwrap_or(r).trim();
    let r = r.strip_prefix('v').unwrap_or(r);
    semver::Version::parse(r).ok().map(|v| v.to_string())
}

#[cfg(test)]
mod tests;
