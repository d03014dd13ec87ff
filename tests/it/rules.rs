//! Every built-in rule run alone on its fixture folder (fixtures/rules/<category>/<slug>/),
//! snapshotted as a reviewed findings list; `trigger*` files must fire, `clean*` files must not.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use quarterdeck::config::ScanConfig;
use quarterdeck::lang;
use quarterdeck::rules::{self, Finding, RuleKind, RuleSet, Suppressions, load};
use quarterdeck::scan::{self, ScanOptions};

/// Scan `root` with `set` and evaluate it.
fn findings(set: &RuleSet, root: &Path) -> (Vec<Finding>, Vec<String>) {
    let result = scan::scan(
        root,
        &ScanConfig::default(),
        &ScanOptions {
            jobs: 2,
            extra_excludes: &[],
            progress: None,
            rules: Some(set),
            tests: None,
        },
    )
    .unwrap();
    let files = result.files.iter().map(|f| f.path.clone()).collect();
    (
        rules::evaluate(set, &result.files, &Suppressions::none()),
        files,
    )
}

/// The reviewed form: `path:start-end severity [symbol] message`, one finding per line.
fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        writeln!(
            out,
            "{}:{}-{} {} [{}] {}{}",
            f.path,
            f.start_line,
            f.end_line,
            f.severity.as_str(),
            f.symbol.as_deref().unwrap_or("-"),
            f.message,
            if f.suppressed { " (suppressed)" } else { "" }
        )
        .unwrap();
    }
    out
}

fn fixture_dir(id: &str) -> PathBuf {
    crate::common::fixtures().join("rules").join(id)
}

fn stem_kind(path: &str) -> Option<&'static str> {
    let name = Path::new(path).file_name()?.to_str()?;
    if name.starts_with("trigger") {
        Some("trigger")
    } else if name.starts_with("clean") {
        Some("clean")
    } else {
        None
    }
}

#[test]
fn every_rule_file_is_embedded_complete_and_has_a_fixture_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let on_disk: BTreeSet<String> = load::rule_files(&root.join("rules"))
        .unwrap()
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let embedded: BTreeSet<String> = load::embedded_files()
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    assert_eq!(on_disk, embedded, "every rules/**/*.toml is embedded");
    let set = RuleSet::builtin().unwrap();
    for (path, text) in load::embedded_files() {
        let raw: toml::Table = toml::from_str(text).unwrap();
        for key in [
            "id",
            "title",
            "category",
            "description",
            "rationale",
            "remediation",
            "source",
        ] {
            assert!(raw.contains_key(key), "{path} lacks `{key}`");
        }
        assert!(
            raw.contains_key("severity") ^ raw.contains_key("severity_bands"),
            "{path}: severity or severity_bands"
        );
        let id = raw["id"].as_str().unwrap();
        assert_eq!(format!("rules/{id}.toml"), *path, "id matches the path");
        assert!(set.get(id).is_some());
        if project_builtin(set.get(id).unwrap()) {
            continue;
        }
        let dir = fixture_dir(id);
        assert!(dir.is_dir(), "{id} has no fixture folder {}", dir.display());
    }
}

/// A builtin over history, tests or dependencies: tested on scripted repositories and
/// dependency lists in its own tests, not on a fixture folder.
fn project_builtin(rule: &quarterdeck::rules::Rule) -> bool {
    matches!(&rule.kind, RuleKind::Builtin { name, .. }
        if quarterdeck::rules::builtin::is_project(name))
}

