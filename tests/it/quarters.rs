//! Quarter over quarter, end to end: a scripted "Q3" history audited, then "Q4" commits that
//! add a complex function, fix a flagged one, rename a file holding findings, shift lines and
//! bump dependencies, audited against the Q3 baseline; every finding's class and the gate.

use crate::common::quarterly;

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::git::TestRepo;
use crate::common::{bin, stderr};
use quarterly::RECONCILE;
use serde_json::Value;

const ANA: (&str, &str) = ("Ana Duarte", "ana@ledger.example");
const BEN: (&str, &str) = ("Ben Okoro", "ben@ledger.example");

/// Cognitive complexity over 25 (cognitive-very-high, high) and deep nesting: the Q3 function
/// that Q4 fixes.
const SETTLE_COMPLEX: &str = r#"def settle(invoice, payments, strict):
    paid = 0
    for p in payments:
        if p.invoice == invoice.number:
            if p.currency == invoice.currency:
                paid += p.amount
            elif strict:
                if p.rate:
                    paid += p.amount * p.rate
                else:
                    raise ValueError(p)
            else:
                for leg in p.legs:
                    if leg.ok and not leg.void:
                        paid += leg.amount
    if paid > invoice.total or paid < 0:
        return "overpaid"
    return "open" if paid < invoice.total else "paid"
"#;

const SETTLE_FIXED: &str = r#"def settle(invoice, payments, strict):
    paid = sum(converted(p, invoice, strict) for p in payments if p.invoice == invoice.number)
    return status(paid, invoice.total)
"#;

/// Deep nesting (4 levels): the finding that must survive a line shift.
const DISCOUNTS: &str = r#"def apply_discounts(invoice, rules):
    for line in invoice.lines:
        for rule in rules:
            if rule.applies(line):
                while line.amount > rule.floor:
                    if rule.stackable:
                        line.amount -= rule.step
                    else:
                        break
    return invoice
"#;

const POSTING: &str = r#"def post_entries(entries, journal, period):
    posted = 0
    for e in entries:
        if e.period != period:
            continue
        if e.account.startswith("4"):
            if e.amount > 0 and e.approved:
                journal.credit(e)
                posted += 1
            elif e.amount < 0:
                if e.reversal:
                    journal.reverse(e)
                else:
                    journal.debit(e)
        elif e.account.startswith("7"):
            for split in e.splits:
                if split.cost_centre and split.amount:
                    journal.debit(split)
    # TODO: close the period in the same transaction
    return posted
"#;

/// Cognitive complexity 16 (cognitive-high, medium) in Q3; Q4 adds a region and a condition.
const TAX_Q3: &str = r#"def tax_for(line, region, customer):
    rate = 0
    if region == "EU":
        if customer.vat_id:
            rate = 0
        elif line.category == "food":
            rate = 0.07
        else:
            rate = 0.19
    elif region == "US":
        for rule in customer.state_rules:
            if rule.applies(line):
                rate += rule.rate
    else:
        rate = 0.1
    if line.exempt or customer.exempt:
        rate = 0
    if rate > 0.25 and not customer.reseller:
        rate = 0.25
    return rate
"#;

/// The same function grown to cognitive complexity 20: the finding is worsened, not new.
const TAX_Q4: &str = r#"def tax_for(line, region, customer):
    rate = 0
    if region == "EU":
        if customer.vat_id:
            rate = 0
        elif line.category == "food":
            rate = 0.07
        else:
            rate = 0.19
    elif region == "US":
        for rule in customer.state_rules:
            if rule.applies(line) and not rule.expired:
                rate += rule.rate
    elif region == "CA":
        if customer.province in ("QC", "ON"):
            rate = 0.13
    else:
        rate = 0.1
    if line.exempt or customer.exempt:
        rate = 0
    if rate > 0.25 and not customer.reseller:
        rate = 0.25
    return rate
"#;

fn package_json(express: &str, lodash: &str) -> String {
    format!(
        r#"{{
  "name": "billing-web",
  "version": "3.2.0",
  "dependencies": {{
    "express": "^{express}",
    "lodash": "^{lodash}"
  }}
}}
"#
    )
}

