//! Test helpers for the parsers: run a format over a fixture folder (the folder stands for the
//! repository root) and a compact, serialisable view of the result for snapshots.

use super::super::{Format, Input, ParseProblem, Parsed};
use crate::deps::model::Dependency;
use serde::Serialize;
use std::path::PathBuf;

/// `fixtures/deps/<rel>`.
pub fn fixture_dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/deps")
        .join(rel)
}

/// Parses `path` (relative to the fixture folder `dir`) with `format`; sibling files are read
/// from the same folder.
pub fn parse_fixture(format: &Format, dir: &str, path: &str) -> Parsed {
    let root = fixture_dir(dir);
    let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
    parse_in(format, &root, path, &text)
}

/// Parses `text` as the file `path` of the fixture folder `root`.
pub fn parse_in(format: &Format, root: &std::path::Path, path: &str, text: &str) -> Parsed {
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).ok();
    (format.parse)(&Input { path, text }, &read)
}

/// Parses in-memory files: `files` maps relative paths to contents.
pub fn parse_files(format: &Format, path: &str, files: &[(&str, &str)]) -> Parsed {
    let text = files
        .iter()
        .find(|(p, _)| *p == path)
        .map_or("", |(_, t)| *t);
    let read = |rel: &str| {
        files
            .iter()
            .find(|(p, _)| *p == rel)
            .map(|(_, t)| t.to_string())
    };
    (format.parse)(&Input { path, text }, &read)
}

/// The format with this id among `formats`.
pub fn format<'f>(formats: &'f [Format], id: &str) -> &'f Format {
    match formats.iter().find(|f| f.id == id) {
        Some(f) => f,
        None => panic!("no format {id}"),
    }
}

/// The dependency `name` at `version` (panics with the list when absent).
pub fn dep<'p>(parsed: &'p Parsed, name: &str, version: Option<&str>) -> &'p Dependency {
    match parsed
        .dependencies
        .iter()
        .find(|d| d.name == name && d.version.as_deref() == version)
    {
        Some(d) => d,
        None => panic!(
            "no {name} {version:?} in {:?}",
            parsed
                .dependencies
                .iter()
                .map(|d| (&d.name, &d.version))
                .collect::<Vec<_>>()
        ),
    }
}

/// (version, constraint, direct, dev, line) of one dependency, for exact assertions.
pub fn facts(d: &Dependency) -> (Option<&str>, Option<&str>, bool, bool, u32) {
    (
        d.version.as_deref(),
        d.constraint.as_deref(),
        d.direct,
        d.dev,
        d.line,
    )
}

/// The problems as (path, line, message).
pub fn problems(parsed: &Parsed) -> Vec<(&str, u32, &str)> {
    parsed
        .problems
        .iter()
        .map(|p: &ParseProblem| (p.path.as_str(), p.line, p.message.as_str()))
        .collect()
}

/// What a snapshot records of a parse.
#[derive(Serialize)]
pub struct View<'p> {
    variant: Option<&'static str>,
    manifests: &'p [String],
    dependencies: Vec<Row<'p>>,
    problems: Vec<(&'p str, u32, &'p str)>,
}

#[derive(Serialize)]
struct Row<'p> {
    name: &'p str,
    version: Option<&'p str>,
    constraint: Option<&'p str>,
    direct: bool,
    dev: bool,
    source: &'p str,
    line: u32,
}

pub fn view(parsed: &Parsed) -> View<'_> {
    View {
        variant: parsed.variant,
        manifests: &parsed.manifests,
        dependencies: parsed
            .dependencies
            .iter()
            .map(|d| Row {
                name: &d.name,
                version: d.version.as_deref(),
                constraint: d.constraint.as_deref(),
                direct: d.direct,
                dev: d.dev,
                source: &d.source,
                line: d.line,
            })
            .collect(),
        problems: problems(parsed),
    }
}
