//! Version sources: the offline index, registry clients (one per ecosystem's JSON API shape over
//! a configured base URL), the disk cache, HTTP with retries, and the bounded worker pool.

pub mod bases;
pub mod cache;
mod client;
pub mod http;
pub mod index;
mod pool;
pub mod redact;
pub mod tls;

mod cargo;
mod go;
mod maven;
mod npm;
mod nuget;
mod packagist;
mod pypi;
mod rubygems;

pub use pool::run_pool;

use std::path::Path;

use serde::de::DeserializeOwned;

use self::http::{Answer, Http};
use self::index::{PackageVersions, VersionInfo};
use crate::deps::model::Ecosystem;
use crate::deps::version::Version;

/// Why one package's lookup failed (the rest of the run goes on).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("not found in the registry (HTTP {status} from {url})")]
    NotFound { url: String, status: u16 },
    #[error("registry answered HTTP {status} from {url} (after {attempts} attempt(s))")]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },
    #[error("no answer in time from {url} (after {attempts} attempt(s))")]
    Timeout { url: String, attempts: u32 },
    #[error("cannot reach {url}: {message} (after {attempts} attempt(s))")]
    Connect {
        url: String,
        attempts: u32,
        message: String,
    },
    #[error("invalid answer from {url}: {message}")]
    Invalid { url: String, message: String },
    #[error("{0}")]
    Name(String),
    /// The server's certificate is not signed by a trusted CA (final: not retried).
    #[error("certificate of {url} not trusted: {message}")]
    Certificate { url: String, message: String },
    /// The host name does not resolve (final).
    #[error("host of {url} not found")]
    Dns { url: String },
    /// Nothing listens at the address (final).
    #[error("connection refused by {url}")]
    Refused { url: String },
    /// 401/403 (final): registry authentication is not supported.
    #[error("access denied (HTTP {status}) by {url}")]
    Denied { url: String, status: u16 },
    /// Not asked: the host failed finally several times in a row (`cause`).
    #[error("not asked: {host} {cause}")]
    HostDown { host: String, cause: String },
    /// Not asked: the dependency stage's deadline passed.
    #[error("not asked: the dependency deadline of {secs} s passed")]
    Deadline { secs: u64 },
}

impl FetchError {
    /// The short `lag_reason` of a dependency whose lookup failed.
    pub fn reason(&self) -> String {
        match self {
            FetchError::NotFound { .. } => "not found in the registry".into(),
            FetchError::Status { status, .. } => format!("registry error: HTTP {status}"),
            FetchError::Timeout { .. } => "registry timeout".into(),
            FetchError::Connect { .. } => "registry unreachable".into(),
            FetchError::Invalid { .. } => "invalid registry answer".into(),
            FetchError::Name(m) => m.clone(),
            FetchError::Certificate { .. } => "registry certificate not trusted".into(),
            FetchError::Dns { .. } => "registry host not found".into(),
            FetchError::Refused { .. } => "registry refused the connection".into(),
            FetchError::Denied { status, .. } => format!("registry access denied (HTTP {status})"),
            FetchError::HostDown { cause, .. } => format!("registry not asked: {cause}"),
            FetchError::Deadline { .. } => "dependency deadline passed".into(),
        }
    }

    /// The cause of a failure that is the host's, not the package's (a certificate, DNS, a
    /// refused connection, access denied, a host no longer asked, the deadline): the packages
    /// failing so become one problem per host and cause rather than one each.
    pub fn host_cause(&self) -> Option<String> {
        Some(match self {
            FetchError::Certificate { .. } => {
                "certificate not trusted (set SSL_CERT_FILE or [dependencies] ca_file to the CA that signs it)".into()
            }
            FetchError::Dns { .. } => "host name not found".into(),
            FetchError::Refused { .. } => "connection refused".into(),
            FetchError::Denied { status, .. } => {
                format!("access denied (HTTP {status}; registry authentication is not supported)")
            }
            FetchError::HostDown { cause, .. } => cause.clone(),
            FetchError::Deadline { secs } => format!(
                "the dependency deadline of {secs} s passed ([dependencies] deadline_secs)"
            ),
            _ => return None,
        })
    }

    /// Whether the failure is the host's own and final (counts towards stopping asking it).
    fn is_final_for_host(&self) -> bool {
        matches!(
            self,
            FetchError::Certificate { .. }
                | FetchError::Dns { .. }
                | FetchError::Refused { .. }
                | FetchError::Denied { .. }
        )
    }
}

