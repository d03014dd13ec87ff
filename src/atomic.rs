//! Atomic file writes: a temporary file beside the target (unique per process and call), then a
//! rename, so a reader never sees half a file; the target's folder is created when missing.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Write `parts` to `path` atomically; `sync` flushes to disk before the rename. The
/// temporary file is removed on failure, and an existing `path` is left as it was.
pub fn write_file(path: &Path, parts: &[&[u8]], sync: bool) -> std::io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    std::fs::create_dir_all(dir)?;
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{seq}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        for p in parts {
            f.write_all(p)?;
        }
        if sync {
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_folder_and_replaces_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("audits/2026-Q4/index.json");
        write_file(&p, &[b"{\"a\":", b"1}\n"], true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"a\":1}\n");
        write_file(&p, &[b"{}\n"], false).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{}\n");
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.json"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("snapshot.json");
        std::fs::write(&p, "old").unwrap();
        // A folder where the file should go: the rename fails, the old content stays.
        let target = dir.path().join("busy");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), "x").unwrap();
        assert!(write_file(&target, &[b"new"], false).is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp-")
            })
            .count();
        assert_eq!(leftovers, 0);
    }
}