fn package_lock(express: &str, lodash: &str) -> String {
    format!(
        r#"{{
  "name": "billing-web",
  "version": "3.2.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {{
    "": {{
      "name": "billing-web",
      "version": "3.2.0",
      "dependencies": {{
        "express": "^{express}",
        "lodash": "^{lodash}"
      }}
    }},
    "node_modules/express": {{
      "version": "{express}",
      "resolved": "https://registry.example/npm/express/-/express-{express}.tgz"
    }},
    "node_modules/lodash": {{
      "version": "{lodash}",
      "resolved": "https://registry.example/npm/lodash/-/lodash-{lodash}.tgz"
    }}
  }}
}}
"#
    )
}

const INDEX: &str = r#"{
  "format": "quarterdeck-registry-index",
  "version": 1,
  "generated_at": "2026-12-01T00:00:00Z",
  "packages": {
    "npm": {
      "express": {
        "deprecated": null,
        "versions": [
          { "version": "3.21.2", "released": "2015-07-21T00:00:00Z", "yanked": false, "deprecated": null },
          { "version": "4.18.2", "released": "2022-10-08T00:00:00Z", "yanked": false, "deprecated": null },
          { "version": "5.1.0", "released": "2025-03-31T00:00:00Z", "yanked": false, "deprecated": null }
        ]
      },
      "lodash": {
        "deprecated": null,
        "versions": [
          { "version": "4.17.4", "released": "2016-12-31T00:00:00Z", "yanked": false, "deprecated": null },
          { "version": "4.17.21", "released": "2021-02-20T00:00:00Z", "yanked": false, "deprecated": null }
        ]
      }
    }
  }
}
"#;

fn invoice(preamble: &str, settle: &str, extra: &str) -> String {
    format!(
        "{preamble}{settle}\n\n{DISCOUNTS}\n\ndef total(lines):\n    return sum(l.amount for l in lines)\n{extra}"
    )
}

