//! NuGet's registration resource (`{base}/{id-lower}/index.json`, pages inline or by `@id`,
//! `catalogEntry` `version`/`published`/`listed`/`deprecation`); unlisted counts as yanked.

use serde::Deserialize;

use super::http::{Http, host_of};
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, join, json, released};

#[derive(Deserialize)]
struct Registration {
    #[serde(default)]
    items: Vec<Page>,
}

#[derive(Deserialize)]
struct Page {
    #[serde(rename = "@id", default)]
    id: Option<String>,
    #[serde(default)]
    items: Option<Vec<Leaf>>,
}

#[derive(Deserialize)]
struct Leaf {
    #[serde(rename = "catalogEntry")]
    catalog_entry: CatalogEntry,
}

#[derive(Deserialize)]
struct CatalogEntry {
    version: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    listed: Option<bool>,
    #[serde(default)]
    deprecation: Option<Deprecation>,
}

#[derive(Deserialize)]
struct Deprecation {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(rename = "alternatePackage", default)]
    alternate: Option<Alternate>,
}

#[derive(Deserialize)]
struct Alternate {
    id: String,
}

#[derive(Deserialize)]
struct ServiceIndex {
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: String,
}

/// Most registration pages read for one package (a package with thousands of versions has a
/// few dozen pages of 64).
const MAX_PAGES: usize = 64;

/// The `RegistrationsBaseUrl` of a V3 service index; it must be on the service index's host.
pub fn registration_base(http: &Http, service_index: &str) -> Result<String, FetchError> {
    let answer = http.get(service_index, "application/json")?;
    let index: ServiceIndex = json(&answer, service_index)?;
    let base = index
        .resources
        .iter()
        .filter(|r| r.kind.starts_with("RegistrationsBaseUrl"))
        .max_by_key(|r| r.kind.len())
        .map(|r| r.id.clone())
        .ok_or_else(|| FetchError::Invalid {
            url: service_index.to_string(),
            message: "the service index has no RegistrationsBaseUrl resource".into(),
        })?;
    same_host(service_index, &base)?;
    Ok(base)
}

/// An `@id` a document points to is followed only on the document's own host.
fn same_host(from: &str, to: &str) -> Result<(), FetchError> {
    if host_of(from) == host_of(to) {
        return Ok(());
    }
    Err(FetchError::Invalid {
        url: super::redact::redact_url(from),
        message: format!(
            "it points to another host ({}), which is not followed",
            host_of(to)
        ),
    })
}

pub fn fetch(http: &Http, base: &str, id: &str) -> Result<PackageVersions, FetchError> {
    let url = join(base, &format!("{}/index.json", id.to_ascii_lowercase()));
    let answer = http.get(&url, "application/json")?;
    let reg: Registration = json(&answer, &url)?;
    if reg.items.len() > MAX_PAGES {
        return Err(FetchError::Invalid {
            url,
            message: format!(
                "{} registration pages, more than the {MAX_PAGES} read",
                reg.items.len()
            ),
        });
    }
    let mut versions = Vec::new();
    for page in reg.items {
        let leaves = match (page.items, page.id) {
            (Some(items), _) => items,
            (None, Some(page_url)) => {
                same_host(&url, &page_url)?;
                let answer = http.get(&page_url, "application/json")?;
                json::<Page>(&answer, &page_url)?.items.unwrap_or_default()
            }
            (None, None) => {
                return Err(FetchError::Invalid {
                    url,
                    message: "a page has neither items nor @id".into(),
                });
            }
        };
        versions.extend(leaves.into_iter().map(|l| entry(l.catalog_entry)));
    }
    Ok(PackageVersions {
        deprecated: None,
        versions,
    })
}

fn entry(c: CatalogEntry) -> VersionInfo {
    let date = released(c.published.as_deref());
    // The public feed marks an unlisted version by a 1900 publish date (and `listed: false`).
    let placeholder = date.as_deref().is_some_and(|d| d.starts_with("1900-"));
    let deprecated = c.deprecation.map(|d| {
        let mut text = d.message.unwrap_or_else(|| d.reasons.join(", "));
        if let Some(alt) = d.alternate {
            text = if text.is_empty() {
                format!("use {}", alt.id)
            } else {
                format!("{text}; use {}", alt.id)
            };
        }
        if text.is_empty() {
            "deprecated".to_string()
        } else {
            text
        }
    });
    VersionInfo {
        version: c.version.split('+').next().unwrap_or_default().to_string(),
        released: if placeholder { None } else { date },
        yanked: c.listed == Some(false) || placeholder,
        deprecated,
    }
}
