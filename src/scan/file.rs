//! The per-file pipeline: read, reject what is not source (binary, generated, minified),
//! decode, parse under a deadline, measure; every failure becomes this file's problem.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tree_sitter::{ParseOptions, ParseState, Parser};

use super::discover::Candidate;
use super::{FileReport, SkipReason};
use crate::config::ScanConfig;
use crate::lang::{self, LANGUAGES};
use crate::metrics::{self, Aggregate};
use crate::problem::{Problem, Stage};
use crate::rules::{RuleSet, query::MATCH_LIMIT, suppress};
use crate::tests_evidence::{self, FunctionTests, TestFiles};

use crate::util::cancel::CANCEL;

/// What became of one candidate (one per file, moved once: the size difference is harmless).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    Measured(FileReport, Vec<Problem>),
    Skipped(SkipReason, String),
    Failed(Problem),
}

thread_local! {
    /// One parser per language per worker thread, created on first use.
    static PARSERS: RefCell<Vec<Option<Parser>>> = RefCell::new((0..LANGUAGES.len()).map(|_| None).collect());
}

/// Analyse one file; a panic anywhere inside becomes the file's problem.
pub fn analyse(c: &Candidate, cfg: &ScanConfig) -> Outcome {
    analyse_with_rules(c, cfg, None, TestFiles::table_only())
}

/// Analyse one file and run the query rules of `rules` on its tree while it is alive; `tests`
/// says whether it is a test file (whose identifiers are then gathered).
pub fn analyse_with_rules(
    c: &Candidate,
    cfg: &ScanConfig,
    rules: Option<&RuleSet>,
    tests: &TestFiles,
) -> Outcome {
    guarded(&c.rel, || analyse_inner(c, cfg, rules, tests))
}

/// Run `f`, turning a panic into a `Panic` problem for `path`.
pub fn guarded(path: &str, f: impl FnOnce() -> Outcome) -> Outcome {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(o) => o,
        Err(payload) => {
            let msg = panic_message(payload.as_ref());
            Outcome::Failed(Problem::new(
                path,
                Stage::Panic,
                format!("analysis panicked: {msg}"),
            ))
        }
    }
}

