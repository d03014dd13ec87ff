//! Fill every dependency's lag from one version source: the offline index when given, else the
//! configured registries (bounded pool, cache) unless offline, else unknown; and snapshot an index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::lag;
use super::model::{Dependency, Ecosystem, Lag};
use super::source::bases::{Env, discover};
use super::source::cache::{self, Cache};
use super::source::http::{Http, HttpOptions, thread_counts};
use super::source::index::{PackageVersions, RegistryIndex, canonical_name};
use super::source::redact::{redact_text, redact_url};
use super::source::{self, FetchError, run_pool};
use crate::problem::{Problem, Stage};

/// Where versions come from and how registries are asked.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// `--registry-index` / `[dependencies] registry_index`: a file or a folder of files.
    pub index: Option<PathBuf>,
    /// Base URLs per ecosystem (`registry_bases`).
    pub registries: BTreeMap<Ecosystem, String>,
    /// No network at all (and no disk cache either: an offline audit depends only on the index).
    pub offline: bool,
    /// The disk cache folder; `None` disables caching (`from_config` fills in the default).
    pub cache_dir: Option<PathBuf>,
    /// How long a cached answer is used without asking again; zero disables the cache.
    pub cache_ttl: Duration,
    /// Requests in flight at once (worker threads).
    pub concurrency: usize,
    /// Per request, connect to last body byte.
    pub timeout: Duration,
    /// Retries after a timeout, connection error, 5xx or 429.
    pub retries: u32,
    /// Unix seconds "now" for the age of the latest release (HEAD's date, or now).
    pub now: i64,
    /// First wait before a retry, doubled at each further one.
    pub backoff: Duration,
    /// Longest wait before a retry, `Retry-After` included.
    pub max_wait: Duration,
    /// Where each base in `registries` came from: `config`, `env`, `user-file`, `client`.
    pub registry_sources: BTreeMap<Ecosystem, String>,
    /// Notes from finding the bases (a repository file naming another registry).
    pub base_notes: Vec<Problem>,
    /// `[dependencies] ca_file`: an extra CA for registry TLS.
    pub ca_file: Option<PathBuf>,
    /// The auditor's `SSL_CERT_FILE` and `SSL_CERT_DIR`.
    pub ssl_cert_file: Option<PathBuf>,
    pub ssl_cert_dir: Option<String>,
    /// After this long the stage stops asking; what is left is unknown with the reason.
    pub deadline: Duration,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            index: None,
            registries: BTreeMap::new(),
            offline: false,
            cache_dir: None,
            cache_ttl: Duration::from_secs(24 * 3600),
            concurrency: 16,
            timeout: Duration::from_secs(10),
            retries: 2,
            now: 0,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
            registry_sources: BTreeMap::new(),
            base_notes: Vec::new(),
            ca_file: None,
            ssl_cert_file: None,
            ssl_cert_dir: None,
            deadline: Duration::from_secs(300),
        }
    }
}

impl ResolveOptions {
    /// Options from `quarterdeck.toml` (`[dependencies]`, `[registries]`) and the environment;
    /// the CLI's `--registry-index` and `--offline` override `index` and `offline` afterwards.
    pub fn from_config(config: &crate::config::Config, root: &Path, env: Env, now: i64) -> Self {
        let d = &config.dependencies;
        let found = discover(&config.registries, root, env, &[]);
        ResolveOptions {
            index: d.registry_index.clone(),
            registries: found.bases,
            registry_sources: found.sources,
            base_notes: found.notes,
            ca_file: d.ca_file.clone(),
            ssl_cert_file: env("SSL_CERT_FILE")
                .filter(|f| !f.is_empty())
                .map(PathBuf::from),
            ssl_cert_dir: env("SSL_CERT_DIR").filter(|d| !d.is_empty()),
            deadline: Duration::from_secs(d.deadline_secs.max(1)),
            offline: d.offline,
            cache_dir: d.cache_dir.clone().or_else(|| cache::default_dir(env)),
            cache_ttl: Duration::from_secs(d.cache_ttl_hours.saturating_mul(3600)),
            concurrency: d.concurrency.max(1),
            timeout: Duration::from_secs(d.timeout_secs.max(1)),
            retries: d.retries,
            now,
            ..ResolveOptions::default()
        }
    }
}

