//! The audited repository is untrusted input (README "Security"): its own quarterdeck.toml may
//! narrow and tune the audit but not reach outside the tree or raise limits; git cannot be
//! redirected by the environment or a planted `.git` file; remote credentials are not
//! recorded; repository text on stderr cannot inject CI workflow commands or terminal escapes.
//! Each test runs the binary on a tree written for it.

use std::fs;
use std::path::Path;

use crate::common::git::TestRepo;
use crate::common::{audit, bin, read_snapshot, stderr};
use quarterdeck::config::{Config, DependenciesConfig, ScanConfig};
use serde_json::Value;

const LEDGER: &str = "def post(entry, book):\n    if entry.amount == 0:\n        return None\n    book.append(entry)\n    return entry\n";

/// Audit without `--quiet`, so config notes reach stderr.
fn audit_loud(root: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .arg("audit")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--format", "json", "--offline"])
        .args(args)
        .output()
        .expect("run quarterdeck")
}

fn paths(s: &Value) -> Vec<String> {
    s["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// A tree whose quarterdeck.toml follows links, and a committed link to a folder outside it
/// holding the auditor's private code.
fn tree_with_link_out(tmp: &Path) -> std::path::PathBuf {
    let outside = tmp.join("auditor-home");
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("deploy_keys.py"),
        "def load_keys():\n    return open('/home/auditor/.ssh/id_ed25519').read()\n",
    )
    .unwrap();
    let root = tmp.join("acquired");
    fs::create_dir_all(root.join("billing")).unwrap();
    fs::write(root.join("billing/ledger.py"), LEDGER).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("billing/shared")).unwrap();
    fs::write(
        root.join("quarterdeck.toml"),
        "[scan]\nfollow_links = true\n",
    )
    .unwrap();
    root
}

