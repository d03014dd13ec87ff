//! Helpers for the command-line tests of the quarterly workflow (`report`, `trend`, `audit
//! --offline`, `deps snapshot-index`, dependency rule overrides): billing-flavoured sources, npm
//! lockfiles and offline registry indexes written by the tests, and small file-system checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

pub const ANA: (&str, &str) = ("Ana Duarte", "ana@ledger.example");
pub const BEN: (&str, &str) = ("Ben Okoro", "ben@ledger.example");

/// Cognitive complexity 21 (cognitive-high, medium), cyclomatic 11, nesting 4 (deep-nesting),
/// and a debt marker.
pub const SETTLE: &str = r#"def settle(invoice, payments, strict):
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
    # TODO: partial payments across two periods
    return paid
"#;

/// Cognitive complexity well over 25: the function the Q4 quarter adds.
pub const RECONCILE: &str = r#"def reconcile(statements, ledger, tolerance):
    unmatched = []
    for s in statements:
        for entry in s.entries:
            if entry.kind == "credit":
                match = ledger.find(entry.reference)
                if match:
                    if abs(match.amount - entry.amount) > tolerance:
                        if entry.manual or match.manual:
                            unmatched.append(entry)
                        elif entry.currency != match.currency:
                            for rate in s.rates:
                                if rate.currency == entry.currency and rate.day == entry.day:
                                    entry.amount *= rate.value
                        else:
                            unmatched.append(entry)
                else:
                    unmatched.append(entry)
            elif entry.kind == "debit" and not entry.void:
                if entry.amount < 0 or entry.amount > s.limit:
                    unmatched.append(entry)
    return unmatched
"#;

/// A small payroll helper with one decision, numbered so each quarter can add one.
pub fn helper(i: usize) -> String {
    format!(
        "def gross_pay_{i}(hours, rate):\n    if hours > 40:\n        return 40 * rate + (hours - 40) * rate * 1.5\n    return hours * rate\n"
    )
}

/// `package.json` and a v3 `package-lock.json` of the payroll portal: `direct` are the root's
/// dependencies, `transitive` only installed. Each is `(name, version)`.
pub fn npm_project(direct: &[(&str, &str)], transitive: &[(&str, &str)]) -> (String, String) {
    let deps: Vec<String> = direct
        .iter()
        .map(|(n, v)| format!("    \"{n}\": \"^{v}\""))
        .collect();
    let manifest = format!(
        "{{\n  \"name\": \"payroll-portal\",\n  \"version\": \"2.3.0\",\n  \"dependencies\": {{\n{}\n  }}\n}}\n",
        deps.join(",\n")
    );
    let root_deps: Vec<String> = direct
        .iter()
        .map(|(n, v)| format!("        \"{n}\": \"^{v}\""))
        .collect();
    let mut packages = vec![format!(
        "    \"\": {{\n      \"name\": \"payroll-portal\",\n      \"version\": \"2.3.0\",\n      \"dependencies\": {{\n{}\n      }}\n    }}",
        root_deps.join(",\n")
    )];
    for (n, v) in direct.iter().chain(transitive) {
        packages.push(format!(
            "    \"node_modules/{n}\": {{\n      \"version\": \"{v}\",\n      \"resolved\": \"https://registry.example/npm/{n}/-/{n}-{v}.tgz\"\n    }}"
        ));
    }
    let lock = format!(
        "{{\n  \"name\": \"payroll-portal\",\n  \"version\": \"2.3.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n{}\n  }}\n}}\n",
        packages.join(",\n")
    );
    (manifest, lock)
}

/// An offline registry index (docs/registry-index.md, version 1) of npm packages, each with its
/// `(version, released)` list.
pub fn npm_index(packages: &[(&str, &[(&str, &str)])]) -> String {
    let mut npm = serde_json::Map::new();
    for (name, versions) in packages {
        let versions: Vec<Value> = versions
            .iter()
            .map(|(v, r)| {
                serde_json::json!({"version": v, "released": r, "yanked": false, "deprecated": null})
            })
            .collect();
        npm.insert(
            name.to_string(),
            serde_json::json!({"deprecated": null, "versions": versions}),
        );
    }
    let index = serde_json::json!({
        "format": "quarterdeck-registry-index",
        "version": 1,
        "generated_at": "2026-10-01T06:00:00Z",
        "packages": {"npm": npm},
    });
    serde_json::to_string_pretty(&index).expect("index serialises")
}

