//! pom.xml: declared dependencies with `${property}` values, managed versions and parent poms
//! read through the repository (never fetched); a parent outside the repository is a dependency.

use std::collections::{BTreeMap, HashMap};

use super::{folder_of, is_exact_version, join};
use crate::deps::lockfiles::xml::{self, Element};
use crate::deps::lockfiles::{Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};

/// Parent poms followed at most (a cycle stops earlier).
const MAX_PARENTS: usize = 16;
/// `${a}` -> `${b}` -> ... substitutions at most per value.
const MAX_SUBSTITUTIONS: usize = 32;

/// One `<dependency>` as written.
#[derive(Debug, Clone, Default)]
struct RawDep {
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    scope: Option<String>,
    kind: Option<String>,
    line: u32,
}

#[derive(Debug, Clone)]
struct ParentRef {
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    /// `None`: the default `../pom.xml`; `Some("")`: look in no folder.
    relative_path: Option<String>,
    line: u32,
}

/// What one pom file says.
#[derive(Debug, Default)]
struct Pom {
    path: String,
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    parent: Option<ParentRef>,
    properties: BTreeMap<String, String>,
    managed: Vec<RawDep>,
    dependencies: Vec<RawDep>,
}

fn problem(path: &str, line: u32, message: impl Into<String>) -> ParseProblem {
    ParseProblem {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

pub(super) fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(pom) = read_pom(input.path, input.text, &mut parsed.problems) else {
        return parsed;
    };
    let (chain, complete) = parents(&pom, read, &mut parsed);
    let mut model = Model {
        pom: &pom,
        chain: &chain,
        managed: HashMap::new(),
    };
    model.managed = model.managed_index();
    let mut deps = Vec::new();
    // A parent outside the repository is what the build inherits from: a dependency itself.
    if let Some(p) = pom.parent.as_ref().filter(|_| chain.is_empty())
        && let (Some(g), Some(a)) = (&p.group, &p.artifact)
    {
        deps.push(model.dependency(input.path, g, a, p.version.clone(), None, p.line));
    }
    let boms: Vec<&RawDep> = model.all_managed().filter(|m| is_bom(m)).collect();
    let complete = complete && boms.is_empty();
    for m in pom.managed.iter().filter(|m| is_bom(m)) {
        if let (Some(g), Some(a)) = (&m.group, &m.artifact) {
            deps.push(model.dependency(input.path, g, a, m.version.clone(), None, m.line));
        }
    }
    for d in &pom.dependencies {
        let (Some(g), Some(a)) = (&d.group, &d.artifact) else {
            parsed.problems.push(problem(
                input.path,
                d.line,
                "<dependency> without <groupId> or <artifactId>",
            ));
            continue;
        };
        let managed = model.managed_for(g, a);
        let version = d
            .version
            .clone()
            .or_else(|| managed.and_then(|m| m.version.clone()));
        let scope = d
            .scope
            .clone()
            .or_else(|| managed.and_then(|m| m.scope.clone()));
        let dep = model.dependency(input.path, g, a, version, scope.as_deref(), d.line);
        if complete {
            if dep.constraint.is_none() {
                parsed.problems.push(problem(
                    input.path,
                    d.line,
                    format!("{}: no <version> and no managed version", dep.name),
                ));
            } else if let Some(c) = dep.constraint.as_deref().filter(|c| c.contains("${")) {
                parsed.problems.push(problem(
                    input.path,
                    d.line,
                    format!(
                        "{}: `{c}` names a property defined neither in this pom nor in its parents",
                        dep.name
                    ),
                ));
            }
        }
        deps.push(dep);
    }
    parsed.dependencies = deps;
    parsed.problems.sort();
    parsed
}

fn is_bom(m: &RawDep) -> bool {
    m.scope.as_deref() == Some("import") && m.kind.as_deref() == Some("pom")
}

/// Follow `<parent>` through the repository. Returns the parents found (nearest first) and
/// whether the chain is whole (it ends at a pom without a parent).
fn parents(pom: &Pom, read: ReadFile, parsed: &mut Parsed) -> (Vec<Pom>, bool) {
    let mut chain: Vec<Pom> = Vec::new();
    let mut seen = vec![pom.path.clone()];
    loop {
        let child = chain.last().unwrap_or(pom);
        let Some(p) = &child.parent else {
            return (chain, true);
        };
        if chain.len() >= MAX_PARENTS {
            parsed.problems.push(problem(
                &child.path,
                p.line,
                format!("more than {MAX_PARENTS} parent poms: stopped following"),
            ));
            return (chain, false);
        }
        let explicit = p.relative_path.is_some();
        let rel = p
            .relative_path
            .clone()
            .unwrap_or_else(|| "../pom.xml".into());
        if rel.is_empty() {
            return (chain, false);
        }
        let rel = if rel.ends_with(".xml") {
            rel
        } else {
            format!("{}/pom.xml", rel.trim_end_matches(['/', '\\']))
        };
        let Some(path) = join(folder_of(&child.path), &rel) else {
            return (chain, false);
        };
        if seen.contains(&path) {
            parsed.problems.push(problem(
                &child.path,
                p.line,
                format!("parent pom {path} leads back to a pom already read (a cycle)"),
            ));
            return (chain, false);
        }
        let Some(text) = read(&path) else {
            return (chain, false);
        };
        let mut problems = Vec::new();
        let Some(found) = read_pom(&path, &text, &mut problems) else {
            parsed.problems.extend(problems);
            return (chain, false);
        };
        let same = found.group.as_ref().or(found.parent_group()) == p.group.as_ref()
            && found.artifact == p.artifact;
        if !same {
            if explicit {
                parsed.problems.push(problem(
                    &child.path,
                    p.line,
                    format!(
                        "<relativePath> points at {path}, which is {}:{}, not the parent {}:{}",
                        found
                            .group
                            .as_deref()
                            .or(found.parent_group().map(String::as_str))
                            .unwrap_or("?"),
                        found.artifact.as_deref().unwrap_or("?"),
                        p.group.as_deref().unwrap_or("?"),
                        p.artifact.as_deref().unwrap_or("?"),
                    ),
                ));
            }
            return (chain, false);
        }
        parsed.problems.extend(problems);
        parsed.manifests.push(path.clone());
        seen.push(path);
        chain.push(found);
    }
}

impl Pom {
    fn parent_group(&self) -> Option<&String> {
        self.parent.as_ref().and_then(|p| p.group.as_ref())
    }
}

/// The effective model of one pom: the pom and its parents, for lookups.
struct Model<'a> {
    pom: &'a Pom,
    chain: &'a [Pom],
    /// The nearest managed entry per `(group, artifact)` after substitution, built once so that
    /// each dependency's lookup is one hash lookup (not a scan of every managed entry).
    managed: HashMap<(String, String), &'a RawDep>,
}

