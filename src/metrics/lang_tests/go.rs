//! Go: one test per decision construct and function form.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "go";

#[test]
fn if_else_if_else_with_initializer() {
    let src = "package p\nfunc f(x int) int {\n\tif v := x * 2; v > 0 {\n\t\treturn 1\n\t} else if v < 0 {\n\t\treturn -1\n\t} else {\n\t\treturn 0\n\t}\n}\n";
    assert_eq!(cc(L, src, "f"), (3, 3));
}

#[test]
fn for_loops_of_every_form() {
    let src = "package p\nfunc f(xs []int) {\n\tfor i := 0; i < 3; i++ {\n\t\tfor _, x := range xs {\n\t\t\tfor x > 0 {\n\t\t\t\tx--\n\t\t\t}\n\t\t}\n\t}\n}\n";
    assert_eq!(cc(L, src, "f"), (4, 6));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn switch_type_switch_and_select_count_cases_not_default() {
    let src = "package p\nfunc f(k int, v any, ch chan int) {\n\tswitch k {\n\tcase 1, 2:\n\tcase 3:\n\tdefault:\n\t}\n\tswitch v.(type) {\n\tcase int:\n\tdefault:\n\t}\n\tselect {\n\tcase <-ch:\n\tdefault:\n\t}\n}\n";
    // cases: 2 + 1 + 1; each switch/select +1 cognitive
    assert_eq!(cc(L, src, "f"), (5, 3));
}

#[test]
fn boolean_sequences() {
    let src = "package p\nfunc f(a, b, c, d bool) bool {\n\treturn a && b && c || d\n}\n";
    assert_eq!(cc(L, src, "f"), (4, 2));
}

#[test]
fn labelled_jumps_and_goto_count_for_cognitive() {
    let src = "package p\nfunc f(rows [][]int) {\nouter:\n\tfor _, r := range rows {\n\t\tfor _, c := range r {\n\t\t\tif c < 0 {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t\tif c > 9 {\n\t\t\t\tbreak outer\n\t\t\t}\n\t\t}\n\t}\n\tgoto done\ndone:\n}\n";
    // for +1, for +2, if +3, continue outer +1, if +3, break outer +1, goto +1
    assert_eq!(cc(L, src, "f"), (5, 12));
}

#[test]
fn methods_are_named_by_receiver_type() {
    let src = "package p\nfunc (p *Parser[T]) Parse(a, b int, rest ...string) error { return nil }\nfunc (Ledger) Close() {}\n";
    let f = function(L, src, "Parser.Parse");
    assert_eq!(f.qualified_name, "Parser.Parse");
    // grouped names count once per declaration: `a, b int` and `rest ...string`
    assert_eq!(f.params, 2);
    assert_eq!(function(L, src, "Ledger.Close").params, 0);
}

#[test]
fn func_literals_fold_into_their_function() {
    let src = "package p\nfunc f() {\n\tcheck := func(x int) bool { return x > 0 && x < 9 }\n\tgo func() {\n\t\tif check(1) {\n\t\t}\n\t}()\n}\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.cyclomatic, f.cognitive))
        .collect();
    // gocyclo counts the literals' `&&` and `if` in `f`; the goroutine's `if` sits one
    // nesting level deeper: +2, with the `&&` +1.
    assert_eq!(names, vec![("f", 3, 3)]);
}

#[test]
fn package_level_func_literal_is_its_own_unit() {
    let src = "package p\nvar check = func(x int) bool {\n\tif x > 0 {\n\t\treturn true\n\t}\n\treturn false\n}\n";
    let f = function(L, src, "check");
    assert_eq!((f.cyclomatic, f.cognitive, f.params), (2, 1, 1));
}

#[test]
fn recursion_counts_once() {
    let src = "package p\nfunc fact(n int) int {\n\tif n < 2 {\n\t\treturn 1\n\t}\n\treturn n * fact(n-1)\n}\n";
    assert_eq!(cc(L, src, "fact"), (2, 2));
}
