//! Registry base URLs: `[registries]` first, else each ecosystem's own settings (PIP_INDEX_URL,
//! npm's registry, GOPROXY, cargo's source replacement); nothing configured means no registry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::deps::model::Ecosystem;

/// Reads an environment variable (`std::env::var(..).ok()` in the binary; a map in tests).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Base URLs per ecosystem: `config` (`[registries]`, by ecosystem id) first, else the
/// ecosystem's own settings read through `env`: `npm_config_registry`/`NPM_CONFIG_REGISTRY`, an
/// `.npmrc` `registry=` in `root` or `$HOME`; `PIP_INDEX_URL`; the first http(s) entry of
/// `GOPROXY`; cargo's `replace-with` of crates-io in `root/.cargo/config.toml` or
/// `$CARGO_HOME/config.toml` (a `sparse+` index only: a git index cannot be read over HTTP).
pub fn registry_bases(
    config: &BTreeMap<String, String>,
    root: &Path,
    env: Env,
) -> BTreeMap<Ecosystem, String> {
    let mut out = BTreeMap::new();
    for eco in Ecosystem::ALL {
        let base = config
            .get(eco.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| match eco {
                Ecosystem::Npm => npm_registry(root, env),
                Ecosystem::Pypi => env("PIP_INDEX_URL")
                    .filter(|u| is_http(u.trim()))
                    .map(|u| u.trim().to_string()),
                Ecosystem::Go => env("GOPROXY").and_then(|v| goproxy(&v)),
                Ecosystem::Cargo => cargo_registry(root, env),
                _ => None,
            });
        if let Some(b) = base {
            out.insert(eco, b);
        }
    }
    out
}

fn is_http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn home(env: Env) -> Option<PathBuf> {
    env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

fn npm_registry(root: &Path, env: Env) -> Option<String> {
    let from_env = env("npm_config_registry")
        .or_else(|| env("NPM_CONFIG_REGISTRY"))
        .map(|v| v.trim().to_string())
        .filter(|v| is_http(v));
    from_env.or_else(|| {
        let mut files = vec![root.join(".npmrc")];
        files.extend(home(env).map(|h| h.join(".npmrc")));
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .find_map(|text| npmrc_registry(&text, env))
    })
}

/// The `registry=` of an .npmrc (`;`/`#` comments, quotes, `${VAR}` expansion); scoped
/// `@scope:registry=` lines are left out.
pub fn npmrc_registry(text: &str, env: Env) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim();
        if line.starts_with(';') || line.starts_with('#') {
            return None;
        }
        let (key, value) = line.split_once('=')?;
        if key.trim() != "registry" {
            return None;
        }
        let value = value.trim().trim_matches('"').trim_matches('\'');
        let value = expand_vars(value, env);
        is_http(&value).then_some(value)
    })
}

fn expand_vars(value: &str, env: Env) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&env(&rest[start + 2..start + len]).unwrap_or_default());
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The first http(s) proxy of a GOPROXY list (`,` or `|` separated); `off` before it means none.
pub fn goproxy(value: &str) -> Option<String> {
    for entry in value.split([',', '|']).map(str::trim) {
        if entry == "off" {
            return None;
        }
        if is_http(entry) {
            return Some(entry.to_string());
        }
    }
    None
}

fn cargo_registry(root: &Path, env: Env) -> Option<String> {
    let cargo_home = env("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".cargo")));
    let mut dirs = vec![root.join(".cargo")];
    dirs.extend(cargo_home);
    let tables: Vec<toml::Table> = dirs
        .iter()
        .flat_map(|d| [d.join("config.toml"), d.join("config")])
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|t| t.parse::<toml::Table>().ok())
        .collect();
    cargo_replacement(&tables)
}

