//! Which files are test files: the language table's patterns plus `[tests] paths`, compiled
//! once per run, and the tree-level facts a test file contributes (its identifiers).

use std::sync::OnceLock;

use tree_sitter::{Node, Tree};

use crate::lang::{self, LANGUAGES, LanguageId, Resolved};
use crate::util::globs::{GlobError, PathGlobs};

/// Test-file globs per language and from the configuration.
#[derive(Debug, Clone)]
pub struct TestFiles {
    per_language: Vec<PathGlobs>,
    configured: PathGlobs,
}

impl TestFiles {
    /// The language table's patterns plus `extra` (`[tests] paths`).
    pub fn new(extra: &[String]) -> Result<Self, GlobError> {
        let per_language = LANGUAGES
            .iter()
            .map(|l| {
                let patterns: Vec<String> = l.tests.paths.iter().map(|p| p.to_string()).collect();
                PathGlobs::new(&patterns)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TestFiles {
            per_language,
            configured: PathGlobs::new(extra)?,
        })
    }

    /// No test files at all (benchmarks: the scan without gathering test identifiers).
    pub fn none() -> Self {
        TestFiles {
            per_language: Vec::new(),
            configured: PathGlobs::empty(),
        }
    }

    /// The table's patterns alone (compiled once per process).
    pub fn table_only() -> &'static TestFiles {
        static CELL: OnceLock<TestFiles> = OnceLock::new();
        // The table's globs are constants checked by the table tests; should one ever fail to
        // compile, no file is a test file rather than a failed scan.
        CELL.get_or_init(|| TestFiles::new(&[]).unwrap_or_else(|_| TestFiles::none()))
    }

    /// Whether the file at `rel` (relative, `/`-separated) of language `language` is a test file.
    pub fn is_test(&self, rel: &str, language: LanguageId) -> bool {
        self.configured.matches(rel)
            || self
                .per_language
                .get(language)
                .is_some_and(|g| g.matches(rel))
    }
}

/// The test facts of one parsed file, gathered while its tree is alive.
#[derive(Debug, Default, PartialEq)]
pub struct TreeTests {
    /// 1-based inclusive line ranges of inline test items (Rust `#[cfg(test)] mod`).
    pub regions: Vec<(u32, u32)>,
    /// Distinct identifiers of the test code (the whole file for a test file), as
    /// `identifier_key`s, sorted: 8 bytes each, whatever the name's length.
    pub identifiers: Vec<u64>,
}

/// The key of an identifier: a 64-bit hash (FNV-1a, stable across runs and platforms). Two
/// names share a key with odds of about 1 in 10^19 per pair.
pub fn identifier_key(name: &str) -> u64 {
    key_of(name.as_bytes())
}

fn key_of(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The walk's wanted kinds (`roots`, the query rules' root kinds, possibly empty) plus the
/// language's identifier kinds: a test file's identifiers are collected by the metrics walk.
pub fn wanted_with_identifiers(r: &Resolved, roots: &[bool]) -> Vec<bool> {
    (0..r.roles.len())
        .map(|k| roots.get(k).copied().unwrap_or(false) || r.roles[k] & lang::TEST_IDENTIFIER != 0)
        .collect()
}

/// Take the identifier nodes out of what the walk collected (leaving the query roots in
/// place, in order) and return their keys, sorted and distinct.
pub fn split_identifiers(
    r: &Resolved,
    roots: &[bool],
    text: &[u8],
    found: &mut Vec<Node<'_>>,
) -> Vec<u64> {
    let mut keys = Vec::new();
    found.retain(|n| {
        let kind = usize::from(n.kind_id());
        if r.role(n.kind_id()) & lang::TEST_IDENTIFIER != 0
            && let Some(bytes) = text.get(n.byte_range())
            && !bytes.is_empty()
        {
            keys.push(key_of(bytes));
        }
        roots.get(kind).copied().unwrap_or(false)
    });
    distinct(keys)
}

/// The keys of every identifier below `node` (inclusive), sorted and distinct. (The scan
/// gathers a test file's identifiers during its metrics walk, `wanted_with_identifiers`.)
pub fn identifiers_below(r: &Resolved, node: Node, text: &[u8]) -> Vec<u64> {
    let mut names = Vec::new();
    collect_identifiers(r, node, text, &mut names);
    distinct(names)
}

