//! `Cargo.toml`: the dependencies a crate declares (all tables, renames, workspace
//! inheritance), and the manifest read alone when no `Cargo.lock` resolved it.

use super::super::support::tomldoc::{self, Item, Table};
use super::super::support::{self, Src, paths};
use super::super::{Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::Ecosystem;

/// Which table declared a dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Normal,
    Build,
    Dev,
}

/// One dependency a manifest declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// The key in the table (the name the code uses).
    pub key: String,
    /// The package name (`package = "..."` when renamed, else the key).
    pub name: String,
    /// The requirement as written (`1.0`, `=0.4.2`); `None` when none is given.
    pub constraint: Option<String>,
    pub kind: Kind,
    /// Line of the key in the manifest.
    pub line: u32,
    /// `false` for `path` and `git` dependencies (not from a registry).
    pub registry: bool,
    /// The folder of a `path` dependency, relative to the repository.
    pub path_dir: Option<String>,
}

/// What a manifest says about the crate and its workspace.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub path: String,
    /// `[package] name`.
    pub package: Option<String>,
    pub deps: Vec<Declared>,
    /// Whether it has a `[workspace]` table.
    pub workspace: bool,
    pub members: Vec<String>,
    pub exclude: Vec<String>,
    /// `[workspace.dependencies]`, inherited by `workspace = true`.
    pub workspace_deps: Vec<Declared>,
}

const TABLES: &[(&str, Kind)] = &[
    ("dependencies", Kind::Normal),
    ("build-dependencies", Kind::Build),
    ("build_dependencies", Kind::Build),
    ("dev-dependencies", Kind::Dev),
    ("dev_dependencies", Kind::Dev),
];

/// Reads a manifest; `inherited` is the workspace root's `[workspace.dependencies]` (a root
/// manifest's own table is used when it is `None`). Faults go to `problems`.
pub fn read(
    path: &str,
    text: &str,
    inherited: Option<&[Declared]>,
    problems: &mut Vec<ParseProblem>,
) -> Option<Manifest> {
    let text = &Src::new(support::strip_bom(text));
    let doc = match tomldoc::parse(path, text) {
        Ok(doc) => doc,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let dir = paths::dir(path);
    let mut m = Manifest {
        path: path.to_string(),
        package: tomldoc::get_table(&doc, "package")
            .and_then(|p| tomldoc::get_str(p, "name"))
            .map(str::to_string),
        ..Manifest::default()
    };
    if let Some(ws) = tomldoc::get_table(&doc, "workspace") {
        m.workspace = true;
        m.members = strings(tomldoc::get_array(ws, "members"));
        m.exclude = strings(tomldoc::get_array(ws, "exclude"));
        if let Some(table) = tomldoc::get_table(ws, "dependencies") {
            let ctx = Ctx {
                path,
                text,
                dir,
                inherited: None,
            };
            m.workspace_deps = declared(&ctx, table, Kind::Normal, problems);
        }
    }
    let own_ws = m.workspace_deps.clone();
    let ctx = Ctx {
        path,
        text,
        dir,
        inherited: Some(inherited.unwrap_or(&own_ws)),
    };
    for &(key, kind) in TABLES {
        if let Some(table) = tomldoc::get_table(&doc, key) {
            m.deps.extend(declared(&ctx, table, kind, problems));
        }
    }
    if let Some(targets) = tomldoc::get_table(&doc, "target") {
        for (_, _, target) in tomldoc::entries(text, targets) {
            let Some(target) = tomldoc::as_table(target) else {
                continue;
            };
            for &(key, kind) in TABLES {
                if let Some(table) = tomldoc::get_table(target, key) {
                    m.deps.extend(declared(&ctx, table, kind, problems));
                }
            }
        }
    }
    Some(m)
}

struct Ctx<'c> {
    path: &'c str,
    text: &'c Src<'c>,
    dir: &'c str,
    inherited: Option<&'c [Declared]>,
}

fn strings(items: Option<&[Item]>) -> Vec<String> {
    items
        .unwrap_or(&[])
        .iter()
        .filter_map(tomldoc::as_str)
        .map(str::to_string)
        .collect()
}

