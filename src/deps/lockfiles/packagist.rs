//! Packagist: `composer.lock` (`packages`, `packages-dev` = dev, `abandoned`), with the direct
//! set and constraints from the `composer.json` beside it; path-repository packages left out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::support::json::{self, Member};
use super::{Format, Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};
use crate::util::text::LineIndex;

pub static FORMATS: &[Format] = &[Format {
    id: "composer-lock",
    ecosystem: Ecosystem::Packagist,
    matches: |name| name == "composer.lock",
    superseded_by: &[],
    parse,
}];

/// A `serde_json` error as (line, message without the position); a merge conflict marker on
/// that line is named as the cause.
pub(crate) fn json_problem(text: &str, e: &serde_json::Error) -> (u32, String) {
    let line = u32::try_from(e.line()).unwrap_or(0);
    let full = e.to_string();
    let what = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let at = e.line().checked_sub(1).and_then(|i| text.lines().nth(i));
    let message = if at.is_some_and(super::go::is_conflict_marker) {
        format!("unresolved merge conflict marker (malformed JSON: {what})")
    } else {
        format!("malformed JSON: {what} (column {})", e.column())
    };
    (line, message)
}

/// One requirement of composer.json: constraint and the line of its key.
struct Required {
    written: String,
    constraint: String,
    line: u32,
}

fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = input.text;
    let problem = |path: &str, line: u32, message: String| ParseProblem {
        path: path.to_string(),
        line,
        message,
    };
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, message) = json_problem(text, &e);
            parsed.problems.push(problem(input.path, line, message));
            return parsed;
        }
    };
    let Some(obj) = doc.as_object() else {
        parsed.problems.push(problem(
            input.path,
            1,
            "not a JSON object: not a composer.lock".into(),
        ));
        return parsed;
    };
    let folder = input.path.rfind('/').map_or("", |i| &input.path[..=i]);
    let manifest_path = format!("{folder}composer.json");
    let required = match read(&manifest_path) {
        Some(m) => {
            parsed.manifests.push(manifest_path.clone());
            manifest(&manifest_path, &m, &mut parsed.problems)
        }
        None => {
            parsed.problems.push(problem(
                input.path,
                0,
                "no composer.json beside the lockfile: no dependency is marked direct".into(),
            ));
            BTreeMap::new()
        }
    };
    let lines = LineIndex::new(text);
    let top = json::members(text, 0);
    let mut locked: BTreeSet<String> = BTreeSet::new();
    for (key, dev) in [("packages", false), ("packages-dev", true)] {
        let Some(list) = obj.get(key) else {
            if key == "packages" {
                parsed.problems.push(problem(
                    input.path,
                    1,
                    "no `packages` list: not a composer.lock".into(),
                ));
            }
            continue;
        };
        let member = top.iter().find(|m| m.key == key);
        let Some(items) = list.as_array() else {
            let line = member.map_or(0, |m| lines.line(m.key_offset));
            parsed
                .problems
                .push(problem(input.path, line, format!("`{key}` is not a list")));
            continue;
        };
        let offsets = member.map_or_else(Vec::new, |m| json::elements(text, m.value_offset));
        for (i, item) in items.iter().enumerate() {
            let at = offsets.get(i).copied().unwrap_or(0);
            let line =
                lines.line(json::member(text, at, "name").map_or(at, |m: Member| m.key_offset));
            let Some(name) = item.get("name").and_then(Value::as_str) else {
                parsed.problems.push(problem(
                    input.path,
                    line,
                    format!("a `{key}` entry without a name"),
                ));
                continue;
            };
            locked.insert(name.to_lowercase());
            let Some(version) = item.get("version").and_then(Value::as_str) else {
                parsed
                    .problems
                    .push(problem(input.path, line, format!("{name}: no version")));
                continue;
            };
            let dist = item
                .get("dist")
                .and_then(|d| d.get("type"))
                .and_then(Value::as_str);
            if dist == Some("path") {
                continue; // a folder of this repository, not a registry package
            }
            let mut lag = Lag::default();
            match item.get("abandoned") {
                Some(Value::Bool(true)) => lag.deprecated = Some(true),
                Some(Value::String(s)) => {
                    lag.deprecated = Some(true);
                    lag.deprecation = (!s.is_empty()).then(|| s.clone());
                }
                _ => {}
            }
            let req = required.get(&name.to_lowercase());
            parsed.dependencies.push(Dependency {
                ecosystem: Ecosystem::Packagist,
                name: name.to_string(),
                version: Some(version.to_string()),
                constraint: req.map(|r| r.constraint.clone()),
                direct: req.is_some(),
                source: input.path.to_string(),
                line,
                dev,
                lag,
            });
        }
    }
    for r in required
        .iter()
        .filter(|(k, _)| !locked.contains(*k))
        .map(|(_, r)| r)
    {
        parsed.problems.push(problem(
            &manifest_path,
            r.line,
            format!(
                "{} is required by composer.json but not in composer.lock (the lock is out of date)",
                r.written
            ),
        ));
    }
    parsed.problems.sort();
    parsed
}

/// The `require` and `require-dev` packages of composer.json by lowercase name, without the
/// platform (`php`, `ext-*`, `lib-*`, `composer-*`: names without a `vendor/`).
fn manifest(
    path: &str,
    text: &str,
    problems: &mut Vec<ParseProblem>,
) -> BTreeMap<String, Required> {
    let mut out = BTreeMap::new();
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, message) = json_problem(text, &e);
            problems.push(ParseProblem {
                path: path.to_string(),
                line,
                message,
            });
            return out;
        }
    };
    let index = LineIndex::new(text);
    for key in ["require", "require-dev"] {
        let Some(map) = doc.get(key).and_then(Value::as_object) else {
            continue;
        };
        let offset = json::member(text, 0, key).map_or(0, |m| m.value_offset);
        let lines: BTreeMap<String, u32> = json::members(text, offset)
            .into_iter()
            .map(|m| (m.key, index.line(m.key_offset)))
            .collect();
        for (name, constraint) in map {
            if !name.contains('/') {
                continue;
            }
            out.entry(name.to_lowercase()).or_insert_with(|| Required {
                written: name.clone(),
                constraint: constraint.as_str().unwrap_or_default().to_string(),
                line: lines.get(name).copied().unwrap_or(0),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "tests/packagist.rs"]
mod tests;
