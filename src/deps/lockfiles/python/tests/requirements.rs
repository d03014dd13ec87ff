//! requirements files: pins, markers, extras, hashes, includes, cycles, constraints, bad lines.

use super::{rows, run, run_files};
use crate::deps::lockfiles::support::testing::{problems, view};

#[test]
fn pins_ranges_markers_includes_and_constraints() {
    let parsed = run("requirements", "requirements", "requirements.txt");
    assert_eq!(
        parsed.manifests,
        vec![
            "requirements/base.txt",
            "requirements/common.txt",
            "constraints.txt"
        ]
    );
    assert_eq!(
        problems(&parsed),
        vec![(
            "requirements/common.txt",
            3,
            "include cycle: requirements.txt -> requirements/base.txt -> requirements/common.txt -> requirements/base.txt"
        )]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("django", Some("2.2.28"), Some("==2.2.28"), true, false, 7),
            ("psycopg2-binary", None, Some(">=2.8,<2.9"), true, false, 10),
            (
                "requests",
                Some("2.27.1"),
                Some("==2.27.1"),
                true,
                false,
                11
            ),
            // Versions from the `-c` constraints file.
            ("celery", Some("4.4.7"), Some("~=4.4"), true, false, 12),
            ("python-dateutil", Some("2.8.2"), None, true, false, 13),
            (
                "zope-interface",
                Some("5.4.0"),
                Some("==5.4.0"),
                true,
                false,
                14
            ),
            (
                "backports-zoneinfo",
                Some("0.2.1"),
                Some("==0.2.1; python_version < \"3.9\""),
                true,
                false,
                15
            ),
            ("invoice-pdf-renderer", None, Some(">=1.4"), true, false, 16),
            (
                "lxml",
                Some("4.9.1"),
                Some("==4.9.1; sys_platform != \"win32\""),
                true,
                false,
                21
            ),
            ("six", Some("1.16.0"), Some("==1.16.0"), true, false, 3),
            ("pytz", Some("2022.7"), Some("==2022.7"), true, false, 4),
            ("babel", Some("2.9.1"), Some("==2.9.1"), true, false, 2),
        ]
    );
    let sources: Vec<&str> = parsed
        .dependencies
        .iter()
        .map(|d| d.source.as_str())
        .collect();
    assert_eq!(
        &sources[8..],
        &[
            "requirements.txt",
            "requirements/base.txt",
            "requirements/base.txt",
            "requirements/common.txt"
        ]
    );
    insta::assert_yaml_snapshot!("requirements", view(&parsed));
}

#[test]
fn dev_file_leaves_included_requirements_file_to_its_own_parse() {
    let parsed = run("requirements", "requirements", "requirements-dev.txt");
    assert_eq!(parsed.problems, vec![]);
    assert!(parsed.manifests.is_empty());
    assert_eq!(
        rows(&parsed),
        vec![
            ("pytest", Some("6.2.5"), Some("==6.2.5"), true, true, 2),
            ("pytest-django", None, Some(">=4.5,<5"), true, true, 3),
            ("flake8", Some("3.9.2"), Some("==3.9.2"), true, true, 4),
            ("coverage", Some("6.5.0"), Some("==6.5.0"), true, true, 5),
        ]
    );
}

#[test]
fn bad_lines_are_named_and_the_rest_is_kept() {
    let parsed = run("requirements", "requirements-malformed", "requirements.txt");
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "requirements.txt",
                3,
                "invalid version specifier `==2.27.1.x` for `requests`: Failed to parse version: after parsing `2.27.1`, found `.x`, which is not part of a valid version"
            ),
            (
                "requirements.txt",
                4,
                "expected a package name at the start of `==1.0`"
            ),
            (
                "requirements.txt",
                5,
                "invalid version specifier `>=2.8<2.9` for `psycopg2`: Failed to parse version: after parsing `2.8`, found `<2.9`, which is not part of a valid version"
            ),
            ("requirements.txt", 6, "unknown option `--no-such-option`"),
            (
                "requirements.txt",
                7,
                "cannot read included file `missing/extra.txt`"
            ),
            (
                "requirements.txt",
                8,
                "unclosed `[` in the extras of `celery`"
            ),
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("django", Some("2.2.28"), Some("==2.2.28"), true, false, 2),
            ("six", Some("1.16.0"), Some("==1.16.0"), true, false, 9),
        ]
    );
}

#[test]
fn option_spellings_and_diamond_includes() {
    let files = [
        (
            "ci/requirements-test.txt",
            "--requirement=../shared/a.txt\n-r../shared/b.txt\n--constraint ../shared/pins.txt\n-i https://registry.example/pypi/simple\n--pre\nmock\n",
        ),
        ("shared/a.txt", "-r common.txt\nattrs>=19\n"),
        ("shared/b.txt", "-r common.txt\n"),
        (
            "shared/common.txt",
            "\u{feff}Jinja2==2.11.3\r\nMarkupSafe==1.1.1\r\n",
        ),
        ("shared/pins.txt", "mock==3.0.5\nattrs==19.3.0\n"),
    ];
    let parsed = run_files("requirements", "ci/requirements-test.txt", &files);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(
        parsed.manifests,
        vec![
            "shared/a.txt",
            "shared/common.txt",
            "shared/b.txt",
            "shared/pins.txt"
        ]
    );
    assert_eq!(
        rows(&parsed),
        vec![
            ("mock", Some("3.0.5"), None, true, true, 6),
            ("attrs", Some("19.3.0"), Some(">=19"), true, false, 2),
            ("jinja2", Some("2.11.3"), Some("==2.11.3"), true, false, 1),
            ("markupsafe", Some("1.1.1"), Some("==1.1.1"), true, false, 2),
        ]
    );
}

#[test]
fn include_outside_the_repository_is_a_problem() {
    let parsed = run_files(
        "requirements",
        "requirements.txt",
        &[("requirements.txt", "-r ../../etc/secrets.txt\n-r\n")],
    );
    assert_eq!(
        problems(&parsed),
        vec![
            (
                "requirements.txt",
                1,
                "`-r ../../etc/secrets.txt` points outside the repository"
            ),
            ("requirements.txt", 2, "`-r` needs a file name"),
        ]
    );
}
