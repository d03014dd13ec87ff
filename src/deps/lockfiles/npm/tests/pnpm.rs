//! pnpm-lock.yaml v5, v6 and v9: keys, peer suffixes, importers, dev-only packages, faults.

use super::{rows, run};
use crate::deps::lockfiles::support::testing::{format, parse_files, problems, view};

fn check_common(parsed: &crate::deps::lockfiles::Parsed, lines: [u32; 5]) {
    let r = rows(parsed);
    assert!(r.contains(&(
        "lodash",
        Some("3.10.1"),
        Some("3.10.1"),
        true,
        false,
        lines[0]
    )));
    assert!(r.contains(&(
        "lodash",
        Some("4.17.15"),
        Some("^4.17.15"),
        true,
        false,
        lines[1]
    )));
    assert!(r.contains(&("mocha", Some("6.2.2"), Some("^6.2.0"), true, true, lines[2])));
    assert!(r.contains(&("ms", Some("2.1.1"), None, false, false, lines[3])));
    assert!(r.contains(&("wrappy", Some("1.0.2"), None, false, true, lines[4])));
    assert_eq!(r.iter().filter(|row| row.4).count(), 9);
    assert!(!r.iter().any(|row| row.0 == "tax-rules"));
}

#[test]
fn v5_keys_with_peer_suffixes() {
    let parsed = run("pnpm-lock", "pnpm-v5", "pnpm-lock.yaml");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("pnpm-v5"));
    assert_eq!(parsed.dependencies.len(), 27);
    assert_eq!(
        rows(&parsed).first().copied(),
        Some((
            "@acme/ledger-ui",
            Some("2.4.3"),
            Some("^2.4.0"),
            true,
            false,
            29
        ))
    );
    check_common(&parsed, [117, 121, 129, 145, 175]);
    assert_eq!(parsed.dependencies.iter().filter(|d| d.direct).count(), 8);
    insta::assert_yaml_snapshot!("pnpm_v5", view(&parsed));
}

#[test]
fn v6_keys_with_peer_suffixes() {
    let parsed = run("pnpm-lock", "pnpm-v6", "pnpm-lock.yaml");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("pnpm-v6"));
    assert_eq!(parsed.dependencies.len(), 27);
    assert_eq!(
        rows(&parsed).first().copied(),
        Some((
            "@acme/ledger-ui",
            Some("2.4.3"),
            Some("^2.4.0"),
            true,
            false,
            40
        ))
    );
    check_common(&parsed, [128, 132, 140, 156, 186]);
    assert_eq!(parsed.dependencies.iter().filter(|d| d.direct).count(), 8);
    insta::assert_yaml_snapshot!("pnpm_v6", view(&parsed));
}

#[test]
fn v9_importers_and_snapshots() {
    let parsed = run("pnpm-lock", "pnpm-v9", "pnpm-lock.yaml");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("pnpm-v9"));
    assert_eq!(parsed.dependencies.len(), 28);
    // No `dev` flags in v9: dev-only is computed from `snapshots`.
    check_common(&parsed, [92, 95, 101, 110, 131]);
    let r = rows(&parsed);
    assert!(r.contains(&("pdfmake", Some("0.1.60"), Some("^0.1.60"), true, false, 116)));
    assert_eq!(r.iter().filter(|row| row.3).count(), 9);
    insta::assert_yaml_snapshot!("pnpm_v9", view(&parsed));
}

#[test]
fn peer_variants_of_one_version_are_one_dependency() {
    let lock = "lockfileVersion: '6.0'\n\ndependencies:\n  react-dom:\n    specifier: ^16.14.0\n    version: 16.14.0(react@16.14.0)\n\npackages:\n\n  /react-dom@16.14.0(react@16.14.0):\n    resolution: {integrity: sha512-a}\n    dev: false\n\n  /react-dom@16.14.0(react@16.13.1):\n    resolution: {integrity: sha512-a}\n    dev: true\n\n  /react@16.14.0:\n    resolution: {integrity: sha512-b}\n\n  git.example/acme/grid/5b1f0c2:\n    resolution: {tarball: https://git.example/acme/grid/tar.gz/5b1f0c2}\n\n  /ledger-common@file:../common:\n    resolution: {directory: ../common, type: directory}\n\n  /:\n    resolution: {integrity: sha512-c}\n";
    let parsed = parse_files(
        format(super::FORMATS, "pnpm-lock"),
        "pnpm-lock.yaml",
        &[("pnpm-lock.yaml", lock)],
    );
    assert_eq!(
        rows(&parsed),
        vec![
            (
                "react-dom",
                Some("16.14.0"),
                Some("^16.14.0"),
                true,
                false,
                10
            ),
            ("react", Some("16.14.0"), None, false, false, 18),
        ]
    );
    assert_eq!(
        problems(&parsed),
        vec![(
            "pnpm-lock.yaml",
            27,
            "cannot read package key `/` (expected name and version)"
        )]
    );
}

#[test]
fn syntax_error_is_one_problem() {
    let parsed = run("pnpm-lock", "pnpm-malformed", "pnpm-lock.yaml");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "pnpm-lock.yaml",
            12,
            "invalid YAML at line 12 column 8: while parsing a flow mapping, did not find expected ',' or '}'"
        )]
    );
}

#[test]
fn unknown_lockfile_version_is_a_problem() {
    let parsed = parse_files(
        format(super::FORMATS, "pnpm-lock"),
        "pnpm-lock.yaml",
        &[(
            "pnpm-lock.yaml",
            "# hand-made\nlockfileVersion: 3\npackages: {}\n",
        )],
    );
    assert_eq!(
        problems(&parsed),
        vec![("pnpm-lock.yaml", 2, "unsupported pnpm lockfileVersion `3`")]
    );
}
