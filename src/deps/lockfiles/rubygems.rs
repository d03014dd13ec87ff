//! RubyGems: `Gemfile.lock` (GEM specs with platform suffixes, DEPENDENCIES as the direct set);
//! GIT and PATH gems are not registry dependencies. Dev groups come from the Gemfile beside it.

mod gemfile;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use super::go::is_conflict_marker;
use super::{Format, Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};

pub static FORMATS: &[Format] = &[Format {
    id: "gemfile-lock",
    ecosystem: Ecosystem::Rubygems,
    matches: |name| name == "Gemfile.lock" || name == "gems.locked",
    superseded_by: &[],
    parse,
}];

/// One `name (version)` spec of a source section.
struct Spec {
    name: String,
    version: String,
    line: u32,
    /// Listed under `GEM` (a registry), not `GIT`/`PATH`/`PLUGIN SOURCE`.
    registry: bool,
    requires: Vec<String>,
}

struct Patterns {
    spec: Regex,
    sub: Regex,
    direct: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        Some(Patterns {
            spec: Regex::new(r"^    ([^\s()!]+) \(([^()\s]+)\)$").ok()?,
            sub: Regex::new(r"^      ([^\s()!]+)(?: \(([^()]+)\))?$").ok()?,
            direct: Regex::new(r"^  ([^\s()!]+)(?: \(([^()]+)\))?(!)?$").ok()?,
        })
    })
    .as_ref()
}

#[derive(PartialEq)]
enum Section {
    Source { registry: bool },
    Dependencies,
    Other,
}

fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(pat) = patterns() else {
        return parsed;
    };
    let path = input.path;
    let mut problem = |line: u32, message: String| {
        parsed.problems.push(ParseProblem {
            path: path.to_string(),
            line,
            message,
        });
    };
    let mut specs: Vec<Spec> = Vec::new();
    // name -> (constraint, line)
    let mut direct: BTreeMap<String, (Option<String>, u32)> = BTreeMap::new();
    let mut section = Section::Other;
    let mut in_specs = false;
    let mut seen_gem_or_deps = false;
    for (i, raw) in input.text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if raw.trim().is_empty() {
            continue;
        }
        if is_conflict_marker(raw) {
            problem(line, "unresolved merge conflict marker".into());
            continue;
        }
        if !raw.starts_with(' ') {
            in_specs = false;
            section = match raw.trim_end() {
                "GEM" => Section::Source { registry: true },
                "GIT" | "PATH" | "PLUGIN SOURCE" => Section::Source { registry: false },
                "DEPENDENCIES" => Section::Dependencies,
                _ => Section::Other,
            };
            seen_gem_or_deps |= section != Section::Other;
            continue;
        }
        match section {
            Section::Source { registry } => {
                if raw == "  specs:" {
                    in_specs = true;
                } else if !raw.starts_with("    ") {
                    in_specs = false; // `  remote:`, `  revision:`, `  branch:` ...
                } else if !in_specs {
                    problem(line, "an indented entry outside `specs:`".into());
                } else if let Some(c) = pat.spec.captures(raw) {
                    specs.push(Spec {
                        name: c[1].to_string(),
                        version: c[2].to_string(),
                        line,
                        registry,
                        requires: Vec::new(),
                    });
                } else if let Some(c) = pat.sub.captures(raw) {
                    match specs.last_mut() {
                        Some(s) => s.requires.push(c[1].to_string()),
                        None => problem(line, "a requirement before any spec".into()),
                    }
                } else {
                    problem(
                        line,
                        format!("`{}` is not a `name (version)` spec", raw.trim()),
                    );
                }
            }
            Section::Dependencies => match pat.direct.captures(raw) {
                Some(c) => {
                    let constraint = c.get(2).map(|m| m.as_str().to_string());
                    direct.entry(c[1].to_string()).or_insert((constraint, line));
                }
                None => problem(
                    line,
                    format!("`{}` is not a `name (requirement)` dependency", raw.trim()),
                ),
            },
            Section::Other => {}
        }
    }
    if !seen_gem_or_deps {
        problem(
            0,
            "no GEM or DEPENDENCIES section: not a Gemfile.lock".into(),
        );
        return parsed;
    }
    let spec_names: BTreeSet<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    for (name, (_, line)) in &direct {
        if !spec_names.contains(name.as_str()) {
            problem(
                *line,
                format!("{name} is in DEPENDENCIES but no section has its spec"),
            );
        }
    }
    let dev = dev_gems(input.path, read, &specs, &direct, &mut parsed.manifests);
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    for s in specs.iter().filter(|s| s.registry) {
        // `nokogiri (1.15.4-x86_64-linux)`: the version without the platform.
        let version = s
            .version
            .split_once('-')
            .map_or(s.version.as_str(), |(v, _)| v);
        if !reported.insert((s.name.clone(), version.to_string())) {
            continue; // the same release for another platform
        }
        let d = direct.get(&s.name);
        parsed.dependencies.push(Dependency {
            ecosystem: Ecosystem::Rubygems,
            name: s.name.clone(),
            version: Some(version.to_string()),
            constraint: d.and_then(|(c, _)| c.clone()),
            direct: d.is_some(),
            source: input.path.to_string(),
            line: s.line,
            dev: dev.contains(&s.name),
            lag: Lag::default(),
        });
    }
    parsed.problems.sort();
    parsed
}

/// Gems only the Gemfile's development/test groups need: the direct ones declared only there,
/// and every gem reachable only from them. Empty when there is no Gemfile beside the lock.
fn dev_gems(
    lock_path: &str,
    read: ReadFile,
    specs: &[Spec],
    direct: &BTreeMap<String, (Option<String>, u32)>,
    manifests: &mut Vec<String>,
) -> BTreeSet<String> {
    let folder = lock_path.rfind('/').map_or("", |i| &lock_path[..=i]);
    let manifest = if lock_path.ends_with("gems.locked") {
        "gems.rb"
    } else {
        "Gemfile"
    };
    let manifest = format!("{folder}{manifest}");
    let Some(text) = read(&manifest) else {
        return BTreeSet::new();
    };
    manifests.push(manifest);
    let dev_direct = gemfile::dev_only(&text);
    let mut requires: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in specs {
        requires
            .entry(s.name.as_str())
            .or_default()
            .extend(s.requires.iter().map(String::as_str));
    }
    let runtime = reach(
        &requires,
        direct
            .keys()
            .map(String::as_str)
            .filter(|n| !dev_direct.contains(*n))
            .collect(),
    );
    let dev = reach(
        &requires,
        direct
            .keys()
            .map(String::as_str)
            .filter(|n| dev_direct.contains(*n))
            .collect(),
    );
    dev.difference(&runtime).map(|s| s.to_string()).collect()
}

/// Every gem reachable from `roots` through the specs' requirements.
fn reach<'a>(requires: &BTreeMap<&'a str, Vec<&'a str>>, roots: Vec<&'a str>) -> BTreeSet<&'a str> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack = roots;
    while let Some(n) = stack.pop() {
        if seen.insert(n) {
            stack.extend(requires.get(n).into_iter().flatten());
        }
    }
    seen
}

#[cfg(test)]
#[path = "tests/rubygems.rs"]
mod tests;
