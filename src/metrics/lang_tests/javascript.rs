//! JavaScript: one test per decision construct and function form.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "javascript";

#[test]
fn if_else_if_else() {
    let src = "function f(x) {\n  if (x > 0) { return 1; } else if (x < 0) { return -1; } else { return 0; }\n}\n";
    // cyclomatic: if, else if; cognitive: if +1, else if +1, else +1
    assert_eq!(cc(L, src, "f"), (3, 3));
}

#[test]
fn loops_of_every_kind_nest() {
    let src = "function f(a) {\n  for (let i = 0; i < 3; i++) {\n    for (const k in a) {\n      while (a[k]) { a[k]--; }\n    }\n  }\n  do { a = null; } while (a);\n}\n";
    // cognitive: for +1, for-in +2, while +3, do +1
    assert_eq!(cc(L, src, "f"), (5, 7));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn for_of_counts_like_for_in() {
    assert_eq!(
        cc(L, "function f(xs) { for (const x of xs) { g(x); } }\n", "f"),
        (2, 1)
    );
}

#[test]
fn switch_counts_cases_not_default() {
    let src = "function f(k) {\n  switch (k) {\n    case 1: return 'a';\n    case 2: return 'b';\n    default: return 'c';\n  }\n}\n";
    assert_eq!(cc(L, src, "f"), (3, 1));
}

#[test]
fn catch_counts_and_finally_does_not() {
    let src = "function f() {\n  try { g(); } catch (e) { h(); } finally { k(); }\n}\n";
    assert_eq!(cc(L, src, "f"), (2, 1));
}

#[test]
fn ternary_and_nested_ternary() {
    let src = "function f(w) { return w < 1 ? 'a' : w < 5 ? 'b' : 'c'; }\n";
    // cognitive: ternary +1, the nested one +1 +1 nesting
    assert_eq!(cc(L, src, "f"), (3, 3));
}

#[test]
fn boolean_sequences_and_nullish() {
    let src = "function f(a, b, c, d) { return a && b && c || d; }\n";
    assert_eq!(cc(L, src, "f"), (4, 2));
    // `??` is a decision for lizard, null handling (no increment) for cognitive.
    let nullish = "function f(a, b) { return a ?? b; }\n";
    assert_eq!(cc(L, nullish, "f"), (2, 0));
}

#[test]
fn labelled_break_and_continue_count_for_cognitive() {
    let src = "function f(rows) {\n  outer: for (const r of rows) {\n    for (const c of r) {\n      if (c) continue outer;\n      if (!c) break outer;\n      break;\n    }\n  }\n}\n";
    // for +1, for +2, if +3, continue outer +1, if +3, break outer +1; plain break 0
    assert_eq!(cc(L, src, "f"), (5, 11));
}

#[test]
fn recursion_counts_once() {
    let src = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n";
    assert_eq!(cc(L, src, "fib"), (2, 2));
}

#[test]
fn function_forms_and_names() {
    let src = "function a(x, y = 1, ...rest) {}\nfunction* gen() {}\nconst b = function () {};\nconst c = async (p) => p;\nconst d = q => q;\nlet e;\ne = () => 0;\nconst obj = { m() {}, n: () => 1 };\nclass K { constructor(a) {} static s() {} get g() { return 1; } }\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.params))
        .collect();
    assert_eq!(
        names,
        vec![
            ("a", 3),
            ("gen", 0),
            ("b", 0),
            ("c", 1),
            ("d", 1),
            ("e", 0),
            ("m", 0),
            ("n", 0),
            ("K.constructor", 1),
            // same line: ordered by name
            ("K.g", 0),
            ("K.s", 0),
        ]
    );
}

/// Cyclomatic and cognitive complexity of the file's first anonymous function.
fn first_anonymous(src: &str) -> (u32, u32) {
    let m = measure_src(L, src);
    let f = m
        .functions
        .iter()
        .find(|f| f.name.starts_with("<anonymous>"))
        .unwrap();
    (f.cyclomatic, f.cognitive)
}

#[test]
fn nested_function_and_callback_are_their_own_functions() {
    let src = "function outer(xs) {\n  function inner(x) { return x ? 1 : 0; }\n  return xs.map((x) => { if (x) { return inner(x); } return 0; });\n}\n";
    assert_eq!(cc(L, src, "outer"), (1, 0));
    // SonarJS reports each function apart with its nesting starting at 0: the callback's
    // `if` is +1 and the nested function's ternary +1 (the specification would add one each).
    assert_eq!(first_anonymous(src), (2, 1));
    assert_eq!(cc(L, src, "inner"), (2, 1));
}

#[test]
fn a_callback_inside_a_loop_still_starts_at_nesting_zero() {
    let src = "function each(rows) {\n  for (const r of rows) {\n    if (r.open) {\n      r.lines.forEach(function (l) { if (l.qty) { l.ok = true; } });\n    }\n  }\n}\n";
    // `each`: for +1, if +2. The callback sits at nesting 2 but starts at 0: its `if` is +1.
    assert_eq!(cc(L, src, "each"), (3, 3));
    assert_eq!(first_anonymous(src), (2, 1));
}

#[test]
fn template_substitutions_are_walked_and_strings_are_code() {
    let src = "function f(a) {\n  return `total: ${a ? a.sum : 0}`;\n}\n";
    assert_eq!(cc(L, src, "f"), (2, 1));
    let m = measure_src(L, "// header\nconst s = 'x';\n\n/* block\n   comment */\n");
    assert_eq!((m.lines.code, m.lines.comment, m.lines.blank), (1, 3, 1));
}

#[test]
fn logical_assignments_count_for_cyclomatic_only() {
    // Each of `??=`, `||=`, `&&=` is one decision, as `??`, `||`, `&&` are; cognitive counts
    // none of them (no boolean sequence, no nesting): a defaulting assignment is flat code.
    let src = "function defaults(opts) {\n  opts.retries ??= 3;\n  opts.label ||= 'ledger';\n  opts.audit &&= opts.audit.enabled;\n  opts.total += 1;\n  return opts;\n}\n";
    assert_eq!(cc(L, src, "defaults"), (4, 0));
}

#[test]
fn this_inside_a_callback_named_by_its_key_is_not_recursion() {
    let src = "function close(x) { return x; }\nclass Port {\n  close() { return close(this); }\n  open() { return { open: () => this.open(), again: () => this.open() }; }\n  drain(q) { if (q.length) { return this.drain(q.slice(1)); } }\n}\n";
    let m = measure_src(L, src);
    let cog = |q: &str| {
        m.functions
            .iter()
            .find(|f| f.qualified_name == q)
            .map(|f| f.cognitive)
    };
    assert_eq!(cog("Port.close"), Some(0));
    assert_eq!(cog("Port.open.open"), Some(0));
    assert_eq!(cog("Port.drain"), Some(2));
}
