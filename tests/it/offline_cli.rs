//! `audit --offline` and `deps snapshot-index` through the binary, against a local registry
//! server on 127.0.0.1 configured in `[registries]`: offline opens no connection (with a cold or
//! a warm cache) and says why the lag is unknown, online does connect, and an index snapshotted
//! from the registries reproduces the online lag air-gapped.

use crate::common::quarterly;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::common::registry_server::{RegistryServer, Reply};
use crate::common::{bin, stderr};
use quarterly::{npm_project, read_json, write};
use serde_json::Value;

fn routes() -> Vec<(String, Vec<Reply>)> {
    vec![
        (
            "/npm/invoice-dates".to_string(),
            vec![Reply::fixture("npm/invoice-dates.json")],
        ),
        (
            "/npm/@ledger%2fvat-rounding".to_string(),
            vec![Reply::fixture("npm/ledger-vat-rounding.json")],
        ),
        (
            "/pypi/simple/payroll-tax-tables/".to_string(),
            vec![
                Reply::fixture("pypi/payroll-tax-tables.json")
                    .header("Content-Type", "application/vnd.pypi.simple.v1+json"),
            ],
        ),
    ]
}

/// The payroll service: an npm lockfile and a requirements file, with a `quarterdeck.toml`
/// pointing both ecosystems at `server` (plus `extra` config lines).
fn payroll_service(root: &Path, server: &RegistryServer, extra: &str) {
    let (manifest, lock) = npm_project(
        &[
            ("invoice-dates", "1.1.0"),
            ("@ledger/vat-rounding", "0.4.0"),
        ],
        &[],
    );
    write(root, "portal/package.json", &manifest);
    write(root, "portal/package-lock.json", &lock);
    write(
        root,
        "tax/requirements.txt",
        "# payroll tax tables, pinned for the 2026 year-end run\nPayroll_Tax.Tables==2.4.0\n",
    );
    write(
        root,
        "tax/withholding.py",
        "def withholding(gross, table):\n    if gross <= table.threshold:\n        return 0\n    return (gross - table.threshold) * table.rate\n",
    );
    let b = server.base();
    write(
        root,
        "quarterdeck.toml",
        &format!("{extra}\n[registries]\nnpm = \"{b}/npm/\"\npypi = \"{b}/pypi/simple/\"\n"),
    );
}

fn audit(root: &Path, out: &Path, args: &[&str]) -> (Value, Output) {
    let o = bin()
        // The fixture's own quarterdeck.toml names the local registry and a cache outside it.
        .args([
            "audit",
            "--quiet",
            "--trust-repo-config",
            "--format",
            "json",
            "--out",
        ])
        .arg(out)
        .arg(root)
        .args(args)
        .env_remove("npm_config_registry")
        .env_remove("NPM_CONFIG_REGISTRY")
        .env_remove("PIP_INDEX_URL")
        .output()
        .expect("run quarterdeck audit");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (read_json(&out.join("snapshot.json")), o)
}

/// name -> (lag_status, lag_reason, latest, lag_source) of every dependency.
type Lags = BTreeMap<String, (String, String, String, String)>;

fn lags(s: &Value) -> Lags {
    s["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .map(|d| {
            let t = |k: &str| d[k].as_str().unwrap_or("-").to_string();
            (
                t("name"),
                (
                    t("lag_status"),
                    t("lag_reason"),
                    t("latest"),
                    t("lag_source"),
                ),
            )
        })
        .collect()
}

fn all_unknown(reason: &str) -> Lags {
    [
        "@ledger/vat-rounding",
        "invoice-dates",
        "payroll-tax-tables",
    ]
    .iter()
    .map(|n| {
        let v = ("unknown".into(), reason.into(), "-".into(), "-".into());
        (n.to_string(), v)
    })
    .collect()
}

fn known(source: &str) -> Lags {
    [
        ("@ledger/vat-rounding", "0.5.0"),
        ("invoice-dates", "2.1.0"),
        ("payroll-tax-tables", "3.0.0"),
    ]
    .iter()
    .map(|(n, latest)| {
        let v = (
            "known".into(),
            "-".into(),
            latest.to_string(),
            source.into(),
        );
        (n.to_string(), v)
    })
    .collect()
}

