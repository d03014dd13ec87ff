//! Pattern root kinds: which node kinds each query pattern can start at, read from the pattern
//! text, so query rules run only at those nodes instead of a full query-cursor pass.

use tree_sitter::{Language, Query};

/// Per kind id, whether some pattern is rooted at it; `None` if any pattern is not rooted at
/// one named kind (wildcards, anonymous tokens, sibling sequences, supertypes).
pub fn root_kinds(language: &Language, query: &Query, text: &str) -> Option<Vec<bool>> {
    let count = language.node_kind_count();
    let mut roots = vec![false; count];
    for i in 0..query.pattern_count() {
        if !query.is_pattern_rooted(i) {
            return None;
        }
        let start = query.start_byte_for_pattern(i);
        let end = query.end_byte_for_pattern(i).min(text.len());
        for name in pattern_roots(text.get(start..end)?)? {
            let mut found = false;
            for id in 0..count as u16 {
                if language.node_kind_is_named(id) && language.node_kind_for_id(id) == Some(name) {
                    if language.node_kind_is_supertype(id) {
                        return None;
                    }
                    roots[usize::from(id)] = true;
                    found = true;
                }
            }
            if !found {
                return None;
            }
        }
    }
    Some(roots)
}

/// The root node kinds of one pattern's text: `(kind ...)`, `((kind ...) @c (#p))`, or an
/// alternation `[(a) (b)]` of those; `None` for anything else.
fn pattern_roots(pattern: &str) -> Option<Vec<&str>> {
    let p = skip_space(pattern);
    if let Some(rest) = p.strip_prefix('[') {
        let mut out = Vec::new();
        let mut rest = skip_space(rest);
        while !rest.starts_with(']') {
            let (roots, after) = node_roots(rest)?;
            out.extend(roots);
            rest = skip_suffixes(after);
        }
        return Some(out);
    }
    node_roots(p).map(|(r, _)| r)
}

/// Roots of the node pattern at the start of `p`, and the text after it.
fn node_roots(p: &str) -> Option<(Vec<&str>, &str)> {
    let inner = skip_space(p.strip_prefix('(')?);
    if inner.starts_with('(') || inner.starts_with('[') {
        // A grouping: its first element is the root (is_pattern_rooted excludes sequences).
        let roots = pattern_roots(inner)?;
        return Some((roots, skip_balanced(p)?));
    }
    let len = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let name = &inner[..len];
    if name.is_empty() || name == "_" {
        return None;
    }
    Some((vec![name], skip_balanced(p)?))
}

/// Skip the quantifiers and `@capture` names that may follow a node pattern.
fn skip_suffixes(s: &str) -> &str {
    let mut s = skip_space(s);
    loop {
        if let Some(rest) = s.strip_prefix(['*', '+', '?']) {
            s = skip_space(rest);
        } else if let Some(rest) = s.strip_prefix('@') {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .unwrap_or(rest.len());
            s = skip_space(&rest[len..]);
        } else {
            return s;
        }
    }
}

fn skip_space(s: &str) -> &str {
    let mut s = s.trim_start();
    while s.starts_with(';') {
        s = s.find('\n').map_or("", |i| &s[i + 1..]).trim_start();
    }
    s
}

/// The text after the parenthesised (or bracketed) group at the start of `s`, strings and
/// comments respected; then any quantifier, capture names and field-less suffixes are left.
fn skip_balanced(s: &str) -> Option<&str> {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for (i, c) in s.char_indices() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ';' => in_comment = true,
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[i + 1..]);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_roots_reads_plain_grouped_and_alternative_patterns() {
        assert_eq!(
            pattern_roots("(goto_statement) @match"),
            Some(vec!["goto_statement"])
        );
        assert_eq!(
            pattern_roots("((comment) @match (#match? @match \"a(b\"))"),
            Some(vec!["comment"])
        );
        assert_eq!(
            pattern_roots(
                "; lead\n([(line_comment) (block_comment) @c] @match (#eq? @match \"x\"))"
            ),
            Some(vec!["line_comment", "block_comment"])
        );
        assert_eq!(
            pattern_roots("(call function: (identifier) @f (#eq? @f \")\")) @match"),
            Some(vec!["call"])
        );
        assert_eq!(pattern_roots("(_) @match"), None);
        assert_eq!(pattern_roots("\"goto\" @match"), None);
        assert_eq!(pattern_roots("[\"a\" (b)] @match"), None);
    }

    #[test]
    fn every_builtin_query_runs_on_known_root_kinds() {
        let set = crate::rules::RuleSet::builtin().unwrap();
        for (i, spec) in crate::lang::LANGUAGES.iter().enumerate() {
            if let Some(q) = set.queries(i) {
                assert!(
                    q.roots().is_some(),
                    "{}: a pattern without a root kind",
                    spec.id
                );
            }
        }
    }
}
