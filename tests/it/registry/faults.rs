//! Registry faults and the cache: slow, 404, 500, 429 and invalid answers, cache hits, expiry,
//! revalidation, corrupt entries, and `offline` opening no socket at all.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{all_bases, all_deps, all_routes, dep, npm_routes, options};
use crate::common::registry_server::{RegistryServer, Reply};
use quarterdeck::deps::{
    Dependency, Ecosystem, LagStatus, ResolveOptions, resolve, snapshot_index,
};
use quarterdeck::problem::Stage;

const DOC: &str = "/npm/invoice-dates";

fn npm_opts(server: &RegistryServer) -> ResolveOptions {
    options(BTreeMap::from([(
        Ecosystem::Npm,
        format!("{}/npm", server.base()),
    )]))
}

fn invoice() -> Vec<Dependency> {
    vec![dep(Ecosystem::Npm, "invoice-dates", "1.1.0")]
}

fn doc() -> Reply {
    Reply::fixture("npm/invoice-dates.json")
}

fn serve(replies: Vec<Reply>) -> RegistryServer {
    RegistryServer::start(vec![(DOC.to_string(), replies)])
}

#[test]
fn slow_answer_times_out_then_the_retry_succeeds() {
    let server = serve(vec![doc().delay(Duration::from_millis(1500)), doc()]);
    let mut opts = npm_opts(&server);
    opts.timeout = Duration::from_millis(300);
    let mut deps = invoice();
    let report = resolve(&mut deps, &opts);
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
    assert_eq!((server.requests(DOC), report.requests), (2, 2));
    assert!(report.problems.is_empty());
}

#[test]
fn always_slow_is_a_timeout_problem() {
    let server = serve(vec![doc().delay(Duration::from_millis(900))]);
    let mut opts = npm_opts(&server);
    opts.timeout = Duration::from_millis(200);
    opts.retries = 1;
    let mut deps = invoice();
    let report = resolve(&mut deps, &opts);
    assert_eq!(deps[0].lag.lag_reason.as_deref(), Some("registry timeout"));
    assert_eq!(report.problems.len(), 1);
    let expected = format!(
        "npm package `invoice-dates`: no answer in time from {}/npm/invoice-dates (after 2 attempt(s))",
        server.base()
    );
    assert_eq!(report.problems[0].message, expected);
}

#[test]
fn not_found_is_unknown_with_a_problem_at_the_lockfile_line() {
    let server = serve(vec![]);
    let mut deps = invoice();
    let report = resolve(&mut deps, &npm_opts(&server));
    assert_eq!(deps[0].lag.lag_status, LagStatus::Unknown);
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("not found in the registry")
    );
    let p = &report.problems[0];
    assert_eq!(
        (p.path.as_str(), p.line, p.stage),
        ("lockfiles/npm.lock", Some(7), Stage::Registry)
    );
    assert_eq!(
        p.message,
        format!(
            "npm package `invoice-dates`: not found in the registry (HTTP 404 from {}{DOC})",
            server.base()
        )
    );
    assert_eq!(server.requests(DOC), 1, "a 404 is not retried");
}

#[test]
fn server_error_then_success_is_retried() {
    let server = serve(vec![
        Reply::new(500, "upstream down"),
        Reply::new(503, ""),
        doc(),
    ]);
    let mut deps = invoice();
    let report = resolve(&mut deps, &npm_opts(&server));
    assert_eq!(deps[0].lag.latest.as_deref(), Some("2.1.0"));
    assert_eq!((server.requests(DOC), report.requests), (3, 3));
    assert!(report.problems.is_empty());
}

#[test]
fn server_error_every_time_is_one_problem_and_the_rest_goes_on() {
    let mut routes = npm_routes();
    routes.retain(|(p, _)| p != DOC);
    routes.push((DOC.to_string(), vec![Reply::new(500, "")]));
    let server = RegistryServer::start(routes);
    let mut deps = vec![
        dep(Ecosystem::Npm, "invoice-dates", "1.1.0"),
        dep(Ecosystem::Npm, "@ledger/vat-rounding", "0.4.0"),
    ];
    let report = resolve(&mut deps, &npm_opts(&server));
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("registry error: HTTP 500")
    );
    assert_eq!(deps[1].lag.latest.as_deref(), Some("0.5.0"));
    assert_eq!(server.requests(DOC), 3, "one try and two retries");
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].message.ends_with("(after 3 attempt(s))"),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn retry_after_is_honoured_up_to_the_cap() {
    let server = serve(vec![
        Reply::new(429, "slow down").header("Retry-After", "120"),
        doc(),
    ]);
    let mut opts = npm_opts(&server);
    opts.max_wait = Duration::from_millis(200);
    let started = Instant::now();
    let mut deps = invoice();
    resolve(&mut deps, &opts);
    let waited = started.elapsed();
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
    assert!(
        waited >= Duration::from_millis(200) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
}

#[test]
fn invalid_json_names_the_package_and_url() {
    let server = serve(vec![Reply::json("{\"versions\": {\"1.1.0\": ")]);
    let mut deps = invoice();
    let report = resolve(&mut deps, &npm_opts(&server));
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("invalid registry answer")
    );
    let m = &report.problems[0].message;
    assert!(
        m.starts_with(&format!(
            "npm package `invoice-dates`: invalid answer from {}{DOC}: not the expected JSON",
            server.base()
        )),
        "{m}"
    );
}

