//! npm name helpers: scoped specs, aliases, nested paths, registry ranges, exact versions.

use super::super::{exact_version, is_registry_range, name_from_path, split_alias, split_spec};
use super::FORMATS;
use crate::deps::lockfiles::format_of;

#[test]
fn file_names_pick_formats() {
    let ids: Vec<Option<&str>> = [
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "package.json",
        "package-lock.json.bak",
    ]
    .iter()
    .map(|n| format_of(n).map(|f| f.id))
    .collect();
    assert_eq!(
        ids,
        vec![
            Some("package-lock"),
            Some("package-lock"),
            Some("yarn-lock"),
            Some("pnpm-lock"),
            Some("package-json"),
            None
        ]
    );
    let pj = FORMATS.iter().find(|f| f.id == "package-json");
    assert_eq!(
        pj.map(|f| f.superseded_by),
        Some(
            &[
                "package-lock.json",
                "npm-shrinkwrap.json",
                "yarn.lock",
                "pnpm-lock.yaml"
            ][..]
        )
    );
}

#[test]
fn scoped_specs_and_aliases() {
    assert_eq!(
        split_spec("@babel/core@^7.0.0"),
        Some(("@babel/core", "^7.0.0"))
    );
    assert_eq!(split_spec("lodash@4.17.21"), Some(("lodash", "4.17.21")));
    assert_eq!(split_spec("@babel/core"), None);
    assert_eq!(
        split_alias("npm:lodash@^4.17.21"),
        Some(("lodash", "^4.17.21"))
    );
    assert_eq!(
        split_alias("npm:@acme/ui@1.2.0"),
        Some(("@acme/ui", "1.2.0"))
    );
    assert_eq!(split_alias("npm:lodash"), Some(("lodash", "")));
    assert_eq!(split_alias("^4.17.21"), None);
}

#[test]
fn nested_paths_give_the_last_segment() {
    assert_eq!(name_from_path("node_modules/lodash"), "lodash");
    assert_eq!(
        name_from_path("node_modules/a/node_modules/@acme/ui"),
        "@acme/ui"
    );
    assert_eq!(name_from_path("packages/web/node_modules/b"), "b");
}

#[test]
fn registry_ranges() {
    for r in [
        "^4.17.21",
        "~1.1.2",
        ">= 2.1.2 < 3",
        "*",
        "latest",
        "",
        "1.x || 2",
        "npm:lodash@^4",
    ] {
        assert!(is_registry_range(r), "{r}");
    }
    for r in [
        "file:../tax-rules",
        "link:../shared",
        "workspace:^",
        "git+https://git.example/acme/pdfkit.git#v1",
        "github:acme/pdfkit",
        "acme/pdfkit#v1",
        "https://git.example/acme/pdfkit/archive/v1.tar.gz",
        "npm:lodash@file:../lodash",
    ] {
        assert!(!is_registry_range(r), "{r}");
    }
}

#[test]
fn exact_versions() {
    assert_eq!(exact_version("2.24.0").as_deref(), Some("2.24.0"));
    assert_eq!(exact_version("=2.24.0").as_deref(), Some("2.24.0"));
    assert_eq!(
        exact_version("v1.0.0-beta.2").as_deref(),
        Some("1.0.0-beta.2")
    );
    assert_eq!(exact_version("^2.24.0"), None);
    assert_eq!(exact_version("2.24"), None);
}
