//! PHP: one test per decision construct and function form, cyclomatic and cognitive.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "php";

/// A PHP file holding `body`.
fn php(body: &str) -> String {
    format!("<?php\n{body}")
}

#[test]
fn straight_line_function_is_one_and_zero() {
    let src = php("function f($x) {\n    return $x + 1;\n}\n");
    assert_eq!(cc(L, &src, "f"), (1, 0));
}

#[test]
fn if_elseif_else() {
    let src = php(
        "function f($x) {\n    if ($x > 0) {\n        return 1;\n    } elseif ($x < 0) {\n        return -1;\n    } else {\n        return 0;\n    }\n}\n",
    );
    // if +1, elseif +1 (cyclomatic); if +1, elseif +1, else +1 (cognitive)
    assert_eq!(cc(L, &src, "f"), (3, 3));
    assert_eq!(function(L, &src, "f").max_nesting, 1);
}

#[test]
fn else_if_in_two_words() {
    let src = php(
        "function f($x) {\n    if ($x > 0) {\n        return 1;\n    } else if ($x < 0) {\n        return -1;\n    } else {\n        return 0;\n    }\n}\n",
    );
    assert_eq!(cc(L, &src, "f"), (3, 3));
    assert_eq!(function(L, &src, "f").max_nesting, 1);
}

#[test]
fn else_holding_a_block_with_an_if_is_not_an_else_if() {
    let src = php(
        "function f($x, $y) {\n    if ($x) {\n        a();\n    } else {\n        if ($y) {\n            b();\n        }\n    }\n}\n",
    );
    // cognitive: if +1, else +1, nested if +1 +1 nesting
    assert_eq!(cc(L, &src, "f"), (3, 4));
    assert_eq!(function(L, &src, "f").max_nesting, 2);
}

#[test]
fn alternative_syntax() {
    let src = php(
        "function f($a, $b) {\n    if ($a):\n        echo 1;\n    elseif ($b):\n        echo 2;\n    else:\n        echo 3;\n    endif;\n    foreach ($a as $x):\n        echo $x;\n    endforeach;\n}\n",
    );
    // cognitive: if +1, elseif +1, else +1, foreach +1
    assert_eq!(cc(L, &src, "f"), (4, 4));
}

#[test]
fn loops_nest() {
    let src = php(
        "function f($rows) {\n    foreach ($rows as $k => $r) {\n        for ($i = 0; $i < $r; $i++) {\n            while ($i > 0) {\n                $i--;\n            }\n        }\n    }\n}\n",
    );
    // cognitive: foreach +1, for +2, while +3
    assert_eq!(cc(L, &src, "f"), (4, 6));
    assert_eq!(function(L, &src, "f").max_nesting, 3);
}

#[test]
fn do_while_counts_its_while() {
    let src = php("function f($i) {\n    do {\n        $i++;\n    } while ($i < 10);\n}\n");
    assert_eq!(cc(L, &src, "f"), (2, 1));
}

#[test]
fn switch_counts_each_case_not_default() {
    let src = php(
        "function f($cmd) {\n    switch ($cmd) {\n        case 'go':\n            return 1;\n        case 'stop':\n        case 'halt':\n            return 2;\n        default:\n            return 0;\n    }\n}\n",
    );
    // three `case` labels (an empty fall-through label counts too); switch +1 once
    assert_eq!(cc(L, &src, "f"), (4, 1));
    assert_eq!(function(L, &src, "f").max_nesting, 1);
}

#[test]
fn match_counts_each_arm_not_default() {
    let src = php(
        "function f($cmd) {\n    return match ($cmd) {\n        'go' => 1,\n        'stop', 'halt' => 2,\n        default => 0,\n    };\n}\n",
    );
    assert_eq!(cc(L, &src, "f"), (3, 1));
    assert_eq!(function(L, &src, "f").max_nesting, 1);
}

#[test]
fn catch_counts_finally_does_not() {
    let src = php(
        "function f() {\n    try {\n        g();\n    } catch (A | B $e) {\n        h();\n    } catch (C $e) {\n    } finally {\n        k();\n    }\n}\n",
    );
    assert_eq!(cc(L, &src, "f"), (3, 2));
    assert_eq!(function(L, &src, "f").max_nesting, 1);
}

