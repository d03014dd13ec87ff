//! Manifest and lockfile parsers, one module per ecosystem, each exporting its `FORMATS`; a
//! parser turns one file's text into dependencies with lines, or problems with lines.

pub mod cargo;
#[cfg(test)]
#[path = "tests/dep_rows.rs"]
pub(crate) mod dep_rows;
pub mod go;
pub mod maven;
pub mod npm;
pub mod nuget;
pub mod packagist;
pub mod python;
pub mod rubygems;
pub mod support;
pub mod text;
pub(crate) mod xml;

use super::model::{Dependency, Ecosystem};

/// Reads another file of the repository by its relative path (a manifest beside a lockfile,
/// a `-r` include, a parent pom); `None` when it does not exist or cannot be read.
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One file to parse.
pub struct Input<'a> {
    /// Relative, `/`-separated path of the file (what `Dependency::source` gets).
    pub path: &'a str,
    pub text: &'a str,
}

/// A fault in a manifest or lockfile: the rest of the file (and the audit) goes on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParseProblem {
    pub path: String,
    /// 1-based line (0 when the whole file is unusable and no line applies).
    pub line: u32,
    pub message: String,
}

/// What a parser read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub dependencies: Vec<Dependency>,
    /// Other files read for this one (the manifest beside a lockfile), relative paths.
    pub manifests: Vec<String>,
    pub problems: Vec<ParseProblem>,
    /// The variant of the format actually read, when it refines `Format::id`
    /// (`package-lock-v3`, `yarn-berry`, `pnpm-v9`); the summary's `format` prefers it.
    pub variant: Option<&'static str>,
}

/// One file format: which file names it reads and how.
pub struct Format {
    /// Stable id (`cargo-lock`, `package-lock`, `yarn-berry`, `requirements`, `csproj`).
    pub id: &'static str,
    pub ecosystem: Ecosystem,
    /// Whether a file name (not a path) is of this format.
    pub matches: fn(&str) -> bool,
    /// File names that, in the same folder, make this file redundant (a `pyproject.toml`
    /// beside a `poetry.lock` is read by the lockfile's parser, not on its own).
    pub superseded_by: &'static [&'static str],
    pub parse: fn(&Input, ReadFile) -> Parsed,
}

/// Every format, ecosystem by ecosystem.
pub fn formats() -> impl Iterator<Item = &'static Format> {
    [
        cargo::FORMATS,
        npm::FORMATS,
        python::FORMATS,
        go::FORMATS,
        maven::FORMATS,
        rubygems::FORMATS,
        packagist::FORMATS,
        nuget::FORMATS,
    ]
    .into_iter()
    .flatten()
}

/// The format of a file name, if any.
pub fn format_of(file_name: &str) -> Option<&'static Format> {
    formats().find(|f| (f.matches)(file_name))
}
