//! The lockfile walk: every manifest and lockfile below the root (gitignore, excludes and
//! vendored folders honoured), parsed in parallel into one sorted inventory.

use std::collections::BTreeSet;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use ignore::WalkState;
use rayon::prelude::*;

use super::lockfiles::{self, Format, Input};
use super::model::{Dependency, LockfileSummary};
use crate::config::ScanConfig;
use crate::problem::{Problem, Stage};
use crate::util::globs::PathGlobs;
use crate::util::walk::{FIXTURE_DIRS, default_excluded, relative, walk_builder};

/// Manifests and lockfiles larger than this are not read (a problem says so). Independent of
/// `scan.max_file_size`: a big monorepo's lockfile is routinely several megabytes.
pub const MAX_LOCKFILE_BYTES: u64 = 64 * 1024 * 1024;

/// How many skipped fixture folders are listed (all are counted).
const FIXTURE_LIST_CAP: usize = 50;

/// Every dependency of the repository, one summary per file parsed, and what went wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inventory {
    /// Sorted by (source, line, name).
    pub dependencies: Vec<Dependency>,
    /// One per file parsed, sorted by path; totals left default (the lag stage fills them).
    pub lockfiles: Vec<LockfileSummary>,
    /// Stage `dependencies`: unreadable files, invalid UTF-8, parse faults with their line.
    pub problems: Vec<Problem>,
    /// Test-fixture folders not searched (sorted, the first 50) and how many there were.
    pub fixtures_skipped: Vec<String>,
    pub fixtures_skipped_count: usize,
}

/// A manifest or lockfile the walk found.
struct Candidate {
    rel: String,
    abs: PathBuf,
    format: &'static Format,
}

#[derive(Default)]
struct Found {
    candidates: Vec<Candidate>,
    /// Relative paths of every file whose name can supersede another format.
    superseding: BTreeSet<String>,
    problems: Vec<Problem>,
    /// Test-fixture folders left out.
    fixtures: Vec<String>,
}

/// Find and parse every manifest and lockfile below `root` (a folder, or one file).
pub fn inventory(root: &Path, scan: &ScanConfig, extra_excludes: &[String]) -> Inventory {
    let mut patterns = scan.exclude.clone();
    patterns.extend(extra_excludes.iter().cloned());
    let exclude = match PathGlobs::new(&patterns) {
        Ok(g) => g,
        Err(e) => {
            return Inventory {
                problems: vec![Problem::new(
                    "",
                    Stage::Dependencies,
                    format!("no lockfile was searched: {e}"),
                )],
                ..Inventory::default()
            };
        }
    };
    let (base, found) = if root.is_file() {
        (
            root.parent().unwrap_or(Path::new("")).to_path_buf(),
            single(root),
        )
    } else {
        (root.to_path_buf(), walk(root, scan, &exclude))
    };
    let Found {
        mut candidates,
        superseding,
        mut problems,
        mut fixtures,
    } = found;
    candidates.retain(|c| {
        let folder = c.rel.rfind('/').map_or("", |i| &c.rel[..=i]);
        !c.format
            .superseded_by
            .iter()
            .any(|name| superseding.contains(&format!("{folder}{name}")))
    });
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    let base_canon = base.canonicalize().unwrap_or_else(|_| base.clone());
    let outcomes: Vec<Outcome> = candidates
        .par_iter()
        .map(|c| parse_one(c, &base_canon))
        .collect();
    let mut inv = Inventory::default();
    for o in outcomes {
        inv.dependencies.extend(o.dependencies);
        inv.lockfiles.extend(o.summary);
        problems.extend(o.problems);
    }
    inv.dependencies.sort_by(|a, b| {
        (&a.source, a.line, &a.name, &a.version).cmp(&(&b.source, b.line, &b.name, &b.version))
    });
    // A file included by two requirements files is read twice: keep one entry.
    inv.dependencies.dedup_by(|a, b| {
        (a.ecosystem, &a.source, a.line, &a.name, &a.version)
            == (b.ecosystem, &b.source, b.line, &b.name, &b.version)
    });
    inv.lockfiles.sort_by(|a, b| a.path.cmp(&b.path));
    fixtures.sort();
    inv.fixtures_skipped_count = fixtures.len();
    fixtures.truncate(FIXTURE_LIST_CAP);
    inv.fixtures_skipped = fixtures;
    problems.sort();
    problems.dedup();
    inv.problems = problems;
    inv
}

