//! Crate versions: the registry web API (`{base}/api/v1/crates/{name}`: `versions[].num`,
//! `created_at`, `yanked`), or a sparse index (`sparse+` base: one JSON line per version, `pubtime`).

use serde::Deserialize;

use super::http::Http;
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, join, json, released};

#[derive(Deserialize)]
struct Crate {
    versions: Vec<ApiVersion>,
}

#[derive(Deserialize)]
struct ApiVersion {
    num: String,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    yanked: bool,
}

#[derive(Deserialize)]
struct IndexLine {
    vers: String,
    #[serde(default)]
    yanked: bool,
    #[serde(default)]
    pubtime: Option<String>,
}

pub fn fetch(http: &Http, base: &str, name: &str) -> Result<PackageVersions, FetchError> {
    if let Some(index) = base.strip_prefix("sparse+") {
        return fetch_sparse(http, index, name);
    }
    let url = join(base, &format!("api/v1/crates/{name}"));
    let answer = http.get(&url, "application/json")?;
    let doc: Crate = json(&answer, &url)?;
    let versions = doc
        .versions
        .into_iter()
        .map(|v| VersionInfo {
            released: released(v.created_at.as_deref()),
            version: v.num,
            yanked: v.yanked,
            deprecated: None,
        })
        .collect();
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}

/// The file of a crate in a sparse index: `1/a`, `2/ab`, `3/a/abc`, `se/rd/serde` (lower case).
pub fn sparse_path(name: &str) -> String {
    let n = name.to_ascii_lowercase();
    match n.len() {
        0 => String::new(),
        1 => format!("1/{n}"),
        2 => format!("2/{n}"),
        3 => format!("3/{}/{n}", &n[..1]),
        _ => format!("{}/{}/{n}", &n[..2], &n[2..4]),
    }
}

fn fetch_sparse(http: &Http, index: &str, name: &str) -> Result<PackageVersions, FetchError> {
    if !name.is_ascii() || name.is_empty() {
        return Err(FetchError::Name(format!("`{name}` is not a crate name")));
    }
    let url = join(index, &sparse_path(name));
    let answer = http.get(&url, "*/*")?;
    let text = String::from_utf8_lossy(&answer.body);
    let mut versions = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let entry: IndexLine = serde_json::from_str(line).map_err(|e| FetchError::Invalid {
            url: url.clone(),
            message: format!("line {} is not an index entry ({e})", i + 1),
        })?;
        versions.push(VersionInfo {
            released: released(entry.pubtime.as_deref()),
            version: entry.vers,
            yanked: entry.yanked,
            deprecated: None,
        });
    }
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_index_paths() {
        assert_eq!(sparse_path("a"), "1/a");
        assert_eq!(sparse_path("ab"), "2/ab");
        assert_eq!(sparse_path("abc"), "3/a/abc");
        assert_eq!(sparse_path("Ledger-Core"), "le/dg/ledger-core");
    }
}
