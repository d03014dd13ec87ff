//! Maven: `pom.xml` (properties, dependencyManagement, parent poms inside the repository) and
//! the Gradle version catalog `gradle/libs.versions.toml`, both in the Maven ecosystem.

mod gradle;
mod pom;

use super::Format;
use crate::deps::model::Ecosystem;

pub static FORMATS: &[Format] = &[
    Format {
        id: "pom",
        ecosystem: Ecosystem::Maven,
        matches: |name| name == "pom.xml",
        superseded_by: &[],
        parse: pom::parse,
    },
    Format {
        id: "gradle-version-catalog",
        ecosystem: Ecosystem::Maven,
        matches: |name| name == "libs.versions.toml",
        superseded_by: &[],
        parse: gradle::parse,
    },
];

/// Whether a Maven/Gradle version string names one version (not a range, `1.+`, `LATEST`,
/// `latest.release`): then it is also the resolved version.
pub(crate) fn is_exact_version(v: &str) -> bool {
    !v.is_empty()
        && !v.starts_with(['[', '(', ']'])
        && !v.contains(',')
        && !v.ends_with('+')
        && !v.contains("${")
        && !v.starts_with("latest.")
        && v != "LATEST"
        && v != "RELEASE"
}

/// `a/b/../c/./d` -> `a/c/d`; `None` when the path climbs above the repository root.
pub(crate) fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder of a relative path (`""` for a file at the root).
pub(crate) fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `folder` + `/` + `rel`, normalized.
pub(crate) fn join(folder: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') || rel.as_bytes().get(1) == Some(&b':') {
        return None; // absolute: outside the repository
    }
    if folder.is_empty() {
        normalize_path(rel)
    } else {
        normalize_path(&format!("{folder}/{rel}"))
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        assert_eq!(
            join("ledger/core", "../pom.xml").as_deref(),
            Some("ledger/pom.xml")
        );
        assert_eq!(
            join("", "./gradle/x.toml").as_deref(),
            Some("gradle/x.toml")
        );
        assert_eq!(join("a", "..\\..\\pom.xml"), None);
        assert_eq!(join("a", "/etc/pom.xml"), None);
        assert_eq!(folder_of("a/b/pom.xml"), "a/b");
        assert_eq!(folder_of("pom.xml"), "");
        assert!(is_exact_version("5.3.20.RELEASE"));
        assert!(!is_exact_version("[1.2,2.0)"));
        assert!(!is_exact_version("1.+"));
        assert!(!is_exact_version("${spring.version}"));
    }
}