/// Look one package up in the registry at `base`. `wanted` are the versions in use (clients
/// whose API gives dates one version at a time, Go and Maven, ask only for those and the latest).
pub fn fetch(
    http: &Http,
    eco: Ecosystem,
    base: &str,
    name: &str,
    wanted: &[String],
) -> Result<PackageVersions, FetchError> {
    match eco {
        Ecosystem::Npm => npm::fetch(http, base, name),
        Ecosystem::Pypi => pypi::fetch(http, base, name),
        Ecosystem::Cargo => cargo::fetch(http, base, name),
        Ecosystem::Go => go::fetch(http, base, name, wanted),
        Ecosystem::Maven => maven::fetch(http, base, name, wanted),
        Ecosystem::Rubygems => rubygems::fetch(http, base, name),
        Ecosystem::Packagist => packagist::fetch(http, base, name),
        Ecosystem::Nuget => nuget::fetch(http, base, name),
    }
}

/// Resolve bases that need a request first (a NuGet service index `.../index.json` gives its
/// `RegistrationsBaseUrl`); a failure is returned for the caller's problem list.
pub fn prepare_base(http: &Http, eco: Ecosystem, base: &str) -> Result<String, FetchError> {
    match eco {
        Ecosystem::Nuget if base.trim_end_matches('/').ends_with("index.json") => {
            nuget::registration_base(http, base)
        }
        _ => Ok(base.to_string()),
    }
}

/// `base` + `/` + `path`, with one slash between.
fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The JSON body of an answer as `T`.
fn json<T: DeserializeOwned>(answer: &Answer, url: &str) -> Result<T, FetchError> {
    serde_json::from_slice(&answer.body).map_err(|e| FetchError::Invalid {
        url: url.to_string(),
        message: format!("not the expected JSON ({e})"),
    })
}

/// `Ok(None)` for a 404/410 (something optional the registry does not have).
fn optional(result: Result<Answer, FetchError>) -> Result<Option<Answer>, FetchError> {
    match result {
        Ok(a) => Ok(Some(a)),
        Err(FetchError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A release date as the index keeps it (canonical RFC 3339), or `None` when unreadable.
fn released(text: Option<&str>) -> Option<String> {
    text.and_then(crate::util::time::canonical)
}

/// The versions whose date a per-version API should fetch: each wanted version, and the
/// newest candidate for each (stable, or any when the wanted one is a pre-release).
fn dates_needed(eco: Ecosystem, listed: &[VersionInfo], wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let newest = |pre: bool| {
        listed
            .iter()
            .filter(|v| !v.yanked)
            .filter_map(|v| Version::parse(eco, &v.version).map(|p| (p, v)))
            .filter(|(p, _)| pre || !p.is_prerelease())
            .reduce(|a, b| {
                if b.0.compare(&a.0) == Some(std::cmp::Ordering::Greater) {
                    b
                } else {
                    a
                }
            })
            .map(|(_, v)| v.version.clone())
    };
    for w in wanted {
        let pre = Version::parse(eco, w).is_some_and(|v| v.is_prerelease());
        let listed_form = listed
            .iter()
            .find(|v| {
                v.version == *w
                    || crate::deps::version::compare(eco, &v.version, w)
                        == Some(std::cmp::Ordering::Equal)
            })
            .map(|v| v.version.clone())
            .unwrap_or_else(|| w.clone());
        for v in [Some(listed_form), newest(pre)].into_iter().flatten() {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// Mark the package deprecated when every listed, non-yanked version is (npm deprecates a
/// whole package that way); the message of the newest.
fn package_deprecation(eco: Ecosystem, versions: &[VersionInfo]) -> Option<String> {
    let live: Vec<&VersionInfo> = versions.iter().filter(|v| !v.yanked).collect();
    if live.is_empty() || live.iter().any(|v| v.deprecated.is_none()) {
        return None;
    }
    live.iter()
        .filter_map(|v| Version::parse(eco, &v.version).map(|p| (p, v)))
        .reduce(|a, b| {
            if b.0.compare(&a.0) == Some(std::cmp::Ordering::Greater) {
                b
            } else {
                a
            }
        })
        .and_then(|(_, v)| v.deprecated.clone())
}

/// Write `parts` to `path` atomically (see `crate::util::atomic`).
pub(crate) fn write_atomic(path: &Path, parts: &[&[u8]], sync: bool) -> std::io::Result<()> {
    crate::util::atomic::write_file(path, parts, sync)
}