fn declared(
    ctx: &Ctx,
    table: &Table,
    kind: Kind,
    problems: &mut Vec<ParseProblem>,
) -> Vec<Declared> {
    let mut out = Vec::new();
    for (key, line, value) in tomldoc::entries(ctx.text, table) {
        let mut d = Declared {
            key: key.to_string(),
            name: key.to_string(),
            constraint: None,
            kind,
            line,
            registry: true,
            path_dir: None,
        };
        if let Some(req) = tomldoc::as_str(value) {
            d.constraint = Some(req.to_string());
        } else if let Some(t) = tomldoc::as_table(value) {
            if tomldoc::get_bool(t, "workspace") == Some(true) {
                match ctx
                    .inherited
                    .and_then(|ws| ws.iter().find(|w| w.key == key))
                {
                    Some(w) => {
                        d.name = w.name.clone();
                        d.constraint = w.constraint.clone();
                        d.registry = w.registry;
                        d.path_dir = w.path_dir.clone();
                    }
                    None => {
                        problems.push(support::problem(
                            ctx.path,
                            line,
                            format!(
                                "`{key}` has `workspace = true` but the workspace root declares no `{key}` in [workspace.dependencies]"
                            ),
                        ));
                        continue;
                    }
                }
            }
            if let Some(real) = tomldoc::get_str(t, "package") {
                d.name = real.to_string();
            }
            if let Some(req) = tomldoc::get_str(t, "version") {
                d.constraint = Some(req.to_string());
            }
            if let Some(p) = tomldoc::get_str(t, "path") {
                d.registry = false;
                d.path_dir = paths::join(ctx.dir, p);
            }
            if tomldoc::get(t, "git").is_some() {
                d.registry = false;
            }
        } else {
            problems.push(support::problem(
                ctx.path,
                line,
                format!(
                    "dependency `{key}`: expected a version string or a table, found {}",
                    tomldoc::type_name(value)
                ),
            ));
            continue;
        }
        out.push(d);
    }
    out
}

/// The exact version of an `=x.y.z` requirement.
pub fn pinned(constraint: &str) -> Option<String> {
    let rest = constraint.trim().strip_prefix('=')?.trim();
    semver::Version::parse(rest).ok().map(|v| v.to_string())
}

/// Whether a requirement admits a version (an unreadable requirement admits none).
pub fn admits(constraint: &str, version: &str) -> bool {
    match (
        semver::VersionReq::parse(constraint),
        semver::Version::parse(version),
    ) {
        (Ok(req), Ok(v)) => req.matches(&v),
        _ => false,
    }
}

/// The nearest workspace root above `dir` (not `dir` itself): its manifest, read quietly
/// (its own faults are reported when it is parsed itself).
pub fn workspace_root(dir: &str, read: ReadFile) -> Option<Manifest> {
    paths::ancestors(dir).into_iter().find_map(|a| {
        let path = paths::in_dir(a, "Cargo.toml");
        let text = read(&path)?;
        read_quietly(&path, &text, None).filter(|m| m.workspace)
    })
}

fn read_quietly(path: &str, text: &str, inherited: Option<&[Declared]>) -> Option<Manifest> {
    let mut ignored = Vec::new();
    read(path, text, inherited, &mut ignored)
}

/// `Cargo.toml` alone: the declared registry dependencies with their requirements (a version
/// only for an exact `=x.y.z`). A crate that a `Cargo.lock` above it resolves is left to that
/// lockfile and gives nothing here.
pub fn parse_standalone(input: &Input, read_file: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let dir = paths::dir(input.path);
    let root = workspace_root(dir, read_file);
    let inherited = root.as_ref().map(|r| r.workspace_deps.as_slice());
    let Some(manifest) = read(input.path, input.text, inherited, &mut parsed.problems) else {
        return parsed;
    };
    if let Some(package) = &manifest.package
        && let Some(lock) = resolving_lock(dir, package, read_file)
    {
        parsed.manifests.push(lock);
        return parsed;
    }
    if let Some(root) = &root {
        parsed.manifests.push(root.path.clone());
    }
    let mut deps: Vec<&Declared> = manifest.deps.iter().filter(|d| d.registry).collect();
    // One entry per package: a normal or build declaration wins over a dev one.
    deps.sort_by_key(|d| (d.kind == Kind::Dev, d.line));
    let mut seen = std::collections::BTreeSet::new();
    for d in deps {
        if !seen.insert(d.name.clone()) {
            continue;
        }
        let mut dep = support::dependency(Ecosystem::Cargo, input.path, &d.name, d.line);
        dep.constraint = d.constraint.clone();
        dep.version = d.constraint.as_deref().and_then(pinned);
        dep.direct = true;
        dep.dev = d.kind == Kind::Dev;
        parsed.dependencies.push(dep);
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed
}

/// The `Cargo.lock` in `dir` or above it that lists `package` as a local crate (no `source`).
fn resolving_lock(dir: &str, package: &str, read_file: ReadFile) -> Option<String> {
    std::iter::once(dir)
        .chain(paths::ancestors(dir))
        .find_map(|a| {
            let path = paths::in_dir(a, "Cargo.lock");
            let text = read_file(&path)?;
            // Cheap test first: most lockfiles above a manifest do not name it at all.
            if !text.contains(&format!("name = \"{package}\"")) {
                return None;
            }
            let doc = tomldoc::parse(&path, support::strip_bom(&text)).ok()?;
            let local = tomldoc::get_array(&doc, "package")?.iter().any(|p| {
                tomldoc::as_table(p).is_some_and(|t| {
                    tomldoc::get_str(t, "name") == Some(package)
                        && tomldoc::get(t, "source").is_none()
                })
            });
            local.then_some(path)
        })
}
