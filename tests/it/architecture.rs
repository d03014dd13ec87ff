//! The layers of docs/architecture.md, checked on the source: every `crate::MODULE` path in a file
//! under src/ is an import of the top-level module MODULE by the file's own top-level module. No
//! two top-level modules may import each other (directly or round a longer cycle), and a module
//! imports only modules of a lower layer. Unit tests count: a test that needs a higher layer
//! lives in that layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first (docs/architecture.md "Layers"). Modules of one layer do not import
/// each other.
const LAYERS: &[&[&str]] = &[
    &["util", "problem"],
    &["model"],
    &["lang"],
    &["metrics"],
    &["config"],
    &["tests_evidence", "history", "deps"],
    &["rules"],
    &["scan"],
    &["snapshot"],
    &["audit"],
    &["report"],
    &["cli"],
    &["commands"],
];

/// The crate roots, which declare the modules and import nothing by `crate::` paths.
const ROOTS: &[&str] = &["lib", "main"];

/// One import: from which file, of which top-level module.
struct Edge {
    file: String,
    line: usize,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of a file: `src/scan/file.rs` and `src/scan.rs` are both `scan`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// The modules a source text names by `crate::MODULE`, with their 1-based lines; comment lines
/// (`//`, `///`, `//!`) and the part of a line after `//` are left out.
fn imports(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            // `quarterdeck::crate::` cannot occur, but `my_crate::x` must not count.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((name, i + 1));
            }
        }
    }
    found
}

/// module -> imported module -> the imports (first few kept for the message).
type Graph = BTreeMap<String, BTreeMap<String, Vec<Edge>>>;

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "src/ holds the crate's files");
    let mut g = Graph::new();
    for file in files {
        let from = top_module(&src, &file);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let shown = file
            .strip_prefix(src.parent().expect("manifest dir"))
            .expect("under the manifest dir")
            .display()
            .to_string();
        g.entry(from.clone()).or_default();
        for (to, line) in imports(&text) {
            if to == from {
                continue;
            }
            g.entry(from.clone())
                .or_default()
                .entry(to)
                .or_default()
                .push(Edge {
                    file: shown.clone(),
                    line,
                });
        }
    }
    g
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let targets: Vec<&'a str> =
            s.g.get(v)
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
        for w in targets {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = s.stack.pop().expect("on the stack");
                s.on_stack.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn describe(edges: &[Edge]) -> String {
    let mut shown: Vec<String> = edges
        .iter()
        .take(3)
        .map(|e| format!("{}:{}", e.file, e.line))
        .collect();
    if edges.len() > 3 {
        shown.push(format!("and {} more", edges.len() - 3));
    }
    shown.join(", ")
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let g = graph();
    let mut messages = Vec::new();
    for comp in cycles(&g) {
        let mut lines = vec![format!("import cycle between {}:", comp.join(", "))];
        for from in &comp {
            for (to, edges) in &g[from] {
                if comp.contains(to) {
                    lines.push(format!("  {from} -> {to}: {}", describe(edges)));
                }
            }
        }
        messages.push(lines.join("\n"));
    }
    assert!(messages.is_empty(), "{}", messages.join("\n"));
}

#[test]
fn every_import_runs_down_the_layers() {
    let g = graph();
    let mut messages = Vec::new();
    for (from, targets) in &g {
        if ROOTS.contains(&from.as_str()) {
            continue;
        }
        let Some(lf) = layer_of(from) else {
            messages.push(format!(
                "module `{from}` is in no layer: add it to LAYERS here and to docs/architecture.md"
            ));
            continue;
        };
        for (to, edges) in targets {
            match layer_of(to) {
                None => messages.push(format!(
                    "`{from}` imports `{to}`, which is in no layer ({})",
                    describe(edges)
                )),
                Some(lt) if lt >= lf => messages.push(format!(
                    "`{from}` (layer {lf}) imports `{to}` (layer {lt}), which is not below it: {}",
                    describe(edges)
                )),
                Some(_) => {}
            }
        }
    }
    assert!(messages.is_empty(), "{}", messages.join("\n"));
}

#[test]
fn the_checks_see_an_upward_import_and_a_cycle() {
    // The reader itself: a comment does not count, a path in code does, once per occurrence.
    let text = "// crate::scan in a comment\nuse crate::model::FileReport; // crate::rules\nfn f() { crate::util::cancel::cancelled(); my_crate::x(); }\n";
    let found = imports(text);
    assert_eq!(
        found,
        [("model".to_string(), 2), ("util".to_string(), 3)],
        "{found:?}"
    );
    // A two-module loop is reported, a chain is not.
    let mut g = Graph::new();
    let edge = || {
        vec![Edge {
            file: "src/a.rs".into(),
            line: 1,
        }]
    };
    g.entry("a".into()).or_default().insert("b".into(), edge());
    g.entry("b".into()).or_default().insert("c".into(), edge());
    assert!(cycles(&g).is_empty());
    g.entry("c".into()).or_default().insert("a".into(), edge());
    assert_eq!(cycles(&g), [vec!["a", "b", "c"]]);
    assert!(layer_of("model") < layer_of("scan"));
}
