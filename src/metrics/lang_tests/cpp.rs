//! C++: the C constructs plus classes, out-of-class methods, lambdas, try/catch, range-for.

use crate::metrics::testutil::{cc, function, measure_src};

const L: &str = "cpp";

#[test]
fn methods_constructors_destructors_and_operators() {
    let src = "namespace billing {\nclass Ledger {\n public:\n  Ledger(int n) : n_(n) {}\n  ~Ledger() {}\n  bool operator==(const Ledger& o) const { return n_ == o.n_ && n_ > 0; }\n  int n_;\n};\n}\nvoid billing::Ledger::flush(int a, int b = 2) {}\n";
    let m = measure_src(L, src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.params, f.cyclomatic))
        .collect();
    assert_eq!(
        names,
        vec![
            ("billing::Ledger::Ledger", 1, 1),
            ("billing::Ledger::~Ledger", 0, 1),
            ("billing::Ledger::operator==", 1, 2),
            ("billing::Ledger::flush", 2, 1),
        ]
    );
}

#[test]
fn try_catch_and_range_for() {
    let src = "void f(std::vector<int>& v) {\n  for (auto& x : v) {\n    try { g(x); } catch (const std::bad_alloc&) { throw; } catch (...) { }\n  }\n}\n";
    // range-for +1, two catches +2 each (nesting 1)
    assert_eq!(cc(L, src, "f"), (4, 5));
    assert_eq!(function(L, src, "f").max_nesting, 2);
}

#[test]
fn lambdas_inside_a_function_fold_into_it() {
    let src = "void f(std::vector<int>& v) {\n  auto keep = [&](int x) { return x > 0 && x < 9; };\n  std::sort(v.begin(), v.end(), [](int a, int b) { if (a < b) { return true; } return false; });\n}\n";
    // lizard counts both lambdas' decisions in `f`: `&&` and `if`. Cognitive (clang-tidy and
    // the specification): `&&` +1, the `if` one nesting level deeper +2.
    let m = measure_src(L, src);
    let names: Vec<_> = m
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
    assert_eq!(names, vec![("f", 1, 3, 3)]);
}

#[test]
fn lambda_at_namespace_scope_is_its_own_unit() {
    let src = "namespace ledger {\nauto by_sku = [](const Item& a, const Item& b) { return a.sku < b.sku || a.qty < b.qty; };\n}\n";
    let f = function(L, src, "by_sku");
    assert_eq!(f.qualified_name, "ledger::by_sku");
    assert_eq!((f.params, f.cyclomatic, f.cognitive), (2, 2, 1));
}

#[test]
fn templates_and_switch() {
    let src = "template <typename T>\nT pick(T a, int k) {\n  switch (k) {\n    case 0: return a;\n    default: return k > 1 ? a : T{};\n  }\n}\n";
    assert_eq!(cc(L, src, "pick"), (3, 3));
}

#[test]
fn word_operators_count_like_symbols() {
    let src = "bool f(bool a, bool b, bool c) { return a and b or c; }\n";
    assert_eq!(cc(L, src, "f"), (3, 2));
}

#[test]
fn preprocessor_conditions_are_not_decisions() {
    let src = "namespace io {\nint Port::open(int fd) {\n#if defined(_WIN32) && !defined(__CYGWIN__)\n  return fd;\n#elif __GNUC__ > 3 || defined(__clang__)\n  return fd > 0 ? fd : 0;\n#endif\n}\n}\n";
    // cyclomatic: 1 + the ternary; the preprocessor's `&&` and `||` are not the function's.
    assert_eq!(cc(L, src, "Port::open"), (2, 1));
}
