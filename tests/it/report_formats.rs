//! Machine outputs: insta snapshots of Markdown, SARIF and OpenMetrics for the audit of
//! `fixtures/lang` and for the populated ledgerline snapshot; SARIF against the 2.1.0 schema,
//! metrics through `promtool check metrics`, CSV quoting and formula guards.

use crate::common::report_fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use quarterdeck::report::{guard_cell, markdown, openmetrics, portfolio_metrics, sarif};
use quarterdeck::snapshot::Snapshot;
use report_fixture::{HOSTILE_FILE, huge, populated, portfolio};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let p = entry.path();
        let dest = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}

/// The real audit of `fixtures/lang` (copied out of the git work tree, so no history varies
/// with this repository's commits), with the run-specific fields fixed.
fn fixture_audit() -> Snapshot {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = tmp.path().join("lang");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lang"),
        &root,
    );
    let out = tmp.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .env("SOURCE_DATE_EPOCH", "1795357230")
        .args(["audit", "--quiet", "--format", "json", "--out"])
        .arg(&out)
        .arg(&root)
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("run quarterdeck: {e}"));
    assert!(status.success(), "audit of fixtures/lang failed");
    let mut s = Snapshot::read(&out.join("snapshot.json")).unwrap_or_else(|e| panic!("{e}"));
    s.scan.root = "/audits/lang".into();
    s.scan.repository = "lang".into();
    s.tool.version = "0.0.0-redacted".into();
    s
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| panic!("{e}"))
}

fn redacted(mut s: Snapshot) -> Snapshot {
    s.tool.version = "0.0.0-redacted".into();
    s
}

#[test]
fn markdown_of_the_fixture_audit() {
    insta::assert_snapshot!(markdown(&fixture_audit()));
}

#[test]
fn markdown_of_the_populated_snapshot() {
    insta::assert_snapshot!(markdown(&redacted(populated())));
}

#[test]
fn sarif_of_the_fixture_audit() {
    insta::assert_snapshot!(pretty(&sarif(&fixture_audit())));
}

#[test]
fn sarif_of_the_populated_snapshot() {
    insta::assert_snapshot!(pretty(&sarif(&redacted(populated()))));
}

#[test]
fn openmetrics_of_the_fixture_audit() {
    insta::assert_snapshot!(openmetrics(&fixture_audit()));
}

#[test]
fn openmetrics_of_the_populated_snapshot() {
    insta::assert_snapshot!(openmetrics(&redacted(populated())));
}

