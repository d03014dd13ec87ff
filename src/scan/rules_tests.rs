//! Rule engine tests through a scan (the scan runs the rules' queries; here so that `rules`
//! needs nothing above it): thresholds, bands, supersedes, config overrides and disabling, user
//! rules, inline and file suppressions, and rule-file errors with their positions.

use std::path::Path;

use crate::config::{RuleOverride, RulesConfig, ScanConfig};
use crate::rules::*;
use crate::scan::{self, ScanOptions};

/// A Python function with `k` sequential ifs: cognitive `k`, cyclomatic `k + 1`.
fn flat_ifs(name: &str, k: usize) -> String {
    let mut s = format!("def {name}(x):\n");
    for i in 0..k {
        s.push_str(&format!("    if x == {i}:\n        return {i}\n"));
    }
    s.push_str("    return -1\n");
    s
}

fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn run(set: &RuleSet, files: &[(&str, &str)], supp: &Suppressions) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let result = scan::scan(
        dir.path(),
        &ScanConfig::default(),
        &ScanOptions {
            jobs: 1,
            extra_excludes: &[],
            progress: None,
            rules: Some(set),
            tests: None,
        },
    )
    .unwrap();
    evaluate(set, &result.files, supp)
}

fn ids(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| f.rule_id.as_str()).collect()
}

fn with_config(cfg: &RulesConfig) -> Result<RuleSet, RuleError> {
    RuleSet::load(&LoadOptions {
        config: Some(cfg),
        config_path: Some(Path::new("quarterdeck.toml")),
        ..LoadOptions::default()
    })
}

#[test]
fn fixed_threshold_is_exclusive_and_bands_pick_the_most_severe_band_passed() {
    let set = RuleSet::builtin().unwrap();
    let high = set.get("complexity/cognitive-high").unwrap();
    assert_eq!(high.grade(15.0), None);
    assert_eq!(high.grade(16.0), Some((Severity::Medium, Some(15.0))));
    let very = set.get("complexity/cognitive-very-high").unwrap();
    assert_eq!(very.grade(25.0), None);
    assert_eq!(very.grade(26.0), Some((Severity::High, Some(25.0))));
    assert_eq!(very.grade(51.0), Some((Severity::Critical, Some(50.0))));
    for (cmp, v, t, holds) in [
        (model::Comparison::GreaterOrEqual, 5.0, 5.0, true),
        (model::Comparison::Less, 4.0, 5.0, true),
        (model::Comparison::LessOrEqual, 6.0, 5.0, false),
        (model::Comparison::Greater, 5.0, 5.0, false),
    ] {
        assert_eq!(cmp.holds(v, t), holds, "{cmp:?} {v} {t}");
    }
}

#[test]
fn very_high_supersedes_high_on_the_same_function_only() {
    let set = RuleSet::builtin()
        .unwrap()
        .only(&[
            "complexity/cognitive-high",
            "complexity/cognitive-very-high",
        ])
        .unwrap();
    let src = format!("{}\n\n{}", flat_ifs("tangled", 30), flat_ifs("busy", 18));
    let found = run(&set, &[("m.py", &src)], &Suppressions::none());
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.symbol.as_deref().unwrap(),
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "complexity/cognitive-very-high",
                "tangled",
                "cognitive complexity 30 (threshold 25)"
            ),
            (
                "complexity/cognitive-high",
                "busy",
                "cognitive complexity 18 (threshold 15)"
            ),
        ]
    );
    let f = &found[0];
    assert_eq!(f.metric.as_deref(), Some("cognitive"));
    assert_eq!((f.value, f.threshold), (Some(30.0), Some(25.0)));
    // With the superseding rule off, the plain finding comes back.
    let only_high = set.only(&["complexity/cognitive-high"]).unwrap();
    let found = run(&only_high, &[("m.py", &src)], &Suppressions::none());
    assert_eq!(found.len(), 2);
}

