//! The dependency rules' thresholds through the binary, with an offline registry index and an npm
//! lockfile: `[rules.override]` of `dependencies/libyear-high`, `dependencies/major-behind` and
//! `dependencies/abandoned` changes exactly which findings appear, and a comparison with a
//! baseline audited under the old thresholds lists the changed rules in `delta.rule_changes`.

use crate::common::quarterly;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{bin, stderr};
use quarterly::{
    assert_exit_2_one_line, file_names, finding_set, npm_index, npm_project, read_json, triples,
    write,
};
use serde_json::{Value, json};

const LIBYEAR: &str = "dependencies/libyear-high";
const MAJOR: &str = "dependencies/major-behind";
const ABANDONED: &str = "dependencies/abandoned";

/// The payroll portal's packages, audited at SOURCE_DATE_EPOCH (2026-11-22; not a git
/// repository, so the run's time is "now"):
///
/// | package | in use | newest | majors | libyear | newest is |
/// |---|---|---|---|---|---|
/// | ledger-math | 1.0.0 (2019-01-10) | 3.0.0 (2025-06-01) | 2 | 6.39 | 1.5 years old |
/// | invoice-pdf | 2.0.0 (2022-01-10) | 2.4.0 (2025-09-01) | 0 | 3.64 | 1.2 years old |
/// | vat-rates | 4.1.0 (2024-02-01) | 5.0.0 (2025-03-01) | 1 | 1.08 | 1.7 years old |
/// | cost-centres | 3.1.0 (2021-06-01) | 3.2.0 (2022-06-15) | 0 | 1.04 | 4.4 years old |
/// | payslip-format | 1.2.0 (2020-03-01) | 1.2.0 | 0 | 0 | 6.7 years old |
/// | decimal-shim (transitive) | 1.4.0 (2019-02-01) | 2.0.0 (2025-10-01) | 1 | 6.66 | 1.1 years old |
fn portal(tmp: &Path) -> (PathBuf, PathBuf) {
    let root = tmp.join("payroll-portal");
    let (manifest, lock) = npm_project(
        &[
            ("ledger-math", "1.0.0"),
            ("invoice-pdf", "2.0.0"),
            ("vat-rates", "4.1.0"),
            ("cost-centres", "3.1.0"),
            ("payslip-format", "1.2.0"),
        ],
        &[("decimal-shim", "1.4.0")],
    );
    write(&root, "package.json", &manifest);
    write(&root, "package-lock.json", &lock);
    let index = npm_index(&[
        (
            "ledger-math",
            &[
                ("1.0.0", "2019-01-10T00:00:00Z"),
                ("2.0.0", "2021-05-01T00:00:00Z"),
                ("3.0.0", "2025-06-01T00:00:00Z"),
            ],
        ),
        (
            "invoice-pdf",
            &[
                ("2.0.0", "2022-01-10T00:00:00Z"),
                ("2.4.0", "2025-09-01T00:00:00Z"),
            ],
        ),
        (
            "vat-rates",
            &[
                ("4.1.0", "2024-02-01T00:00:00Z"),
                ("5.0.0", "2025-03-01T00:00:00Z"),
            ],
        ),
        (
            "cost-centres",
            &[
                ("3.1.0", "2021-06-01T00:00:00Z"),
                ("3.2.0", "2022-06-15T00:00:00Z"),
            ],
        ),
        ("payslip-format", &[("1.2.0", "2020-03-01T00:00:00Z")]),
        (
            "decimal-shim",
            &[
                ("1.4.0", "2019-02-01T00:00:00Z"),
                ("2.0.0", "2025-10-01T00:00:00Z"),
            ],
        ),
    ]);
    write(tmp, "registry-index.json", &index);
    (root, tmp.join("registry-index.json"))
}

/// Audit the portal offline with `config` (a `quarterdeck.toml` text) into `tmp/name`.
fn audit(tmp: &Path, name: &str, config: &str, args: &[&str]) -> Output {
    let (root, index) = portal(tmp);
    let conf = tmp.join(format!("{name}.toml"));
    std::fs::write(&conf, config).unwrap();
    bin()
        .args(["audit", "--quiet", "--offline", "--format", "json"])
        .arg("--registry-index")
        .arg(&index)
        .arg("--config")
        .arg(&conf)
        .arg("--out")
        .arg(tmp.join(name))
        .arg(&root)
        .args(args)
        .output()
        .expect("run quarterdeck audit")
}

