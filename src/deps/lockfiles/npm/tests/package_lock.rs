//! package-lock.json v1, v2 and v3: nesting, aliases, workspaces, duplicates, faults.

use super::{rows, run};
use crate::deps::lockfiles::support::testing::{problems, view};

#[test]
fn v3_with_a_workspace() {
    let parsed = run("package-lock", "lock-v3", "package-lock.json");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("package-lock-v3"));
    // The root record holds the declarations: package.json is not needed.
    assert!(parsed.manifests.is_empty());
    // 30 registry entries, `ms@2.1.1` installed twice; the git, link and workspace entries
    // are left out.
    assert_eq!(parsed.dependencies.len(), 29);
    let r = rows(&parsed);
    let find = |name: &str, version: &str| {
        r.iter()
            .find(|row| row.0 == name && row.1 == Some(version))
            .copied()
    };
    assert_eq!(
        find("@acme/ledger-ui", "2.4.3"),
        Some((
            "@acme/ledger-ui",
            Some("2.4.3"),
            Some("^2.4.0"),
            true,
            false,
            31
        ))
    );
    // The alias `lodash3` is recorded under the real name with the range it aliases.
    assert_eq!(
        find("lodash", "3.10.1"),
        Some(("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 141))
    );
    assert_eq!(
        find("lodash", "4.17.15"),
        Some((
            "lodash",
            Some("4.17.15"),
            Some("^4.17.15"),
            true,
            false,
            136
        ))
    );
    // The workspace's own nested copy is direct too.
    assert_eq!(
        find("lodash", "4.17.21"),
        Some((
            "lodash",
            Some("4.17.21"),
            Some("^4.17.21"),
            true,
            false,
            255
        ))
    );
    assert_eq!(
        find("pdfmake", "0.1.60"),
        Some(("pdfmake", Some("0.1.60"), Some("^0.1.60"), true, false, 202))
    );
    assert_eq!(
        find("chai", "4.2.0"),
        Some(("chai", Some("4.2.0"), Some("^4.2.0"), true, true, 64))
    );
    // Nested under mocha (dev) and under send (not dev): one entry, not dev, first line.
    assert_eq!(
        find("ms", "2.1.1"),
        Some(("ms", Some("2.1.1"), None, false, false, 172))
    );
    assert_eq!(
        find("ms", "2.0.0"),
        Some(("ms", Some("2.0.0"), None, false, false, 183))
    );
    assert_eq!(
        find("wrappy", "1.0.2"),
        Some(("wrappy", Some("1.0.2"), None, false, true, 238))
    );
    assert!(
        !r.iter()
            .any(|row| row.0 == "pdfkit" || row.0 == "@acme/invoice-pdf")
    );
    insta::assert_yaml_snapshot!("package_lock_v3", view(&parsed));
}

#[test]
fn v2_reads_packages() {
    let parsed = run("package-lock", "lock-v2", "package-lock.json");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("package-lock-v2"));
    assert_eq!(parsed.dependencies.len(), 27);
    let r = rows(&parsed);
    assert_eq!(
        r.first().copied(),
        Some((
            "@acme/ledger-ui",
            Some("2.4.3"),
            Some("^2.4.0"),
            true,
            false,
            24
        ))
    );
    assert!(r.contains(&("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 134)));
    assert!(r.contains(&("mocha", Some("6.2.2"), Some("^6.2.0"), true, true, 145)));
    assert!(r.contains(&("ms", Some("2.1.1"), None, false, false, 165)));
    assert!(r.contains(&("ms", Some("2.0.0"), None, false, false, 176)));
    assert_eq!(r.iter().filter(|row| row.3).count(), 8);
    assert_eq!(r.iter().filter(|row| row.4).count(), 9);
    insta::assert_yaml_snapshot!("package_lock_v2", view(&parsed));
}

#[test]
fn v1_tree_with_package_json() {
    let parsed = run("package-lock", "lock-v1", "package-lock.json");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("package-lock-v1"));
    assert_eq!(parsed.manifests, vec!["package.json"]);
    assert_eq!(parsed.dependencies.len(), 27);
    let r = rows(&parsed);
    assert!(r.contains(&(
        "lodash",
        Some("4.17.15"),
        Some("^4.17.15"),
        true,
        false,
        112
    )));
    assert!(r.contains(&("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 117)));
    assert!(r.contains(&("mocha", Some("6.2.2"), Some("^6.2.0"), true, true, 127)));
    // mocha's own debug 3.2.6, nested in its `dependencies`.
    assert!(r.contains(&("debug", Some("3.2.6"), None, false, true, 138)));
    assert!(r.contains(&("debug", Some("2.6.9"), None, false, false, 60)));
    assert!(r.contains(&("ms", Some("2.1.1"), None, false, false, 147)));
    insta::assert_yaml_snapshot!("package_lock_v1", view(&parsed));
}

#[test]
fn v1_without_package_json_infers_direct_from_requires() {
    let lock = r#"{
  "name": "payroll-batch",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "debug": {
      "version": "2.6.9",
      "requires": { "ms": "2.0.0" }
    },
    "ms": { "version": "2.0.0" },
    "left-pad": { "version": "1.3.0", "dev": true }
  }
}
"#;
    let parsed = crate::deps::lockfiles::support::testing::parse_files(
        crate::deps::lockfiles::support::testing::format(super::FORMATS, "package-lock"),
        "package-lock.json",
        &[("package-lock.json", lock)],
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("debug", Some("2.6.9"), None, true, false, 6),
            ("ms", Some("2.0.0"), None, false, false, 10),
            ("left-pad", Some("1.3.0"), None, true, true, 11),
        ]
    );
}

#[test]
fn malformed_json_is_one_problem() {
    let parsed = run("package-lock", "lock-malformed", "package-lock.json");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "package-lock.json",
            17,
            "invalid JSON: expected `,` or `}` at line 17 column 5"
        )]
    );
}

#[test]
fn broken_entries_are_named() {
    let parsed = run("package-lock", "lock-entries-broken", "package-lock.json");
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "package-lock.json",
                18,
                "`packages` entry `node_modules/numeral` has no `version`"
            ),
            (
                "package-lock.json",
                21,
                "`packages` entry `node_modules/left-pad`: expected an object"
            ),
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![("moment", Some("2.29.1"), Some("^2.29.1"), true, false, 14)]
    );
}
