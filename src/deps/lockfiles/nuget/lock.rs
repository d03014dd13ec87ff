//! `packages.lock.json`: `dependencies` per target framework with `type`, `requested` and
//! `resolved`; one dependency per package id (case-insensitive) and resolved version.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::deps::lockfiles::packagist::json_problem;
use crate::deps::lockfiles::support::json;
use crate::deps::lockfiles::{Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};
use crate::util::text::LineIndex;

pub(super) fn parse(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let text = input.text;
    let mut problem = |line: u32, message: String| {
        parsed.problems.push(ParseProblem {
            path: input.path.to_string(),
            line,
            message,
        });
    };
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, message) = json_problem(text, &e);
            problem(line, message);
            return parsed;
        }
    };
    let (Some(frameworks), Some(spans)) = (
        doc.get("dependencies").and_then(Value::as_object),
        json::member(text, 0, "dependencies"),
    ) else {
        problem(
            1,
            "no `dependencies` object: not a packages.lock.json".into(),
        );
        return parsed;
    };
    // (lowercase id, resolved) -> dependency, the first occurrence's line.
    let lines = LineIndex::new(text);
    let mut found: BTreeMap<(String, String), Dependency> = BTreeMap::new();
    for fw in json::members(text, spans.value_offset) {
        let Some(packages) = frameworks.get(&fw.key).and_then(Value::as_object) else {
            problem(
                lines.line(fw.key_offset),
                format!("target framework `{}` is not an object", fw.key),
            );
            continue;
        };
        for pm in json::members(text, fw.value_offset) {
            let line = lines.line(pm.key_offset);
            let Some(entry) = packages.get(&pm.key) else {
                continue;
            };
            let kind = entry.get("type").and_then(Value::as_str).unwrap_or("");
            let direct = match kind {
                "Direct" => true,
                "Transitive" | "CentralTransitive" => false,
                "Project" => continue, // another project of the solution
                other => {
                    problem(
                        line,
                        format!(
                            "{}: unknown type `{other}` (Direct, Transitive, CentralTransitive or Project)",
                            pm.key
                        ),
                    );
                    continue;
                }
            };
            let Some(resolved) = entry.get("resolved").and_then(Value::as_str) else {
                problem(line, format!("{}: no resolved version", pm.key));
                continue;
            };
            let requested = entry
                .get("requested")
                .and_then(Value::as_str)
                .map(String::from);
            let key = (pm.key.to_lowercase(), resolved.to_string());
            let dep = found.entry(key).or_insert_with(|| Dependency {
                ecosystem: Ecosystem::Nuget,
                name: pm.key.clone(),
                version: Some(resolved.to_string()),
                constraint: None,
                direct: false,
                source: input.path.to_string(),
                line,
                dev: false,
                lag: Lag::default(),
            });
            dep.direct |= direct;
            // What a Direct entry requested wins; else the first request seen (central pins).
            if (direct && requested.is_some()) || dep.constraint.is_none() {
                dep.constraint = requested;
            }
        }
    }
    parsed.dependencies = found.into_values().collect();
    parsed
        .dependencies
        .sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
    parsed.problems.sort();
    parsed
}

#[cfg(test)]
#[path = "../tests/nuget_lock.rs"]
mod tests;
