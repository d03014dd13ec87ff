//! Second readings of a file that did not parse cleanly (README, Languages), used when they
//! parse with fewer errors: C#'s `#if … #else … #endif` around some `case` labels of a switch
//! section or one `else if` of a chain (no syntax the grammar can nest: error recovery dropped
//! the decisions there), and C++ macro calls whose arguments hold statements (`EXPECT_THROW(throw
//! Bad(), Bad)` in a `TEST(…)` body: error recovery merged the next functions into it).

use super::{LANGUAGES, LanguageId};

/// The text to parse again after a parse with errors, or `None` when the language has no
/// second reading or the text holds nothing it would change.
pub fn recovery_text(id: LanguageId, src: &[u8]) -> Option<Vec<u8>> {
    match LANGUAGES[id].id {
        "csharp" => flatten_conditionals(id, src),
        "cpp" => blank_statement_macro_args(src),
        _ => None,
    }
}

/// Words that begin a statement: an argument list holding one is code the macro pastes into a
/// statement, not an expression the grammar can read.
const STATEMENT_WORDS: &[&[u8]] = &[
    b"throw",
    b"try",
    b"catch",
    b"if",
    b"else",
    b"for",
    b"while",
    b"do",
    b"switch",
    b"return",
    b"case",
    b"break",
    b"continue",
    b"goto",
];

/// The text with the argument list of each upper-case macro call (`EXPECT_THROW(…)`) whose
/// arguments hold a statement word replaced by spaces (line breaks kept): the call reads as a
/// call without arguments, and what the macro pastes is not measured.
fn blank_statement_macro_args(src: &[u8]) -> Option<Vec<u8>> {
    let mut out = src.to_vec();
    let mut changed = false;
    let mut i = 0;
    let mut line_start = true;
    while i < src.len() {
        let b = src[i];
        match b {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'#' if line_start => {
                // A directive line (and its continuations) is left as it is.
                while i < src.len() && !(src[i] == b'\n' && src[i - 1] != b'\\') {
                    i += 1;
                }
                continue;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                i = find(src, i + 2, b"*/").map_or(src.len(), |e| e + 2);
                continue;
            }
            b'"' | b'\'' => {
                i = skip_literal(src, i);
                continue;
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            line_start = false;
        }
        if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < src.len() && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                i += 1;
            }
            let word = &src[start..i];
            let macro_name = word.len() >= 2
                && word.iter().any(u8::is_ascii_uppercase)
                && !word.iter().any(u8::is_ascii_lowercase);
            let mut j = i;
            while j < src.len() && (src[j] == b' ' || src[j] == b'\t') {
                j += 1;
            }
            if macro_name
                && src.get(j) == Some(&b'(')
                && let Some(close) = matching_paren(src, j)
                && holds_statement_word(&src[j + 1..close])
            {
                for o in &mut out[j + 1..close] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                changed = true;
                i = close + 1;
            }
            continue;
        }
        i += 1;
    }
    changed.then_some(out)
}

fn find(src: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    src.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Index just past a string or char literal starting at `i`.
fn skip_literal(src: &[u8], i: usize) -> usize {
    let q = src[i];
    let mut k = i + 1;
    while k < src.len() && src[k] != q && src[k] != b'\n' {
        k += if src[k] == b'\\' { 2 } else { 1 };
    }
    (k + 1).min(src.len())
}

/// The `)` matching the `(` at `open`, skipping literals and comments; `None` if unbalanced.
fn matching_paren(src: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < src.len() {
        match src[k] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            b'"' | b'\'' => {
                k = skip_literal(src, k);
                continue;
            }
            b'/' if src.get(k + 1) == Some(&b'/') => {
                k = find(src, k, b"\n")?;
                continue;
            }
            b'/' if src.get(k + 1) == Some(&b'*') => {
                k = find(src, k + 2, b"*/")? + 2;
                continue;
            }
            _ => {}
        }
        k += 1;
    }
    None
}

fn holds_statement_word(args: &[u8]) -> bool {
    let mut k = 0;
    while k < args.len() {
        if args[k] == b'"' || args[k] == b'\'' {
            k = skip_literal(args, k);
            continue;
        }
        if args[k].is_ascii_alphabetic() || args[k] == b'_' {
            let s = k;
            while k < args.len() && (args[k].is_ascii_alphanumeric() || args[k] == b'_') {
                k += 1;
            }
            if STATEMENT_WORDS.contains(&&args[s..k]) {
                return true;
            }
            continue;
        }
        k += 1;
    }
    false
}

/// The text with every conditional directive line (`#if`, `#elif`, `#else`, `#endif`) replaced
/// by a `#pragma` line, which the grammar accepts between any two statements: the code of every
/// branch is then read in sequence, as a parse that succeeds reads it (each branch's decisions
/// count, as lizard counts them). Line numbers are kept. `None` when the language is not C# or
/// the text holds no conditional directive.
fn flatten_conditionals(id: LanguageId, src: &[u8]) -> Option<Vec<u8>> {
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

/// How much of a tree its syntax errors cover, to choose the better of two readings: the bytes
/// inside ERROR nodes plus one per ERROR or MISSING node.
pub fn error_weight(tree: &tree_sitter::Tree) -> usize {
    let mut count = 0;
    let mut c = tree.walk();
    loop {
        let n = c.node();
        if n.is_error() {
            count += 1 + n.byte_range().len();
            // Nothing inside an ERROR counts twice.
            while !c.goto_next_sibling() {
                if !c.goto_parent() {
                    return count;
                }
            }
            continue;
        }
        if n.is_missing() {
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
