//! Running git: probing the work tree (shallow clone, HEAD), the arguments of the one log pass,
//! and streaming a command's stdout into a parser while its stderr is kept for messages.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::parse::{self, Commit, ParseError};

/// Why history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("git not found (`{program}` could not be started): install git or put it on PATH")]
    GitNotFound { program: String },
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("not a git work tree ({detail}): run the audit inside a git checkout")]
    NotWorkTree { detail: String },
    #[error(
        "shallow clone: the history is cut off, so history metrics are left out; run \
         `git fetch --unshallow` (in CI, check out the full history, e.g. `fetch-depth: 0`)"
    )]
    Shallow,
    #[error("the repository has no commits yet ({detail})")]
    NoCommits { detail: String },
    #[error("`git {what}` failed ({status}): {stderr}")]
    GitFailed {
        what: String,
        status: String,
        stderr: String,
    },
    #[error("unexpected answer from `git {what}`: {text}")]
    Unexpected { what: String, text: String },
    #[error("cannot read `git log` output: {0}")]
    Parse(#[from] ParseError),
    #[error(
        "`{dot_git}` points git at a repository outside the audited tree ({git_dir}); it is \
         not read"
    )]
    OutsideGitDir { dot_git: String, git_dir: String },
}

/// Where and how to run git for one scan root.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    pub program: OsString,
    /// The folder git runs in (`-C`): the scan root, or its parent for a one-file scan.
    pub dir: PathBuf,
    /// `.` when the root is a subfolder of the repository, the file name for a one-file scan.
    pub pathspec: Option<OsString>,
    pub head_time: i64,
}

/// The git program when none is configured.
pub(crate) const DEFAULT_GIT: &str = "git";

/// Environment variables removed from every git quarterdeck runs (README "Security"): those
/// that choose another repository, work tree, index or object store than the one found from
/// the audited folder, inject configuration, or change how paths and diffs are read.
pub const CLEARED_GIT_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_PREFIX",
    "GIT_GRAFT_FILE",
    "GIT_SHALLOW_FILE",
    "GIT_REPLACE_REF_BASE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_EXTERNAL_DIFF",
    "GIT_DIFF_OPTS",
    "GIT_PAGER",
    "GIT_LITERAL_PATHSPECS",
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
];

/// Every git quarterdeck runs starts here: the environment above cleared, run in `dir`, no
/// pager, literal pathspecs, no optional locks (nothing is written to the repository), and the
/// repository's configuration that could start a program (`core.fsmonitor`) or change the
/// output pinned. `git log` adds `--no-ext-diff --no-textconv` (`log_args`).
fn command(program: &OsStr, dir: &Path) -> Command {
    let mut c = Command::new(program);
    for v in CLEARED_GIT_ENV {
        c.env_remove(v);
    }
    c.env("GIT_TERMINAL_PROMPT", "0")
        .arg("-C")
        .arg(dir)
        .args([
            "--no-pager",
            "--literal-pathspecs",
            "--no-optional-locks",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
        ])
        .args(["-c", "color.ui=never"])
        .stdin(Stdio::null());
    c
}

