//! Writes that cannot be redirected (README "Outputs and interruption"): every temporary file is
//! created exclusively (`O_CREAT|O_EXCL`, which never follows a symlink) under an unpredictable
//! name in the target's own folder, a target that is a symlink is refused, and a synced write is
//! flushed before its rename and its folder after it. [`write_set`] writes the outputs of one run
//! so that they appear together, or not at all.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a set of outputs was not written; the previous contents of the folder are left as they were.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "output folder {} is a symbolic link; give the real folder (refused so that no write can be redirected)",
        path.display()
    )]
    OutIsSymlink { path: PathBuf },
    #[error("output folder {} exists and is not a folder", path.display())]
    OutNotDir { path: PathBuf },
    #[error(
        "{} is a symbolic link; remove it or choose another --out (refused so that no write can be redirected)",
        path.display()
    )]
    TargetIsSymlink { path: PathBuf },
    #[error("{} exists and is not a regular file", path.display())]
    TargetNotFile { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("interrupted; the previous outputs were left as they were")]
    Interrupted,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuse `path` when it is a symlink or not a regular file; `Ok(true)` when it exists.
fn check_target(path: &Path) -> Result<bool, OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::TargetIsSymlink {
            path: path.to_path_buf(),
        }),
        Ok(m) if !m.is_file() => Err(OutputError::TargetNotFile {
            path: path.to_path_buf(),
        }),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io(path)(e)),
    }
}

