//! `poetry.lock`, `uv.lock` and `Pipfile.lock` with their manifests, and their malformed variants.

use super::{rows, run, run_files};
use crate::deps::lockfiles::support::testing::{problems, view};

#[test]
fn poetry_lock_with_pyproject() {
    let parsed = run("poetry-lock", "poetry", "poetry.lock");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("poetry-lock-v2"));
    assert_eq!(parsed.manifests, vec!["pyproject.toml"]);
    // 31 registry packages; the git one is left out.
    assert_eq!(parsed.dependencies.len(), 31);
    let r = rows(&parsed);
    assert!(r.contains(&("django", Some("3.2.25"), Some("~3.2"), true, false, 88)));
    assert!(r.contains(&("psycopg2", Some("2.9.9"), Some("2.9.9"), true, false, 213)));
    // Two versions for two Python ranges, one multiple-constraint declaration.
    assert!(r.contains(&(
        "numpy",
        Some("1.24.4"),
        Some("1.24.4 || ^1.26"),
        true,
        false,
        163
    )));
    assert!(r.contains(&(
        "numpy",
        Some("1.26.3"),
        Some("1.24.4 || ^1.26"),
        true,
        false,
        173
    )));
    // `factory_boy` in the manifest is `factory-boy` in the lock (PEP 503).
    assert!(r.contains(&("factory-boy", Some("3.3.0"), Some("^3.3"), true, true, 103)));
    assert!(r.contains(&("faker", Some("22.0.0"), None, false, true, 116)));
    // Needed by faker (dev) and by celery: not dev.
    assert!(r.contains(&("six", Some("1.16.0"), None, false, false, 320)));
    assert!(!r.iter().any(|row| row.0 == "sepa-xml"));
    assert_eq!(r.iter().filter(|row| row.3).count(), 10);
    let dev: Vec<&str> = r.iter().filter(|row| row.4).map(|row| row.0).collect();
    assert_eq!(
        dev,
        vec![
            "factory-boy",
            "faker",
            "iniconfig",
            "packaging",
            "pluggy",
            "pytest",
            "pytest-django"
        ]
    );
    insta::assert_yaml_snapshot!("poetry_lock", view(&parsed));
}

#[test]
fn poetry_lock_categories_and_groups() {
    let lock = "[[package]]\nname = \"Django\"\nversion = \"2.2.28\"\ncategory = \"main\"\n\n[[package]]\nname = \"pytest\"\nversion = \"6.2.5\"\ncategory = \"dev\"\n\n[[package]]\nname = \"coverage\"\nversion = \"6.5.0\"\ngroups = [\"test\", \"dev\"]\n\n[[package]]\nname = \"pytz\"\nversion = \"2022.7\"\ngroups = [\"main\", \"dev\"]\n\n[[package]]\nname = \"ledger-common\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"directory\"\nurl = \"../common\"\n\n[metadata]\nlock-version = \"1.1\"\n";
    let parsed = run_files("poetry-lock", "poetry.lock", &[("poetry.lock", lock)]);
    assert_eq!(parsed.variant, Some("poetry-lock-v1"));
    assert!(parsed.manifests.is_empty());
    // Without a pyproject.toml, what nothing depends on is direct.
    assert_eq!(
        rows(&parsed),
        vec![
            ("django", Some("2.2.28"), None, true, false, 2),
            ("pytest", Some("6.2.5"), None, true, true, 7),
            ("coverage", Some("6.5.0"), None, true, true, 12),
            ("pytz", Some("2022.7"), None, true, false, 17),
        ]
    );
}

#[test]
fn poetry_lock_syntax_error_is_one_problem() {
    let parsed = run("poetry-lock", "poetry-malformed", "poetry.lock");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "poetry.lock",
            16,
            "invalid TOML at line 16 column 18: invalid basic string, expected `\"`"
        )]
    );
}