/// `shared/schemas/sarif-schema-2.1.0.json` in the nearest ancestor of the checkout that has it
/// (CI puts `shared/` beside the checkout).
fn sarif_schema() -> serde_json::Value {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|a| a.join("shared/schemas/sarif-schema-2.1.0.json"))
        .find(|p| p.is_file());
    let Some(path) = found else {
        panic!(
            "SARIF schema not found: expected shared/schemas/sarif-schema-2.1.0.json beside the \
             checkout (in an ancestor of {})",
            manifest.display()
        );
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_errors(log: &serde_json::Value) -> Vec<String> {
    let schema = sarif_schema();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// What GitHub code scanning needs beyond the schema.
fn check_code_scanning_form(log: &serde_json::Value) {
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().map(Vec::len);
    assert_eq!(runs, Some(1));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for r in &rules {
        for key in ["id", "name"] {
            assert!(r[key].is_string(), "rule without {key}: {r}");
        }
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r["fullDescription"]["text"].is_string());
        assert!(r["help"]["text"].is_string() && r["help"]["markdown"].is_string());
        assert!(
            r["properties"]["tags"]
                .as_array()
                .is_some_and(|t| t.len() <= 10)
        );
    }
    for res in run["results"].as_array().cloned().unwrap_or_default() {
        let index = res["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|r| &r["id"]), Some(&res["ruleId"]));
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(res["partialFingerprints"]["quarterdeck/v1"].is_string());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap_or("");
        assert!(
            !uri.is_empty() && !uri.starts_with('/') && !uri.contains("://"),
            "{uri}"
        );
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
    }
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema_and_in_code_scanning_form() {
    for (name, s) in [
        ("populated", populated()),
        ("fixture audit", fixture_audit()),
    ] {
        let log = sarif(&s);
        assert_eq!(schema_errors(&log), Vec::<String>::new(), "{name}");
        check_code_scanning_form(&log);
    }
    // An invalid log is caught, so the check above can fail.
    let mut bad = sarif(&populated());
    bad["runs"][0]["results"][0]["baselineState"] = serde_json::json!("worsened");
    assert_eq!(schema_errors(&bad).len(), 1);
}

#[test]
fn sarif_baseline_states_suppressions_and_uris() {
    let log = sarif(&populated());
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(results.len(), 15);
    let states: Vec<&str> = results
        .iter()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert_eq!(states.iter().filter(|s| **s == "new").count(), 7);
    assert_eq!(states.iter().filter(|s| **s == "unchanged").count(), 6);
    assert_eq!(states.iter().filter(|s| **s == "updated").count(), 2);
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    let kinds: Vec<&str> = suppressed
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    // In snapshot order: ExportJob.java line 12 (suppression file), then line 71 (inline).
    assert_eq!(kinds, ["external", "inSource"]);
    let hostile = results
        .iter()
        .find(|r| r["properties"]["category"] == "maintainability" && r["level"] == "error")
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone());
    assert_eq!(
        hostile,
        Some(serde_json::json!(
            "legacy/%3Cimg%20src=x%20onerror=alert(1)%3E.py"
        ))
    );
    let _ = HOSTILE_FILE;
    // Without a baseline there is no baselineState at all.
    let mut s = populated();
    s.baseline = None;
    let log = sarif(&s);
    let any = log["runs"][0]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x.get("baselineState").is_some()));
    assert!(!any);
}

#[test]
fn sarif_keeps_the_most_severe_25000_results() {
    let s = huge(30_000);
    let log = sarif(&s);
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().map(Vec::len), Some(25_000));
    assert_eq!(run["properties"]["omittedResults"], 5_000);
    // 15 rules, 2,000 findings each: 1 critical and 6 high rules (14,000 `error`), 6 medium
    // (12,000 -> `warning`), 2 low (4,000 -> `note`). The 5,000 left out are the least severe:
    // every low one and 1,000 medium ones.
    let level = |l: &str| {
        run["results"]
            .as_array()
            .map(|r| r.iter().filter(|x| x["level"] == l).count())
    };
    assert_eq!(level("error"), Some(14_000));
    assert_eq!(level("warning"), Some(11_000));
    assert_eq!(level("note"), Some(0));
}

fn promtool() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("promtool"))
        .find(|p| p.is_file())
}

