//! Rust: one test per decision construct and function form, cyclomatic and cognitive.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "rust";

#[test]
fn straight_line_function_is_one_and_zero() {
    assert_eq!(cc(L, "fn f(x: i32) -> i32 {\n    x + 1\n}\n", "f"), (1, 0));
}

#[test]
fn if_else_if_else() {
    let src = "fn f(x: i32) -> i32 {\n    if x > 0 {\n        1\n    } else if x < 0 {\n        -1\n    } else {\n        0\n    }\n}\n";
    // if +1, else if +1 (cyclomatic); if +1, else if +1, else +1 (cognitive)
    assert_eq!(cc(L, src, "f"), (3, 3));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn else_holding_a_block_with_an_if_is_not_an_else_if() {
    let src = "fn f(x: bool, y: bool) {\n    if x {\n        a();\n    } else {\n        if y {\n            b();\n        }\n    }\n}\n";
    // cognitive: if +1, else +1, nested if +1 +1 nesting
    assert_eq!(cc(L, src, "f"), (3, 4));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn else_if_chain_does_not_deepen_nesting() {
    let src = "fn f(a: bool, b: bool, c: bool) {\n    if a {\n    } else if b {\n        if c {\n        }\n    }\n}\n";
    // cognitive: if +1, else if +1, if inside the else-if +1 +1 nesting
    assert_eq!(cc(L, src, "f"), (4, 4));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn if_let_and_while_let() {
    let src = "fn f(mut s: Vec<i32>) {\n    if let Some(x) = s.pop() {\n        use_it(x);\n    }\n    while let Some(y) = s.pop() {\n        use_it(y);\n    }\n}\n";
    assert_eq!(cc(L, src, "f"), (3, 2));
}

#[test]
fn loops_nest_and_a_bare_loop_is_no_decision() {
    let src = "fn f(rows: Vec<i32>) {\n    for r in rows {\n        while r > 0 {\n            loop {\n                break;\n            }\n        }\n    }\n}\n";
    // cyclomatic: for +1, while +1, loop 0; cognitive: for +1, while +2, loop +3
    assert_eq!(cc(L, src, "f"), (3, 6));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn loop_exits_through_its_if() {
    let src =
        "fn f() {\n    loop {\n        if done() {\n            break;\n        }\n    }\n}\n";
    // cognitive: loop +1, if +1 +1 nesting; an unlabelled break adds nothing
    assert_eq!(cc(L, src, "f"), (2, 3));
}

#[test]
fn labelled_break_and_continue_add_one_each_for_cognitive() {
    let src = "fn f(rows: Vec<Vec<i32>>) {\n    'outer: for r in rows {\n        for c in r {\n            if c == 0 {\n                continue 'outer;\n            }\n            if c < 0 {\n                break 'outer;\n            }\n            break;\n        }\n    }\n}\n";
    // cyclomatic: 2 fors + 2 ifs; cognitive: for +1, for +2, if +3, continue 'outer +1,
    // if +3, break 'outer +1, plain break 0
    assert_eq!(cc(L, src, "f"), (5, 11));
}

#[test]
fn match_arms_count_except_a_bare_wildcard() {
    let src = "fn f(cmd: &str) -> i32 {\n    match cmd {\n        \"go\" => 1,\n        \"stop\" | \"halt\" => 2,\n        _ => 0,\n    }\n}\n";
    // two arms (an or-pattern is one arm), the `_` arm does not count; match +1 once
    assert_eq!(cc(L, src, "f"), (3, 1));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn exhaustive_match_counts_every_arm_including_nested_wildcards() {
    let src = "fn f(s: State) -> i32 {\n    match s {\n        State::Open => 1,\n        State::Held(_) => 2,\n        other => other.code(),\n    }\n}\n";
    // `State::Held(_)` and a binding catch-all are not a bare `_` arm
    assert_eq!(cc(L, src, "f"), (4, 1));
}

#[test]
fn match_nested_in_a_loop_gets_the_nesting_increment() {
    let src = "fn f(xs: Vec<Option<i32>>) {\n    for x in xs {\n        match x {\n            Some(v) => if v > 0 { a() },\n            None => {}\n        }\n    }\n}\n";
    // cyclomatic: for, 2 arms, if; cognitive: for +1, match +2, if in an arm +3
    assert_eq!(cc(L, src, "f"), (5, 6));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn match_guards_count_one_each() {
    let src = "fn f(x: Option<i32>, y: bool) -> i32 {\n    match x {\n        Some(n) if n > 5 => 1,\n        _ if y => 2,\n        _ => 3,\n    }\n}\n";
    // arm `Some(n)` +1 and its guard +1; `_ if y`: the arm is a wildcard, its guard +1
    assert_eq!(cc(L, src, "f"), (4, 1));
}

#[test]
fn try_operator_and_where_clauses_are_not_decisions() {
    let src = "fn f<T>(x: Result<T, E>) -> Result<T, E>\nwhere\n    T: Clone,\n{\n    let v = x?;\n    Ok(v.clone())\n}\n";
    assert_eq!(cc(L, src, "f"), (1, 0));
}

#[test]
fn let_else_is_a_decision() {
    let src = "fn f(x: Option<i32>) -> i32 {\n    let Some(v) = x else {\n        return 0;\n    };\n    let w = v + 1;\n    w\n}\n";
    assert_eq!(cc(L, src, "f").0, 2);
}

#[test]
#[ignore = "engine: a conditional cognitive role: let_declaration counts +1 + nesting like an `if` only when it has field `alternative`"]
fn let_else_counts_for_cognitive() {
    let src = "fn f(x: Option<i32>) -> i32 {\n    let Some(v) = x else {\n        return 0;\n    };\n    v\n}\n";
    assert_eq!(cc(L, src, "f"), (2, 1));
}

#[test]
fn boolean_operators_count_each_for_cyclomatic_and_each_sequence_for_cognitive() {
    let src = "fn f(a: bool, b: bool, c: bool, d: bool) -> bool {\n    a && b && c || d\n}\n";
    assert_eq!(cc(L, src, "f"), (4, 2));
    let paren = "fn f(a: bool, b: bool, c: bool) -> bool {\n    a && (b && c)\n}\n";
    assert_eq!(cc(L, paren, "f"), (3, 1));
    let negated = "fn f(a: bool, b: bool, c: bool) -> bool {\n    a && !(b && c)\n}\n";
    assert_eq!(cc(L, negated, "f"), (3, 2));
}

#[test]
fn let_chain_with_one_and() {
    let src =
        "fn f(a: Option<i32>) {\n    if let Some(x) = a && x > 0 {\n        use_it(x);\n    }\n}\n";
    // if +1, `&&` +1; cognitive: if +1, one `&&` sequence +1
    assert_eq!(cc(L, src, "f"), (3, 2));
}

#[test]
fn let_chain_counts_every_and() {
    let src = "fn f(a: Option<i32>, b: bool, c: bool) {\n    if let Some(x) = a && b && c {\n        use_it(x);\n    }\n}\n";
    assert_eq!(cc(L, src, "f"), (4, 2));
}

#[test]
fn recursion_adds_one_once() {
    let src = "fn fact(n: u64) -> u64 {\n    if n <= 1 {\n        1\n    } else {\n        n * fact(n - 1) * fact(n - 2)\n    }\n}\n";
    // cognitive: if +1, else +1, recursion +1 (once)
    assert_eq!(cc(L, src, "fact"), (2, 3));
}

#[test]
fn method_recursion_through_self() {
    let src = "impl Node {\n    fn depth(&self) -> u32 {\n        match &self.next {\n            Some(n) => 1 + Self::depth(n),\n            None => 1,\n        }\n    }\n}\n";
    let f = function(L, src, "depth");
    assert_eq!((f.cyclomatic, f.cognitive), (3, 2));
    assert_eq!(f.qualified_name, "Node::depth");
    assert_eq!(f.params, 1);
}

#[test]
fn calls_to_a_namesake_of_another_type_are_not_recursion() {
    let src = "impl Ledger {\n    fn new() -> Self {\n        Ledger { rows: Vec::new() }\n    }\n    fn clone(&self) -> Self {\n        Ledger { rows: self.rows.clone() }\n    }\n}\n";
    assert_eq!(cc(L, src, "new"), (1, 0));
    assert_eq!(cc(L, src, "clone"), (1, 0));
}

#[test]
fn closures_are_functions_named_by_their_let() {
    let src = "fn outer(rows: &[i32]) -> usize {\n    let keep = |r: &i32| if *r > 0 { true } else { false };\n    rows.iter().filter(|r| keep(r)).count()\n}\n";
    // the closure starts one level deeper: if +1 +1 nesting, else +1
    assert_eq!(cc(L, src, "keep"), (2, 3));
    assert_eq!(cc(L, src, "outer"), (1, 0));
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.params))
        .collect();
    assert_eq!(
        names,
        vec![
            ("outer", 1),
            ("outer::keep", 1),
            ("outer::<anonymous>@3", 1)
        ]
    );
}

#[test]
fn closure_inside_a_loop_nests_deeper() {
    let src = "fn f(rows: Vec<Vec<i32>>) {\n    for r in rows {\n        r.iter().for_each(|c| {\n            if *c > 0 {\n                println!(\"{c}\");\n            }\n        });\n    }\n}\n";
    // the closure sits at nesting 1 and starts at 2: its if is +1 +2
    assert_eq!(cc(L, src, "<anonymous>@3"), (2, 3));
    assert_eq!(cc(L, src, "f"), (2, 1));
}

#[test]
fn closure_parameters() {
    let src = "fn f() {\n    let add = |a, b| a + b;\n    let zero = || 0;\n    let typed = |(k, v): (i32, i32), w: i32| k + v + w;\n    let mut sum = 0;\n    sum = add(1, 2);\n    let assigned;\n    assigned = |x: &mut i32| *x += 1;\n}\n";
    assert_eq!(function(L, src, "add").params, 2);
    assert_eq!(function(L, src, "zero").params, 0);
    assert_eq!(function(L, src, "typed").params, 2);
    assert_eq!(function(L, src, "assigned").qualified_name, "f::assigned");
}

#[test]
fn nested_function_is_measured_on_its_own_one_level_deeper() {
    let src = "fn outer(x: i32) -> i32 {\n    fn inner(y: i32) -> i32 {\n        if y > 0 { 1 } else { 0 }\n    }\n    if x > 0 { inner(x) } else { 0 }\n}\n";
    // inner's if sits inside outer: nesting 1 -> +2, else +1; outer does not count it
    assert_eq!(cc(L, src, "inner"), (2, 3));
    assert_eq!(cc(L, src, "outer"), (2, 2));
    assert_eq!(function(L, src, "inner").qualified_name, "outer::inner");
}

#[test]
fn functions_are_qualified_by_mod_impl_and_trait() {
    let src = "mod billing {\n    pub struct Ledger<T>(T);\n    impl<T: Clone> Ledger<T> {\n        pub fn post(&mut self, amount: i64, memo: &str) {}\n    }\n    impl fmt::Display for &Ledger<i32> {\n        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {\n            Ok(())\n        }\n    }\n    pub trait Settle {\n        fn settle(&self) -> bool {\n            true\n        }\n        fn pending(&self);\n    }\n}\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.params))
        .collect();
    // `pending` has no body: a declaration, not a function
    assert_eq!(
        names,
        vec![
            ("billing::Ledger::post", 3),
            ("billing::Ledger::fmt", 2),
            ("billing::Settle::settle", 1)
        ]
    );
}

#[test]
fn async_const_and_unsafe_functions() {
    let src = "pub async fn a() {}\nconst fn b(x: u8) -> u8 { x }\nunsafe extern \"C\" fn c(p: *const u8, ...) {}\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.params))
        .collect();
    assert_eq!(names, vec![("a", 0), ("b", 1), ("c", 2)]);
}

#[test]
fn comments_and_doc_comments_are_not_code() {
    let src = "/// Posts an entry.\n/// Twice.\nfn f() -> i32 {\n    // note\n    /* block\n       comment */\n\n    1\n}\n";
    let m = measure_src(L, src);
    assert_eq!(m.lines.lines, 9);
    assert_eq!(m.lines.code, 3);
    assert_eq!(m.lines.comment, 5);
    assert_eq!(m.lines.blank, 1);
    assert_eq!(m.functions[0].nloc, 3);
}

#[test]
fn syntax_errors_are_flagged_and_still_measured() {
    let src = "fn ok(x: bool) -> i32 {\n    if x { 1 } else { 0 }\n}\n\nfn broken( {\n}\n";
    let m = measure_src(L, src);
    assert!(m.parse_errors);
    assert!(
        m.functions
            .iter()
            .any(|f| f.name == "ok" && f.cyclomatic == 2)
    );
}
