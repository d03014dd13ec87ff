//! `pyproject.toml`: dependencies declared per PEP 621, PEP 735 groups and Poetry tables, and
//! the file read alone when no `poetry.lock` or `uv.lock` is beside it.

use super::super::support::tomldoc::{self, Item, Table};
use super::super::support::{self, Src, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use super::{normalize, pep508};
use crate::deps::model::Ecosystem;

/// One declared dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// PEP 503 name.
    pub name: String,
    pub constraint: Option<String>,
    /// The version an exact pin names.
    pub version: Option<String>,
    pub dev: bool,
    pub line: u32,
    /// `false` for git, path and URL dependencies.
    pub registry: bool,
}

/// Reads the declarations of a `pyproject.toml`, in table order: `[project] dependencies`,
/// optional dependencies, `[dependency-groups]`, then Poetry's tables. A name declared twice
/// with the same marker is kept once (the first).
pub fn read(path: &str, text: &str, problems: &mut Vec<ParseProblem>) -> Option<Vec<Declared>> {
    let text = &Src::new(support::strip_bom(text));
    let doc = match tomldoc::parse(path, text) {
        Ok(d) => d,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let mut out: Vec<Declared> = Vec::new();
    let ctx = Ctx { path, text };
    if let Some(project) = tomldoc::get_table(&doc, "project") {
        if let Some(list) = tomldoc::get(project, "dependencies") {
            ctx.pep508_list(list, false, problems, &mut out);
        }
        if let Some(extras) = tomldoc::get_table(project, "optional-dependencies") {
            for (group, _, list) in tomldoc::entries(text, extras) {
                ctx.pep508_list(list, support::is_dev_word(group), problems, &mut out);
            }
        }
    }
    // PEP 735 groups are not part of the published metadata: development-only.
    if let Some(groups) = tomldoc::get_table(&doc, "dependency-groups") {
        for (_, _, list) in tomldoc::entries(text, groups) {
            ctx.pep508_list(list, true, problems, &mut out);
        }
    }
    let poetry = tomldoc::get_table(&doc, "tool").and_then(|t| tomldoc::get_table(t, "poetry"));
    if let Some(poetry) = poetry {
        if let Some(t) = tomldoc::get_table(poetry, "dependencies") {
            ctx.poetry_table(t, false, problems, &mut out);
        }
        if let Some(t) = tomldoc::get_table(poetry, "dev-dependencies") {
            ctx.poetry_table(t, true, problems, &mut out);
        }
        if let Some(groups) = tomldoc::get_table(poetry, "group") {
            for (group, _, g) in tomldoc::entries(text, groups) {
                if let Some(t) =
                    tomldoc::as_table(g).and_then(|g| tomldoc::get_table(g, "dependencies"))
                {
                    ctx.poetry_table(t, group != "main", problems, &mut out);
                }
            }
        }
    }
    Some(out)
}

struct Ctx<'c> {
    path: &'c str,
    text: &'c Src<'c>,
}

/// Adds a declaration unless the name is there already with the same environment marker (one
/// name may be declared per marker: `numpy==1.24.4; python_version < '3.9'`).
fn push(out: &mut Vec<Declared>, d: Declared) {
    let marker = |c: &Option<String>| {
        c.as_deref()
            .and_then(|c| c.split_once(';'))
            .map(|(_, m)| m.trim().to_string())
    };
    if !out
        .iter()
        .any(|o| o.name == d.name && marker(&o.constraint) == marker(&d.constraint))
    {
        out.push(d);
    }
}

/// The declarations of `name` that apply to a resolved `version`: those whose PEP 440
/// specifier admits it, else all of them (Poetry's `^`/`~` constraints are not PEP 440).
pub fn declared_for<'d>(declared: &'d [Declared], name: &str, version: &str) -> Vec<&'d Declared> {
    let all: Vec<&Declared> = declared
        .iter()
        .filter(|d| d.registry && d.name == name)
        .collect();
    let Ok(v) = pep440_rs::Version::from_str(version) else {
        return all;
    };
    let admitting: Vec<&Declared> = all
        .iter()
        .copied()
        .filter(|d| {
            let spec = d.constraint.as_deref().unwrap_or("");
            let spec = spec.split(';').next().unwrap_or("").trim();
            pep440_rs::VersionSpecifiers::from_str(spec).is_ok_and(|s| s.contains(&v))
        })
        .collect();
    if admitting.is_empty() { all } else { admitting }
}

