//! `poetry.lock`: `[[package]]` entries with their category or groups, direct dependencies and
//! constraints from the `pyproject.toml` beside it.

use super::super::support::tomldoc::{self, Table};
use super::super::support::{self, Src, graph};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::normalize;
use super::pyproject::{self, Declared};
use crate::deps::model::Ecosystem;
use std::collections::BTreeMap;

struct Pkg {
    name: String,
    version: String,
    line: u32,
    /// `Some(true)` when `category = "dev"` or the groups lack `main`; `None` when the lock
    /// does not say.
    dev: Option<bool>,
    registry: bool,
    deps: Vec<String>,
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = &Src::new(support::strip_bom(input.text));
    let doc = match tomldoc::parse(input.path, text) {
        Ok(d) => d,
        Err(p) => {
            parsed.problems.push(p);
            return parsed;
        }
    };
    let lock_version = tomldoc::get_table(&doc, "metadata")
        .and_then(|m| tomldoc::get_str(m, "lock-version"))
        .unwrap_or("");
    parsed.variant = Some(match lock_version.split('.').next() {
        Some("1") => "poetry-lock-v1",
        Some("2") => "poetry-lock-v2",
        _ => "poetry-lock",
    });
    let pkgs = packages(input.path, text, &doc, &mut parsed.problems);
    let declared = pyproject::beside(input.path, read, &mut parsed);
    parsed.dependencies = dependencies(input.path, &pkgs, declared.as_deref());
    parsed.problems.sort();
    parsed
}

fn packages(path: &str, text: &Src, doc: &Table, problems: &mut Vec<ParseProblem>) -> Vec<Pkg> {
    let mut out = Vec::new();
    for entry in tomldoc::get_array(doc, "package").unwrap_or(&[]) {
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
        let source_type = tomldoc::get_table(t, "source").and_then(|s| tomldoc::get_str(s, "type"));
        let groups: Option<Vec<&str>> =
            tomldoc::get_array(t, "groups").map(|g| g.iter().filter_map(tomldoc::as_str).collect());
        let dev = match (tomldoc::get_str(t, "category"), groups) {
            (Some(c), _) => Some(c == "dev"),
            (None, Some(g)) => Some(!g.contains(&"main")),
            (None, None) => None,
        };
        let deps = tomldoc::get_table(t, "dependencies")
            .map(|d| {
                tomldoc::entries(text, d)
                    .into_iter()
                    .map(|(k, _, _)| normalize(k))
                    .collect()
            })
            .unwrap_or_default();
        out.push(Pkg {
            name: normalize(name),
            version: version.to_string(),
            line,
            dev,
            // `legacy` is a private index: still a registry.
            registry: !matches!(source_type, Some("git" | "directory" | "file" | "url")),
            deps,
        });
    }
    out
}

fn dependencies(
    source: &str,
    pkgs: &[Pkg],
    declared: Option<&[Declared]>,
) -> Vec<crate::deps::model::Dependency> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pkgs.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let edges: Vec<Vec<usize>> = pkgs
        .iter()
        .map(|p| {
            p.deps
                .iter()
                .flat_map(|d| by_name.get(d.as_str()).into_iter().flatten().copied())
                .collect()
        })
        .collect();
    let mut direct = vec![false; pkgs.len()];
    let mut constraint: Vec<Option<String>> = vec![None; pkgs.len()];
    let (mut prod, mut dev) = (Vec::new(), Vec::new());
    match declared {
        Some(decl) => {
            for (i, p) in pkgs.iter().enumerate() {
                let applies = pyproject::declared_for(decl, &p.name, &p.version);
                let Some(first) = applies.first() else {
                    continue;
                };
                direct[i] = true;
                constraint[i].clone_from(&first.constraint);
                if applies.iter().all(|d| d.dev) {
                    dev.push(i);
                } else {
                    prod.push(i);
                }
            }
        }
        None => {
            // No pyproject.toml: a package nothing else depends on was asked for directly.
            let mut reached = vec![false; pkgs.len()];
            for &j in edges.iter().flatten() {
                reached[j] = true;
            }
            for (d, r) in direct.iter_mut().zip(reached) {
                *d = !r;
            }
        }
    }
    let dev_only = graph::dev_only(&edges, &prod, &dev);
    let mut out = Vec::new();
    for (i, p) in pkgs.iter().enumerate() {
        if !p.registry {
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Pypi, source, &p.name, p.line);
        dep.version = Some(p.version.clone());
        dep.constraint = constraint[i].clone();
        dep.direct = direct[i];
        dep.dev = p.dev.unwrap_or(dev_only[i]);
        out.push(dep);
    }
    support::sort_dependencies(&mut out);
    out
}
