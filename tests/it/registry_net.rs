//! Registries on real networks: TLS with a CA the machine (or the auditor) trusts, failing fast
//! and once per host, the stage deadline, endpoints never chosen by the audited repository,
//! secrets redacted, NuGet paging held to its host, and the ecosystem's client asked.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::registry_server::{RegistryServer, Reply, TestCa};
use quarterdeck::deps::{Dependency, Ecosystem, Lag, LagStatus, ResolveOptions, resolve};
use quarterdeck::problem::Stage;

const NOW: i64 = 1_795_357_230;

fn npm_dep(name: &str) -> Dependency {
    Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.into(),
        version: Some("1.1.0".into()),
        constraint: None,
        direct: true,
        source: "web/package-lock.json".into(),
        line: 12,
        dev: false,
        lag: Lag::default(),
    }
}

/// `n` packages: `invoice-dates` and `invoice-dates-2` ... (all served the same document).
fn npm_deps(n: usize) -> Vec<Dependency> {
    (0..n)
        .map(|i| match i {
            0 => npm_dep("invoice-dates"),
            i => npm_dep(&format!("invoice-dates-{}", i + 1)),
        })
        .collect()
}

fn npm_routes(n: usize, reply: Reply) -> Vec<(String, Vec<Reply>)> {
    (0..n)
        .map(|i| {
            let name = match i {
                0 => "invoice-dates".to_string(),
                i => format!("invoice-dates-{}", i + 1),
            };
            (format!("/npm/{name}"), vec![reply.clone()])
        })
        .collect()
}

fn doc() -> Reply {
    Reply::fixture("npm/invoice-dates.json")
}

fn opts(base: String) -> ResolveOptions {
    ResolveOptions {
        registries: BTreeMap::from([(Ecosystem::Npm, base)]),
        timeout: Duration::from_secs(3),
        retries: 2,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(200),
        concurrency: 1,
        now: NOW,
        ..ResolveOptions::default()
    }
}

#[test]
fn unknown_ca_is_one_problem_naming_the_fix_and_the_ca_file_makes_it_work() {
    let ca = TestCa::generate();
    let server = RegistryServer::start_tls(npm_routes(5, doc()), &ca);
    let mut deps = npm_deps(5);
    let started = Instant::now();
    let report = resolve(&mut deps, &opts(format!("{}/npm/", server.base())));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        server.total_requests(),
        0,
        "no request passed the handshake"
    );
    assert_eq!(
        report.requests, 3,
        "final: not retried, and after three packages in a row the host is no longer asked"
    );
    let registry: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.stage == Stage::Registry)
        .collect();
    assert_eq!(registry.len(), 1, "{:?}", report.problems);
    assert_eq!(
        registry[0].message,
        format!(
            "npm registry {}/npm/: certificate not trusted (set SSL_CERT_FILE or [dependencies] ca_file to the CA that signs it); 5 packages not looked up",
            server.base()
        )
    );
    for d in &deps {
        assert_eq!(d.lag.lag_status, LagStatus::Unknown);
        let reason = d.lag.lag_reason.as_deref().unwrap_or("");
        assert!(
            reason == "registry certificate not trusted"
                || reason.starts_with("registry not asked: certificate not trusted"),
            "{reason}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("inspection-ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    let mut with_ca = opts(format!("{}/npm/", server.base()));
    with_ca.ca_file = Some(ca_file.clone());
    let mut deps = npm_deps(5);
    let report = resolve(&mut deps, &with_ca);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(deps.iter().all(|d| d.lag.lag_status == LagStatus::Known));
    assert_eq!(server.total_requests(), 5);

    let mut with_env = opts(format!("{}/npm/", server.base()));
    with_env.ssl_cert_file = Some(ca_file);
    let mut deps = npm_deps(1);
    let report = resolve(&mut deps, &with_env);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
}

#[test]
fn unreadable_ca_file_is_a_problem_and_the_run_goes_on() {
    let server = RegistryServer::start(npm_routes(1, doc()));
    let mut o = opts(format!("{}/npm/", server.base()));
    o.ca_file = Some("/nonexistent/quarterdeck-test-ca.pem".into());
    let mut deps = npm_deps(1);
    let report = resolve(&mut deps, &o);
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].message.starts_with(
            "[dependencies] ca_file /nonexistent/quarterdeck-test-ca.pem cannot be read"
        ),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn a_refused_registry_costs_milliseconds_not_minutes() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut deps = npm_deps(1000);
    let mut o = opts(format!("http://127.0.0.1:{port}/npm/"));
    o.concurrency = 8;
    o.timeout = Duration::from_secs(10);
    let started = Instant::now();
    let report = resolve(&mut deps, &o);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(report.requests <= 3 + 8, "{}", report.requests);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(
        report.problems[0].message,
        format!(
            "npm registry http://127.0.0.1:{port}/npm/: connection refused; 1,000 packages not looked up"
        )
    );
    assert!(deps.iter().all(|d| d.lag.lag_status == LagStatus::Unknown));
    eprintln!("1,000 packages against a refused registry: {took:?}");
}

