//! Cargo.lock with workspace manifests, v1 and v4 locks, Cargo.toml alone, and the faults.

use super::FORMATS;
use crate::deps::lockfiles::support::testing::{
    dep, facts, format, parse_files, parse_fixture, problems, view,
};
use crate::deps::model::Ecosystem;

fn lock(dir: &str) -> crate::deps::lockfiles::Parsed {
    parse_fixture(format(FORMATS, "cargo-lock"), dir, "Cargo.lock")
}

#[test]
fn formats_take_exact_file_names() {
    let lock = format(FORMATS, "cargo-lock");
    let toml = format(FORMATS, "cargo-toml");
    assert!((lock.matches)("Cargo.lock"));
    assert!(!(lock.matches)("cargo.lock"));
    assert!((toml.matches)("Cargo.toml"));
    assert!(!(toml.matches)("Cargo.toml.orig"));
    assert_eq!(toml.superseded_by, &["Cargo.lock"]);
    assert!(lock.superseded_by.is_empty());
}

#[test]
fn workspace_lock_with_members() {
    let parsed = lock("cargo/invoicing");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("cargo-lock-v3"));
    assert_eq!(
        parsed.manifests,
        vec![
            "Cargo.toml",
            "crates/billing-api/Cargo.toml",
            "crates/invoice-core/Cargo.toml",
            "crates/ledger-macros/Cargo.toml",
            "tools/migrate/Cargo.toml",
        ]
    );
    // 42 registry packages; the four workspace crates and the git dependency are left out.
    assert_eq!(parsed.dependencies.len(), 42);
    assert!(
        parsed
            .dependencies
            .iter()
            .all(|d| d.ecosystem == Ecosystem::Cargo)
    );
    assert!(parsed.dependencies.iter().all(|d| d.source == "Cargo.lock"));
    assert!(!parsed.dependencies.iter().any(|d| d.name == "legacy-pdf"));
    assert!(!parsed.dependencies.iter().any(|d| d.name == "invoice-core"));

    // Inherited from [workspace.dependencies].
    let serde = dep(&parsed, "serde", Some("1.0.195"));
    assert_eq!(
        facts(serde),
        (Some("1.0.195"), Some("1.0.190"), true, false, 297)
    );
    // Two versions of one crate: each gets the requirement that admits it (one is renamed).
    let rand07 = dep(&parsed, "rand", Some("0.7.3"));
    assert_eq!(
        facts(rand07),
        (Some("0.7.3"), Some("0.7"), true, false, 220)
    );
    let rand08 = dep(&parsed, "rand", Some("0.8.5"));
    assert_eq!(
        facts(rand08),
        (Some("0.8.5"), Some("0.8.5"), true, false, 232)
    );
    // A dev-dependency and what only it pulls in.
    let pretty = dep(&parsed, "pretty_assertions", Some("1.4.0"));
    assert_eq!(facts(pretty), (Some("1.4.0"), Some("1.4"), true, true, 192));
    let yansi = dep(&parsed, "yansi", Some("0.5.1"));
    assert_eq!(facts(yansi), (Some("0.5.1"), None, false, true, 420));
    // A build-dependency is not dev; a target table and an alternate (sparse) registry count.
    let cc = dep(&parsed, "cc", Some("1.0.83"));
    assert_eq!(facts(cc), (Some("1.0.83"), Some("1.0"), true, false, 46));
    let libc = dep(&parsed, "libc", Some("0.2.152"));
    assert_eq!(
        facts(libc),
        (Some("0.2.152"), Some("0.2.150"), true, false, 149)
    );
    let tax = dep(&parsed, "internal-tax", Some("2.1.4"));
    assert_eq!(facts(tax), (Some("2.1.4"), Some("2.1"), true, false, 99));
    // Declared by two members ("1.0" and "1"): the first manifest by path wins.
    let anyhow = dep(&parsed, "anyhow", Some("1.0.79"));
    assert_eq!(facts(anyhow), (Some("1.0.79"), Some("1.0"), true, false, 6));
    // Transitive, and only the proc-macro crate of the workspace asks for syn 1.
    let syn1 = dep(&parsed, "syn", Some("1.0.109"));
    assert_eq!(
        facts(syn1),
        (Some("1.0.109"), Some("1.0"), true, false, 328)
    );
    let syn2 = dep(&parsed, "syn", Some("2.0.48"));
    assert_eq!(facts(syn2), (Some("2.0.48"), None, false, false, 339));
    let direct: Vec<&str> = parsed
        .dependencies
        .iter()
        .filter(|d| d.direct)
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        direct,
        vec![
            "anyhow",
            "byteorder",
            "cc",
            "chrono",
            "internal-tax",
            "libc",
            "log",
            "pretty_assertions",
            "proc-macro2",
            "quote",
            "rand",
            "rand",
            "rust_decimal",
            "serde",
            "serde_json",
            "syn",
            "thiserror",
            "tokio",
            "uuid",
        ]
    );
    let dev: Vec<&str> = parsed
        .dependencies
        .iter()
        .filter(|d| d.dev)
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(dev, vec!["diff", "pretty_assertions", "yansi"]);
    insta::assert_yaml_snapshot!("cargo_lock_invoicing", view(&parsed));
}

