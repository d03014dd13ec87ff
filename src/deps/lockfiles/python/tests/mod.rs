//! Tests of the Python parsers over `fixtures/deps/python/` and in-memory files.

mod locks;
mod manifests;
mod names;
mod requirements;

use super::FORMATS;
use crate::deps::lockfiles::Parsed;
use crate::deps::lockfiles::support::testing::{format, parse_files, parse_fixture};

fn run(id: &str, dir: &str, file: &str) -> Parsed {
    parse_fixture(format(FORMATS, id), &format!("python/{dir}"), file)
}

fn run_files(id: &str, path: &str, files: &[(&str, &str)]) -> Parsed {
    parse_files(format(FORMATS, id), path, files)
}

/// (name, version, constraint, direct, dev, line) rows, for exact assertions on a whole list.
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, bool, bool, u32);

fn rows(parsed: &Parsed) -> Vec<Row<'_>> {
    parsed
        .dependencies
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.version.as_deref(),
                d.constraint.as_deref(),
                d.direct,
                d.dev,
                d.line,
            )
        })
        .collect()
}
