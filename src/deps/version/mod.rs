//! Version ordering per ecosystem: parse a version once into an ordered key, tell pre-releases
//! apart, and give (major, minor, patch) for lag classes.

mod composer;
mod gem;
mod maven;
mod nuget;
mod semverish;

pub use semverish::is_go_pseudo;

#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::str::FromStr;

use crate::deps::model::Ecosystem;

/// A parsed version of one ecosystem; versions of different ecosystems do not compare.
#[derive(Debug, Clone)]
pub struct Version {
    key: Key,
}

#[derive(Debug, Clone)]
enum Key {
    /// cargo, npm and Go (the `v` and loose forms stripped first).
    Semver(semver::Version),
    Pep440(pep440_rs::Version),
    Maven(maven::MavenVersion),
    Gem(gem::GemVersion),
    Nuget(nuget::NugetVersion),
    Composer(composer::ComposerVersion),
}

impl Version {
    /// Parse `text` as a version of `eco`; `None` when it is not one (a branch name, a range).
    pub fn parse(eco: Ecosystem, text: &str) -> Option<Version> {
        let key = match eco {
            Ecosystem::Cargo => Key::Semver(semver::Version::parse(text.trim()).ok()?),
            Ecosystem::Npm => Key::Semver(semverish::parse_npm(text)?),
            Ecosystem::Go => Key::Semver(semverish::parse_go(text)?),
            Ecosystem::Pypi => Key::Pep440(pep440_rs::Version::from_str(text.trim()).ok()?),
            Ecosystem::Maven => Key::Maven(maven::MavenVersion::parse(text)?),
            Ecosystem::Rubygems => Key::Gem(gem::GemVersion::parse(text)?),
            Ecosystem::Nuget => Key::Nuget(nuget::NugetVersion::parse(text)?),
            Ecosystem::Packagist => Key::Composer(composer::ComposerVersion::parse(text)?),
        };
        Some(Version { key })
    }

    /// The order of two versions of the same ecosystem (`None` across ecosystems).
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        Some(match (&self.key, &other.key) {
            (Key::Semver(a), Key::Semver(b)) => a.cmp_precedence(b),
            (Key::Pep440(a), Key::Pep440(b)) => a.cmp(b),
            (Key::Maven(a), Key::Maven(b)) => a.cmp(b),
            (Key::Gem(a), Key::Gem(b)) => a.cmp(b),
            (Key::Nuget(a), Key::Nuget(b)) => a.cmp(b),
            (Key::Composer(a), Key::Composer(b)) => a.cmp(b),
            _ => return None,
        })
    }

    /// Whether this is a pre-release (alpha, beta, rc, dev, snapshot, a Go pseudo-version).
    pub fn is_prerelease(&self) -> bool {
        match &self.key {
            Key::Semver(v) => !v.pre.is_empty(),
            Key::Pep440(v) => v.any_prerelease(),
            Key::Maven(v) => v.is_prerelease(),
            Key::Gem(v) => v.is_prerelease(),
            Key::Nuget(v) => v.is_prerelease(),
            Key::Composer(v) => v.is_prerelease(),
        }
    }

    /// The first three release numbers (missing ones are 0; a PEP 440 epoch is left out).
    pub fn triple(&self) -> (u64, u64, u64) {
        match &self.key {
            Key::Semver(v) => (v.major, v.minor, v.patch),
            Key::Pep440(v) => {
                let r = v.release();
                let at = |i: usize| r.get(i).copied().unwrap_or(0);
                (at(0), at(1), at(2))
            }
            Key::Maven(v) => v.triple(),
            Key::Gem(v) => v.triple(),
            Key::Nuget(v) => v.triple(),
            Key::Composer(v) => v.triple(),
        }
    }
}

/// The order of two version strings of `eco`; `None` when either is not a version of it.
pub fn compare(eco: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    Version::parse(eco, a)?.compare(&Version::parse(eco, b)?)
}

/// Whether `v` is a pre-release of `eco` (`false` when it is not a version at all).
pub fn is_prerelease(eco: Ecosystem, v: &str) -> bool {
    Version::parse(eco, v).is_some_and(|v| v.is_prerelease())
}

/// (major, minor, patch) of `v`, for lag classes.
pub fn parse(eco: Ecosystem, v: &str) -> Option<(u64, u64, u64)> {
    Version::parse(eco, v).map(|v| v.triple())
}

/// Whether a newer minor of a 0.x version breaks compatibility in `eco` (cargo's and npm's
/// caret rule), so that lag counts it as a major: 0.3 -> 0.4 is one major behind.
pub fn zero_minor_is_major(eco: Ecosystem) -> bool {
    matches!(eco, Ecosystem::Cargo | Ecosystem::Npm)
}

/// Leading release numbers of a version string (`1.2.3.4-beta` -> [1, 2, 3, 4]), digits
/// separated by dots, stopping at the first other character.
fn leading_numbers(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            break;
        }
        out.push(digits.parse().unwrap_or(u64::MAX));
        if digits.len() != part.len() {
            break;
        }
    }
    out
}

fn triple_of(nums: &[u64]) -> (u64, u64, u64) {
    let at = |i: usize| nums.get(i).copied().unwrap_or(0);
    (at(0), at(1), at(2))
}

/// Compare two digit strings as unbounded non-negative integers.
fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}