#[test]
fn lock_without_manifest_takes_direct_from_local_crates() {
    let files = [(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"payroll-batch\"\nversion = \"2.3.0\"\ndependencies = [\"chrono\"]\n\n[[package]]\nname = \"chrono\"\nversion = \"0.4.19\"\nsource = \"registry+https://registry.example/cargo/index\"\ndependencies = [\"num-integer\"]\n\n[[package]]\nname = \"num-integer\"\nversion = \"0.1.45\"\nsource = \"registry+https://registry.example/cargo/index\"\n",
    )];
    let parsed = parse_files(format(FORMATS, "cargo-lock"), "Cargo.lock", &files);
    assert_eq!(parsed.variant, Some("cargo-lock-v4"));
    assert!(parsed.manifests.is_empty());
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("chrono", (Some("0.4.19"), None, true, false, 9)),
            ("num-integer", (Some("0.1.45"), None, false, false, 15)),
        ]
    );
}

#[test]
fn v1_lock_with_sources_in_dependency_strings() {
    let parsed = lock("cargo/v1");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("cargo-lock-v1"));
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("chrono", (Some("0.4.6"), None, true, false, 10)),
            ("num-integer", (Some("0.1.39"), None, true, false, 19)),
            ("num-traits", (Some("0.2.6"), None, false, false, 27)),
        ]
    );
}

#[test]
fn malformed_lock_is_one_problem() {
    let parsed = lock("cargo/malformed");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "Cargo.lock",
            15,
            "invalid TOML at line 15 column 18: invalid basic string, expected `\"`"
        )]
    );
}

#[test]
fn broken_entries_are_named_and_the_rest_is_kept() {
    let parsed = lock("cargo/broken-entries");
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "Cargo.lock",
                9,
                "dependency `serde` of `payroll-batch 2.3.0` is not a [[package]] of this lockfile"
            ),
            (
                "Cargo.lock",
                10,
                "dependency `time 0.1.45` of `payroll-batch 2.3.0` is not a [[package]] of this lockfile"
            ),
            ("Cargo.lock", 13, "expected `name = \"...\"` in [[package]]"),
            (
                "Cargo.lock",
                18,
                "expected `version = \"...\"` in [[package]] `serde`"
            ),
        ]
    );
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("chrono", (Some("0.4.19"), None, true, false, 22)),
            ("num-integer", (Some("0.1.45"), None, false, false, 30)),
        ]
    );
}