/// The inline test items of an ordinary file (Rust `#[cfg(test)]`) and their identifiers.
pub fn inline_tests(r: &Resolved, tree: &Tree, text: &[u8]) -> TreeTests {
    let root = tree.root_node();
    let mut names: Vec<u64> = Vec::new();
    let Some(inline) = &r.spec.tests.inline else {
        return TreeTests::default();
    };
    let mut regions = Vec::new();
    marked_items(r, inline, root, text, &mut regions, 0);
    let mut out = TreeTests::default();
    for (node, first_line) in regions {
        collect_identifiers(r, node, text, &mut names);
        out.regions
            .push((first_line, node.end_position().row as u32 + 1));
    }
    out.identifiers = distinct(names);
    out
}

/// Module nesting deeper than this is not searched for test items.
const MAX_ITEM_DEPTH: usize = 64;

/// Items among `parent`'s children marked by a test attribute just before them, with the line
/// of their first attribute; unmarked module items are searched in turn.
fn marked_items<'t>(
    r: &Resolved,
    inline: &lang::InlineTests,
    parent: Node<'t>,
    text: &[u8],
    out: &mut Vec<(Node<'t>, u32)>,
    depth: usize,
) {
    if depth > MAX_ITEM_DEPTH {
        return;
    }
    let mut marked_from: Option<u32> = None;
    let mut attributes_from: Option<u32> = None;
    let mut cursor = parent.walk();
    for child in parent.children(&mut cursor) {
        let role = r.role(child.kind_id());
        if role & lang::COMMENT != 0 {
            continue;
        }
        if role & lang::TEST_ATTRIBUTE != 0 {
            let line = child.start_position().row as u32 + 1;
            attributes_from.get_or_insert(line);
            if is_marker(inline, child, text) {
                marked_from = attributes_from;
            }
            continue;
        }
        if role & lang::TEST_ITEM != 0 {
            if let Some(line) = marked_from {
                out.push((child, line));
            } else if role & lang::TEST_DESCEND != 0 {
                marked_items(r, inline, child, text, out, depth + 1);
            }
        } else if role & lang::TEST_DESCEND != 0 {
            marked_items(r, inline, child, text, out, depth + 1);
        }
        marked_from = None;
        attributes_from = None;
    }
}

fn is_marker(inline: &lang::InlineTests, attribute: Node, text: &[u8]) -> bool {
    let Some(bytes) = text.get(attribute.byte_range()) else {
        return false;
    };
    let compact: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    inline.markers.iter().any(|m| compact.contains(m))
}

