//! Lag of one dependency from its package's versions (latest stable, majors/minors/patches
//! behind, libyear, yanked/deprecated, age of the latest release), its class, and the totals.

use std::collections::BTreeSet;

use super::model::{Dependency, Ecosystem, Lag, LagClass, LagStatus, LagTotals, LockfileSummary};
use super::source::index::PackageVersions;
use super::version::{Version, zero_minor_is_major};
use crate::util::time::{YEAR_SECS, parse_rfc3339_strict};

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
    let installable: Vec<&(Version, &super::source::index::VersionInfo)> = parsed
        .iter()
        .filter(|(p, v)| !v.yanked && (pre || !p.is_prerelease()))
        .collect();
    // A deprecated release (a stub left after the package moved on) is never "latest", unless
    // every release is deprecated: then the package itself is, and the newest one stands.
    let candidates: Vec<&(Version, &super::source::index::VersionInfo)> =
        if installable.iter().all(|(_, v)| v.deprecated.is_some()) {
            installable
        } else {
            installable
                .into_iter()
                .filter(|(_, v)| v.deprecated.is_none())
                .collect()
        };
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

    let calendar = latest.is_some_and(|(l, lv)| {
        newer(l) && is_calendar(&cur, entry.released.as_deref(), l, lv.released.as_deref())
    });
    // Calendar versions (2018.9 -> 2025.2) are judged by age: no major or minor is "behind";
    // `patches_behind` counts the newer releases (docs/registry-index.md, "Lag").
    let (majors_behind, minors_behind, patches_behind) = if calendar {
        let releases = candidates.iter().filter(|(p, _)| newer(p)).count() as u32;
        (0, 0, releases)
    } else {
        (
            majors.len() as u32,
            minors.len() as u32,
            patches.len() as u32,
        )
    };
    let released = entry.released.as_deref().and_then(parse_rfc3339_strict);
    let latest_released =
        latest.and_then(|(_, v)| v.released.as_deref().and_then(parse_rfc3339_strict));
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
        majors_behind: Some(majors_behind),
        minors_behind: Some(minors_behind),
        patches_behind: Some(patches_behind),
        calendar: calendar.then_some(true),
        libyear,
        released: entry.released.clone(),
        latest_released: latest.and_then(|(_, v)| v.released.clone()),
        yanked: Some(entry.yanked),
        deprecated: Some(deprecation.is_some()),
        deprecation,
        latest_age_years: latest_released.map(|l| round3(((now - l) as f64 / YEAR_SECS).max(0.0))),
    })
}

/// Whether both versions are calendar versions: a major that is the release's year (`2018.9`
/// released in 2018, or any major from 1990 to 2100) or its last two digits (`23.1` released in
/// 2023; a year's last release may come out early the next year).
fn is_calendar(
    cur: &Version,
    cur_date: Option<&str>,
    latest: &Version,
    latest_date: Option<&str>,
) -> bool {
    let year_like = |v: &Version, date: Option<&str>| {
        let major = v.triple().0;
        if (1990..=2100).contains(&major) {
            return true;
        }
        let Some(year) = date
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<u64>().ok())
        else {
            return false;
        };
        (10..=99).contains(&major) && (major == year % 100 || major + 1 == year % 100)
    };
    year_like(cur, cur_date) && year_like(latest, latest_date)
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
        if self.calendar == Some(true) {
            // By age: a year or more of newer releases is minor-behind, less is patch-behind.
            return match (behind(self.patches_behind), self.libyear) {
                (false, _) => LagClass::Current,
                (true, Some(y)) if y >= 1.0 => LagClass::MinorBehind,
                (true, _) => LagClass::PatchBehind,
            };
        }
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
    let mut libyear: Option<f64> = None;
    for d in deps {
        t.dependencies += 1;
        t.direct += u32::from(d.direct);
        if let Some(y) = d.lag.libyear {
            libyear = Some(libyear.unwrap_or(0.0) + y);
        }
        *t.by_class.entry(d.lag.class()).or_insert(0) += 1;
        t.yanked += u32::from(d.lag.yanked == Some(true));
        t.deprecated += u32::from(d.lag.deprecated == Some(true));
        t.abandoned += u32::from(d.lag.is_abandoned(abandoned_years));
    }
    t.libyear = libyear.map(round3);
    t
}

