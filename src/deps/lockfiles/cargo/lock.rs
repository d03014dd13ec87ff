//! `Cargo.lock` (v1-v4): registry packages with the workspace manifests beside the lockfile
//! for direct dependencies, requirements and dev-only packages.

use super::super::support::tomldoc::{self, Table};
use super::super::support::{self, Src, graph, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::manifest::{self, Declared, Kind, Manifest};
use crate::deps::model::Ecosystem;
use std::collections::{BTreeMap, BTreeSet};

/// Manifests read for one lockfile, at most (a guard against pathological workspaces).
const MAX_MANIFESTS: usize = 512;

/// One `[[package]]` entry.
struct Pkg {
    name: String,
    version: String,
    source: Option<String>,
    /// Dependency strings (`name`, `name version`, `name version (source)`) with their lines.
    deps: Vec<(String, u32)>,
    line: u32,
}

impl Pkg {
    fn is_local(&self) -> bool {
        self.source.is_none()
    }

    fn is_registry(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"))
    }
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = &Src::new(support::strip_bom(input.text));
    let doc = match tomldoc::parse(input.path, text) {
        Ok(doc) => doc,
        Err(p) => {
            parsed.problems.push(p);
            return parsed;
        }
    };
    parsed.variant = Some(variant(&doc));
    let pkgs = packages(input.path, text, &doc, &mut parsed.problems);
    let manifests = read_manifests(input.path, &pkgs, read, &mut parsed.problems);
    parsed.manifests = manifests.iter().map(|m| m.path.clone()).collect();
    let by_package: BTreeMap<&str, &Manifest> = manifests
        .iter()
        .filter_map(|m| m.package.as_deref().map(|p| (p, m)))
        .collect();

    // Edges of the package graph; the edges out of local crates are split by the table that
    // declared them, so dev-only packages can be told apart.
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pkgs.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); pkgs.len()];
    let (mut prod_roots, mut dev_roots) = (Vec::new(), Vec::new());
    let mut direct = vec![false; pkgs.len()];
    for (i, pkg) in pkgs.iter().enumerate() {
        for (spec, line) in &pkg.deps {
            let Some(target) = resolve(&pkgs, &by_name, spec) else {
                parsed.problems.push(support::problem(
                    input.path,
                    *line,
                    format!(
                        "dependency `{spec}` of `{} {}` is not a [[package]] of this lockfile",
                        pkg.name, pkg.version
                    ),
                ));
                continue;
            };
            if !pkg.is_local() {
                edges[i].push(target);
                continue;
            }
            direct[target] = true;
            let dev = by_package.get(pkg.name.as_str()).is_some_and(|m| {
                let kinds: Vec<Kind> = declared_as(m, &pkgs[target].name).map(|d| d.kind).collect();
                !kinds.is_empty() && kinds.iter().all(|&k| k == Kind::Dev)
            });
            if dev {
                dev_roots.push(target);
            } else {
                prod_roots.push(target);
            }
        }
    }
    let dev_only = graph::dev_only(&edges, &prod_roots, &dev_roots);

    for (i, pkg) in pkgs.iter().enumerate() {
        if !pkg.is_registry() {
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Cargo, input.path, &pkg.name, pkg.line);
        dep.version = Some(pkg.version.clone());
        dep.direct = direct[i];
        dep.dev = dev_only[i];
        if dep.direct {
            dep.constraint = constraint(&manifests, &pkg.name, &pkg.version);
        }
        parsed.dependencies.push(dep);
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}

/// `cargo-lock-v3`/`-v4` from the `version` key; v1 (with a `[metadata]` checksum table) and
/// v2 have none.
fn variant(doc: &Table) -> &'static str {
    let version = tomldoc::get(doc, "version").and_then(|v| v.get_ref().as_integer());
    match version.map(|v| v.as_str().to_string()).as_deref() {
        Some("3") => "cargo-lock-v3",
        Some("4") => "cargo-lock-v4",
        Some(_) => "cargo-lock",
        None if tomldoc::get(doc, "metadata").is_some() => "cargo-lock-v1",
        None => "cargo-lock-v2",
    }
}