#[test]
fn offline_audit_opens_no_socket_and_the_online_one_does() {
    let tmp = tempfile::tempdir().unwrap();
    let server = RegistryServer::start(routes());
    let root = tmp.path().join("payroll");
    let cache = tmp.path().join("cache");
    payroll_service(
        &root,
        &server,
        &format!("[dependencies]\ncache_dir = \"{}\"\n", cache.display()),
    );

    let (offline, _) = audit(&root, &tmp.path().join("offline"), &["--offline"]);
    assert_eq!(server.connections(), 0, "--offline connected");
    assert_eq!(lags(&offline), all_unknown("offline and no registry index"));
    let totals = &offline["dependency_totals"]["totals"];
    assert_eq!(
        (&totals["dependencies"], &totals["by_class"]["unknown"]),
        (&Value::from(3), &Value::from(3)),
        "{totals}"
    );

    // The same audit online asks the configured registry, once per package.
    let (online, _) = audit(&root, &tmp.path().join("online"), &[]);
    assert!(server.connections() > 0, "the online audit connected");
    for path in [
        "/npm/invoice-dates",
        "/npm/@ledger%2fvat-rounding",
        "/pypi/simple/payroll-tax-tables/",
    ] {
        assert_eq!(server.requests(path), 1, "{path}");
    }
    assert_eq!(lags(&online), known("registry"));
    assert_eq!(online["dependency_totals"]["version_source"], "registries");
    assert_eq!(offline["dependency_totals"]["version_source"], "offline");
    let invoice = online["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "invoice-dates")
        .unwrap();
    assert_eq!(invoice["libyear"], 2.458, "{invoice}");
    assert_eq!(invoice["majors_behind"], 1, "{invoice}");
    assert!(cache.is_dir(), "the online run filled the cache");

    // Offline again with a warm cache: still no connection, and the cache is not read.
    let before = server.connections();
    let (warm, _) = audit(&root, &tmp.path().join("warm"), &["--offline"]);
    assert_eq!(server.connections(), before);
    assert_eq!(lags(&warm), all_unknown("offline and no registry index"));

    // `[dependencies] offline = true` in the configuration is the same as the flag.
    let conf = root.join("quarterdeck.toml");
    let text = std::fs::read_to_string(&conf).unwrap();
    std::fs::write(
        &conf,
        text.replace("[dependencies]\n", "[dependencies]\noffline = true\n"),
    )
    .unwrap();
    let (configured, _) = audit(&root, &tmp.path().join("configured"), &[]);
    assert_eq!(server.connections(), before);
    assert_eq!(
        lags(&configured),
        all_unknown("offline and no registry index")
    );
    assert_eq!(server.total_requests(), 3);
}

#[test]
fn offline_audit_with_an_index_that_lacks_a_package_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let server = RegistryServer::start(routes());
    let root = tmp.path().join("payroll");
    payroll_service(&root, &server, "");
    let index = tmp.path().join("index.json");
    write(
        tmp.path(),
        "index.json",
        &quarterly::npm_index(&[(
            "invoice-dates",
            &[
                ("1.1.0", "2017-09-02T16:40:11Z"),
                ("2.1.0", "2020-02-17T07:30:00Z"),
            ],
        )]),
    );
    let (s, _) = audit(
        &root,
        &tmp.path().join("out"),
        &["--offline", "--registry-index", index.to_str().unwrap()],
    );
    assert_eq!(server.connections(), 0);
    let mut expected = all_unknown("not in the offline index");
    expected.insert(
        "invoice-dates".into(),
        ("known".into(), "-".into(), "2.1.0".into(), "index".into()),
    );
    assert_eq!(lags(&s), expected);
}