#[test]
fn warm_cache_makes_no_request_and_ttl_zero_always_asks() {
    let server = serve(vec![doc()]);
    let cache = tempfile::tempdir().unwrap();
    let mut opts = npm_opts(&server);
    opts.cache_dir = Some(cache.path().to_path_buf());
    let mut cold = invoice();
    let first = resolve(&mut cold, &opts);
    let mut warm = invoice();
    let second = resolve(&mut warm, &opts);
    assert_eq!((first.requests, first.cache_hits), (1, 0));
    assert_eq!((second.requests, second.cache_hits), (0, 1));
    assert_eq!(server.requests(DOC), 1);
    assert_eq!(warm[0].lag.lag_source.as_deref(), Some("cache"));
    let mut expected = cold[0].lag.clone();
    expected.lag_source = Some("cache".into());
    assert_eq!(warm[0].lag, expected);
    opts.cache_ttl = Duration::ZERO;
    let third = resolve(&mut invoice(), &opts);
    assert_eq!(
        (third.requests, third.cache_hits, server.requests(DOC)),
        (1, 0, 2)
    );
}

/// Make every cache entry look fetched in 1970.
fn age_cache(dir: &Path) -> usize {
    let mut aged = 0;
    for e in std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "entry"))
    {
        let bytes = std::fs::read(e.path()).unwrap();
        let split = bytes.iter().position(|&b| b == b'\n').unwrap();
        let mut meta: serde_json::Value = serde_json::from_slice(&bytes[..split]).unwrap();
        meta["fetched_at"] = 0.into();
        let mut out = serde_json::to_vec(&meta).unwrap();
        out.extend_from_slice(&bytes[split..]);
        std::fs::write(e.path(), out).unwrap();
        aged += 1;
    }
    aged
}

#[test]
fn expired_entry_is_revalidated_with_its_etag() {
    let server = serve(vec![doc().header("ETag", "\"rev-41\"")]);
    let cache = tempfile::tempdir().unwrap();
    let mut opts = npm_opts(&server);
    opts.cache_dir = Some(cache.path().to_path_buf());
    let mut first = invoice();
    resolve(&mut first, &opts);
    assert_eq!(age_cache(cache.path()), 1);
    let mut again = invoice();
    let report = resolve(&mut again, &opts);
    assert_eq!(
        (report.requests, report.revalidated, report.cache_hits),
        (1, 1, 0)
    );
    assert_eq!(
        server.request_headers(DOC, "if-none-match"),
        vec![None, Some("\"rev-41\"".to_string())]
    );
    assert_eq!(again[0].lag, first[0].lag);
    // Revalidation refreshed the entry: the next run is a hit.
    assert_eq!(resolve(&mut invoice(), &opts).cache_hits, 1);
}

#[test]
fn expired_entry_without_validators_is_fetched_again() {
    let server = serve(vec![doc()]);
    let cache = tempfile::tempdir().unwrap();
    let mut opts = npm_opts(&server);
    opts.cache_dir = Some(cache.path().to_path_buf());
    resolve(&mut invoice(), &opts);
    age_cache(cache.path());
    let report = resolve(&mut invoice(), &opts);
    assert_eq!(
        (report.requests, report.revalidated, server.requests(DOC)),
        (1, 0, 2)
    );
}

#[test]
fn corrupt_cache_entry_is_ignored_and_replaced() {
    let server = serve(vec![doc()]);
    let cache = tempfile::tempdir().unwrap();
    let mut opts = npm_opts(&server);
    opts.cache_dir = Some(cache.path().to_path_buf());
    resolve(&mut invoice(), &opts);
    for e in std::fs::read_dir(cache.path()).unwrap().flatten() {
        std::fs::write(e.path(), b"\x00\x01 truncated by a full disk").unwrap();
    }
    let mut deps = invoice();
    let report = resolve(&mut deps, &opts);
    assert_eq!(
        (report.requests, report.cache_hits, report.problems.len()),
        (1, 0, 0)
    );
    assert_eq!(deps[0].lag.latest.as_deref(), Some("2.1.0"));
    assert_eq!(
        resolve(&mut invoice(), &opts).cache_hits,
        1,
        "the entry was rewritten"
    );
}

