//! Version sources end to end: each ecosystem's registry client against a local server serving
//! recorded-style answers, the offline index, and snapshot-index then resolve from it.

mod faults;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::registry_server::{RegistryServer, Reply};
use quarterdeck::deps::{
    Dependency, Ecosystem, Lag, LagStatus, RegistryIndex, ResolveOptions, ResolveReport, resolve,
    snapshot_index,
};

/// 2026-11-22T14:20:30Z, as `SOURCE_DATE_EPOCH` in the other tests.
pub const NOW: i64 = 1_795_357_230;

pub fn dep(eco: Ecosystem, name: &str, version: &str) -> Dependency {
    Dependency {
        ecosystem: eco,
        name: name.into(),
        version: Some(version.into()),
        constraint: None,
        direct: true,
        source: format!("lockfiles/{}.lock", eco.as_str()),
        line: 7,
        dev: false,
        lag: Lag::default(),
    }
}

pub fn options(bases: BTreeMap<Ecosystem, String>) -> ResolveOptions {
    ResolveOptions {
        registries: bases,
        timeout: Duration::from_secs(3),
        retries: 2,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(500),
        concurrency: 4,
        now: NOW,
        ..ResolveOptions::default()
    }
}

fn route(path: &str, reply: Reply) -> (String, Vec<Reply>) {
    (path.to_string(), vec![reply])
}

pub fn npm_routes() -> Vec<(String, Vec<Reply>)> {
    vec![
        route(
            "/npm/invoice-dates",
            Reply::fixture("npm/invoice-dates.json"),
        ),
        route(
            "/npm/@ledger%2fvat-rounding",
            Reply::fixture("npm/ledger-vat-rounding.json"),
        ),
    ]
}

pub fn all_routes() -> Vec<(String, Vec<Reply>)> {
    let go = "/goproxy/example.test/!warehouse/bins/@v";
    let edi = "/goproxy/example.test/legacy/edi";
    let pom =
        |v: &str| format!("/maven2/org/example/payroll/payroll-batch/{v}/payroll-batch-{v}.pom");
    let mut routes = npm_routes();
    routes.extend([
        route(
            "/pypi/simple/payroll-tax-tables/",
            Reply::fixture("pypi/payroll-tax-tables.json")
                .header("Content-Type", "application/vnd.pypi.simple.v1+json"),
        ),
        route(
            "/crates/api/v1/crates/ledger-core",
            Reply::fixture("cargo/ledger-core.json"),
        ),
        route(
            "/index/le/dg/ledger-core",
            Reply::fixture("cargo/sparse/le/dg/ledger-core"),
        ),
        route(&format!("{go}/list"), Reply::fixture("go/bins-list.txt")),
        route(
            &format!("{go}/v1.1.0.info"),
            Reply::fixture("go/bins-v1.1.0.info.json"),
        ),
        route(
            &format!("{go}/v1.2.0.info"),
            Reply::fixture("go/bins-v1.2.0.info.json"),
        ),
        route(
            &format!("{go}/v1.2.1.mod"),
            Reply::fixture("go/bins-v1.2.1.mod.txt"),
        ),
        route(&format!("{edi}/@v/list"), Reply::new(200, "")),
        route(
            &format!("{edi}/@latest"),
            Reply::fixture("go/edi-latest.json"),
        ),
        route(
            &format!("{edi}/@v/v0.0.0-20210301090000-0123456789ab.info"),
            Reply::fixture("go/edi-current.info.json"),
        ),
        route(
            &format!("{edi}/@v/v0.0.0-20240105120000-abcdef123456.mod"),
            Reply::fixture("go/edi-latest.mod.txt"),
        ),
        route(
            "/maven2/org/example/payroll/payroll-batch/maven-metadata.xml",
            Reply::fixture("maven/payroll-batch-metadata.xml").header("Content-Type", "text/xml"),
        ),
        route(
            &pom("1.4.2"),
            Reply::new(200, "<project/>").header("Last-Modified", "Tue, 14 Jan 2020 10:00:00 GMT"),
        ),
        route(
            &pom("2.0.0"),
            Reply::new(200, "<project/>").header("Last-Modified", "Mon, 06 Jun 2022 08:00:00 GMT"),
        ),
        route(
            "/gems/api/v1/versions/ledger_export.json",
            Reply::fixture("rubygems/ledger_export.json"),
        ),
        route(
            "/packagist/p2/acme/invoice-pdf.json",
            Reply::fixture("packagist/invoice-pdf.json"),
        ),
        route("/v3/index.json", Reply::fixture("nuget/service-index.json")),
        route(
            "/v3/registration-semver2/acme.payroll.core/index.json",
            Reply::fixture("nuget/acme.payroll.core-index.json"),
        ),
        route(
            "/v3/registration-semver2/acme.payroll.core/page/2.0.0/3.0.0-beta.1.json",
            Reply::fixture("nuget/acme.payroll.core-page2.json"),
        ),
    ]);
    routes
}