#[test]
fn config_overrides_thresholds_and_severity_and_disables_rules() {
    let mut cfg = RulesConfig::default();
    cfg.overrides.insert(
        "complexity/cognitive-high".into(),
        RuleOverride {
            threshold: Some(20.0),
            severity: Some(Severity::High),
            severity_bands: None,
            options: Default::default(),
        },
    );
    cfg.disable = vec!["complexity/cyclomatic-high".into()];
    let set = with_config(&cfg).unwrap();
    assert!(!set.get("complexity/cyclomatic-high").unwrap().enabled);
    let set = set
        .only(&["complexity/cognitive-high", "complexity/cyclomatic-high"])
        .unwrap();
    let src = format!("{}\n\n{}", flat_ifs("a", 18), flat_ifs("b", 21));
    let found = run(&set, &[("m.py", &src)], &Suppressions::none());
    assert_eq!(found.len(), 3, "{found:#?}");
    let cognitive: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule_id == "complexity/cognitive-high")
        .collect();
    assert_eq!(cognitive.len(), 1);
    assert_eq!(cognitive[0].severity, Severity::High);
    assert_eq!(
        cognitive[0].message,
        "cognitive complexity 21 (threshold 20)"
    );

    // The disabled rule stays off in a full run.
    let set = with_config(&cfg).unwrap();
    let found = run(&set, &[("m.py", &src)], &Suppressions::none());
    assert!(!ids(&found).contains(&"complexity/cyclomatic-high"));
}

#[test]
fn bands_can_be_overridden_and_misfit_overrides_are_errors() {
    let mut cfg = RulesConfig::default();
    cfg.overrides.insert(
        "complexity/cyclomatic-very-high".into(),
        RuleOverride {
            severity_bands: Some(vec![
                Band {
                    threshold: 10.0,
                    severity: Severity::Low,
                },
                Band {
                    threshold: 12.0,
                    severity: Severity::Critical,
                },
            ]),
            ..RuleOverride::default()
        },
    );
    let set = with_config(&cfg)
        .unwrap()
        .only(&["complexity/cyclomatic-very-high"])
        .unwrap();
    let found = run(&set, &[("m.py", &flat_ifs("f", 12))], &Suppressions::none());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Critical);
    assert_eq!(found[0].message, "cyclomatic complexity 13 (threshold 12)");

    let bad = |id: &str, o: RuleOverride| {
        let mut cfg = RulesConfig::default();
        cfg.overrides.insert(id.into(), o);
        with_config(&cfg)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let sev = RuleOverride {
        severity: Some(Severity::Low),
        ..RuleOverride::default()
    };
    let thr = RuleOverride {
        threshold: Some(3.0),
        ..RuleOverride::default()
    };
    assert!(bad("complexity/cognitive-very-high", sev.clone()).contains("severity_bands"));
    assert!(bad("complexity/cognitive-very-high", thr.clone()).contains("no single threshold"));
    assert!(bad("maintainability/empty-catch", thr).contains("no single threshold"));
    let e = bad("complexity/no-such-rule", sev);
    assert!(
        e.contains("complexity/no-such-rule") && e.contains("quarterdeck.toml"),
        "{e}"
    );
    let cfg = RulesConfig {
        disable: vec!["nope/nothing".into()],
        ..RulesConfig::default()
    };
    let e = with_config(&cfg).err().unwrap().to_string();
    assert!(e.contains("nope/nothing"), "{e}");
}

const USER_QUERY_RULE: &str = r#"
id = "maintainability/print-debugging"
title = "Debug print left in code"
category = "maintainability"
severity = "info"
message = "debug output: `{text}`"
description = "A print() call."
rationale = "Output meant for a developer ends up in production logs."
remediation = "Use the logging module."
source = "team convention"

[query]
python = '''
(call function: (identifier) @f (#eq? @f "print")) @match
'''
"#;

const USER_METRIC_RULE: &str = r#"
id = "knowledge/crowded-module"
title = "Crowded module"
category = "knowledge"
severity = "low"
message = "{value} functions in one module (threshold {threshold})"
description = "A file with more than two functions."
rationale = "Test rule."
remediation = "Split it."
source = "team convention"

[metric]
subject = "file"
metric = "functions"
threshold = 2
"#;

#[test]
fn user_rule_folders_add_query_and_metric_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("maintainability/print-debugging.toml", USER_QUERY_RULE),
            ("knowledge/crowded-module.toml", USER_METRIC_RULE),
        ],
    );
    let dirs = [dir.path().to_path_buf()];
    let set = RuleSet::load(&LoadOptions {
        dirs: &dirs,
        ..LoadOptions::default()
    })
    .unwrap();
    let set = set
        .only(&[
            "maintainability/print-debugging",
            "knowledge/crowded-module",
        ])
        .unwrap();
    let src = "def a():\n    print('x')\n\ndef b():\n    pass\n\ndef c():\n    pass\n";
    let found = run(&set, &[("tool.py", src)], &Suppressions::none());
    let got: Vec<(&str, u32, &str)> = found
        .iter()
        .map(|f| (f.rule_id.as_str(), f.start_line, f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "knowledge/crowded-module",
                1,
                "3 functions in one module (threshold 2)"
            ),
            (
                "maintainability/print-debugging",
                2,
                "debug output: `print('x')`"
            ),
        ]
    );
    assert_eq!(found[1].symbol.as_deref(), Some("a"));
    assert_eq!(found[0].symbol, None);
}

