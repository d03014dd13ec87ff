//! Cargo: `Cargo.lock` (v1-v4) with the manifests beside it, and `Cargo.toml` alone when no
//! lockfile resolves the crate.

mod lock;
mod manifest;

use super::Format;
use crate::deps::model::Ecosystem;

pub static FORMATS: &[Format] = &[
    Format {
        id: "cargo-lock",
        ecosystem: Ecosystem::Cargo,
        matches: is_cargo_lock,
        superseded_by: &[],
        parse: lock::parse,
    },
    Format {
        id: "cargo-toml",
        ecosystem: Ecosystem::Cargo,
        matches: is_cargo_toml,
        superseded_by: &["Cargo.lock"],
        parse: manifest::parse_standalone,
    },
];

fn is_cargo_lock(name: &str) -> bool {
    name == "Cargo.lock"
}

fn is_cargo_toml(name: &str) -> bool {
    name == "Cargo.toml"
}

#[cfg(test)]
mod tests;