/// The text of a caught panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn analyse_inner(
    c: &Candidate,
    cfg: &ScanConfig,
    rules: Option<&RuleSet>,
    tests: &TestFiles,
) -> Outcome {
    let bytes = match std::fs::read(&c.abs) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Outcome::Failed(Problem::new(
                &c.rel,
                Stage::Read,
                "file vanished during the scan",
            ));
        }
        Err(e) => {
            return Outcome::Failed(Problem::new(
                &c.rel,
                Stage::Read,
                format!("cannot read: {e}"),
            ));
        }
    };
    // The size was checked at discovery, but the file may have grown since.
    if bytes.len() as u64 > cfg.max_file_size {
        return Outcome::Skipped(SkipReason::TooLarge, c.rel.clone());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Outcome::Skipped(SkipReason::Binary, c.rel.clone());
    }
    let language = match c.language {
        Some(l) => lang::refine_by_content(l, &c.abs, &bytes),
        None => {
            let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
            match lang::detect_shebang(first_line) {
                Some(l) => l,
                None => return Outcome::Skipped(SkipReason::Unsupported, c.rel.clone()),
            }
        }
    };
    if is_generated(&bytes, cfg) {
        return Outcome::Skipped(SkipReason::Generated, c.rel.clone());
    }
    if longest_line(&bytes) > cfg.max_line_length {
        return Outcome::Skipped(SkipReason::Minified, c.rel.clone());
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, decode_problem) = match std::str::from_utf8(body) {
        Ok(_) => (std::borrow::Cow::Borrowed(body), None),
        Err(e) => {
            let fixed = String::from_utf8_lossy(body).into_owned().into_bytes();
            let mut p = Problem::new(
                &c.rel,
                Stage::Decode,
                format!(
                    "invalid UTF-8 at byte {}; invalid sequences replaced with U+FFFD",
                    e.valid_up_to()
                ),
            );
            p.measured = true;
            (std::borrow::Cow::Owned(fixed), Some(p))
        }
    };
    let resolved = match lang::resolved(language) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(Problem::new(&c.rel, Stage::Grammar, e.to_string())),
    };
    let timeout = Duration::from_millis(cfg.parse_timeout_ms);
    let parse = |text: &[u8]| {
        PARSERS.with(|cell| {
            let mut parsers = cell.borrow_mut();
            let slot = parsers.get_mut(language)?;
            if slot.is_none() {
                let mut p = Parser::new();
                p.set_language(&resolved.language).ok()?;
                *slot = Some(p);
            }
            let parser = slot.as_mut()?;
            let tree = parse_with_deadline(parser, text, timeout);
            if tree.is_none() {
                parser.reset();
            }
            tree
        })
    };
    let mut text = text;
    let mut tree = parse(&text);
    // A second reading where the first has errors (C# `#if` branches splitting a statement,
    // C++ macro arguments holding statements), kept when it parses better (README, Languages).
    if let Some(t) = &tree
        && t.root_node().has_error()
        && let Some(flat) = lang::recovery_text(language, &text)
        && let Some(t2) = parse(&flat)
        && lang::error_weight(&t2) < lang::error_weight(t)
    {
        tree = Some(t2);
        text = std::borrow::Cow::Owned(flat);
    }
    let Some(tree) = tree else {
        let msg = if CANCEL.load(Ordering::Relaxed) {
            "parse cancelled".to_string()
        } else {
            format!(
                "parse did not finish within {} ms; file left out",
                cfg.parse_timeout_ms
            )
        };
        return Outcome::Failed(Problem::new(&c.rel, Stage::Timeout, msg));
    };
    // The metrics walk also collects the nodes where query rules can match, so the queries
    // run at those nodes without a second walk of the tree.
    let queries = rules.and_then(|r| r.queries(language));
    let roots = queries.and_then(|q| q.roots()).unwrap_or(&[]);
    // A test file's identifiers are gathered by the same walk, as nodes it collects.
    let test = tests.is_test(&c.rel, language);
    let with_identifiers;
    let wanted: &[bool] = if test {
        with_identifiers = tests_evidence::files::wanted_with_identifiers(resolved, roots);
        &with_identifiers
    } else {
        roots
    };
    let mut query_roots = Vec::new();
    let m = metrics::measure_collecting(resolved, &tree, &text, wanted, &mut query_roots);
    let identifier_keys = if test {
        tests_evidence::files::split_identifiers(resolved, roots, &text, &mut query_roots)
    } else {
        Vec::new()
    };
    let mut problems: Vec<Problem> = decode_problem.into_iter().collect();
    let mut hits = Vec::new();
    let mut ignores = Vec::new();
    if rules.is_some() {
        ignores = suppress::inline_ignores(resolved, &tree, &text);
        if let Some(q) = queries {
            let trouble = if roots.is_empty() {
                q.run(
                    resolved,
                    &tree,
                    &text,
                    &m.functions,
                    Instant::now() + timeout,
                    &mut hits,
                )
            } else {
                q.run_at(
                    query_roots.drain(..),
                    resolved,
                    &text,
                    &m.functions,
                    Instant::now() + timeout,
                    &mut hits,
                )
            };
            let mut rule_problem = |message: String| {
                let mut p = Problem::new(&c.rel, Stage::Rule, message);
                p.measured = true;
                problems.push(p);
            };
            if trouble.match_limit {
                rule_problem(format!(
                    "query rules exceeded {MATCH_LIMIT} in-progress matches; some findings may be missing"
                ));
            }
            if trouble.timed_out {
                rule_problem(format!(
                    "query rules did not finish within {} ms; findings of this file are incomplete",
                    cfg.parse_timeout_ms
                ));
            }
        }
    }
    let tree_tests = if test {
        tests_evidence::TreeTests {
            regions: Vec::new(),
            identifiers: identifier_keys,
        }
    } else {
        // Inline test items (Rust `#[cfg(test)]`) of an ordinary file.
        tests_evidence::inline_tests(resolved, &tree, &text)
    };
    drop(tree);
    let mut functions = m.functions;
    // A `.pyi` stub declares signatures only: it has no function to measure (README "Test
    // evidence").
    if c.rel.ends_with(".pyi") {
        functions.clear();
    }
    for (start, end) in &tree_tests.regions {
        for f in functions
            .iter_mut()
            .filter(|f| f.start_line >= *start && f.end_line <= *end)
        {
            f.tests = Some(FunctionTests::test_code());
        }
    }
    let summary = Aggregate::of(&functions);
    let report = FileReport {
        path: c.rel.clone(),
        language: LANGUAGES[language].id.to_string(),
        lines: m.lines,
        parse_errors: m.parse_errors,
        summary,
        functions,
        hits,
        ignores,
        test,
        identifiers: tree_tests.identifiers,
        history: None,
    };
    Outcome::Measured(report, problems)
}