/// Flush a folder's entries (renames, creations) to disk; a no-op where folders cannot be opened.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// A new, exclusively created temporary file in `dir` whose name starts with `.NAME.` and ends
/// in random characters.
fn exclusive_temp(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp").rand_bytes(12);
    #[cfg(unix)]
    {
        // The usual mode of a created file (narrowed by the umask), not the temp file's 0600.
        use std::os::unix::fs::PermissionsExt;
        b.permissions(Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// Write `parts` to `path` atomically; `sync` flushes the file before the rename and the folder
/// after it. The temporary file is removed on failure, and an existing `path` is left as it was.
/// A `path` that is a symlink is refused (`InvalidInput`).
pub fn write_file(path: &Path, parts: &[&[u8]], sync: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    std::fs::create_dir_all(dir)?;
    check_target(path).map_err(|e| match e {
        OutputError::Io { source, .. } => source,
        other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
    })?;
    // Dropped on any error: the temporary file is removed.
    let mut tmp = exclusive_temp(dir, &name)?;
    for p in parts {
        tmp.as_file_mut().write_all(p)?;
    }
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    if sync {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Write every `(name, bytes)` into the folder `out` so that the run's outputs appear together.
///
/// `out` is created when missing and refused when it (or any target inside it) is a symlink.
/// Every file is first written and synced into a fresh staging folder inside `out` (exclusive,
/// random name, owner-only); `cancelled` is polled between files. Only then is each target
/// replaced by a rename, after a hard link of its previous version is kept in the staging
/// folder: when a rename fails, the renamed targets get their previous versions back. The
/// staging folder is removed on every path out. The renames themselves are not polled: once
/// the first has happened the set is completed.
pub fn write_set(
    out: &Path,
    files: &[(&str, &[u8])],
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<PathBuf>, OutputError> {
    write_set_with(out, files, cancelled, &|from, to| std::fs::rename(from, to))
}

type Rename<'a> = &'a dyn Fn(&Path, &Path) -> std::io::Result<()>;

fn write_set_with(
    out: &Path,
    files: &[(&str, &[u8])],
    cancelled: &dyn Fn() -> bool,
    rename: Rename,
) -> Result<Vec<PathBuf>, OutputError> {
    check_out_dir(out)?;
    std::fs::create_dir_all(out).map_err(io(out))?;
    check_out_dir(out)?;
    for (name, _) in files {
        check_target(&out.join(name))?;
    }
    if cancelled() {
        return Err(OutputError::Interrupted);
    }
    let staging = staging_dir(out)?;
    let stage = staging.path();
    for (name, bytes) in files {
        if cancelled() {
            return Err(OutputError::Interrupted);
        }
        let path = stage.join(name);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io(&path))?;
        f.write_all(bytes).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
    }
    sync_dir(stage).map_err(io(stage))?;
    super::cancel::test_pause("outputs");
    if cancelled() {
        return Err(OutputError::Interrupted);
    }
    let previous = stage.join(".previous");
    std::fs::create_dir(&previous).map_err(io(&previous))?;
    // Check again just before the commit: the folder may have changed while we rendered.
    let mut existed = Vec::with_capacity(files.len());
    for (name, _) in files {
        let target = out.join(name);
        let exists = check_target(&target)?;
        if exists {
            keep_previous(&target, &previous.join(name))?;
        }
        existed.push(exists);
    }
    let mut written = Vec::with_capacity(files.len());
    for (i, (name, _)) in files.iter().enumerate() {
        let target = out.join(name);
        if let Err(e) = rename(&stage.join(name), &target) {
            roll_back(out, &previous, &files[..i], &existed);
            return Err(io(&target)(e));
        }
        written.push(target);
    }
    sync_dir(out).map_err(io(out))?;
    drop(staging);
    Ok(written)
}

/// Refuse an `out` that is a symlink or not a folder (a missing one is fine).
pub fn check_out_dir(out: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::OutIsSymlink {
            path: out.to_path_buf(),
        }),
        Ok(m) if !m.is_dir() => Err(OutputError::OutNotDir {
            path: out.to_path_buf(),
        }),
        // Missing, or unreachable: creating it reports the reason.
        Ok(_) | Err(_) => Ok(()),
    }
}

/// The name every staging folder starts with (README "Outputs and interruption").
pub const STAGING_PREFIX: &str = ".quarterdeck-staging-";

fn staging_dir(out: &Path) -> Result<tempfile::TempDir, OutputError> {
    let mut b = tempfile::Builder::new();
    b.prefix(STAGING_PREFIX).rand_bytes(12);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(Permissions::from_mode(0o700));
    }
    b.tempdir_in(out).map_err(io(out))
}

/// Keep the previous version of `target` at `backup` (a hard link; a copy where links fail).
fn keep_previous(target: &Path, backup: &Path) -> Result<(), OutputError> {
    if std::fs::hard_link(target, backup).is_ok() {
        return Ok(());
    }
    let mut src = File::open(target).map_err(io(target))?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(backup)
        .map_err(io(backup))?;
    std::io::copy(&mut src, &mut dst).map_err(io(backup))?;
    Ok(())
}

/// Undo the renames of `done`: each target gets its previous version back, or is removed when
/// it had none.
fn roll_back(out: &Path, previous: &Path, done: &[(&str, &[u8])], existed: &[bool]) {
    for (i, (name, _)) in done.iter().enumerate() {
        let target = out.join(name);
        if existed.get(i).copied().unwrap_or(false) {
            let _ = std::fs::rename(previous.join(name), &target);
        } else {
            let _ = std::fs::remove_file(&target);
        }
    }
    let _ = sync_dir(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn creates_the_folder_and_replaces_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("audits/2026-Q4/index.json");
        write_file(&p, &[b"{\"a\":", b"1}\n"], true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"a\":1}\n");
        write_file(&p, &[b"{}\n"], false).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{}\n");
        // No temporary file is left beside it.
        assert_eq!(names(p.parent().unwrap()), ["index.json"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("snapshot.json");
        std::fs::write(&p, "old").unwrap();
        // A folder where the file should go: refused, the old content stays.
        let target = dir.path().join("busy");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), "x").unwrap();
        assert!(write_file(&target, &[b"new"], false).is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(names(dir.path()), ["busy", "snapshot.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_target_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("baseline.json");
        std::fs::write(&victim, "last quarter").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("snapshot.json")).unwrap();
        let e = write_file(&out.join("snapshot.json"), &[b"x"], true).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        let e = write_set(&out, &[("snapshot.json", b"x")], &|| false).unwrap_err();
        assert!(matches!(e, OutputError::TargetIsSymlink { .. }), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "last quarter");
        assert_eq!(names(&out), ["snapshot.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn temp_names_are_unpredictable_and_never_follow_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // The old predictable names, planted as links: never written through.
        for seq in 0..4 {
            let name = format!(".report.html.tmp-{}-{seq}", std::process::id());
            std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
        }
        write_file(&out.join("report.html"), &[b"<html>"], true).unwrap();
        write_set(&out, &[("summary.md", b"# s")], &|| false).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(
            std::fs::read_to_string(out.join("report.html")).unwrap(),
            "<html>"
        );
        // Two temp files of the same target get different random names.
        let a = exclusive_temp(&out, "x").unwrap();
        let b = exclusive_temp(&out, "x").unwrap();
        assert_ne!(a.path(), b.path());
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".x.") && name.len() >= ".x.".len() + 12 + ".tmp".len());
    }

    #[cfg(unix)]
    #[test]
    fn an_out_folder_that_is_a_symlink_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("quarterdeck-report");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = write_set(&link, &[("snapshot.json", b"{}")], &|| false).unwrap_err();
        assert!(matches!(e, OutputError::OutIsSymlink { .. }), "{e}");
        assert!(names(&real).is_empty());
    }

    #[test]
    fn a_set_replaces_every_file_and_leaves_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("snapshot.json"), "old").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let written = write_set(
            &out,
            &[("snapshot.json", b"new"), ("summary.md", b"# new")],
            &|| false,
        )
        .unwrap();
        assert_eq!(written, [out.join("snapshot.json"), out.join("summary.md")]);
        assert_eq!(
            std::fs::read_to_string(out.join("snapshot.json")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("summary.md")).unwrap(),
            "# new"
        );
        assert_eq!(names(&out), ["notes.txt", "snapshot.json", "summary.md"]);
    }

    #[test]
    fn an_interrupted_set_leaves_the_folder_exactly_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("snapshot.json"), "old").unwrap();
        // Cancelled after the first file is staged.
        let polls = std::cell::Cell::new(0);
        let cancel = || {
            polls.set(polls.get() + 1);
            polls.get() > 2
        };
        let e = write_set(
            &out,
            &[("snapshot.json", b"new"), ("summary.md", b"# new")],
            &cancel,
        )
        .unwrap_err();
        assert!(matches!(e, OutputError::Interrupted));
        assert_eq!(names(&out), ["snapshot.json"]);
        assert_eq!(
            std::fs::read_to_string(out.join("snapshot.json")).unwrap(),
            "old"
        );
    }

    #[test]
    fn a_failed_rename_rolls_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.json"), "old a").unwrap();
        // The third rename fails (a full disk, a permission change mid-way).
        let calls = std::cell::Cell::new(0);
        let rename = |from: &Path, to: &Path| {
            calls.set(calls.get() + 1);
            if calls.get() == 3 {
                return Err(std::io::Error::other("disk full"));
            }
            std::fs::rename(from, to)
        };
        let e = write_set_with(
            &out,
            &[("a.json", b"new a"), ("c.md", b"new c"), ("d.csv", b"d")],
            &|| false,
            &rename,
        )
        .unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("a.json")).unwrap(),
            "old a"
        );
        assert_eq!(names(&out), ["a.json"]);
    }
}
