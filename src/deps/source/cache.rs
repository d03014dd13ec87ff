//! The disk cache of registry answers: one file per request (SHA-256 of method, URL and Accept),
//! a JSON header line (URL, fetched-at, validators) then the body; written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const CACHE_FORMAT: &str = "quarterdeck-registry-cache";

/// What the cache keeps beside a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub format: String,
    pub key: String,
    pub url: String,
    /// Unix seconds of the (last) fetch or revalidation.
    pub fetched_at: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
}

/// One cached answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub meta: Meta,
    pub body: Vec<u8>,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// The default cache folder: `$XDG_CACHE_HOME/quarterdeck/registry`, else
/// `$HOME/.cache/quarterdeck/registry` (`None` when neither is set).
pub fn default_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = env("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| Path::new(&h).join(".cache"))
        })?;
    Some(base.join("quarterdeck").join("registry"))
}

/// The cache key of one request.
pub fn key(method: &str, url: &str, accept: &str) -> String {
    let digest = Sha256::digest(format!("{method} {url}\n{accept}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Cache {
    /// Open (creating) the folder.
    pub fn open(dir: &Path) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        // Prove the folder is writable now rather than at every write.
        super::write_atomic(&dir.join(".write-test"), &[b"ok\n"], false)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
        })
    }

    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.entry"))
    }

    /// The entry of `key`; `None` when absent or corrupt (it is replaced by the next write).
    pub fn read(&self, key: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let split = bytes.iter().position(|&b| b == b'\n')?;
        let meta: Meta = serde_json::from_slice(&bytes[..split]).ok()?;
        if meta.format != CACHE_FORMAT || meta.key != key {
            return None;
        }
        Some(Entry {
            meta,
            body: bytes[split + 1..].to_vec(),
        })
    }

    /// Write an entry through a temporary file and a rename (a failed write only loses the entry).
    pub fn write(
        &self,
        key: &str,
        url: &str,
        fetched_at: i64,
        answer: &super::http::Answer,
    ) -> bool {
        let meta = Meta {
            format: CACHE_FORMAT.to_string(),
            key: key.to_string(),
            url: url.to_string(),
            fetched_at,
            etag: answer.etag.clone(),
            last_modified: answer.last_modified.clone(),
            content_type: answer.content_type.clone(),
        };
        let Ok(mut line) = serde_json::to_vec(&meta) else {
            return false;
        };
        line.push(b'\n');
        super::write_atomic(&self.path(key), &[&line, &answer.body], false).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::http::Answer;
    use super::*;

    #[test]
    fn round_trip_and_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("registry")).unwrap();
        let k = key(
            "GET",
            "http://127.0.0.1:9/npm/invoice-dates",
            "application/json",
        );
        assert_eq!(k.len(), 64);
        assert_ne!(
            k,
            key(
                "HEAD",
                "http://127.0.0.1:9/npm/invoice-dates",
                "application/json"
            )
        );
        let answer = Answer {
            body: b"{\"versions\":{}}\n{".to_vec(),
            etag: Some("\"e1\"".into()),
            ..Answer::default()
        };
        assert!(cache.write(
            &k,
            "http://127.0.0.1:9/npm/invoice-dates",
            1_700_000_000,
            &answer
        ));
        let entry = cache.read(&k).unwrap();
        assert_eq!(entry.body, answer.body, "the body may hold newlines");
        assert_eq!(
            (entry.meta.fetched_at, entry.meta.etag.as_deref()),
            (1_700_000_000, Some("\"e1\""))
        );
        // An entry copied under another key is not trusted.
        let other = key("GET", "http://127.0.0.1:9/npm/other", "application/json");
        std::fs::copy(cache.path(&k), cache.path(&other)).unwrap();
        assert_eq!(cache.read(&other), None);
        std::fs::write(cache.path(&k), "{\"format\":").unwrap();
        assert_eq!(cache.read(&k), None);
    }

    #[test]
    fn default_folder() {
        let env = |k: &str| match k {
            "XDG_CACHE_HOME" => Some("/var/cache/audit".to_string()),
            "HOME" => Some("/home/ledger".to_string()),
            _ => None,
        };
        assert_eq!(
            default_dir(&env),
            Some(PathBuf::from("/var/cache/audit/quarterdeck/registry"))
        );
        let home_only = |k: &str| (k == "HOME").then(|| "/home/ledger".to_string());
        assert_eq!(
            default_dir(&home_only),
            Some(PathBuf::from("/home/ledger/.cache/quarterdeck/registry"))
        );
        assert_eq!(default_dir(&|_: &str| None), None);
    }
}