#[test]
fn each_rule_fires_on_its_trigger_fixtures_and_not_on_its_clean_ones() {
    let all = RuleSet::builtin().unwrap();
    let ids: Vec<String> = all.rules().iter().map(|r| r.id.clone()).collect();
    let mut failures = Vec::new();
    for id in &ids {
        if project_builtin(all.get(id).unwrap()) {
            continue;
        }
        let set = all.only(&[id.as_str()]).unwrap();
        let dir = fixture_dir(id);
        let (found, files) = findings(&set, &dir);
        assert!(
            found.iter().all(|f| &f.rule_id == id),
            "{id}: only its own findings: {found:?}"
        );
        let hit: BTreeSet<&str> = found.iter().map(|f| f.path.as_str()).collect();
        let mut trigger_langs = BTreeSet::new();
        let mut clean_langs = BTreeSet::new();
        for path in &files {
            let language = lang::detect_path(Path::new(path)).map(|l| lang::LANGUAGES[l].id);
            match stem_kind(path) {
                Some("trigger") => {
                    trigger_langs.extend(language);
                    if !hit.contains(path.as_str()) {
                        failures.push(format!("{id}: {path} should trigger"));
                    }
                }
                Some("clean") => {
                    clean_langs.extend(language);
                    if hit.contains(path.as_str()) {
                        failures.push(format!("{id}: {path} must not trigger"));
                    }
                }
                _ => failures.push(format!("{id}: {path} is neither trigger* nor clean*")),
            }
        }
        let rule = set.get(id).unwrap();
        let wanted: Vec<&str> = match &rule.kind {
            RuleKind::Query(_) => rule.languages(),
            _ => Vec::new(),
        };
        for l in wanted {
            if !trigger_langs.contains(l) || !clean_langs.contains(l) {
                failures.push(format!("{id}: needs a trigger and a clean fixture in {l}"));
            }
        }
        if trigger_langs.is_empty() || clean_langs.is_empty() {
            failures.push(format!("{id}: needs trigger and clean fixtures"));
        }
        let (category, slug) = id.split_once('/').unwrap();
        insta::assert_snapshot!(format!("{category}__{slug}"), render(&found));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fingerprints of one Python file, by (rule, symbol, message) for readable failures.
fn fingerprints(set: &RuleSet, src: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("billing")).unwrap();
    std::fs::write(dir.path().join("billing/run.py"), src).unwrap();
    let (found, _) = findings(set, dir.path());
    let mut out: Vec<(String, String, String)> = found
        .into_iter()
        .map(|f| {
            let symbol = f.symbol.unwrap_or_default();
            (format!("{} {symbol}", f.rule_id), f.message, f.fingerprint)
        })
        .collect();
    out.sort();
    out
}

const BILLING: &str = r#"def settle(batch):
    total = 0
    for line in batch:
        if line.kind == "A":
            total += 1
        if line.kind == "B":
            total += 2
        if line.kind == "C" and line.ok:
            total += 3
        if line.kind == "D" or line.void:
            total += 4
        if line.kind == "E":
            total += 5
        if line.kind == "F":
            total += 6
        if line.kind == "G":
            total += 7
    return total


def post(entries, ledger):
    for e in entries:
        try:
            ledger.post(e)
        except:
            pass
    # TODO: post in one transaction
    return sorted(entries, key=lambda e: eval(e.sort_key))


def fmt(amount, currency):
    return "%s %.2f" % (currency, amount)
"#;

#[test]
fn fingerprints_survive_line_shifts_reformatting_and_unrelated_renames() {
    let set = RuleSet::builtin().unwrap();
    let base = fingerprints(&set, BILLING);
    let rules: Vec<&str> = base.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "complexity/cognitive-high settle",
            "maintainability/debt-marker post",
            // The sort key's lambda folds into `post` (README, Metrics: the unit of measure).
            "maintainability/dynamic-code-execution post",
            "maintainability/swallowed-exception post",
        ],
        "{base:#?}"
    );
    let unchanged = |variant: &str, why: &str| {
        let got = fingerprints(&set, variant);
        let fps =
            |v: &[(String, String, String)]| v.iter().map(|x| x.2.clone()).collect::<Vec<_>>();
        assert_eq!(fps(&got), fps(&base), "{why}: {got:#?}");
    };
    let thirty = (1..=30)
        .map(|i| format!("RATE_{i} = {i}\n"))
        .collect::<String>();
    unchanged(&format!("{thirty}{BILLING}"), "30 lines inserted above");
    unchanged(
        &BILLING.replace(
            "def fmt(amount, currency):\n    return \"%s %.2f\" % (currency, amount)",
            "def fmt(amount,\n        currency):\n\n    return \"%s %.2f\" % (\n        currency,\n        amount,\n    )",
        ),
        "another function reformatted",
    );
    unchanged(
        &BILLING.replace("def fmt(", "def format_money("),
        "an unrelated function renamed",
    );
    unchanged(
        &BILLING.replace(
            "        except:\n            pass",
            "        except:\n\n            pass  ",
        ),
        "whitespace inside the matched handler changed",
    );

    let renamed = fingerprints(&set, &BILLING.replace("def post(", "def post_entries("));
    for ((rule, _, old), (new_rule, _, new)) in base.iter().zip(&renamed) {
        if rule.ends_with(" settle") {
            assert_eq!(old, new, "{rule} is not in the renamed function");
        } else {
            assert!(new_rule.contains("post_entries"), "{new_rule}");
            assert_ne!(old, new, "{rule}: its own function was renamed");
        }
    }
}

