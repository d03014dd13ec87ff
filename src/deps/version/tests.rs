//! Ordering tables per ecosystem: every listed chain is strictly ascending, every listed pair
//! is equal, and pre-release flags and triples are as the ecosystem defines them.

use std::cmp::Ordering;

use super::*;
use Ecosystem::*;

/// Every pair (i < j) of `chain` must compare Less one way and Greater the other.
fn ascending(eco: Ecosystem, chain: &[&str]) {
    for (i, a) in chain.iter().enumerate() {
        for b in &chain[i + 1..] {
            assert_eq!(
                compare(eco, a, b),
                Some(Ordering::Less),
                "{eco:?}: {a} < {b}"
            );
            assert_eq!(
                compare(eco, b, a),
                Some(Ordering::Greater),
                "{eco:?}: {b} > {a}"
            );
        }
    }
}

fn equal(eco: Ecosystem, pairs: &[(&str, &str)]) {
    for (a, b) in pairs {
        assert_eq!(
            compare(eco, a, b),
            Some(Ordering::Equal),
            "{eco:?}: {a} == {b}"
        );
    }
}

fn prerelease(eco: Ecosystem, yes: &[&str], no: &[&str]) {
    for v in yes {
        assert!(is_prerelease(eco, v), "{eco:?}: {v} is a pre-release");
    }
    for v in no {
        assert!(Version::parse(eco, v).is_some(), "{eco:?}: {v} parses");
        assert!(!is_prerelease(eco, v), "{eco:?}: {v} is stable");
    }
}

fn rejected(eco: Ecosystem, texts: &[&str]) {
    for t in texts {
        assert!(
            Version::parse(eco, t).is_none(),
            "{eco:?}: `{t}` is not a version"
        );
    }
}

#[test]
fn cargo_semver() {
    ascending(
        Cargo,
        &[
            "0.1.0",
            "0.1.1",
            "0.2.0",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.10.0",
            "2.0.0",
        ],
    );
    equal(Cargo, &[("1.0.0+build.5", "1.0.0"), ("1.2.3+a", "1.2.3+b")]);
    prerelease(
        Cargo,
        &["1.0.0-rc.1", "0.3.0-alpha"],
        &["1.0.0", "1.0.0+meta"],
    );
    rejected(Cargo, &["1.0", "v1.0.0", "^1.2", "latest", ""]);
    assert_eq!(parse(Cargo, "3.14.159"), Some((3, 14, 159)));
}

#[test]
fn npm_semver_with_loose_forms() {
    ascending(
        Npm,
        &[
            "0.0.9",
            "=0.1.0",
            "v0.1.1",
            "1.0.0beta",
            "1.0.0-beta.1",
            "1.0.0-rc.1",
            " v1.0.0 ",
            "1.0.1",
            "01.2.3",
            "2.0.0",
        ],
    );
    equal(
        Npm,
        &[
            ("v1.2.3", "1.2.3"),
            ("=1.2.3", "1.2.3"),
            ("= v1.2.3", "1.2.3"),
            ("1.2.3beta", "1.2.3-beta"),
        ],
    );
    prerelease(Npm, &["1.0.0-next.4", "2.0.0beta"], &["v4.17.21", "=1.0.0"]);
    rejected(
        Npm,
        &["^1.0.0", "1.x", "latest", "1.2", "git+ssh://host/repo.git"],
    );
    assert_eq!(parse(Npm, "v4.17.21"), Some((4, 17, 21)));
}