#[test]
fn if_inside_catch_is_nested() {
    let src = php(
        "function f($strict) {\n    try {\n        g();\n    } catch (Exception $e) {\n        if ($strict) {\n            throw $e;\n        }\n    }\n}\n",
    );
    // cognitive: catch +1, if +1 +1 nesting
    assert_eq!(cc(L, &src, "f"), (3, 3));
}

#[test]
fn ternaries_count_null_coalescing_does_not() {
    let full = php("function f($a) {\n    return $a ? 1 : 2;\n}\n");
    assert_eq!(cc(L, &full, "f"), (2, 1));
    let short = php("function f($a, $b) {\n    return $a ?: $b;\n}\n");
    assert_eq!(cc(L, &short, "f"), (2, 1));
    let coalesce = php("function f($a, $b) {\n    return $a ?? $b;\n}\n");
    assert_eq!(cc(L, &coalesce, "f"), (1, 0));
    // the inner ternary sits in the outer's branch: +1 +1 nesting
    let nested = php("function f($a, $b) {\n    return $a ? ($b ? 1 : 2) : 3;\n}\n");
    assert_eq!(cc(L, &nested, "f"), (3, 3));
}

#[test]
fn boolean_operators_count_each_for_cyclomatic_and_each_sequence_for_cognitive() {
    let sym = php("function f($a, $b, $c, $d) {\n    return $a && $b && $c || $d;\n}\n");
    assert_eq!(cc(L, &sym, "f"), (4, 2));
    let words = php("function f($a, $b, $c) {\n    return ($a and $b or $c);\n}\n");
    assert_eq!(cc(L, &words, "f"), (3, 2));
    // `and` and `&&` are the same operator for a sequence
    let mixed = php("function f($a, $b, $c) {\n    return ($a && $b and $c);\n}\n");
    assert_eq!(cc(L, &mixed, "f"), (3, 1));
    let paren = php("function f($a, $b, $c) {\n    return $a && ($b || $c);\n}\n");
    assert_eq!(cc(L, &paren, "f"), (3, 2));
    let negated = php("function f($a, $b, $c) {\n    return $a && !($b && $c);\n}\n");
    assert_eq!(cc(L, &negated, "f"), (3, 2));
    let xor = php("function f($a, $b) {\n    return $a xor $b;\n}\n");
    assert_eq!(cc(L, &xor, "f"), (1, 0));
}

#[test]
fn goto_adds_one_for_cognitive() {
    let src = php("function f() {\n    retry:\n    if (g()) {\n        goto retry;\n    }\n}\n");
    assert_eq!(cc(L, &src, "f"), (2, 2));
}

#[test]
fn break_and_continue_to_an_outer_loop_add_one_each() {
    let src = php(
        "function f($rows) {\n    foreach ($rows as $r) {\n        foreach ($r as $c) {\n            if ($c === 0) {\n                continue 2;\n            }\n            if ($c < 0) {\n                break 2;\n            }\n            break;\n        }\n    }\n}\n",
    );
    // cyclomatic: 2 foreach + 2 if; cognitive: foreach +1, foreach +2, if +3, continue 2 +1,
    // if +3, break 2 +1, plain break 0
    assert_eq!(cc(L, &src, "f"), (5, 11));
}

#[test]
fn recursion_adds_one_once() {
    let src = php(
        "function fact($n) {\n    if ($n <= 1) {\n        return 1;\n    }\n    return $n * fact($n - 1) * fact($n - 2);\n}\n",
    );
    assert_eq!(cc(L, &src, "fact"), (2, 2));
}

#[test]
fn method_recursion_through_this_and_self() {
    let src = php(
        "class Node {\n    public function depth($n) {\n        return $n ? 1 + $this->depth($n->next) : 0;\n    }\n    public static function size($n) {\n        return $n === null ? 0 : 1 + self::size($n->next);\n    }\n}\n",
    );
    let depth = function(L, &src, "depth");
    assert_eq!((depth.cyclomatic, depth.cognitive), (2, 2));
    assert_eq!(depth.qualified_name, "Node::depth");
    assert_eq!(cc(L, &src, "size"), (2, 2));
}