#[test]
fn unauthorised_is_final_and_503_then_200_is_retried() {
    let server = RegistryServer::start(npm_routes(
        4,
        Reply::new(401, "{}").header("Content-Type", "application/json"),
    ));
    let mut deps = npm_deps(4);
    let report = resolve(&mut deps, &opts(format!("{}/npm", server.base())));
    assert_eq!(server.total_requests(), 3, "no retry; the fourth not asked");
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0]
            .message
            .ends_with(": access denied (HTTP 401; registry authentication is not supported); 4 packages not looked up"),
        "{}",
        report.problems[0].message
    );

    let flaky = RegistryServer::start(vec![(
        "/npm/invoice-dates".to_string(),
        vec![Reply::new(503, "busy"), doc()],
    )]);
    let mut deps = npm_deps(1);
    let report = resolve(&mut deps, &opts(format!("{}/npm", flaky.base())));
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
    assert_eq!((flaky.total_requests(), report.requests), (2, 2));
    assert!(report.problems.is_empty());
}

#[test]
fn the_deadline_leaves_the_rest_unknown_with_the_reason() {
    let server = RegistryServer::start(npm_routes(12, doc().delay(Duration::from_millis(300))));
    let mut deps = npm_deps(12);
    let mut o = opts(format!("{}/npm", server.base()));
    o.deadline = Duration::from_secs(1);
    let started = Instant::now();
    let report = resolve(&mut deps, &o);
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(2500),
        "{took:?} {:?}",
        report.problems
    );
    let known = deps
        .iter()
        .filter(|d| d.lag.lag_status == LagStatus::Known)
        .count();
    assert!((2..=5).contains(&known), "{known}");
    let late: Vec<_> = deps
        .iter()
        .filter(|d| d.lag.lag_reason.as_deref() == Some("dependency deadline passed"))
        .collect();
    assert_eq!(known + late.len(), 12);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].message.ends_with(&format!(
            ": the dependency deadline of 1 s passed ([dependencies] deadline_secs); {} packages not looked up",
            late.len()
        )),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn nuget_pages_stay_on_the_service_host_and_are_limited() {
    let elsewhere = RegistryServer::start(vec![(
        "/page".to_string(),
        vec![Reply::json(r#"{"items":[]}"#)],
    )]);
    let registration = format!(
        r#"{{"items":[{{"@id":"{}/page"}}]}}"#,
        elsewhere.base().replace("127.0.0.1", "localhost")
    );
    let many: Vec<String> = (0..65)
        .map(|i| format!(r#"{{"@id":"{{{{BASE}}}}/nuget/reg/many/p{i}.json"}}"#))
        .collect();
    let server = RegistryServer::start(vec![
        (
            "/nuget/reg/acme.redirected/index.json".to_string(),
            vec![Reply::json(registration)],
        ),
        (
            "/nuget/reg/acme.many/index.json".to_string(),
            vec![Reply::json(format!(r#"{{"items":[{}]}}"#, many.join(",")))],
        ),
    ]);
    let mut deps = vec![npm_dep("Acme.Redirected"), npm_dep("Acme.Many")];
    for d in &mut deps {
        d.ecosystem = Ecosystem::Nuget;
    }
    let mut o = opts(String::new());
    o.registries = BTreeMap::from([(Ecosystem::Nuget, format!("{}/nuget/reg/", server.base()))]);
    let report = resolve(&mut deps, &o);
    assert_eq!(elsewhere.total_requests(), 0, "another host is never asked");
    assert_eq!(server.total_requests(), 2, "no page of the 65 is read");
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("65 registration pages, more than the 64 read")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("it points to another host (http://localhost:")),
        "{messages:?}"
    );
}

// --- the binary: repository files, redaction, the client on PATH -----------------------------

const LOCK: &str = r#"{
  "name": "billing-web",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "billing-web",
      "dependencies": { "invoice-dates": "^1.1.0", "ledger-missing": "^2.0.0" }
    },
    "node_modules/invoice-dates": { "version": "1.1.0" },
    "node_modules/ledger-missing": { "version": "2.0.0" }
  }
}
"#;

fn repo(npmrc: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package-lock.json"), LOCK).unwrap();
    if let Some(text) = npmrc {
        std::fs::write(dir.path().join(".npmrc"), text).unwrap();
    }
    dir
}

/// Run an audit of `root` with `config` (auditor's, outside the tree) and `env`; no ambient
/// registry settings.
fn audit(
    root: &Path,
    config: Option<&Path>,
    env: &[(&str, &str)],
) -> (serde_json::Value, String, std::path::PathBuf) {
    let out = root.with_extension("out");
    let home = root.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = crate::common::bin();
    cmd.arg("audit")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .arg("--no-rules")
        .env("HOME", &home)
        .env("XDG_CACHE_HOME", home.join("cache"));
    for k in [
        "npm_config_registry",
        "NPM_CONFIG_REGISTRY",
        "PIP_INDEX_URL",
        "GOPROXY",
        "CARGO_HOME",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    ] {
        cmd.env_remove(k);
    }
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run quarterdeck");
    let stderr = crate::common::stderr(&o);
    assert!(o.status.success() || o.status.code() == Some(1), "{stderr}");
    (crate::common::read_snapshot(&out), stderr, out)
}

#[test]
fn a_committed_npmrc_never_sends_the_runners_token_anywhere() {
    let attacker = RegistryServer::start(npm_routes(1, doc()));
    let npmrc = format!(
        "registry={}/${{GITHUB_TOKEN}}/\n//127.0.0.1/:_authToken=${{GITHUB_TOKEN}}\n",
        attacker.base()
    );
    let root = repo(Some(&npmrc));
    let secret = "ghs_runnerSecret0123456789";
    let (snapshot, stderr, out) = audit(
        root.path(),
        None,
        &[("GITHUB_TOKEN", secret), ("QUARTERDECK_ASK_CLIENTS", "0")],
    );
    assert_eq!(
        attacker.total_requests(),
        0,
        "the repository's registry is not asked"
    );
    assert_eq!(attacker.connections(), 0);
    let text = snapshot.to_string();
    assert!(!text.contains(secret) && !stderr.contains(secret));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap_or_default();
    assert!(!html.contains(secret));
    let note = format!(
        "names npm registry {}/${{GITHUB_TOKEN}}/, not used: files of the audited repository never choose a registry",
        attacker.base()
    );
    assert!(
        snapshot["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == ".npmrc" && p["message"].as_str().unwrap().starts_with(&note)),
        "{}",
        snapshot["problems"]
    );
    assert_eq!(snapshot["dependency_totals"]["version_source"], "none");
}

#[test]
fn credentials_in_the_auditors_registry_url_are_redacted_everywhere() {
    let server = RegistryServer::start(npm_routes(1, doc()));
    let root = repo(None);
    let config_dir = tempfile::tempdir().unwrap();
    let config = config_dir.path().join("auditor.toml");
    let base = server
        .base()
        .replace("http://", "http://ci-bot:tok3nSecret@");
    std::fs::write(&config, format!("[registries]\nnpm = \"{base}/npm/\"\n")).unwrap();
    let (snapshot, stderr, out) = audit(root.path(), Some(&config), &[]);
    assert_eq!(server.requests("/npm/invoice-dates"), 1);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap_or_default();
    for secret in ["ci-bot", "tok3nSecret"] {
        assert!(
            !snapshot.to_string().contains(secret),
            "snapshot holds {secret}"
        );
        assert!(!stderr.contains(secret), "stderr holds {secret}: {stderr}");
        assert!(!html.contains(secret), "report.html holds {secret}");
    }
    let npm = &snapshot["dependency_totals"]["registries"]["npm"];
    assert_eq!(npm["source"], "config");
    assert_eq!(
        npm["base"],
        format!("{}/npm/", server.base().replace("http://", "http://***@"))
    );
    // `ledger-missing` is a 404: its problem quotes the URL, redacted.
    assert!(stderr.contains("***@127.0.0.1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_ecosystems_own_client_names_the_registry() {
    use std::os::unix::fs::PermissionsExt;
    let server = RegistryServer::start(npm_routes(1, doc()));
    let root = repo(Some("registry=http://127.0.0.1:9/repo-choice/\n"));
    let bin = tempfile::tempdir().unwrap();
    let npm = bin.path().join("npm");
    std::fs::write(
        &npm,
        format!(
            "#!/bin/sh\n[ \"$1 $2 $3\" = \"config get registry\" ] || exit 3\npwd > \"{}/npm-cwd\"\necho {}/npm/\n",
            bin.path().display(),
            server.base()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&npm, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The repository has no Go module: `go` is not run.
    let go = bin.path().join("go");
    std::fs::write(
        &go,
        format!("#!/bin/sh\ntouch \"{}/go-ran\"\n", bin.path().display()),
    )
    .unwrap();
    std::fs::set_permissions(&go, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (snapshot, _, _) = audit(
        root.path(),
        None,
        &[("PATH", &path), ("QUARTERDECK_ASK_CLIENTS", "1")],
    );
    let npm_use = &snapshot["dependency_totals"]["registries"]["npm"];
    assert_eq!(npm_use["source"], "client");
    assert_eq!(npm_use["base"], format!("{}/npm/", server.base()));
    assert_eq!(server.requests("/npm/invoice-dates"), 1);
    let cwd = std::fs::read_to_string(bin.path().join("npm-cwd")).unwrap();
    assert!(
        !Path::new(cwd.trim()).starts_with(root.path()),
        "the client runs outside the audited repository ({cwd})"
    );
    assert!(
        !bin.path().join("go-ran").exists(),
        "only the clients of ecosystems in use are asked"
    );
}

#[test]
fn without_registries_the_terminal_and_snapshot_say_so_and_fixtures_are_not_dependencies() {
    let root = repo(None);
    let broken = root.path().join("test/fixtures/broken-lock");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("package-lock.json"),
        "{ \"lockfileVersion\": 3, <<<<<<< ours\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.path().join("src/testdata")).unwrap();
    std::fs::write(root.path().join("src/testdata/Cargo.lock"), "not toml [[").unwrap();
    let (snapshot, stderr, _) = audit(root.path(), None, &[("QUARTERDECK_ASK_CLIENTS", "0")]);
    assert!(
        stderr.contains(
            "quarterdeck: dependencies: 2 dependencies (none), lag known for 0, 0 behind a major, libyear unknown; 0 requests, 0 cache hits; lag unknown for 2, mostly \"no registry configured for npm\" (2)\n"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("fatal:"),
        "git's raw text is not shown: {stderr}"
    );
    let problems = snapshot["totals"]["problems"].as_u64().unwrap();
    if problems == 1 {
        assert!(stderr.contains(" 1 problem ("), "{stderr}");
    }
    assert!(!stderr.contains(" 1 problems"), "{stderr}");
    let dt = &snapshot["dependency_totals"];
    assert_eq!(
        dt["version_source"], "none",
        "nothing configured is not --offline"
    );
    assert!(
        dt["totals"].get("libyear").is_none(),
        "no data is not 0 libyears"
    );
    let figures = &snapshot["figures"];
    assert!(figures.get("libyear_total").is_none(), "{figures}");
    assert!(
        figures.get("dependencies_behind_major").is_none(),
        "{figures}"
    );
    assert_eq!(figures["dependencies_unknown_lag"], 2.0);
    assert_eq!(
        dt["fixtures_skipped"],
        serde_json::json!(["src/testdata/", "test/fixtures/"])
    );
    let text = snapshot["problems"].to_string();
    assert!(
        !text.contains("broken-lock") && !text.contains("testdata/Cargo.lock"),
        "{text}"
    );
    let unsupported = snapshot["skipped"]["unsupported"]["paths"].to_string();
    assert!(
        !unsupported.contains("\"package-lock.json\""),
        "read, so not unsupported: {unsupported}"
    );
}

#[test]
fn a_pypi_version_without_files_is_not_latest_and_the_cache_keeps_only_what_the_lag_reads() {
    let file = |name: &str, at: &str| {
        format!(
            r#"{{"filename":"{name}","url":"https://files.example/{name}","hashes":{{"sha256":"{}"}},"requires-python":">=3.8","upload-time":"{at}","yanked":false}}"#,
            "ab".repeat(32)
        )
    };
    let body = format!(
        r#"{{"meta":{{"api-version":"1.1"}},"name":"payroll-tax-tables","versions":["1.0.0","2.0.0","2.1.0"],"files":[{},{}]}}"#,
        file(
            "payroll_tax_tables-1.0.0-py3-none-any.whl",
            "2021-03-01T10:00:00Z"
        ),
        file(
            "payroll_tax_tables-2.0.0-py3-none-any.whl",
            "2023-05-02T10:00:00Z"
        ),
    );
    let server = RegistryServer::start(vec![(
        "/simple/payroll-tax-tables/".to_string(),
        vec![
            Reply::new(200, body.clone())
                .header("Content-Type", "application/vnd.pypi.simple.v1+json"),
        ],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = opts(String::new());
    o.registries = BTreeMap::from([(Ecosystem::Pypi, format!("{}/simple/", server.base()))]);
    o.cache_dir = Some(cache.path().to_path_buf());
    let mut deps = vec![npm_dep("payroll-tax-tables")];
    deps[0].ecosystem = Ecosystem::Pypi;
    deps[0].version = Some("1.0.0".into());
    let report = resolve(&mut deps, &o);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        deps[0].lag.latest.as_deref(),
        Some("2.0.0"),
        "2.1.0 has no files: it cannot be installed"
    );
    let entries: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "entry"))
        .collect();
    assert_eq!(entries.len(), 1);
    let cached = std::fs::read_to_string(entries[0].path()).unwrap();
    assert!(!cached.contains("sha256") && !cached.contains("requires-python"));
    assert!(cached.contains("2023-05-02T10:00:00Z"));
    // The reduced entry answers the next run the same way.
    let mut again = vec![deps[0].clone()];
    again[0].lag = Lag::default();
    let report = resolve(&mut again, &o);
    assert_eq!((report.requests, report.cache_hits), (0, 1));
    assert_eq!(again[0].lag.lag_source.as_deref(), Some("cache"));
    assert_eq!(again[0].lag.latest, deps[0].lag.latest);
    assert_eq!(again[0].lag.libyear, deps[0].lag.libyear);
}
