//! The npm registry document (`{base}/{name}`, scoped names as `@scope%2fname`): `versions`
//! with `deprecated`, `time` per version; versions in `time` but gone from `versions` were unpublished.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::http::Http;
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, join, json, package_deprecation, released};
use crate::deps::model::Ecosystem;

#[derive(Deserialize, Serialize)]
struct Document {
    #[serde(default)]
    versions: BTreeMap<String, Manifest>,
    #[serde(default)]
    time: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize, Serialize)]
struct Manifest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deprecated: Option<serde_json::Value>,
}

/// The document cut to what the lag reads (`versions` with `deprecated`, `time`): a popular
/// package's document of several megabytes (readmes, every version's manifest) becomes a few
/// kilobytes in the cache.
fn reduce(body: &[u8]) -> Option<Vec<u8>> {
    let doc: Document = serde_json::from_slice(body).ok()?;
    serde_json::to_vec(&doc).ok()
}

/// The path of a package document: `@scope/name` -> `@scope%2fname`.
pub fn document_path(name: &str) -> String {
    name.replacen('/', "%2f", 1)
}

pub fn fetch(http: &Http, base: &str, name: &str) -> Result<PackageVersions, FetchError> {
    let url = join(base, &document_path(name));
    let answer = http.get_reduced(&url, "application/json", &reduce)?;
    let doc: Document = json(&answer, &url)?;
    let mut versions: Vec<VersionInfo> = doc
        .versions
        .iter()
        .map(|(v, m)| VersionInfo {
            version: v.clone(),
            released: released(doc.time.get(v).and_then(|t| t.as_str())),
            yanked: false,
            deprecated: m.deprecated.as_ref().and_then(deprecation),
        })
        .collect();
    for (v, t) in &doc.time {
        if matches!(v.as_str(), "created" | "modified" | "unpublished")
            || doc.versions.contains_key(v)
        {
            continue;
        }
        versions.push(VersionInfo {
            version: v.clone(),
            released: released(t.as_str()),
            yanked: true,
            deprecated: None,
        });
    }
    let deprecated = package_deprecation(Ecosystem::Npm, &versions);
    Ok(PackageVersions {
        deprecated,
        versions,
    })
}

/// npm writes the message; an empty string (un-deprecated) or `false` means not deprecated.
fn deprecation(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Bool(true) => Some("deprecated".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_paths_and_deprecation_values() {
        assert_eq!(
            document_path("@ledger/vat-rounding"),
            "@ledger%2fvat-rounding"
        );
        assert_eq!(document_path("invoice-dates"), "invoice-dates");
        assert_eq!(
            deprecation(&"use tax-math".into()).as_deref(),
            Some("use tax-math")
        );
        assert_eq!(deprecation(&"  ".into()), None);
        assert_eq!(deprecation(&false.into()), None);
        assert_eq!(deprecation(&true.into()).as_deref(), Some("deprecated"));
    }
}
