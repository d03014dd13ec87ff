//! NuGet: `packages.lock.json` (per target framework, reported once per package and version),
//! project files' `PackageReference` with central versions, and legacy `packages.config`.

mod lock;
mod project;

use super::Format;
use crate::deps::model::Ecosystem;

pub static FORMATS: &[Format] = &[
    Format {
        id: "packages-lock",
        ecosystem: Ecosystem::Nuget,
        matches: |name| name == "packages.lock.json",
        superseded_by: &[],
        parse: lock::parse,
    },
    Format {
        id: "csproj",
        ecosystem: Ecosystem::Nuget,
        matches: |name| {
            [".csproj", ".vbproj", ".fsproj"]
                .iter()
                .any(|ext| name.len() > ext.len() && name.to_ascii_lowercase().ends_with(ext))
        },
        superseded_by: &["packages.lock.json", "packages.config"],
        parse: project::parse_project,
    },
    Format {
        id: "packages-config",
        ecosystem: Ecosystem::Nuget,
        matches: |name| name.eq_ignore_ascii_case("packages.config"),
        superseded_by: &[],
        parse: project::parse_packages_config,
    },
];

/// Whether a NuGet version string names one version (not a range `[1.0,2.0)` or a floating
/// `1.*`): a bare version is a minimum that restores to itself.
fn is_exact(v: &str) -> bool {
    !v.is_empty() && !v.starts_with(['[', '(']) && !v.contains('*') && !v.contains("$(")
}
