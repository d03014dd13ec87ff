//! The PyPI simple JSON API (PEP 691, `{base}/{name}/` with `Accept:
//! application/vnd.pypi.simple.v1+json`), PEP 700 `versions` and `upload-time`, PEP 592 `yanked`.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::http::Http;
use super::index::{PackageVersions, VersionInfo, canonical_name};
use super::{FetchError, join, json, released};
use crate::deps::model::Ecosystem;

pub const ACCEPT: &str = "application/vnd.pypi.simple.v1+json";

#[derive(Deserialize, Serialize)]
struct Project {
    #[serde(default)]
    files: Vec<File>,
    /// PEP 700 (API 1.1); derived from the file names when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    versions: Option<Vec<String>>,
}

#[derive(Deserialize, Serialize)]
struct File {
    filename: String,
    #[serde(
        default,
        rename = "upload-time",
        skip_serializing_if = "Option::is_none"
    )]
    upload_time: Option<String>,
    /// `false`, `true` or the reason (a string).
    #[serde(default)]
    yanked: serde_json::Value,
}

#[derive(Default)]
struct Files {
    earliest: Option<String>,
    total: usize,
    yanked: usize,
}

pub fn fetch(http: &Http, base: &str, name: &str) -> Result<PackageVersions, FetchError> {
    let project = canonical_name(Ecosystem::Pypi, name);
    let url = join(base, &format!("{project}/"));
    // Only names, upload times and yanked flags are kept (no hashes, URLs, metadata flags).
    let reduce = |body: &[u8]| -> Option<Vec<u8>> {
        let doc: Project = serde_json::from_slice(body).ok()?;
        serde_json::to_vec(&doc).ok()
    };
    let answer = http.get_reduced(&url, ACCEPT, &reduce)?;
    if answer
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("text/html"))
    {
        return Err(FetchError::Invalid {
            url,
            message: format!(
                "the index answered HTML; it must serve the PEP 691 JSON API ({ACCEPT})"
            ),
        });
    }
    let doc: Project = json(&answer, &url)?;
    let mut by_version: BTreeMap<String, Files> = BTreeMap::new();
    for f in &doc.files {
        let Some(v) = version_of_file(&f.filename, &project).and_then(|v| normalized(&v)) else {
            continue;
        };
        let entry = by_version.entry(v).or_default();
        entry.total += 1;
        if !matches!(
            f.yanked,
            serde_json::Value::Bool(false) | serde_json::Value::Null
        ) {
            entry.yanked += 1;
        }
        if let Some(d) = released(f.upload_time.as_deref())
            && entry.earliest.as_ref().is_none_or(|e| d < *e)
        {
            entry.earliest = Some(d);
        }
    }
    let listed: Vec<String> = match doc.versions {
        Some(v) => v,
        None => by_version.keys().cloned().collect(),
    };
    let versions = listed
        .into_iter()
        .map(|version| {
            let files = normalized(&version).and_then(|n| by_version.get(&n));
            VersionInfo {
                released: files.and_then(|f| f.earliest.clone()),
                // PEP 592: a version is yanked when all of its files are.
                // A version without files cannot be installed: it counts as yanked.
                yanked: files.is_none_or(|f| f.total == 0 || f.yanked == f.total),
                deprecated: None,
                version,
            }
        })
        .collect();
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}

fn normalized(v: &str) -> Option<String> {
    pep440_rs::Version::from_str(v).ok().map(|v| v.to_string())
}

/// The version in a distribution file name: wheels `{name}-{version}-...whl`, eggs alike,
/// sdists `{name}-{version}.tar.gz` where the name may itself hold dashes.
pub fn version_of_file(filename: &str, project: &str) -> Option<String> {
    if let Some(stem) = filename
        .strip_suffix(".whl")
        .or_else(|| filename.strip_suffix(".egg"))
    {
        return stem.split('-').nth(1).map(str::to_string);
    }
    let stem = [".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"]
        .iter()
        .find_map(|ext| filename.strip_suffix(ext))?;
    stem.match_indices('-')
        .map(|(i, _)| i)
        .find(|&i| canonical_name(Ecosystem::Pypi, &stem[..i]) == project)
        .map(|i| stem[i + 1..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_file_names() {
        let p = "payroll-tax-tables";
        assert_eq!(
            version_of_file("payroll_tax_tables-2.4.0-py3-none-any.whl", p).as_deref(),
            Some("2.4.0")
        );
        assert_eq!(
            version_of_file("payroll-tax-tables-2.4.0.tar.gz", p).as_deref(),
            Some("2.4.0")
        );
        assert_eq!(
            version_of_file("Payroll.Tax_Tables-3.1.0rc1.zip", p).as_deref(),
            Some("3.1.0rc1")
        );
        assert_eq!(
            version_of_file("payroll_tax_tables-1.0-py2.7.egg", p).as_deref(),
            Some("1.0")
        );
        assert_eq!(
            version_of_file("payroll-tax-tables-2.4.0.win32.exe", p),
            None
        );
        assert_eq!(version_of_file("payroll-2.4.0.tar.gz", p), None);
        assert_eq!(normalized("1.0.0RC1").as_deref(), Some("1.0.0rc1"));
    }
}
