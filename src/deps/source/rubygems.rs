//! RubyGems' versions API (`{base}/api/v1/versions/{name}.json`): `number`, `created_at`,
//! `prerelease` per platform build; yanked versions are not listed at all.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::http::Http;
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, join, json, released};

#[derive(Deserialize)]
struct Release {
    number: String,
    #[serde(default)]
    created_at: Option<String>,
}

pub fn fetch(http: &Http, base: &str, name: &str) -> Result<PackageVersions, FetchError> {
    let url = join(base, &format!("api/v1/versions/{name}.json"));
    let answer = http.get(&url, "application/json")?;
    let releases: Vec<Release> = json(&answer, &url)?;
    // One entry per number: platform builds (`x86_64-linux`) share it; keep the earliest date.
    let mut by_number: BTreeMap<String, Option<String>> = BTreeMap::new();
    for r in releases {
        let date = released(r.created_at.as_deref());
        let slot = by_number.entry(r.number).or_insert_with(|| date.clone());
        let earlier = match (&date, slot.as_ref()) {
            (Some(d), Some(s)) => d < s,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if earlier {
            *slot = date;
        }
    }
    let versions = by_number
        .into_iter()
        .map(|(version, released)| VersionInfo {
            version,
            released,
            yanked: false,
            deprecated: None,
        })
        .collect();
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}