fn packages(path: &str, text: &Src, doc: &Table, problems: &mut Vec<ParseProblem>) -> Vec<Pkg> {
    let Some(item) = tomldoc::get(doc, "package") else {
        return Vec::new();
    };
    let Some(entries) = tomldoc::as_array(item) else {
        problems.push(support::problem(
            path,
            tomldoc::line(text, item),
            format!(
                "expected [[package]] tables, found {}",
                tomldoc::type_name(item)
            ),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries {
        let at = tomldoc::line(text, entry);
        let Some(t) = tomldoc::as_table(entry) else {
            problems.push(support::problem(path, at, "expected a [[package]] table"));
            continue;
        };
        let Some(name) = tomldoc::get_str(t, "name") else {
            problems.push(support::problem(
                path,
                at,
                "expected `name = \"...\"` in [[package]]",
            ));
            continue;
        };
        let line = tomldoc::key_line(text, t, "name").unwrap_or(at);
        let Some(version) = tomldoc::get_str(t, "version") else {
            problems.push(support::problem(
                path,
                line,
                format!("expected `version = \"...\"` in [[package]] `{name}`"),
            ));
            continue;
        };
        let deps = tomldoc::get_array(t, "dependencies")
            .unwrap_or(&[])
            .iter()
            .filter_map(|d| tomldoc::as_str(d).map(|s| (s.to_string(), tomldoc::line(text, d))))
            .collect();
        out.push(Pkg {
            name: name.to_string(),
            version: version.to_string(),
            source: tomldoc::get_str(t, "source").map(str::to_string),
            deps,
            line,
        });
    }
    out
}

/// The package a dependency string names: `name`, `name version` or `name version (source)`.
fn resolve(pkgs: &[Pkg], by_name: &BTreeMap<&str, Vec<usize>>, spec: &str) -> Option<usize> {
    let mut parts = spec.splitn(3, ' ');
    let name = parts.next()?;
    let version = parts.next();
    let source = parts
        .next()
        .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
    by_name.get(name)?.iter().copied().find(|&i| {
        let p = &pkgs[i];
        version.is_none_or(|v| p.version == v)
            && source.is_none_or(|s| p.source.as_deref() == Some(s))
    })
}

fn declared_as<'m>(m: &'m Manifest, name: &'m str) -> impl Iterator<Item = &'m Declared> {
    m.deps.iter().filter(move |d| d.name == name && d.registry)
}

/// The requirement the manifests ask for: the first that admits the resolved version, else
/// the first given.
fn constraint(manifests: &[Manifest], name: &str, version: &str) -> Option<String> {
    let reqs: Vec<&str> = manifests
        .iter()
        .flat_map(|m| declared_as(m, name))
        .filter_map(|d| d.constraint.as_deref())
        .collect();
    reqs.iter()
        .find(|r| manifest::admits(r, version))
        .or(reqs.first())
        .map(|r| r.to_string())
}

/// The manifest beside the lockfile, its workspace members (a `dir/*` member pattern is tried
/// with each local crate's name as the folder) and the `path` dependencies of all of them.
fn read_manifests(
    lock_path: &str,
    pkgs: &[Pkg],
    read: ReadFile,
    problems: &mut Vec<ParseProblem>,
) -> Vec<Manifest> {
    let dir = paths::dir(lock_path);
    let root_path = paths::in_dir(dir, "Cargo.toml");
    let Some(root_text) = read(&root_path) else {
        return Vec::new();
    };
    let Some(root) = manifest::read(&root_path, &root_text, None, problems) else {
        return Vec::new();
    };
    let local: Vec<&str> = pkgs
        .iter()
        .filter(|p| p.is_local())
        .map(|p| p.name.as_str())
        .collect();
    let mut queue: Vec<(String, Option<&str>)> = Vec::new();
    for member in &root.members {
        if let Some(prefix) = member.strip_suffix("/*") {
            for name in &local {
                if let Some(d) = paths::join(dir, &format!("{prefix}/{name}")) {
                    queue.push((d, Some(name)));
                }
            }
        } else if !member.contains('*')
            && let Some(d) = paths::join(dir, member)
        {
            queue.push((d, None));
        }
    }
    let exclude = root.exclude.clone();
    let excluded = |d: &str| {
        paths::relative_to(d, dir)
            .is_some_and(|rel| exclude.iter().any(|e| paths::pattern_matches(e, rel)))
    };
    let inherited = root.workspace_deps.clone();
    let mut seen: BTreeSet<String> = BTreeSet::from([dir.to_string()]);
    queue.extend(path_dirs(&root));
    let mut out = vec![root];
    while let Some((d, expect)) = queue.pop() {
        if out.len() >= MAX_MANIFESTS || excluded(&d) || !seen.insert(d.clone()) {
            continue;
        }
        let path = paths::in_dir(&d, "Cargo.toml");
        let Some(text) = read(&path) else {
            continue;
        };
        let mut found = Vec::new();
        let Some(m) = manifest::read(&path, &text, Some(&inherited), &mut found) else {
            problems.extend(found);
            continue;
        };
        if expect.is_some_and(|name| m.package.as_deref() != Some(name)) {
            // A guessed member folder that holds another crate.
            seen.remove(&d);
            continue;
        }
        problems.extend(found);
        queue.extend(path_dirs(&m));
        out.push(m);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn path_dirs(m: &Manifest) -> Vec<(String, Option<&'static str>)> {
    m.deps
        .iter()
        .chain(&m.workspace_deps)
        .filter_map(|d| d.path_dir.clone())
        .map(|d| (d, None))
        .collect()
}