impl<'a> Model<'a> {
    fn poms(&self) -> impl Iterator<Item = &Pom> {
        std::iter::once(self.pom).chain(self.chain.iter())
    }

    fn all_managed(&self) -> impl Iterator<Item = &RawDep> {
        self.poms().flat_map(|p| p.managed.iter())
    }

    /// Every non-BOM managed entry by its substituted `(group, artifact)`, the nearest pom's first.
    fn managed_index(&self) -> HashMap<(String, String), &'a RawDep> {
        let mut index = HashMap::new();
        let poms = std::iter::once(self.pom).chain(self.chain.iter());
        for m in poms.flat_map(|p| p.managed.iter()).filter(|m| !is_bom(m)) {
            if let (Some(g), Some(a)) = (&m.group, &m.artifact) {
                index.entry((self.resolve(g), self.resolve(a))).or_insert(m);
            }
        }
        index
    }

    /// The nearest managed entry for `group:artifact` (names compared after substitution).
    fn managed_for(&self, group: &str, artifact: &str) -> Option<&RawDep> {
        let key = (self.resolve(group), self.resolve(artifact));
        self.managed.get(&key).copied()
    }

    /// A built-in or declared property (nearest pom first).
    fn property(&self, name: &str) -> Option<String> {
        let key = name
            .strip_prefix("project.")
            .or_else(|| name.strip_prefix("pom."))
            .unwrap_or(name);
        let parent = self.pom.parent.as_ref();
        let builtin = match key {
            "version" => self.pom.version.clone().or_else(|| parent?.version.clone()),
            "groupId" => self.pom.group.clone().or_else(|| parent?.group.clone()),
            "artifactId" => self.pom.artifact.clone(),
            "parent.version" => parent.and_then(|p| p.version.clone()),
            "parent.groupId" => parent.and_then(|p| p.group.clone()),
            "parent.artifactId" => parent.and_then(|p| p.artifact.clone()),
            _ => None,
        };
        builtin.or_else(|| self.poms().find_map(|p| p.properties.get(name).cloned()))
    }

    /// Substitute `${...}` references; an unknown one is left as written.
    fn resolve(&self, raw: &str) -> String {
        let mut out = raw.to_string();
        let mut from = 0;
        for _ in 0..MAX_SUBSTITUTIONS {
            let Some(start) = out[from..].find("${").map(|i| from + i) else {
                break;
            };
            let Some(end) = out[start..].find('}').map(|i| start + i) else {
                break;
            };
            match self.property(&out[start + 2..end]) {
                Some(value) => out.replace_range(start..=end, &value),
                None => from = end + 1,
            }
        }
        out
    }

    fn dependency(
        &self,
        source: &str,
        group: &str,
        artifact: &str,
        version: Option<String>,
        scope: Option<&str>,
        line: u32,
    ) -> Dependency {
        let spec = version.map(|v| self.resolve(&v));
        Dependency {
            ecosystem: Ecosystem::Maven,
            name: format!("{}:{}", self.resolve(group), self.resolve(artifact)),
            version: spec.clone().filter(|v| is_exact_version(v)),
            constraint: spec,
            direct: true,
            source: source.to_string(),
            line,
            dev: scope == Some("test"),
            lag: Lag::default(),
        }
    }
}

