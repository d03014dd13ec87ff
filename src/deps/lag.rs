//! Lag of one dependency from its package's versions (latest stable, majors/minors/patches
//! behind, libyear, yanked/deprecated, age of the latest release), its class, and the totals.

use std::collections::BTreeSet;

use super::model::{Dependency, Ecosystem, Lag, LagClass, LagStatus, LagTotals, LockfileSummary};
use super::source::date::{YEAR_SECS, parse_rfc3339};
use super::source::index::PackageVersions;
use super::version::{Version, zero_minor_is_major};

/// The lag of `current` among `pkg`'s versions (`Err` is the reason the lag is unknown).
///
/// Definitions (docs/registry-index.md, "Lag"): the candidates are the versions that are not
/// yanked and are stable, or any when `current` is a pre-release; `latest` is the newest
/// candidate. Among candidates newer than `current`: `majors_behind` counts distinct majors
/// above the current one, `minors_behind` distinct minors above the current one within its
/// major, `patches_behind` distinct newer versions within its major and minor. For cargo and
/// npm a 0.x minor is a major (0.3 -> 0.4 is one major behind), as their caret rule says.
/// `libyear` = released(latest) - released(current) in years of 365.25 days, 0 when nothing is
/// newer, never negative (a backport released after the latest counts 0), 3 decimals.
pub fn compute(
    eco: Ecosystem,
    current: &str,
    pkg: &PackageVersions,
    now: i64,
) -> Result<Lag, String> {
    let cur = Version::parse(eco, current).ok_or_else(|| {
        format!(
            "version {current} cannot be ordered as a {} version",
            eco.as_str()
        )
    })?;
    let parsed: Vec<(Version, &super::source::index::VersionInfo)> = pkg
        .versions
        .iter()
        .filter_map(|v| Version::parse(eco, &v.version).map(|p| (p, v)))
        .collect();
    let same = |p: &Version| p.compare(&cur) == Some(std::cmp::Ordering::Equal);
    let entry = pkg
        .versions
        .iter()
        .find(|v| v.version == current)
        .or_else(|| parsed.iter().find(|(p, _)| same(p)).map(|(_, v)| *v))
        .ok_or_else(|| format!("version {current} is not in the registry's list"))?;
    let pre = cur.is_prerelease();
    let newer = |p: &Version| p.compare(&cur) == Some(std::cmp::Ordering::Greater);
    let candidates: Vec<&(Version, &super::source::index::VersionInfo)> = parsed
        .iter()
        .filter(|(p, v)| !v.yanked && (pre || !p.is_prerelease()))
        .collect();
    let latest = candidates.iter().copied().reduce(|a, b| {
        if b.0.compare(&a.0) == Some(std::cmp::Ordering::Greater) {
            b
        } else {
            a
        }
    });

    let (cur_major, cur_minor) = levels(eco, &cur);
    let mut majors = BTreeSet::new();
    let mut minors = BTreeSet::new();
    let mut patches: Vec<&Version> = Vec::new();
    for (p, _) in candidates.iter().copied().filter(|(p, _)| newer(p)) {
        let (major, minor) = levels(eco, p);
        if major > cur_major {
            majors.insert(major);
        } else if major == cur_major && minor > cur_minor {
            minors.insert(minor);
        } else if major == cur_major
            && minor == cur_minor
            && !patches
                .iter()
                .any(|q| q.compare(p) == Some(std::cmp::Ordering::Equal))
        {
            patches.push(p);
        }
    }

    let released = entry.released.as_deref().and_then(parse_rfc3339);
    let latest_released = latest.and_then(|(_, v)| v.released.as_deref().and_then(parse_rfc3339));
    let ahead_or_equal = latest.is_none_or(|(p, _)| !newer(p));
    let libyear = if ahead_or_equal {
        Some(0.0)
    } else {
        match (released, latest_released) {
            (Some(c), Some(l)) => Some(round3(((l - c) as f64 / YEAR_SECS).max(0.0))),
            _ => None,
        }
    };
    let deprecation = entry.deprecated.clone().or_else(|| pkg.deprecated.clone());
    Ok(Lag {
        lag_status: LagStatus::Known,
        lag_reason: None,
        lag_source: None,
        latest: latest.map(|(_, v)| v.version.clone()),
        majors_behind: Some(majors.len() as u32),
        minors_behind: Some(minors.len() as u32),
        patches_behind: Some(patches.len() as u32),
        libyear,
        released: entry.released.clone(),
        latest_released: latest.and_then(|(_, v)| v.released.clone()),
        yanked: Some(entry.yanked),
        deprecated: Some(deprecation.is_some()),
        deprecation,
        latest_age_years: latest_released.map(|l| round3(((now - l) as f64 / YEAR_SECS).max(0.0))),
    })
}

