//! Java: the published examples of Campbell's white paper, then one test per decision construct
//! and per function form, cyclomatic (lizard's counting) and cognitive.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "java";

fn names(src: &str) -> Vec<(String, u32, u32)> {
    measure_src(L, src)
        .functions
        .iter()
        .map(|f| (f.qualified_name.clone(), f.cyclomatic, f.cognitive))
        .collect()
}

// --- Cognitive Complexity white paper (G. Ann Campbell, SonarSource, 2017) ---

#[test]
fn paper_sum_of_primes() {
    let src = r#"class Primes {
  int sumOfPrimes(int max) {
    int total = 0;
    OUT: for (int i = 1; i <= max; ++i) {
      for (int j = 2; j < i; ++j) {
        if (i % j == 0) {
          continue OUT;
        }
      }
      total += i;
    }
    return total;
  }
}"#;
    // for +1, for +2 (nesting 1), if +3 (nesting 2), continue OUT +1.
    assert_eq!(cc(L, src, "sumOfPrimes"), (4, 7));
    assert_eq!(function(L, src, "sumOfPrimes").max_nesting, 3);
}

#[test]
fn paper_get_words() {
    let src = r#"class Words {
  String getWords(int number) {
    switch (number) {
      case 1:
        return "one";
      case 2:
        return "a couple";
      case 3:
        return "a few";
      default:
        return "lots";
    }
  }
}"#;
    // Three cases for cyclomatic; the switch once for cognitive.
    assert_eq!(cc(L, src, "getWords"), (4, 1));
}

#[test]
fn paper_nesting_example() {
    let src = r#"class Nesting {
  void myMethod() {
    try {
      if (condition1) {
        for (int i = 0; i < 10; i++) {
          while (condition2) {
            step();
          }
        }
      }
    } catch (ExcepType1 | ExcepType2 e) {
      if (condition2) {
        recover();
      }
    }
  }
}"#;
    // if +1, for +2, while +3, catch +1, if +2 (nesting 1); `try` itself adds nothing.
    assert_eq!(cc(L, src, "myMethod"), (6, 9));
    // try > if > for > while
    assert_eq!(function(L, src, "myMethod").max_nesting, 4);
}

#[test]
fn paper_lambda_example() {
    let src = r#"class Lambdas {
  void myMethod2() {
    Runnable r = () -> {
      if (condition1) {
        run();
      }
    };
  }
}"#;
    // The paper gives the method 2 in total, and so does SonarJava: the lambda folds into the
    // method, its body one nesting level deeper (if +2), and opens no function of its own.
    assert_eq!(cc(L, src, "myMethod2"), (2, 2));
    assert_eq!(function(L, src, "myMethod2").max_nesting, 1);
    assert_eq!(measure_src(L, src).functions.len(), 1);
}

#[test]
fn paper_boolean_sequences() {
    let src =
        "class B {\n  void f() {\n    if (a && b && c || d || e && f) {\n      g();\n    }\n  }\n}";
    // if +1, then `&&`, `||`, `&&`: three sequences. Cyclomatic: if + five operators.
    assert_eq!(cc(L, src, "f"), (7, 4));
}

// --- One test per construct ---

#[test]
fn straight_line_method_is_one_and_zero() {
    let src = "class A {\n  int f(int x) {\n    return x + 1;\n  }\n}";
    assert_eq!(cc(L, src, "f"), (1, 0));
}

