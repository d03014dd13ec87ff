//! Development aid: print the syntax tree of a file as the scanner sees it, with field names,
//! and the metrics of its functions. `cargo run --example ts_tree -- LANG FILE`.

use quarterdeck::lang;
use quarterdeck::metrics;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(lang_id), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: ts_tree LANG FILE".into());
    };
    let id = lang::by_id(lang_id).ok_or("unknown language")?;
    let r = lang::resolved(id).map_err(|e| e.to_string())?;
    let src = std::fs::read(file)?;
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&r.language)?;
    let tree = parser.parse(&src, None).ok_or("parse failed")?;
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        let field = cursor
            .field_name()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let text = if n.child_count() == 0 {
            format!(" {:?}", String::from_utf8_lossy(&src[n.byte_range()]))
        } else {
            String::new()
        };
        if n.is_named() || n.child_count() == 0 {
            println!(
                "{:indent$}{field}{}{}  [{}]{text}",
                "",
                n.kind(),
                if n.is_named() { "" } else { "(anon)" },
                n.start_position().row + 1,
                indent = depth * 2
            );
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                let m = metrics::measure(r, &tree, &src);
                println!("\nlines: {:?}", m.lines);
                for f in m.functions {
                    println!(
                        "{:>4}-{:<4} {:<40} ccn={} cog={} nloc={} params={} nest={}",
                        f.start_line,
                        f.end_line,
                        f.qualified_name,
                        f.cyclomatic,
                        f.cognitive,
                        f.nloc,
                        f.params,
                        f.max_nesting
                    );
                }
                return Ok(());
            }
            depth -= 1;
        }
    }
}
