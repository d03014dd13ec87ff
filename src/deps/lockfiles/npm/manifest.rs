//! `package.json`: the dependencies a package declares per section, its workspaces, and the
//! manifest read alone when no lockfile resolves it.

use super::super::support::{self, Src, json, paths, yaml};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::{LOCKFILES, exact_version, is_registry_range, split_alias};
use crate::deps::model::Ecosystem;
use serde_json::Value;

/// The dependency sections of a manifest (or of a lockfile's package record), in the order in
/// which a name declared twice is taken.
pub const SECTIONS: &[(&str, Section)] = &[
    ("dependencies", Section::Prod),
    ("optionalDependencies", Section::Optional),
    ("devDependencies", Section::Dev),
    ("peerDependencies", Section::Peer),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Prod,
    Optional,
    Dev,
    Peer,
}

/// One declared dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// The key (the folder name under `node_modules`, an alias when aliased).
    pub key: String,
    /// The package name (the real one for `npm:real@range` aliases).
    pub name: String,
    /// The range without an alias prefix (`^4.17.21`).
    pub constraint: String,
    pub section: Section,
    pub line: u32,
    pub registry: bool,
}

/// What a `package.json` declares.
#[derive(Debug, Clone, Default)]
pub struct PackageJson {
    pub deps: Vec<Declared>,
    /// `workspaces` patterns (the array, or `workspaces.packages`).
    pub workspaces: Vec<String>,
}

pub fn read(path: &str, text: &str, problems: &mut Vec<ParseProblem>) -> Option<PackageJson> {
    let text = &Src::new(support::strip_bom(text));
    let value = match json::parse(path, text) {
        Ok(v) => v,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let root = json::root(text);
    let ws = value.get("workspaces");
    let ws = ws.and_then(|w| w.get("packages")).or(ws);
    let workspaces = ws
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some(PackageJson {
        deps: declared_sections(path, text, root, &value, problems),
        workspaces,
    })
}

/// The dependency sections of the object `value`, whose `{` is at `start` in `text` (a
/// `package.json`, or a package record of a lockfile).
pub fn declared_sections(
    path: &str,
    text: &Src,
    start: usize,
    value: &Value,
    problems: &mut Vec<ParseProblem>,
) -> Vec<Declared> {
    let mut out: Vec<Declared> = Vec::new();
    for &(key, section) in SECTIONS {
        let Some(table) = value.get(key) else {
            continue;
        };
        let at = json::member(text, start, key).map_or(0, |m| m.value_offset);
        let Some(table) = table.as_object() else {
            problems.push(support::problem(
                path,
                json::line(text, at),
                format!("`{key}` is not an object of names and ranges"),
            ));
            continue;
        };
        let lines: Vec<json::Member> = json::members(text, at);
        for (dep, range) in table {
            let line = lines
                .iter()
                .find(|m| &m.key == dep)
                .map_or(0, |m| json::line(text, m.key_offset));
            let Some(range) = range.as_str() else {
                problems.push(support::problem(
                    path,
                    line,
                    format!("`{key}.{dep}`: expected a version range string"),
                ));
                continue;
            };
            if out.iter().any(|d| &d.key == dep) {
                continue;
            }
            let (name, constraint) = match split_alias(range) {
                Some((real, r)) => (real.to_string(), r.to_string()),
                None => (dep.clone(), range.trim().to_string()),
            };
            out.push(Declared {
                key: dep.clone(),
                name,
                constraint,
                section,
                line,
                registry: is_registry_range(range),
            });
        }
    }
    out
}

/// `package.json` alone: the declared registry dependencies with their ranges (a version only
/// for an exact one). A workspace member whose root has a lockfile is left to that lockfile.
pub fn parse_standalone(input: &Input, read_file: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    if let Some(lock) = workspace_lock(paths::dir(input.path), read_file) {
        parsed.manifests.push(lock);
        return parsed;
    }
    let Some(pj) = read(input.path, input.text, &mut parsed.problems) else {
        return parsed;
    };
    for d in pj.deps.iter().filter(|d| d.registry) {
        let mut dep = support::dependency(Ecosystem::Npm, input.path, &d.name, d.line);
        dep.version = exact_version(&d.constraint);
        dep.constraint = Some(d.constraint.clone());
        dep.direct = true;
        dep.dev = d.section == Section::Dev;
        parsed.dependencies.push(dep);
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed
}

/// The lockfile of a workspace root above `dir` whose workspace patterns (`workspaces` in its
/// `package.json`, `packages` in `pnpm-workspace.yaml`) take `dir`.
fn workspace_lock(dir: &str, read_file: ReadFile) -> Option<String> {
    paths::ancestors(dir).into_iter().find_map(|root| {
        let rel = paths::relative_to(dir, root)?;
        let mut patterns = Vec::new();
        if let Some(text) = read_file(&paths::in_dir(root, "package.json")) {
            let mut ignored = Vec::new();
            if let Some(pj) = read("package.json", &text, &mut ignored) {
                patterns.extend(pj.workspaces);
            }
        }
        if let Some(text) = read_file(&paths::in_dir(root, "pnpm-workspace.yaml"))
            && let Ok(Some(doc)) = yaml::parse("pnpm-workspace.yaml", &text)
            && let Some(list) = yaml::get(&doc, "packages")
        {
            let src = yaml::Source::new(&text);
            patterns.extend(yaml::items(list).iter().filter_map(|p| yaml::text(p, &src)));
        }
        let mut taken = false;
        for p in &patterns {
            if let Some(negated) = p.strip_prefix('!') {
                if paths::pattern_matches(negated, rel) {
                    taken = false;
                }
            } else if paths::pattern_matches(p, rel) {
                taken = true;
            }
        }
        if !taken {
            return None;
        }
        // Only now read the (possibly large) lockfiles, to see which one is there.
        LOCKFILES
            .iter()
            .map(|l| paths::in_dir(root, l))
            .find(|p| read_file(p).is_some())
    })
}