#[test]
fn if_and_else_if() {
    let src = "class A {\n  int f(int x) {\n    if (x > 0) {\n      return 1;\n    } else if (x < 0) {\n      return -1;\n    }\n    return 0;\n  }\n}";
    // if +1, else if +1 (no nesting increment for the else if, nor a nesting level).
    assert_eq!(cc(L, src, "f"), (3, 2));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn a_long_else_if_chain_stays_flat() {
    let src = "class A {\n  int f(int x) {\n    if (x == 1) return 1;\n    else if (x == 2) return 2;\n    else if (x == 3) return 3;\n    else if (x == 4) return 4;\n    return 0;\n  }\n}";
    assert_eq!(cc(L, src, "f"), (5, 4));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn if_inside_an_else_if_body_is_nested_once() {
    let src = "class A {\n  void f(boolean a, boolean b, boolean c) {\n    if (a) {\n      g();\n    } else if (b) {\n      if (c) {\n        g();\n      }\n    }\n  }\n}";
    // if +1, else if +1, inner if +1 +1 (nesting 1).
    assert_eq!(cc(L, src, "f"), (4, 4));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn plain_else_adds_one() {
    let src = "class A {\n  int f(int x) {\n    if (x > 0) {\n      return 1;\n    } else if (x < 0) {\n      return -1;\n    } else {\n      return 0;\n    }\n  }\n}";
    // if +1, else if +1, else +1; else is not a decision for cyclomatic.
    assert_eq!(cc(L, src, "f"), (3, 3));
    let nested = "class A {\n  void f(boolean a, boolean b) {\n    if (a) {\n      g();\n    } else {\n      if (b) {\n        g();\n      }\n    }\n  }\n}";
    // if +1, else +1, the if inside the else block +1 +1 (nesting 1): not an else if.
    assert_eq!(cc(L, nested, "f"), (3, 4));
}

#[test]
fn for_loops_both_forms() {
    let classic = "class A {\n  void f(int n) {\n    for (int i = 0; i < n; i++) {\n      g(i);\n    }\n  }\n}";
    assert_eq!(cc(L, classic, "f"), (2, 1));
    let enhanced = "class A {\n  void f(java.util.List<String> rows) {\n    for (String r : rows) {\n      g(r);\n    }\n  }\n}";
    assert_eq!(cc(L, enhanced, "f"), (2, 1));
}

#[test]
fn while_and_do_while_nest() {
    let src = "class A {\n  void f(int n) {\n    while (n > 0) {\n      do {\n        n--;\n      } while (n % 2 == 0);\n    }\n  }\n}";
    // while +1, do +2 (nesting 1).
    assert_eq!(cc(L, src, "f"), (3, 3));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn switch_cases_count_each_default_does_not() {
    let src = "class A {\n  int f(int k) {\n    switch (k) {\n      case 1:\n      case 2:\n        return 10;\n      case 3:\n        return 30;\n      default:\n        return 0;\n    }\n  }\n}";
    // Three `case` labels (stacked ones too, as lizard counts them); the switch once.
    assert_eq!(cc(L, src, "f"), (4, 1));
}

#[test]
fn arrow_switch_expression_counts_each_label_once() {
    let src = "class A {\n  int f(int k) {\n    int v = switch (k) {\n      case 1, 2 -> 10;\n      case 3 -> 30;\n      default -> 0;\n    };\n    return v;\n  }\n}";
    // `case 1, 2` is one label: two decisions.
    assert_eq!(cc(L, src, "f"), (3, 1));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn pattern_switch_guards_are_not_decisions_but_their_operators_are() {
    let src = "class A {\n  String f(Object o) {\n    return switch (o) {\n      case Integer i when i > 100 && i < 1000 -> \"big\";\n      case Integer i -> \"int\";\n      case String s -> \"str\";\n      default -> \"other\";\n    };\n  }\n}";
    // Three labels + one `&&` for cyclomatic; switch +1 and one `&&` sequence for cognitive.
    assert_eq!(cc(L, src, "f"), (5, 2));
}

#[test]
fn catch_counts_finally_does_not() {
    let src = "class A {\n  void f() {\n    try {\n      g();\n    } catch (IllegalStateException e) {\n      h();\n    } catch (RuntimeException | Error e) {\n      h();\n    } finally {\n      done();\n    }\n  }\n}";
    assert_eq!(cc(L, src, "f"), (3, 2));
    assert_eq!(function(L, src, "f").max_nesting, 1);
}

#[test]
fn try_with_resources_catch_nests_its_body() {
    let src = "class A {\n  void f(String p) {\n    try (Reader r = open(p)) {\n      read(r);\n    } catch (IOException e) {\n      if (strict) {\n        throw e;\n      }\n    }\n  }\n}";
    // catch +1, if +2 (nesting 1 inside the catch).
    assert_eq!(cc(L, src, "f"), (3, 3));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn ternary_and_nested_ternary() {
    let src = "class A {\n  int f(int x) {\n    return x > 0 ? 1 : 2;\n  }\n}";
    assert_eq!(cc(L, src, "f"), (2, 1));
    let nested = "class A {\n  int f(int x) {\n    return x > 0 ? 1 : x < 0 ? -1 : 0;\n  }\n}";
    // The second ternary sits in the first one's branch: +1, then +2.
    assert_eq!(cc(L, nested, "f"), (3, 3));
}

#[test]
fn generic_wildcard_question_mark_is_not_a_decision() {
    let src =
        "class A {\n  int f(java.util.List<? extends Number> xs) {\n    return xs.size();\n  }\n}";
    // Only the conditional expression is a `?` decision (lizard agrees).
    assert_eq!(cc(L, src, "f"), (1, 0));
}

#[test]
fn boolean_operators_parens_and_negation() {
    let src = "class A {\n  boolean f(boolean a, boolean b, boolean c, boolean d) {\n    return a && b && c || d;\n  }\n}";
    assert_eq!(cc(L, src, "f"), (4, 2));
    let paren = "class A {\n  boolean f(boolean a, boolean b, boolean c) {\n    return a && (b && c);\n  }\n}";
    assert_eq!(cc(L, paren, "f"), (3, 1));
    let negated = "class A {\n  boolean f(boolean a, boolean b, boolean c) {\n    return a && !(b && c);\n  }\n}";
    assert_eq!(cc(L, negated, "f"), (3, 2));
    // `&` and `|` on booleans are not short-circuit decisions (lizard agrees).
    let bitwise = "class A {\n  boolean f(boolean a, boolean b) {\n    return a & b | a;\n  }\n}";
    assert_eq!(cc(L, bitwise, "f"), (1, 0));
}

#[test]
fn labelled_break_and_continue_add_one_plain_ones_do_not() {
    let src = "class A {\n  void f(int[][] grid) {\n    scan:\n    for (int[] row : grid) {\n      for (int v : row) {\n        if (v < 0) break scan;\n        if (v == 0) continue;\n        if (v > 9) break;\n      }\n    }\n  }\n}";
    // for +1, for +2, three ifs +3 each, `break scan` +1.
    assert_eq!(cc(L, src, "f"), (6, 13));
}

#[test]
fn recursion_adds_one_once() {
    let src = "class A {\n  int fact(int n) {\n    if (n <= 1) return 1;\n    return n * fact(n - 1) + this.fact(n - 2);\n  }\n}";
    assert_eq!(cc(L, src, "fact"), (2, 2));
}

#[test]
fn synchronized_and_try_are_nesting_levels_not_increments() {
    let src = "class A {\n  void f() {\n    synchronized (lock) {\n      try {\n        if (ready) {\n          go();\n        }\n      } finally {\n        lock.notify();\n      }\n    }\n  }\n}";
    // The `if` is structurally three deep but has cognitive nesting 0.
    assert_eq!(cc(L, src, "f"), (2, 1));
    assert_eq!(function(L, src, "f").max_nesting, 3);
}

#[test]
fn assert_and_instanceof_are_not_decisions() {
    let src = "class A {\n  void f(Object o) {\n    assert o != null;\n    boolean s = o instanceof String t;\n  }\n}";
    assert_eq!(cc(L, src, "f"), (1, 0));
}

// --- Function forms ---

#[test]
fn methods_constructors_and_nested_classes_are_qualified() {
    let src = "class Ledger {\n  Ledger(int year) {\n    this.year = year;\n  }\n  static class Entry {\n    void post(long amount, String memo, Object... tags) {\n    }\n  }\n}";
    let ctor = function(L, src, "Ledger");
    assert_eq!(ctor.qualified_name, "Ledger.Ledger");
    assert_eq!(ctor.params, 1);
    let post = function(L, src, "post");
    assert_eq!(post.qualified_name, "Ledger.Entry.post");
    // Varargs count as one parameter.
    assert_eq!(post.params, 3);
}

#[test]
fn receiver_parameter_is_not_counted() {
    let src = "class A {\n  void f(A this, int x) {\n  }\n}";
    assert_eq!(function(L, src, "f").params, 1);
}

#[test]
fn interfaces_enums_records_and_enum_constant_bodies() {
    let src = r#"interface Pricing {
  default int rate(int qty) {
    return qty > 10 ? 5 : 7;
  }
}
enum Op {
  PLUS {
    int apply(int a, int b) { return a + b; }
  };
  abstract int apply(int a, int b);
}
record Money(long cents, String currency) {
  Money {
    if (cents < 0) throw new IllegalArgumentException();
  }
}"#;
    let rate = function(L, src, "rate");
    assert_eq!(rate.qualified_name, "Pricing.rate");
    assert_eq!((rate.cyclomatic, rate.cognitive), (2, 1));
    let m = measure_src(L, src);
    let qualified: Vec<&str> = m
        .functions
        .iter()
        .map(|f| f.qualified_name.as_str())
        .collect();
    assert!(qualified.contains(&"Op.PLUS.apply"), "{qualified:?}");
    let compact = function(L, src, "Money");
    assert_eq!(compact.qualified_name, "Money.Money");
    assert_eq!(
        (compact.cyclomatic, compact.cognitive, compact.params),
        (2, 1, 0)
    );
}

#[test]
fn methods_without_a_body_are_not_functions() {
    let src = "interface Store {\n  void save(Object o);\n}\nabstract class Base {\n  abstract int size();\n}";
    assert!(measure_src(L, src).functions.is_empty());
}

#[test]
fn lambdas_in_a_method_fold_into_it() {
    let src = r#"class A {
  void wire() {
    Function<Integer, Integer> inc = x -> x + 1;
    BiFunction<Integer, Integer, Integer> typed = (int a, int b) -> a > b ? a : b;
    this.handler = () -> { if (ready && open) go(); };
    rows.forEach(r -> send(r));
  }
}"#;
    // PMD counts every decision of the method body, lambdas included: the ternary, the `if`
    // and the `&&`; iterating calls add nothing in Java. Cognitive: ternary +2 and if +2 (one
    // level deeper inside the lambda), `&&` +1.
    assert_eq!(names(src), vec![("A.wire".to_string(), 4, 5)]);
    assert_eq!(function(L, src, "wire").params, 0);
}

#[test]
fn lambdas_stored_in_fields_stay_their_own_unit() {
    let src = r#"class A {
  static final BiFunction<Integer, Integer, Integer> MAX = (a, b) -> a > b ? a : b;
  int use(int x) {
    return MAX.apply(x, 0);
  }
}"#;
    // No method holds the field's lambda: it is measured alone, named by its field.
    let m = measure_src(L, src);
    let got: Vec<(&str, u32, u32, u32)> = m
        .functions
        .iter()
        .map(|f| {
            (
                f.qualified_name.as_str(),
                f.params,
                f.cyclomatic,
                f.cognitive,
            )
        })
        .collect();
    assert_eq!(got, vec![("A.MAX", 2, 2, 1), ("A.use", 1, 1, 0)]);
}

#[test]
fn a_field_lambda_folds_the_lambdas_it_holds() {
    let src = "class A {\n  static final Function<List<Row>, Long> OPEN = rows -> rows.stream().filter(r -> r.open && !r.void).count();\n}\n";
    // The field's lambda is the unit; the filter's lambda folds into it (`&&` +1 each way).
    assert_eq!(names(src), vec![("A.OPEN".to_string(), 2, 1)]);
}

#[test]
fn lambda_inside_an_if_folds_one_level_deeper() {
    let src = "class A {\n  void f(java.util.List<Integer> xs) {\n    if (xs != null) {\n      xs.forEach(x -> {\n        if (x > 0) {\n          g(x);\n        }\n      });\n    }\n  }\n}";
    // The lambda sits at nesting 1, so its body is at 2: if +3, with the outer if +1.
    assert_eq!(names(src), vec![("A.f".to_string(), 3, 4)]);
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn anonymous_class_methods_are_measured_inside_their_method() {
    let src = "class A {\n  Comparator<String> byLength() {\n    return new Comparator<String>() {\n      public int compare(String a, String b) {\n        return a.length() < b.length() ? -1 : 1;\n      }\n    };\n  }\n}";
    let f = function(L, src, "compare");
    assert_eq!(f.qualified_name, "A.byLength.compare");
    assert_eq!((f.cyclomatic, f.cognitive, f.params), (2, 2, 2));
    assert_eq!(cc(L, src, "byLength"), (1, 0));
}

#[test]
fn comments_and_javadoc_are_not_code() {
    let src = "class A {\n  /**\n   * Explain.\n   */\n  int f() {\n    // note\n\n    return 1; /* trailing */\n  }\n}";
    let m = measure_src(L, src);
    assert_eq!(m.lines.lines, 10);
    assert_eq!(m.lines.comment, 4);
    assert_eq!(m.lines.blank, 1);
    assert_eq!(m.lines.code, 5);
    let f = &m.functions[0];
    // `int f() {`, `return 1;`, `}`
    assert_eq!(f.nloc, 3);
}

#[test]
fn syntax_errors_are_flagged_and_still_measured() {
    let src = "class A {\n  int ok(int x) {\n    if (x > 0) return 1;\n    return 0;\n  }\n  void broken( {\n  }\n}";
    let m = measure_src(L, src);
    assert!(m.parse_errors);
    assert!(
        m.functions
            .iter()
            .any(|f| f.name == "ok" && f.cyclomatic == 2)
    );
}

#[test]
fn a_bare_call_in_a_method_reaches_the_method() {
    // Java calls its own methods without `this`: a bare `settle(...)` is recursion.
    let src =
        "class Ledger {\n  int settle(int n) {\n    return n <= 0 ? 0 : settle(n - 1);\n  }\n}\n";
    assert_eq!(cc("java", src, "settle"), (2, 2));
}
