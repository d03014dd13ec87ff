//! `yarn.lock` from yarn 2+ ("berry"): a YAML map of descriptors to resolutions, with
//! workspace entries for direct dependencies and `package.json` files for dev ones.

use super::super::support::yaml::{self, Node};
use super::super::support::{self, graph, paths};
use super::super::{Input, Parsed, ReadFile};
use super::manifest::{self, Section};
use super::{split_alias, split_spec};
use crate::deps::model::{Dependency, Ecosystem};
use std::collections::BTreeMap;

/// How an entry resolved.
enum Resolution {
    /// `name@npm:1.2.3`: a registry package (name, version).
    Registry(String, String),
    /// `name@workspace:path`: a package of the project.
    Workspace(String),
    /// Patches, git, links, portals, files: not registry packages.
    Other,
}

struct Entry {
    /// (name as written, canonical range) of each descriptor of the key.
    descriptors: Vec<(String, String)>,
    resolution: Resolution,
    line: u32,
    /// (name as written, canonical range) of each dependency.
    deps: Vec<(String, String)>,
}

/// A range as the lockfile keys it: `npm:^1.2` and `^1.2` are the same descriptor.
fn canonical(range: &str) -> String {
    let range = range.trim();
    match range.strip_prefix("npm:") {
        Some(rest) if split_spec(rest).is_none() => rest.to_string(),
        _ => range.to_string(),
    }
}

/// The range a manifest would show for a descriptor: alias and `npm:` prefixes removed.
fn plain_range(range: &str) -> String {
    let range = canonical(range);
    split_alias(&range).map_or(range.clone(), |(_, r)| r.to_string())
}

fn resolution(text: &str) -> Resolution {
    let Some((name, reference)) = split_spec(text) else {
        return Resolution::Other;
    };
    if let Some(version) = reference.strip_prefix("npm:") {
        Resolution::Registry(name.to_string(), version.to_string())
    } else if let Some(path) = reference.strip_prefix("workspace:") {
        Resolution::Workspace(path.to_string())
    } else {
        Resolution::Other
    }
}

fn dep_list(node: &Node, key: &str, text: &yaml::Source) -> Vec<(String, String)> {
    yaml::get(node, key)
        .map(yaml::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| Some((yaml::text(k, text)?, canonical(&yaml::text(v, text)?))))
        .collect()
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed {
        variant: Some("yarn-berry"),
        ..Parsed::default()
    };
    let text = &yaml::Source::new(support::strip_bom(input.text));
    let doc = match yaml::parse(input.path, text) {
        Ok(Some(doc)) => doc,
        Ok(None) => return parsed,
        Err(p) => {
            parsed.problems.push(p);
            return parsed;
        }
    };
    let mut entries = Vec::new();
    for (key, value) in yaml::entries(&doc) {
        let line = yaml::line(key);
        let Some(key_text) = yaml::text(key, text) else {
            continue;
        };
        if key_text == "__metadata" {
            continue;
        }
        if !yaml::is_mapping(value) {
            parsed.problems.push(support::problem(
                input.path,
                line,
                format!("entry `{key_text}`: expected a mapping"),
            ));
            continue;
        }
        let Some(res) = yaml::get_text(value, "resolution", text) else {
            parsed.problems.push(support::problem(
                input.path,
                line,
                format!("entry `{key_text}` has no `resolution`"),
            ));
            continue;
        };
        let resolution = resolution(&res);
        if let Resolution::Registry(name, version) = &resolution
            && yaml::get_text(value, "version", text).is_some_and(|v| &v != version)
        {
            parsed.problems.push(support::problem(
                input.path,
                line,
                format!("entry `{key_text}`: `version` differs from the resolution `{name}@npm:{version}`"),
            ));
        }
        let descriptors = key_text
            .split(',')
            .filter_map(|d| split_spec(d.trim()))
            .map(|(n, r)| (n.to_string(), canonical(r)))
            .collect();
        let mut deps = dep_list(value, "dependencies", text);
        deps.extend(dep_list(value, "optionalDependencies", text));
        entries.push(Entry {
            descriptors,
            resolution,
            line,
            deps,
        });
    }
    parsed.dependencies = dependencies(input, &entries, read, &mut parsed);
    parsed.problems.sort();
    parsed
}

fn dependencies(
    input: &Input,
    entries: &[Entry],
    read: ReadFile,
    parsed: &mut Parsed,
) -> Vec<Dependency> {
    let mut by_descriptor: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for (n, r) in &e.descriptors {
            by_descriptor.insert((n.as_str(), r.as_str()), i);
        }
    }
    let lookup = |n: &str, r: &str| by_descriptor.get(&(n, r)).copied();
    let edges: Vec<Vec<usize>> = entries
        .iter()
        .map(|e| e.deps.iter().filter_map(|(n, r)| lookup(n, r)).collect())
        .collect();
    let mut direct = vec![false; entries.len()];
    let mut constraint: Vec<Option<String>> = vec![None; entries.len()];
    let (mut prod, mut dev) = (Vec::new(), Vec::new());
    let dir = paths::dir(input.path);
    for e in entries {
        let Resolution::Workspace(ws) = &e.resolution else {
            continue;
        };
        // The workspace's manifest tells dev dependencies (the lockfile merges them).
        let dev_keys: Vec<String> = paths::join(dir, ws)
            .map(|d| paths::in_dir(&d, "package.json"))
            .and_then(|p| read(&p).map(|t| (p, t)))
            .and_then(|(p, t)| {
                parsed.manifests.push(p.clone());
                manifest::read(&p, &t, &mut parsed.problems)
            })
            .map(|pj| {
                pj.deps
                    .into_iter()
                    .filter(|d| d.section == Section::Dev)
                    .map(|d| d.key)
                    .collect()
            })
            .unwrap_or_default();
        for (n, r) in &e.deps {
            let Some(i) = lookup(n, r) else {
                continue;
            };
            direct[i] = true;
            constraint[i].get_or_insert_with(|| plain_range(r));
            if dev_keys.contains(n) {
                dev.push(i);
            } else {
                prod.push(i);
            }
        }
    }
    parsed.manifests.sort();
    parsed.manifests.dedup();
    let dev_only = graph::dev_only(&edges, &prod, &dev);
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let Resolution::Registry(name, version) = &e.resolution else {
            continue;
        };
        let mut dep = support::dependency(Ecosystem::Npm, input.path, name, e.line);
        dep.version = Some(version.clone());
        dep.constraint = constraint[i].clone();
        dep.direct = direct[i];
        dep.dev = dev_only[i];
        out.push(dep);
    }
    support::sort_dependencies(&mut out);
    out
}