impl ResolveOptions {
    /// Ask the clients of the ecosystems `deps` use that have no registry yet (with
    /// `[dependencies] ask_clients`, not offline, no index): only those are run.
    pub fn ask_clients(
        &mut self,
        config: &crate::config::Config,
        root: &Path,
        env: Env,
        deps: &[Dependency],
    ) {
        if !config.dependencies.ask_clients || self.offline || self.index.is_some() {
            return;
        }
        let mut in_use: Vec<Ecosystem> = deps
            .iter()
            .map(|d| d.ecosystem)
            .filter(|e| !self.registries.contains_key(e))
            .collect();
        in_use.sort();
        in_use.dedup();
        if in_use.is_empty() {
            return;
        }
        let found = discover(&config.registries, root, env, &in_use);
        self.registries = found.bases;
        self.registry_sources = found.sources;
        self.base_notes = found.notes;
    }
}

/// What a resolution did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolveReport {
    /// Index or registry failures (stage `registry`), one per package at most.
    pub problems: Vec<Problem>,
    /// HTTP requests made (every attempt, retries included).
    pub requests: u32,
    /// Answers served from the disk cache without a request.
    pub cache_hits: u32,
    /// `offline-index`, `registries`, `offline` (`--offline`, no index) or `none` (no registry
    /// configured for any ecosystem in use).
    pub version_source: String,
    /// Expired cache entries the registry confirmed unchanged (HTTP 304).
    pub revalidated: u32,
    /// The registry asked per ecosystem in use (redacted base and where it came from).
    pub registries: BTreeMap<String, crate::deps::model::RegistryUse>,
}

/// One package to look up: every version in use, where it is first used.
struct Wanted {
    eco: Ecosystem,
    name: String,
    versions: Vec<String>,
    path: String,
    line: u32,
}

type Found = Result<(PackageVersions, &'static str), String>;

/// Fill every dependency's `lag`: `Known` with its fields, or `Unknown` with `lag_reason`.
pub fn resolve(deps: &mut [Dependency], opts: &ResolveOptions) -> ResolveReport {
    let wanted = group(deps.iter().filter(|d| d.version.is_some()));
    let (found, report) = look_up(&wanted, opts);
    let by_key: BTreeMap<(Ecosystem, String), &Found> = wanted
        .iter()
        .zip(&found)
        .map(|(w, f)| ((w.eco, canonical_name(w.eco, &w.name)), f))
        .collect();
    for d in deps.iter_mut() {
        // A lockfile may already know the package is deprecated (composer's `abandoned`): a
        // lookup adds to that fact, never erases it.
        let known_deprecation = (d.lag.deprecated == Some(true)).then(|| d.lag.deprecation.clone());
        let keep = |mut l: Lag| {
            if let Some(msg) = &known_deprecation
                && l.deprecated != Some(true)
            {
                l.deprecated = Some(true);
                l.deprecation = l.deprecation.or_else(|| msg.clone());
            }
            l
        };
        let Some(version) = d.version.as_deref() else {
            d.lag = keep(lag::unknown("no resolved version"));
            continue;
        };
        d.lag = match by_key.get(&(d.ecosystem, canonical_name(d.ecosystem, &d.name))) {
            Some(Ok((pkg, label))) => {
                let mut l =
                    lag::compute(d.ecosystem, version, pkg, opts.now).unwrap_or_else(lag::unknown);
                l.lag_source = Some((*label).to_string());
                l
            }
            Some(Err(reason)) => lag::unknown(reason.clone()),
            None => lag::unknown("not looked up"),
        };
        d.lag = keep(std::mem::take(&mut d.lag));
    }
    report
}

/// The offline index of the packages `deps` use, from the configured registries (or the subset
/// of `opts.index` when one is given); failures are problems, the packages left out.
pub fn snapshot_index(
    deps: &[Dependency],
    opts: &ResolveOptions,
) -> (RegistryIndex, ResolveReport) {
    let wanted = group(deps.iter());
    let (found, mut report) = look_up(&wanted, opts);
    let mut index = RegistryIndex {
        generated_at: Some(crate::util::time::now_rfc3339()),
        ..RegistryIndex::default()
    };
    for (w, f) in wanted.iter().zip(found) {
        if let Ok((pkg, _)) = f {
            index.insert(w.eco, &w.name, pkg);
        }
    }
    if opts.index.is_none() && opts.offline {
        report.problems.push(Problem::new(
            "",
            Stage::Registry,
            "offline: a registry index can only be written from configured registries or another index",
        ));
    }
    (index, report)
}

fn group<'a>(deps: impl Iterator<Item = &'a Dependency>) -> Vec<Wanted> {
    let mut map: BTreeMap<(Ecosystem, String), Wanted> = BTreeMap::new();
    for d in deps {
        let w = map
            .entry((d.ecosystem, canonical_name(d.ecosystem, &d.name)))
            .or_insert_with(|| Wanted {
                eco: d.ecosystem,
                name: d.name.trim().to_string(),
                versions: Vec::new(),
                path: d.source.clone(),
                line: d.line,
            });
        if let Some(v) = &d.version
            && !w.versions.contains(v)
        {
            w.versions.push(v.clone());
        }
    }
    map.into_values().collect()
}

