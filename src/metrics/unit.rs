//! What a measured unit is (README "Test evidence" and "Metrics"): where a function's body
//! starts (its coverable lines), which declarations have no body to measure (`@overload`
//! stubs, `...` bodies, abstract methods), and a distinct identity for functions that share a
//! qualified name in a file (overloads, property getter/setter pairs).

use tree_sitter::Node;

use super::FunctionMetrics;

/// Facts about a function gathered while its node is at hand, used to tell apart functions
/// that share a qualified name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// `getter`, `setter` or `deleter` for property accessors (`@x.setter`, JS `set x(v)`),
    /// `destructor` for a destructor named like its class.
    pub accessor: Option<&'static str>,
    /// The parameter list as written, whitespace collapsed (`(int cents, String memo)`).
    pub signature: String,
    /// Written as an anonymous function (lambda, arrow function, closure), whatever name it
    /// takes from an assignment.
    pub anonymous: bool,
}

/// The 0-based row where the function's body starts: its first statement (a comment is not
/// one), or the body's own first row when it holds no statement or is an expression.
/// Without a recognisable body, the function's first row.
pub fn body_row(node: Node, is_comment: impl Fn(Node) -> bool) -> usize {
    let Some(body) = body_of(node) else {
        return node.start_position().row;
    };
    if !holds_statements(body) {
        return body.start_position().row;
    }
    // Down through wrappers (Kotlin's `function_body` > `block` > `statements`).
    let mut at = body;
    for _ in 0..4 {
        let mut c = at.walk();
        let Some(first) = at.named_children(&mut c).find(|ch| !is_comment(*ch)) else {
            break;
        };
        at = first;
        if !(first.kind().contains("block") || first.kind() == "statements") {
            break;
        }
    }
    at.start_position().row
}

/// The body node: the `body` field, else the last named child that is a body or block
/// (Kotlin's `function_body`).
fn body_of(node: Node) -> Option<Node> {
    if let Some(b) = node.child_by_field_name("body") {
        return Some(b);
    }
    let mut c = node.walk();
    node.named_children(&mut c)
        .filter(|ch| ch.kind().contains("body") || ch.kind().contains("block"))
        .last()
}

/// A statement list (`{ … }`, Python's `block`, Kotlin's `function_body`) rather than an
/// expression body (`x => x + 1`, `lambda r: r.total`).
fn holds_statements(body: Node) -> bool {
    let kind = body.kind();
    kind.contains("block")
        || kind.contains("body")
        || body
            .child(0)
            .is_some_and(|c| !c.is_named() && c.kind() == "{")
}

/// Decorator names of a Python function (`@typing.overload` -> `overload`, `@total.setter`
/// -> `total.setter`), read from its `decorated_definition` parent.
fn decorators(parent: Option<Node>, src: &[u8]) -> Vec<String> {
    let Some(parent) = parent.filter(|p| p.kind() == "decorated_definition") else {
        return Vec::new();
    };
    let mut c = parent.walk();
    parent
        .named_children(&mut c)
        .filter(|d| d.kind() == "decorator")
        .map(|d| {
            let text = String::from_utf8_lossy(&src[d.byte_range()]);
            let text = text.trim_start_matches('@').trim();
            // `@overload()` / `@functools.wraps(f)`: the name without its arguments.
            let name = text.split('(').next().unwrap_or(text).trim();
            name.strip_prefix("typing.")
                .or_else(|| name.strip_prefix("typing_extensions."))
                .or_else(|| name.strip_prefix("abc."))
                .unwrap_or(name)
                .to_string()
        })
        .collect()
}