/// Parse `text`, giving up when `timeout` has passed or `CANCEL` is set.
pub fn parse_with_deadline(
    parser: &mut Parser,
    text: &[u8],
    timeout: Duration,
) -> Option<tree_sitter::Tree> {
    let deadline = Instant::now() + timeout;
    let mut progress = |_: &ParseState| {
        if CANCEL.load(Ordering::Relaxed) || Instant::now() >= deadline {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let options = ParseOptions::new().progress_callback(&mut progress);
    let len = text.len();
    parser.parse_with_options(
        &mut |i, _| if i < len { &text[i..] } else { &[] },
        None,
        Some(options),
    )
}

fn is_generated(bytes: &[u8], cfg: &ScanConfig) -> bool {
    let mut end = 0;
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if n >= cfg.generated_marker_lines {
            break;
        }
        end += line.len() + 1;
    }
    let head = String::from_utf8_lossy(&bytes[..end.min(bytes.len())]);
    cfg.generated_markers
        .iter()
        .any(|m| head.contains(m.as_str()))
}

fn longest_line(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_the_files_problem() {
        let out = guarded("src/boom.py", || panic!("kaboom"));
        match out {
            Outcome::Failed(p) => {
                assert_eq!(p.stage, Stage::Panic);
                assert_eq!(p.path, "src/boom.py");
                assert!(p.message.contains("kaboom"), "{}", p.message);
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn generated_marker_only_counts_in_first_lines() {
        let cfg = ScanConfig::default();
        assert!(is_generated(
            b"// Code generated by protoc. DO NOT EDIT.\npackage x\n",
            &cfg
        ));
        let late = format!("{}# @generated\n", "x = 1\n".repeat(20));
        assert!(!is_generated(late.as_bytes(), &cfg));
    }

    #[test]
    fn the_walk_gathers_a_test_files_identifiers_as_a_second_walk_would() {
        let dir = tempfile::tempdir().unwrap();
        let src = "import unittest\nfrom billing.invoice import Invoice, compute_total\n\n\
                   class TotalsTest(unittest.TestCase):\n    def test_tax(self):\n        \
                   inv = Invoice('ACME', [])\n        self.assertEqual(compute_total(inv, {}, {}), 0)\n";
        let path = dir.path().join("test_invoice.py");
        std::fs::write(&path, src).unwrap();
        let python = lang::by_id("python").unwrap();
        let c = Candidate {
            rel: "tests/test_invoice.py".into(),
            abs: path,
            language: Some(python),
            size: src.len() as u64,
        };
        let r = lang::resolved(python).unwrap();
        let mut p = Parser::new();
        p.set_language(&r.language).unwrap();
        let tree = p.parse(src, None).unwrap();
        let expected = tests_evidence::identifiers_below(r, tree.root_node(), src.as_bytes());
        assert!(expected.contains(&tests_evidence::files::identifier_key("compute_total")));
        let rules = crate::rules::RuleSet::load(&crate::rules::LoadOptions {
            dirs: &[],
            config: None,
            config_path: None,
        })
        .unwrap();
        // With query rules (their roots share the walk's collection) and without.
        for set in [None, Some(&rules)] {
            match analyse_with_rules(&c, &ScanConfig::default(), set, TestFiles::table_only()) {
                Outcome::Measured(report, _) => {
                    assert!(report.test);
                    assert_eq!(report.identifiers, expected);
                }
                other => panic!("{other:?}"),
            }
        }
        // An ordinary file: no identifiers.
        let c = Candidate {
            rel: "billing/invoice_totals.py".into(),
            ..c
        };
        match analyse_with_rules(
            &c,
            &ScanConfig::default(),
            Some(&rules),
            TestFiles::table_only(),
        ) {
            Outcome::Measured(report, _) => {
                assert!(!report.test);
                assert!(report.identifiers.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parse_deadline_abandons_the_parse() {
        let id = lang::by_id("javascript").unwrap();
        let r = lang::resolved(id).unwrap();
        let mut p = Parser::new();
        p.set_language(&r.language).unwrap();
        let big = "if (a) { b(); }\n".repeat(200_000);
        assert!(parse_with_deadline(&mut p, big.as_bytes(), Duration::from_nanos(1)).is_none());
        p.reset();
        // The parser is usable again after a stopped parse.
        assert!(parse_with_deadline(&mut p, b"f();", Duration::from_secs(5)).is_some());
    }

    /// Measure one file of the fixtures through the scan (language refinement and recovery).
    fn scan_fixture(rel: &str) -> crate::scan::FileReport {
        let abs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        let size = std::fs::metadata(&abs).unwrap().len();
        let c = Candidate {
            rel: rel.into(),
            language: lang::detect_path(&abs),
            abs,
            size,
        };
        match analyse_with_rules(&c, &ScanConfig::default(), None, TestFiles::table_only()) {
            Outcome::Measured(report, _) => report,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_header_is_c_or_cpp_by_its_content() {
        assert_eq!(scan_fixture("fixtures/lang/c/ledger_api.h").language, "c");
        let cpp = scan_fixture("fixtures/lang/cpp/money_format.h");
        assert_eq!(cpp.language, "cpp");
        assert!(!cpp.parse_errors);
        assert_eq!(cpp.functions.len(), 9);
    }

    #[test]
    fn csharp_if_branches_splitting_a_switch_are_read_flattened() {
        let r = scan_fixture("fixtures/lang/csharp/TariffRouter.cs");
        assert!(!r.parse_errors);
        let ccn: Vec<_> = r
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.cyclomatic))
            .collect();
        assert_eq!(ccn, [("Route", 7), ("Surcharge", 5)]);
        // Lines keep their numbers and classes: the directives are still code lines.
        assert_eq!((r.lines.lines, r.lines.code), (54, 48));
    }
}
