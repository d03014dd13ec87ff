//! The one repository walk: the `ignore` walk builder that the scan (`scan/discover.rs`) and the
//! lockfile inventory (`deps/inventory.rs`) both use, and the folders left out while
//! `[scan] default_excludes` is on (README "Configuration", "Dependencies").

use std::path::Path;

use ignore::WalkBuilder;

/// Directories that hold vendored third-party code.
pub const VENDORED_DIRS: &[&str] = &["vendor", "node_modules", "third_party", "bower_components"];
/// Directories that hold build outputs and tool caches.
pub const BUILD_DIRS: &[&str] = &[
    "target",
    "dist",
    "build",
    "out",
    "obj",
    "__pycache__",
    ".tox",
    ".gradle",
    ".mypy_cache",
];

/// Folders of test data: their manifests and lockfiles are not the project's dependencies and
/// are not searched while `default_excludes` is on (README "Dependencies").
pub const FIXTURE_DIRS: &[&str] = &[
    "fixtures",
    "__fixtures__",
    "testdata",
    "test-fixtures",
    "test_fixtures",
    "test-data",
    "test_data",
];

/// A Python virtual environment, recognised by its marker file `pyvenv.cfg` (PEP 405), not by
/// its name: the standard library's own `venv` package is source. Only a stat, never a read.
pub fn is_virtualenv(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join("pyvenv.cfg")).is_ok_and(|m| m.is_file())
}

/// Why a folder is left out by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultExcluded {
    /// One of `VENDORED_DIRS`.
    Vendored,
    /// One of `BUILD_DIRS`, or a virtual environment.
    Build,
}

/// Whether the folder `dir` named `name` is vendored code or a build output.
pub fn default_excluded(name: &str, dir: &Path) -> Option<DefaultExcluded> {
    if VENDORED_DIRS.contains(&name) {
        Some(DefaultExcluded::Vendored)
    } else if BUILD_DIRS.contains(&name) || is_virtualenv(dir) {
        Some(DefaultExcluded::Build)
    } else {
        None
    }
}

/// The walk of `root`: hidden files skipped, `.gitignore`, `.git/info/exclude` and `.ignore`
/// honoured (also those of parent folders, and without a git repository), the user's global
/// gitignore not read, symbolic links followed only when asked.
pub fn walk_builder(root: &Path, follow_links: bool) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(follow_links);
    b
}

/// `root`-relative, `/`-separated path; the root itself is the empty string.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
