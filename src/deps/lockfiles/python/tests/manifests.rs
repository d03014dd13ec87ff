//! `pyproject.toml` and `Pipfile` read alone: declarations, pins, groups, faults.

use super::{rows, run, run_files};
use crate::deps::lockfiles::support::testing::{problems, view};

#[test]
fn pyproject_alone() {
    let parsed = run("pyproject", "pyproject", "pyproject.toml");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(
        rows(&parsed),
        vec![
            ("openpyxl", Some("3.0.10"), Some("==3.0.10"), true, false, 7),
            ("sqlalchemy", None, Some(">=1.3,<1.4"), true, false, 8),
            ("python-dateutil", None, None, true, false, 9),
            (
                "importlib-metadata",
                None,
                Some(">=4; python_version < '3.10'"),
                true,
                false,
                10
            ),
            ("reportlab", None, Some("~=3.6"), true, false, 15),
            ("pytest", None, Some(">=7"), true, true, 16),
            ("flake8", Some("5.0.4"), Some("==5.0.4"), true, true, 19),
            ("mypy", None, Some(">=1.0"), true, true, 20),
            ("pytest-cov", Some("4.0.0"), Some("4.0.0"), true, true, 23),
            ("freezegun", None, Some("^1.2"), true, true, 24),
        ]
    );
    insta::assert_yaml_snapshot!("pyproject", view(&parsed));
}

#[test]
fn pyproject_bad_entries_are_named_and_the_rest_is_kept() {
    let parsed = run("pyproject", "pyproject-malformed", "pyproject.toml");
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "pyproject.toml",
                6,
                "invalid version specifier `=>2.27` for `requests`: Failed to parse version: no such comparison operator \"=>\", must be one of ~= == != <= >= < > ==="
            ),
            (
                "pyproject.toml",
                7,
                "expected a requirement string, found integer"
            ),
            (
                "pyproject.toml",
                12,
                "expected an array of requirement strings, found string"
            ),
            (
                "pyproject.toml",
                16,
                "dependency `xlrd`: expected a version string or a table, found integer"
            ),
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("django", Some("2.2.28"), Some("==2.2.28"), true, false, 5),
            ("celery", None, Some("~=4.4"), true, false, 8),
        ]
    );
}

#[test]
fn pipfile_alone() {
    let parsed = run("pipfile", "pipfile", "Pipfile");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(
        rows(&parsed),
        vec![
            ("jinja2", Some("2.11.3"), Some("==2.11.3"), true, false, 8),
            ("weasyprint", None, Some(">=52,<53"), true, false, 9),
            ("ruamel-yaml", None, Some("*"), true, false, 10),
            ("babel", None, Some("~=2.9"), true, false, 13),
            ("pytest", None, Some("*"), true, true, 16),
        ]
    );
    insta::assert_yaml_snapshot!("pipfile", view(&parsed));
}

#[test]
fn malformed_pipfile_is_one_problem() {
    let parsed = run("pipfile", "pipfile-malformed", "Pipfile");
    assert!(parsed.dependencies.is_empty());
    assert_eq!(
        problems(&parsed),
        vec![(
            "Pipfile",
            4,
            "invalid TOML at line 4 column 15: unexpected key or value, expected newline, `#`"
        )]
    );
}

#[test]
fn pipfile_bad_value_and_syntax() {
    let parsed = run_files(
        "pipfile",
        "Pipfile",
        &[("Pipfile", "[packages]\nrequests = 2\nsix = \"*\"\n")],
    );
    assert_eq!(
        rows(&parsed),
        vec![("six", None, Some("*"), true, false, 3)]
    );
    assert_eq!(
        problems(&parsed),
        vec![(
            "Pipfile",
            2,
            "package `requests`: expected a version string or a table, found integer"
        )]
    );
    let broken = run_files(
        "pipfile",
        "Pipfile",
        &[("Pipfile", "[packages\nsix = \"*\"\n")],
    );
    assert!(broken.dependencies.is_empty());
    assert_eq!(
        problems(&broken),
        vec![(
            "Pipfile",
            1,
            "invalid TOML at line 1 column 10: unclosed table, expected `]`"
        )]
    );
}