/// A Python function that declares but does not implement: an `@overload` signature, a body
/// of only a docstring and/or `...`, or an `@abstractmethod` whose body is only a docstring,
/// `...`, `pass` or `raise NotImplementedError`. Such declarations are not functions (README
/// "Test evidence"). `parent` is the node's parent (the walk's stack top).
pub fn is_bodiless(node: Node, parent: Option<Node>, src: &[u8]) -> bool {
    if node.kind() != "function_definition" {
        return false;
    }
    // Python's `block` (C's `function_definition` has a `compound_statement`).
    let Some(body) = node
        .child_by_field_name("body")
        .filter(|b| b.kind() == "block")
    else {
        return false;
    };
    let decorators = decorators(parent, src);
    if decorators.iter().any(|d| d == "overload") {
        return true;
    }
    let abstract_ = decorators.iter().any(|d| d.ends_with("abstractmethod"));
    let mut c = body.walk();
    let mut statements = body
        .named_children(&mut c)
        .filter(|s| s.kind() != "comment")
        .peekable();
    if statements.peek().is_none() {
        return false;
    }
    statements.all(|s| match s.kind() {
        "expression_statement" => {
            s.named_child_count() == 1
                && s.named_child(0).is_some_and(|e| {
                    matches!(e.kind(), "ellipsis" | "string" | "concatenated_string")
                })
        }
        "pass_statement" => abstract_,
        "raise_statement" => {
            abstract_
                && String::from_utf8_lossy(&src[s.byte_range()]).contains("NotImplementedError")
        }
        _ => false,
    })
}

/// The identity hints of a function node: its accessor kind and its parameter list.
pub fn hints(
    node: Node,
    parent: Option<Node>,
    params: Option<Node>,
    anonymous: bool,
    src: &[u8],
) -> Hints {
    let mut accessor = None;
    for d in decorators(parent, src) {
        accessor = match d.rsplit('.').next() {
            Some("setter") if d.contains('.') => Some("setter"),
            Some("deleter") if d.contains('.') => Some("deleter"),
            Some("getter") if d.contains('.') => Some("getter"),
            _ if d == "property" => Some("getter"),
            _ => continue,
        };
    }
    if node.kind().contains("destructor") {
        // C#'s `~Ledger()` is named like its class and constructors.
        accessor = Some("destructor");
    }
    if accessor.is_none() {
        // JavaScript/TypeScript `get total()` / `set total(v)`.
        let mut c = node.walk();
        for ch in node.children(&mut c).take_while(|ch| !ch.is_named()) {
            match ch.kind() {
                "get" => accessor = Some("getter"),
                "set" => accessor = Some("setter"),
                _ => {}
            }
        }
    }
    let signature = params
        .map(|p| {
            String::from_utf8_lossy(&src[p.byte_range()])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    Hints {
        accessor,
        signature,
        anonymous,
    }
}

/// Give every function of a file a distinct `qualified_name`. A name held by one function is
/// left as it is (its fingerprints do not change). Functions sharing one get, in this order
/// until the names differ: the accessor (`Invoice.total.setter`), the parameter list
/// (`Ledger.post(int cents)`), and for the rest an ordinal from the second on
/// (`handler#2`). Functions nested in a renamed one take its new name as their prefix when
/// their own name is shared too (a unique name is never changed).
/// `functions` are in source order.
pub fn disambiguate(functions: &mut [(FunctionMetrics, Hints)], separator: &str) {
    // Outer duplicates first: renaming them may already tell their nested functions apart.
    for _ in 0..8 {
        if !disambiguate_outermost(functions, separator) {
            break;
        }
    }
}

/// One round of `disambiguate` over the groups of equal names none of whose members sits in
/// a member of another group; whether anything was renamed.
fn disambiguate_outermost(functions: &mut [(FunctionMetrics, Hints)], separator: &str) -> bool {
    use std::collections::HashMap;
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (f, _)) in functions.iter().enumerate() {
        groups.entry(f.qualified_name.clone()).or_default().push(i);
    }
    groups.retain(|_, m| m.len() > 1);
    let duplicated: Vec<usize> = groups.values().flatten().copied().collect();
    let inside = |i: usize, j: usize| {
        let (a, b) = (&functions[i].0, &functions[j].0);
        i != j
            && b.start_line <= a.start_line
            && a.end_line <= b.end_line
            && (b.start_line, b.end_line) != (a.start_line, a.end_line)
    };
    let mut renames: Vec<(usize, String)> = Vec::new();
    for members in groups.values() {
        if members
            .iter()
            .any(|&i| duplicated.iter().any(|&j| inside(i, j)))
        {
            continue;
        }
        let mut names: Vec<String> = members
            .iter()
            .map(|&i| functions[i].0.qualified_name.clone())
            .collect();
        for (k, &i) in members.iter().enumerate() {
            if let Some(a) = functions[i].1.accessor {
                names[k] = format!("{}{separator}{a}", names[k]);
            }
        }
        // Names still shared, by parameter list when the lists differ.
        let before = names.clone();
        for k in 0..names.len() {
            let sig = &functions[members[k]].1.signature;
            let differs = (0..before.len()).any(|o| {
                o != k && before[o] == before[k] && functions[members[o]].1.signature != *sig
            });
            if differs && !sig.is_empty() {
                let sig = if sig.starts_with('(') {
                    sig.clone()
                } else {
                    format!("({sig})")
                };
                names[k] = format!("{}{sig}", names[k]);
            }
        }
        // Equal signatures (a name defined twice): an ordinal from the second on.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for name in names.iter_mut() {
            let n = seen.entry(name.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                name.push_str(&format!("#{n}"));
            }
        }
        for (k, &i) in members.iter().enumerate() {
            renames.push((i, std::mem::take(&mut names[k])));
        }
    }
    let renamed = !renames.is_empty();
    for (i, new) in renames {
        let (old, start, end) = {
            let f = &functions[i].0;
            (f.qualified_name.clone(), f.start_line, f.end_line)
        };
        let prefix = format!("{old}{separator}");
        for (j, (g, _)) in functions.iter_mut().enumerate() {
            if j != i
                && groups.contains_key(&g.qualified_name)
                && g.start_line >= start
                && g.end_line <= end
                && let Some(rest) = g.qualified_name.strip_prefix(&prefix)
            {
                g.qualified_name = format!("{new}{separator}{rest}");
            }
        }
        functions[i].0.qualified_name = new;
    }
    renamed
}