/// `promtool check metrics` (parse + lint) must accept the text with no complaint.
fn promtool_check(text: &str) -> Option<()> {
    let Some(tool) = promtool() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("promtool is not installed; .ci/run installs Debian's `prometheus`");
        }
        eprintln!(
            "notice: promtool check skipped: promtool not found (apt-get install prometheus)"
        );
        return None;
    };
    let mut child = Command::new(tool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run promtool: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("write to promtool: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("promtool: {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "promtool rejected the metrics: {said}\n{text}"
    );
    assert_eq!(said.trim(), "", "promtool lint findings");
    Some(())
}

#[test]
fn metrics_pass_promtool_and_escape_label_values() {
    let mut s = populated();
    s.scan.repository = "ledger \"line\"\\main\nbranch".into();
    let text = openmetrics(&s);
    assert!(text.contains(
        "quarterdeck_findings{repository=\"ledger \\\"line\\\"\\\\main\\nbranch\",severity=\"critical\"} 1"
    ));
    assert!(text.ends_with("# EOF\n"));
    promtool_check(&text);
    promtool_check(&openmetrics(&fixture_audit()));
    promtool_check(&portfolio_metrics(&portfolio()));
    // A malformed exposition is rejected, so the checks above can fail.
    if promtool().is_some() {
        let r = std::panic::catch_unwind(|| promtool_check("quarterdeck_x{repository=\"a} 1\n"));
        assert!(r.is_err());
    }
}

#[test]
fn metrics_hold_every_key_figure_and_every_severity_category_and_rule() {
    let s = populated();
    let text = openmetrics(&s);
    for name in s.figures.keys() {
        let family = quarterdeck::report::openmetrics_family(name);
        assert!(
            text.contains(&format!("# TYPE {family} gauge")),
            "no gauge for figure {name}"
        );
    }
    assert_eq!(text.matches("quarterdeck_findings{").count(), 5);
    assert_eq!(text.matches("quarterdeck_findings_by_category{").count(), 6);
    let enabled = s.rules.iter().filter(|r| r.enabled).count();
    assert_eq!(
        text.matches("quarterdeck_findings_by_rule{").count(),
        enabled
    );
    assert!(text.contains("quarterdeck_findings_by_rule{repository=\"ledgerline\",rule=\"testing/untested-hot-path\"} 2"));
    assert!(text.contains("quarterdeck_gate_passed{repository=\"ledgerline\"} 0"));
    assert!(text.contains("quarterdeck_build_info{repository=\"ledgerline\",version=\"0.1.0\",commit=\"4f1c2a9e8b7d6c5f4e3d2c1b0a99887766554433\",branch=\"main\",schema=\"2\"} 1"));
}

/// A minimal RFC 4180 reader: fields, quoted fields with doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_quotes_per_rfc_4180_and_guards_formulas() {
    let s = populated();
    let findings = parse_csv(&quarterdeck::report::finding_rows(&s));
    assert_eq!(findings[0][0], "rule_id");
    assert!(findings.iter().all(|r| r.len() == findings[0].len()));
    // 15 findings + 2 resolved.
    assert_eq!(findings.len(), 1 + 15 + 2);
    let marker = findings
        .iter()
        .find(|r| r[0] == "maintainability/debt-marker" && r[3] == "billing/tax_rules.py")
        .map(|r| r[7].clone());
    assert_eq!(
        marker.as_deref(),
        Some("'=HYPERLINK(\"x\") TODO: drop the 2019 VAT table, \"ask finance\"")
    );
    let resolved: Vec<&Vec<String>> = findings.iter().filter(|r| r[11] == "resolved").collect();
    assert_eq!(resolved.len(), 2);
    let hostile = findings
        .iter()
        .find(|r| r[3] == HOSTILE_FILE)
        .map(|r| r[6].clone());
    assert_eq!(hostile.as_deref(), Some("</script><script>"));

    let functions = parse_csv(&quarterdeck::report::function_rows(&s));
    assert_eq!(functions.len(), 1 + 12);
    assert!(functions.iter().all(|r| r.len() == functions[0].len()));
    let vat = functions
        .iter()
        .find(|r| r[3] == "compute_vat")
        .cloned()
        .unwrap_or_default();
    let col = |name: &str| {
        functions[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or(usize::MAX)
    };
    assert_eq!(vat[col("cognitive")], "41");
    assert_eq!(vat[col("changes")], "9");
    assert_eq!(vat[col("evidence")], "coverage");
    assert_eq!(vat[col("coverage")], "0.2083");
    assert_eq!(vat[col("file_commits")], "17");
    assert_eq!(vat[col("findings")], "2");
    assert_eq!(guard_cell("-5"), "'-5");
}

#[test]
fn markdown_stays_under_the_limit_for_any_input() {
    let md = markdown(&huge(50_000));
    assert!(md.len() < 65_000, "{} bytes", md.len());
    assert!(md.contains("…and "));
    // Pathological text: long paths full of backticks, pipes and markup in 20,000 findings.
    let mut s = huge(20_000);
    let nasty = format!("{}|<b>`x`</b>|", "`".repeat(300));
    for f in &mut s.findings {
        f.path = format!("{nasty}/{}", f.path);
        f.message = nasty.repeat(20);
        f.symbol = Some(nasty.clone());
    }
    let md = markdown(&s);
    assert!(
        md.chars().count() < 65_000 && md.len() < 65_000,
        "{} bytes",
        md.len()
    );
    assert!(!md.contains("<b>"));
}
