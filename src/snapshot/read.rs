//! Reading snapshots back: schema checks with clear errors for truncated, foreign, newer and
//! unknown files, and the migration of older supported schemas to the current one.

use std::path::Path;

use serde_json::Value;

use super::fingerprint::sha256_hex;
use super::{OLDEST_SCHEMA_VERSION, Portfolio, SCHEMA_VERSION, Snapshot, SnapshotError};

/// A snapshot as read, with what the comparison records of its file.
#[derive(Debug)]
pub struct ReadSnapshot {
    pub snapshot: Snapshot,
    /// SHA-256 of the file's bytes.
    pub digest: String,
    /// The schema the file had, when it was migrated.
    pub migrated_from: Option<u32>,
}

/// Either kind of document quarterdeck writes.
#[derive(Debug)]
pub enum Document {
    Audit(Box<ReadSnapshot>),
    Portfolio(Box<Portfolio>),
}

fn not_a_snapshot(path: &Path, message: impl Into<String>) -> SnapshotError {
    SnapshotError::NotASnapshot {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Read an audit snapshot (a portfolio is an error saying so).
pub fn read(path: &Path) -> Result<ReadSnapshot, SnapshotError> {
    match read_document(path)? {
        Document::Audit(r) => Ok(*r),
        Document::Portfolio(_) => Err(SnapshotError::Portfolio {
            path: path.to_path_buf(),
        }),
    }
}

/// Read a snapshot or a portfolio.
pub fn read_document(path: &Path) -> Result<Document, SnapshotError> {
    let bytes = std::fs::read(path).map_err(|source| SnapshotError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let digest = sha256_hex(&bytes);
    let mut value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        let what = if e.is_eof() {
            "the file is truncated"
        } else {
            "the file is not valid JSON"
        };
        not_a_snapshot(path, format!("{what} ({e})"))
    })?;
    let Some(obj) = value.as_object() else {
        return Err(not_a_snapshot(path, "the JSON is not an object"));
    };
    let Some(version) = obj.get("schema_version").and_then(Value::as_u64) else {
        return Err(not_a_snapshot(
            path,
            "it has no `schema_version` (is it a quarterdeck snapshot?)",
        ));
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(SnapshotError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < u64::from(OLDEST_SCHEMA_VERSION) {
        return Err(SnapshotError::UnknownSchema {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if obj.get("kind").and_then(Value::as_str) == Some("portfolio") {
        let p: Portfolio = serde_json::from_value(value)
            .map_err(|e| not_a_snapshot(path, format!("invalid portfolio: {e}")))?;
        return Ok(Document::Portfolio(Box::new(p)));
    }
    let from = version as u32;
    if from < 2 {
        migrate_v1(&mut value);
    }
    let mut snapshot: Snapshot = serde_json::from_value(value)
        .map_err(|e| not_a_snapshot(path, format!("it does not have the snapshot's shape: {e}")))?;
    if from < 2 && snapshot.figures.is_empty() {
        snapshot.figures = super::figures::compute(&snapshot);
    }
    Ok(Document::Audit(Box::new(ReadSnapshot {
        snapshot,
        digest,
        migrated_from: (from < SCHEMA_VERSION).then_some(from),
    })))
}

/// Schema 1 (quarterdeck 0.1, before history, dependencies and comparison) to schema 2: the
/// new blocks are absent (defaults), the repository name is taken from the root folder, and
/// the key figures are computed from the files and findings it holds.
fn migrate_v1(value: &mut Value) {
    if let Some(obj) = value.as_object_mut() {
        obj.insert("schema_version".into(), Value::from(SCHEMA_VERSION));
        if let Some(scan) = obj.get_mut("scan").and_then(Value::as_object_mut)
            && !scan.contains_key("repository")
        {
            let name = scan
                .get("root")
                .and_then(Value::as_str)
                .and_then(|r| r.trim_end_matches(['/', '\\']).rsplit(['/', '\\']).next())
                .unwrap_or("")
                .to_string();
            scan.insert("repository".into(), Value::from(name));
        }
    }
}