/// The dependency findings of an audit that must succeed, and its snapshot.
fn findings(tmp: &Path, name: &str, config: &str) -> (BTreeSet<(String, String, String)>, Value) {
    let o = audit(tmp, name, config, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = read_json(&tmp.join(name).join("snapshot.json"));
    (finding_set(&s, "dependencies/"), s)
}

fn only(set: &BTreeSet<(String, String, String)>, rule: &str) -> Vec<(String, String)> {
    set.iter()
        .filter(|(r, _, _)| r == rule)
        .map(|(_, s, v)| (s.clone(), v.clone()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_default_thresholds_give_these_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let (set, s) = findings(tmp.path(), "default", "");
    assert_eq!(
        set,
        triples(&[
            (ABANDONED, "cost-centres", "low"),
            (ABANDONED, "payslip-format", "low"),
            (LIBYEAR, "invoice-pdf", "medium"),
            (LIBYEAR, "ledger-math", "high"),
            (MAJOR, "ledger-math", "high"),
            (MAJOR, "vat-rates", "medium"),
        ])
    );
    let ledger = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == LIBYEAR && f["symbol"] == "ledger-math")
        .unwrap();
    assert_eq!(ledger["path"], "package-lock.json");
    assert_eq!(
        (&ledger["value"], &ledger["threshold"]),
        (&json!(6.39), &json!(5.0)),
        "{ledger}"
    );
    assert_eq!(
        ledger["message"],
        "ledger-math 1.0.0 (released 2019-01-10) is 6.4 libyears behind 3.0.0 (released 2025-06-01)"
    );
    assert_eq!(s["dependency_totals"]["totals"]["abandoned"], 2);
}

#[test]
fn libyear_bands_override_changes_the_findings_and_a_single_threshold_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let config = format!(
        "[rules.override.\"{LIBYEAR}\"]\nseverity_bands = [{{ threshold = 1, severity = \"medium\" }}, {{ threshold = 6.5, severity = \"high\" }}]\n"
    );
    let (set, _) = findings(tmp.path(), "bands", &config);
    // Now over one libyear is medium and over 6.5 is high: ledger-math (6.39) drops to
    // medium; vat-rates (1.08) and cost-centres (1.04) appear; the transitive decimal-shim
    // (6.66) stays out (direct_only).
    assert_eq!(
        only(&set, LIBYEAR),
        pairs(&[
            ("cost-centres", "medium"),
            ("invoice-pdf", "medium"),
            ("ledger-math", "medium"),
            ("vat-rates", "medium"),
        ])
    );
    assert_eq!(only(&set, MAJOR).len(), 2, "other rules unchanged");
    assert_eq!(only(&set, ABANDONED).len(), 2, "other rules unchanged");

    // The rule grades by bands: a single `threshold` is a configuration error (rules/README.md).
    let out = tmp.path().join("threshold");
    let o = audit(
        tmp.path(),
        "threshold",
        &format!("[rules.override.\"{LIBYEAR}\"]\nthreshold = 1\n"),
        &[],
    );
    assert_exit_2_one_line(
        &o,
        &[
            "threshold.toml",
            "[rules.override.\"dependencies/libyear-high\"]",
            "has no single threshold; override `severity_bands`",
        ],
    );
    assert!(file_names(&out).is_empty(), "nothing written");
}

#[test]
fn major_behind_bands_and_direct_only_change_the_findings() {
    let tmp = tempfile::tempdir().unwrap();
    // Only two or more majors behind is reported (high).
    let config = format!(
        "[rules.override.\"{MAJOR}\"]\nseverity_bands = [{{ threshold = 1, severity = \"high\" }}]\n"
    );
    let (set, _) = findings(tmp.path(), "two-majors", &config);
    assert_eq!(only(&set, MAJOR), pairs(&[("ledger-math", "high")]));
    // Transitive dependencies too: decimal-shim, one major behind.
    let config = format!("[rules.override.\"{MAJOR}\"]\noptions = {{ direct_only = false }}\n");
    let (set, s) = findings(tmp.path(), "transitive", &config);
    assert_eq!(
        only(&set, MAJOR),
        pairs(&[
            ("decimal-shim", "medium"),
            ("ledger-math", "high"),
            ("vat-rates", "medium"),
        ])
    );
    assert_eq!(
        only(&set, LIBYEAR).len(),
        2,
        "libyear-high keeps direct_only"
    );
    let shim = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["symbol"] == "decimal-shim")
        .unwrap();
    assert_eq!(
        shim["message"],
        "decimal-shim 1.4.0 is 1 major version behind 2.0.0 (npm transitive dependency)"
    );
    // An option the rule does not have is an error naming the ones it has.
    let o = audit(
        tmp.path(),
        "typo",
        &format!("[rules.override.\"{MAJOR}\"]\noptions = {{ direct_ony = false }}\n"),
        &[],
    );
    assert_exit_2_one_line(&o, &["has no option `direct_ony`", "direct_only"]);
}