#[test]
fn equal_findings_in_one_function_are_told_apart_by_occurrence() {
    let set = RuleSet::builtin()
        .unwrap()
        .only(&["maintainability/debt-marker"])
        .unwrap();
    let src = "def f():\n    # TODO: check\n    a()\n    # TODO: check\n    b()\n";
    let fps = fingerprints(&set, src);
    assert_eq!(fps.len(), 2);
    assert_ne!(fps[0].2, fps[1].2);
    // Shifting both keeps both.
    let shifted = fingerprints(&set, &format!("import os\n\n\n{src}"));
    assert_eq!(
        fps.iter().map(|x| &x.2).collect::<BTreeSet<_>>(),
        shifted.iter().map(|x| &x.2).collect::<BTreeSet<_>>()
    );
}

const GOOD_HEAD: &str = "id = \"maintainability/x\"\ntitle = \"t\"\ncategory = \"maintainability\"\n\
severity = \"low\"\ndescription = \"d\"\nrationale = \"r\"\nremediation = \"m\"\nsource = \"s\"\n";

/// Run `audit` with one user rule file and return (exit code, stderr).
fn audit_with_rule(rel: &str, text: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team-rules").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::audit(
        &crate::common::fixtures().join("lang/python"),
        out.path(),
        &["--rules", dir.path().join("team-rules").to_str().unwrap()],
    );
    assert!(
        !out.path().join("snapshot.json").exists(),
        "nothing written on a rule error"
    );
    (
        o.status.code(),
        crate::common::stderr(&o),
        path.display().to_string(),
    )
}

