//! Python: requirements files, `poetry.lock`, `uv.lock`, `Pipfile.lock`, and `pyproject.toml`
//! or `Pipfile` alone when no lockfile is beside them. Names are normalised per PEP 503.

mod pep508;
mod pipfile;
mod poetry;
mod pyproject;
mod requirements;
mod uv;

use super::Format;
use crate::deps::model::Ecosystem;

pub static FORMATS: &[Format] = &[
    Format {
        id: "requirements",
        ecosystem: Ecosystem::Pypi,
        matches: requirements::is_requirements_file,
        superseded_by: &[],
        parse: requirements::parse,
    },
    Format {
        id: "poetry-lock",
        ecosystem: Ecosystem::Pypi,
        matches: is_poetry_lock,
        superseded_by: &[],
        parse: poetry::parse,
    },
    Format {
        id: "uv-lock",
        ecosystem: Ecosystem::Pypi,
        matches: is_uv_lock,
        superseded_by: &[],
        parse: uv::parse,
    },
    Format {
        id: "pipfile-lock",
        ecosystem: Ecosystem::Pypi,
        matches: is_pipfile_lock,
        superseded_by: &[],
        parse: pipfile::parse_lock,
    },
    Format {
        id: "pipfile",
        ecosystem: Ecosystem::Pypi,
        matches: is_pipfile,
        superseded_by: &["Pipfile.lock"],
        parse: pipfile::parse_standalone,
    },
    Format {
        id: "pyproject",
        ecosystem: Ecosystem::Pypi,
        matches: is_pyproject,
        superseded_by: &["poetry.lock", "uv.lock"],
        parse: pyproject::parse_standalone,
    },
];

fn is_poetry_lock(name: &str) -> bool {
    name == "poetry.lock"
}

fn is_uv_lock(name: &str) -> bool {
    name == "uv.lock"
}

fn is_pipfile_lock(name: &str) -> bool {
    name == "Pipfile.lock"
}

fn is_pipfile(name: &str) -> bool {
    name == "Pipfile"
}

fn is_pyproject(name: &str) -> bool {
    name == "pyproject.toml"
}

/// A project name per PEP 503: lowercase, each run of `-`, `_` and `.` as one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

#[cfg(test)]
mod tests;
