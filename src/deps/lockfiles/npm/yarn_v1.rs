//! `yarn.lock` v1: blocks of `name@range` headers with `version`, `resolved` and
//! `dependencies`, read line by line so one bad block leaves the others readable.

use super::super::support::{self, graph, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::manifest::{self, Declared, Section};
use super::{is_registry_range, split_alias, split_spec};
use crate::deps::model::{Dependency, Ecosystem};
use std::collections::BTreeMap;

/// One header specifier: the name as written, the package name, the range.
#[derive(Debug, Clone, PartialEq)]
struct Spec {
    key: String,
    name: String,
    range: String,
}

#[derive(Debug, Default)]
struct Block {
    specs: Vec<Spec>,
    line: u32,
    version: Option<String>,
    resolved: Option<String>,
    /// (name as written, range) of each dependency.
    deps: Vec<(String, String)>,
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed {
        variant: Some("yarn-v1"),
        ..Parsed::default()
    };
    let blocks = blocks(
        input.path,
        support::strip_bom(input.text),
        &mut parsed.problems,
    );
    let mut declared: Vec<Declared> = Vec::new();
    let mut complete = false;
    let dir = paths::dir(input.path);
    let pj_path = paths::in_dir(dir, "package.json");
    if let Some(text) = read(&pj_path) {
        parsed.manifests.push(pj_path.clone());
        if let Some(pj) = manifest::read(&pj_path, &text, &mut parsed.problems) {
            complete = true;
            declared.extend(pj.deps);
            for ws in &pj.workspaces {
                // Patterns cannot be listed through file reads: only plain folders are read.
                if ws.contains('*') || ws.starts_with('!') {
                    complete = false;
                    continue;
                }
                let Some(ws_dir) = paths::join(dir, ws) else {
                    continue;
                };
                let ws_path = paths::in_dir(&ws_dir, "package.json");
                if let Some(text) = read(&ws_path) {
                    parsed.manifests.push(ws_path.clone());
                    if let Some(m) = manifest::read(&ws_path, &text, &mut parsed.problems) {
                        declared.extend(m.deps);
                    }
                }
            }
        }
    }
    parsed.dependencies = dependencies(input.path, &blocks, &declared, complete);
    parsed.problems.sort();
    parsed
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(s)
}

fn spec(raw: &str) -> Option<Spec> {
    let (key, range) = split_spec(unquote(raw))?;
    let (name, range) = split_alias(range).unwrap_or((key, range));
    Some(Spec {
        key: key.to_string(),
        name: name.to_string(),
        range: range.to_string(),
    })
}

fn blocks(path: &str, text: &str, problems: &mut Vec<ParseProblem>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    // Whether the lines under the current indentation-2 key are dependencies.
    let mut in_deps = false;
    let mut skipping = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent == 0 {
            finish(path, current.take(), &mut out, problems);
            in_deps = false;
            skipping = false;
            let Some(header) = content.strip_suffix(':') else {
                problems.push(support::problem(
                    path,
                    line_no,
                    format!("expected a block header `name@range:`, found `{content}`"),
                ));
                skipping = true;
                continue;
            };
            let specs: Option<Vec<Spec>> = header.split(',').map(spec).collect();
            match specs {
                Some(specs) if !specs.is_empty() => {
                    current = Some(Block {
                        specs,
                        line: line_no,
                        ..Block::default()
                    });
                }
                _ => {
                    problems.push(support::problem(
                        path,
                        line_no,
                        format!("expected `name@range` specifiers in block header `{header}`"),
                    ));
                    skipping = true;
                }
            }
            continue;
        }
        let Some(block) = current.as_mut() else {
            if !skipping {
                problems.push(support::problem(
                    path,
                    line_no,
                    format!("indented line outside a block: `{content}`"),
                ));
                skipping = true;
            }
            continue;
        };
        if indent <= 2 {
            if let Some(section) = content.strip_suffix(':') {
                in_deps = matches!(section, "dependencies" | "optionalDependencies");
                continue;
            }
            in_deps = false;
            let (key, value) = content.split_once(' ').unwrap_or((content, ""));
            match key {
                "version" => block.version = Some(unquote(value).to_string()),
                "resolved" => block.resolved = Some(unquote(value).to_string()),
                _ => {}
            }
        } else if in_deps {
            let (key, value) = content.split_once(' ').unwrap_or((content, ""));
            block
                .deps
                .push((unquote(key).to_string(), unquote(value).to_string()));
        }
    }
    finish(path, current, &mut out, problems);
    out
}