/// Take the manifests and lockfiles that were read off the scan's `unsupported` list (they are
/// not code, but they were not ignored either).
pub fn unlist_read(
    skipped: &mut std::collections::BTreeMap<crate::model::SkipReason, crate::model::SkipList>,
    lockfiles: &[LockfileSummary],
) {
    use crate::model::SkipReason;
    let read: BTreeSet<&str> = lockfiles
        .iter()
        .flat_map(|l| {
            std::iter::once(l.path.as_str()).chain(l.manifests.iter().map(String::as_str))
        })
        .collect();
    let listed_elsewhere = |p: &str| {
        skipped
            .iter()
            .any(|(r, l)| *r != SkipReason::Unsupported && l.paths.iter().any(|x| x == p))
    };
    let elsewhere: BTreeSet<&str> = read
        .iter()
        .copied()
        .filter(|p| listed_elsewhere(p))
        .collect();
    let Some(list) = skipped.get_mut(&SkipReason::Unsupported) else {
        return;
    };
    let capped = list.count > list.paths.len();
    let before = list.paths.len();
    list.paths.retain(|p| !read.contains(p.as_str()));
    let mut removed = before - list.paths.len();
    if capped {
        // Beyond the listed paths, a read file that no other reason lists was unsupported too.
        removed = read.len() - elsewhere.len();
    }
    list.count = list.count.saturating_sub(removed);
    if list.count == 0 {
        skipped.remove(&SkipReason::Unsupported);
    }
}

/// The root itself is a file: it is read if it is a format (then its folder is the base).
fn single(root: &Path) -> Found {
    let mut found = Found::default();
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(format) = lockfiles::format_of(&name) {
        found.candidates.push(Candidate {
            rel: name,
            abs: root.to_path_buf(),
            format,
        });
    }
    found
}

fn walk(root: &Path, scan: &ScanConfig, exclude: &PathGlobs) -> Found {
    let superseding_names: BTreeSet<&str> = lockfiles::formats()
        .flat_map(|f| f.superseded_by.iter().copied())
        .collect();
    let merged = Mutex::new(Found::default());
    let walker = walk_builder(root, scan.follow_links).build_parallel();
    walker.run(|| {
        let merged = &merged;
        let superseding_names = &superseding_names;
        Box::new(move |entry| {
            let push = |f: &mut dyn FnMut(&mut Found)| {
                let mut m = merged.lock().unwrap_or_else(|p| p.into_inner());
                f(&mut m);
            };
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let message = err.to_string();
                    push(&mut |m| {
                        m.problems.push(Problem::new(
                            "",
                            Stage::Dependencies,
                            format!("the lockfile walk could not read an entry: {message}"),
                        ))
                    });
                    return WalkState::Continue;
                }
            };
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            let rel = relative(root, entry.path());
            let Some(file_type) = entry.file_type() else {
                return WalkState::Continue;
            };
            let name = entry.file_name().to_string_lossy();
            if file_type.is_dir() {
                let vendored =
                    scan.default_excludes && default_excluded(&name, entry.path()).is_some();
                if vendored || exclude.matches(&rel) {
                    return WalkState::Skip;
                }
                if scan.default_excludes && FIXTURE_DIRS.contains(&name.as_ref()) {
                    push(&mut |m| m.fixtures.push(format!("{rel}/")));
                    return WalkState::Skip;
                }
                return WalkState::Continue;
            }
            if !file_type.is_file() || exclude.matches(&rel) {
                return WalkState::Continue;
            }
            if superseding_names.contains(name.as_ref()) {
                let rel = rel.clone();
                push(&mut |m| {
                    m.superseding.insert(rel.clone());
                });
            }
            if let Some(format) = lockfiles::format_of(&name) {
                let abs = entry.path().to_path_buf();
                push(&mut |m| {
                    m.candidates.push(Candidate {
                        rel: rel.clone(),
                        abs: abs.clone(),
                        format,
                    })
                });
            }
            WalkState::Continue
        })
    });
    merged.into_inner().unwrap_or_else(|p| p.into_inner())
}

#[derive(Default)]
struct Outcome {
    dependencies: Vec<Dependency>,
    summary: Option<LockfileSummary>,
    problems: Vec<Problem>,
}