/// Follow `[source.crates-io] replace-with` through `[source.X]` (`registry`) or
/// `[registries.X]` (`index`), the first table taking precedence; only `sparse+` URLs are usable.
pub fn cargo_replacement(tables: &[toml::Table]) -> Option<String> {
    let get = |section: &str, name: &str, key: &str| -> Option<String> {
        tables.iter().find_map(|t| {
            t.get(section)?
                .as_table()?
                .get(name)?
                .as_table()?
                .get(key)?
                .as_str()
                .map(str::to_string)
        })
    };
    let mut name = "crates-io".to_string();
    for _ in 0..16 {
        if let Some(next) = get("source", &name, "replace-with") {
            name = next;
            continue;
        }
        if name == "crates-io" {
            return None;
        }
        let url = get("source", &name, "registry").or_else(|| get("registries", &name, "index"))?;
        return url.starts_with("sparse+").then_some(url);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn config_beats_environment() {
        let dir = tempfile::tempdir().unwrap();
        let config: BTreeMap<String, String> = [(
            "npm".to_string(),
            "https://registry.example/npm-mirror/".to_string(),
        )]
        .into();
        let env = env_of(&[
            ("npm_config_registry", "https://registry.example/from-env/"),
            ("PIP_INDEX_URL", "https://registry.example/pypi/simple/"),
        ]);
        let bases = registry_bases(&config, dir.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("https://registry.example/npm-mirror/")
        );
        assert_eq!(
            bases.get(&Ecosystem::Pypi).map(String::as_str),
            Some("https://registry.example/pypi/simple/")
        );
        assert_eq!(
            bases.len(),
            2,
            "nothing configured for the others: no built-in default"
        );
    }

    #[test]
    fn npmrc_in_project_then_home() {
        let project = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".npmrc"),
            "; warehouse workstation\n@ledger:registry=https://registry.example/scoped/\nregistry = \"https://registry.example/home/\"\n",
        )
        .unwrap();
        let home_s = home.path().to_string_lossy().into_owned();
        let env = env_of(&[("HOME", &home_s), ("NPM_TOKEN_HOST", "registry.example")]);
        let bases = registry_bases(&BTreeMap::new(), project.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("https://registry.example/home/")
        );
        std::fs::write(
            project.path().join(".npmrc"),
            "# billing\nregistry=https://${NPM_TOKEN_HOST}/project/\n",
        )
        .unwrap();
        let bases = registry_bases(&BTreeMap::new(), project.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("https://registry.example/project/")
        );
        let with_env = env_of(&[
            ("HOME", &home_s),
            ("NPM_CONFIG_REGISTRY", "http://127.0.0.1:4873/"),
        ]);
        let bases = registry_bases(&BTreeMap::new(), project.path(), &with_env);
        assert_eq!(
            bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("http://127.0.0.1:4873/")
        );
    }

    #[test]
    fn goproxy_lists() {
        assert_eq!(
            goproxy("https://proxy.example/go,direct").as_deref(),
            Some("https://proxy.example/go")
        );
        assert_eq!(
            goproxy("direct|https://proxy.example/b").as_deref(),
            Some("https://proxy.example/b")
        );
        assert_eq!(goproxy("off"), None);
        assert_eq!(goproxy("direct"), None);
        assert_eq!(goproxy("off,https://proxy.example/late"), None);
        assert_eq!(
            goproxy(" file:///srv/goproxy , http://127.0.0.1:3000 ").as_deref(),
            Some("http://127.0.0.1:3000")
        );
    }

    #[test]
    fn cargo_replace_with() {
        let t = |s: &str| s.parse::<toml::Table>().unwrap();
        let project = t(
            "[source.crates-io]\nreplace-with = \"ledger-mirror\"\n[source.ledger-mirror]\nregistry = \"sparse+https://registry.example/cargo/index/\"\n",
        );
        assert_eq!(
            cargo_replacement(&[project]).as_deref(),
            Some("sparse+https://registry.example/cargo/index/")
        );
        let chained = t(
            "[source.crates-io]\nreplace-with = \"a\"\n[source.a]\nreplace-with = \"b\"\n[registries.b]\nindex = \"sparse+http://127.0.0.1:9/index/\"\n",
        );
        assert_eq!(
            cargo_replacement(&[chained]).as_deref(),
            Some("sparse+http://127.0.0.1:9/index/")
        );
        let git = t(
            "[source.crates-io]\nreplace-with = \"g\"\n[source.g]\nregistry = \"https://git.example/index.git\"\n",
        );
        assert_eq!(
            cargo_replacement(&[git]),
            None,
            "a git index is not readable over HTTP"
        );
        let vendored = t(
            "[source.crates-io]\nreplace-with = \"vendored\"\n[source.vendored]\ndirectory = \"vendor\"\n",
        );
        assert_eq!(cargo_replacement(&[vendored]), None);
        let looped = t(
            "[source.crates-io]\nreplace-with = \"x\"\n[source.x]\nreplace-with = \"crates-io\"\n",
        );
        assert_eq!(cargo_replacement(&[looped]), None);
        // The project's file beats CARGO_HOME's.
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".cargo")).unwrap();
        std::fs::write(dir.path().join(".cargo/config.toml"), "[source.crates-io]\nreplace-with = \"p\"\n[source.p]\nregistry = \"sparse+https://registry.example/project/\"\n").unwrap();
        std::fs::write(home.path().join("config.toml"), "[source.crates-io]\nreplace-with = \"h\"\n[source.h]\nregistry = \"sparse+https://registry.example/home/\"\n").unwrap();
        let cargo_home = home.path().to_string_lossy().into_owned();
        let env = env_of(&[("CARGO_HOME", &cargo_home)]);
        let bases = registry_bases(&BTreeMap::new(), dir.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Cargo).map(String::as_str),
            Some("sparse+https://registry.example/project/")
        );
        let other = tempfile::tempdir().unwrap();
        let bases = registry_bases(&BTreeMap::new(), other.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Cargo).map(String::as_str),
            Some("sparse+https://registry.example/home/")
        );
    }
}