#[test]
fn closures_and_arrow_functions_are_named_by_their_assignment() {
    let src = php(
        "$fmt = fn($x) => $x > 0 ? $x : 0;\n$log = function ($msg, $level) use ($out) {\n    if ($level > 1) {\n        $out->write($msg);\n    }\n};\narray_map(fn($r) => $r->id, $rows);\n",
    );
    let m = measure_src(L, &src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.cyclomatic, f.cognitive, f.params))
        .collect();
    // `use ($out)` captures, it declares no parameter
    assert_eq!(
        names,
        vec![
            ("$fmt", 2, 1, 1),
            ("$log", 2, 1, 2),
            ("<anonymous>@8", 1, 0, 1)
        ]
    );
}

#[test]
fn closures_inside_a_function_fold_into_it_one_level_deeper() {
    let src = php(
        "function outer($rows) {\n    usort($rows, fn($a, $b) => $a->qty > $b->qty ? 1 : -1);\n    return array_filter($rows, function ($r) {\n        if ($r->void) {\n            return false;\n        }\n        return true;\n    });\n}\n",
    );
    // PDepend counts the closures' decisions in `outer`: the ternary and the `if`, each +2
    // for cognitive (one nesting level deeper).
    let m = measure_src(L, &src);
    assert_eq!(m.functions.len(), 1);
    assert_eq!(cc(L, &src, "outer"), (3, 4));
}

#[test]
fn methods_are_qualified_by_class_interface_trait_enum_and_anonymous_class() {
    let src = php(
        "class Ledger {\n    public function __construct(private int $id, string ...$tags) {}\n    public function __destruct() {}\n    public static function open(string $path, $mode = 'r') {}\n}\ninterface Settles {\n    public function settle(): bool;\n}\ntrait Audits {\n    protected function audit($entry) {}\n}\nenum Status: string {\n    case Open = 'o';\n    public function label(): string {\n        return 'x';\n    }\n}\n$x = new class {\n    public function run() {}\n};\n",
    );
    let m = measure_src(L, &src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.params, f.cyclomatic))
        .collect();
    // an enum `case` is no decision; an interface method has no body: a declaration, not a function
    assert_eq!(
        names,
        vec![
            ("Ledger::__construct", 2, 1),
            ("Ledger::__destruct", 0, 1),
            ("Ledger::open", 2, 1),
            ("Audits::audit", 1, 1),
            ("Status::label", 0, 1),
            ("<anonymous>::run", 0, 1)
        ]
    );
}

#[test]
fn property_hooks_are_accessors() {
    let src = php(
        "class User {\n    public string $name {\n        get => strtoupper($this->name);\n        set(string $value) {\n            if ($value === '') {\n                throw new InvalidArgumentException();\n            }\n            $this->name = $value;\n        }\n    }\n}\n",
    );
    let get = function(L, &src, "get");
    assert_eq!(get.qualified_name, "User::$name::get");
    assert_eq!((get.cyclomatic, get.cognitive, get.params), (1, 0, 0));
    let set = function(L, &src, "set");
    assert_eq!(set.qualified_name, "User::$name::set");
    assert_eq!((set.cyclomatic, set.cognitive, set.params), (2, 1, 1));
}

#[test]
fn namespaces_do_not_qualify_names() {
    let flat = php("namespace App\\Billing;\nfunction total() {}\n");
    assert_eq!(function(L, &flat, "total").qualified_name, "total");
    let braced = php("namespace App\\Billing {\n    function total() {}\n}\n");
    assert_eq!(function(L, &braced, "total").qualified_name, "total");
}

#[test]
fn comments_are_not_code() {
    let src = php(
        "// line\n# hash\n/* block\n   more */\nfunction f() {\n\n    return 1; // trailing\n}\n",
    );
    let m = measure_src(L, &src);
    assert_eq!(m.lines.lines, 9);
    assert_eq!(m.lines.code, 4);
    assert_eq!(m.lines.comment, 4);
    assert_eq!(m.lines.blank, 1);
    assert_eq!(m.functions[0].nloc, 3);
}

#[test]
fn syntax_errors_are_flagged_and_still_measured() {
    let src = php("function ok($x) {\n    return $x ? 1 : 2;\n}\n\nfunction broken( {\n}\n");
    let m = measure_src(L, &src);
    assert!(m.parse_errors);
    assert!(
        m.functions
            .iter()
            .any(|f| f.name == "ok" && f.cyclomatic == 2)
    );
}