impl Ctx<'_> {
    fn pep508_list(
        &self,
        list: &Item,
        dev: bool,
        problems: &mut Vec<ParseProblem>,
        out: &mut Vec<Declared>,
    ) {
        let Some(items) = tomldoc::as_array(list) else {
            problems.push(support::problem(
                self.path,
                tomldoc::line(self.text, list),
                format!(
                    "expected an array of requirement strings, found {}",
                    tomldoc::type_name(list)
                ),
            ));
            return;
        };
        for item in items {
            let line = tomldoc::line(self.text, item);
            let Some(s) = tomldoc::as_str(item) else {
                // `{ include-group = "test" }` (PEP 735) adds another group's requirements,
                // which that group lists itself.
                if tomldoc::as_table(item)
                    .is_some_and(|t| tomldoc::get(t, "include-group").is_some())
                {
                    continue;
                }
                problems.push(support::problem(
                    self.path,
                    line,
                    format!(
                        "expected a requirement string, found {}",
                        tomldoc::type_name(item)
                    ),
                ));
                continue;
            };
            match pep508::parse(s) {
                Ok(req) => push(
                    out,
                    Declared {
                        name: req.name.clone(),
                        constraint: req.constraint(),
                        version: req.pinned(),
                        dev,
                        line,
                        registry: !req.url,
                    },
                ),
                Err(e) => problems.push(support::problem(self.path, line, e.to_string())),
            }
        }
    }

    /// Poetry's `name = "^2.31"`, `name = { version = "^2.31", extras = [...] }`,
    /// `name = [{ version = ..., python = ... }, ...]`, `name = { git = ... }`.
    fn poetry_table(
        &self,
        table: &Table,
        dev: bool,
        problems: &mut Vec<ParseProblem>,
        out: &mut Vec<Declared>,
    ) {
        for (key, line, value) in tomldoc::entries(self.text, table) {
            if key.eq_ignore_ascii_case("python") {
                continue;
            }
            let mut registry = true;
            let constraint = if let Some(s) = tomldoc::as_str(value) {
                Some(s.trim().to_string())
            } else if let Some(t) = tomldoc::as_table(value) {
                registry = !["git", "path", "url", "file"]
                    .iter()
                    .any(|k| tomldoc::get(t, k).is_some());
                tomldoc::get_str(t, "version").map(|v| v.trim().to_string())
            } else if let Some(alternatives) = tomldoc::as_array(value) {
                let versions: Vec<&str> = alternatives
                    .iter()
                    .filter_map(|a| {
                        tomldoc::as_table(a).and_then(|t| tomldoc::get_str(t, "version"))
                    })
                    .collect();
                (!versions.is_empty()).then(|| versions.join(" || "))
            } else {
                problems.push(support::problem(
                    self.path,
                    line,
                    format!(
                        "dependency `{key}`: expected a version string or a table, found {}",
                        tomldoc::type_name(value)
                    ),
                ));
                continue;
            };
            push(
                out,
                Declared {
                    name: normalize(key),
                    version: constraint.as_deref().and_then(poetry_pin),
                    constraint,
                    dev,
                    line,
                    registry,
                },
            );
        }
    }
}

/// The version of a Poetry constraint that is one exact version (`2.31.0`, `==2.31.0`).
pub fn poetry_pin(constraint: &str) -> Option<String> {
    let c = constraint.trim();
    if c.starts_with(|ch: char| ch.is_ascii_digit()) && !c.contains(['*', ',', ' ', '|']) {
        return pep440_rs::Version::from_str(c).ok().map(|_| c.to_string());
    }
    pep508::pinned(c)
}

use std::str::FromStr;

/// `pyproject.toml` alone: the declared registry dependencies (constraints only, a version
/// for an exact pin).
pub fn parse_standalone(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(declared) = read(input.path, input.text, &mut parsed.problems) else {
        return parsed;
    };
    parsed.dependencies = declared
        .into_iter()
        .filter(|d| d.registry)
        .map(|d| {
            let mut dep = support::dependency(Ecosystem::Pypi, input.path, &d.name, d.line);
            dep.constraint = d.constraint;
            dep.version = d.version;
            dep.direct = true;
            dep.dev = d.dev;
            dep
        })
        .collect();
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}

/// The `pyproject.toml` beside a lockfile, read for its declarations (and listed when read).
pub fn beside(lock_path: &str, read: ReadFile, parsed: &mut Parsed) -> Option<Vec<Declared>> {
    let path = paths::in_dir(paths::dir(lock_path), "pyproject.toml");
    let text = read(&path)?;
    parsed.manifests.push(path.clone());
    self::read(&path, &text, &mut parsed.problems)
}
