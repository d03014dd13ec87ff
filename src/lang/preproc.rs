//! Recovery from preprocessor branches that split a statement (README, Languages): C#'s
//! `#if … #else … #endif` around some `case` labels of a switch section, or around one `else if`
//! of a chain, is no syntax the grammar can nest, and error recovery drops the decisions there.

use super::{LANGUAGES, LanguageId};

/// The text with every conditional directive line (`#if`, `#elif`, `#else`, `#endif`) replaced
/// by a `#pragma` line, which the grammar accepts between any two statements: the code of every
/// branch is then read in sequence, as a parse that succeeds reads it (each branch's decisions
/// count, as lizard counts them). Line numbers are kept. `None` when the language is not C# or
/// the text holds no conditional directive.
pub fn flatten_conditionals(id: LanguageId, src: &[u8]) -> Option<Vec<u8>> {
    if LANGUAGES[id].id != "csharp" {
        return None;
    }
    let mut out = Vec::with_capacity(src.len());
    let mut changed = false;
    for (i, line) in src.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        let t = line.trim_ascii_start();
        let directive = t.strip_prefix(b"#").map(|d| {
            let d = d.trim_ascii_start();
            let end = d
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(d.len());
            &d[..end]
        });
        match directive {
            Some(b"if" | b"elif" | b"else") => {
                out.extend_from_slice(b"#pragma warning disable");
                changed = true;
            }
            Some(b"endif") => {
                out.extend_from_slice(b"#pragma warning restore");
                changed = true;
            }
            _ => out.extend_from_slice(line),
        }
    }
    changed.then_some(out)
}

/// ERROR and MISSING nodes of a tree (to choose the better of two parses).
pub fn error_count(tree: &tree_sitter::Tree) -> usize {
    let mut count = 0;
    let mut c = tree.walk();
    loop {
        let n = c.node();
        if n.is_error() || n.is_missing() {
            count += 1;
        }
        // Only subtrees holding an error are walked.
        if n.has_error() && c.goto_first_child() {
            continue;
        }
        loop {
            if c.goto_next_sibling() {
                break;
            }
            if !c.goto_parent() {
                return count;
            }
        }
    }
}