pub fn all_bases(server: &RegistryServer) -> BTreeMap<Ecosystem, String> {
    let b = server.base();
    [
        (Ecosystem::Npm, format!("{b}/npm/")),
        (Ecosystem::Pypi, format!("{b}/pypi/simple")),
        (Ecosystem::Cargo, format!("{b}/crates")),
        (Ecosystem::Go, format!("{b}/goproxy")),
        (Ecosystem::Maven, format!("{b}/maven2/")),
        (Ecosystem::Rubygems, format!("{b}/gems")),
        (Ecosystem::Packagist, format!("{b}/packagist")),
        (Ecosystem::Nuget, format!("{b}/v3/index.json")),
    ]
    .into()
}

/// One dependency per package the fixtures describe.
pub fn all_deps() -> Vec<Dependency> {
    use Ecosystem::*;
    vec![
        dep(Npm, "invoice-dates", "1.1.0"),
        dep(Npm, "@ledger/vat-rounding", "0.4.0"),
        dep(Pypi, "Payroll_Tax.Tables", "2.4.0"),
        dep(Cargo, "ledger-core", "0.7.1"),
        dep(Go, "example.test/Warehouse/bins", "v1.1.0"),
        dep(
            Go,
            "example.test/legacy/edi",
            "v0.0.0-20210301090000-0123456789ab",
        ),
        dep(Maven, "org.example.payroll:payroll-batch", "1.4.2"),
        dep(Rubygems, "ledger_export", "3.0.0"),
        dep(Packagist, "acme/invoice-pdf", "v2.8.5"),
        dep(Nuget, "Acme.Payroll.Core", "1.2.0"),
    ]
}

/// Resolve `deps` against a fresh server with every fixture route.
fn run(deps: &mut [Dependency]) -> (ResolveReport, RegistryServer) {
    let server = RegistryServer::start(all_routes());
    let report = resolve(deps, &options(all_bases(&server)));
    (report, server)
}

/// latest, (majors, minors, patches), libyear, age of the latest release.
fn assert_lag(lag: &Lag, latest: &str, behind: (u32, u32, u32), libyear: Option<f64>, age: f64) {
    assert_eq!(lag.lag_status, LagStatus::Known, "{lag:?}");
    assert_eq!(lag.latest.as_deref(), Some(latest));
    assert_eq!(
        (lag.majors_behind, lag.minors_behind, lag.patches_behind),
        (Some(behind.0), Some(behind.1), Some(behind.2))
    );
    assert_eq!(lag.libyear, libyear);
    assert_eq!(lag.latest_age_years, Some(age));
    assert_eq!(lag.lag_source.as_deref(), Some("registry"));
}