/// The terminal's one line about dependencies: how many, lag known, behind a major, libyear,
/// requests and cache hits, and the commonest reason an unknown lag has.
pub fn summary_line(deps: &[Dependency], t: &super::model::DependencyTotals) -> String {
    use super::resolve::plural;
    let n = deps.len();
    let known = deps
        .iter()
        .filter(|d| d.lag.lag_status == LagStatus::Known)
        .count();
    let major = t
        .totals
        .by_class
        .get(&LagClass::MajorBehind)
        .copied()
        .unwrap_or(0);
    let libyear = t.totals.libyear.map_or_else(
        || "libyear unknown".to_string(),
        |y| format!("{y:.1} libyears"),
    );
    let mut line = format!(
        "{} ({}), lag known for {known}, {major} behind a major, {libyear}; {}, {}",
        plural(n, "dependency", "dependencies"),
        t.version_source,
        plural(t.requests as usize, "request", "requests"),
        plural(t.cache_hits as usize, "cache hit", "cache hits"),
    );
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in deps.iter().filter(|d| d.lag.lag_status != LagStatus::Known) {
        *reasons
            .entry(d.lag.lag_reason.as_deref().unwrap_or("not looked up"))
            .or_insert(0) += 1;
    }
    if let Some((reason, count)) = reasons
        .iter()
        .max_by_key(|(r, c)| (**c, std::cmp::Reverse(**r)))
    {
        line.push_str(&format!(
            "; lag unknown for {}, mostly \"{reason}\" ({count})",
            n - known
        ));
    }
    line
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
        assert_eq!(repo.libyear, Some(2.001));
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
        assert_eq!(lockfiles[0].totals.libyear, Some(2.001));
        assert_eq!(lockfiles[1].totals.dependencies, 4);
        assert_eq!(lockfiles[1].totals.libyear, Some(0.0));
        assert_eq!(lockfiles[1].totals.yanked, 1);
        assert_eq!(totals(&deps, &mut lockfiles, 6.0).abandoned, 0);
    }

    #[test]
    fn calendar_versions_are_judged_by_age_not_majors() {
        let pkg = PackageVersions {
            deprecated: None,
            versions: vec![
                v("2018.9", Some("2018-09-14T00:00:00Z"), false),
                v("2019.3", Some("2019-03-01T00:00:00Z"), false),
                v("2021.10", Some("2021-10-05T00:00:00Z"), false),
                v("2025.2", Some("2025-02-10T00:00:00Z"), false),
            ],
        };
        let lag = compute(Ecosystem::Pypi, "2018.9", &pkg, NOW).unwrap();
        assert_eq!(lag.calendar, Some(true));
        assert_eq!(lag.latest.as_deref(), Some("2025.2"));
        assert_eq!(
            (lag.majors_behind, lag.minors_behind, lag.patches_behind),
            (Some(0), Some(0), Some(3)),
            "not 7 majors: three newer releases"
        );
        assert_eq!(lag.libyear, Some(6.409));
        assert_eq!(lag.class(), LagClass::MinorBehind, "a year or more behind");
        // Two-digit years: `23.1` released in 2023.
        let yy = PackageVersions {
            deprecated: None,
            versions: vec![
                v("23.1", Some("2023-04-15T00:00:00Z"), false),
                v("23.3", Some("2023-10-02T00:00:00Z"), false),
            ],
        };
        let lag = compute(Ecosystem::Pypi, "23.1", &yy, NOW).unwrap();
        assert_eq!(lag.calendar, Some(true));
        assert_eq!(lag.class(), LagClass::PatchBehind, "under a year behind");
        // Not calendar: major 23 of a package released in 2019 and 2026.
        let semver = PackageVersions {
            deprecated: None,
            versions: vec![
                v("23.0.0", Some("2019-04-15T00:00:00Z"), false),
                v("28.1.0", Some("2026-01-02T00:00:00Z"), false),
            ],
        };
        let lag = compute(Ecosystem::Npm, "23.0.0", &semver, NOW).unwrap();
        assert_eq!(lag.calendar, None);
        assert_eq!(lag.majors_behind, Some(1));
        assert_eq!(lag.class(), LagClass::MajorBehind);
    }

    #[test]
    fn a_deprecated_stub_is_never_latest_but_an_all_deprecated_package_keeps_its_newest() {
        let mut pkg = invoice_dates();
        // 2.1.0 is a deprecated stub ("use the built-in types").
        pkg.versions[8].deprecated = Some("use the built-in types".into());
        let lag = compute(Ecosystem::Npm, "1.1.0", &pkg, NOW).unwrap();
        assert_eq!(lag.latest.as_deref(), Some("2.0.0"));
        assert_eq!(
            lag.deprecated,
            Some(false),
            "the version in use is not deprecated"
        );
        for v in &mut pkg.versions {
            v.deprecated = Some("this package is no longer maintained".into());
        }
        let lag = compute(Ecosystem::Npm, "1.1.0", &pkg, NOW).unwrap();
        assert_eq!(lag.latest.as_deref(), Some("2.1.0"));
        assert_eq!(lag.deprecated, Some(true));
    }

    #[test]
    fn totals_without_any_known_libyear_have_none() {
        let mut d = crate::deps::Dependency {
            ecosystem: Ecosystem::Npm,
            name: "invoice-dates".into(),
            version: Some("1.1.0".into()),
            constraint: None,
            direct: true,
            source: "package-lock.json".into(),
            line: 3,
            dev: false,
            lag: unknown("no registry configured for npm"),
        };
        let t = totals(std::slice::from_ref(&d), &mut [], 3.0);
        assert_eq!(t.libyear, None, "no data is not 0 libyears");
        let json = serde_json::to_value(&t).unwrap();
        assert!(json.get("libyear").is_none());
        d.lag = compute(Ecosystem::Npm, "2.1.0", &invoice_dates(), NOW).unwrap();
        assert_eq!(totals(&[d], &mut [], 3.0).libyear, Some(0.0));
    }
}