/// The keys sorted, each once.
fn distinct(mut keys: Vec<u64>) -> Vec<u64> {
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The key of every identifier leaf below `node` (inclusive), repeats included; comments are
/// not entered.
fn collect_identifiers(r: &Resolved, node: Node, text: &[u8], names: &mut Vec<u64>) {
    let mut cursor = node.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        let role = r.role(n.kind_id());
        if role & lang::TEST_IDENTIFIER != 0 {
            if let Some(bytes) = text.get(n.byte_range())
                && !bytes.is_empty()
            {
                names.push(key_of(bytes));
            }
        } else if role & lang::COMMENT == 0 && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if depth == 0 {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(lang_id: &str, src: &str, test_file: bool) -> TreeTests {
        let id = lang::by_id(lang_id).unwrap();
        let r = lang::resolved(id).unwrap();
        let mut p = tree_sitter::Parser::new();
        p.set_language(&r.language).unwrap();
        let tree = p.parse(src, None).unwrap();
        if test_file {
            TreeTests {
                regions: Vec::new(),
                identifiers: identifiers_below(r, tree.root_node(), src.as_bytes()),
            }
        } else {
            inline_tests(r, &tree, src.as_bytes())
        }
    }

    #[test]
    fn test_paths_per_language() {
        let t = TestFiles::new(&["qa/**".to_string()]).unwrap();
        let id = |l: &str| lang::by_id(l).unwrap();
        let yes = [
            ("tests/test_invoice.py", "python"),
            ("billing/test_invoice.py", "python"),
            ("billing/invoice_test.py", "python"),
            ("Lib/test/support/__init__.py", "python"),
            ("conftest.py", "python"),
            ("payroll/src/test/java/acme/PayrollTest.java", "java"),
            ("acme/LedgerTests.java", "java"),
            ("ledger/ledger_test.go", "go"),
            ("web/src/cart.test.ts", "typescript"),
            ("web/src/__tests__/cart.js", "javascript"),
            ("web/src/Cart.spec.tsx", "tsx"),
            ("Billing.Tests/InvoiceTests.cs", "csharp"),
            ("Billing.UnitTests/Helpers.cs", "csharp"),
            ("crates/ledger/tests/post.rs", "rust"),
            ("src/ledger/tests.rs", "rust"),
            ("spec/models/invoice_spec.rb", "ruby"),
            ("tests/Unit/InvoiceTest.php", "php"),
            ("app/src/test/kotlin/StockTest.kt", "kotlin"),
            ("src/ledger_unittest.cc", "cpp"),
            ("tests/test_ledger.c", "c"),
            ("qa/smoke.py", "python"),
        ];
        for (path, l) in yes {
            assert!(t.is_test(path, id(l)), "{path} should be a test file");
        }
        let no = [
            ("billing/invoice.py", "python"),
            ("billing/testament.py", "python"),
            ("payroll/src/main/java/acme/Payroll.java", "java"),
            ("acme/Testimonial.java", "java"),
            ("ledger/ledger.go", "go"),
            // Patterns are per language: a `*_test.go` glob says nothing about Python.
            ("ledger/ledger_test.go.py", "python"),
            ("web/src/cart.ts", "typescript"),
            ("src/ledger/mod.rs", "rust"),
            ("lib/invoice.rb", "ruby"),
        ];
        for (path, l) in no {
            assert!(!t.is_test(path, id(l)), "{path} should not be a test file");
        }
        assert!(!TestFiles::table_only().is_test("qa/smoke.py", id("python")));
    }

    #[test]
    fn identifiers_of_a_test_file() {
        let src = "from billing.invoice import compute_total\n\
                   def test_total():\n    inv = Invoice(lines)\n    assert compute_total(inv) == 3\n";
        let t = parse("python", src, true);
        let mut want: Vec<u64> = [
            "Invoice",
            "billing",
            "compute_total",
            "inv",
            "invoice",
            "lines",
            "test_total",
        ]
        .iter()
        .map(|n| identifier_key(n))
        .collect();
        want.sort_unstable();
        assert_eq!(t.identifiers, want);
        assert_ne!(
            identifier_key("compute_total"),
            identifier_key("compute_totals")
        );
        assert!(t.regions.is_empty());
        // An ordinary file contributes nothing.
        assert_eq!(parse("python", src, false), TreeTests::default());
    }

    #[test]
    fn rust_inline_test_modules_and_functions() {
        let src = "\
pub fn post(l: &mut Ledger) -> u32 { settle(l) }

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn posts() { assert_eq!(post(&mut Ledger::default()), 0); }
}

mod inner {
    #[allow(dead_code)]
    #[cfg(all(test, feature = \"slow\"))]
    mod slow { fn t() { reconcile(); } }
    fn helper() {}
}

#[tokio::test]
async fn settles() { settle_all().await; }
";
        let t = parse("rust", src, false);
        assert_eq!(t.regions, vec![(3, 8), (11, 13), (17, 18)]);
        for name in ["post", "Ledger", "reconcile", "settle_all", "posts"] {
            assert!(t.identifiers.contains(&identifier_key(name)), "{name}");
        }
        assert!(!t.identifiers.contains(&identifier_key("helper")));
        assert!(!t.identifiers.contains(&identifier_key("settle")));
    }

    #[test]
    fn identifier_kinds_of_each_language() {
        let cases = [
            (
                "java",
                "class T { void t() { new Invoice().computeTotal(); } }",
                &["Invoice", "computeTotal"][..],
            ),
            (
                "javascript",
                "test('x', () => { cart.addItem({ sku }); });",
                &["addItem", "sku"],
            ),
            (
                "go",
                "func TestX(t *testing.T) { s := NewLedger(); s.Post() }",
                &["NewLedger", "Post"],
            ),
            (
                "ruby",
                "it 'x' do\n Invoice.new.compute_total\nend\n",
                &["Invoice", "compute_total"],
            ),
            (
                "php",
                "<?php $s->computeTotal(); Billing::refund();",
                &["computeTotal", "refund"],
            ),
            (
                "kotlin",
                "fun t() { s.computeTotal(items) }",
                &["computeTotal"],
            ),
            (
                "csharp",
                "class T { void X() { s.ComputeTotal(); } }",
                &["ComputeTotal"],
            ),
            ("c", "void t(void) { ledger_post(&l); }", &["ledger_post"]),
        ];
        for (l, src, want) in cases {
            let t = parse(l, src, true);
            for w in want {
                assert!(
                    t.identifiers.contains(&identifier_key(w)),
                    "{l}: {w} in {:?}",
                    t.identifiers
                );
            }
        }
    }
}
