//! TypeScript and TSX: the JavaScript constructs through the TypeScript grammars, plus what
//! TypeScript adds (typed and optional parameters, abstract classes, namespaces, signatures).

use crate::metrics::testutil::{cc, function, measure_src};

#[test]
fn typed_parameters_and_optional_chaining() {
    let src = "function f(a: number, b?: string, ...rest: number[]): number {\n  return a > 0 && b?.length ? 1 : 0;\n}\n";
    // `?.` is not a ternary: if-free, one `&&`, one `?:`
    for lang in ["typescript", "tsx"] {
        let f = function(lang, src, "f");
        assert_eq!((f.cyclomatic, f.cognitive, f.params), (3, 2, 3), "{lang}");
    }
}

#[test]
fn signatures_and_interfaces_are_not_functions() {
    let src = "interface Repo { find(id: string): Order; }\ndeclare function legacy(x: number): void;\nabstract class Base {\n  abstract load(): void;\n  save(): void { if (this.dirty) { flush(); } }\n}\n";
    let m = measure_src("typescript", src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.qualified_name.as_str(), f.cyclomatic))
        .collect();
    assert_eq!(names, vec![("Base.save", 2)]);
}

#[test]
fn namespaces_and_class_fields_qualify_names() {
    let src = "namespace Billing {\n  export class Invoice {\n    private onSave = (e: Event) => { if (e) { go(); } };\n    total(): number { return 0; }\n  }\n}\n";
    let m = measure_src("typescript", src);
    let names: Vec<_> = m
        .functions
        .iter()
        .map(|f| f.qualified_name.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Billing.Invoice.onSave", "Billing.Invoice.total"]
    );
}

#[test]
fn switch_loops_catch_and_nullish_as_in_javascript() {
    let src = "function f(k: string, xs: number[]) {\n  switch (k) { case 'a': break; default: break; }\n  for (const x of xs) { try { g(x); } catch (e: unknown) { h(e ?? x); } }\n}\n";
    // cyclomatic: case, for, catch, ?? = 4 -> 5; cognitive: switch +1, for +1, catch +2
    assert_eq!(cc("typescript", src, "f"), (5, 4));
}

#[test]
fn generics_and_type_assertions_are_not_decisions() {
    let src = "function pick<T extends keyof Order>(o: Order, k: T): Order[T] {\n  return (o as any)[k] as Order[T];\n}\n";
    assert_eq!(cc("typescript", src, "pick"), (1, 0));
}

#[test]
fn tsx_components_and_callbacks_in_jsx() {
    let src = "export function Row({ item }: Props) {\n  return (\n    <li onClick={() => (item.open ? close() : open())}>\n      {item.done && <Check />}\n    </li>\n  );\n}\n";
    let m = measure_src("tsx", src);
    let row = m.functions.iter().find(|f| f.name == "Row").unwrap();
    // `&&` in the JSX expression counts for Row; the arrow's ternary for the arrow, whose
    // nesting starts at 0 as SonarJS reports it.
    assert_eq!((row.cyclomatic, row.cognitive, row.params), (2, 1, 1));
    let cb = m
        .functions
        .iter()
        .find(|f| f.name.starts_with("<anonymous>"))
        .unwrap();
    assert_eq!((cb.cyclomatic, cb.cognitive), (2, 1));
}

#[test]
fn recursion_through_this() {
    let src = "class Tree {\n  depth(n: Node): number { return n.kids.length ? 1 + this.depth(n.kids[0]) : 0; }\n}\n";
    assert_eq!(cc("typescript", src, "depth"), (2, 2));
}

#[test]
fn logical_assignments_count_like_javascript() {
    let src = "function settle(row: Row): Row {\n  row.currency ??= 'EUR';\n  if (row.open) {\n    row.note ||= 'pending';\n  }\n  return row;\n}\n";
    // cyclomatic: 1 + `??=` + `if` + `||=`; cognitive: the `if` alone.
    assert_eq!(cc("typescript", src, "settle"), (4, 1));
}