#[test]
fn go_versions_and_pseudo_versions() {
    ascending(
        Go,
        &[
            "v0.0.0-20180101000000-abcdefabcdef",
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.1.0",
            "v1.2.3",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.4-0.20200101120000-0123456789ab",
            "v1.2.4-rc.1",
            "v1.2.4",
            "v1.3.0-pre",
            "v1.3.0-pre.0.20210101000000-0123456789ab",
            "v1.3.0",
            "v2.0.0+incompatible",
            "v2.1.0+incompatible",
        ],
    );
    equal(Go, &[("v2.0.0+incompatible", "v2.0.0")]);
    prerelease(
        Go,
        &[
            "v0.0.0-20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021931-daa7c04131f5",
        ],
        &["v1.2.3", "v2.0.0+incompatible"],
    );
    assert!(semverish::is_go_pseudo(
        "v0.0.0-20191109021931-daa7c04131f5"
    ));
    assert!(semverish::is_go_pseudo(
        "v1.2.4-0.20191109021931-daa7c04131f5"
    ));
    assert!(semverish::is_go_pseudo(
        "v1.3.0-pre.0.20210101000000-0123456789ab+incompatible"
    ));
    assert!(!semverish::is_go_pseudo("v1.2.4-rc.1"));
    assert!(!semverish::is_go_pseudo("v1.2.4"));
    assert_eq!(parse(Go, "v2.1.0+incompatible"), Some((2, 1, 0)));
}

#[test]
fn pypi_pep440() {
    ascending(
        Pypi,
        &[
            "0.9",
            "1.0.dev1",
            "1.0a1",
            "1.0a2.dev3",
            "1.0a2",
            "1.0b1",
            "1.0.0rc1",
            "1.0rc2",
            "1.0",
            "1.0+ubuntu1",
            "1.0.post1",
            "1.0.1",
            "1.1.dev0",
            "1.1",
            "2013.10",
            "1!0.1",
        ],
    );
    equal(
        Pypi,
        &[
            ("1.0", "1.0.0"),
            ("1.0-1", "1.0.post1"),
            ("v1.0", "1.0"),
            ("1.0RC1", "1.0rc1"),
        ],
    );
    prerelease(
        Pypi,
        &["1.0.0rc1", "2.0.dev4", "3.0b2"],
        &["1.0.post2", "1.0+local.7", "2!1.0"],
    );
    rejected(Pypi, &[">=1.0", "1.0.*", "latest"]);
    assert_eq!(parse(Pypi, "1!2.3"), Some((2, 3, 0)));
}

#[test]
fn maven_comparable_version() {
    // Qualifier order, then numbers with letters and mixed separators.
    ascending(
        Maven,
        &[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ],
    );
    ascending(
        Maven,
        &[
            "2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b",
            "2.1-c", "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.m2", "11",
            "11.a", "11b",
        ],
    );
    ascending(
        Maven,
        &[
            "3.0-alpha-1",
            "3.0-beta-3",
            "3.0-M1",
            "3.0-RC1",
            "3.0-SNAPSHOT",
            "3.0.0.Final",
            "3.0.1",
            "3.0.1.1",
            "31.1-android",
            "31.1-jre",
            "32.0.0-jre",
        ],
    );
    equal(
        Maven,
        &[
            ("1", "1.0"),
            ("1.0", "1.0.0"),
            ("1.0.0.Final", "1.0"),
            ("1-ga", "1"),
            ("1.0-cr1", "1.0-rc1"),
            ("1a1", "1-alpha-1"),
            ("1.0-RELEASE", "1.0"),
            ("1.0.0.0", "1"),
            ("1-0.ga", "1"),
        ],
    );
    prerelease(
        Maven,
        &[
            "1.0-SNAPSHOT",
            "2.0-M3",
            "4.0.0-beta-2",
            "1.0-rc1",
            "5.0-preview.3",
            "1.0a1",
        ],
        &[
            "31.1-jre",
            "5.3.30",
            "2.0.0.Final",
            "1.2-sp1",
            "3.1-incubating",
        ],
    );
    rejected(Maven, &["[1.0,2.0)", "", "1.0 final"]);
    assert_eq!(parse(Maven, "5.3.30.RELEASE"), Some((5, 3, 30)));
    assert_eq!(parse(Maven, "32.0.0-jre"), Some((32, 0, 0)));
}