#[cfg(test)]
mod tests {
    use crate::metrics::testutil::measure_src;

    fn names(lang: &str, src: &str) -> Vec<(String, u32, u32)> {
        measure_src(lang, src)
            .functions
            .into_iter()
            .map(|f| (f.qualified_name, f.start_line, f.body_line))
            .collect()
    }

    #[test]
    fn python_body_starts_at_the_first_statement() {
        let src = "@audit.logged\ndef post(\n    self,\n    amount,\n):  # header comment\n    \"\"\"Doc.\"\"\"\n    return amount\n\n\ndef one(): return 1\n\n\nkey = lambda r: (\n    r.account)\n";
        assert_eq!(
            names("python", src),
            [
                ("post".to_string(), 2, 6),
                ("one".to_string(), 10, 10),
                ("key".to_string(), 13, 13),
            ]
        );
    }

    #[test]
    fn brace_bodies_start_at_their_first_statement() {
        let js = "const total = (rows) => {\n  return rows.length;\n};\nfunction noop() {}\nconst inc = (x) =>\n  x + 1;\n";
        assert_eq!(
            names("javascript", js),
            [
                ("total".to_string(), 1, 2),
                ("noop".to_string(), 4, 4),
                ("inc".to_string(), 5, 6),
            ]
        );
        let go =
            "package p\n\nfunc Net(a, b int) int {\n\t// net of deductions\n\treturn a - b\n}\n";
        assert_eq!(names("go", go), [("Net".to_string(), 3, 5)]);
    }

    #[test]
    fn python_declarations_without_a_body_are_not_functions() {
        let src = r#"import abc
from typing import overload, Protocol

class Exporter(abc.ABC):
    @overload
    def write(self, rows: list) -> None: ...
    @overload
    def write(self, rows: dict) -> None:
        """Dict rows."""
    def write(self, rows):
        self.rows = rows

    @abc.abstractmethod
    def flush(self):
        raise NotImplementedError("subclasses flush")

    @abc.abstractmethod
    def close(self):
        pass

    def reset(self):
        pass

class Sink(Protocol):
    def send(self, data: bytes) -> int:
        """Send data."""
        ...
"#;
        let got: Vec<String> = names("python", src).into_iter().map(|n| n.0).collect();
        // `reset` has a body (`pass` runs); the rest only declare.
        assert_eq!(got, ["Exporter.write", "Exporter.reset"]);
    }