/// An unknown lag with its reason.
pub fn unknown(reason: impl Into<String>) -> Lag {
    Lag {
        lag_status: LagStatus::Unknown,
        lag_reason: Some(reason.into()),
        ..Lag::default()
    }
}

impl Lag {
    /// The lag class: the largest level behind, `current` when nothing newer, `unknown` when the
    /// lag is not known (or was not looked up).
    pub fn class(&self) -> LagClass {
        if self.lag_status != LagStatus::Known {
            return LagClass::Unknown;
        }
        let behind = |n: Option<u32>| n.unwrap_or(0) > 0;
        if behind(self.majors_behind) {
            LagClass::MajorBehind
        } else if behind(self.minors_behind) {
            LagClass::MinorBehind
        } else if behind(self.patches_behind) {
            LagClass::PatchBehind
        } else {
            LagClass::Current
        }
    }

    /// The latest release is at least `years` old (the package is likely abandoned).
    pub fn is_abandoned(&self, years: f64) -> bool {
        self.lag_status == LagStatus::Known && self.latest_age_years.is_some_and(|a| a >= years)
    }
}

/// Totals per lockfile (fills `lockfiles[i].totals` from the dependencies whose `source` is its
/// path) and for the repository (every dependency entry; a package in two lockfiles counts twice).
pub fn totals(
    deps: &[Dependency],
    lockfiles: &mut [LockfileSummary],
    abandoned_years: f64,
) -> LagTotals {
    for lf in lockfiles.iter_mut() {
        lf.totals = sum(deps.iter().filter(|d| d.source == lf.path), abandoned_years);
    }
    sum(deps.iter(), abandoned_years)
}

fn sum<'a>(deps: impl Iterator<Item = &'a Dependency>, abandoned_years: f64) -> LagTotals {
    let mut t = LagTotals::default();
    let mut libyear = 0.0;
    for d in deps {
        t.dependencies += 1;
        t.direct += u32::from(d.direct);
        libyear += d.lag.libyear.unwrap_or(0.0);
        *t.by_class.entry(d.lag.class()).or_insert(0) += 1;
        t.yanked += u32::from(d.lag.yanked == Some(true));
        t.deprecated += u32::from(d.lag.deprecated == Some(true));
        t.abandoned += u32::from(d.lag.is_abandoned(abandoned_years));
    }
    t.libyear = round3(libyear);
    t
}