/// The versions of every wanted package from the one source in force.
fn look_up(wanted: &[Wanted], opts: &ResolveOptions) -> (Vec<Found>, ResolveReport) {
    let mut report = ResolveReport::default();
    if let Some(path) = &opts.index {
        report.version_source = "offline-index".into();
        let found = match RegistryIndex::load(path) {
            Ok(index) => wanted
                .iter()
                .map(|w| match index.get(w.eco, &w.name) {
                    Some(pkg) => Ok((pkg.clone(), "index")),
                    None => Err("not in the offline index".to_string()),
                })
                .collect(),
            Err(e) => {
                report.problems.push(Problem::new(
                    path.display().to_string(),
                    Stage::Registry,
                    e.to_string(),
                ));
                wanted
                    .iter()
                    .map(|_| Err("the offline index could not be read".to_string()))
                    .collect()
            }
        };
        return (found, report);
    }
    if opts.offline {
        report.version_source = "offline".into();
        // `--offline`: the endpoints found are not used, nor is the note about them.
        let found = wanted
            .iter()
            .map(|_| Err("offline and no registry index".to_string()))
            .collect();
        return (found, report);
    }
    let in_use: Vec<Ecosystem> = opts
        .registries
        .keys()
        .copied()
        .filter(|e| wanted.iter().any(|w| w.eco == *e))
        .collect();
    report.problems.extend(opts.base_notes.iter().cloned());
    report.version_source = if in_use.is_empty() {
        "none"
    } else {
        "registries"
    }
    .into();
    for eco in &in_use {
        report.registries.insert(
            eco.as_str().to_string(),
            crate::deps::model::RegistryUse {
                base: redact_url(opts.registries.get(eco).map_or("", String::as_str)),
                source: opts
                    .registry_sources
                    .get(eco)
                    .cloned()
                    .unwrap_or_else(|| "config".to_string()),
            },
        );
    }
    if in_use.is_empty() {
        let found = wanted
            .iter()
            .map(|w| Err(format!("no registry configured for {}", w.eco.as_str())))
            .collect();
        return (found, report);
    }
    let http = client(opts, &in_use, &mut report);
    // Bases that need a request of their own (a NuGet service index) are resolved once.
    let mut bases: BTreeMap<Ecosystem, Result<String, String>> = BTreeMap::new();
    for eco in in_use {
        let base = opts.registries.get(&eco).cloned().unwrap_or_default();
        let prepared = source::prepare_base(&http, eco, &base).map_err(|e| {
            report.problems.push(Problem::new(
                "",
                Stage::Registry,
                redact_text(&format!("{} registry {base}: {e}", eco.as_str())),
            ));
            e.reason()
        });
        bases.insert(eco, prepared);
    }
    let results = run_pool(wanted, opts.concurrency, |w| {
        if crate::util::cancel::cancelled() {
            return Err(Some(("interrupted".to_string(), None)));
        }
        let base = match bases.get(&w.eco) {
            None => return Err(None),
            Some(Err(reason)) => return Err(Some((reason.clone(), None))),
            Some(Ok(b)) => b,
        };
        let (r0, h0) = thread_counts();
        let result = source::fetch(&http, w.eco, base, &w.name, &w.versions);
        let (r1, h1) = thread_counts();
        let label = if r1 == r0 && h1 > h0 {
            "cache"
        } else {
            "registry"
        };
        result
            .map(|pkg| (pkg, label))
            .map_err(|e| Some((e.reason(), Some(e))))
    });
    let mut found = Vec::with_capacity(wanted.len());
    // Failures that are the host's (certificate, DNS, refused, denied, no longer asked, the
    // deadline): one problem per ecosystem, host and cause, with the count of packages.
    let mut by_host: BTreeMap<(Ecosystem, String), usize> = BTreeMap::new();
    for (w, r) in wanted.iter().zip(results) {
        found.push(match r {
            Some(Ok(ok)) => Ok(ok),
            Some(Err(None)) => Err(format!("no registry configured for {}", w.eco.as_str())),
            Some(Err(Some((reason, error)))) => {
                match error.as_ref().map(|e| (e, e.host_cause())) {
                    Some((_, Some(cause))) => *by_host.entry((w.eco, cause)).or_insert(0) += 1,
                    Some((e, None)) => report.problems.push(problem(w, e)),
                    None => {}
                }
                Err(reason)
            }
            None => {
                report.problems.push(Problem::at_line(
                    &w.path,
                    w.line,
                    Stage::Registry,
                    format!(
                        "{} package `{}`: the lookup panicked",
                        w.eco.as_str(),
                        w.name
                    ),
                ));
                Err("the lookup failed".to_string())
            }
        });
    }
    for ((eco, cause), n) in by_host {
        let base = bases
            .get(&eco)
            .and_then(|b| b.as_ref().ok())
            .map_or("", String::as_str);
        report.problems.push(Problem::new(
            "",
            Stage::Registry,
            redact_text(&format!(
                "{} registry {base}: {cause}; {} not looked up",
                eco.as_str(),
                plural(n, "package", "packages")
            )),
        ));
    }
    report.requests = http.requests.load(std::sync::atomic::Ordering::Relaxed);
    report.cache_hits = http.cache_hits.load(std::sync::atomic::Ordering::Relaxed);
    report.revalidated = http.revalidated.load(std::sync::atomic::Ordering::Relaxed);
    (found, report)
}

