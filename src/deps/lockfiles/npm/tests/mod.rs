//! Tests of the npm parsers over `fixtures/deps/npm/` and in-memory files.

mod manifest;
mod names;
mod package_lock;
mod pnpm;
mod yarn;

use super::FORMATS;
use crate::deps::lockfiles::Parsed;
use crate::deps::lockfiles::support::testing::{format, parse_fixture};

fn run(id: &str, dir: &str, file: &str) -> Parsed {
    parse_fixture(format(FORMATS, id), &format!("npm/{dir}"), file)
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
