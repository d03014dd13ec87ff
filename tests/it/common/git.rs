//! Throw-away git repositories with scripted commits, for tests that need history: fixed
//! authors and dates, isolated from the user's and the system's git config.
//!
//! ```ignore
//! let repo = TestRepo::new();
//! repo.write("billing/invoice.py", "def total():\n    return 0\n");
//! let c1 = repo.commit("Margaret Okafor", "m@ledger.example", "2026-07-01T10:00:00Z", "Import");
//! repo.branch("credit-notes").write("billing/invoice.py", "...");
//! repo.commit("Priya Raman", "p@ledger.example", "2026-07-02T10:00:00Z", "Credit notes");
//! repo.checkout("main").merge("credit-notes", "Margaret Okafor", "m@ledger.example",
//!     "2026-07-03T10:00:00Z", "Merge branch 'credit-notes'");
//! ```
//!
//! Every method panics with git's stderr when git fails: a broken fixture is a broken test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository in a temporary folder (removed on drop), on branch `main`.
pub struct TestRepo {
    dir: tempfile::TempDir,
}

/// Run git in `dir` with no global or system config, no hooks, and the given identity.
fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_AUTHOR_DATE")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("GIT_COMMITTER_DATE");
    c
}

fn run(mut c: Command, what: &str) -> String {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run git {what}: {e}"));
    assert!(
        out.status.success(),
        "git {what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Default for TestRepo {
    fn default() -> Self {
        Self::new()
    }
}

impl TestRepo {
    /// `git init -b main` in a new temporary folder.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temporary folder");
        let r = TestRepo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "core.autocrlf", "false"]);
        r
    }

    /// The repository's top folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of a file in the repository.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Run any git command in the repository; its stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let mut c = git_command(self.path());
        c.args(args);
        run(c, &args.join(" "))
    }

    /// Write a file (parent folders created), text or bytes. Not staged until `commit`.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let p = self.file(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&p, contents).expect("write file");
        self
    }

    /// `git mv FROM TO` (the target's folder created).
    pub fn rename(&self, from: &str, to: &str) -> &Self {
        if let Some(parent) = self.file(to).parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        self.git(&["mv", from, to]);
        self
    }

    /// `git rm PATH`.
    pub fn delete(&self, rel: &str) -> &Self {
        self.git(&["rm", "-q", rel]);
        self
    }

    /// Write `.mailmap` (git reads it from the work tree; it is committed with the next commit).
    pub fn mailmap(&self, text: &str) -> &Self {
        self.write(".mailmap", text)
    }

    fn commit_with(
        &self,
        author: &str,
        email: &str,
        date: &str,
        msg: &str,
        extra: &[&str],
    ) -> String {
        self.git(&["add", "-A"]);
        let mut c = git_command(self.path());
        c.args(["commit", "-q", "--no-verify", "-m", msg])
            .args(extra)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", date);
        run(c, "commit");
        self.head()
    }

    /// Stage everything (`git add -A`) and commit it as `author <email>`, authored and
    /// committed at `date` (`2026-07-01T10:00:00Z`). Returns the new commit's hash.
    pub fn commit(&self, author: &str, email: &str, date: &str, msg: &str) -> String {
        self.commit_with(author, email, date, msg, &[])
    }

    /// A commit that changes nothing (`--allow-empty`).
    pub fn commit_empty(&self, author: &str, email: &str, date: &str, msg: &str) -> String {
        self.commit_with(author, email, date, msg, &["--allow-empty"])
    }

    /// Create a branch at HEAD and switch to it.
    pub fn branch(&self, name: &str) -> &Self {
        self.git(&["switch", "-q", "-c", name]);
        self
    }

    /// Switch to an existing branch.
    pub fn checkout(&self, name: &str) -> &Self {
        self.git(&["switch", "-q", name]);
        self
    }

    /// `git merge --no-ff BRANCH` into the current branch, as `author` at `date`; the merge
    /// commit's hash. The merge must be clean.
    pub fn merge(&self, branch: &str, author: &str, email: &str, date: &str, msg: &str) -> String {
        let mut c = git_command(self.path());
        c.args(["merge", "-q", "--no-ff", "--no-edit", "-m", msg, branch])
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", date);
        run(c, "merge");
        self.head()
    }

    /// HEAD's commit hash.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A shallow clone (`--depth N`) of this repository in a new temporary folder.
    pub fn shallow_clone(&self, depth: u32) -> TestRepo {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("file://{}", self.path().display());
        let mut c = git_command(dir.path());
        c.args(["clone", "-q", "--depth", &depth.to_string(), &url, "."]);
        run(c, "clone");
        TestRepo { dir }
    }

    /// Delete the stored object of `PATH` as of commit `rev` (a loose object), so that git
    /// fails when it reaches it: a corrupt repository.
    pub fn corrupt_blob(&self, rev: &str, path: &str) {
        let id = self.git(&["rev-parse", &format!("{rev}:{path}")]);
        let id = id.trim();
        let object = self
            .path()
            .join(".git/objects")
            .join(&id[..2])
            .join(&id[2..]);
        std::fs::remove_file(&object).expect("the blob is a loose object");
    }
}
