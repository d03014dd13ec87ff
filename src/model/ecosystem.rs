//! Package ecosystems (a registry protocol and a version ordering each): named by the config's
//! `[registries]`, the snapshot's dependencies and the offline index.

use serde::{Deserialize, Serialize};

/// A package ecosystem (its registry protocol and version ordering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Cargo,
    Npm,
    Pypi,
    Go,
    Maven,
    Rubygems,
    Packagist,
    Nuget,
}

/// Ecosystem ids as written in the snapshot, config (`[registries]`) and the offline index.
pub const ECOSYSTEM_IDS: &[&str] = &[
    "cargo",
    "npm",
    "pypi",
    "go",
    "maven",
    "rubygems",
    "packagist",
    "nuget",
];

impl Ecosystem {
    pub const ALL: [Ecosystem; 8] = [
        Ecosystem::Cargo,
        Ecosystem::Npm,
        Ecosystem::Pypi,
        Ecosystem::Go,
        Ecosystem::Maven,
        Ecosystem::Rubygems,
        Ecosystem::Packagist,
        Ecosystem::Nuget,
    ];

    pub fn as_str(self) -> &'static str {
        ECOSYSTEM_IDS[self as usize]
    }

    pub fn from_id(id: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.as_str() == id)
    }
}
