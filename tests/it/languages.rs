//! Every language fixture under fixtures/lang/<language>/: measured, checked against the
//! `quarterdeck-expect:` lines its author wrote in it, and snapshotted as a reviewed table.

use std::fmt::Write;
use std::path::Path;

use quarterdeck::lang;
use quarterdeck::metrics::{self, FileMeasure};

fn measure(path: &Path) -> (FileMeasure, &'static str) {
    let id =
        lang::detect_path(path).unwrap_or_else(|| panic!("no language for {}", path.display()));
    let src = std::fs::read(path).unwrap();
    // A `.h` file is C or C++ by its content, as the scan decides it.
    let id = lang::refine_by_content(id, path, &src);
    let r = lang::resolved(id).unwrap_or_else(|e| panic!("{e}"));
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&r.language).unwrap();
    let mut tree = parser.parse(&src, None).unwrap();
    let mut src = src;
    // The scan's second reading of a file with syntax errors (C# `#if`, C++ macro arguments).
    if tree.root_node().has_error()
        && let Some(flat) = lang::recovery_text(id, &src)
    {
        let t2 = parser.parse(&flat, None).unwrap();
        if lang::error_weight(&t2) < lang::error_weight(&tree) {
            (tree, src) = (t2, flat);
        }
    }
    (metrics::measure(r, &tree, &src), r.spec.id)
}

/// The table a reviewer reads: one line per function.
fn render(m: &FileMeasure, lang_id: &str) -> String {
    let mut out = String::new();
    let l = m.lines;
    writeln!(
        out,
        "language: {lang_id}\nlines: {} code: {} comment: {} blank: {} parse_errors: {}",
        l.lines, l.code, l.comment, l.blank, m.parse_errors
    )
    .unwrap();
    writeln!(out, "span      ccn cog nloc params nest  qualified_name").unwrap();
    for f in &m.functions {
        writeln!(
            out,
            "{:>4}-{:<4} {:>3} {:>3} {:>4} {:>6} {:>4}  {}",
            f.start_line,
            f.end_line,
            f.cyclomatic,
            f.cognitive,
            f.nloc,
            f.params,
            f.max_nesting,
            f.qualified_name
        )
        .unwrap();
    }
    out
}

/// `quarterdeck-expect: QUALIFIED_NAME key=value ...` lines written in the fixture.
fn check_expectations(path: &Path, m: &FileMeasure) -> usize {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let mut checked = 0;
    for line in text.lines() {
        let Some(rest) = line.split("quarterdeck-expect:").nth(1) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let name = words.next().expect("expectation without a name");
        let matches: Vec<_> = m
            .functions
            .iter()
            .filter(|f| f.qualified_name == name)
            .collect();
        assert_eq!(
            matches.len(),
            1,
            "{}: expected one function `{name}`, found {}",
            path.display(),
            matches.len()
        );
        let f = matches[0];
        for kv in words {
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            let v: u32 = v
                .parse()
                .unwrap_or_else(|_| panic!("{}: bad value in `{kv}`", path.display()));
            let got = match k {
                "ccn" => f.cyclomatic,
                "cog" => f.cognitive,
                "params" => f.params,
                "nest" => f.max_nesting,
                "nloc" => f.nloc,
                other => panic!("{}: unknown key `{other}`", path.display()),
            };
            assert_eq!(got, v, "{}: {name} {k}", path.display());
        }
        checked += 1;
    }
    checked
}

#[test]
fn language_fixtures() {
    insta::glob!("../../fixtures/lang", "*/*", |path| {
        if path.is_dir() {
            return;
        }
        let (m, lang_id) = measure(path);
        // The fixture's directory names the language it must be detected as (`.h` both ways).
        let dir = path.parent().and_then(|d| d.file_name()).unwrap();
        assert_eq!(dir.to_str(), Some(lang_id), "{}", path.display());
        let checked = check_expectations(path, &m);
        assert!(
            checked > 0,
            "{}: a fixture must state its expectations",
            path.display()
        );
        assert!(
            !m.parse_errors,
            "{}: fixture must parse cleanly",
            path.display()
        );
        insta::assert_snapshot!(render(&m, lang_id));
    });
}

#[test]
fn every_language_has_a_fixture() {
    for spec in lang::LANGUAGES {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/lang")
            .join(spec.id);
        let files = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert!(files > 0, "no fixture for {} in {}", spec.id, dir.display());
    }
}