#[test]
fn npm_document_with_scopes_unpublished_and_deprecated_versions() {
    let mut deps = vec![
        dep(Ecosystem::Npm, "invoice-dates", "1.1.0"),
        dep(Ecosystem::Npm, "invoice-dates", "1.3.0"),
        dep(Ecosystem::Npm, "invoice-dates", "1.2.0"),
        dep(Ecosystem::Npm, "@ledger/vat-rounding", "0.4.0"),
    ];
    deps[1].source = "warehouse/package-lock.json".into();
    let (report, server) = run(&mut deps);
    assert_lag(&deps[0].lag, "2.1.0", (1, 1, 0), Some(2.458), 6.763);
    assert_eq!(
        deps[0].lag.released.as_deref(),
        Some("2017-09-02T16:40:11Z")
    );
    assert_eq!(
        deps[0].lag.latest_released.as_deref(),
        Some("2020-02-17T07:30:00Z")
    );
    assert_eq!(
        (deps[0].lag.yanked, deps[0].lag.deprecated),
        (Some(false), Some(false))
    );
    assert_eq!(
        deps[1].lag.yanked,
        Some(true),
        "1.3.0 was unpublished: in `time`, not in `versions`"
    );
    assert_eq!(
        deps[2].lag.deprecation.as_deref(),
        Some("1.2.0 counts net-30 from the delivery date; upgrade to 1.2.1")
    );
    assert_lag(&deps[3].lag, "0.5.0", (1, 0, 0), Some(0.616), 10.251);
    assert_eq!(
        deps[3].lag.deprecation.as_deref(),
        Some("vat-rounding is no longer maintained; use @ledger/tax-math")
    );
    // One lookup per package, however many lockfiles use it.
    assert_eq!(server.requests("/npm/invoice-dates"), 1);
    assert_eq!(server.requests("/npm/@ledger%2fvat-rounding"), 1);
    assert_eq!(
        (
            report.requests,
            report.cache_hits,
            report.version_source.as_str()
        ),
        (2, 0, "registries")
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn pypi_simple_json_api() {
    let mut deps = vec![
        dep(Ecosystem::Pypi, "Payroll_Tax.Tables", "2.4.0"),
        dep(Ecosystem::Pypi, "payroll-tax-tables", "2.4.1"),
    ];
    let (report, server) = run(&mut deps);
    assert_lag(&deps[0].lag, "3.0.0", (1, 0, 0), Some(2.223), 4.63);
    assert_eq!(
        deps[0].lag.released.as_deref(),
        Some("2020-01-15T10:00:00Z"),
        "the earliest file of 2.4.0"
    );
    assert_eq!(deps[1].lag.yanked, Some(true));
    assert_eq!(
        server.request_headers("/pypi/simple/payroll-tax-tables/", "accept"),
        vec![Some("application/vnd.pypi.simple.v1+json".to_string())]
    );
    assert_eq!(report.requests, 1);
}

#[test]
fn crates_web_api_and_sparse_index_agree() {
    let mut deps = vec![
        dep(Ecosystem::Cargo, "ledger-core", "0.7.1"),
        dep(Ecosystem::Cargo, "ledger-core", "0.9.0"),
    ];
    let (_, server) = run(&mut deps);
    // 0.x: 0.8 and 0.9 are each a major line; 0.9.0 is yanked but 0.9.2 is not.
    assert_lag(&deps[0].lag, "0.9.2", (2, 0, 1), Some(1.418), 3.806);
    assert_eq!(deps[1].lag.yanked, Some(true));
    let mut sparse = vec![dep(Ecosystem::Cargo, "ledger-core", "0.7.1")];
    let bases = BTreeMap::from([(Ecosystem::Cargo, format!("sparse+{}/index/", server.base()))]);
    resolve(&mut sparse, &options(bases));
    assert_eq!(sparse[0].lag, deps[0].lag);
    assert_eq!(server.requests("/index/le/dg/ledger-core"), 1);
}

#[test]
fn go_proxy_with_retractions_deprecation_and_pseudo_versions() {
    let mut deps = vec![
        dep(Ecosystem::Go, "example.test/Warehouse/bins", "v1.1.0"),
        dep(
            Ecosystem::Go,
            "example.test/legacy/edi",
            "v0.0.0-20210301090000-0123456789ab",
        ),
    ];
    let (report, server) = run(&mut deps);
    // v1.2.1 is retracted by the latest go.mod; v1.3.0-rc.1 is a pre-release.
    assert_lag(&deps[0].lag, "v1.2.0", (0, 1, 1), Some(1.3), 5.23);
    assert_eq!(
        deps[0].lag.deprecation.as_deref(),
        Some("bins moved to example.test/warehouse/stock")
    );
    assert_lag(
        &deps[1].lag,
        "v0.0.0-20240105120000-abcdef123456",
        (0, 0, 1),
        Some(2.848),
        2.88,
    );
    let go = "/goproxy/example.test/!warehouse/bins/@v";
    for path in ["list", "v1.2.1.mod", "v1.1.0.info", "v1.2.0.info"] {
        assert_eq!(server.requests(&format!("{go}/{path}")), 1, "{path}");
    }
    assert_eq!(
        report.requests, 8,
        "4 for bins, 4 for edi (list, @latest, info, mod)"
    );
}

#[test]
fn maven_metadata_and_pom_dates() {
    let mut deps = vec![dep(
        Ecosystem::Maven,
        "org.example.payroll:payroll-batch",
        "1.4.2",
    )];
    let (report, _) = run(&mut deps);
    assert_lag(&deps[0].lag, "2.0.0", (1, 1, 1), Some(2.393), 4.463);
    assert_eq!(
        deps[0].lag.released.as_deref(),
        Some("2020-01-14T10:00:00Z")
    );
    assert_eq!(report.requests, 3, "metadata, then HEAD of the two poms");
}

#[test]
fn rubygems_versions_with_platform_builds() {
    let mut deps = vec![dep(Ecosystem::Rubygems, "ledger_export", "3.0.0")];
    run(&mut deps);
    assert_lag(&deps[0].lag, "3.2.0", (0, 2, 0), Some(2.152), 4.285);
    assert_eq!(
        deps[0].lag.latest_released.as_deref(),
        Some("2022-08-10T09:00:00Z"),
        "the earliest platform build"
    );
}

#[test]
fn packagist_minified_metadata_and_abandoned() {
    let mut deps = vec![dep(Ecosystem::Packagist, "acme/invoice-pdf", "v2.8.5")];
    run(&mut deps);
    assert_lag(&deps[0].lag, "v3.1.0", (1, 0, 0), Some(2.861), 4.189);
    assert_eq!(
        deps[0].lag.deprecation.as_deref(),
        Some("abandoned; use acme/document-render instead")
    );
}

#[test]
fn nuget_service_index_registration_pages_unlisted_and_deprecation() {
    let mut deps = vec![
        dep(Ecosystem::Nuget, "Acme.Payroll.Core", "1.2.0"),
        dep(Ecosystem::Nuget, "acme.payroll.core", "1.1.0"),
    ];
    let (report, server) = run(&mut deps);
    assert_lag(&deps[0].lag, "2.1.0", (1, 0, 0), Some(3.201), 7.144);
    assert_eq!(
        deps[0].lag.deprecation.as_deref(),
        Some("Superseded by the 2.x line; use Acme.Payroll")
    );
    assert_eq!(
        (deps[1].lag.yanked, deps[1].lag.released.as_deref()),
        (Some(true), None),
        "unlisted"
    );
    assert_eq!(deps[1].lag.libyear, None);
    assert_eq!(server.requests("/v3/index.json"), 1);
    assert_eq!(report.requests, 3);
}

#[test]
fn missing_sources_are_reasons_never_guesses() {
    let mut deps = vec![
        dep(Ecosystem::Npm, "invoice-dates", "1.1.0"),
        dep(Ecosystem::Rubygems, "ledger_export", "3.0.0"),
    ];
    deps[1].version = None;
    deps[1].constraint = Some("~> 3.0".into());
    let report = resolve(&mut deps, &options(BTreeMap::new()));
    assert_eq!(deps[0].lag.lag_status, LagStatus::Unknown);
    assert_eq!(
        deps[0].lag.lag_reason.as_deref(),
        Some("no registry configured for npm")
    );
    assert_eq!(
        deps[1].lag.lag_reason.as_deref(),
        Some("no resolved version")
    );
    assert_eq!(
        (report.version_source.as_str(), report.requests),
        ("none", 0),
        "nothing configured is not `--offline`"
    );
}

#[test]
fn index_folder_merges_and_conflicts_name_both_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/registry/index");
    let index = RegistryIndex::load(&root.join("q3")).expect("q3 folder loads");
    assert_eq!(
        index.generated_at.as_deref(),
        Some("2026-10-01T06:00:00Z"),
        "the newest file's"
    );
    assert_eq!(
        index
            .get(Ecosystem::Npm, "invoice-dates")
            .map(|p| p.versions.len()),
        Some(2)
    );
    let pypi = index
        .get(Ecosystem::Pypi, "payroll-tax-tables")
        .expect("by its PEP 503 name");
    assert!(pypi.versions[1].yanked);
    let err = RegistryIndex::load(&root.join("conflict"))
        .expect_err("two files disagree")
        .to_string();
    assert!(
        err.contains("a-npm.json") && err.contains("b-npm.json") && err.contains("`invoice-dates`"),
        "{err}"
    );
    // Round trip: sorted, pretty, byte-identical on a second write.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    index.write_atomic(&a).unwrap();
    RegistryIndex::load(&a).unwrap().write_atomic(&b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(RegistryIndex::load(&a).unwrap(), index);
    std::fs::write(
        &a,
        "{\"format\": \"quarterdeck-registry-index\", \"version\": 2, \"packages\": {}}",
    )
    .unwrap();
    let err = RegistryIndex::load(&a).unwrap_err().to_string();
    assert!(
        err.ends_with("format version 2 is not supported (this build reads version 1)"),
        "{err}"
    );
    std::fs::write(&a, "{\"format\": \"quarterdeck-registry-index\", \"version\": 1, \"packages\": {\"npm\": {\"x\": {\"versions\": [{\"version\": \"1.0.0\", \"released\": \"last spring\"}]}}}}").unwrap();
    let err = RegistryIndex::load(&a).unwrap_err().to_string();
    assert!(
        err.ends_with("packages.npm.x.versions[0].released: `last spring` is not an RFC 3339 date"),
        "{err}"
    );
}

#[test]
fn resolve_from_an_index_uses_no_network_and_names_missing_packages() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/registry/index/q3");
    let mut deps = vec![
        dep(Ecosystem::Npm, "invoice-dates", "1.1.0"),
        dep(Ecosystem::Npm, "left-pad", "1.3.0"),
    ];
    let server = RegistryServer::start(all_routes());
    let mut opts = options(all_bases(&server));
    opts.index = Some(root);
    let report = resolve(&mut deps, &opts);
    assert_eq!(deps[0].lag.lag_source.as_deref(), Some("index"));
    assert_eq!(deps[0].lag.libyear, Some(2.458));
    assert_eq!(
        deps[1].lag.lag_reason.as_deref(),
        Some("not in the offline index")
    );
    assert_eq!(
        (report.version_source.as_str(), server.connections()),
        ("offline-index", 0)
    );
}

#[test]
fn snapshot_index_then_resolve_from_it_gives_the_live_lag() {
    let mut live = all_deps();
    let (report, server) = run(&mut live);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (index, snap) = snapshot_index(&all_deps(), &options(all_bases(&server)));
    assert!(snap.problems.is_empty(), "{:?}", snap.problems);
    assert_eq!(index.packages.values().map(|p| p.len()).sum::<usize>(), 10);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry-index.json");
    index.write_atomic(&path).unwrap();
    let mut offline = all_deps();
    let opts = ResolveOptions {
        index: Some(path.clone()),
        offline: true,
        now: NOW,
        ..ResolveOptions::default()
    };
    resolve(&mut offline, &opts);
    for (a, b) in live.iter().zip(&offline) {
        let mut expected = a.lag.clone();
        expected.lag_source = Some("index".into());
        assert_eq!(b.lag, expected, "{}", a.name);
    }
    // The same answers give the same file, but for `generated_at`.
    let (again, _) = snapshot_index(&all_deps(), &options(all_bases(&server)));
    assert_eq!(again.packages, index.packages);
}

#[test]
fn options_from_config_take_registries_and_cache_settings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quarterdeck.toml");
    let toml = "[dependencies]\ncache_ttl_hours = 6\nconcurrency = 3\nretries = 4\n\n[registries]\ncargo = \"sparse+https://registry.example/cargo/index/\"\nnpm = \"https://registry.example/npm/\"\n";
    std::fs::write(&file, toml).unwrap();
    let config =
        quarterdeck::config::Config::load(&file).expect("a sparse+ cargo index is a valid base");
    let env = |k: &str| (k == "XDG_CACHE_HOME").then(|| "/var/cache/audit".to_string());
    let opts = ResolveOptions::from_config(&config, dir.path(), &env, NOW);
    assert_eq!(
        opts.registries.get(&Ecosystem::Cargo).map(String::as_str),
        Some("sparse+https://registry.example/cargo/index/")
    );
    assert_eq!(opts.registries.len(), 2);
    assert_eq!(
        opts.cache_dir,
        Some(std::path::PathBuf::from(
            "/var/cache/audit/quarterdeck/registry"
        ))
    );
    assert_eq!(
        (opts.cache_ttl, opts.concurrency, opts.retries, opts.now),
        (Duration::from_secs(6 * 3600), 3, 4, NOW)
    );
    std::fs::write(
        &file,
        "[registries]\nnpm = \"sparse+https://registry.example/npm/\"\n",
    )
    .unwrap();
    assert!(
        quarterdeck::config::Config::load(&file).is_err(),
        "sparse+ is for cargo only"
    );
}
