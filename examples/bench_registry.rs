//! Benchmark: a generated package-lock.json (v3) of 1,500 transitive npm packages, read by the
//! inventory and resolved against the local test registry, cold then warm cache; against it, a
//! plain parallel fetch of the same URLs at the same concurrency (the network's floor). Prints
//! times, request counts, and the cache's size against the raw documents (README "Performance").

// cargo run --release --example bench_registry -- [--latency-ms N] [--concurrency N] [--doc-kb N]

#[path = "../tests/it/common/registry_server.rs"]
#[allow(dead_code)]
mod registry_server;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use quarterdeck::deps::{Ecosystem, LagClass, ResolveOptions, resolve};
use registry_server::{RegistryServer, Reply};

const DEPENDENCIES: usize = 1_500;

/// A small deterministic generator (no clock, no crate), so every run serves the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

fn names() -> Vec<String> {
    let subjects = [
        "invoice",
        "ledger",
        "payroll",
        "warehouse",
        "stock",
        "tax",
        "vat",
        "pdf",
        "csv",
        "date",
        "money",
        "currency",
        "audit",
        "report",
        "batch",
        "queue",
        "cache",
        "http",
        "json",
        "xml",
        "yaml",
        "log",
        "config",
        "auth",
        "session",
        "crypto",
        "hash",
        "uuid",
        "retry",
        "stream",
        "mime",
        "glob",
        "path",
        "color",
        "string",
        "array",
        "object",
        "promise",
        "event",
        "buffer",
    ];
    let kinds = [
        "utils",
        "parser",
        "format",
        "core",
        "client",
        "helpers",
        "validator",
        "adapter",
        "cli",
        "plugin",
        "loader",
        "types",
        "polyfill",
        "shim",
        "compat",
        "lite",
        "tools",
        "kit",
        "js",
        "stringify",
        "normalize",
        "merge",
        "escape",
        "compare",
        "detect",
        "resolve",
        "transform",
        "writer",
        "reader",
        "map",
    ];
    let mut out = Vec::new();
    for (i, s) in subjects.iter().enumerate() {
        for (j, k) in kinds.iter().enumerate() {
            out.push(if (i + j) % 9 == 0 {
                format!("@acme/{s}-{k}")
            } else {
                format!("{s}-{k}")
            });
        }
    }
    out
}

