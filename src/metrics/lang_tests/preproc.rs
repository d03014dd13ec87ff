//! The second reading of preprocessed sources (`lang/preproc.rs`), judged by the functions the
//! metrics walk finds before and after it.

use crate::lang::{by_id, error_weight, recovery_text, resolved};

/// (start, end, cyclomatic) of each function.
type Spans = Vec<(u32, u32, u32)>;

/// The functions of the first reading and of the second, which must parse better.
fn spans(lang: &str, src: &str) -> (Spans, Spans) {
    let id = by_id(lang).unwrap();
    let r = resolved(id).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&r.language).unwrap();
    let mut read = |text: &[u8]| {
        let tree = p.parse(text, None).unwrap();
        let m = crate::metrics::measure(r, &tree, text);
        let errors = error_weight(&tree);
        let f = m
            .functions
            .iter()
            .map(|f| (f.start_line, f.end_line, f.cyclomatic));
        (f.collect::<Vec<_>>(), errors)
    };
    let (before, e1) = read(src.as_bytes());
    let flat = recovery_text(id, src.as_bytes()).expect("a second reading");
    assert_eq!(
        flat.iter().filter(|&&b| b == b'\n').count(),
        src.matches('\n').count(),
        "lines are kept"
    );
    let (after, e2) = read(&flat);
    assert!(e2 < e1, "the second reading parses better ({e2} < {e1})");
    (before, after)
}

#[test]
fn cpp_macro_arguments_holding_statements_no_longer_merge_tests() {
    let src = "namespace ledger {\nTEST(Post, Throws) {\n  EXPECT_THROW(throw 1, int)\n}\n\nTEST(Post, Rows) {\n  if (n) { post(); }\n}\n\nTEST(Post, Close) {\n  while (open()) { close(); }\n}\n}\n";
    let (before, after) = spans("cpp", src);
    assert_eq!(before, [(2, 13, 3)], "one function swallowed the next two");
    assert_eq!(after, [(2, 4, 1), (6, 8, 2), (10, 12, 2)]);
}

#[test]
fn csharp_conditional_directives_read_in_sequence() {
    let src = "class A\n{\n    int F(int k)\n    {\n        switch (k)\n        {\n#if OLD\n            case 1:\n                return 1;\n#else\n            case 2:\n            case 3:\n                return 2;\n#endif\n            default:\n                return 0;\n        }\n    }\n}\n";
    let (_, after) = spans("csharp", src);
    assert_eq!(after, [(3, 18, 4)]);
}

#[test]
fn only_statement_words_make_a_macro_call_blanked() {
    let cpp = by_id("cpp").unwrap();
    let src = b"TEST(A, B) {\n  EXPECT_EQ(f(1), 2);\n  // EXPECT_THROW(throw 1, int)\n  puts(\"EXPECT_THROW(throw 1, int)\");\n}\n";
    assert!(recovery_text(cpp, src).is_none());
    let src = b"TEST(A, B) {\n  EXPECT_THROW(throw 1, int);\n}\n";
    let flat = recovery_text(cpp, src).unwrap();
    assert_eq!(
        String::from_utf8(flat).unwrap(),
        "TEST(A, B) {\n  EXPECT_THROW(            );\n}\n"
    );
    assert!(recovery_text(by_id("c").unwrap(), src).is_none());
}
