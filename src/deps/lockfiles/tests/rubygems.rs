//! Gemfile.lock parser tests on the Rails payroll app: specs, platforms, dev groups.

use super::*;

use crate::deps::lockfiles::dep_rows;

const LOCK: &str = include_str!("../../../../fixtures/deps/rubygems/Gemfile.lock");
const GEMFILE: &str = include_str!("../../../../fixtures/deps/rubygems/Gemfile");
const BROKEN: &str = include_str!("../../../../fixtures/deps/rubygems/broken/Gemfile.lock");

fn with_gemfile(path: &str) -> Option<String> {
    (path == "payroll/Gemfile").then(|| GEMFILE.to_string())
}

fn run(text: &str, read: ReadFile) -> Parsed {
    parse(
        &Input {
            path: "payroll/Gemfile.lock",
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
fn payroll_lockfile_specs_and_direct_set() {
    let p = run(LOCK, &with_gemfile);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.manifests, vec!["payroll/Gemfile".to_string()]);
    assert_eq!(p.dependencies.len(), 83);
    assert_eq!(p.dependencies.iter().filter(|d| d.direct).count(), 18);
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.ecosystem == Ecosystem::Rubygems && d.source == "payroll/Gemfile.lock")
    );
    assert_eq!(
        facts(dep(&p, "rails")),
        (Some("6.1.7.6"), Some("~> 6.1.7"), true, false, 135)
    );
    // Several requirements stay as written.
    assert_eq!(
        facts(dep(&p, "pg")),
        (Some("1.5.4"), Some(">= 0.18, < 2.0"), true, false, 124)
    );
    // Direct without a requirement.
    assert_eq!(
        facts(dep(&p, "byebug")),
        (Some("11.1.3"), None, true, true, 64)
    );
    // Transitive: no constraint of its own.
    assert_eq!(
        facts(dep(&p, "actioncable")),
        (Some("6.1.7.6"), None, false, false, 18)
    );
}

#[test]
fn platform_suffixes_are_dropped_and_each_release_reported_once() {
    let p = run(LOCK, &with_gemfile);
    let nokogiri: Vec<_> = p
        .dependencies
        .iter()
        .filter(|d| d.name == "nokogiri")
        .collect();
    assert_eq!(nokogiri.len(), 1);
    assert_eq!(
        facts(nokogiri[0]),
        (Some("1.15.4"), Some("~> 1.15"), true, false, 118)
    );
}

#[test]
fn git_and_path_gems_are_not_registry_dependencies() {
    let p = run(LOCK, &with_gemfile);
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.name != "payroll_rules" && d.name != "timesheets")
    );
    // What they need from the registry is still there (money comes only from payroll_rules
    // and monetize).
    assert_eq!(
        facts(dep(&p, "money")),
        (Some("6.16.0"), None, false, false, 109)
    );
}

#[test]
fn development_and_test_groups_mark_dev_gems_and_what_only_they_need() {
    let p = run(LOCK, &with_gemfile);
    let dev: Vec<&str> = p
        .dependencies
        .iter()
        .filter(|d| d.dev)
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        dev,
        vec![
            "addressable",
            "bindex",
            "byebug",
            "capybara",
            "diff-lcs",
            "factory_bot",
            "factory_bot_rails",
            "listen",
            "matrix",
            "public_suffix",
            "rb-fsevent",
            "rb-inotify",
            "regexp_parser",
            "rspec-core",
            "rspec-expectations",
            "rspec-mocks",
            "rspec-rails",
            "rspec-support",
            "web-console",
            "xpath",
        ]
    );
    // ffi is needed by listen (dev) but also by sassc (runtime): not dev.
    assert!(!dep(&p, "ffi").dev);
    // Without a Gemfile nothing is marked dev, and nothing else changes.
    let alone = run(LOCK, &|_| None);
    assert_eq!(alone.manifests, Vec::<String>::new());
    assert!(alone.dependencies.iter().all(|d| !d.dev));
    assert_eq!(alone.dependencies.len(), 83);
}

#[test]
fn whole_list_snapshot() {
    insta::assert_yaml_snapshot!(dep_rows::rows(&run(LOCK, &with_gemfile).dependencies));
}

#[test]
fn broken_lockfile_reports_each_fault_and_keeps_the_rest() {
    let p = run(BROKEN, &|_| None);
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (9, "unresolved merge conflict marker"),
            (11, "unresolved merge conflict marker"),
            (13, "unresolved merge conflict marker"),
            (14, "`pg 1.1.4` is not a `name (version)` spec"),
            (16, "`rake (13.0.1)` is not a `name (version)` spec"),
            (17, "`wicked_pdf ()` is not a `name (version)` spec"),
            (21, "`pg (~> 1.1` is not a `name (requirement)` dependency"),
            (
                22,
                "wicked_pdf is in DEPENDENCIES but no section has its spec"
            ),
            (
                23,
                "whenever is in DEPENDENCIES but no section has its spec"
            ),
        ]
    );
    assert!(p.problems.iter().all(|x| x.path == "payroll/Gemfile.lock"));
    let got: Vec<(&str, Option<&str>, bool, u32)> = p
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.version.as_deref(), d.direct, d.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("actionpack", Some("5.2.8.1"), true, 4),
            ("actionview", Some("5.2.8.1"), false, 7),
            ("builder", Some("3.2.4"), false, 10),
            ("builder", Some("3.2.3"), false, 12),
            ("rack", Some("2.2.3"), false, 15),
        ]
    );
}

#[test]
fn a_file_that_is_not_a_lockfile() {
    let p = run("{\"not\": \"a lockfile\"}\n", &|_| None);
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "payroll/Gemfile.lock".into(),
            line: 0,
            message: "no GEM or DEPENDENCIES section: not a Gemfile.lock".into()
        }]
    );
    assert_eq!(p.dependencies, vec![]);
}
