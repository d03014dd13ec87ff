//! package.json alone, its faults, and workspace members left to the root lockfile.

use super::{rows, run};
use crate::deps::lockfiles::support::testing::{format, parse_files, problems, view};

#[test]
fn package_json_alone() {
    let parsed = run("package-json", "package-json", "package.json");
    assert_eq!(parsed.problems, vec![]);
    assert!(parsed.manifests.is_empty());
    // The file, GitHub and workspace ranges are left out; `moment` in two sections is one
    // entry (the production one); an exact range is the version.
    assert_eq!(
        rows(&parsed),
        vec![
            ("jquery", Some("1.12.4"), Some("1.12.4"), true, false, 11),
            ("@acme/ledger-ui", None, Some("^2.4.0"), true, false, 12),
            ("moment", None, Some("~2.18.1"), true, false, 13),
            ("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 14),
            ("numeral", None, Some("latest"), true, false, 15),
            ("fsevents", None, Some("^1.2.4"), true, false, 21),
            ("gulp", None, Some("^3.9.1"), true, true, 24),
            ("karma", None, Some(">=1.7 <2"), true, true, 25),
        ]
    );
    insta::assert_yaml_snapshot!("package_json", view(&parsed));
}

#[test]
fn malformed_package_json_is_one_problem() {
    let parsed = run("package-json", "package-json-malformed", "package.json");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "package.json",
            6,
            "invalid JSON: key must be a string at line 6 column 25"
        )]
    );
}

#[test]
fn bad_sections_and_ranges_are_problems() {
    let pj = "{\n  \"dependencies\": [\"jquery\"],\n  \"devDependencies\": {\n    \"gulp\": 3,\n    \"karma\": \"^1.7.0\"\n  }\n}\n";
    let parsed = parse_files(
        format(super::FORMATS, "package-json"),
        "package.json",
        &[("package.json", pj)],
    );
    assert_eq!(
        rows(&parsed),
        vec![("karma", None, Some("^1.7.0"), true, true, 5)]
    );
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "package.json",
                2,
                "`dependencies` is not an object of names and ranges"
            ),
            (
                "package.json",
                4,
                "`devDependencies.gulp`: expected a version range string"
            ),
        ]
    );
}

#[test]
fn workspace_member_is_left_to_the_root_lock() {
    let parsed = run(
        "package-json",
        "lock-v3",
        "packages/invoice-pdf/package.json",
    );
    assert!(parsed.dependencies.is_empty());
    assert_eq!(parsed.manifests, vec!["package-lock.json"]);
    // A pnpm workspace file counts as well; a folder it does not list is read on its own.
    let files = [
        (
            "pnpm-workspace.yaml",
            "packages:\n  - 'apps/*'\n  - '!apps/legacy'\n",
        ),
        ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
        (
            "apps/web/package.json",
            "{\"dependencies\": {\"jquery\": \"^1.12.4\"}}",
        ),
        (
            "apps/legacy/package.json",
            "{\"dependencies\": {\"jquery\": \"^1.12.4\"}}",
        ),
    ];
    let pj = format(super::FORMATS, "package-json");
    let web = parse_files(pj, "apps/web/package.json", &files);
    assert!(web.dependencies.is_empty());
    assert_eq!(web.manifests, vec!["pnpm-lock.yaml"]);
    let legacy = parse_files(pj, "apps/legacy/package.json", &files);
    assert_eq!(
        rows(&legacy),
        vec![("jquery", None, Some("^1.12.4"), true, false, 1)]
    );
}