#[test]
fn inline_ignores_on_the_line_or_above_suppress_with_their_reason() {
    let set = RuleSet::builtin()
        .unwrap()
        .only(&["maintainability/debt-marker", "complexity/cognitive-high"])
        .unwrap();
    let src = format!(
        "# quarterdeck:ignore complexity/cognitive-high generated dispatch table, reviewed 2026-Q3\n{}\n\
         x = 1  # TODO: one  quarterdeck:ignore maintainability/debt-marker tracked in OPS-12\n\
         # quarterdeck:ignore maintainability/debt-marker\n\
         # TODO: two\n\
         # quarterdeck:ignore complexity/goto not this rule\n\
         # TODO: three\n\
         s = \"quarterdeck:ignore maintainability/debt-marker in a string\"  # TODO: four\n",
        flat_ifs("dispatch", 17)
    );
    let found = run(&set, &[("m.py", &src)], &Suppressions::none());
    let got: Vec<(&str, bool, Option<&str>)> = found
        .iter()
        .map(|f| {
            (
                f.message.as_str(),
                f.suppressed,
                f.suppression.as_ref().map(|s| s.reason.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "cognitive complexity 17 (threshold 15)",
                true,
                Some("generated dispatch table, reviewed 2026-Q3")
            ),
            (
                "TODO: one  quarterdeck:ignore maintainability/debt-marker tracked in OPS-12",
                true,
                Some("tracked in OPS-12")
            ),
            ("TODO: two", true, Some("")),
            ("TODO: three", false, None),
            ("TODO: four", false, None),
        ]
    );
    assert_eq!(
        found[0].suppression.as_ref().unwrap().source,
        SuppressionSource::Inline
    );
}

#[test]
fn suppression_file_matches_fingerprints_and_keeps_the_finding() {
    let set = RuleSet::builtin()
        .unwrap()
        .only(&["maintainability/debt-marker"])
        .unwrap();
    let files = [("m.py", "# TODO: a\n# FIXME: b\n")];
    let found = run(&set, &files, &Suppressions::none());
    assert_eq!(found.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suppressions.toml");
    std::fs::write(
        &path,
        format!(
            "[[suppress]]\nfingerprint = \"{}\"\nreason = \"accepted in the 2026-Q4 audit\"\nrule = \"maintainability/debt-marker\"\n",
            found[1].fingerprint
        ),
    )
    .unwrap();
    let supp = Suppressions::load(&path).unwrap();
    let again = run(&set, &files, &supp);
    assert_eq!(again.len(), 2, "suppressed findings stay");
    assert!(!again[0].suppressed);
    assert!(again[1].suppressed);
    let s = again[1].suppression.as_ref().unwrap();
    assert_eq!(s.source, SuppressionSource::File);
    assert_eq!(s.reason, "accepted in the 2026-Q4 audit");
    let suppressed = again.iter().filter(|f| f.suppressed).count();
    assert_eq!((again.len(), suppressed), (2, 1));
    let low = again
        .iter()
        .filter(|f| !f.suppressed && f.severity == Severity::Low);
    assert_eq!(low.count(), 1);

    std::fs::write(&path, "[[suppress]]\nfingerprnt = \"x\"\nreason = \"y\"\n").unwrap();
    let e = Suppressions::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("suppressions.toml") && e.contains("fingerprnt"),
        "{e}"
    );
}

/// Parse one rule text as `rules/<dir>/<file>` and return the error text and kind.
fn rule_error(path: &str, text: &str) -> (String, Option<RuleErrorKind>) {
    match RuleSet::from_texts(&[(path, text)], &LoadOptions::default()) {
        Ok(_) => panic!("{path} should not load"),
        Err(e) => (e.to_string(), e.kind()),
    }
}

fn good_rule_with(body: &str) -> String {
    format!(
        "id = \"maintainability/x\"\ntitle = \"t\"\ncategory = \"maintainability\"\nseverity = \"low\"\n\
         description = \"d\"\nrationale = \"r\"\nremediation = \"m\"\nsource = \"s\"\n{body}"
    )
}

#[test]
fn rule_file_errors_name_file_rule_and_position() {
    let f = "user/maintainability/x.toml";
    let cases: Vec<(String, RuleErrorKind, &str, &str)> = vec![
        (
            good_rule_with("[metric\nsubject = \"function\"\n"),
            RuleErrorKind::Toml,
            ":9:",
            "",
        ),
        (
            good_rule_with("colour = \"red\"\n[builtin]\nname = \"parse-errors\"\n"),
            RuleErrorKind::Toml,
            ":9:1:",
            "colour",
        ),
        (
            good_rule_with(
                "[metric]\nsubject = \"function\"\nmetric = \"halstead\"\nthreshold = 1\n",
            ),
            RuleErrorKind::Metric,
            ":11:10:",
            "halstead",
        ),
        (
            good_rule_with("[query]\ncobol = '(x) @match'\n"),
            RuleErrorKind::Language,
            ":10:1:",
            "cobol",
        ),
        (
            good_rule_with("[query]\npython = '''\n(call\n  function: (identifer) @match)\n'''\n"),
            RuleErrorKind::Query,
            ":12:14:",
            "identifer",
        ),
        (
            good_rule_with("[query]\npython = '(call) @m'\n"),
            RuleErrorKind::Query,
            ":10:11:",
            "@match",
        ),
        (
            good_rule_with("[query]\npython = '((call) @match (#frobnicate? @match))'\n"),
            RuleErrorKind::Query,
            ":10:11:",
            "#frobnicate?",
        ),
        (
            good_rule_with("[builtin]\nname = \"hotsopt\"\n"),
            RuleErrorKind::Builtin,
            ":10:8:",
            "hotsopt",
        ),
        (
            good_rule_with(""),
            RuleErrorKind::Field,
            ":1:1:",
            "exactly one of",
        ),
        (
            good_rule_with(
                "supersedes = [\"complexity/ghost\"]\n[builtin]\nname = \"parse-errors\"\n",
            ),
            RuleErrorKind::Supersedes,
            ":9:15:",
            "complexity/ghost",
        ),
    ];
    for (text, kind, pos, word) in cases {
        let (msg, got) = rule_error(f, &text);
        assert_eq!(got, Some(kind), "{msg}");
        assert!(msg.starts_with(f), "names the file: {msg}");
        assert!(msg.contains("maintainability/x"), "names the rule: {msg}");
        assert!(msg.contains(pos), "position {pos}: {msg}");
        assert!(msg.contains(word), "mentions {word}: {msg}");
        assert_eq!(msg.lines().count(), 1, "one line: {msg}");
    }
}

#[test]
fn duplicate_ids_and_misnamed_files_are_errors() {
    let text = good_rule_with("[builtin]\nname = \"parse-errors\"\n");
    let e = RuleSet::from_texts(
        &[
            ("a/maintainability/x.toml", &text),
            ("b/maintainability/x.toml", &text),
        ],
        &LoadOptions::default(),
    )
    .err()
    .unwrap();
    assert_eq!(e.kind(), Some(RuleErrorKind::Duplicate));
    let msg = e.to_string();
    assert!(
        msg.starts_with("b/maintainability/x.toml:1:6:")
            && msg.contains("a/maintainability/x.toml"),
        "{msg}"
    );
    let (msg, kind) = rule_error("rules/maintainability/y.toml", &text);
    assert_eq!(kind, Some(RuleErrorKind::Field));
    assert!(msg.contains("x.toml"), "{msg}");
}

#[test]
fn every_builtin_rule_reads_back_through_explain() {
    let set = RuleSet::builtin().unwrap();
    let table = explain::table(&set);
    for r in set.rules() {
        assert!(table.contains(&r.id), "{}", r.id);
        let page = explain::explain(&set, &r.id).unwrap();
        let source: Vec<&str> = r.source.split_whitespace().collect();
        assert!(page.contains(&source.join(" ")), "{}", r.id);
        assert!(page.contains(r.remediation.trim()), "{}", r.id);
    }
    assert!(matches!(
        explain::explain(&set, "complexity/nope"),
        Err(RuleError::UnknownRule(_))
    ));
    let p = explain::explain(&set, "complexity/cognitive-very-high").unwrap();
    assert!(p.contains("function.cognitive > 25 -> high"), "{p}");
    assert!(p.contains("function.cognitive > 50 -> critical"), "{p}");
}

#[test]
fn wildcard_rooted_queries_fall_back_to_a_full_pass_with_the_same_result() {
    let rooted = USER_QUERY_RULE.to_string();
    let wildcard = USER_QUERY_RULE.replace(
        "(call function: (identifier) @f (#eq? @f \"print\")) @match",
        "((_ function: (identifier) @f) @match (#eq? @f \"print\"))",
    );
    assert_ne!(rooted, wildcard);
    let src = "def a():\n    print('x')\n    log(print)\n\nprint(1)\n";
    let mut lines = Vec::new();
    for text in [rooted, wildcard] {
        let set = RuleSet::from_texts(
            &[("u/maintainability/print-debugging.toml", &text)],
            &LoadOptions::default(),
        )
        .unwrap();
        let py = crate::lang::by_id("python").unwrap();
        lines.push((
            set.queries(py).unwrap().roots().is_some(),
            run(&set, &[("t.py", src)], &Suppressions::none())
                .iter()
                .map(|f| f.start_line)
                .collect::<Vec<_>>(),
        ));
    }
    assert_eq!(lines, [(true, vec![2, 5]), (false, vec![2, 5])]);
}

#[test]
fn every_built_in_query_compiles_for_every_language() {
    // Built-in queries are compiled on first use during a scan, where a failure could not be
    // reported as a rule error: this is where a broken built-in query fails instead.
    let set = RuleSet::builtin().unwrap();
    let compiled = crate::rules::compile_all(set.rules()).unwrap();
    let with_queries = compiled.iter().filter(|q| q.is_some()).count();
    assert_eq!(
        with_queries,
        crate::lang::LANGUAGES.len(),
        "every language has query rules"
    );
    for (lang_id, q) in compiled.iter().enumerate() {
        assert!(
            set.queries(lang_id).is_some(),
            "{}",
            crate::lang::LANGUAGES[lang_id].id
        );
        assert!(q.is_some());
    }
}

/// A parsed Python file for the direct engine tests below.
fn python_tree(src: &str) -> (&'static crate::lang::Resolved, tree_sitter::Tree) {
    let lang = crate::lang::by_id("python").unwrap();
    let r = crate::lang::resolved(lang).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&r.language).unwrap();
    let tree = p.parse(src, None).unwrap();
    (r, tree)
}