#[test]
fn repository_config_cannot_follow_a_link_out_of_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tree_with_link_out(tmp.path());

    let o = audit_loud(&root, &tmp.path().join("plain"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(&tmp.path().join("plain"));
    assert_eq!(paths(&s), ["billing/ledger.py"]);
    let err = stderr(&o);
    assert!(
        err.contains("`scan.follow_links = true` ignored: links are not followed"),
        "{err}"
    );
    assert!(err.contains("--trust-repo-config"), "{err}");

    // The team's own code: the opt-in obeys the file in full.
    let o = audit_loud(&root, &tmp.path().join("trusted"), &["--trust-repo-config"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(&tmp.path().join("trusted"));
    assert!(
        paths(&s).contains(&"billing/shared/deploy_keys.py".to_string()),
        "{:?}",
        paths(&s)
    );
    assert!(!stderr(&o).contains("ignored"), "{}", stderr(&o));

    // The auditor's own --config is obeyed, even for the same keys.
    let conf = tmp.path().join("auditor.toml");
    fs::write(&conf, "[scan]\nfollow_links = true\n").unwrap();
    let conf = conf.to_str().unwrap();
    let o = audit_loud(&root, &tmp.path().join("explicit"), &["--config", conf]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(&tmp.path().join("explicit"));
    assert!(paths(&s).contains(&"billing/shared/deploy_keys.py".to_string()));
}

#[test]
fn repository_config_paths_outside_the_tree_and_registries_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("acquired");
    fs::create_dir_all(root.join("ci/rules")).unwrap();
    fs::write(root.join("ledger.py"), LEDGER).unwrap();
    let cache = tmp.path().join("last-quarter/cache");
    fs::write(
        root.join("quarterdeck.toml"),
        format!(
            "[rules]\ndirs = [\"ci/rules\", \"../../etc\"]\nsuppressions = \"/etc/passwd\"\n\
             [dependencies]\ncache_dir = \"{}\"\nregistry_index = \"../index.json\"\n\
             [registries]\nnpm = \"https://registry.example/npm/\"\n",
            cache.display()
        ),
    )
    .unwrap();

    let o = audit_loud(&root, &tmp.path().join("out"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for key in [
        "`rules.dirs` names",
        "`rules.suppressions` names `/etc/passwd`, outside the audited tree: ignored",
        "`dependencies.cache_dir` names",
        "`dependencies.registry_index` names",
        "`[registries]` (npm) ignored: network endpoints are the auditor's choice",
    ] {
        assert!(err.contains(key), "{key} not in {err}");
    }
    assert!(
        !err.contains("ci/rules"),
        "a rules folder inside is kept: {err}"
    );
    assert!(!cache.exists());

    // The library view of the same file: what is kept and what is dropped.
    let (c, _) = Config::discover(None, &root).unwrap();
    assert_eq!(c.rules.dirs, [root.join("ci/rules")]);
    assert_eq!(c.rules.suppressions, None);
    assert_eq!(c.dependencies.cache_dir, None);
    assert_eq!(c.dependencies.registry_index, None);
    assert!(c.registries.is_empty());
    assert_eq!(c.notes.len(), 5, "{:?}", c.notes);
    let (c, _) = Config::discover_with(None, &root, true).unwrap();
    assert_eq!(c.dependencies.cache_dir, Some(cache.clone()));
    assert_eq!(c.registries.len(), 1);
    assert!(c.notes.is_empty());
}

#[test]
fn a_link_inside_the_tree_cannot_smuggle_a_config_path_out() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("acquired");
    fs::create_dir_all(&root).unwrap();
    fs::create_dir_all(tmp.path().join("secrets")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secrets"), root.join("cache")).unwrap();
    fs::write(
        root.join("quarterdeck.toml"),
        "[dependencies]\ncache_dir = \"cache/registry\"\n[rules]\ndirs = [\"cache\"]\n",
    )
    .unwrap();
    let (c, _) = Config::discover(None, &root).unwrap();
    assert_eq!(c.dependencies.cache_dir, None, "{:?}", c.notes);
    assert!(c.rules.dirs.is_empty(), "{:?}", c.notes);

    fs::write(
        root.join("quarterdeck.toml"),
        "[dependencies]\ncache_dir = \".quarterdeck/cache\"\n",
    )
    .unwrap();
    let (c, _) = Config::discover(None, &root).unwrap();
    assert_eq!(
        c.dependencies.cache_dir,
        Some(root.join(".quarterdeck/cache"))
    );
    assert!(c.notes.is_empty(), "{:?}", c.notes);
}

#[test]
fn repository_config_limits_above_the_defaults_are_lowered() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("acquired");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("ledger.py"), LEDGER).unwrap();
    fs::write(
        root.join("quarterdeck.toml"),
        "[scan]\nmax_file_size = 999999999999\nparse_timeout_ms = 86400000\nmax_line_length = 100\n\
         [dependencies]\nretries = 1000000\ntimeout_secs = 86400\nconcurrency = 4096\n\
         deadline_secs = 99999\nca_file = \"certs/mitm.pem\"\n\
         [history]\ncoupling_max_changeset = 100000\n",
    )
    .unwrap();

    let o = audit_loud(&root, &tmp.path().join("out"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "`dependencies.retries = 1000000` is above the default; 2 is used (a repository's \
             config may only lower limits)"
        ),
        "{err}"
    );
    for key in [
        "`dependencies.timeout_secs = 86400`",
        "`dependencies.concurrency = 4096`",
        "`scan.max_file_size = 999999999999`",
        "`scan.parse_timeout_ms = 86400000`",
        "`history.coupling_max_changeset = 100000`",
        "`dependencies.deadline_secs = 99999`",
        "`dependencies.ca_file = ",
    ] {
        assert!(err.contains(key), "{key} not in {err}");
    }
    assert!(
        !err.contains("max_line_length"),
        "lowering is allowed: {err}"
    );

    let (c, _) = Config::discover(None, &root).unwrap();
    let (dd, ds) = (DependenciesConfig::default(), ScanConfig::default());
    assert_eq!(
        (c.dependencies.retries, c.dependencies.timeout_secs),
        (dd.retries, dd.timeout_secs)
    );
    assert_eq!(c.dependencies.concurrency, dd.concurrency);
    assert_eq!(c.scan.max_file_size, ds.max_file_size);
    assert_eq!(c.scan.parse_timeout_ms, ds.parse_timeout_ms);
    assert_eq!(c.scan.max_line_length, 100);

    // The same file named by the auditor is obeyed.
    let (c, _) = Config::discover(Some(&root.join("quarterdeck.toml")), &root).unwrap();
    assert_eq!(c.dependencies.retries, 1_000_000);
    assert_eq!(c.scan.max_file_size, 999_999_999_999);
    assert!(c.notes.is_empty());
}

fn ledger_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("ledger.py", LEDGER);
    r.commit(
        "Margaret Okafor",
        "margaret@ledger.example",
        "2026-07-01T10:00:00Z",
        "Import the ledger",
    );
    r.write("ledger.py", LEDGER.replace("None", "book"));
    r.commit(
        "Priya Raman",
        "priya@ledger.example",
        "2026-07-02T10:00:00Z",
        "Fix zero entries",
    );
    r
}

fn other_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("payroll.py", "def pay():\n    return 1\n");
    r.commit(
        "Dieter Brandt",
        "dieter@payroll.example",
        "2026-05-01T10:00:00Z",
        "Payroll secrets",
    );
    r
}

#[test]
fn git_dir_in_the_environment_does_not_redirect_the_history() {
    let repo = ledger_repo();
    let other = other_repo();
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("audit")
        .arg(repo.path())
        .arg("--out")
        .arg(out.path())
        .args(["--quiet", "--format", "json"])
        .env("GIT_DIR", other.path().join(".git"))
        .env("GIT_WORK_TREE", other.path())
        .env("GIT_INDEX_FILE", other.path().join(".git/index"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["scan"]["head_commit"], Value::from(repo.head()));
    assert_eq!(s["history"]["status"], "available", "{}", s["history"]);
    assert_eq!(s["history"]["commits"], 2);
    assert_eq!(s["history"]["authors"], 2);
}

#[test]
fn a_git_file_pointing_outside_the_tree_makes_history_unavailable() {
    let other = other_repo();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("unpacked");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("ledger.py"), LEDGER).unwrap();
    fs::write(
        root.join(".git"),
        format!("gitdir: {}\n", other.path().join(".git").display()),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = audit(&root, &out, &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(&out);
    assert_eq!(s["history"]["status"], "unavailable");
    let reason = s["history"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("points git at a repository outside the audited tree"),
        "{reason}"
    );
    let problems = s["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["stage"] == "history"
            && p["message"]
                .as_str()
                .unwrap()
                .contains("outside the audited tree")),
        "{problems:?}"
    );
    // Nor does the snapshot record the other repository's commit.
    assert_eq!(s["scan"]["head_commit"], Value::Null);
    assert!(
        !fs::read_to_string(out.join("snapshot.json"))
            .unwrap()
            .contains("Dieter")
    );
}

/// Audit `root` and return the history's reason, which must say it was refused.
fn refused_history(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let o = audit(root, out.path(), &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["history"]["status"], "unavailable", "{}", s["history"]);
    assert_eq!(s["scan"]["head_commit"], Value::Null);
    let text = fs::read_to_string(out.path().join("snapshot.json")).unwrap();
    assert!(
        !text.contains("Dieter"),
        "the other repository's history leaked"
    );
    s["history"]["reason"].as_str().unwrap().to_string()
}

#[test]
fn a_git_folder_whose_commondir_is_another_repository_is_refused() {
    let other = other_repo();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("unpacked");
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(root.join("ledger.py"), LEDGER).unwrap();
    fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let common = other.path().join(".git");
    fs::write(
        root.join(".git/commondir"),
        format!("{}\n", common.display()),
    )
    .unwrap();
    let reason = refused_history(&root);
    assert!(
        reason.contains("outside the audited tree")
            && reason.contains(&fs::canonicalize(&common).unwrap().display().to_string()),
        "{reason}"
    );
}

#[test]
fn an_object_store_borrowing_another_repositorys_objects_is_refused() {
    let other = other_repo();
    let tree = TestRepo::new();
    tree.write("ledger.py", LEDGER);
    let objects = other.path().join(".git/objects");
    fs::write(
        tree.file(".git/objects/info/alternates"),
        format!("{}\n", objects.display()),
    )
    .unwrap();
    // The planted branch names the other repository's commit, readable only through the
    // borrowed objects.
    tree.git(&["update-ref", "refs/heads/main", &other.head()]);
    let reason = refused_history(tree.path());
    assert!(
        reason.contains(&fs::canonicalize(&objects).unwrap().display().to_string()),
        "{reason}"
    );
}

#[test]
fn a_linked_work_tree_is_still_read() {
    let repo = ledger_repo();
    let tmp = tempfile::tempdir().unwrap();
    let wt = tmp.path().join("q4-review");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        wt.to_str().unwrap(),
        "-b",
        "review",
    ]);
    let out = tmp.path().join("out");
    let o = audit(&wt, &out, &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(&out);
    assert_eq!(s["history"]["status"], "available", "{}", s["history"]);
    assert_eq!(s["history"]["commits"], 2);
    assert_eq!(s["scan"]["branch"], "review");
}

#[test]
fn a_submodule_is_still_read() {
    let lib = other_repo();
    let sup = ledger_repo();
    sup.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.path().to_str().unwrap(),
        "payroll",
    ]);
    sup.commit(
        "Margaret Okafor",
        "margaret@ledger.example",
        "2026-07-03T10:00:00Z",
        "Add payroll as a submodule",
    );
    let dot_git = fs::read_to_string(sup.file("payroll/.git")).unwrap();
    assert!(dot_git.starts_with("gitdir: ../.git/modules/"), "{dot_git}");
    let out = tempfile::tempdir().unwrap();
    let o = audit(&sup.file("payroll"), out.path(), &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(s["history"]["status"], "available", "{}", s["history"]);
    assert_eq!(s["history"]["commits"], 1);
    assert_eq!(s["scan"]["head_commit"], Value::from(lib.head()));
}

