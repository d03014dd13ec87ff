//! C: one test per decision construct; names through declarators; `(void)`.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "c";

#[test]
fn if_else_if_else() {
    let src = "int f(int x) {\n  if (x > 0) return 1;\n  else if (x < 0) return -1;\n  else return 0;\n}\n";
    assert_eq!(cc(L, src, "f"), (3, 3));
}

#[test]
fn loops_nest_and_do_while_counts() {
    let src = "void f(int n) {\n  for (int i = 0; i < n; i++) {\n    while (n--) {\n      do { n++; } while (n < 0);\n    }\n  }\n}\n";
    assert_eq!(cc(L, src, "f"), (4, 6));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn switch_cases_not_default_and_ternary() {
    let src = "int f(int k) {\n  switch (k) {\n  case 1:\n  case 2: return 1;\n  default: return k > 9 ? 2 : 3;\n  }\n}\n";
    // cases 2, ternary 1; cognitive: switch +1, ternary +2 (nested in the switch)
    assert_eq!(cc(L, src, "f"), (4, 3));
}

#[test]
fn boolean_sequences_and_goto() {
    let src = "int f(int a, int b, int c) {\n  if (a && b || c) goto fail;\n  return 0;\nfail:\n  return -1;\n}\n";
    // cognitive: if +1, two sequences +2, goto +1
    assert_eq!(cc(L, src, "f"), (4, 4));
}

#[test]
fn names_through_declarators_and_void_parameters() {
    let src = "static const char *name_of(int code, ...) { return 0; }\nint main(void) { return 0; }\nint (*pick(int k))(int) { return 0; }\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.params))
        .collect();
    assert_eq!(names, vec![("name_of", 2), ("main", 0), ("pick", 1)]);
}

#[test]
fn recursion_counts_once() {
    let src = "int fact(int n) { return n < 2 ? 1 : n * fact(n - 1); }\n";
    assert_eq!(cc(L, src, "fact"), (2, 2));
}

#[test]
fn preprocessor_and_comments_are_not_decisions() {
    let src = "#include <stdio.h>\n/* legacy\n * block */\n#define MAX(a, b) ((a) > (b) ? (a) : (b))\nint f(void) {\n  // only a call\n  return printf(\"%d\", 1);\n}\n";
    let m = measure_src(L, src);
    assert_eq!((m.functions[0].cyclomatic, m.functions[0].nloc), (1, 3));
    assert_eq!((m.lines.code, m.lines.comment), (5, 3));
}

#[test]
fn preprocessor_conditions_are_not_decisions() {
    // The `&&`/`||` of `#if`/`#elif` are read by the preprocessor; only the `if` counts.
    let src = "int open_port(int fd) {\n#if defined(HAVE_TERMIOS) && !defined(LEGACY_TTY)\n  if (fd < 0 || fd > 255) return -1;\n#elif defined(HAVE_SGTTY) || defined(BSD43)\n  fd = 0;\n#endif\n  return fd;\n}\n";
    assert_eq!(cc(L, src, "open_port"), (3, 2));
    assert_eq!(function(L, src, "open_port").nloc, 8);
}
