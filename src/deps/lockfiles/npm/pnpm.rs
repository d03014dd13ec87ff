//! `pnpm-lock.yaml` v5, v6 and v9: `packages` keys (`/name/1.0.0`, `/name@1.0.0`,
//! `name@1.0.0`, with peer suffixes), importers for direct dependencies and their specifiers.

use super::super::support::yaml::{self, Node};
use super::super::support::{self, graph};
use super::super::{Input, Parsed, ReadFile};
use super::split_alias;
use crate::deps::model::{Dependency, Ecosystem};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V5,
    V6,
    V9,
}

/// A `packages` key that names neither a package nor a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot read package key (expected name and version)")]
struct BadKey;

/// (name, version) of a package key, or `None` when it is not a registry package (a
/// tarball, git or directory key).
fn package_key(key: &str, v: Version) -> Result<Option<(String, String)>, BadKey> {
    let k = key.trim_matches('\'');
    let k = match v {
        Version::V5 | Version::V6 => match k.strip_prefix('/') {
            Some(rest) => rest,
            // `registry.example/foo/1.0.0`, `git.example/owner/repo/sha`: not the default
            // registry's naming, so not read as a registry package.
            None if k.contains('/') => return Ok(None),
            None => return Err(BadKey),
        },
        Version::V9 => k,
    };
    let (name, version) = if v == Version::V5 {
        let segs = if k.starts_with('@') { 2 } else { 1 };
        let mut parts = k.splitn(segs + 1, '/');
        let name: Vec<&str> = parts.by_ref().take(segs).collect();
        let Some(version) = parts.next() else {
            return Err(BadKey);
        };
        (name.join("/"), strip_peers(version, v))
    } else {
        let Some((name, version)) = super::split_spec(k) else {
            return Err(BadKey);
        };
        (name.to_string(), strip_peers(version, v))
    };
    if name.is_empty() {
        return Err(BadKey);
    }
    Ok(version
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| (name, version.to_string())))
}

/// A version without its peer-dependency suffix (`_react@18.2.0` in v5, `(react@18.2.0)` later).
fn strip_peers(version: &str, v: Version) -> &str {
    let cut = if v == Version::V5 { '_' } else { '(' };
    version.split(cut).next().unwrap_or(version)
}

/// The package a dependency reference (`4.17.21`, `18.2.0(react@18.2.0)`, `/lodash@4.17.21`,
/// `lodash@4.17.21`, `link:../shared`) of the dependency `name` points to.
fn reference(name: &str, reference: &str, v: Version) -> Option<(String, String)> {
    let r = reference.trim();
    if r.starts_with('/') {
        return package_key(r, v).ok().flatten();
    }
    let plain = strip_peers(r, v);
    if v == Version::V9 && plain.get(1..).is_some_and(|s| s.contains('@')) {
        return package_key(plain, v).ok().flatten();
    }
    plain
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| (name.to_string(), plain.to_string()))
}

/// One direct dependency of an importer.
struct Direct {
    target: (String, String),
    specifier: Option<String>,
    dev: bool,
}

fn importer_deps(node: &Node, text: &yaml::Source, v: Version) -> Vec<Direct> {
    let specifiers: BTreeMap<String, String> = yaml::get(node, "specifiers")
        .map(yaml::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, s)| Some((yaml::text(k, text)?, yaml::text(s, text)?)))
        .collect();
    let mut out = Vec::new();
    for (section, dev) in [
        ("dependencies", false),
        ("optionalDependencies", false),
        ("devDependencies", true),
    ] {
        for (k, value) in yaml::get(node, section)
            .map(yaml::entries)
            .unwrap_or_default()
        {
            let Some(name) = yaml::text(k, text) else {
                continue;
            };
            let (version, specifier) = if yaml::is_mapping(value) {
                (
                    yaml::get_text(value, "version", text),
                    yaml::get_text(value, "specifier", text),
                )
            } else {
                (yaml::text(value, text), specifiers.get(&name).cloned())
            };
            let Some(target) = version.and_then(|r| reference(&name, &r, v)) else {
                continue;
            };
            let specifier =
                specifier.map(|s| split_alias(&s).map_or(s.clone(), |(_, r)| r.to_string()));
            out.push(Direct {
                target,
                specifier,
                dev,
            });
        }
    }
    out
}

