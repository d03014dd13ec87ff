//! Python: one test per decision construct, cyclomatic (lizard's counting) and cognitive.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "python";

#[test]
fn straight_line_function_is_one_and_zero() {
    assert_eq!(cc(L, "def f(x):\n    return x + 1\n", "f"), (1, 0));
}

#[test]
fn if_elif_else() {
    let src = "def f(x):\n    if x > 0:\n        return 1\n    elif x < 0:\n        return -1\n    else:\n        return 0\n";
    // if +1, elif +1 (cyclomatic); if +1, elif +1, else +1 (cognitive)
    assert_eq!(cc(L, src, "f"), (3, 3));
}

#[test]
fn else_holding_a_nested_if_is_not_an_elif() {
    let src =
        "def f(x):\n    if x:\n        pass\n    else:\n        if x is None:\n            pass\n";
    // cognitive: if +1, else +1, nested if +1 +1 nesting
    assert_eq!(cc(L, src, "f"), (3, 4));
}

#[test]
fn loops_nest() {
    let src = "def f(rows):\n    for r in rows:\n        while r:\n            r -= 1\n";
    assert_eq!(cc(L, src, "f"), (3, 3));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn for_else_counts_the_loop_only() {
    let src = "def f(rows):\n    for r in rows:\n        pass\n    else:\n        pass\n";
    assert_eq!(cc(L, src, "f"), (2, 1));
}

#[test]
fn except_counts_finally_does_not() {
    let src = "def f():\n    try:\n        g()\n    except ValueError:\n        pass\n    except (KeyError, TypeError):\n        pass\n    finally:\n        h()\n";
    assert_eq!(cc(L, src, "f"), (3, 2));
}

#[test]
fn boolean_operators_count_each_for_cyclomatic_and_each_sequence_for_cognitive() {
    let src = "def f(a, b, c, d):\n    return a and b and c or d\n";
    assert_eq!(cc(L, src, "f"), (4, 2));
    let paren = "def f(a, b, c):\n    return a and (b and c)\n";
    assert_eq!(cc(L, paren, "f"), (3, 1));
    let negated = "def f(a, b, c):\n    return a and not (b and c)\n";
    assert_eq!(cc(L, negated, "f"), (3, 2));
}

#[test]
fn conditional_expression() {
    let src = "def f(x):\n    return 1 if x else 2\n";
    assert_eq!(cc(L, src, "f"), (2, 1));
}

#[test]
fn comprehension_clauses_count_for_cyclomatic_only() {
    let src = "def f(rows):\n    return [r for r in rows if r]\n";
    assert_eq!(cc(L, src, "f"), (3, 0));
}

#[test]
fn match_cases_count_each_and_match_once() {
    let src = "def f(cmd):\n    match cmd:\n        case 'go':\n            pass\n        case 'stop':\n            pass\n";
    assert_eq!(cc(L, src, "f"), (3, 1));
}

#[test]
fn with_and_assert_are_not_decisions() {
    let src = "def f(p):\n    assert p\n    with open(p) as fh:\n        return fh.read()\n";
    assert_eq!(cc(L, src, "f"), (1, 0));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn recursion_adds_one_once() {
    let src = "def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1) + fact(n - 2)\n";
    assert_eq!(cc(L, src, "fact"), (2, 2));
}

#[test]
fn nested_function_is_measured_on_its_own_one_level_deeper() {
    let src = "def outer(x):\n    def inner(y):\n        if y:\n            return 1\n    if x:\n        return inner(x)\n";
    // inner's `if` sits inside outer: nesting 1 -> +2; outer does not count it.
    assert_eq!(cc(L, src, "inner"), (2, 2));
    assert_eq!(cc(L, src, "outer"), (2, 1));
    assert_eq!(function(L, src, "inner").qualified_name, "outer.inner");
}

#[test]
fn lambdas_are_functions_named_by_their_assignment() {
    let src = "key = lambda row: row[0] if row else None\nitems.sort(key=lambda r: r.id)\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.cyclomatic))
        .collect();
    assert_eq!(names, vec![("key", 2), ("<anonymous>@2", 1)]);
}

#[test]
fn methods_are_qualified_by_class_and_count_self() {
    let src = "class Ledger:\n    class Entry:\n        def post(self, amount, *, when=None):\n            pass\n";
    let f = function(L, src, "post");
    assert_eq!(f.qualified_name, "Ledger.Entry.post");
    assert_eq!(f.params, 3);
}

#[test]
fn docstrings_and_comments_are_not_code() {
    let src = "def f():\n    \"\"\"Explain.\n\n    More.\n    \"\"\"\n    # note\n\n    return 1\n";
    let m = measure_src(L, src);
    assert_eq!(m.lines.lines, 8);
    assert_eq!(m.lines.code, 2);
    // The empty line inside the docstring is blank, like every whitespace-only line.
    assert_eq!(m.lines.comment, 4);
    assert_eq!(m.lines.blank, 2);
    assert_eq!(m.functions[0].nloc, 2);
}

#[test]
fn syntax_errors_are_flagged_and_still_measured() {
    let src = "def ok(x):\n    if x:\n        return 1\n\ndef broken(:\n    pass\n";
    let m = measure_src(L, src);
    assert!(m.parse_errors);
    assert!(
        m.functions
            .iter()
            .any(|f| f.name == "ok" && f.cyclomatic == 2)
    );
}

#[test]
fn recursion_only_when_the_call_reaches_the_function_itself() {
    let src = r#"
def accepts(visitor, node):
    return visitor.visit(node)


class Ledger(base.Ledger):
    def accepts(self, visitor):
        # the module function, not this method
        return accepts(visitor, self)

    def post(self, row):
        # the base class's method
        return base.Ledger.post(self, row)

    def close(self):
        def close():
            # the enclosing method, not this nested function
            self.close()
        return close

    def walk(self, node):
        for child in node:
            self.walk(child)
        return Ledger.walk(self, None)
"#;
    let m = measure_src(L, src);
    let cog = |q: &str| {
        m.functions
            .iter()
            .find(|f| f.qualified_name == q)
            .map(|f| f.cognitive)
    };
    assert_eq!(cog("accepts"), Some(0));
    assert_eq!(cog("Ledger.accepts"), Some(0));
    assert_eq!(cog("Ledger.post"), Some(0));
    assert_eq!(cog("Ledger.close.close"), Some(0));
    // `self.walk` and `Ledger.walk` do reach it: the loop +1, recursion +1 once.
    assert_eq!(cog("Ledger.walk"), Some(2));
}

#[test]
fn f_string_replacement_fields_are_measured() {
    let src = "def label(row, verbose):\n    return f\"{row.name if verbose and row.name else '-'}: {sorted(row.items, key=lambda i: i.pos)}\"\n";
    // cyclomatic: 1 + ternary + `and`; cognitive: ternary +1, `and` +1.
    assert_eq!(cc(L, src, "label"), (3, 2));
    let m = measure_src(L, src);
    assert_eq!(
        m.functions.len(),
        1,
        "the lambda inside the f-string is found and folds into `label`"
    );
    // A plain one-line string with braces stays a string.
    assert_eq!(
        cc(
            L,
            "def fmt(x):\n    return '{} if {}'.format(x, x)\n",
            "fmt"
        ),
        (1, 0)
    );
}

/// (qualified name, cyclomatic, cognitive) of every function measured.
fn units(src: &str) -> Vec<(String, u32, u32)> {
    measure_src(L, src)
        .functions
        .iter()
        .map(|f| (f.qualified_name.clone(), f.cyclomatic, f.cognitive))
        .collect()
}

#[test]
fn lambdas_fold_into_the_function_nested_defs_do_not() {
    let src = "def rank(rows, strict):\n    rows.sort(key=lambda r: r.score if strict else 0)\n    def keep(r):\n        if r.score > 0:\n            return True\n        return False\n    return [r for r in rows if keep(r)]\n";
    // radon: the lambda's ternary counts in `rank` (+1 cyclomatic; cognitive +2, one nesting
    // level deeper), with the comprehension's `for` and `if`; the named nested function
    // `keep` is reported apart, starting one level deeper (its `if` +2).
    let got = units(src);
    assert_eq!((got[0].0.as_str(), got[0].1), ("rank", 4));
    assert_eq!(got[1], ("rank.keep".to_string(), 2, 2));
    assert_eq!(got.len(), 2);
}

#[test]
fn a_module_level_lambda_is_a_unit_holding_its_lambdas() {
    let src = "by_key = lambda rows: sorted(rows, key=lambda r: r.key if r else 0)\n";
    // No function holds `by_key`: it is a unit, and the sort key's lambda folds into it
    // (ternary +1 cyclomatic; cognitive +2, one nesting level deeper).
    assert_eq!(units(src), vec![("by_key".to_string(), 2, 2)]);
}