#[test]
fn rubygems_gem_version() {
    ascending(
        Rubygems,
        &[
            "0.9",
            "1.0.0.a",
            "1.0.0.a1",
            "1.0.0.alpha",
            "1.0.0.b1",
            "1.0.0.beta.2",
            "1.0.0.beta.10",
            "1.0.0-pre.1",
            "1.0.0.pre.2",
            "1.0.0.rc1",
            "1.0.0",
            "1.0.1",
            "1.0.1.1",
            "1.2",
            "1.10",
            "2.0.0.pre",
            "2.0.0",
            "10.0",
        ],
    );
    equal(
        Rubygems,
        &[
            ("1.0", "1.0.0"),
            ("1", "1.0.0.0"),
            ("1.0.0-1", "1.0.0.pre.1"),
            ("1.0.a.0", "1.0.a"),
            (" 2.7.1 ", "2.7.1"),
        ],
    );
    prerelease(
        Rubygems,
        &["1.0.0.pre.1", "7.1.0.rc2", "1.0.0-beta"],
        &["7.1.3", "0.0.1"],
    );
    rejected(
        Rubygems,
        &["1.0..0", "~> 1.0", "junk", "1.0.0 x86_64-linux"],
    );
    assert_eq!(parse(Rubygems, "7.1.3.4"), Some((7, 1, 3)));
    assert_eq!(parse(Rubygems, "7.1.rc1"), Some((7, 1, 0)));
}

#[test]
fn nuget_versions() {
    ascending(
        Nuget,
        &[
            "0.9.9",
            "1.0.0-alpha",
            "1.0.0-Alpha.2",
            "1.0.0-alpha.10",
            "1.0.0-alpha.beta",
            "1.0.0-BETA",
            "1.0.0-beta.2",
            "1.0.0-beta2",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.0.1",
            "1.0.1-preview",
            "1.0.1",
            "1.1",
            "2.0.0.0-rc",
            "2.0.0",
            "13.0.3",
        ],
    );
    equal(
        Nuget,
        &[
            ("1.0.0.0", "1.0"),
            ("1.0", "1.0.0"),
            ("1.0.0-Beta", "1.0.0-beta"),
            ("1.0.0+abc", "1.0.0"),
            ("1", "1.0.0"),
        ],
    );
    prerelease(
        Nuget,
        &["8.0.0-preview.7.23375.6", "1.0.0-rc1"],
        &["13.0.3", "4.7.2.0", "1.0.0+sha.1"],
    );
    rejected(Nuget, &["[1.0,2.0)", "1.0.0.0.0", "1.0.0-", "1.x"]);
    assert_eq!(parse(Nuget, "4.7.2.1"), Some((4, 7, 2)));
}

#[test]
fn packagist_composer_versions() {
    ascending(
        Packagist,
        &[
            "1.0.0-dev",
            "1.0.0-alpha",
            "1.0.0-alpha1",
            "1.0.0-alpha.2",
            "v1.0.0-beta",
            "1.0.0-beta2-dev",
            "1.0.0-beta2",
            "1.0.0-b3",
            "1.0.0-RC1",
            "1.0.0-rc2",
            "v1.0.0",
            "1.0.0-patch1",
            "1.0.0-pl2",
            "1.0.0.1",
            "1.0.1",
            "v1.2",
            "2.0.0-RC1",
            "2.0.0",
        ],
    );
    equal(
        Packagist,
        &[
            ("v1.2.3", "1.2.3"),
            ("1.2.3", "1.2.3.0"),
            ("1.0.0-RC1", "1.0.0-rc1"),
            ("1.0.0-stable", "1.0.0"),
            ("1.0.0-p1", "1.0.0-patch1"),
        ],
    );
    prerelease(
        Packagist,
        &["v2.0.0-RC1", "1.0.0-beta2", "3.0.0-dev", "1.0.0-alpha1-dev"],
        &["v5.4.21", "1.0.0-patch1"],
    );
    rejected(
        Packagist,
        &[
            "dev-master",
            "dev-feature/invoice-export",
            "2.x-dev",
            "^5.4",
            "*",
        ],
    );
    assert_eq!(parse(Packagist, "v5.4.21"), Some((5, 4, 21)));
}

#[test]
fn versions_of_different_ecosystems_do_not_compare() {
    let a =
        Version::parse(Npm, "1.0.0").map(|v| v.compare(&Version::parse(Maven, "1.0.0").unwrap()));
    assert_eq!(a, Some(None));
    assert_eq!(compare(Packagist, "dev-main", "1.0.0"), None);
}