fn finish(
    path: &str,
    block: Option<Block>,
    out: &mut Vec<Block>,
    problems: &mut Vec<ParseProblem>,
) {
    let Some(block) = block else {
        return;
    };
    if block.version.as_deref().is_none_or(str::is_empty) {
        let header = block
            .specs
            .first()
            .map_or(String::new(), |s| format!("{}@{}", s.key, s.range));
        problems.push(support::problem(
            path,
            block.line,
            format!("block `{header}` has no `version`"),
        ));
        return;
    }
    out.push(block);
}

/// Whether a block resolves from a registry: some range asks a registry and `resolved` is
/// no git repository or local path.
fn is_registry(block: &Block) -> bool {
    let resolved = block.resolved.as_deref().unwrap_or("");
    block.specs.iter().any(|s| is_registry_range(&s.range))
        && !["git+", "git:", "file:", "link:"]
            .iter()
            .any(|p| resolved.starts_with(p))
}

fn dependencies(
    source: &str,
    blocks: &[Block],
    declared: &[Declared],
    complete: bool,
) -> Vec<Dependency> {
    let mut by_spec: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        for s in &b.specs {
            by_spec.insert((s.key.as_str(), s.range.as_str()), i);
        }
    }
    let lookup = |key: &str, range: &str| {
        let range = split_alias(range).map_or(range, |(_, r)| r);
        by_spec.get(&(key, range)).copied()
    };
    let edges: Vec<Vec<usize>> = blocks
        .iter()
        .map(|b| b.deps.iter().filter_map(|(k, r)| lookup(k, r)).collect())
        .collect();
    let mut direct = vec![false; blocks.len()];
    let mut constraint: Vec<Option<&str>> = vec![None; blocks.len()];
    let (mut prod, mut dev) = (Vec::new(), Vec::new());
    for d in declared {
        if let Some(i) = lookup(&d.key, &d.constraint) {
            direct[i] = true;
            constraint[i].get_or_insert(d.constraint.as_str());
            if d.section == Section::Dev {
                dev.push(i)
            } else {
                prod.push(i)
            }
        }
    }
    if !complete {
        // Without every manifest, a block that no other block depends on was asked for by
        // the project itself.
        let mut reached = vec![false; blocks.len()];
        for &j in edges.iter().flatten() {
            reached[j] = true;
        }
        for (d, r) in direct.iter_mut().zip(&reached) {
            *d |= !r;
        }
    }
    let dev_only = graph::dev_only(&edges, &prod, &dev);
    let mut out: Vec<Dependency> = Vec::new();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if !is_registry(b) {
            continue;
        }
        let (Some(first), Some(version)) = (b.specs.first(), b.version.as_deref()) else {
            continue;
        };
        if let Some(&j) = seen.get(&(first.name.as_str(), version)) {
            let dep: &mut Dependency = &mut out[j];
            dep.direct |= direct[i];
            dep.dev &= dev_only[i];
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Npm, source, &first.name, b.line);
        dep.version = Some(version.to_string());
        dep.constraint = constraint[i].map(str::to_string);
        dep.direct = direct[i];
        dep.dev = dev_only[i];
        seen.insert((first.name.as_str(), version), out.len());
        out.push(dep);
    }
    support::sort_dependencies(&mut out);
    out
}
