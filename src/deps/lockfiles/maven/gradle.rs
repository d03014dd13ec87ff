//! The Gradle version catalog (`gradle/libs.versions.toml`): `[libraries]` in all three forms
//! and `[plugins]`, with `[versions]` references and rich versions resolved.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::is_exact_version;
use crate::deps::lockfiles::{Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};
use crate::util::text::LineIndex;

/// A version as the catalog declares it: the resolved version when it names one, and the
/// constraint as written.
#[derive(Debug, Clone, Default, PartialEq)]
struct Spec {
    version: Option<String>,
    constraint: Option<String>,
}

impl Spec {
    fn of(text: &str) -> Spec {
        Spec {
            version: is_exact_version(text).then(|| text.to_string()),
            constraint: Some(text.to_string()),
        }
    }
}

pub(super) fn parse(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = input.text;
    let lines = LineIndex::new(text);
    let mut problem = |offset: usize, message: String| {
        parsed.problems.push(ParseProblem {
            path: input.path.to_string(),
            line: lines.line(offset),
            message,
        });
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    // Later syntax errors mostly follow from the first one, and what comes after it may be
    // misread: report the first and keep only the entries before it.
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map_or(0, |s| s.start));
    let cutoff = first.map(|e| e.span().map_or(0, |s| s.start));
    if let Some(e) = first {
        problem(
            e.span().map_or(0, |s| s.start),
            format!("malformed TOML: {}", e.message()),
        );
    }
    let whole = |value: &Spanned<DeValue>| cutoff.is_none_or(|at| value.span().end <= at);
    let doc = doc.into_inner();
    let mut versions: BTreeMap<String, Spec> = BTreeMap::new();
    if let Some(table) = section(&doc, "versions", &mut problem) {
        for (key, value) in table.iter().filter(|(_, v)| whole(v)) {
            match rich_version(value.get_ref()) {
                Some(spec) => {
                    versions.insert(key.get_ref().to_string(), spec);
                }
                None => problem(
                    key.span().start,
                    format!(
                        "[versions] {}: not a version string or table",
                        key.get_ref()
                    ),
                ),
            }
        }
    }
    let mut deps = Vec::new();
    if let Some(table) = section(&doc, "libraries", &mut problem) {
        for (key, value) in table.iter().filter(|(_, v)| whole(v)) {
            match library(value.get_ref(), &versions) {
                Ok((name, spec)) => deps.push(("libraries", key, name, spec)),
                Err(message) => problem(
                    key.span().start,
                    format!("[libraries] {}: {message}", key.get_ref()),
                ),
            }
        }
    }
    if let Some(table) = section(&doc, "plugins", &mut problem) {
        for (key, value) in table.iter().filter(|(_, v)| whole(v)) {
            match plugin(value.get_ref(), &versions) {
                Ok((name, spec)) => deps.push(("plugins", key, name, spec)),
                Err(message) => problem(
                    key.span().start,
                    format!("[plugins] {}: {message}", key.get_ref()),
                ),
            }
        }
    }
    for (section, key, name, spec) in deps {
        let (spec, dangling) = match spec {
            Ok(spec) => (spec, None),
            Err(r) => (Spec::default(), Some(r)),
        };
        if let Some(r) = dangling {
            problem(
                key.span().start,
                format!(
                    "[{section}] {}: version.ref `{r}` is not in [versions]",
                    key.get_ref()
                ),
            );
        }
        parsed.dependencies.push(Dependency {
            ecosystem: Ecosystem::Maven,
            name,
            version: spec.version,
            constraint: spec.constraint,
            direct: true,
            source: input.path.to_string(),
            line: lines.line(key.span().start),
            dev: false,
            lag: Lag::default(),
        });
    }
    parsed.dependencies.sort_by_key(|d| d.line);
    parsed.problems.sort();
    parsed
}

type Entries<'a, 'i> = &'a DeTable<'i>;