fn parse_one(c: &Candidate, base: &Path) -> Outcome {
    let mut out = Outcome::default();
    let text = match read_text(&c.abs) {
        Ok(t) => t,
        Err((line, message)) => {
            out.problems
                .push(Problem::at_line(&c.rel, line, Stage::Dependencies, message));
            return out;
        }
    };
    let read = |rel: &str| read_inside(base, rel);
    let input = Input {
        path: &c.rel,
        text: &text,
    };
    let parsed = match catch_unwind(AssertUnwindSafe(|| (c.format.parse)(&input, &read))) {
        Ok(p) => p,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            out.problems.push(Problem::new(
                &c.rel,
                Stage::Dependencies,
                format!("the {} parser panicked: {msg}", c.format.id),
            ));
            return out;
        }
    };
    out.problems = parsed
        .problems
        .into_iter()
        .map(|p| Problem::at_line(p.path, p.line, Stage::Dependencies, p.message))
        .collect();
    let mut manifests = parsed.manifests;
    manifests.sort();
    manifests.dedup();
    out.summary = Some(LockfileSummary {
        path: c.rel.clone(),
        ecosystem: c.format.ecosystem,
        format: parsed.variant.unwrap_or(c.format.id).to_string(),
        manifests,
        totals: Default::default(),
    });
    out.dependencies = parsed.dependencies;
    out
}

/// Another file of the repository for a parser: a relative path without `..`, whose real
/// location (symbolic links resolved) is inside the root.
fn read_inside(base: &Path, rel: &str) -> Option<String> {
    let rel = Path::new(rel);
    if !rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let real = base.join(rel).canonicalize().ok()?;
    if !real.starts_with(base) || !real.is_file() {
        return None;
    }
    read_text(&real).ok()
}

/// Why a file was not read: (line, 0 when none applies; message).
type ReadError = (u32, String);

/// Read a file with the size cap and decode it: UTF-8 (a BOM dropped) or UTF-16 with a BOM.
fn read_text(path: &Path) -> Result<String, ReadError> {
    read_capped(path, MAX_LOCKFILE_BYTES)
}

fn read_capped(path: &Path, cap: u64) -> Result<String, ReadError> {
    let too_large = || {
        let size = if cap >= 1024 * 1024 {
            format!("{} MiB", cap / (1024 * 1024))
        } else {
            format!("{cap} bytes")
        };
        (0, format!("larger than {size}: not read"))
    };
    let file = std::fs::File::open(path).map_err(|e| (0, format!("cannot read: {e}")))?;
    if file.metadata().is_ok_and(|m| m.len() > cap) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| (0, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    decode(bytes)
}

fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            (
                0,
                "not valid UTF-16 (after a UTF-16 byte order mark): not read".to_string(),
            )
        })
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => {
            let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                3
            } else {
                0
            };
            match std::str::from_utf8(&bytes[start..]) {
                Ok(s) => Ok(s.to_string()),
                Err(e) => {
                    let at = start + e.valid_up_to();
                    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    let line = u32::try_from(line).unwrap_or(u32::MAX);
                    Err((line, format!("not valid UTF-8 at byte {at}: not read")))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_bom_utf16_and_invalid_bytes() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF<Project/>".to_vec()),
            Ok("<Project/>".into())
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<packages/>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(utf16), Ok("<packages/>".into()));
        assert_eq!(
            decode(b"GEM\n  specs:\n    caf\xE9 (1.0)\n".to_vec()),
            Err((3, "not valid UTF-8 at byte 20: not read".into()))
        );
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x00, 0xD8]),
            Err((
                0,
                "not valid UTF-16 (after a UTF-16 byte order mark): not read".into()
            ))
        );
    }

    #[test]
    fn the_size_cap_and_read_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("go.mod");
        std::fs::write(&path, "module m\n").unwrap();
        assert_eq!(read_capped(&path, 9), Ok("module m\n".into()));
        assert_eq!(
            read_capped(&path, 8),
            Err((0, "larger than 8 bytes: not read".into()))
        );
        let (line, message) = read_text(&dir.path().join("missing.lock")).unwrap_err();
        assert_eq!(line, 0);
        assert!(message.starts_with("cannot read: "), "{message}");
    }

    #[test]
    fn reads_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/pom.xml"), "<project/>").unwrap();
        std::fs::write(dir.path().join("secret.xml"), "outside").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(
            read_inside(&root, "a/pom.xml").as_deref(),
            Some("<project/>")
        );
        assert_eq!(
            read_inside(&root, "./a/pom.xml").as_deref(),
            Some("<project/>")
        );
        assert_eq!(read_inside(&root, "../secret.xml"), None);
        assert_eq!(read_inside(&root, "a/../../secret.xml"), None);
        assert_eq!(read_inside(&root, "/etc/hostname"), None);
        assert_eq!(read_inside(&root, "a"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.xml"), root.join("link.xml"))
                .unwrap();
            assert_eq!(read_inside(&root, "link.xml"), None);
        }
    }
}