fn problem(w: &Wanted, e: &FetchError) -> Problem {
    Problem::at_line(
        &w.path,
        w.line,
        Stage::Registry,
        redact_text(&format!("{} package `{}`: {e}", w.eco.as_str(), w.name)),
    )
}

/// `1 package`, `1,026 packages` (`one` and `many` are the noun's two forms).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if n == 1 { one } else { many })
}

fn client(opts: &ResolveOptions, in_use: &[Ecosystem], report: &mut ResolveReport) -> Http {
    let cache = match &opts.cache_dir {
        Some(dir) if !opts.cache_ttl.is_zero() => match Cache::open(dir) {
            Ok(c) => Some(c),
            Err(e) => {
                report.problems.push(Problem::new(
                    dir.display().to_string(),
                    Stage::Registry,
                    format!("cannot use the registry cache folder ({e}); answers are not cached in this run"),
                ));
                None
            }
        },
        _ => None,
    };
    let no_proxy = in_use
        .iter()
        .all(|e| opts.registries.get(e).is_some_and(|b| is_loopback(b)));
    let roots = source::tls::roots(
        opts.ssl_cert_file.as_deref(),
        opts.ssl_cert_dir.as_deref(),
        opts.ca_file.as_deref(),
    );
    for message in roots.problems {
        report
            .problems
            .push(Problem::new("", Stage::Registry, message));
    }
    Http::new(
        HttpOptions {
            timeout: opts.timeout,
            retries: opts.retries,
            backoff: opts.backoff,
            max_wait: opts.max_wait,
            concurrency: opts.concurrency,
            cache_ttl: opts.cache_ttl,
            no_proxy,
            roots: roots.certs,
            deadline: Some((std::time::Instant::now() + opts.deadline, opts.deadline)),
        },
        cache,
    )
}

/// Whether a base URL names this machine (then `HTTP(S)_PROXY` is not used).
fn is_loopback(base: &str) -> bool {
    let rest = base.strip_prefix("sparse+").unwrap_or(base);
    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
}
