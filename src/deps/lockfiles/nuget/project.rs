//! MSBuild project files (`PackageReference` with `Version`, `VersionOverride`, `$(Prop)` and
//! central versions from `Directory.Packages.props`) and legacy `packages.config`.

use std::collections::BTreeMap;

use super::is_exact;
use crate::deps::lockfiles::xml::{self, Element};
use crate::deps::lockfiles::{Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};

/// `$(A)` -> `$(B)` -> ... substitutions at most per value.
const MAX_SUBSTITUTIONS: usize = 32;
/// The package that makes a project a test project (the SDK sets `IsTestProject` from it).
const TEST_SDK: &str = "microsoft.net.test.sdk";

fn problem(path: &str, line: u32, message: impl Into<String>) -> ParseProblem {
    ParseProblem {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

/// The root element of an XML file, or `None` with the problems saying why.
fn root_of(
    path: &str,
    text: &str,
    expected: &str,
    problems: &mut Vec<ParseProblem>,
) -> Option<Element> {
    let doc = xml::parse(text);
    if let Some((line, message)) = &doc.error {
        problems.push(problem(path, *line, format!("malformed XML: {message}")));
    }
    let root = doc.root?;
    if !root.name.eq_ignore_ascii_case(expected) {
        problems.push(problem(
            path,
            root.line,
            format!("the root element is <{}>, not <{expected}>", root.name),
        ));
        return None;
    }
    Some(root)
}

/// Properties of every `<PropertyGroup>`, by lowercase name (later ones win, as in MSBuild).
fn properties(root: &Element, into: &mut BTreeMap<String, String>) {
    for group in root.children_ci("PropertyGroup") {
        for p in &group.children {
            into.insert(p.name.to_ascii_lowercase(), p.text.clone());
        }
    }
}

/// Substitute `$(Name)` references; unknown ones stay as written.
fn resolve(raw: &str, props: &BTreeMap<String, String>) -> String {
    let mut out = raw.to_string();
    let mut from = 0;
    for _ in 0..MAX_SUBSTITUTIONS {
        let Some(start) = out[from..].find("$(").map(|i| from + i) else {
            break;
        };
        let Some(end) = out[start..].find(')').map(|i| start + i) else {
            break;
        };
        match props.get(&out[start + 2..end].trim().to_ascii_lowercase()) {
            Some(v) => out.replace_range(start..=end, v),
            None => from = end + 1,
        }
    }
    out
}

/// An attribute or a child element of the same name (`Version="1.0"` or `<Version>1.0</Version>`).
fn attr_or_child<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attr_ci(name)
        .or_else(|| el.child_text_ci(name))
        .filter(|v| !v.is_empty())
}

/// The nearest `name` in the project's folder or above it, inside the repository.
fn nearest(project: &str, name: &str, read: ReadFile) -> Option<(String, String)> {
    let mut folder = project.rfind('/').map_or("", |i| &project[..i]);
    loop {
        let path = if folder.is_empty() {
            name.to_string()
        } else {
            format!("{folder}/{name}")
        };
        if let Some(text) = read(&path) {
            return Some((path, text));
        }
        if folder.is_empty() {
            return None;
        }
        folder = folder.rfind('/').map_or("", |i| &folder[..i]);
    }
}

/// Central package versions: lowercase id -> version.
struct Central {
    versions: BTreeMap<String, String>,
    enabled: bool,
}

fn central(project: &str, read: ReadFile, parsed: &mut Parsed) -> Option<Central> {
    let (path, text) = nearest(project, "Directory.Packages.props", read)?;
    parsed.manifests.push(path.clone());
    let root = root_of(&path, &text, "Project", &mut parsed.problems)?;
    let mut props = BTreeMap::new();
    properties(&root, &mut props);
    let mut versions = BTreeMap::new();
    for group in root.children_ci("ItemGroup") {
        for pv in group.children_ci("PackageVersion") {
            if let (Some(id), Some(v)) = (pv.attr_ci("Include"), attr_or_child(pv, "Version")) {
                versions.insert(id.to_lowercase(), resolve(v, &props));
            }
        }
    }
    let enabled = props
        .get("managepackageversionscentrally")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Some(Central { versions, enabled })
}

pub(super) fn parse_project(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(root) = root_of(input.path, input.text, "Project", &mut parsed.problems) else {
        return parsed;
    };
    let mut props = BTreeMap::new();
    if let Some((path, text)) = nearest(input.path, "Directory.Build.props", read) {
        parsed.manifests.push(path.clone());
        if let Some(r) = root_of(&path, &text, "Project", &mut parsed.problems) {
            properties(&r, &mut props);
        }
    }
    let central = central(input.path, read, &mut parsed);
    properties(&root, &mut props);
    let cpm = props
        .get("managepackageversionscentrally")
        .map(|v| v.eq_ignore_ascii_case("true"))
        .or(central.as_ref().map(|c| c.enabled))
        .unwrap_or(false);
    let refs: Vec<&Element> = root
        .children_ci("ItemGroup")
        .flat_map(|g| g.children_ci("PackageReference"))
        .filter(|r| r.complete)
        .collect();
    let test_project = props
        .get("istestproject")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || refs.iter().any(|r| {
            r.attr_ci("Include")
                .is_some_and(|i| i.eq_ignore_ascii_case(TEST_SDK))
        });
    for r in refs {
        let Some(id) = r.attr_ci("Include").filter(|i| !i.is_empty()) else {
            // `Update=`/`Remove=` change items defined elsewhere.
            if r.attr_ci("Update").is_none() && r.attr_ci("Remove").is_none() {
                parsed.problems.push(problem(
                    input.path,
                    r.line,
                    "PackageReference without Include",
                ));
            }
            continue;
        };
        let written = attr_or_child(r, "Version");
        let spec = match attr_or_child(r, "VersionOverride") {
            Some(o) => Some(o.to_string()),
            None if cpm => {
                if let Some(v) = written {
                    parsed.problems.push(problem(
                        input.path,
                        r.line,
                        format!("{id}: Version=\"{v}\" on a PackageReference while versions are managed centrally (NU1008)"),
                    ));
                }
                written.map(String::from).or_else(|| {
                    central
                        .as_ref()
                        .and_then(|c| c.versions.get(&id.to_lowercase()).cloned())
                })
            }
            None => written.map(String::from),
        };
        let spec = spec.map(|s| resolve(&s, &props));
        if spec.is_none() {
            parsed.problems.push(problem(
                input.path,
                r.line,
                if cpm {
                    format!(
                        "{id}: no PackageVersion in Directory.Packages.props and no VersionOverride"
                    )
                } else {
                    format!("{id}: PackageReference without a Version")
                },
            ));
        }
        let private_all =
            attr_or_child(r, "PrivateAssets").is_some_and(|v| v.eq_ignore_ascii_case("all"));
        parsed.dependencies.push(Dependency {
            ecosystem: Ecosystem::Nuget,
            name: id.to_string(),
            version: spec.clone().filter(|s| is_exact(s)),
            constraint: spec,
            direct: true,
            source: input.path.to_string(),
            line: r.line,
            dev: private_all || test_project,
            lag: Lag::default(),
        });
    }
    parsed.problems.sort();
    parsed
}

pub(super) fn parse_packages_config(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(root) = root_of(input.path, input.text, "packages", &mut parsed.problems) else {
        return parsed;
    };
    for p in root.children_ci("package").filter(|p| p.complete) {
        let (Some(id), Some(version)) = (
            p.attr_ci("id").filter(|v| !v.is_empty()),
            p.attr_ci("version").filter(|v| !v.is_empty()),
        ) else {
            let message = match p.attr_ci("id").filter(|v| !v.is_empty()) {
                Some(id) => format!("{id}: <package> without a version"),
                None => "<package> without an id".to_string(),
            };
            parsed.problems.push(problem(input.path, p.line, message));
            continue;
        };
        parsed.dependencies.push(Dependency {
            ecosystem: Ecosystem::Nuget,
            name: id.to_string(),
            version: Some(version.to_string()),
            constraint: Some(p.attr_ci("allowedVersions").unwrap_or(version).to_string()),
            direct: true,
            source: input.path.to_string(),
            line: p.line,
            dev: p
                .attr_ci("developmentDependency")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            lag: Lag::default(),
        });
    }
    parsed.problems.sort();
    parsed
}

#[cfg(test)]
#[path = "../tests/nuget_project.rs"]
mod tests;