/// Audit the repository offline against the index; the snapshot and the run's output.
fn audit(repo: &TestRepo, out: &Path, args: &[&str]) -> (Value, std::process::Output) {
    let index = repo
        .path()
        .parent()
        .unwrap()
        .join(format!("index-{}.json", std::process::id()));
    std::fs::write(&index, INDEX).unwrap();
    let o = bin()
        .args(["audit", "--format", "json", "--registry-index"])
        .arg(&index)
        .arg("--out")
        .arg(out)
        .arg(repo.path())
        .args(args)
        .output()
        .unwrap();
    let snap = serde_json::from_str(
        &std::fs::read_to_string(out.join("snapshot.json")).unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    (snap, o)
}

type Classed = BTreeSet<(String, String, String, String)>;
type Resolved = BTreeSet<(String, String, String)>;

/// (rule, path, symbol, class) of every unsuppressed finding, and the resolved ones.
fn classes(s: &Value) -> (Classed, Resolved) {
    let key = |f: &Value| {
        (
            f["rule_id"].as_str().unwrap_or("").to_string(),
            f["path"].as_str().unwrap_or("").to_string(),
            f["symbol"].as_str().unwrap_or("-").to_string(),
        )
    };
    let current = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let (r, p, y) = key(f);
            (
                r,
                p,
                y,
                f["baseline_status"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    let resolved = s["delta"]["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    (current, resolved)
}

fn has(
    set: &BTreeSet<(String, String, String, String)>,
    rule: &str,
    path: &str,
    symbol: &str,
    class: &str,
) -> bool {
    set.contains(&(rule.into(), path.into(), symbol.into(), class.into()))
}

#[test]
fn a_quarter_of_changes_classified_against_the_last_one() {
    let repo = TestRepo::new();
    // Q3: the invoicing code, the ledger, the web front end's dependencies.
    repo.write("billing/invoice.py", invoice("", SETTLE_COMPLEX, ""))
        .write("ledger/posting.py", POSTING)
        .write("billing/tax.py", TAX_Q3)
        .write("web/package.json", package_json("3.21.2", "4.17.4"))
        .write("web/package-lock.json", package_lock("3.21.2", "4.17.4"));
    repo.commit(
        ANA.0,
        ANA.1,
        "2026-07-02T09:00:00Z",
        "Import the billing service",
    );
    for (i, day) in ["2026-07-20", "2026-08-11", "2026-09-03"]
        .iter()
        .enumerate()
    {
        repo.write(
            "billing/invoice.py",
            invoice(&format!("# revision {i}\n"), SETTLE_COMPLEX, ""),
        );
        repo.commit(
            BEN.0,
            BEN.1,
            &format!("{day}T15:00:00Z"),
            "Fix rounding in settle",
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let (q3, o) = audit(&repo, &tmp.path().join("q3"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(q3["history"]["status"], "available", "{}", q3["history"]);
    let q3_rules: BTreeSet<&str> = q3["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for r in [
        "complexity/cognitive-high",
        "complexity/deep-nesting",
        "maintainability/debt-marker",
        "dependencies/major-behind",
        "dependencies/libyear-high",
    ] {
        assert!(q3_rules.contains(r), "Q3 has {r}: {q3_rules:?}");
    }

    // Q4: shift invoice.py's lines, fix `settle`, add `reconcile`; rename the ledger file;
    // bump express one major and lodash to its latest.
    repo.write(
        "billing/invoice.py",
        invoice(
            "# Invoicing: settlement, discounts and reconciliation.\n# Owner: billing team.\n\n",
            SETTLE_FIXED,
            &format!("\n\n{RECONCILE}"),
        ),
    );
    repo.commit(
        ANA.0,
        ANA.1,
        "2026-10-06T10:00:00Z",
        "Simplify settle, add bank reconciliation",
    );
    repo.write("billing/tax.py", TAX_Q4);
    repo.commit(ANA.0, ANA.1, "2026-10-13T10:00:00Z", "Canadian provinces");
    repo.rename("ledger/posting.py", "ledger/journal.py");
    repo.commit(
        BEN.0,
        BEN.1,
        "2026-10-20T11:00:00Z",
        "Rename posting to journal",
    );
    repo.write("web/package.json", package_json("4.18.2", "4.17.21"))
        .write("web/package-lock.json", package_lock("4.18.2", "4.17.21"));
    repo.commit(
        BEN.0,
        BEN.1,
        "2026-11-02T08:30:00Z",
        "Bump express and lodash",
    );

    let q3_path = tmp.path().join("q3/snapshot.json");
    let q3_arg = q3_path.to_str().unwrap();
    let (q4, o) = audit(&repo, &tmp.path().join("q4"), &["--baseline", q3_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The window starts at the baseline's commit: only Q4's four commits count.
    assert_eq!(q4["history"]["window"]["source"], "baseline");
    assert_eq!(q4["history"]["commits"], 4);
    let (current, resolved) = classes(&q4);
    let inv = "billing/invoice.py";
    assert!(
        has(
            &current,
            "complexity/cognitive-very-high",
            inv,
            "reconcile",
            "new"
        ),
        "{current:#?}"
    );
    assert!(
        has(
            &current,
            "complexity/deep-nesting",
            inv,
            "apply_discounts",
            "unchanged"
        ),
        "line shift: {current:#?}"
    );
    assert!(
        has(
            &current,
            "complexity/cognitive-high",
            "ledger/journal.py",
            "post_entries",
            "unchanged"
        ),
        "rename: {current:#?}"
    );
    assert!(
        has(
            &current,
            "maintainability/debt-marker",
            "ledger/journal.py",
            "post_entries",
            "unchanged"
        ),
        "rename: {current:#?}"
    );
    assert!(
        has(
            &current,
            "dependencies/major-behind",
            "web/package-lock.json",
            "express",
            "improved"
        ),
        "{current:#?}"
    );
    assert!(
        has(
            &current,
            "complexity/cognitive-high",
            "billing/tax.py",
            "tax_for",
            "worsened"
        ),
        "{current:#?}"
    );
    let tax = q4["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "billing/tax.py" && f["rule_id"] == "complexity/cognitive-high")
        .unwrap();
    assert_eq!(tax["value"], 20.0, "{tax}");
    let q3_tax = q3["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "billing/tax.py" && f["rule_id"] == "complexity/cognitive-high")
        .unwrap();
    assert_eq!(q3_tax["value"], 16.0, "{q3_tax}");
    assert!(q4["delta"]["findings"]["worsened"].as_u64().unwrap() >= 1);
    assert!(
        has(
            &current,
            "dependencies/libyear-high",
            "web/package-lock.json",
            "express",
            "improved"
        ),
        "{current:#?}"
    );
    assert!(
        resolved.contains(&(
            "complexity/cognitive-very-high".into(),
            inv.into(),
            "settle".into()
        )),
        "{resolved:#?}"
    );
    assert!(
        resolved.contains(&(
            "complexity/deep-nesting".into(),
            inv.into(),
            "settle".into()
        )),
        "{resolved:#?}"
    );
    assert!(
        resolved.contains(&(
            "dependencies/libyear-high".into(),
            "web/package-lock.json".into(),
            "lodash".into()
        )),
        "{resolved:#?}"
    );
    for (r, p, sym, class) in &current {
        assert!(
            class != "new"
                || sym == "reconcile"
                || r.starts_with("testing/")
                || r.starts_with("change-risk/")
                || r.starts_with("knowledge/"),
            "only reconcile's findings (and this quarter's history-based ones) are new: {r} {p} {sym}"
        );
    }
    assert_eq!(
        q4["delta"]["renames"]["ledger/posting.py"],
        "ledger/journal.py"
    );
    let d = &q4["delta"]["figures"];
    assert!(d["libyear_total"]["delta"].as_f64().unwrap() < 0.0, "{d}");
    assert!(d["findings_high"]["new"].is_number());

    // The trend over the two quarters carries each one's comparison classes.
    let o = bin()
        .arg("trend")
        .arg(&q3_path)
        .arg(tmp.path().join("q4/snapshot.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let t: Value = serde_json::from_slice(&o.stdout).unwrap();
    for class in ["new", "worsened", "improved", "unchanged", "resolved"] {
        assert_eq!(
            t["changes"][class],
            serde_json::json!([null, q4["delta"]["findings"][class]]),
            "{class}: {}",
            t["changes"]
        );
    }

    // The gate's exit codes.
    let gate = |args: &[&str]| {
        let mut all = vec!["--baseline", q3_arg, "--quiet"];
        all.extend_from_slice(args);
        audit(&repo, &tmp.path().join("gate"), &all).1
    };
    let o = gate(&["--fail-on", "new:critical"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gate(&["--fail-on", "new:high"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("reconcile"),
        "names the finding: {}",
        stderr(&o)
    );
    let o = gate(&["--fail-on", "critical"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gate(&["--fail-on", "medium"]);
    assert_eq!(o.status.code(), Some(1));
    // A failed gate still writes its outputs, with the verdict in the snapshot.
    let failed: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("gate/snapshot.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(failed["gate"]["passed"], false, "{}", failed["gate"]);
    let failure = &failed["gate"]["failures"][0];
    assert_eq!(failure["condition"], "--fail-on medium", "{failure}");
    let at_or_above_medium = failed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["suppressed"] != true
                && ["critical", "high", "medium"].contains(&f["severity"].as_str().unwrap())
        })
        .count();
    assert_eq!(
        failure["message"],
        format!("{at_or_above_medium} findings at or above medium"),
        "{failure}"
    );
    let fingerprints: BTreeSet<&str> = failed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    let named = failure["findings"].as_array().unwrap();
    assert!(!named.is_empty(), "{failure}");
    for f in named {
        assert!(
            fingerprints.contains(f.as_str().unwrap()),
            "{f} names a finding"
        );
    }
    let cfg = tmp.path().join("gate.toml");
    std::fs::write(
        &cfg,
        "[gate]\nmax_libyear_increase = 0.0\nmax_complexity_increase_pct = 50\n",
    )
    .unwrap();
    let o = gate(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "libyear fell, complexity grew < 50%: {}",
        stderr(&o)
    );
    std::fs::write(&cfg, "[gate]\nmax_new_findings = 0\n").unwrap();
    let o = gate(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("max_new_findings = 0"),
        "{}",
        stderr(&o)
    );
}
