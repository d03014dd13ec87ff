//! Packagist's composer v2 metadata (`{base}/p2/{vendor}/{package}.json`): the minified list
//! (each entry inherits the previous one's fields, `"__unset"` removes one), `time`, `abandoned`.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::http::Http;
use super::index::{PackageVersions, VersionInfo, canonical_name};
use super::{FetchError, join, json, released};
use crate::deps::model::Ecosystem;

#[derive(Deserialize)]
struct Document {
    packages: Map<String, Value>,
    #[serde(default)]
    minified: Option<String>,
}

pub fn fetch(http: &Http, base: &str, name: &str) -> Result<PackageVersions, FetchError> {
    let name = canonical_name(Ecosystem::Packagist, name);
    if name.split('/').count() != 2 {
        return Err(FetchError::Name(format!(
            "`{name}` is not a vendor/package name"
        )));
    }
    // Dev branches (`~dev.json`) are not fetched: a branch has no release order.
    let url = join(base, &format!("p2/{name}.json"));
    let answer = http.get(&url, "application/json")?;
    let doc: Document = json(&answer, &url)?;
    let invalid = |message: &str| FetchError::Invalid {
        url: url.clone(),
        message: message.into(),
    };
    let entries = doc
        .packages
        .get(&name)
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(&format!("no `packages.{name}` list")))?;
    let expanded = if doc.minified.as_deref() == Some("composer/2.0") {
        expand(entries)
    } else {
        entries
            .iter()
            .filter_map(|e| e.as_object().cloned())
            .collect()
    };
    let mut versions = Vec::new();
    let mut deprecated = None;
    for (i, entry) in expanded.iter().enumerate() {
        let Some(version) = entry.get("version").and_then(Value::as_str) else {
            return Err(invalid(&format!("entry {i} has no version")));
        };
        if i == 0 {
            // The newest entry says whether the package is abandoned now.
            deprecated = match entry.get("abandoned") {
                Some(Value::Bool(true)) => Some("abandoned".to_string()),
                Some(Value::String(r)) if !r.is_empty() => {
                    Some(format!("abandoned; use {r} instead"))
                }
                _ => None,
            };
        }
        versions.push(VersionInfo {
            version: version.to_string(),
            released: released(entry.get("time").and_then(Value::as_str)),
            yanked: false,
            deprecated: None,
        });
    }
    Ok(PackageVersions {
        deprecated,
        versions,
    })
}

/// Undo composer's minification: entry n = entry n-1 with entry n's fields set, `"__unset"` removed.
pub fn expand(entries: &[Value]) -> Vec<Map<String, Value>> {
    let mut out = Vec::with_capacity(entries.len());
    let mut current: Map<String, Value> = Map::new();
    for e in entries {
        let Some(fields) = e.as_object() else {
            continue;
        };
        for (k, v) in fields {
            if v.as_str() == Some("__unset") {
                current.remove(k);
            } else {
                current.insert(k.clone(), v.clone());
            }
        }
        out.push(current.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_entries_inherit_and_unset() {
        let entries: Vec<Value> = serde_json::from_str(
            r#"[{"name":"acme/invoice-pdf","version":"v3.1.0","time":"2022-09-14T13:45:10+00:00","require":{"php":">=7.4"}},
                {"version":"v3.0.2","time":"2021-12-03T10:00:00+00:00"},
                {"version":"v2.8.5","require":"__unset"}]"#,
        )
        .unwrap();
        let out = expand(&entries);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1]["name"], "acme/invoice-pdf");
        assert_eq!(out[1]["require"]["php"], ">=7.4");
        assert_eq!(
            out[2]["time"], "2021-12-03T10:00:00+00:00",
            "inherited from the entry before"
        );
        assert!(!out[2].contains_key("require"));
    }
}
