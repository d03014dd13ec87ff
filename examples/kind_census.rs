//! Development aid: which node kinds a language's files are made of, by node count (the walk's
//! cost), to choose a row's `opaque` kinds. `cargo run --release --example kind_census -- LANG ROOT`.

use std::collections::HashMap;

use quarterdeck::lang;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(lang_id), Some(root)) = (args.get(1), args.get(2)) else {
        return Err("usage: kind_census LANG ROOT".into());
    };
    let id = lang::by_id(lang_id).ok_or("unknown language")?;
    let r = lang::resolved(id).map_err(|e| e.to_string())?;
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&r.language)?;
    // Nodes per kind, and nodes in the subtrees of each kind (what skipping it would save).
    let mut own: HashMap<&'static str, u64> = HashMap::new();
    let mut below: HashMap<&'static str, u64> = HashMap::new();
    let mut total = 0u64;
    for entry in ignore::Walk::new(root).flatten() {
        if lang::detect_path(entry.path()) != Some(id) {
            continue;
        }
        let Ok(src) = std::fs::read(entry.path()) else {
            continue;
        };
        let Some(tree) = parser.parse(&src, None) else {
            continue;
        };
        let kind = |n: tree_sitter::Node| r.language.node_kind_for_id(n.kind_id()).unwrap_or("?");
        let mut c = tree.walk();
        let mut stack: Vec<(&'static str, u64)> = Vec::new();
        loop {
            let n = c.node();
            total += 1;
            *own.entry(kind(n)).or_default() += 1;
            for (_, count) in stack.iter_mut() {
                *count += 1;
            }
            if c.goto_first_child() {
                stack.push((kind(n), 0));
                continue;
            }
            loop {
                if c.goto_next_sibling() {
                    break;
                }
                if !c.goto_parent() {
                    break;
                }
                if let Some((k, count)) = stack.pop() {
                    *below.entry(k).or_default() += count;
                }
            }
            if stack.is_empty() && c.node().parent().is_none() {
                break;
            }
        }
    }
    let mut rows: Vec<_> = below.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!("{total} nodes; kinds by nodes below them (share of all nodes):");
    for (k, n) in rows.iter().take(40) {
        println!(
            "{:>6.2}%  {:>9}  {k}  (own {})",
            100.0 * *n as f64 / total as f64,
            n,
            own.get(k).unwrap_or(&0)
        );
    }
    Ok(())
}
