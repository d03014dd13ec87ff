//! The dependency model: one `Dependency` per package a manifest or lockfile names, with its lag
//! once a version source answered, and the per-lockfile and per-repository totals.

use serde::{Deserialize, Serialize};

pub use crate::model::ecosystem::{ECOSYSTEM_IDS, Ecosystem};

/// One dependency as a manifest or lockfile records it (the snapshot's `dependencies[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    pub name: String,
    /// The resolved version (`None` when only a constraint is known: a range in
    /// requirements.txt, a pyproject.toml without a lockfile).
    pub version: Option<String>,
    /// The requested constraint as written in the manifest (`^1.2`, `>=2,<3`, `[1.0,2.0)`).
    pub constraint: Option<String>,
    /// Declared by the project itself (not only pulled in by another dependency).
    pub direct: bool,
    /// The lockfile (or manifest, when there is no lockfile) it was read from, relative to the
    /// scan root, `/`-separated.
    pub source: String,
    /// 1-based line of the entry in `source`.
    pub line: u32,
    /// Development/test-only dependency, when the format says so.
    #[serde(default)]
    pub dev: bool,
    /// What the version lookup found; absent before a lookup.
    #[serde(default, flatten)]
    pub lag: Lag,
}

/// Whether a lookup found the package's versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LagStatus {
    /// Not looked up (dependencies disabled, or before the lookup ran).
    #[default]
    NotLooked,
    /// Versions known: the lag fields are filled.
    Known,
    /// No version source answered for this package (offline without an index entry, the
    /// registry failed): lag is unknown, never guessed. `lag_reason` says why.
    Unknown,
}

/// The lag of one dependency: how far it is behind the newest stable release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lag {
    pub lag_status: LagStatus,
    /// Why the lag is unknown (`not in the offline index`, `registry answered 404`).
    pub lag_reason: Option<String>,
    /// Where the versions came from: `index` (offline index), `registry`, `cache`.
    pub lag_source: Option<String>,
    /// The newest stable version (a pre-release only when the current one is a pre-release).
    pub latest: Option<String>,
    pub majors_behind: Option<u32>,
    pub minors_behind: Option<u32>,
    pub patches_behind: Option<u32>,
    /// Release date of `latest` minus that of the current version, in years (0 when current).
    pub libyear: Option<f64>,
    /// RFC 3339 release dates of the current and the latest version.
    pub released: Option<String>,
    pub latest_released: Option<String>,
    /// The current version is yanked/unpublished.
    pub yanked: Option<bool>,
    /// The current version (or the whole package) is deprecated or abandoned by its authors.
    pub deprecated: Option<bool>,
    /// The deprecation message, or the replacement the registry names.
    pub deprecation: Option<String>,
    /// Years since the latest release (likely abandoned when large).
    pub latest_age_years: Option<f64>,
    /// Calendar-versioned (`2018.9`, `23.1`): judged by age, no major counted behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<bool>,
}

/// A lag class, for counting (`dependency_totals.by_class`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LagClass {
    Current,
    PatchBehind,
    MinorBehind,
    MajorBehind,
    Unknown,
}

/// Totals of one lockfile (or of the repository).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LagTotals {
    pub dependencies: u32,
    pub direct: u32,
    /// Sum of the known libyears; absent when no dependency's libyear is known (never 0 for
    /// "no data").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libyear: Option<f64>,
    /// Count per lag class (current, patch-behind, minor-behind, major-behind, unknown).
    pub by_class: std::collections::BTreeMap<LagClass, u32>,
    pub yanked: u32,
    pub deprecated: u32,
    pub abandoned: u32,
}

/// One manifest/lockfile and its totals (`dependency_totals.lockfiles[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockfileSummary {
    /// The lockfile (or manifest) path, as in `Dependency::source`.
    pub path: String,
    pub ecosystem: Ecosystem,
    /// The format (`cargo-lock`, `package-lock-v3`, `yarn-berry`, `requirements`, ...).
    pub format: String,
    /// The manifests read beside it for direct dependencies and constraints.
    #[serde(default)]
    pub manifests: Vec<String>,
    pub totals: LagTotals,
}

/// The repository's dependency totals (the snapshot's `dependency_totals`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DependencyTotals {
    pub totals: LagTotals,
    pub lockfiles: Vec<LockfileSummary>,
    /// Where versions came from: `offline-index`, `registries`, `offline` (none), `disabled`.
    pub version_source: String,
    /// Registry requests made in this run and answered from the disk cache.
    pub requests: u32,
    pub cache_hits: u32,
    /// Test-fixture folders whose manifests and lockfiles were left out (`fixtures/`,
    /// `testdata/`, ...; the first 50) and how many there were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixtures_skipped: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fixtures_skipped_count: usize,
    /// The registry asked per ecosystem id: its base URL (redacted) and where it came from.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub registries: std::collections::BTreeMap<String, RegistryUse>,
}

/// One ecosystem's registry in a run (`dependency_totals.registries`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryUse {
    /// The base URL, userinfo and token-like parameters replaced by `***`.
    pub base: String,
    /// `config` (`[registries]`), `env` (the ecosystem's environment variable), `user-file`
    /// (the auditor's `~/.npmrc`, `$CARGO_HOME/config.toml`) or `client` (the ecosystem's tool).
    pub source: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