#[test]
fn unusable_cache_folder_is_one_problem_not_a_failure() {
    let server = serve(vec![doc()]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "payroll export").unwrap();
    let mut opts = npm_opts(&server);
    opts.cache_dir = Some(file.join("registry"));
    let mut deps = invoice();
    let report = resolve(&mut deps, &opts);
    assert_eq!(deps[0].lag.lag_status, LagStatus::Known);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0]
            .message
            .starts_with("cannot use the registry cache folder"),
        "{:?}",
        report.problems
    );
}

#[test]
fn offline_opens_no_socket_with_a_cold_or_warm_cache() {
    let server = RegistryServer::start(all_routes());
    let cache = tempfile::tempdir().unwrap();
    let mut opts = options(all_bases(&server));
    assert_eq!(
        opts.registries.len(),
        8,
        "every ecosystem points at the server"
    );
    opts.cache_dir = Some(cache.path().to_path_buf());
    opts.offline = true;
    let check = |opts: &ResolveOptions| {
        let mut deps = all_deps();
        let report = resolve(&mut deps, opts);
        for d in &deps {
            assert_eq!(
                d.lag.lag_reason.as_deref(),
                Some("offline and no registry index"),
                "{}",
                d.name
            );
        }
        assert_eq!(
            (
                report.requests,
                report.cache_hits,
                report.version_source.as_str()
            ),
            (0, 0, "offline")
        );
        let (index, snap) = snapshot_index(&all_deps(), opts);
        assert!(index.packages.is_empty());
        assert_eq!(snap.problems.len(), 1);
    };
    check(&opts);
    assert_eq!(server.connections(), 0, "cold cache");
    opts.offline = false;
    let online = resolve(&mut all_deps(), &opts);
    assert!(online.problems.is_empty(), "{:?}", online.problems);
    let after_online = server.connections();
    assert!(after_online > 0);
    opts.offline = true;
    check(&opts);
    assert_eq!(
        server.connections(),
        after_online,
        "warm cache: still no connection"
    );
}

#[test]
fn requests_in_flight_never_exceed_the_concurrency() {
    let names: Vec<String> = (1..=8).map(|i| format!("warehouse-bin-{i}")).collect();
    let routes = names
        .iter()
        .map(|n| {
            (
                format!("/npm/{n}"),
                vec![doc().delay(Duration::from_millis(120))],
            )
        })
        .collect();
    let server = RegistryServer::start(routes);
    let mut opts = npm_opts(&server);
    opts.concurrency = 2;
    let mut deps: Vec<Dependency> = names
        .iter()
        .map(|n| dep(Ecosystem::Npm, n, "1.1.0"))
        .collect();
    let report = resolve(&mut deps, &opts);
    assert_eq!(report.requests, 8);
    assert_eq!(server.peak_in_flight(), 2);
    assert!(
        deps.iter()
            .all(|d| d.lag.latest.as_deref() == Some("2.1.0"))
    );
}

#[test]
fn unreadable_index_is_a_problem_and_every_lag_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q4-index.json");
    std::fs::write(&path, "{\"format\": \"quarterdeck-registry-index\", \"version\": 1, \"packages\": {\"npm\": {\"invoice-dates\": {\"versions\": [}}}}").unwrap();
    let opts = ResolveOptions {
        index: Some(path.clone()),
        ..ResolveOptions::default()
    };
    let mut deps = invoice();
    let report = resolve(&mut deps, &opts);
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("the offline index could not be read")
    );
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].path, path.display().to_string());
    assert!(
        report.problems[0].message.contains("line 1 column"),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn html_only_python_index_is_named_as_such() {
    let page = "<!DOCTYPE html><html><body><a href=\"payroll_tax_tables-2.4.0.tar.gz\">payroll_tax_tables-2.4.0.tar.gz</a></body></html>";
    let path = "/simple/payroll-tax-tables/";
    let server = RegistryServer::start(vec![(
        path.to_string(),
        vec![Reply::new(200, page).header("Content-Type", "text/html")],
    )]);
    let opts = options(BTreeMap::from([(
        Ecosystem::Pypi,
        format!("{}/simple/", server.base()),
    )]));
    let mut deps = vec![dep(Ecosystem::Pypi, "payroll-tax-tables", "2.4.0")];
    let report = resolve(&mut deps, &opts);
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("invalid registry answer")
    );
    let expected = format!(
        "pypi package `payroll-tax-tables`: invalid answer from {}{path}: the index answered HTML; it must serve the PEP 691 JSON API (application/vnd.pypi.simple.v1+json)",
        server.base()
    );
    assert_eq!(report.problems[0].message, expected);
}