fn section<'a, 'i>(
    doc: &'a DeTable<'i>,
    name: &str,
    problem: &mut impl FnMut(usize, String),
) -> Option<Entries<'a, 'i>> {
    let (key, value) = doc.get_key_value(name)?;
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => {
            problem(key.span().start, format!("[{name}] must be a table"));
            None
        }
    }
}

fn string<'a>(t: &'a DeTable, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.get_ref().as_str())
}

/// `"1.2"` or `{ strictly = "[1.2, 2[", prefer = "1.2.7" }` / `{ require = "1.2" }`.
fn rich_version(v: &DeValue) -> Option<Spec> {
    match v {
        DeValue::String(s) => Some(Spec::of(s)),
        DeValue::Table(t) => {
            let constraint = ["strictly", "require", "prefer"]
                .iter()
                .find_map(|k| string(t, k))?;
            let version = string(t, "prefer")
                .filter(|p| is_exact_version(p))
                .or_else(|| Some(constraint).filter(|c| is_exact_version(c)));
            Some(Spec {
                version: version.map(String::from),
                constraint: Some(constraint.to_string()),
            })
        }
        _ => None,
    }
}

/// A version field: a string, a rich table, or `{ ref = "x" }` (`version.ref = "x"`).
/// `Err(name)`: a reference to an undeclared version.
fn version_field(
    v: Option<&Spanned<DeValue>>,
    versions: &BTreeMap<String, Spec>,
) -> Result<Spec, String> {
    let Some(v) = v else {
        return Ok(Spec::default()); // no version: a platform or BOM supplies it
    };
    if let DeValue::Table(t) = v.get_ref()
        && let Some(r) = string(t, "ref")
    {
        return versions.get(r).cloned().ok_or_else(|| r.to_string());
    }
    Ok(rich_version(v.get_ref()).unwrap_or_default())
}

type Entry = (String, Result<Spec, String>);

/// `"g:a:v"`, `{ module = "g:a", version... }` or `{ group, name, version... }`.
fn library(v: &DeValue, versions: &BTreeMap<String, Spec>) -> Result<Entry, String> {
    match v {
        DeValue::String(s) => {
            let parts: Vec<&str> = s.split(':').collect();
            match parts.as_slice() {
                [g, a, v] if !g.is_empty() && !a.is_empty() && !v.is_empty() => {
                    Ok((format!("{g}:{a}"), Ok(Spec::of(v))))
                }
                _ => Err(format!("`{s}` is not `group:artifact:version`")),
            }
        }
        DeValue::Table(t) => {
            let name = if let Some(m) = string(t, "module") {
                match m.split_once(':') {
                    Some((g, a)) if !g.is_empty() && !a.is_empty() && !a.contains(':') => {
                        m.to_string()
                    }
                    _ => return Err(format!("module `{m}` is not `group:artifact`")),
                }
            } else {
                match (string(t, "group"), string(t, "name")) {
                    (Some(g), Some(a)) => format!("{g}:{a}"),
                    _ => return Err("needs `module`, or `group` and `name`".into()),
                }
            };
            Ok((name, version_field(t.get("version"), versions)))
        }
        _ => Err("not a string or a table".into()),
    }
}

/// `"id:version"` or `{ id = "...", version... }`: the plugin id is the name.
fn plugin(v: &DeValue, versions: &BTreeMap<String, Spec>) -> Result<Entry, String> {
    match v {
        DeValue::String(s) => match s.rsplit_once(':') {
            Some((id, v)) if !id.is_empty() && !v.is_empty() => {
                Ok((id.to_string(), Ok(Spec::of(v))))
            }
            _ => Err(format!("`{s}` is not `plugin.id:version`")),
        },
        DeValue::Table(t) => {
            let id = string(t, "id").ok_or("needs `id`")?;
            Ok((id.to_string(), version_field(t.get("version"), versions)))
        }
        _ => Err("not a string or a table".into()),
    }
}

#[cfg(test)]
#[path = "../tests/maven_gradle.rs"]
mod tests;
