//! Byte offsets of JSON object members and array elements, for the JSON lockfiles whose values
//! serde reads without positions; lenient (the text is validated by serde_json first).

/// One member of an object: its key and where the key and the value start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub key: String,
    pub key_offset: usize,
    pub value_offset: usize,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The offset just after the string starting at `i` (which holds `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The offset just after the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
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
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

/// The members of the object whose `{` is at `offset` (after optional whitespace).
pub(crate) fn members(text: &str, offset: usize) -> Vec<Member> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = skip_ws(b, offset);
    if b.get(i) != Some(&b'{') {
        return out;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return out; // `}` or malformed
        }
        let key_offset = i;
        let end = skip_string(b, i);
        let raw = text.get(key_offset..end).unwrap_or("\"\"");
        let key = if raw.contains('\\') {
            serde_json::from_str::<String>(raw).unwrap_or_default()
        } else {
            raw.trim_matches('"').to_string()
        };
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return out;
        }
        let value_offset = skip_ws(b, i + 1);
        out.push(Member {
            key,
            key_offset,
            value_offset,
        });
        i = skip_ws(b, skip_value(b, value_offset));
        if b.get(i) != Some(&b',') {
            return out;
        }
        i += 1;
    }
}

/// The start offsets of the elements of the array whose `[` is at `offset`.
pub(crate) fn elements(text: &str, offset: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = skip_ws(b, offset);
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

/// The value offset of `key` among the members of the object at `offset`.
pub(crate) fn member(text: &str, offset: usize, key: &str) -> Option<Member> {
    members(text, offset).into_iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

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
