//! go.mod: `require` lines and blocks (`// indirect` = transitive), `replace` applied to the
//! modules it names (a local path replacement is not a registry dependency).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::{Format, Input, ParseProblem, Parsed, ReadFile};
use crate::deps::model::{Dependency, Ecosystem, Lag};

pub static FORMATS: &[Format] = &[Format {
    id: "go-mod",
    ecosystem: Ecosystem::Go,
    matches: |name| name == "go.mod",
    superseded_by: &[],
    parse,
}];

/// Directives the go command knows; any other word starting a line is an error.
const DIRECTIVES: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "replace",
    "exclude",
    "retract",
    "tool",
    "ignore",
];

/// Directives that may open a `( ... )` block.
const BLOCK_DIRECTIVES: &[&str] = &[
    "require", "replace", "exclude", "retract", "tool", "godebug", "ignore",
];

struct Require {
    path: String,
    version: String,
    indirect: bool,
    line: u32,
}

struct Replace {
    /// `None`: every version of the module is replaced.
    old_version: Option<String>,
    new_path: String,
    /// `None`: a local folder, not a registry module.
    new_version: Option<String>,
}

/// Canonical module version: `v` + semver, pseudo-versions and `+incompatible` included.
fn canonical_version(v: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(v))
}

fn parse(input: &Input, _read: ReadFile) -> Parsed {
    let mut parsed = Parsed::default();
    let mut problem = |line: u32, message: String| {
        parsed.problems.push(ParseProblem {
            path: input.path.to_string(),
            line,
            message,
        });
    };
    let mut requires: Vec<Require> = Vec::new();
    let mut replaces: BTreeMap<String, Vec<Replace>> = BTreeMap::new();
    let mut block: Option<(String, u32)> = None;
    for (i, raw) in input.text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (tokens, comment) = match lex(raw) {
            Ok(t) => t,
            Err(message) => {
                problem(line, message);
                continue;
            }
        };
        if tokens.is_empty() {
            continue;
        }
        if is_conflict_marker(raw) {
            problem(line, "unresolved merge conflict marker".into());
            continue;
        }
        let (verb, args) = match &block {
            Some((verb, _)) => {
                if tokens == [")"] {
                    block = None;
                    continue;
                }
                (verb.clone(), &tokens[..])
            }
            None => {
                let verb = tokens[0].clone();
                if !DIRECTIVES.contains(&verb.as_str()) {
                    problem(line, format!("unknown directive `{verb}`"));
                    continue;
                }
                if tokens.len() == 2 && tokens[1] == "(" {
                    if BLOCK_DIRECTIVES.contains(&verb.as_str()) {
                        block = Some((verb, line));
                    } else {
                        problem(line, format!("`{verb}` cannot open a block"));
                    }
                    continue;
                }
                (verb, &tokens[1..])
            }
        };
        match verb.as_str() {
            "require" => match args {
                [path, version] => {
                    if !canonical_version(version) {
                        problem(
                            line,
                            format!(
                                "require {path}: `{version}` is not a canonical module version \
                                 (vMAJOR.MINOR.PATCH)"
                            ),
                        );
                    }
                    requires.push(Require {
                        path: path.clone(),
                        version: version.clone(),
                        indirect: is_indirect(comment.as_deref()),
                        line,
                    });
                }
                _ => problem(
                    line,
                    format!(
                        "require needs a module path and a version, found {} word(s)",
                        args.len()
                    ),
                ),
            },
            "replace" => match replace(args) {
                Ok((old, r)) => replaces.entry(old).or_default().push(r),
                Err(message) => problem(line, message),
            },
            _ => {}
        }
    }
    if let Some((verb, start)) = block {
        problem(
            start,
            format!("the `{verb} (` block opened here is never closed"),
        );
    }
    for r in requires {
        let chosen = replaces.get(&r.path).and_then(|list| {
            // A replacement of this exact version wins over one of every version.
            list.iter()
                .find(|x| x.old_version.as_deref() == Some(r.version.as_str()))
                .or_else(|| list.iter().find(|x| x.old_version.is_none()))
        });
        let (name, version) = match chosen {
            None => (r.path, r.version),
            Some(Replace {
                new_version: None, ..
            }) => continue, // a local folder: not a registry dependency
            Some(Replace {
                new_path,
                new_version: Some(v),
                ..
            }) => (new_path.clone(), v.clone()),
        };
        let resolved = canonical_version(&version).then(|| version.clone());
        parsed.dependencies.push(Dependency {
            ecosystem: Ecosystem::Go,
            name,
            version: resolved,
            constraint: Some(version),
            direct: !r.indirect,
            source: input.path.to_string(),
            line: r.line,
            dev: false,
            lag: Lag::default(),
        });
    }
    parsed
}