#[test]
fn bad_rule_files_are_exit_2_with_one_line_naming_file_rule_and_position() {
    let cases = [
        (
            "malformed TOML",
            "maintainability/x.toml",
            format!("{GOOD_HEAD}[metric\n"),
            "maintainability/x",
            ":9:",
        ),
        (
            "unknown field",
            "maintainability/x.toml",
            format!("{GOOD_HEAD}severity_level = 3\n[builtin]\nname = \"parse-errors\"\n"),
            "maintainability/x",
            ":9:1:",
        ),
        (
            "unknown metric",
            "maintainability/x.toml",
            format!(
                "{GOOD_HEAD}[metric]\nsubject = \"function\"\nmetric = \"fan_out\"\nthreshold = 3\n"
            ),
            "maintainability/x",
            ":11:10:",
        ),
        (
            "query that does not compile",
            "maintainability/x.toml",
            format!("{GOOD_HEAD}[query]\njava = '''\n(catch_clause\n  body: (blok) @match)\n'''\n"),
            "maintainability/x",
            ":12:10:",
        ),
        (
            "unknown language",
            "maintainability/x.toml",
            format!("{GOOD_HEAD}[query]\nfortran = '(x) @match'\n"),
            "maintainability/x",
            ":10:1:",
        ),
        (
            "duplicate id",
            "complexity/goto.toml",
            format!(
                "{}[builtin]\nname = \"parse-errors\"\n",
                GOOD_HEAD
                    .replace("maintainability/x", "complexity/goto")
                    .replace("\"maintainability\"", "\"complexity\"")
            ),
            "complexity/goto",
            ":1:6:",
        ),
    ];
    for (what, rel, text, rule, pos) in cases {
        let (code, err, path) = audit_with_rule(rel, &text);
        assert_eq!(code, Some(2), "{what}: {err}");
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        assert!(err.contains(&path), "{what}: names the file: {err}");
        assert!(err.contains(rule), "{what}: names the rule: {err}");
        assert!(err.contains(pos), "{what}: position {pos}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    let (_, err, _) = audit_with_rule(
        "complexity/goto.toml",
        &format!("{GOOD_HEAD}[builtin]\nname = \"parse-errors\"\n")
            .replace("maintainability/x", "complexity/goto")
            .replace("\"maintainability\"", "\"complexity\""),
    );
    assert!(
        err.contains("rules/complexity/goto.toml"),
        "names the first definition: {err}"
    );
}

#[test]
fn rules_list_and_explain() {
    let o = crate::common::bin()
        .args(["rules", "list"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    let header = table.lines().next().unwrap();
    for col in ["ID", "CATEGORY", "SEVERITY", "LANGUAGES"] {
        assert!(header.contains(col), "{header}");
    }
    let row = table
        .lines()
        .find(|l| l.starts_with("complexity/goto "))
        .unwrap();
    assert!(
        row.contains("low") && row.contains("c cpp csharp php"),
        "{row}"
    );
    assert_eq!(
        table.lines().count(),
        1 + RuleSet::builtin().unwrap().rules().len()
    );

    let o = crate::common::bin()
        .args(["rules", "explain", "complexity/cognitive-high"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "function.cognitive > 15 -> medium",
        "S3776",
        "How to fix it",
    ] {
        assert!(page.contains(needle), "{needle}: {page}");
    }

    let o = crate::common::bin()
        .args(["rules", "explain", "complexity/unknown"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::common::stderr(&o).contains("complexity/unknown"));
}

#[test]
fn user_rules_config_and_suppression_file_reach_the_snapshot() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    let w = |p: &str, t: &str| {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
    w(
        "src/jobs.py",
        "def run(jobs):\n    for j in jobs:\n        print(j)  # TODO: log instead\n\n\
         def stop():\n    # FIXME: never called\n    pass\n",
    );
    w(
        "ci/rules/maintainability/print-call.toml",
        &format!(
            "{}[query]\npython = '((call function: (identifier) @f) @match (#eq? @f \"print\"))'\n",
            GOOD_HEAD.replace("maintainability/x", "maintainability/print-call")
        ),
    );
    w(
        "quarterdeck.toml",
        "[rules]\ndirs = [\"ci/rules\"]\ndisable = [\"complexity/goto\"]\n\
         suppressions = \"ci/suppressions.toml\"\n\
         [rules.override.\"maintainability/debt-marker\"]\nseverity = \"info\"\n",
    );
    w("ci/suppressions.toml", "");
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::audit(root, out.path(), &[]);
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let s = crate::common::read_snapshot(out.path());
    let findings = s["findings"].as_array().unwrap();
    let short: Vec<(String, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |r: &str, l: u64, sev: &str| (r.to_string(), l, sev.to_string());
    assert_eq!(
        short,
        [
            expect("maintainability/debt-marker", 3, "info"),
            expect("maintainability/print-call", 3, "low"),
            expect("maintainability/debt-marker", 6, "info"),
        ]
    );
    let fixme = &findings[2];
    for key in [
        "category",
        "path",
        "end_line",
        "symbol",
        "message",
        "metric",
        "value",
        "threshold",
        "fingerprint",
        "suppressed",
    ] {
        assert!(fixme.get(key).is_some(), "finding lacks {key}: {fixme}");
    }
    assert_eq!(fixme["symbol"], "stop");
    assert_eq!(fixme["message"], "FIXME: never called");

    // Suppress the FIXME by fingerprint, from the command line this time.
    let supp = root.join("accepted.toml");
    std::fs::write(
        &supp,
        format!(
            "[[suppress]]\nfingerprint = \"{}\"\nreason = \"dead code, removal planned\"\n",
            fixme["fingerprint"].as_str().unwrap()
        ),
    )
    .unwrap();
    let o = crate::common::audit(
        root,
        out.path(),
        &["--suppressions", supp.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let s = crate::common::read_snapshot(out.path());
    let f = &s["findings"][2];
    assert_eq!(f["suppressed"], true);
    assert_eq!(f["suppression"]["source"], "file");
    assert_eq!(f["suppression"]["reason"], "dead code, removal planned");
    let t = &s["totals"]["findings"];
    assert_eq!(
        (t["total"].as_u64(), t["suppressed"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(t["by_severity"]["info"], 1);
    assert_eq!(t["by_rule"]["maintainability/print-call"], 1);

    // An unknown rule id in the config is an error naming it.
    w(
        "quarterdeck.toml",
        "[rules]\ndisable = [\"complexity/gotoo\"]\n",
    );
    let o = crate::common::audit(root, out.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::common::stderr(&o);
    assert!(
        err.contains("complexity/gotoo") && err.contains("quarterdeck.toml"),
        "{err}"
    );
}
