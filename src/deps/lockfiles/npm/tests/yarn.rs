//! yarn.lock v1 and berry: blocks, aliases, workspaces, patches, dev-only packages, faults.

use super::{rows, run};
use crate::deps::lockfiles::support::testing::{format, parse_files, problems, view};

#[test]
fn v1_blocks_with_package_json() {
    let parsed = run("yarn-lock", "yarn-v1", "yarn.lock");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("yarn-v1"));
    assert_eq!(parsed.manifests, vec!["package.json"]);
    // 27 registry blocks; the git block is left out.
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
            5
        ))
    );
    // The block with both ranges is the one package.json asks for.
    assert!(r.contains(&(
        "lodash",
        Some("4.17.15"),
        Some("^4.17.15"),
        true,
        false,
        110
    )));
    assert!(r.contains(&("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 105)));
    assert!(r.contains(&("mocha", Some("6.2.2"), Some("^6.2.0"), true, true, 120)));
    // Only mocha pulls debug 3.2.6 and wrappy in; ms 2.1.1 is shared with send.
    assert!(r.contains(&("debug", Some("3.2.6"), None, false, true, 60)));
    assert!(r.contains(&("wrappy", Some("1.0.2"), None, false, true, 179)));
    assert!(r.contains(&("ms", Some("2.1.1"), None, false, false, 139)));
    assert_eq!(r.iter().filter(|row| row.3).count(), 8);
    assert_eq!(r.iter().filter(|row| row.4).count(), 9);
    assert!(!r.iter().any(|row| row.0 == "pdfkit"));
    insta::assert_yaml_snapshot!("yarn_v1", view(&parsed));
}

#[test]
fn v1_without_package_json_infers_direct() {
    let lock = "# yarn lockfile v1\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.8.3\":\n  version \"7.8.3\"\n  dependencies:\n    \"@babel/highlight\" \"^7.8.3\"\n\n\"@babel/highlight@^7.8.3\":\n  version \"7.9.0\"\n";
    let parsed = parse_files(
        format(super::FORMATS, "yarn-lock"),
        "web/yarn.lock",
        &[("web/yarn.lock", lock)],
    );
    assert!(parsed.manifests.is_empty());
    assert_eq!(
        rows(&parsed),
        vec![
            ("@babel/code-frame", Some("7.8.3"), None, true, false, 3),
            ("@babel/highlight", Some("7.9.0"), None, false, false, 8),
        ]
    );
    assert!(
        parsed
            .dependencies
            .iter()
            .all(|d| d.source == "web/yarn.lock")
    );
}

#[test]
fn v1_bad_blocks_are_named_and_the_rest_is_kept() {
    let parsed = run("yarn-lock", "yarn-v1-malformed", "yarn.lock");
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "yarn.lock",
                3,
                "indented line outside a block: `version \"0.0.1\"`"
            ),
            (
                "yarn.lock",
                9,
                "expected a block header `name@range:`, found `moment@^2.29.1`"
            ),
            (
                "yarn.lock",
                13,
                "block `accounting@^0.4.1` has no `version`"
            ),
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("numeral", Some("2.0.6"), None, true, false, 5),
            ("left-pad", Some("1.3.0"), None, true, false, 16),
        ]
    );
}

#[test]
fn berry_with_workspaces_patches_and_git() {
    let parsed = run("yarn-lock", "yarn-berry", "yarn.lock");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("yarn-berry"));
    assert_eq!(
        parsed.manifests,
        vec!["package.json", "packages/invoice-pdf/package.json"]
    );
    // 29 npm resolutions; the two workspaces, the patch and the git entry are left out.
    assert_eq!(parsed.dependencies.len(), 29);
    let r = rows(&parsed);
    assert_eq!(
        r.first().copied(),
        Some((
            "@acme/ledger-ui",
            Some("2.4.3"),
            Some("^2.4.0"),
            true,
            false,
            18
        ))
    );
    assert!(r.contains(&("lodash", Some("3.10.1"), Some("3.10.1"), true, false, 171)));
    assert!(r.contains(&(
        "lodash",
        Some("4.17.15"),
        Some("^4.17.15"),
        true,
        false,
        178
    )));
    // Asked for by the second workspace.
    assert!(r.contains(&(
        "lodash",
        Some("4.17.21"),
        Some("^4.17.21"),
        true,
        false,
        185
    )));
    assert!(r.contains(&("pdfmake", Some("0.1.60"), Some("^0.1.60"), true, false, 246)));
    assert!(r.contains(&("chai", Some("4.2.0"), Some("^4.2.0"), true, true, 56)));
    assert!(r.contains(&("mocha", Some("6.2.2"), Some("^6.2.0"), true, true, 199)));
    assert!(r.contains(&("ms", Some("2.1.1"), None, false, false, 224)));
    assert!(r.contains(&("wrappy", Some("1.0.2"), None, false, true, 285)));
    assert_eq!(r.iter().filter(|row| row.0 == "glob").count(), 1);
    assert_eq!(r.iter().filter(|row| row.3).count(), 10);
    insta::assert_yaml_snapshot!("yarn_berry", view(&parsed));
}

#[test]
fn berry_v8_prefixes_and_entry_problems() {
    let lock = r#"__metadata:
  version: 8
  cacheKey: 10c0

"ledger@workspace:.":
  version: 0.0.0-use.local
  resolution: "ledger@workspace:."
  dependencies:
    "@acme/money": "npm:^1.2.0"
    old-money: "npm:@acme/money@0.9.1"
  languageName: unknown
  linkType: soft

"@acme/money@npm:^1.2.0":
  version: 1.2.3
  resolution: "@acme/money@npm:1.2.3"
  languageName: node
  linkType: hard

"old-money@npm:@acme/money@0.9.1":
  version: 0.9.1
  resolution: "@acme/money@npm:0.9.1"
  languageName: node
  linkType: hard

"broken@npm:^1.0.0":
  version: 1.0.0

"odd@npm:^2.0.0": 2.0.0
"#;
    let parsed = parse_files(
        format(super::FORMATS, "yarn-lock"),
        "yarn.lock",
        &[("yarn.lock", lock)],
    );
    assert_eq!(
        rows(&parsed),
        vec![
            (
                "@acme/money",
                Some("1.2.3"),
                Some("^1.2.0"),
                true,
                false,
                14
            ),
            ("@acme/money", Some("0.9.1"), Some("0.9.1"), true, false, 20),
        ]
    );
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "yarn.lock",
                26,
                "entry `broken@npm:^1.0.0` has no `resolution`"
            ),
            (
                "yarn.lock",
                29,
                "entry `odd@npm:^2.0.0`: expected a mapping"
            ),
        ]
    );
}

#[test]
fn berry_syntax_error_is_one_problem() {
    let parsed = run("yarn-lock", "yarn-berry-malformed", "yarn.lock");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "yarn.lock",
            10,
            "invalid YAML at line 10 column 15: invalid indentation in quoted scalar"
        )]
    );
}
