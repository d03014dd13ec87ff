//! `package-lock.json` and `npm-shrinkwrap.json`: v1 (the nested `dependencies` tree), v2 and
//! v3 (the flat `packages` map), with direct dependencies from the root record or package.json.

use super::super::support::{self, Src, json, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::manifest::{self, Declared};
use super::{name_from_path, split_alias};
use crate::deps::model::{Dependency, Ecosystem};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One installed package: its `node_modules` path (built from the tree for v1).
struct Node {
    path: String,
    name: String,
    version: String,
    line: u32,
    dev: bool,
    /// Names it depends on (for telling direct dependencies when no root record exists).
    requires: Vec<String>,
}

/// A package that declares dependencies: the root (`""`) or a workspace folder.
struct Record {
    base: String,
    deps: Vec<Declared>,
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = &Src::new(support::strip_bom(input.text));
    let value = match json::parse(input.path, text) {
        Ok(v) => v,
        Err(p) => {
            parsed.problems.push(p);
            return parsed;
        }
    };
    let root = json::root(text);
    let version = value.get("lockfileVersion").and_then(Value::as_u64);
    let problems = &mut parsed.problems;
    let (nodes, mut records) = match (version, value.get("packages")) {
        (Some(2 | 3), Some(Value::Object(pkgs))) => {
            let at = json::offset_of(text, root, &["packages"]).unwrap_or(root);
            packages(input.path, text, at, pkgs, problems)
        }
        (Some(2 | 3), _) => {
            problems.push(support::problem(
                input.path,
                line_of_key(text, root, "lockfileVersion"),
                format!(
                    "lockfileVersion {} but no `packages` object",
                    version.unwrap_or(0)
                ),
            ));
            (Vec::new(), Vec::new())
        }
        (Some(1) | None, _) => {
            let mut nodes = Vec::new();
            if let Some(Value::Object(deps)) = value.get("dependencies") {
                let at = json::offset_of(text, root, &["dependencies"]).unwrap_or(root);
                tree(input.path, text, at, deps, "", &mut nodes, problems);
            }
            (nodes, Vec::new())
        }
        (Some(other), _) => {
            problems.push(support::problem(
                input.path,
                line_of_key(text, root, "lockfileVersion"),
                format!("unsupported lockfileVersion {other}"),
            ));
            return parsed;
        }
    };
    parsed.variant = Some(match version {
        Some(3) => "package-lock-v3",
        Some(2) => "package-lock-v2",
        _ => "package-lock-v1",
    });
    if records.iter().all(|r| r.deps.is_empty()) {
        let pj_path = paths::in_dir(paths::dir(input.path), "package.json");
        if let Some(pj_text) = read(&pj_path) {
            parsed.manifests.push(pj_path.clone());
            if let Some(pj) = manifest::read(&pj_path, &pj_text, &mut parsed.problems) {
                records = vec![Record {
                    base: String::new(),
                    deps: pj.deps,
                }];
            }
        }
    }
    parsed.dependencies = dependencies(input.path, &nodes, &records);
    parsed.problems.sort();
    parsed
}

fn line_of_key(text: &Src, obj: usize, key: &str) -> u32 {
    json::member(text, obj, key).map_or(0, |m| json::line(text, m.key_offset))
}

/// v2/v3 `packages`: installed packages, and the records of the root and workspace folders.
fn packages(
    path: &str,
    text: &Src,
    at: usize,
    pkgs: &Map<String, Value>,
    problems: &mut Vec<ParseProblem>,
) -> (Vec<Node>, Vec<Record>) {
    let (mut nodes, mut records) = (Vec::new(), Vec::new());
    for member in json::members(text, at) {
        let key = member.key.as_str();
        let line = json::line(text, member.key_offset);
        let Some(entry) = pkgs.get(key).and_then(Value::as_object) else {
            problems.push(support::problem(
                path,
                line,
                format!("`packages` entry `{key}`: expected an object"),
            ));
            continue;
        };
        let value = pkgs.get(key).unwrap_or(&Value::Null);
        if !key.contains("node_modules/") {
            let deps =
                manifest::declared_sections(path, text, member.value_offset, value, problems);
            records.push(Record {
                base: key.to_string(),
                deps,
            });
            continue;
        }
        let resolved = entry.get("resolved").and_then(Value::as_str).unwrap_or("");
        if entry.get("link").and_then(Value::as_bool) == Some(true) || !registry_resolved(resolved)
        {
            continue;
        }
        let Some(version) = entry.get("version").and_then(Value::as_str) else {
            problems.push(support::problem(
                path,
                line,
                format!("`packages` entry `{key}` has no `version`"),
            ));
            continue;
        };
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_else(|| name_from_path(key));
        let requires = ["dependencies", "optionalDependencies", "peerDependencies"]
            .iter()
            .filter_map(|s| entry.get(*s).and_then(Value::as_object))
            .flat_map(|m| m.keys().cloned())
            .collect();
        nodes.push(Node {
            path: key.to_string(),
            name: name.to_string(),
            version: version.to_string(),
            line,
            dev: entry.get("dev").and_then(Value::as_bool) == Some(true),
            requires,
        });
    }
    (nodes, records)
}

/// Whether a `resolved` value is a registry tarball (an empty one is, as in hand-trimmed
/// locks): not a git repository or a local path.
fn registry_resolved(resolved: &str) -> bool {
    !["git+", "git:", "github:", "file:", "link:"]
        .iter()
        .any(|p| resolved.starts_with(p))
}

/// v1 `dependencies`, recursively: each level is a `node_modules` folder.
fn tree(
    path: &str,
    text: &Src,
    at: usize,
    deps: &Map<String, Value>,
    parent: &str,
    nodes: &mut Vec<Node>,
    problems: &mut Vec<ParseProblem>,
) {
    for member in json::members(text, at) {
        let key = member.key.as_str();
        let line = json::line(text, member.key_offset);
        let node_path = if parent.is_empty() {
            format!("node_modules/{key}")
        } else {
            format!("{parent}/node_modules/{key}")
        };
        let Some(entry) = deps.get(key).and_then(Value::as_object) else {
            problems.push(support::problem(
                path,
                line,
                format!("`dependencies` entry `{key}`: expected an object"),
            ));
            continue;
        };
        match entry.get("version").and_then(Value::as_str) {
            None => problems.push(support::problem(
                path,
                line,
                format!("`dependencies` entry `{key}` has no `version`"),
            )),
            Some(version) => {
                let (name, version) = split_alias(version).unwrap_or((key, version));
                let resolved = entry.get("resolved").and_then(Value::as_str).unwrap_or("");
                if version.starts_with(|c: char| c.is_ascii_digit()) && registry_resolved(resolved)
                {
                    nodes.push(Node {
                        path: node_path.clone(),
                        name: name.to_string(),
                        version: version.to_string(),
                        line,
                        dev: entry.get("dev").and_then(Value::as_bool) == Some(true),
                        requires: entry
                            .get("requires")
                            .and_then(Value::as_object)
                            .map(|r| r.keys().cloned().collect())
                            .unwrap_or_default(),
                    });
                }
            }
        }
        if let Some(Value::Object(children)) = entry.get("dependencies")
            && let Some(child_at) = json::offset_of(text, member.value_offset, &["dependencies"])
        {
            tree(path, text, child_at, children, &node_path, nodes, problems);
        }
    }
}

/// One dependency per name and version; direct ones are those a record's declaration
/// resolves to (npm's lookup: the nearest `node_modules` folder up from the record).
fn dependencies(source: &str, nodes: &[Node], records: &[Record]) -> Vec<Dependency> {
    let by_path: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.path.as_str(), i))
        .collect();
    let mut constraint: Vec<Option<&str>> = vec![None; nodes.len()];
    let mut direct = vec![false; nodes.len()];
    let declared = records.iter().any(|r| !r.deps.is_empty());
    for record in records {
        for d in record.deps.iter().filter(|d| d.registry) {
            let mut base = record.base.as_str();
            let found = loop {
                let candidate = if base.is_empty() {
                    format!("node_modules/{}", d.key)
                } else {
                    format!("{base}/node_modules/{}", d.key)
                };
                if let Some(&i) = by_path.get(candidate.as_str()) {
                    break Some(i);
                }
                if base.is_empty() {
                    break None;
                }
                base = paths::dir(base);
            };
            if let Some(i) = found {
                direct[i] = true;
                constraint[i].get_or_insert(d.constraint.as_str());
            }
        }
    }
    if !declared {
        // No root record and no package.json: a top-level package nothing requires was
        // installed for the project itself.
        let required: std::collections::BTreeSet<&str> = nodes
            .iter()
            .flat_map(|n| n.requires.iter().map(String::as_str))
            .collect();
        for (i, n) in nodes.iter().enumerate() {
            let top = n
                .path
                .strip_prefix("node_modules/")
                .is_some_and(|k| !k.contains("/node_modules/"));
            direct[i] = top && !required.contains(name_from_path(&n.path));
        }
    }
    let mut out: Vec<Dependency> = Vec::new();
    let mut index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(&j) = index.get(&(n.name.as_str(), n.version.as_str())) {
            let dep = &mut out[j];
            dep.direct |= direct[i];
            dep.dev &= n.dev;
            if dep.constraint.is_none() {
                dep.constraint = constraint[i].map(str::to_string);
            }
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Npm, source, &n.name, n.line);
        dep.version = Some(n.version.clone());
        dep.constraint = constraint[i].map(str::to_string);
        dep.direct = direct[i];
        dep.dev = n.dev;
        index.insert((n.name.as_str(), n.version.as_str()), out.len());
        out.push(dep);
    }
    support::sort_dependencies(&mut out);
    out
}