/// 30,000 suppression comments in one file: each line number is counted on from the last, not
/// from the start of the file (quadratic, this took minutes).
#[test]
fn inline_ignores_count_lines_once() {
    let mut src = String::new();
    for i in 0..30_000 {
        src.push_str(&format!(
            "x{i} = {i}  # quarterdeck:ignore maintainability/debt-marker legacy batch {i}\n"
        ));
    }
    let (r, tree) = python_tree(&src);
    let started = std::time::Instant::now();
    let found = suppress::inline_ignores(r, &tree, src.as_bytes());
    assert_eq!(found.len(), 30_000);
    assert_eq!(found[0].line, 1);
    assert_eq!(found[29_999].line, 30_000);
    assert_eq!(found[29_999].reason, "legacy batch 29999");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// Query rules at collected roots stop at their deadline: a deadline already past runs none,
/// and says so.
#[test]
fn query_rules_at_roots_stop_at_the_deadline() {
    let set = RuleSet::builtin().unwrap();
    let lang = crate::lang::by_id("python").unwrap();
    let Some(q) = set.queries(lang) else {
        panic!("python has query rules");
    };
    let Some(roots) = q.roots() else {
        panic!("python's queries have known roots");
    };
    let src: String = (0..2_000)
        .map(|i| format!("def f{i}(x):\n    # TODO: drop this shim {i}\n    eval(x)\n"))
        .collect();
    let (r, tree) = python_tree(&src);
    let mut nodes = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if roots
            .get(usize::from(n.kind_id()))
            .copied()
            .unwrap_or(false)
        {
            nodes.push(n);
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    assert!(!nodes.is_empty());
    let far = std::time::Instant::now() + std::time::Duration::from_secs(600);
    let mut hits = Vec::new();
    let t = q.run_at(
        nodes.iter().copied(),
        r,
        src.as_bytes(),
        &[],
        far,
        &mut hits,
    );
    assert!(!t.timed_out);
    let all = hits.len();
    assert!(all > 0);
    let mut late_hits = Vec::new();
    let past = std::time::Instant::now();
    let t = q.run_at(
        nodes.iter().copied(),
        r,
        src.as_bytes(),
        &[],
        past,
        &mut late_hits,
    );
    assert!(t.timed_out);
    assert!(late_hits.len() < all, "{} of {all}", late_hits.len());
}
