//! The Go module proxy protocol: `{base}/{module}/@v/list`, `@v/{version}.info` (`Time`),
//! `@latest` for untagged modules, and the latest `go.mod` for `retract` and `// Deprecated:`.

use serde::Deserialize;

use super::http::Http;
use super::index::{PackageVersions, VersionInfo};
use super::{FetchError, dates_needed, join, json, optional, released};
use crate::deps::model::Ecosystem;
use crate::deps::version::{Version, compare, is_go_pseudo};

#[derive(Deserialize)]
struct Info {
    #[serde(rename = "Version")]
    version: String,
    #[serde(rename = "Time", default)]
    time: Option<String>,
}

/// The proxy's case encoding: each upper-case letter becomes `!` + its lower case.
pub fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn fetch(
    http: &Http,
    base: &str,
    module: &str,
    wanted: &[String],
) -> Result<PackageVersions, FetchError> {
    let root = join(base, &escape(module));
    let list_url = format!("{root}/@v/list");
    let list = http.get(&list_url, "text/plain")?;
    let mut versions: Vec<VersionInfo> = String::from_utf8_lossy(&list.body)
        .split_whitespace()
        .filter(|v| Version::parse(Ecosystem::Go, v).is_some())
        .map(|v| VersionInfo {
            version: v.to_string(),
            released: None,
            yanked: false,
            deprecated: None,
        })
        .collect();
    if versions.is_empty() {
        // No tags: the proxy's `@latest` names a pseudo-version of the default branch.
        let url = format!("{root}/@latest");
        if let Some(answer) = optional(http.get(&url, "application/json"))? {
            let info: Info = json(&answer, &url)?;
            versions.push(VersionInfo {
                version: info.version,
                released: released(info.time.as_deref()),
                yanked: false,
                deprecated: None,
            });
        }
    }
    // Pseudo-versions in use are never listed: the proxy still knows them one by one.
    for w in wanted {
        let listed = versions
            .iter()
            .any(|v| compare(Ecosystem::Go, &v.version, w) == Some(std::cmp::Ordering::Equal));
        if !listed && is_go_pseudo(w) {
            let url = format!("{root}/@v/{}.info", escape(w));
            if let Some(answer) = optional(http.get(&url, "application/json"))? {
                let info: Info = json(&answer, &url)?;
                versions.push(VersionInfo {
                    version: w.clone(),
                    released: released(info.time.as_deref()),
                    yanked: false,
                    deprecated: None,
                });
            }
        }
    }
    // Retractions and deprecation live in the go.mod of the latest version.
    let mut deprecated = None;
    if let Some(newest) = newest(&versions) {
        let url = format!("{root}/@v/{}.mod", escape(&newest));
        if let Some(answer) = optional(http.get(&url, "text/plain"))? {
            let gomod = String::from_utf8_lossy(&answer.body);
            let (retracted, message) = read_go_mod(&gomod);
            deprecated = message;
            for v in &mut versions {
                v.yanked = retracted.iter().any(|r| r.contains(&v.version));
            }
        }
    }
    for v in dates_needed(Ecosystem::Go, &versions, wanted) {
        let Some(slot) = versions
            .iter()
            .position(|x| x.version == v && x.released.is_none())
        else {
            continue;
        };
        let url = format!("{root}/@v/{}.info", escape(&v));
        if let Some(answer) = optional(http.get(&url, "application/json"))? {
            let info: Info = json(&answer, &url)?;
            versions[slot].released = released(info.time.as_deref());
        }
    }
    Ok(PackageVersions {
        deprecated,
        versions,
    })
}

/// The module's latest version as Go reads retractions from it: the newest release, else the
/// newest pre-release.
fn newest(versions: &[VersionInfo]) -> Option<String> {
    let parsed: Vec<(Version, &VersionInfo)> = versions
        .iter()
        .filter_map(|v| Version::parse(Ecosystem::Go, &v.version).map(|p| (p, v)))
        .collect();
    let max = |stable_only: bool| {
        parsed
            .iter()
            .filter(|(p, _)| !stable_only || !p.is_prerelease())
            .reduce(|a, b| {
                if b.0.compare(&a.0) == Some(std::cmp::Ordering::Greater) {
                    b
                } else {
                    a
                }
            })
            .map(|(_, v)| v.version.clone())
    };
    max(true).or_else(|| max(false))
}

/// A retracted version or closed interval.
#[derive(Debug, PartialEq)]
pub struct Retraction {
    low: String,
    high: String,
}

impl Retraction {
    fn contains(&self, v: &str) -> bool {
        let ge = compare(Ecosystem::Go, v, &self.low).is_some_and(|o| o.is_ge());
        let le = compare(Ecosystem::Go, v, &self.high).is_some_and(|o| o.is_le());
        ge && le
    }
}

/// The `retract` directives and the `// Deprecated:` message of a go.mod.
pub fn read_go_mod(text: &str) -> (Vec<Retraction>, Option<String>) {
    let mut retracted = Vec::new();
    let mut deprecated = None;
    let mut comments: Vec<String> = Vec::new();
    let mut in_block = false;
    for raw in text.lines() {
        let line = raw.trim();
        let (code, comment) = match line.find("//") {
            Some(i) => (line[..i].trim(), Some(line[i + 2..].trim())),
            None => (line, None),
        };
        if code.is_empty() {
            if let Some(c) = comment {
                comments.push(c.to_string());
            } else {
                comments.clear();
            }
            continue;
        }
        if let Some(rest) = code.strip_prefix("module")
            && (rest.starts_with(char::is_whitespace) || rest.is_empty())
        {
            let mut all = std::mem::take(&mut comments);
            all.extend(comment.map(str::to_string));
            deprecated = all
                .iter()
                .find_map(|c| c.strip_prefix("Deprecated:").map(|m| m.trim().to_string()));
        }
        comments.clear();
        let spec = if in_block {
            if code == ")" {
                in_block = false;
                continue;
            }
            code
        } else if let Some(rest) = code.strip_prefix("retract") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        if let Some(inner) = spec.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            if let Some((low, high)) = inner.split_once(',') {
                retracted.push(Retraction {
                    low: low.trim().into(),
                    high: high.trim().into(),
                });
            }
        } else if !spec.is_empty() {
            retracted.push(Retraction {
                low: spec.into(),
                high: spec.into(),
            });
        }
    }
    (retracted, deprecated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_upper_case() {
        assert_eq!(
            escape("github.com/Shopify/Sarama"),
            "github.com/!shopify/!sarama"
        );
    }

    #[test]
    fn go_mod_retractions_and_deprecation() {
        let gomod = "// Deprecated: use example.test/ledger/v2 instead.\nmodule example.test/ledger\n\ngo 1.21\n\nretract v1.0.1 // posted duplicate journal lines\nretract [v1.1.0, v1.1.3]\nretract (\n\tv0.9.0\n\t[v0.5.0, v0.6.0] // wrong rounding\n)\n";
        let (r, d) = read_go_mod(gomod);
        assert_eq!(d.as_deref(), Some("use example.test/ledger/v2 instead."));
        assert_eq!(r.len(), 4);
        let hit = |v: &str| r.iter().any(|x| x.contains(v));
        assert!(hit("v1.0.1") && hit("v1.1.2") && hit("v0.9.0") && hit("v0.5.7"));
        assert!(!hit("v1.0.0") && !hit("v1.1.4") && !hit("v0.7.0"));
        let (none, nodep) = read_go_mod("module example.test/ledger // a ledger\n");
        assert!(none.is_empty());
        assert_eq!(nodep, None);
    }
}