/// Read one pom; `None` when it is not a pom at all (problems say why).
fn read_pom(path: &str, text: &str, problems: &mut Vec<ParseProblem>) -> Option<Pom> {
    let doc = xml::parse(text);
    if let Some((line, message)) = &doc.error {
        problems.push(problem(path, *line, format!("malformed XML: {message}")));
    }
    let Some(root) = doc.root else {
        if doc.error.is_none() {
            problems.push(problem(path, 0, "no <project> element"));
        }
        return None;
    };
    if root.name != "project" {
        problems.push(problem(
            path,
            root.line,
            format!("the root element is <{}>, not <project>", root.name),
        ));
        return None;
    }
    let mut pom = Pom {
        path: path.to_string(),
        group: root.child_text("groupId").map(String::from),
        artifact: root.child_text("artifactId").map(String::from),
        version: root.child_text("version").map(String::from),
        ..Pom::default()
    };
    if let Some(p) = root.child("parent") {
        pom.parent = Some(ParentRef {
            group: p.child_text("groupId").map(String::from),
            artifact: p.child_text("artifactId").map(String::from),
            version: p.child_text("version").map(String::from),
            relative_path: p.child("relativePath").map(|r| r.text.clone()),
            line: p.line,
        });
    }
    if let Some(props) = root.child("properties") {
        for p in &props.children {
            pom.properties
                .entry(p.name.clone())
                .or_insert_with(|| p.text.clone());
        }
    }
    if let Some(list) = root
        .child("dependencyManagement")
        .and_then(|m| m.child("dependencies"))
    {
        pom.managed = dependencies(list);
    }
    if let Some(list) = root.child("dependencies") {
        pom.dependencies = dependencies(list);
    }
    Some(pom)
}

/// The complete `<dependency>` children of a `<dependencies>` element.
fn dependencies(list: &Element) -> Vec<RawDep> {
    list.children_named("dependency")
        .filter(|d| d.complete)
        .map(|d| RawDep {
            group: d.child_text("groupId").map(String::from),
            artifact: d.child_text("artifactId").map(String::from),
            version: d.child_text("version").map(String::from),
            scope: d.child_text("scope").map(String::from),
            kind: d.child_text("type").map(String::from),
            line: d.line,
        })
        .collect()
}

#[cfg(test)]
#[path = "../tests/maven_pom.rs"]
mod tests;
