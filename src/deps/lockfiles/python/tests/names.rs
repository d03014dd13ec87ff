//! PEP 503 names, PEP 508 requirement strings, pins, and which file names are Python formats.

use super::super::normalize;
use super::super::pep508::{parse, pinned};
use crate::deps::lockfiles::format_of;

#[test]
fn pep503_names() {
    assert_eq!(normalize("Django"), "django");
    assert_eq!(normalize("zope.interface"), "zope-interface");
    assert_eq!(normalize("Invoice__PDF.-Renderer"), "invoice-pdf-renderer");
    assert_eq!(normalize(" ruamel.yaml.clib "), "ruamel-yaml-clib");
}

#[test]
fn file_names_pick_formats() {
    let id = |n: &str| format_of(n).map(|f| f.id);
    assert_eq!(id("requirements.txt"), Some("requirements"));
    assert_eq!(id("requirements-dev.txt"), Some("requirements"));
    assert_eq!(id("Requirements_Test.txt"), Some("requirements"));
    assert_eq!(id("test-requirements.txt"), Some("requirements"));
    assert_eq!(id("requirements.in"), None);
    assert_eq!(id("constraints.txt"), None);
    assert_eq!(id("base.txt"), None);
    assert_eq!(id("poetry.lock"), Some("poetry-lock"));
    assert_eq!(id("uv.lock"), Some("uv-lock"));
    assert_eq!(id("Pipfile.lock"), Some("pipfile-lock"));
    assert_eq!(id("Pipfile"), Some("pipfile"));
    assert_eq!(id("pyproject.toml"), Some("pyproject"));
    let superseded = |n: &str| format_of(n).map(|f| f.superseded_by);
    assert_eq!(
        superseded("pyproject.toml"),
        Some(&["poetry.lock", "uv.lock"][..])
    );
    assert_eq!(superseded("Pipfile"), Some(&["Pipfile.lock"][..]));
}

#[test]
fn requirement_strings() {
    let r = parse("requests[socks, Security] >= 2.28 , <3 ; python_version < \"3.8\"");
    let Ok(r) = r else {
        panic!("parses: {r:?}");
    };
    assert_eq!(r.name, "requests");
    assert_eq!(r.extras, vec!["socks", "security"]);
    assert_eq!(r.specifier, ">=2.28,<3");
    assert_eq!(r.marker.as_deref(), Some("python_version < \"3.8\""));
    assert_eq!(
        r.constraint().as_deref(),
        Some(">=2.28,<3; python_version < \"3.8\"")
    );
    assert_eq!(r.pinned(), None);
    let old_style = parse("Django (==2.2.28)");
    assert_eq!(
        old_style.as_ref().map(|r| r.specifier.as_str()),
        Ok("==2.2.28")
    );
    assert_eq!(
        old_style.ok().and_then(|r| r.pinned()).as_deref(),
        Some("2.2.28")
    );
    let url = parse("pdfkit @ https://git.example/pdfkit.zip ; os_name == \"posix\"");
    assert_eq!(
        url.map(|r| (r.name, r.url)),
        Ok(("pdfkit".to_string(), true))
    );
    let marker_only = parse("backports.zoneinfo; python_version<'3.9'");
    assert_eq!(
        marker_only.ok().and_then(|r| r.constraint()).as_deref(),
        Some("; python_version<'3.9'")
    );
    assert_eq!(parse("six").ok().and_then(|r| r.constraint()), None);
}

#[test]
fn pins() {
    assert_eq!(pinned("==2.31.0").as_deref(), Some("2.31.0"));
    assert_eq!(pinned("== 2.31.0").as_deref(), Some("2.31.0"));
    assert_eq!(pinned("===1.0-legacy").as_deref(), Some("1.0-legacy"));
    assert_eq!(pinned("==2.31.*"), None);
    assert_eq!(pinned(">=2.31,<3"), None);
    assert_eq!(pinned("==2.31.0,!=2.31.1"), None);
    assert_eq!(pinned("~=1.4"), None);
}

#[test]
fn bad_requirement_strings() {
    let message = |t: &str| parse(t).map_err(|e| e.to_string());
    assert_eq!(
        message("==1.0"),
        Err("expected a package name at the start of `==1.0`".to_string())
    );
    assert_eq!(
        message("celery[redis==4.4.7"),
        Err("unclosed `[` in the extras of `celery`".to_string())
    );
    assert_eq!(
        message("requests==2.27.1.x"),
        Err("invalid version specifier `==2.27.1.x` for `requests`: Failed to parse version: after parsing `2.27.1`, found `.x`, which is not part of a valid version".to_string())
    );
}
