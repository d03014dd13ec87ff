//! JSON documents with positions: serde_json reads the values, a small scanner over the same
//! (already validated) text finds where each object member starts.

use super::super::ParseProblem;
use super::{Src, problem};
use serde_json::Value;

/// One member of a JSON object: its key and where the key and the value start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub key_offset: usize,
    pub value_offset: usize,
}

/// Parses a whole JSON document; a syntax error names its line and column.
pub fn parse(path: &str, text: &str) -> Result<Value, ParseProblem> {
    serde_json::from_str(text).map_err(|e| {
        let line = u32::try_from(e.line()).unwrap_or(0);
        problem(path, line, format!("invalid JSON: {e}"))
    })
}

/// Offset of the document's top-level value.
pub fn root(text: &str) -> usize {
    skip_ws(text.as_bytes(), 0)
}

/// 1-based line of an offset.
pub fn line(src: &Src, offset: usize) -> u32 {
    src.line(offset)
}

/// The members of the object whose `{` is at `start` (after optional whitespace), in text
/// order (empty when it is not an object).
pub fn members(text: &str, start: usize) -> Vec<Member> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let start = skip_ws(b, start);
    if b.get(start) != Some(&b'{') {
        return out;
    }
    let mut i = start + 1;
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            Some(b'"') => {}
            Some(b',') => {
                i += 1;
                continue;
            }
            _ => return out,
        }
        let key_offset = i;
        let key_end = skip_string(b, i);
        let key = text
            .get(key_offset..key_end)
            .and_then(|raw| serde_json::from_str::<String>(raw).ok())
            .unwrap_or_default();
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return out;
        }
        let value_offset = skip_ws(b, i + 1);
        out.push(Member {
            key,
            key_offset,
            value_offset,
        });
        i = skip_value(b, value_offset);
    }
}

/// The start offsets of the elements of the array whose `[` is at `start` (after optional
/// whitespace); empty when it is not an array.
pub fn elements(text: &str, start: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = skip_ws(b, start);
    if b.get(i) != Some(&b'[') {
        return out;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if i >= b.len() || b[i] == b']' {
            return out;
        }
        out.push(i);
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) != Some(&b',') {
            return out;
        }
        i += 1;
    }
}

/// The member `key` of the object at `start`.
pub fn member(text: &str, start: usize, key: &str) -> Option<Member> {
    members(text, start).into_iter().find(|m| m.key == key)
}

/// Follows a path of keys from the object at `start` (an empty path gives `start`).
pub fn offset_of(text: &str, start: usize, keys: &[&str]) -> Option<usize> {
    keys.iter().try_fold(start, |at, key| {
        member(text, at, key).map(|m| m.value_offset)
    })
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just past the string starting at `i` (a `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The offset just past the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        Some(_) => {
            let mut j = i;
            while let Some(&c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            j
        }
        None => b.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"name\": \"ledger\",\n  \"deps\": {\"a\": {\"deps\": {\"b\": 1}}, \"b\": [1, \"}\"]},\n  \"esc\\\"aped\": true\n}\n";

    #[test]
    fn members_skip_nested_values() {
        let keys: Vec<String> = members(DOC, root(DOC)).into_iter().map(|m| m.key).collect();
        assert_eq!(keys, vec!["name", "deps", "esc\"aped"]);
        let deps = offset_of(DOC, root(DOC), &["deps"]).unwrap_or(0);
        let inner: Vec<(String, u32)> = members(DOC, deps)
            .into_iter()
            .map(|m| (m.key, line(&Src::new(DOC), m.key_offset)))
            .collect();
        assert_eq!(inner, vec![("a".to_string(), 3), ("b".to_string(), 3)]);
        let b = offset_of(DOC, root(DOC), &["deps", "a", "deps", "b"]);
        assert_eq!(b.and_then(|o| DOC.get(o..o + 1)), Some("1"));
        assert_eq!(offset_of(DOC, root(DOC), &["name", "x"]), None);
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let err = parse("package-lock.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
        let Err(p) = err else {
            panic!("expected a problem");
        };
        assert_eq!(p.line, 3);
        assert_eq!(p.message, "invalid JSON: expected `:` at line 3 column 7");
    }

    #[test]
    fn offsets_of_members_and_elements() {
        let t = r#"{ "a": [1, {"x": "}"}, "s\"]"], "b\/c": {"d": null}, "e": true }"#;
        let m = members(t, 0);
        let keys: Vec<&str> = m.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, vec!["a", "b/c", "e"]);
        assert_eq!(&t[m[0].key_offset..m[0].key_offset + 3], "\"a\"");
        assert_eq!(&t[m[1].value_offset..m[1].value_offset + 1], "{");
        let e = elements(t, m[0].value_offset);
        assert_eq!(e.len(), 3);
        assert_eq!(&t[e[1]..e[1] + 5], "{\"x\":");
        assert_eq!(&t[e[2]..e[2] + 2], "\"s");
        assert_eq!(
            member(t, m[1].value_offset, "d").map(|m| m.key),
            Some("d".into())
        );
        assert_eq!(elements(t, m[2].value_offset), Vec::<usize>::new());
        assert_eq!(members("[]", 0), vec![]);
    }
}