/// A small git command's trimmed stdout, `None` when git fails or prints nothing (the
/// snapshot's git info, which is best-effort).
pub(crate) fn output(program: &OsStr, dir: &Path, args: &[&str]) -> Option<String> {
    let out = run(program, dir, args).ok()?.ok()?;
    let s = String::from_utf8(out).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // git's own `fatal: ` / `error: ` label is not shown: the message says what failed.
    let line = ["fatal: ", "error: "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .unwrap_or(line);
    line.chars().take(300).collect()
}

fn spawn_error(program: &OsStr, e: std::io::Error) -> HistoryError {
    let program = program.to_string_lossy().into_owned();
    if e.kind() == std::io::ErrorKind::NotFound {
        HistoryError::GitNotFound { program }
    } else {
        HistoryError::Spawn { program, source: e }
    }
}

/// Run a small git command to completion: its stdout, or its stderr's first line.
fn run(
    program: &OsStr,
    dir: &Path,
    args: &[&str],
) -> Result<Result<Vec<u8>, String>, HistoryError> {
    let out = command(program, dir)
        .args(args)
        .output()
        .map_err(|e| spawn_error(program, e))?;
    if out.status.success() {
        Ok(Ok(out.stdout))
    } else {
        let msg = first_line(&out.stderr);
        Ok(Err(if msg.is_empty() {
            out.status.to_string()
        } else {
            msg
        }))
    }
}

/// Check that `root` is in a full (not shallow) git work tree with a commit, and find HEAD.
pub(crate) fn probe(program: &OsStr, root: &Path) -> Result<Repo, HistoryError> {
    let (dir, file) = if root.is_file() {
        let parent = root.parent().filter(|p| !p.as_os_str().is_empty());
        (
            parent.unwrap_or(Path::new(".")).to_path_buf(),
            root.file_name().map(OsStr::to_os_string),
        )
    } else {
        (root.to_path_buf(), None)
    };
    let args = [
        "rev-parse",
        "--is-inside-work-tree",
        "--is-shallow-repository",
        "--show-prefix",
    ];
    let out = run(program, &dir, &args)?.map_err(|detail| HistoryError::NotWorkTree {
        detail: if detail.starts_with("not a git repository") {
            "no .git here or in a parent folder".into()
        } else {
            detail
        },
    })?;
    let text = String::from_utf8_lossy(&out);
    let mut lines = text.lines();
    match lines.next() {
        Some("true") => {}
        Some("false") => {
            return Err(HistoryError::NotWorkTree {
                detail: "inside the repository's .git folder".into(),
            });
        }
        _ => {
            return Err(HistoryError::Unexpected {
                what: "rev-parse".into(),
                text: first_line(&out),
            });
        }
    }
    if lines.next() == Some("true") {
        return Err(HistoryError::Shallow);
    }
    guard(program, &dir)?;
    let prefix = lines.next().unwrap_or("");
    let pathspec = file.or_else(|| (!prefix.is_empty()).then(|| OsString::from(".")));
    let out = run(program, &dir, &["log", "-1", "--format=%ct", "HEAD", "--"])?
        .map_err(|detail| HistoryError::NoCommits { detail })?;
    let head_time =
        String::from_utf8_lossy(&out)
            .trim()
            .parse()
            .map_err(|_| HistoryError::Unexpected {
                what: "log -1".into(),
                text: first_line(&out),
            })?;
    Ok(Repo {
        program: program.to_os_string(),
        dir,
        pathspec,
        head_time,
    })
}

/// Refuse a repository that reaches outside the work tree holding `dir`: a `.git` file (or
/// link) pointing elsewhere, a `commondir` naming another repository, or an object store
/// borrowing another's objects (`objects/info/alternates`), unless git's own bookkeeping
/// vouches for it: a linked work tree (`git worktree add`) whose repository names this `.git`
/// file back, or a submodule whose repository is in an enclosing repository's
/// `.git/modules/`. An unpacked archive cannot plant such a pointer to another repository on
/// the machine (README "Security").
pub(crate) fn guard(program: &OsStr, dir: &Path) -> Result<(), HistoryError> {
    let args = [
        "rev-parse",
        "--path-format=absolute",
        "--absolute-git-dir",
        "--git-common-dir",
        "--show-toplevel",
    ];
    let out = run(program, dir, &args)?.map_err(|detail| HistoryError::NotWorkTree { detail })?;
    let text = String::from_utf8_lossy(&out);
    let mut lines = text.lines();
    let (Some(git_dir), Some(common), Some(top)) = (lines.next(), lines.next(), lines.next())
    else {
        return Err(HistoryError::Unexpected {
            what: "rev-parse --absolute-git-dir".into(),
            text: first_line(&out),
        });
    };
    let [git_dir, common, top] = [git_dir, common, top].map(|p| canon(Path::new(p)));
    let dot_git = top.join(".git");
    let outside = |what: &Path| HistoryError::OutsideGitDir {
        dot_git: dot_git.display().to_string(),
        git_dir: what.display().to_string(),
    };
    let Ok(meta) = std::fs::symlink_metadata(&dot_git) else {
        // A work tree named by a repository's `core.worktree`: not found from the tree.
        return Err(outside(&git_dir));
    };
    // A submodule's repository lives in an enclosing repository's `.git/modules/`.
    let in_tree = |p: &Path| {
        p.starts_with(&top)
            || top.ancestors().skip(1).any(|a| {
                let parent_git = a.join(".git");
                std::fs::symlink_metadata(&parent_git).is_ok_and(|m| m.is_dir())
                    && p.starts_with(parent_git.join("modules"))
            })
    };
    // A linked work tree: its repository's `gitdir` file names this `.git` file.
    let linked = meta.is_file()
        && std::fs::read_to_string(git_dir.join("gitdir"))
            .is_ok_and(|back| canon(Path::new(back.trim())) == canon(&dot_git));
    if !in_tree(&git_dir) && !linked {
        return Err(outside(&git_dir));
    }
    if common != git_dir
        && !in_tree(&common)
        && !(linked && git_dir.starts_with(common.join("worktrees")))
    {
        return Err(outside(&common));
    }
    if linked {
        return Ok(());
    }
    // Borrowed objects, followed as git does (at most 5 deep).
    let mut stores = vec![(common.join("objects"), 0)];
    while let Some((objects, depth)) = stores.pop() {
        let Ok(list) = std::fs::read_to_string(objects.join("info/alternates")) else {
            continue;
        };
        for line in list.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let alt = canon(&objects.join(line.trim_matches('"')));
            if !in_tree(&alt) {
                return Err(outside(&alt));
            }
            if depth < 5 {
                stores.push((alt, depth + 1));
            }
        }
    }
    Ok(())
}