    #[test]
    fn property_pairs_and_overloads_get_distinct_stable_names() {
        let py = "class Invoice:\n    @property\n    def total(self):\n        return self._t\n\n    @total.setter\n    def total(self, v):\n        self._t = v\n\n    def post(self):\n        return 1\n";
        let got: Vec<String> = names("python", py).into_iter().map(|n| n.0).collect();
        assert_eq!(
            got,
            [
                "Invoice.total.getter",
                "Invoice.total.setter",
                "Invoice.post"
            ]
        );
        let java = "class Ledger {\n  void add(int cents) { total += cents; }\n  void add(String cents) { add(Integer.parseInt(cents)); }\n  int total() { return total; }\n}\n";
        let before: Vec<String> = names("java", java).into_iter().map(|n| n.0).collect();
        assert_eq!(
            before,
            [
                "Ledger.add(int cents)",
                "Ledger.add(String cents)",
                "Ledger.total"
            ]
        );
        // A line added above changes no name.
        let moved = format!("// Ledger of the 2009 run.\n\n{java}");
        let after: Vec<String> = names("java", &moved).into_iter().map(|n| n.0).collect();
        assert_eq!(before, after);
        let js =
            "class Cart {\n  get size() { return this.n; }\n  set size(v) { this.n = v; }\n}\n";
        let got: Vec<String> = names("javascript", js).into_iter().map(|n| n.0).collect();
        assert_eq!(got, ["Cart.size.getter", "Cart.size.setter"]);
    }

    #[test]
    fn equal_signatures_get_an_ordinal_and_nested_functions_follow_their_parent() {
        let py = "import sys\nif sys.version_info < (3,):\n    def load(path):\n        def inner():\n            return 2\n        return inner\nelse:\n    def load(path):\n        def inner():\n            return 3\n        return inner\n";
        let got: Vec<String> = names("python", py).into_iter().map(|n| n.0).collect();
        assert_eq!(got, ["load", "load.inner", "load#2", "load#2.inner"]);
    }

    #[test]
    fn every_language_counts_its_body_from_the_line_after_a_header() {
        let cases = [
            ("python", "def total(rows):\n    return len(rows)\n"),
            ("ruby", "def total(rows)\n  rows.size\nend\n"),
            (
                "javascript",
                "function total(rows) {\n  return rows.length;\n}\n",
            ),
            (
                "typescript",
                "function total(rows: number[]): number {\n  return rows.length;\n}\n",
            ),
            (
                "java",
                "class L {\n  int total(int[] rows) {\n    return rows.length;\n  }\n}\n",
            ),
            (
                "kotlin",
                "fun total(rows: List<Int>): Int {\n    return rows.size\n}\n",
            ),
            (
                "csharp",
                "class L {\n  int Total(int[] rows) {\n    return rows.Length;\n  }\n}\n",
            ),
            (
                "go",
                "package p\n\nfunc Total(rows []int) int {\n\treturn len(rows)\n}\n",
            ),
            ("c", "int total(int n)\n{\n    return n;\n}\n"),
            ("cpp", "int total(int n) {\n    return n;\n}\n"),
            (
                "rust",
                "fn total(rows: &[u32]) -> usize {\n    rows.len()\n}\n",
            ),
            (
                "php",
                "<?php\nfunction total($rows) {\n    return count($rows);\n}\n",
            ),
        ];
        for (lang, src) in cases {
            let f = measure_src(lang, src)
                .functions
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("{lang}: no function"));
            // The one statement's line: the last line holding code.
            let lines: Vec<&str> = src.lines().collect();
            let want = lines
                .iter()
                .rposition(|l| !matches!(l.trim(), "}" | "end" | ""))
                .unwrap_or(0)
                + 1;
            assert_eq!(f.body_line as usize, want, "{lang}: {f:?}");
            assert!(f.body_line > f.start_line, "{lang}: {f:?}");
        }
    }
}
