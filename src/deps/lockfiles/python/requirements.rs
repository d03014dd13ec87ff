//! pip requirements files: pins, ranges, markers, extras, `\` continuations, hashes,
//! `-r` includes (with a cycle guard) and `-c` constraint files; options are read, never kept.

use super::super::support::{self, paths};
use super::super::{Input, Parsed, ReadFile};
use super::pep508;
use crate::deps::model::Ecosystem;
use std::collections::{BTreeMap, BTreeSet};

/// Included files read for one top-level file, at most.
const MAX_FILES: usize = 64;

/// `requirements.txt`, `requirements-dev.txt`, `requirements_test.txt`, `requirements.prod.txt`,
/// `test-requirements.txt`, `dev_requirements.txt` (case aside). `requirements/base.txt` cannot
/// be told by its name alone: such files are read through the `-r` lines that include them.
pub fn is_requirements_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".txt")
        && (n.starts_with("requirements")
            || n.ends_with("-requirements.txt")
            || n.ends_with("_requirements.txt"))
}

/// Options that take a value (the value may follow `=` or a space) and are only read.
const VALUE_OPTIONS: &[&str] = &[
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--trusted-host",
    "--no-binary",
    "--only-binary",
    "--use-feature",
    "--config-settings",
    "--global-option",
    "--install-option",
    "--hash",
];

/// Options without a value.
const FLAGS: &[&str] = &["--no-index", "--pre", "--prefer-binary", "--require-hashes"];

/// One logical line: the text after continuations are joined and comments removed.
struct Logical {
    line: u32,
    text: String,
}

fn logical_lines(text: &str) -> Vec<Logical> {
    let mut out = Vec::new();
    let mut current: Option<Logical> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.trim_end_matches('\r');
        let (body, continued) = match raw.strip_suffix('\\') {
            Some(b) => (b, true),
            None => (raw, false),
        };
        let entry = current.get_or_insert_with(|| Logical {
            line,
            text: String::new(),
        });
        entry.text.push_str(body);
        entry.text.push(' ');
        if !continued && let Some(done) = current.take() {
            out.push(done);
        }
    }
    out.extend(current);
    for l in &mut out {
        l.text = strip_comment(&l.text).trim().to_string();
    }
    out
}

/// The text before a `#` that starts the line or follows whitespace (pip's rule: `#egg=` in a
/// URL is kept).
fn strip_comment(text: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if c == '#' && prev_space {
            return &text[..i];
        }
        prev_space = c.is_whitespace();
    }
    text
}