#[test]
fn snapshot_index_then_an_offline_audit_gives_the_online_lag() {
    let tmp = tempfile::tempdir().unwrap();
    let server = RegistryServer::start(routes());
    let root = tmp.path().join("payroll");
    // No cache: every run asks the server.
    payroll_service(&root, &server, "[dependencies]\ncache_ttl_hours = 0\n");

    // `audits/` does not exist yet: snapshot-index creates it.
    let index = tmp.path().join("audits/2026-Q4-registry-index.json");
    let o = bin()
        .args(["deps", "snapshot-index", "--trust-repo-config"])
        .arg(&root)
        .arg("--out")
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "quarterdeck: 3 dependencies in 2 lockfiles; 3 packages in the index (3 requests, 0 from the cache)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.total_requests(), 3);
    let idx = read_json(&index);
    assert_eq!(idx["format"], "quarterdeck-registry-index");
    assert_eq!(idx["version"], 1);
    assert_eq!(
        idx["generated_at"], "2026-11-22T14:20:30Z",
        "SOURCE_DATE_EPOCH"
    );
    let names = |eco: &str| -> Vec<String> {
        idx["packages"][eco]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(names("npm"), ["@ledger/vat-rounding", "invoice-dates"]);
    assert_eq!(names("pypi"), ["payroll-tax-tables"]);
    assert_eq!(idx["packages"].as_object().unwrap().len(), 2);
    let versions = |eco: &str, name: &str| -> Vec<(String, Value)> {
        idx["packages"][eco][name]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["version"].as_str().unwrap().to_string(),
                    v["released"].clone(),
                )
            })
            .collect()
    };
    let invoice = versions("npm", "invoice-dates");
    assert!(
        invoice.contains(&("1.1.0".into(), Value::from("2017-09-02T16:40:11Z"))),
        "{invoice:?}"
    );
    assert!(
        invoice.contains(&("2.1.0".into(), Value::from("2020-02-17T07:30:00Z"))),
        "{invoice:?}"
    );
    let tax = versions("pypi", "payroll-tax-tables");
    assert!(
        tax.contains(&("2.4.0".into(), Value::from("2020-01-15T10:00:00Z"))),
        "{tax:?}"
    );

    // The same answers give the same file, but for `generated_at` (SOURCE_DATE_EPOCH).
    let again = tmp.path().join("audits/again.json");
    let o = bin()
        .env("SOURCE_DATE_EPOCH", "1803888000")
        .args(["deps", "snapshot-index", "--trust-repo-config"])
        .arg(&root)
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let second = std::fs::read_to_string(&again).unwrap();
    assert!(second.contains("\"generated_at\": \"2027-03-01T08:00:00Z\""));
    assert_eq!(
        second.replace("2027-03-01T08:00:00Z", "2026-11-22T14:20:30Z"),
        std::fs::read_to_string(&index).unwrap()
    );

    let (online, _) = audit(&root, &tmp.path().join("online"), &[]);
    assert_eq!(server.total_requests(), 9, "the online audit asked again");
    let connections = server.connections();
    let (offline, _) = audit(
        &root,
        &tmp.path().join("offline"),
        &["--offline", "--registry-index", index.to_str().unwrap()],
    );
    assert_eq!(server.connections(), connections, "offline connected");
    assert_eq!(lags(&online), known("registry"));
    assert_eq!(lags(&offline), known("index"));
    // Every lag field but the source is the same as online.
    let strip = |s: &Value| -> Vec<Value> {
        let mut deps = s["dependencies"].as_array().unwrap().clone();
        for d in &mut deps {
            d.as_object_mut().unwrap().remove("lag_source");
        }
        deps
    };
    assert_eq!(strip(&offline), strip(&online));
    assert_eq!(
        offline["dependency_totals"]["totals"]["libyear"],
        online["dependency_totals"]["totals"]["libyear"]
    );
    assert_eq!(
        offline["figures"]["libyear_total"], 5.3,
        "2.458 + 0.616 + 2.223"
    );

    // Without any registry configured there is nothing to snapshot: exit 2, nothing written.
    std::fs::remove_file(root.join("quarterdeck.toml")).unwrap();
    let again = tmp.path().join("again.json");
    let o = bin()
        .args(["deps", "snapshot-index"])
        .arg(&root)
        .arg("--out")
        .arg(&again)
        .env_remove("npm_config_registry")
        .env_remove("NPM_CONFIG_REGISTRY")
        .env_remove("PIP_INDEX_URL")
        .env_remove("GOPROXY")
        .env("HOME", tmp.path())
        .env("CARGO_HOME", tmp.path().join("cargo-home"))
        .output()
        .unwrap();
    quarterly::assert_exit_2_one_line(&o, &["no registry is configured"]);
    assert!(!again.exists());
}