/// A registry document with `count` versions released about a month apart from 2014 on, padded
/// with a readme and per-version manifests to about `pad_kb` KiB (popular packages' documents
/// are several megabytes: every version's manifest, the readme).
fn document(name: &str, versions: &[String], rng: &mut Lcg, pad_kb: usize) -> String {
    let mut v = serde_json::Map::new();
    let mut time = serde_json::Map::new();
    let mut t: i64 = 1_390_000_000 + rng.next(200_000_000) as i64;
    time.insert(
        "created".into(),
        quarterdeck::snapshot::rfc3339_from_unix(t).into(),
    );
    for ver in versions {
        t += 86_400 * (5 + rng.next(60) as i64);
        let mut manifest = serde_json::json!({
            "name": name,
            "version": ver,
            "description": format!("{name} for the billing front end"),
            "main": "index.js",
            "dependencies": {"left-pad": "^1.3.0"},
            "dist": {
                "shasum": format!("{:040x}", rng.next(u64::MAX)),
                "tarball": format!("https://registry.example/npm/{name}/-/{ver}.tgz"),
            },
        });
        if rng.next(40) == 0 {
            manifest["deprecated"] = "no longer maintained".into();
        }
        v.insert(ver.clone(), manifest);
        time.insert(
            ver.clone(),
            quarterdeck::snapshot::rfc3339_from_unix(t).into(),
        );
    }
    let mut readme = String::new();
    let line = format!(
        "{name}: post invoices and credit notes to the ledger; see the migration guide for the 2019 VAT rules.\n"
    );
    while readme.len() < pad_kb * 1024 {
        readme.push_str(&line);
    }
    serde_json::json!({"name": name, "dist-tags": {"latest": versions.last()}, "versions": v, "time": time, "readme": readme}).to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let latency = Duration::from_millis(flag("--latency-ms", 0));
    let concurrency = flag("--concurrency", 8) as usize;
    let pad_kb = flag("--doc-kb", 0) as usize;

    let mut rng = Lcg(0x5eed_1e09e7);
    let all_names = names();
    let mut routes = Vec::new();
    let mut body_bytes = 0usize;
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in &all_names {
        let count = 3 + rng.next(40) as usize;
        let (mut major, mut minor, mut patch) = (rng.next(3), 0u64, 0u64);
        let mut versions = Vec::new();
        for _ in 0..count {
            match rng.next(10) {
                0 => (major, minor, patch) = (major + 1, 0, 0),
                1..=3 => (minor, patch) = (minor + 1, 0),
                _ => patch += 1,
            }
            versions.push(format!("{major}.{minor}.{patch}"));
        }
        let body = document(name, &versions, &mut rng, pad_kb);
        body_bytes += body.len();
        let path = format!("/npm/{}", name.replacen('/', "%2f", 1));
        routes.push((path, vec![Reply::json(body).delay(latency)]));
        lists.insert(name.clone(), versions);
    }
    // The lockfile: every package once at the top of node_modules, then a second version of
    // some of them nested under another package (as npm does on conflicts), 1,500 in all; the
    // first 60 are the project's direct dependencies.
    let names: Vec<&String> = lists.keys().collect();
    let mut packages = serde_json::Map::new();
    let mut direct = serde_json::Map::new();
    for i in 0..DEPENDENCIES {
        let name = names[i % names.len()];
        let versions = &lists[name];
        // npm nests a second copy only for another version: never repeat one.
        let taken = |v: &str| {
            packages
                .values()
                .any(|p: &serde_json::Value| p["name"] == name.as_str() && p["version"] == v)
        };
        let first = rng.next(versions.len() as u64) as usize;
        let version = (0..versions.len())
            .map(|k| &versions[(first + k) % versions.len()])
            .find(|v| !taken(v))
            .unwrap_or(&versions[first])
            .clone();
        let mut key = format!("node_modules/{name}");
        let mut step = 0;
        while packages.contains_key(&key) {
            step += 1;
            let parent = names[(i * 7 + step) % names.len()];
            key = format!("node_modules/{parent}/node_modules/{name}");
        }
        if i < 60 {
            direct.insert(name.to_string(), format!("^{version}").into());
        }
        packages.insert(
            key,
            serde_json::json!({
                "name": name,
                "version": version,
                "resolved": format!("https://registry.example/npm/{name}/-/{version}.tgz"),
                "integrity": format!("sha512-{:016x}", rng.next(u64::MAX)),
            }),
        );
    }
    packages.insert(
        String::new(),
        serde_json::json!({"name": "billing-web", "version": "7.4.1", "dependencies": direct}),
    );
    let lock = serde_json::json!({
        "name": "billing-web", "version": "7.4.1", "lockfileVersion": 3, "requires": true,
        "packages": packages,
    });
    let project =
        std::env::temp_dir().join(format!("quarterdeck-bench-project-{}", std::process::id()));
    let written = std::fs::create_dir_all(&project).and_then(|()| {
        std::fs::write(
            project.join("package-lock.json"),
            serde_json::to_string_pretty(&lock).unwrap_or_default(),
        )
    });
    if let Err(e) = written {
        eprintln!("cannot write the generated lockfile: {e}");
        std::process::exit(2);
    }
    let started = Instant::now();
    let inventory =
        quarterdeck::deps::inventory(&project, &quarterdeck::config::ScanConfig::default(), &[]);
    let parse_ms = started.elapsed().as_secs_f64() * 1000.0;
    let deps = inventory.dependencies;
    let transitive = deps.iter().filter(|d| !d.direct).count();
    let server = RegistryServer::start(routes);
    let cache =
        std::env::temp_dir().join(format!("quarterdeck-bench-registry-{}", std::process::id()));
    let opts = ResolveOptions {
        registries: BTreeMap::from([(Ecosystem::Npm, format!("{}/npm/", server.base()))]),
        cache_dir: Some(cache.clone()),
        concurrency,
        now: 1_795_357_230,
        ..ResolveOptions::default()
    };
    println!(
        "package-lock.json: {} dependencies ({transitive} transitive) read in {parse_ms:.1} ms; {} distinct packages",
        deps.len(),
        lists.len()
    );
    println!(
        "registry: {:.1} MiB of documents, latency {} ms, concurrency {}",
        body_bytes as f64 / 1_048_576.0,
        latency.as_millis(),
        concurrency
    );
    // The floor: the same URLs fetched by `concurrency` plain clients, bodies read and dropped.
    let urls: Vec<String> = lists
        .keys()
        .map(|n| format!("{}/npm/{}", server.base(), n.replacen('/', "%2f", 1)))
        .collect();
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let before = server.total_requests();
    std::thread::scope(|s| {
        for _ in 0..concurrency {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    if let Ok(mut r) = agent.get(url).call() {
                        let _ = r.body_mut().with_config().limit(1 << 30).read_to_vec();
                    }
                }
            });
        }
    });
    let floor = started.elapsed();
    println!(
        "floor: {:>8.1} ms  plain parallel fetch of the {} documents (server saw {})",
        floor.as_secs_f64() * 1000.0,
        urls.len(),
        server.total_requests() - before
    );
    for run in ["cold", "warm"] {
        let mut d = deps.clone();
        let before = server.total_requests();
        let started = Instant::now();
        let report = resolve(&mut d, &opts);
        let took = started.elapsed();
        let known = d
            .iter()
            .filter(|x| x.lag.class() != LagClass::Unknown)
            .count();
        println!(
            "{run}: {:>8.1} ms  requests {:>5} (server saw {:>5})  cache hits {:>5}  known {known}/{}  problems {}",
            took.as_secs_f64() * 1000.0,
            report.requests,
            server.total_requests() - before,
            report.cache_hits,
            d.len(),
            report.problems.len()
        );
        if run == "cold" {
            println!(
                "cold / floor: {:.2}x",
                took.as_secs_f64() / floor.as_secs_f64().max(1e-9)
            );
            let cached: u64 = std::fs::read_dir(&cache)
                .map(|rd| {
                    rd.flatten()
                        .filter_map(|e| e.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0);
            println!(
                "cache: {:.2} MiB for {} packages against {:.1} MiB of documents (1/{:.0})",
                cached as f64 / 1_048_576.0,
                lists.len(),
                body_bytes as f64 / 1_048_576.0,
                body_bytes as f64 / cached.max(1) as f64
            );
        }
    }
    let _ = std::fs::remove_dir_all(&cache);
    let _ = std::fs::remove_dir_all(&project);
}
