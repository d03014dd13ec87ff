//! Pipenv: `Pipfile.lock` (JSON `default`/`develop`) with direct dependencies from the
//! `Pipfile` beside it, and the `Pipfile` read alone when there is no lock.

use super::super::support::tomldoc::{self, Table};
use super::super::support::{self, Src, json, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::{normalize, pep508};
use crate::deps::model::Ecosystem;
use serde_json::Value;

/// One `Pipfile` declaration.
struct Declared {
    name: String,
    constraint: Option<String>,
    dev: bool,
    line: u32,
    registry: bool,
}

fn read_pipfile(path: &str, text: &str, problems: &mut Vec<ParseProblem>) -> Option<Vec<Declared>> {
    let text = &Src::new(support::strip_bom(text));
    let doc = match tomldoc::parse(path, text) {
        Ok(d) => d,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let mut out: Vec<Declared> = Vec::new();
    for (section, dev) in [("packages", false), ("dev-packages", true)] {
        if let Some(t) = tomldoc::get_table(&doc, section) {
            section_entries(path, text, t, dev, problems, &mut out);
        }
    }
    Some(out)
}

fn section_entries(
    path: &str,
    text: &Src,
    table: &Table,
    dev: bool,
    problems: &mut Vec<ParseProblem>,
    out: &mut Vec<Declared>,
) {
    for (key, line, value) in tomldoc::entries(text, table) {
        let (constraint, registry) = if let Some(s) = tomldoc::as_str(value) {
            (Some(s.trim().to_string()), true)
        } else if let Some(t) = tomldoc::as_table(value) {
            let local = ["git", "path", "file", "editable"]
                .iter()
                .any(|k| tomldoc::get(t, k).is_some());
            (
                tomldoc::get_str(t, "version").map(|v| v.trim().to_string()),
                !local,
            )
        } else {
            problems.push(support::problem(
                path,
                line,
                format!(
                    "package `{key}`: expected a version string or a table, found {}",
                    tomldoc::type_name(value)
                ),
            ));
            continue;
        };
        let name = normalize(key);
        if !out.iter().any(|d| d.name == name) {
            out.push(Declared {
                name,
                constraint,
                dev,
                line,
                registry,
            });
        }
    }
}

/// `Pipfile.lock`: one dependency per package and version (`default` before `develop`).
pub fn parse_lock(input: &Input, read: ReadFile) -> Parsed {
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
    let pipfile_path = paths::in_dir(paths::dir(input.path), "Pipfile");
    let declared = read(&pipfile_path).and_then(|t| {
        parsed.manifests.push(pipfile_path.clone());
        read_pipfile(&pipfile_path, &t, &mut parsed.problems)
    });
    for (section, dev) in [("default", false), ("develop", true)] {
        let Some(entries) = value.get(section) else {
            continue;
        };
        let at = json::offset_of(text, root, &[section]).unwrap_or(root);
        let Some(entries) = entries.as_object() else {
            parsed.problems.push(support::problem(
                input.path,
                json::line(text, at),
                format!("`{section}` is not an object of packages"),
            ));
            continue;
        };
        for member in json::members(text, at) {
            let line = json::line(text, member.key_offset);
            let Some(entry) = entries.get(&member.key).and_then(Value::as_object) else {
                parsed.problems.push(support::problem(
                    input.path,
                    line,
                    format!("`{section}.{}`: expected an object", member.key),
                ));
                continue;
            };
            // Git, path and editable entries carry no registry version.
            let Some(version) = entry.get("version").and_then(Value::as_str) else {
                continue;
            };
            let Some(version) = pep508::pinned(version) else {
                parsed.problems.push(support::problem(
                    input.path,
                    line,
                    format!(
                        "`{section}.{}`: expected `\"version\": \"==...\"`, found `{version}`",
                        member.key
                    ),
                ));
                continue;
            };
            let name = normalize(&member.key);
            if parsed
                .dependencies
                .iter()
                .any(|d| d.name == name && d.version.as_deref() == Some(version.as_str()))
            {
                continue;
            }
            let mut dep = support::dependency(Ecosystem::Pypi, input.path, &name, line);
            dep.version = Some(version);
            dep.dev = dev;
            if let Some(d) = declared
                .as_deref()
                .and_then(|d| d.iter().find(|d| d.name == name))
            {
                dep.direct = d.registry;
                dep.constraint.clone_from(&d.constraint);
            }
            parsed.dependencies.push(dep);
        }
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}

/// `Pipfile` alone: declared registry packages with their constraints (a version for `==`).
pub fn parse_standalone(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(declared) = read_pipfile(input.path, input.text, &mut parsed.problems) else {
        return parsed;
    };
    for d in declared.into_iter().filter(|d| d.registry) {
        let mut dep = support::dependency(Ecosystem::Pypi, input.path, &d.name, d.line);
        dep.version = d.constraint.as_deref().and_then(pep508::pinned);
        dep.constraint = d.constraint;
        dep.direct = true;
        dep.dev = d.dev;
        parsed.dependencies.push(dep);
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}
