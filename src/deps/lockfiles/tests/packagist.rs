//! composer.lock parser tests on the Laravel invoicing portal: dev, abandoned, direct.

use super::*;

use crate::deps::lockfiles::dep_rows;

const LOCK: &str = include_str!("../../../../fixtures/deps/packagist/composer.lock");
const MANIFEST: &str = include_str!("../../../../fixtures/deps/packagist/composer.json");
const BROKEN: &str = include_str!("../../../../fixtures/deps/packagist/broken/composer.lock");

fn repo(path: &str) -> Option<String> {
    (path == "portal/composer.json").then(|| MANIFEST.to_string())
}

fn run(text: &str, read: ReadFile) -> Parsed {
    parse(
        &Input {
            path: "portal/composer.lock",
            text,
        },
        read,
    )
}

fn dep<'a>(p: &'a Parsed, name: &str) -> &'a Dependency {
    p.dependencies
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} not found"))
}

/// (version, constraint, direct, dev, line)
fn facts(d: &Dependency) -> (Option<&str>, Option<&str>, bool, bool, u32) {
    (
        d.version.as_deref(),
        d.constraint.as_deref(),
        d.direct,
        d.dev,
        d.line,
    )
}

#[test]
fn invoicing_portal_packages() {
    let p = run(LOCK, &repo);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.manifests, vec!["portal/composer.json".to_string()]);
    assert_eq!(p.dependencies.len(), 44);
    assert_eq!(p.dependencies.iter().filter(|d| d.direct).count(), 14);
    assert_eq!(p.dependencies.iter().filter(|d| d.dev).count(), 7);
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.ecosystem == Ecosystem::Packagist && d.source == "portal/composer.lock")
    );
    // `v` prefixes are kept as written.
    assert_eq!(
        facts(dep(&p, "laravel/framework")),
        (Some("v8.83.27"), Some("^8.75"), true, false, 377)
    );
    assert_eq!(
        facts(dep(&p, "symfony/console")),
        (Some("v5.4.21"), None, false, false, 851)
    );
    assert_eq!(
        facts(dep(&p, "phpunit/phpunit")),
        (Some("9.5.10"), Some("^9.5.10"), true, true, 1072)
    );
    // composer.json names it `Maatwebsite/Excel`: package names compare case-insensitively.
    let excel = dep(&p, "maatwebsite/excel");
    assert_eq!(
        (excel.direct, excel.constraint.as_deref()),
        (true, Some("^3.1"))
    );
    // A path-repository package is part of the repository, not a registry dependency.
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.name != "acme/invoice-numbering")
    );
}

#[test]
fn abandoned_packages_are_marked_deprecated() {
    let p = run(LOCK, &repo);
    let swift = dep(&p, "swiftmailer/swiftmailer");
    assert_eq!(swift.lag.deprecated, Some(true));
    assert_eq!(swift.lag.deprecation.as_deref(), Some("symfony/mailer"));
    let faker = dep(&p, "fzaninotto/faker");
    assert_eq!(
        (faker.lag.deprecated, faker.lag.deprecation.as_deref()),
        (Some(true), None)
    );
    assert_eq!(
        facts(faker),
        (Some("v1.9.2"), Some("^1.9.1"), true, true, 974)
    );
    let log = dep(&p, "psr/log");
    assert_eq!((log.lag.deprecated, log.line), (None, 728));
    assert_eq!(
        p.dependencies
            .iter()
            .filter(|d| d.lag.deprecated == Some(true))
            .count(),
        3
    );
}

#[test]
fn whole_list_snapshot() {
    insta::assert_yaml_snapshot!(dep_rows::rows(&run(LOCK, &repo).dependencies));
}

#[test]
fn broken_lockfile_is_one_problem_at_the_conflict() {
    let p = run(BROKEN, &|_| None);
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "portal/composer.lock".into(),
            line: 13,
            message: "unresolved merge conflict marker (malformed JSON: expected value)".into()
        }]
    );
    assert_eq!(p.dependencies, vec![]);
    // A composer.json that is not JSON: its own problem, and the lock is still read.
    let read = |path: &str| {
        (path == "portal/composer.json")
            .then(|| "{\n  \"require\": {\n    \"php\": 7\n".to_string())
    };
    let p = run(LOCK, &read);
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "portal/composer.json".into(),
            line: 4,
            message: "malformed JSON: EOF while parsing an object (column 0)".into()
        }]
    );
    assert_eq!(p.dependencies.len(), 44);
}

#[test]
fn missing_manifest_and_stale_lock_are_reported() {
    let lock = "{\n    \"packages\": [\n        {\n            \"name\": \"monolog/monolog\",\n            \"version\": \"1.25.5\"\n        },\n        {\n            \"version\": \"1.0.0\"\n        },\n        {\n            \"name\": \"psr/log\"\n        }\n    ]\n}\n";
    let alone = run(lock, &|_| None);
    let problems: Vec<(u32, &str)> = alone
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                0,
                "no composer.json beside the lockfile: no dependency is marked direct"
            ),
            (7, "a `packages` entry without a name"),
            (11, "psr/log: no version"),
        ]
    );
    assert_eq!(
        facts(&alone.dependencies[0]),
        (Some("1.25.5"), None, false, false, 4)
    );
    let manifest = "{\n  \"require\": {\n    \"php\": \"^7.2\",\n    \"monolog/monolog\": \"^1.25\",\n    \"league/csv\": \"^9.6\"\n  }\n}\n";
    let read = |path: &str| (path == "portal/composer.json").then(|| manifest.to_string());
    let p = run(lock, &read);
    assert_eq!(
        p.problems[0],
        ParseProblem {
            path: "portal/composer.json".into(),
            line: 5,
            message: "league/csv is required by composer.json but not in composer.lock (the lock is out of date)".into()
        }
    );
    assert_eq!(
        facts(&p.dependencies[0]),
        (Some("1.25.5"), Some("^1.25"), true, false, 4)
    );
}