#[test]
fn manifest_alone_lists_declared_registry_dependencies() {
    let parsed = parse_fixture(
        format(FORMATS, "cargo-toml"),
        "cargo/standalone",
        "Cargo.toml",
    );
    assert_eq!(parsed.problems, vec![]);
    assert!(parsed.manifests.is_empty());
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("csv", (None, Some("1.1"), true, false, 8)),
            ("serde", (None, Some("1.0"), true, false, 9)),
            ("time", (Some("0.3.17"), Some("=0.3.17"), true, false, 10)),
            ("log", (None, Some("0.3"), true, false, 13)),
            ("tempfile", (None, Some("3"), true, true, 16)),
            ("vergen", (None, Some("7"), true, false, 20)),
            ("winapi", (None, Some("0.3"), true, false, 23)),
            ("nix", (None, Some("0.23"), true, true, 26)),
        ]
    );
    insta::assert_yaml_snapshot!("cargo_toml_standalone", view(&parsed));
}

#[test]
fn member_manifest_under_a_lock_is_left_to_the_lock() {
    let parsed = parse_fixture(
        format(FORMATS, "cargo-toml"),
        "cargo/invoicing",
        "crates/invoice-core/Cargo.toml",
    );
    assert_eq!(parsed.problems, vec![]);
    assert!(parsed.dependencies.is_empty());
    assert_eq!(parsed.manifests, vec!["Cargo.lock"]);
}

#[test]
fn member_manifest_alone_inherits_from_the_workspace_root() {
    let files = [
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"svc\"]\n\n[workspace.dependencies]\nreqwest = { version = \"0.11\", default-features = false }\nlog_crate = { package = \"log\", version = \"0.4\" }\n",
        ),
        (
            "svc/Cargo.toml",
            "[package]\nname = \"svc\"\n\n[dependencies]\nreqwest.workspace = true\nlog_crate = { workspace = true }\nmissing = { workspace = true }\n",
        ),
    ];
    let parsed = parse_files(format(FORMATS, "cargo-toml"), "svc/Cargo.toml", &files);
    assert_eq!(parsed.manifests, vec!["Cargo.toml"]);
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("reqwest", (None, Some("0.11"), true, false, 5)),
            ("log", (None, Some("0.4"), true, false, 6)),
        ]
    );
    assert_eq!(
        problems(&parsed),
        vec![(
            "svc/Cargo.toml",
            7,
            "`missing` has `workspace = true` but the workspace root declares no `missing` in [workspace.dependencies]"
        )]
    );
}

#[test]
fn malformed_manifest_is_one_problem() {
    let parsed = parse_fixture(
        format(FORMATS, "cargo-toml"),
        "cargo/manifest-malformed",
        "Cargo.toml",
    );
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "Cargo.toml",
            9,
            "invalid TOML at line 9 column 1: missing comma between key-value pairs, expected `,`"
        )]
    );
}

#[test]
fn v2_lock_has_no_version_key() {
    let files = [(
        "Cargo.lock",
        "[[package]]\nname = \"payroll-batch\"\nversion = \"1.1.0\"\ndependencies = [\n \"num-traits\",\n]\n\n[[package]]\nname = \"num-traits\"\nversion = \"0.2.14\"\nsource = \"registry+https://registry.example/cargo/index\"\nchecksum = \"9a64b1ec5cda2586e284722486d802acf1f7dbdc623e2bfc57e65ca1cd099290\"\n",
    )];
    let parsed = parse_files(format(FORMATS, "cargo-lock"), "Cargo.lock", &files);
    assert_eq!(parsed.variant, Some("cargo-lock-v2"));
    let rows: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), facts(d)))
        .collect();
    assert_eq!(
        rows,
        vec![("num-traits", (Some("0.2.14"), None, true, false, 9))]
    );
}

#[test]
fn bad_dependency_value_is_a_problem() {
    let files = [(
        "Cargo.toml",
        "[package]\nname = \"x\"\n\n[dependencies]\nserde = 1\ncsv = \"1\"\n",
    )];
    let parsed = parse_files(format(FORMATS, "cargo-toml"), "Cargo.toml", &files);
    assert_eq!(parsed.dependencies.len(), 1);
    assert_eq!(
        problems(&parsed),
        vec![(
            "Cargo.toml",
            5,
            "dependency `serde`: expected a version string or a table, found integer"
        )]
    );
}