/// Write `text` at `dir/rel` (folders created).
pub fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(&p, text).expect("write file");
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The names of the files directly in `dir` (empty when it does not exist).
pub fn file_names(dir: &Path) -> BTreeSet<String> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// Every file of `dir` with its bytes.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    file_names(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect()
}

/// Exit 2 with exactly one line on stderr that contains every one of `wanted`.
pub fn assert_exit_2_one_line(o: &Output, wanted: &[&str]) {
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    for w in wanted {
        assert!(e.contains(w), "`{w}` in: {e}");
    }
}

/// `(rule_id, symbol, severity)` of the snapshot's unsuppressed findings of rules starting with
/// `prefix`.
pub fn finding_set(snapshot: &Value, prefix: &str) -> BTreeSet<(String, String, String)> {
    snapshot["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["suppressed"] != true)
        .filter(|f| f["rule_id"].as_str().unwrap_or("").starts_with(prefix))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["symbol"].as_str().unwrap_or("-").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A set of `(rule, symbol, severity)` triples from string slices.
pub fn triples(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// Standard base64 (RFC 4648, with padding) of `bytes`.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The offline index of the billing repository's one npm package, `invoice-dates`.
pub fn billing_index() -> String {
    npm_index(&[(
        "invoice-dates",
        &[
            ("1.1.0", "2017-09-02T16:40:11Z"),
            ("2.0.0", "2019-04-01T12:00:00Z"),
            ("2.1.0", "2020-02-17T07:30:00Z"),
        ],
    )])
}

/// Audit `repo` offline against the test index into `out`; the snapshot's path.
pub fn audit_offline(tmp: &Path, repo: &Path, out: &Path, args: &[&str]) -> PathBuf {
    let idx = tmp.join("registry-index.json");
    if !idx.exists() {
        write(tmp, "registry-index.json", &billing_index());
    }
    let o = crate::common::bin()
        .args(["audit", "--quiet", "--registry-index"])
        .arg(&idx)
        .arg("--out")
        .arg(out)
        .arg(repo)
        .args(args)
        .output()
        .expect("run quarterdeck audit");
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    out.join("snapshot.json")
}

/// A Python module of `functions`.
pub fn invoice(functions: &[&str]) -> String {
    functions.join("\n\n")
}

/// A billing repository audited at the end of 2026-Q2, Q3 and Q4 (Q4 against the Q3 baseline);
/// the three snapshots, oldest first. The repository is dropped (deleted) before returning.
pub fn quarters(tmp: &Path) -> [PathBuf; 3] {
    let repo = crate::common::git::TestRepo::new();
    let (manifest, lock) = npm_project(&[("invoice-dates", "1.1.0")], &[]);
    repo.write("billing/invoice.py", invoice(&[SETTLE, &helper(0)]))
        .write("web/package.json", &manifest)
        .write("web/package-lock.json", &lock);
    repo.commit(
        ANA.0,
        ANA.1,
        "2026-05-04T09:00:00Z",
        "Import the billing service",
    );
    let q2 = audit_offline(tmp, repo.path(), &tmp.join("q2"), &[]);
    repo.write(
        "billing/invoice.py",
        invoice(&[SETTLE, &helper(0), &helper(1)]),
    );
    repo.commit(
        BEN.0,
        BEN.1,
        "2026-08-11T15:00:00Z",
        "Fix rounding in overtime pay",
    );
    let q3 = audit_offline(tmp, repo.path(), &tmp.join("q3"), &[]);
    let (manifest, lock) = npm_project(&[("invoice-dates", "2.0.0")], &[]);
    repo.write(
        "billing/invoice.py",
        invoice(&[SETTLE, &helper(0), &helper(1), RECONCILE]),
    )
    .write("web/package.json", &manifest)
    .write("web/package-lock.json", &lock);
    repo.commit(ANA.0, ANA.1, "2026-11-03T10:00:00Z", "Bank reconciliation");
    let q3_arg = q3.to_str().expect("UTF-8 path").to_string();
    let q4 = audit_offline(tmp, repo.path(), &tmp.join("q4"), &["--baseline", &q3_arg]);
    drop(repo);
    [q2, q3, q4]
}

/// The key-figure card of `label` in the HTML summary: value and delta line.
pub fn figure_card(page: &str, label: &str) -> String {
    let tag = format!("<div class=\"figure-label\">{label}</div>");
    let at = page
        .find(&tag)
        .unwrap_or_else(|| panic!("no key figure `{label}`"));
    let start = page[..at].rfind("<div class=\"figure\">").unwrap_or(0);
    let end = at + page[at..].find("</div>\n    </div>").unwrap_or(0);
    page[start..end].to_string()
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