#[test]
fn uv_lock_with_groups_extras_and_markers() {
    let parsed = run("uv-lock", "uv", "uv.lock");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.variant, Some("uv-lock-v1"));
    assert_eq!(parsed.manifests, vec!["pyproject.toml"]);
    // 32 registry packages; the project itself and the git package are left out.
    assert_eq!(parsed.dependencies.len(), 32);
    let r = rows(&parsed);
    assert!(r.contains(&("django", Some("3.2.25"), Some("~=3.2"), true, false, 107)));
    // Each numpy gets the declaration whose specifier admits it.
    assert!(r.contains(&(
        "numpy",
        Some("1.24.4"),
        Some("==1.24.4; python_version < '3.9'"),
        true,
        false,
        158
    )));
    assert!(r.contains(&(
        "numpy",
        Some("1.26.3"),
        Some(">=1.26; python_version >= '3.9'"),
        true,
        false,
        167
    )));
    assert!(r.contains(&("pytest", Some("7.4.4"), Some(">=7.4"), true, true, 200)));
    assert!(r.contains(&("faker", Some("22.0.0"), None, false, true, 127)));
    // Only through `requests[socks]`.
    assert!(r.contains(&("pysocks", Some("1.7.1"), None, false, false, 305)));
    assert!(
        !r.iter()
            .any(|row| row.0 == "billing-monolith" || row.0 == "sepa-xml")
    );
    assert_eq!(r.iter().filter(|row| row.3).count(), 10);
    assert_eq!(r.iter().filter(|row| row.4).count(), 7);
    insta::assert_yaml_snapshot!("uv_lock", view(&parsed));
}

#[test]
fn uv_lock_without_pyproject_uses_lock_metadata() {
    let parsed = run("uv-lock", "uv-broken-entries", "uv.lock");
    assert!(parsed.manifests.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "uv.lock",
                22,
                "expected `version = \"...\"` in [[package]] `xlrd`"
            ),
            ("uv.lock", 25, "expected `name = \"...\"` in [[package]]"),
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("openpyxl", Some("3.0.10"), None, true, false, 14),
            ("et-xmlfile", Some("1.1.0"), None, false, false, 30),
        ]
    );
}

#[test]
fn pipfile_lock_with_pipfile() {
    let parsed = run("pipfile-lock", "pipenv", "Pipfile.lock");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.manifests, vec!["Pipfile"]);
    // 23 in `default` (the git and editable entries left out), 7 more in `develop`.
    assert_eq!(parsed.dependencies.len(), 30);
    let r = rows(&parsed);
    assert!(r.contains(&("django", Some("3.2.25"), Some("~=3.2"), true, false, 75)));
    assert!(r.contains(&("psycopg2", Some("2.9.9"), Some("==2.9.9"), true, false, 115)));
    assert!(r.contains(&("requests", Some("2.31.0"), Some(">=2.31"), true, false, 147)));
    assert!(r.contains(&("numpy", Some("1.24.4"), None, false, false, 99)));
    // In both sections: listed once, from `default`; declared as a dev package.
    assert!(r.contains(&("six", Some("1.16.0"), Some("*"), true, false, 159)));
    assert!(r.contains(&("factory-boy", Some("3.3.0"), Some("*"), true, true, 213)));
    assert!(r.contains(&("faker", Some("22.0.0"), None, false, true, 221)));
    assert_eq!(r.iter().filter(|row| row.3).count(), 9);
    assert_eq!(r.iter().filter(|row| row.4).count(), 7);
    assert!(
        !r.iter()
            .any(|row| row.0 == "sepa-xml" || row.0 == "tax-rules")
    );
    insta::assert_yaml_snapshot!("pipfile_lock", view(&parsed));
}

#[test]
fn pipfile_lock_syntax_error_is_one_problem() {
    let parsed = run("pipfile-lock", "pipenv-malformed", "Pipfile.lock");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "Pipfile.lock",
            13,
            "invalid JSON: trailing comma at line 13 column 9"
        )]
    );
}

#[test]
fn pipfile_lock_bad_entries() {
    let lock = "{\n  \"default\": {\n    \"django\": {\"version\": \">=2.2\"},\n    \"pytz\": \"2022.7\",\n    \"six\": {\"version\": \"==1.16.0\"}\n  },\n  \"develop\": []\n}\n";
    let parsed = run_files("pipfile-lock", "Pipfile.lock", &[("Pipfile.lock", lock)]);
    assert_eq!(
        rows(&parsed),
        vec![("six", Some("1.16.0"), None, false, false, 5)]
    );
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "Pipfile.lock",
                3,
                "`default.django`: expected `\"version\": \"==...\"`, found `>=2.2`"
            ),
            ("Pipfile.lock", 4, "`default.pytz`: expected an object"),
            ("Pipfile.lock", 7, "`develop` is not an object of packages"),
        ]
    );
}