/// Whether a requirement line is a path, archive or VCS URL rather than a registry name.
fn is_local_or_url(req: &str) -> bool {
    let first = req.split_whitespace().next().unwrap_or("");
    first.starts_with('.')
        || first.starts_with('/')
        || first.starts_with('~')
        || first.contains("://")
        || first.contains('\\')
        || first.starts_with("git+")
        || [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2"]
            .iter()
            .any(|ext| first.ends_with(ext))
        || (first.contains('/') && !first.contains('['))
}

/// Splits `-r file`, `-rfile`, `--requirement=file`, `--requirement file` into (option, value).
fn option(text: &str) -> (&str, &str) {
    if let Some(long) = text.strip_prefix("--") {
        let end = long
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(long.len());
        let value = long[end..].trim_start_matches('=').trim();
        (&text[..end + 2], value)
    } else {
        let end = text.char_indices().nth(2).map_or(text.len(), |(i, _)| i);
        (&text[..end], text[end..].trim())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Requirements,
    Constraints,
}

struct Reader<'r> {
    read: ReadFile<'r>,
    parsed: Parsed,
    /// Every file read (include guard for diamonds) and the chain being read (cycles).
    visited: BTreeSet<String>,
    stack: Vec<String>,
    /// Exact pins from constraint files, by normalised name.
    pins: BTreeMap<String, String>,
}

pub fn parse(input: &Input, read: ReadFile) -> Parsed {
    let mut reader = Reader {
        read,
        parsed: Parsed::default(),
        visited: BTreeSet::from([input.path.to_string()]),
        stack: vec![input.path.to_string()],
        pins: BTreeMap::new(),
    };
    reader.file(
        input.path,
        support::strip_bom(input.text),
        Mode::Requirements,
    );
    let mut parsed = reader.parsed;
    for dep in &mut parsed.dependencies {
        if dep.version.is_none()
            && let Some(pin) = reader.pins.get(&dep.name)
        {
            dep.version = Some(pin.clone());
        }
    }
    support::sort_dependencies(&mut parsed.dependencies);
    parsed.problems.sort();
    parsed
}

impl Reader<'_> {
    fn problem(&mut self, path: &str, line: u32, message: String) {
        self.parsed
            .problems
            .push(support::problem(path, line, message));
    }

    fn file(&mut self, path: &str, text: &str, mode: Mode) {
        let dir = paths::dir(path);
        let name = paths::file_name(path);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let dev = support::is_dev_word(stem) || support::is_dev_word(paths::file_name(dir));
        for l in logical_lines(text) {
            if l.text.is_empty() {
                continue;
            }
            if l.text.starts_with('-') {
                self.option_line(path, dir, &l, mode);
                continue;
            }
            // Per-requirement options (`--hash=...`) follow the requirement.
            let req_text = match l.text.find(" -") {
                Some(i) => &l.text[..i],
                None => l.text.as_str(),
            };
            if is_local_or_url(req_text) {
                continue;
            }
            let req = match pep508::parse(req_text) {
                Ok(r) => r,
                Err(e) => {
                    self.problem(path, l.line, e.to_string());
                    continue;
                }
            };
            if req.url {
                continue;
            }
            if mode == Mode::Constraints {
                if let Some(v) = req.pinned() {
                    self.pins.entry(req.name.clone()).or_insert(v);
                }
                continue;
            }
            let mut dep = support::dependency(Ecosystem::Pypi, path, &req.name, l.line);
            dep.version = req.pinned();
            dep.constraint = req.constraint();
            dep.direct = true;
            dep.dev = dev;
            self.parsed.dependencies.push(dep);
        }
    }

    fn option_line(&mut self, path: &str, dir: &str, l: &Logical, mode: Mode) {
        let (opt, value) = option(&l.text);
        let include = match opt {
            "-r" | "--requirement" => Some(mode),
            "-c" | "--constraint" => Some(Mode::Constraints),
            // Editable installs are local checkouts, not registry packages.
            "-e" | "--editable" => return,
            _ => None,
        };
        let Some(include_mode) = include else {
            if !(VALUE_OPTIONS.contains(&opt) || FLAGS.contains(&opt)) {
                self.problem(path, l.line, format!("unknown option `{opt}`"));
            }
            return;
        };
        if value.is_empty() {
            self.problem(path, l.line, format!("`{opt}` needs a file name"));
            return;
        }
        let Some(target) = paths::join(dir, value) else {
            self.problem(
                path,
                l.line,
                format!("`{opt} {value}` points outside the repository"),
            );
            return;
        };
        // A requirements file the walk finds by its name is parsed on its own: reading it
        // here again would list its dependencies twice.
        if include_mode == Mode::Requirements && is_requirements_file(paths::file_name(&target)) {
            return;
        }
        if self.stack.contains(&target) {
            let chain = [self.stack.as_slice(), std::slice::from_ref(&target)]
                .concat()
                .join(" -> ");
            self.problem(path, l.line, format!("include cycle: {chain}"));
            return;
        }
        if !self.visited.insert(target.clone()) || self.visited.len() > MAX_FILES {
            return;
        }
        let Some(text) = (self.read)(&target) else {
            self.problem(
                path,
                l.line,
                format!("cannot read included file `{target}`"),
            );
            return;
        };
        self.parsed.manifests.push(target.clone());
        self.stack.push(target.clone());
        self.file(&target, support::strip_bom(&text), include_mode);
        self.stack.pop();
    }
}