/// `p` with its links resolved, or as it is when it cannot be.
fn canon(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The arguments of the one history pass (after `git -C DIR`): every non-merge commit's
/// zero-context patch with rename detection, merges without a diff, user config that would
/// change the output pinned. Public for the benchmark.
pub fn log_args(since: Option<i64>, pathspec: Option<&OsStr>) -> Vec<OsString> {
    let mut a: Vec<OsString> = [
        "-c",
        "diff.noprefix=false",
        "-c",
        "diff.mnemonicPrefix=false",
        "-c",
        "diff.algorithm=myers",
        "-c",
        "diff.indentHeuristic=true",
        "-c",
        "diff.renameLimit=1000",
        "log",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--diff-merges=off",
        "--patch",
        "--unified=0",
        "--inter-hunk-context=0",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--relative",
        "--encoding=UTF-8",
        parse::FORMAT,
    ]
    .iter()
    .map(OsString::from)
    .collect();
    if let Some(t) = since {
        a.push(format!("--max-age={t}").into());
    }
    a.push("HEAD".into());
    if let Some(p) = pathspec {
        a.push("--full-history".into());
        a.push("--".into());
        a.push(p.to_os_string());
    }
    a
}

/// Stream `git log` (with `log_args`) into `sink`. Returns git's stderr (warnings) when it
/// succeeded; a git that fails mid-stream is an error whatever was already read.
pub(crate) fn stream_log(
    repo: &Repo,
    since: Option<i64>,
    sink: impl FnMut(&Commit),
) -> Result<String, HistoryError> {
    let mut cmd = command(&repo.program, &repo.dir);
    cmd.args(log_args(since, repo.pathspec.as_deref()));
    stream(cmd, &repo.program, "log", |out| parse::parse(out, sink))
}

/// Each author's newest author date over every ref (`git log --all`), for "left" detection.
pub(crate) fn last_seen(repo: &Repo) -> Result<HashMap<Vec<u8>, i64>, HistoryError> {
    let mut cmd = command(&repo.program, &repo.dir);
    cmd.args(["log", "--all", "--format=%aN%x00%at"]);
    let mut seen: HashMap<Vec<u8>, i64> = HashMap::new();
    stream(cmd, &repo.program, "log --all", |mut out| {
        let mut line = Vec::new();
        loop {
            line.clear();
            if out.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            let l = line.strip_suffix(b"\n").unwrap_or(&line);
            let Some(nul) = l.iter().position(|&b| b == 0) else {
                continue;
            };
            let Ok(t) = std::str::from_utf8(&l[nul + 1..])
                .unwrap_or("")
                .parse::<i64>()
            else {
                continue;
            };
            match seen.get_mut(&l[..nul]) {
                Some(v) => *v = (*v).max(t),
                None => {
                    seen.insert(l[..nul].to_vec(), t);
                }
            }
        }
    })?;
    Ok(seen)
}

const STDERR_CAP: usize = 64 * 1024;

fn stream(
    mut cmd: Command,
    program: &OsStr,
    what: &str,
    read: impl FnOnce(BufReader<std::process::ChildStdout>) -> Result<(), ParseError>,
) -> Result<String, HistoryError> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(program, e))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(HistoryError::Unexpected {
            what: what.into(),
            text: "no output pipes".into(),
        });
    };
    let errors = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut rest = Vec::new();
        let mut taker = stderr.take(STDERR_CAP as u64);
        let _ = taker.read_to_end(&mut kept);
        // Drain the rest so git never blocks on a full pipe.
        let _ = taker.into_inner().read_to_end(&mut rest);
        kept
    });
    // An interrupted run (README "Outputs and interruption") kills git at once: its output
    // ends, the reader returns, and the audit stops.
    let child = std::sync::Mutex::new(child);
    let done = std::sync::atomic::AtomicBool::new(false);
    let parsed = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if crate::util::cancel::cancelled() {
                    if let Ok(mut c) = child.lock() {
                        let _ = c.kill();
                    }
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        let parsed = read(BufReader::with_capacity(1 << 16, stdout));
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        parsed
    });
    let mut child = child.into_inner().unwrap_or_else(|p| p.into_inner());
    if parsed.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| HistoryError::Spawn {
        program: program.to_string_lossy().into_owned(),
        source: e,
    })?;
    let err_text = errors.join().unwrap_or_default();
    // A git killed by us after a parse error has no exit code: the parse error is the news.
    let killed = parsed.is_err() && status.code().is_none();
    if !status.success() && !killed {
        let line = first_line(&err_text);
        return Err(HistoryError::GitFailed {
            what: what.into(),
            status: status.to_string(),
            stderr: if line.is_empty() {
                "no message".into()
            } else {
                line
            },
        });
    }
    parsed?;
    Ok(String::from_utf8_lossy(&err_text).into_owned())
}
