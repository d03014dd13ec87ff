//! The offline registry index (docs/registry-index.md): versions with release dates and
//! yanked/deprecated flags per ecosystem and package, loaded from a file or a folder of files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::deps::model::{ECOSYSTEM_IDS, Ecosystem};
use crate::deps::version::Version;

/// The `format` value of an index file.
pub const INDEX_FORMAT: &str = "quarterdeck-registry-index";
/// The format version this build reads and writes.
pub const INDEX_VERSION: u32 = 1;

/// The versions a registry lists for one package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageVersions {
    /// The whole package is deprecated/abandoned: the message or replacement (`null`: not).
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default)]
    pub versions: Vec<VersionInfo>,
}

/// One version of a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionInfo {
    pub version: String,
    /// RFC 3339 release date (`null`: unknown).
    #[serde(default)]
    pub released: Option<String>,
    /// Yanked, unpublished, unlisted or retracted.
    #[serde(default)]
    pub yanked: bool,
    /// This version is deprecated: the message (`null`: not).
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// An offline registry index: `packages[ecosystem][name]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryIndex {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub generated_at: Option<String>,
    /// Keyed by ecosystem id (`npm`, `pypi`, ...), then by canonical package name.
    pub packages: BTreeMap<String, BTreeMap<String, PackageVersions>>,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("cannot read registry index {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("registry index {path} line {line} column {column}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("registry index {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "registry index {first} and {second} both list {ecosystem} package `{name}` differently"
    )]
    Conflict {
        ecosystem: String,
        name: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("cannot write registry index {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Default for RegistryIndex {
    fn default() -> Self {
        RegistryIndex {
            format: INDEX_FORMAT.to_string(),
            version: INDEX_VERSION,
            generated_at: None,
            packages: BTreeMap::new(),
        }
    }
}

impl RegistryIndex {
    /// Load an index file, or every `*.json` file of a folder merged (sorted by name; the same
    /// package in two files with different content is a conflict naming both).
    pub fn load(path: &Path) -> Result<Self, IndexError> {
        let read_err = |source| IndexError::Read {
            path: path.to_path_buf(),
            source,
        };
        if !path.is_dir() {
            return load_file(path);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(read_err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(IndexError::Invalid {
                path: path.to_path_buf(),
                message: "the folder holds no *.json index file".into(),
            });
        }
        let mut merged = RegistryIndex::default();
        let mut origin: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
        for file in files {
            let one = load_file(&file)?;
            if merged.generated_at < one.generated_at {
                merged.generated_at = one.generated_at.clone();
            }
            for (eco, packages) in one.packages {
                let target = merged.packages.entry(eco.clone()).or_default();
                for (name, versions) in packages {
                    let key = (eco.clone(), name.clone());
                    match target.get(&name) {
                        Some(existing) if *existing != versions => {
                            return Err(IndexError::Conflict {
                                ecosystem: eco,
                                first: origin.get(&key).cloned().unwrap_or_default(),
                                second: file,
                                name,
                            });
                        }
                        Some(_) => {}
                        None => {
                            origin.insert(key, file.clone());
                            target.insert(name, versions);
                        }
                    }
                }
            }
        }
        Ok(merged)
    }

    /// Write the index as pretty JSON with sorted keys, through a temporary file and a rename.
    pub fn write_atomic(&self, path: &Path) -> Result<(), IndexError> {
        let err = |source| IndexError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| err(std::io::Error::other(e)))?;
        text.push('\n');
        super::write_atomic(path, &[text.as_bytes()], true).map_err(err)
    }

    /// The versions of one package (looked up by its canonical name).
    pub fn get(&self, eco: Ecosystem, name: &str) -> Option<&PackageVersions> {
        self.packages
            .get(eco.as_str())?
            .get(&canonical_name(eco, name))
    }

    /// Add or replace one package, sorting its versions in the ecosystem's order.
    pub fn insert(&mut self, eco: Ecosystem, name: &str, mut versions: PackageVersions) {
        sort_versions(eco, &mut versions.versions);
        self.packages
            .entry(eco.as_str().to_string())
            .or_default()
            .insert(canonical_name(eco, name), versions);
    }
}

/// Versions oldest first in the ecosystem's order (unorderable ones last, by text).
pub fn sort_versions(eco: Ecosystem, versions: &mut [VersionInfo]) {
    versions.sort_by(|a, b| {
        let (pa, pb) = (
            Version::parse(eco, &a.version),
            Version::parse(eco, &b.version),
        );
        let order = match (&pa, &pb) {
            (Some(x), Some(y)) => x.compare(y).unwrap_or(std::cmp::Ordering::Equal),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        order.then_with(|| a.version.cmp(&b.version))
    });
}

/// The name a registry knows a package by, for lookups and deduplication: PEP 503 for PyPI,
/// lower case for NuGet and Packagist, as written elsewhere.
pub fn canonical_name(eco: Ecosystem, name: &str) -> String {
    let name = name.trim();
    match eco {
        Ecosystem::Pypi => {
            let mut out = String::with_capacity(name.len());
            let mut sep = false;
            for c in name.chars() {
                if matches!(c, '-' | '_' | '.') {
                    sep = true;
                } else {
                    if sep && !out.is_empty() {
                        out.push('-');
                    }
                    sep = false;
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        Ecosystem::Nuget | Ecosystem::Packagist => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

fn load_file(path: &Path) -> Result<RegistryIndex, IndexError> {
    let text = std::fs::read_to_string(path).map_err(|source| IndexError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let index: RegistryIndex = serde_json::from_str(&text).map_err(|e| IndexError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let invalid = |message: String| IndexError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    if index.format != INDEX_FORMAT {
        return Err(invalid(format!(
            "format is `{}`, expected `{INDEX_FORMAT}`",
            index.format
        )));
    }
    if index.version != INDEX_VERSION {
        return Err(invalid(format!(
            "format version {} is not supported (this build reads version {INDEX_VERSION})",
            index.version
        )));
    }
    let mut out = RegistryIndex {
        packages: BTreeMap::new(),
        ..index.clone()
    };
    for (eco_id, packages) in index.packages {
        let Some(eco) = Ecosystem::from_id(&eco_id) else {
            return Err(invalid(format!(
                "unknown ecosystem `{eco_id}`; known: {}",
                ECOSYSTEM_IDS.join(", ")
            )));
        };
        for (name, pkg) in packages {
            for (i, v) in pkg.versions.iter().enumerate() {
                if let Some(r) = &v.released
                    && crate::util::time::parse_rfc3339_strict(r).is_none()
                {
                    return Err(invalid(format!(
                        "packages.{eco_id}.{name}.versions[{i}].released: `{r}` is not an RFC 3339 date"
                    )));
                }
            }
            out.packages
                .entry(eco_id.clone())
                .or_default()
                .insert(canonical_name(eco, &name), pkg);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(version: &str) -> VersionInfo {
        VersionInfo {
            version: version.into(),
            released: None,
            yanked: false,
            deprecated: None,
        }
    }

    #[test]
    fn insert_sorts_versions_and_keys_by_canonical_name() {
        let mut index = RegistryIndex::default();
        let pkg = PackageVersions {
            deprecated: None,
            versions: vec![v("1.10.0"), v("1.2.0"), v("not-a-version"), v("1.2.0rc1")],
        };
        index.insert(Ecosystem::Pypi, "Payroll_Tax.Tables", pkg);
        let stored = index.get(Ecosystem::Pypi, "payroll-tax-tables").unwrap();
        let order: Vec<&str> = stored.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(order, ["1.2.0rc1", "1.2.0", "1.10.0", "not-a-version"]);
        assert!(index.packages["pypi"].contains_key("payroll-tax-tables"));
        assert_eq!(
            canonical_name(Ecosystem::Nuget, "Acme.Payroll.Core"),
            "acme.payroll.core"
        );
        assert_eq!(canonical_name(Ecosystem::Npm, "@Ledger/Vat"), "@Ledger/Vat");
    }

    #[test]
    fn load_errors_say_where() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.json");
        std::fs::write(&file, "{\n  \"format\": \"quarterdeck-registry-index\",\n  \"version\": 1,\n  \"packages\": {\"cpan\": {}}\n}\n").unwrap();
        let err = RegistryIndex::load(&file).unwrap_err().to_string();
        assert!(err.contains("unknown ecosystem `cpan`"), "{err}");
        std::fs::write(&file, "{\n  \"format\": \"quarterdeck-registry-index\",\n  \"version\": 1,\n  \"packages\": {\"npm\": []}\n}\n").unwrap();
        match RegistryIndex::load(&file) {
            Err(IndexError::Json { line, .. }) => assert_eq!(line, 4),
            other => panic!("expected a JSON error, got {other:?}"),
        }
        std::fs::write(
            &file,
            "{\"format\": \"other-tool\", \"version\": 1, \"packages\": {}}",
        )
        .unwrap();
        assert!(
            RegistryIndex::load(&file)
                .unwrap_err()
                .to_string()
                .contains("format is `other-tool`")
        );
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(
            RegistryIndex::load(&empty)
                .unwrap_err()
                .to_string()
                .contains("holds no *.json index file")
        );
        assert!(matches!(
            RegistryIndex::load(&dir.path().join("absent.json")),
            Err(IndexError::Read { .. })
        ));
    }
}