#[test]
fn abandoned_threshold_and_severity_change_the_findings_and_the_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let (set, s) = findings(
        tmp.path(),
        "five-years",
        &format!("[rules.override.\"{ABANDONED}\"]\nthreshold = 5\n"),
    );
    assert_eq!(only(&set, ABANDONED), pairs(&[("payslip-format", "low")]));
    assert_eq!(s["dependency_totals"]["totals"]["abandoned"], 1);
    let f = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == ABANDONED)
        .unwrap();
    assert_eq!((&f["value"], &f["threshold"]), (&json!(6.729), &json!(5.0)));

    let (set, s) = findings(
        tmp.path(),
        "seven-years",
        &format!("[rules.override.\"{ABANDONED}\"]\nthreshold = 7\n"),
    );
    assert_eq!(only(&set, ABANDONED), pairs(&[]));
    assert_eq!(s["dependency_totals"]["totals"]["abandoned"], 0);

    let (set, _) = findings(
        tmp.path(),
        "severity",
        &format!("[rules.override.\"{ABANDONED}\"]\nthreshold = 4\nseverity = \"medium\"\n"),
    );
    assert_eq!(
        only(&set, ABANDONED),
        pairs(&[("cost-centres", "medium"), ("payslip-format", "medium")])
    );
}

#[test]
fn a_changed_threshold_is_flagged_against_the_old_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, _) = findings(tmp.path(), "q3", "");
    let q3 = tmp.path().join("q3/snapshot.json");
    let config = format!(
        "[rules.override.\"{ABANDONED}\"]\nthreshold = 5\n\n[rules.override.\"{LIBYEAR}\"]\nseverity_bands = [{{ threshold = 1, severity = \"medium\" }}, {{ threshold = 6.5, severity = \"high\" }}]\n"
    );
    let o = audit(
        tmp.path(),
        "q4",
        &config,
        &["--baseline", q3.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let q4 = tmp.path().join("q4/snapshot.json");
    let s = read_json(&q4);
    let expected = json!([
        {
            "rule_id": ABANDONED,
            "change": "thresholds",
            "old": "threshold 3, direct_only = 1",
            "new": "threshold 5, direct_only = 1"
        },
        {
            "rule_id": LIBYEAR,
            "change": "thresholds",
            "old": "medium > 2, high > 5, direct_only = 1",
            "new": "medium > 1, high > 6.5, direct_only = 1"
        }
    ]);
    assert_eq!(s["delta"]["rule_changes"], expected);
    // The findings are still classified; the ones the new thresholds moved are visible.
    let class = |rule: &str, symbol: &str| -> String {
        s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == rule && f["symbol"] == symbol)
            .map_or("absent".into(), |f| {
                f["baseline_status"].as_str().unwrap_or("?").into()
            })
    };
    assert_eq!(class(LIBYEAR, "ledger-math"), "improved", "high -> medium");
    assert_eq!(class(LIBYEAR, "vat-rates"), "new");
    assert_eq!(class(MAJOR, "ledger-math"), "unchanged");
    let resolved: Vec<(&str, &str)> = s["delta"]["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["symbol"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(resolved, [(ABANDONED, "cost-centres")]);

    // `diff` of the two snapshots reports the same rule changes, in JSON and in words.
    let o = bin()
        .args(["diff", "--json"])
        .arg(&q3)
        .arg(&q4)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["delta"]["rule_changes"], expected);
    let o = bin().arg("diff").arg(&q3).arg(&q4).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(
            "  rule dependencies/abandoned thresholds: threshold 3, direct_only = 1 -> threshold 5, direct_only = 1 (findings not strictly comparable)"
        ),
        "{text}"
    );
    // The same thresholds on both sides: no rule change.
    let o = bin()
        .args(["diff", "--json"])
        .arg(&q4)
        .arg(&q4)
        .output()
        .unwrap();
    let d: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["delta"]["rule_changes"], json!([]));
}