/// (major line, minor) of a version for counting: a 0.x minor is its own major line where the
/// ecosystem's caret rule makes it one (then the minor level is empty).
fn levels(eco: Ecosystem, v: &Version) -> ((u64, u64), u64) {
    let (major, minor, _) = v.triple();
    if major == 0 && zero_minor_is_major(eco) {
        ((0, minor), 0)
    } else {
        ((major, 0), minor)
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::source::index::VersionInfo;

    fn v(version: &str, released: Option<&str>, yanked: bool) -> VersionInfo {
        VersionInfo {
            version: version.into(),
            released: released.map(str::to_string),
            yanked,
            deprecated: None,
        }
    }

    /// An invoicing front end's date-formatting package on npm.
    fn invoice_dates() -> PackageVersions {
        PackageVersions {
            deprecated: None,
            versions: vec![
                v("1.0.0", Some("2019-01-01T00:00:00Z"), false),
                v("1.1.0", Some("2019-06-01T00:00:00Z"), false),
                v("1.1.1", Some("2019-07-01T00:00:00Z"), false),
                v("1.1.2", Some("2019-08-01T00:00:00Z"), false),
                v("1.2.0", Some("2019-09-01T00:00:00Z"), false),
                v("1.3.0", Some("2019-10-01T00:00:00Z"), false),
                v("2.0.0-beta.1", Some("2020-06-01T00:00:00Z"), false),
                v("2.0.0", Some("2020-12-01T00:00:00Z"), false),
                v("2.1.0", Some("2021-06-01T00:00:00Z"), false),
                v("3.0.0-rc.1", Some("2022-01-01T00:00:00Z"), false),
                v("3.0.0", Some("2022-03-01T00:00:00Z"), true),
            ],
        }
    }

    const NOW: i64 = 1_795_357_230; // 2026-11-22T14:20:30Z

    #[test]
    fn stable_current_counts_levels_and_libyear() {
        let lag = compute(Ecosystem::Npm, "1.1.0", &invoice_dates(), NOW).unwrap();
        assert_eq!(lag.lag_status, LagStatus::Known);
        assert_eq!(lag.latest.as_deref(), Some("2.1.0"));
        assert_eq!(
            lag.majors_behind,
            Some(1),
            "2.x; 3.0.0 is yanked, 3.0.0-rc.1 a pre-release"
        );
        assert_eq!(lag.minors_behind, Some(2), "1.2 and 1.3");
        assert_eq!(lag.patches_behind, Some(2), "1.1.1 and 1.1.2");
        // 2019-06-01 -> 2021-06-01 is 731 days.
        assert_eq!(lag.libyear, Some(2.001));
        assert_eq!(lag.released.as_deref(), Some("2019-06-01T00:00:00Z"));
        assert_eq!(lag.latest_released.as_deref(), Some("2021-06-01T00:00:00Z"));
        assert_eq!(lag.yanked, Some(false));
        assert_eq!(lag.deprecated, Some(false));
        // 2021-06-01 -> 2026-11-22T14:20:30Z.
        assert_eq!(lag.latest_age_years, Some(5.477));
        assert_eq!(lag.class(), LagClass::MajorBehind);
    }

    #[test]
    fn prerelease_current_may_get_a_prerelease_latest() {
        let lag = compute(Ecosystem::Npm, "2.0.0-beta.1", &invoice_dates(), NOW).unwrap();
        assert_eq!(lag.latest.as_deref(), Some("3.0.0-rc.1"));
        assert_eq!(lag.majors_behind, Some(1));
        assert_eq!(lag.minors_behind, Some(1));
        assert_eq!(lag.patches_behind, Some(1), "2.0.0 itself");
        assert_eq!(lag.libyear, Some(1.585));
    }

    #[test]
    fn current_latest_has_zero_lag_even_without_dates() {
        let mut pkg = invoice_dates();
        pkg.versions[8].released = None;
        let lag = compute(Ecosystem::Npm, "2.1.0", &pkg, NOW).unwrap();
        assert_eq!(lag.latest.as_deref(), Some("2.1.0"));
        assert_eq!(
            (lag.majors_behind, lag.minors_behind, lag.patches_behind),
            (Some(0), Some(0), Some(0))
        );
        assert_eq!(lag.libyear, Some(0.0));
        assert_eq!(lag.latest_age_years, None);
        assert_eq!(lag.class(), LagClass::Current);
        let behind = compute(Ecosystem::Npm, "2.0.0", &pkg, NOW).unwrap();
        assert_eq!(behind.libyear, None, "latest has no date");
        assert_eq!(behind.class(), LagClass::MinorBehind);
    }

    #[test]
    fn zero_minor_is_a_major_for_cargo_but_not_for_pypi() {
        let pkg = PackageVersions {
            deprecated: None,
            versions: [
                "0.3.1", "0.3.2", "0.3.4", "0.4.0", "0.5.0", "0.5.2", "1.0.0",
            ]
            .iter()
            .map(|n| v(n, None, false))
            .collect(),
        };
        let cargo = compute(Ecosystem::Cargo, "0.3.1", &pkg, NOW).unwrap();
        assert_eq!(
            (
                cargo.majors_behind,
                cargo.minors_behind,
                cargo.patches_behind
            ),
            (Some(3), Some(0), Some(2))
        );
        let pypi = compute(Ecosystem::Pypi, "0.3.1", &pkg, NOW).unwrap();
        assert_eq!(
            (pypi.majors_behind, pypi.minors_behind, pypi.patches_behind),
            (Some(1), Some(2), Some(2))
        );
        assert_eq!(cargo.libyear, None);
    }

    #[test]
    fn yanked_and_deprecated_current() {
        let mut pkg = invoice_dates();
        pkg.deprecated = Some("use ledger-dates instead".into());
        let lag = compute(Ecosystem::Npm, "3.0.0", &pkg, NOW).unwrap();
        assert_eq!(lag.yanked, Some(true));
        assert_eq!(lag.deprecated, Some(true));
        assert_eq!(lag.deprecation.as_deref(), Some("use ledger-dates instead"));
        assert_eq!(
            lag.latest.as_deref(),
            Some("2.1.0"),
            "the newest non-yanked stable"
        );
        assert_eq!(lag.libyear, Some(0.0), "current is ahead of latest");
        assert_eq!(lag.class(), LagClass::Current);
        pkg.versions[1].deprecated = Some("1.1.0 mis-rounds VAT".into());
        let one = compute(Ecosystem::Npm, "1.1.0", &pkg, NOW).unwrap();
        assert_eq!(one.deprecation.as_deref(), Some("1.1.0 mis-rounds VAT"));
    }

    #[test]
    fn unlisted_and_unorderable_versions_are_reasons() {
        let pkg = invoice_dates();
        assert_eq!(
            compute(Ecosystem::Npm, "1.2.3", &pkg, NOW),
            Err("version 1.2.3 is not in the registry's list".to_string())
        );
        assert_eq!(
            compute(Ecosystem::Npm, "github:acme/invoice-dates", &pkg, NOW),
            Err("version github:acme/invoice-dates cannot be ordered as a npm version".to_string())
        );
    }

    #[test]
    fn equal_forms_find_the_current_entry() {
        let pkg = PackageVersions {
            deprecated: None,
            versions: vec![
                v("1.0.0", Some("2015-03-01T00:00:00Z"), false),
                v("1.0.1", Some("2016-03-01T00:00:00Z"), false),
            ],
        };
        let lag = compute(Ecosystem::Nuget, "1.0", &pkg, NOW).unwrap();
        assert_eq!(lag.released.as_deref(), Some("2015-03-01T00:00:00Z"));
        assert_eq!(lag.patches_behind, Some(1));
        assert_eq!(lag.libyear, Some(1.002));
    }

    fn dep(name: &str, source: &str, direct: bool, lag: Lag) -> Dependency {
        Dependency {
            ecosystem: Ecosystem::Npm,
            name: name.into(),
            version: Some("1.0.0".into()),
            constraint: None,
            direct,
            source: source.into(),
            line: 1,
            dev: false,
            lag,
        }
    }

    #[test]
    fn totals_per_lockfile_and_repository() {
        let pkg = invoice_dates();
        let known = |v: &str| compute(Ecosystem::Npm, v, &pkg, NOW).unwrap();
        let deps = vec![
            dep(
                "invoice-dates",
                "billing/package-lock.json",
                true,
                known("1.1.0"),
            ),
            dep(
                "invoice-dates",
                "ledger/package-lock.json",
                false,
                known("2.1.0"),
            ),
            dep(
                "vat-rounding",
                "ledger/package-lock.json",
                true,
                known("3.0.0"),
            ),
            dep(
                "left-pad",
                "ledger/package-lock.json",
                false,
                unknown("registry answered 404"),
            ),
            dep(
                "pdf-stamp",
                "ledger/package-lock.json",
                false,
                Lag::default(),
            ),
        ];
        let summary = |path: &str| LockfileSummary {
            path: path.into(),
            ecosystem: Ecosystem::Npm,
            format: "package-lock-v3".into(),
            manifests: vec![],
            totals: LagTotals::default(),
        };
        let mut lockfiles = vec![
            summary("billing/package-lock.json"),
            summary("ledger/package-lock.json"),
        ];
        let repo = totals(&deps, &mut lockfiles, 5.0);
        assert_eq!(repo.dependencies, 5);
        assert_eq!(repo.direct, 2);
        assert_eq!(repo.libyear, 2.001);
        assert_eq!(repo.yanked, 1);
        assert_eq!(repo.deprecated, 0);
        assert_eq!(
            repo.abandoned, 3,
            "latest 2.1.0 is 5.477 years old for all three known"
        );
        let classes: Vec<(LagClass, u32)> = repo.by_class.into_iter().collect();
        assert_eq!(
            classes,
            vec![
                (LagClass::Current, 2),
                (LagClass::MajorBehind, 1),
                (LagClass::Unknown, 2)
            ]
        );
        assert_eq!(lockfiles[0].totals.dependencies, 1);
        assert_eq!(lockfiles[0].totals.libyear, 2.001);
        assert_eq!(lockfiles[1].totals.dependencies, 4);
        assert_eq!(lockfiles[1].totals.libyear, 0.0);
        assert_eq!(lockfiles[1].totals.yanked, 1);
        assert_eq!(totals(&deps, &mut lockfiles, 6.0).abandoned, 0);
    }
}