/// `old [version] => new [version]`.
fn replace(args: &[String]) -> Result<(String, Replace), String> {
    let arrow = args
        .iter()
        .position(|a| a == "=>")
        .ok_or_else(|| "replace needs `old => new` (no `=>` found)".to_string())?;
    let (left, right) = (&args[..arrow], &args[arrow + 1..]);
    let (old, old_version) = match left {
        [p] => (p.clone(), None),
        [p, v] => (p.clone(), Some(v.clone())),
        _ => {
            return Err(
                "replace: the left side needs a module path and an optional version".into(),
            );
        }
    };
    let (new_path, new_version) = match right {
        [p] => {
            if !is_local_path(p) {
                return Err(format!(
                    "replace {old}: `{p}` without a version must be a local path (./ or ../)"
                ));
            }
            (p.clone(), None)
        }
        [p, v] => {
            if !canonical_version(v) {
                return Err(format!(
                    "replace {old}: `{v}` is not a canonical module version"
                ));
            }
            (p.clone(), Some(v.clone()))
        }
        _ => {
            return Err(format!(
                "replace {old}: the right side needs a module path and a version, or a local path"
            ));
        }
    };
    Ok((
        old,
        Replace {
            old_version,
            new_path,
            new_version,
        },
    ))
}

fn is_local_path(p: &str) -> bool {
    p.starts_with("./")
        || p.starts_with("../")
        || p.starts_with('/')
        || p == "."
        || p == ".."
        || p.starts_with(".\\")
        || p.starts_with("..\\")
        || p.as_bytes().get(1) == Some(&b':')
}

/// A line left by an unresolved merge (`<<<<<<<`, `=======`, `>>>>>>>`); the line formats
/// (go.mod, Gemfile.lock) report it instead of misreading it as an entry.
pub(super) fn is_conflict_marker(line: &str) -> bool {
    ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// `// indirect` (alone, or first in a `;`-separated comment).
fn is_indirect(comment: Option<&str>) -> bool {
    comment.is_some_and(|c| {
        let c = c.trim();
        c == "indirect" || c.starts_with("indirect;")
    })
}

/// Split one line into words (quoted strings unquoted) and its `//` comment.
fn lex(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if line[i..].starts_with("//") {
            return Ok((tokens, Some(line[i + 2..].to_string())));
        } else if c == '"' || c == '`' {
            chars.next();
            let mut word = String::new();
            let mut closed = false;
            while let Some((_, d)) = chars.next() {
                if d == c {
                    closed = true;
                    break;
                }
                if d == '\\' && c == '"' {
                    match chars.next() {
                        Some((_, e)) => word.push(e),
                        None => break,
                    }
                } else {
                    word.push(d);
                }
            }
            if !closed {
                return Err(format!("unterminated quoted string (opened with {c})"));
            }
            tokens.push(word);
        } else if c == '(' || c == ')' {
            chars.next();
            tokens.push(c.to_string());
        } else {
            let mut word = String::new();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() || d == '(' || d == ')' || line[j..].starts_with("//") {
                    break;
                }
                word.push(d);
                chars.next();
            }
            tokens.push(word);
        }
    }
    Ok((tokens, None))
}

#[cfg(test)]
#[path = "tests/go.rs"]
mod tests;
