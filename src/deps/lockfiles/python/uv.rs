//! `uv.lock`: registry `[[package]]` entries; the project's own (editable, virtual, path)
//! packages give direct dependencies, their groups dev ones, and their metadata constraints.

use super::super::support::tomldoc::{self, Item, Table};
use super::super::support::{self, Src, graph};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::{normalize, pyproject};
use crate::deps::model::Ecosystem;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Registry,
    /// The project itself: editable, virtual, path and directory sources.
    Local,
    /// git and URL sources.
    Other,
}

/// A dependency reference: `{ name = "x", version = "1.0", extra = ["a"] }`.
struct Ref {
    name: String,
    version: Option<String>,
    extras: Vec<String>,
}

struct Pkg {
    name: String,
    version: String,
    line: u32,
    origin: Origin,
    deps: Vec<Ref>,
    optional: BTreeMap<String, Vec<Ref>>,
    dev_groups: Vec<Ref>,
    /// `[package.metadata] requires-dist` and `requires-dev` specifiers, by name.
    specifiers: BTreeMap<String, String>,
}

fn refs(items: Option<&[Item]>) -> Vec<Ref> {
    items
        .unwrap_or(&[])
        .iter()
        .filter_map(tomldoc::as_table)
        .filter_map(|t| {
            Some(Ref {
                name: normalize(tomldoc::get_str(t, "name")?),
                version: tomldoc::get_str(t, "version").map(str::to_string),
                extras: tomldoc::get_array(t, "extra")
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(tomldoc::as_str)
                    .map(normalize)
                    .collect(),
            })
        })
        .collect()
}

fn specifiers(items: Option<&[Item]>, out: &mut BTreeMap<String, String>) {
    for t in items.unwrap_or(&[]).iter().filter_map(tomldoc::as_table) {
        if let (Some(name), Some(spec)) = (
            tomldoc::get_str(t, "name"),
            tomldoc::get_str(t, "specifier"),
        ) {
            out.entry(normalize(name))
                .or_insert_with(|| spec.to_string());
        }
    }
}

fn package(
    path: &str,
    text: &Src,
    t: &Table,
    at: u32,
    problems: &mut Vec<ParseProblem>,
) -> Option<Pkg> {
    let Some(name) = tomldoc::get_str(t, "name") else {
        problems.push(support::problem(
            path,
            at,
            "expected `name = \"...\"` in [[package]]",
        ));
        return None;
    };
    let line = tomldoc::key_line(text, t, "name").unwrap_or(at);
    let source = tomldoc::get_table(t, "source");
    let has = |k: &str| source.is_some_and(|s| tomldoc::get(s, k).is_some());
    let origin = if has("registry") {
        Origin::Registry
    } else if has("editable") || has("virtual") || has("path") || has("directory") {
        Origin::Local
    } else {
        Origin::Other
    };
    let version = tomldoc::get_str(t, "version");
    if version.is_none() && origin == Origin::Registry {
        problems.push(support::problem(
            path,
            line,
            format!("expected `version = \"...\"` in [[package]] `{name}`"),
        ));
        return None;
    }
    let mut optional = BTreeMap::new();
    if let Some(opt) = tomldoc::get_table(t, "optional-dependencies") {
        for (extra, _, list) in tomldoc::entries(text, opt) {
            optional.insert(normalize(extra), refs(tomldoc::as_array(list)));
        }
    }
    let mut dev_groups = Vec::new();
    if let Some(groups) = tomldoc::get_table(t, "dev-dependencies") {
        for (_, _, list) in tomldoc::entries(text, groups) {
            dev_groups.extend(refs(tomldoc::as_array(list)));
        }
    }
    let mut specs = BTreeMap::new();
    if let Some(meta) = tomldoc::get_table(t, "metadata") {
        specifiers(tomldoc::get_array(meta, "requires-dist"), &mut specs);
        if let Some(dev) = tomldoc::get_table(meta, "requires-dev") {
            for (_, _, list) in tomldoc::entries(text, dev) {
                specifiers(tomldoc::as_array(list), &mut specs);
            }
        }
    }
    Some(Pkg {
        name: normalize(name),
        version: version.unwrap_or("").to_string(),
        line,
        origin,
        deps: refs(tomldoc::get_array(t, "dependencies")),
        optional,
        dev_groups,
        specifiers: specs,
    })
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
    parsed.variant = Some("uv-lock-v1");
    let mut pkgs = Vec::new();
    for entry in tomldoc::get_array(&doc, "package").unwrap_or(&[]) {
        let at = tomldoc::line(text, entry);
        match tomldoc::as_table(entry) {
            Some(t) => pkgs.extend(package(input.path, text, t, at, &mut parsed.problems)),
            None => parsed.problems.push(support::problem(
                input.path,
                at,
                "expected a [[package]] table",
            )),
        }
    }
    let declared = pyproject::beside(input.path, read, &mut parsed);
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pkgs.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let find = |r: &Ref| {
        by_name
            .get(r.name.as_str())?
            .iter()
            .copied()
            .find(|&i| r.version.as_ref().is_none_or(|v| &pkgs[i].version == v))
    };
    // Edges: each package's dependencies, plus the optional ones of the extras it asks for.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); pkgs.len()];
    for (i, p) in pkgs.iter().enumerate() {
        for r in &p.deps {
            let Some(j) = find(r) else { continue };
            edges[i].push(j);
            // `requests[socks]` pulls in what requests' `socks` extra lists.
            for extra in &r.extras {
                let extra_targets: Vec<usize> = pkgs[j]
                    .optional
                    .get(extra)
                    .into_iter()
                    .flatten()
                    .filter_map(find)
                    .collect();
                edges[j].extend(extra_targets);
            }
        }
    }
    let mut direct = vec![false; pkgs.len()];
    let mut constraint: Vec<Option<String>> = vec![None; pkgs.len()];
    let (mut prod, mut dev) = (Vec::new(), Vec::new());
    for p in pkgs.iter().filter(|p| p.origin == Origin::Local) {
        let prod_refs = p.deps.iter().chain(p.optional.values().flatten());
        for (r, is_dev) in prod_refs
            .map(|r| (r, false))
            .chain(p.dev_groups.iter().map(|r| (r, true)))
        {
            let Some(j) = find(r) else { continue };
            direct[j] = true;
            let from_manifest = declared
                .as_deref()
                .and_then(|d| {
                    pyproject::declared_for(d, &r.name, &pkgs[j].version)
                        .first()
                        .map(|d| d.constraint.clone())
                })
                .flatten();
            if constraint[j].is_none() {
                constraint[j] = from_manifest.or_else(|| p.specifiers.get(&r.name).cloned());
            }
            if is_dev { dev.push(j) } else { prod.push(j) }
        }
    }
    let dev_only = graph::dev_only(&edges, &prod, &dev);
    for (i, p) in pkgs.iter().enumerate() {
        if p.origin != Origin::Registry {
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Pypi, input.path, &p.name, p.line);
        dep.version = Some(p.version.clone());
        dep.constraint = constraint[i].clone();
        dep.direct = direct[i];
        dep.dev = dev_only[i];
        parsed.dependencies.push(dep);
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}