pub fn parse(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = &yaml::Source::new(support::strip_bom(input.text));
    let doc = match yaml::parse(input.path, text) {
        Ok(Some(doc)) => doc,
        Ok(None) => return parsed,
        Err(p) => {
            parsed.problems.push(p);
            return parsed;
        }
    };
    let lock_version = yaml::get_text(&doc, "lockfileVersion", text).unwrap_or_default();
    let v = match lock_version.trim_matches('\'').split('.').next() {
        Some("5") => Version::V5,
        Some("6") => Version::V6,
        Some("7" | "8" | "9") => Version::V9,
        _ => {
            let line = yaml::entries(&doc)
                .iter()
                .find(|(k, _)| k.data.as_str() == Some("lockfileVersion"))
                .map_or(1, |(k, _)| yaml::line(k));
            parsed.problems.push(support::problem(
                input.path,
                line,
                format!("unsupported pnpm lockfileVersion `{lock_version}`"),
            ));
            return parsed;
        }
    };
    parsed.variant = Some(match v {
        Version::V5 => "pnpm-v5",
        Version::V6 => "pnpm-v6",
        Version::V9 => "pnpm-v9",
    });

    // Unique packages by (name, version), first key wins.
    let mut nodes: Vec<((String, String), u32, Option<bool>)> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut edges_by_key: Vec<(usize, &Node)> = Vec::new();
    let packages = yaml::get(&doc, "packages");
    for (k, value) in packages.map(yaml::entries).unwrap_or_default() {
        let line = yaml::line(k);
        let Some(key) = yaml::text(k, text) else {
            continue;
        };
        let target = match package_key(&key, v) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(BadKey) => {
                parsed.problems.push(support::problem(
                    input.path,
                    line,
                    format!("cannot read package key `{key}` (expected name and version)"),
                ));
                continue;
            }
        };
        let resolution = yaml::get(value, "resolution");
        let local = resolution.is_some_and(|r| {
            ["type", "directory", "repo", "commit"]
                .iter()
                .any(|f| yaml::get(r, f).is_some())
        });
        if local {
            continue;
        }
        let dev = yaml::get_text(value, "dev", text).map(|d| d == "true");
        let i = *index.entry(target.clone()).or_insert_with(|| {
            nodes.push((target, line, dev));
            nodes.len() - 1
        });
        edges_by_key.push((i, value));
    }
    // v9 keeps the dependency graph in `snapshots` (keys with peer suffixes).
    if v == Version::V9 {
        edges_by_key.clear();
        for (k, value) in yaml::get(&doc, "snapshots")
            .map(yaml::entries)
            .unwrap_or_default()
        {
            let Some(Ok(Some(target))) = yaml::text(k, text).map(|key| package_key(&key, v)) else {
                continue;
            };
            if let Some(&i) = index.get(&target) {
                edges_by_key.push((i, value));
            }
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, value) in edges_by_key {
        for section in ["dependencies", "optionalDependencies"] {
            for (k, r) in yaml::get(value, section)
                .map(yaml::entries)
                .unwrap_or_default()
            {
                let (Some(name), Some(r)) = (yaml::text(k, text), yaml::text(r, text)) else {
                    continue;
                };
                if let Some(j) = reference(&name, &r, v).and_then(|t| index.get(&t)) {
                    edges[i].push(*j);
                }
            }
        }
    }

    let mut directs = Vec::new();
    match yaml::get(&doc, "importers") {
        Some(importers) => {
            for (_, importer) in yaml::entries(importers) {
                directs.extend(importer_deps(importer, text, v));
            }
        }
        None => directs.extend(importer_deps(&doc, text, v)),
    }
    let mut direct = vec![false; nodes.len()];
    let mut constraint: Vec<Option<String>> = vec![None; nodes.len()];
    let (mut prod, mut dev_roots) = (Vec::new(), Vec::new());
    for d in directs {
        let Some(&i) = index.get(&d.target) else {
            continue;
        };
        direct[i] = true;
        if constraint[i].is_none() {
            constraint[i] = d.specifier;
        }
        if d.dev {
            dev_roots.push(i)
        } else {
            prod.push(i)
        }
    }
    let dev_only = graph::dev_only(&edges, &prod, &dev_roots);
    parsed.dependencies = nodes
        .iter()
        .enumerate()
        .map(|(i, ((name, version), line, dev))| {
            let mut dep: Dependency = support::dependency(Ecosystem::Npm, input.path, name, *line);
            dep.version = Some(version.clone());
            dep.constraint = constraint[i].clone();
            dep.direct = direct[i];
            dep.dev = dev.unwrap_or(dev_only[i]);
            dep
        })
        .collect();
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}