#[test]
fn remote_credentials_are_not_recorded() {
    let repo = ledger_repo();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://deploy:p@ss@host.example/finance/ledger.git",
    ]);
    let out = tempfile::tempdir().unwrap();
    let o = audit(repo.path(), out.path(), &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_snapshot(out.path());
    assert_eq!(
        s["scan"]["remote"],
        "https://host.example/finance/ledger.git"
    );
    // Named after the remote's last two components (README "Repository names").
    assert_eq!(s["scan"]["repository"], "finance/ledger");
    let text = fs::read_to_string(out.path().join("snapshot.json")).unwrap();
    assert!(!text.contains("p@ss") && !text.contains("deploy:"));
}

#[test]
fn repository_text_on_stderr_cannot_inject_workflow_commands_or_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("acquired");
    fs::create_dir_all(&root).unwrap();
    let name = "ledger\n::add-mask::hidden\n::error::forged\u{1b}[2J\u{202e}yp.py";
    fs::write(
        root.join(name),
        "def post(entry):\n    # TODO: remove the \u{1b}]0;owned\u{7} hack\n    return entry\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = audit(&root, &out, &["--format", "json", "--fail-on", "info"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("quality gate failed"), "{err}");
    assert!(
        err.contains("ledger\\n::add-mask::hidden\\n::error::forged\\x1b[2J\\u{202e}yp.py:"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{202e}') && !err.contains('\u{7}'));
    for line in err.lines() {
        assert!(!line.starts_with("::"), "a workflow command line: {line:?}");
    }
    // The snapshot keeps the real name.
    let s = read_snapshot(&out);
    assert!(paths(&s).contains(&name.to_string()));
}

#[test]
fn repository_text_in_diff_output_is_escaped_too() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("acquired");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("ledger.py"), LEDGER).unwrap();
    let old = tmp.path().join("q3");
    let o = audit(&root, &old, &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::write(
        root.join("post\n::add-mask::hidden\u{1b}[8m.py"),
        "def post(entry):\n    # FIXME: rounding\n    return entry\n",
    )
    .unwrap();
    let new = tmp.path().join("q4");
    let o = audit(&root, &new, &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin()
        .arg("diff")
        .arg(old.join("snapshot.json"))
        .arg(new.join("snapshot.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "new      post\\n::add-mask::hidden\\x1b[8m.py:2 [maintainability/debt-marker]"
        ),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
    assert!(out.lines().all(|l| !l.starts_with("::")), "{out}");
}
