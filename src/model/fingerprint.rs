//! Finding fingerprints (README "Quarter over quarter"): a hash that survives line shifts and unrelated
//! edits, built from rule, path, symbol, normalised matched text and occurrence, never a line.

use sha2::{Digest, Sha256};

/// Collapse every run of whitespace to one space and trim the ends.
pub fn normalise_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The fingerprint's text part for a matched text: a short digest of its normalised form.
pub fn text_key(text: &str) -> String {
    let digest = Sha256::digest(normalise_whitespace(text).as_bytes());
    hex(&digest[..8])
}

/// A qualified name without the `@LINE` suffixes of anonymous functions (`<anonymous>@12`).
pub fn stable_symbol(symbol: &str) -> String {
    let mut out = String::with_capacity(symbol.len());
    let mut rest = symbol;
    while let Some(i) = rest.find("<anonymous>@") {
        let end = i + "<anonymous>".len();
        out.push_str(&rest[..end]);
        let digits = rest[end + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - end - 1);
        rest = &rest[end + 1 + digits..];
    }
    out.push_str(rest);
    out
}

/// The fingerprint of a finding: rule id, path, stable enclosing symbol, text key and the
/// occurrence index among findings equal in all of these within the file.
pub fn fingerprint(rule: &str, path: &str, symbol: &str, key: &str, occurrence: usize) -> String {
    let mut h = Sha256::new();
    for part in [rule, path, &stable_symbol(symbol), key] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.update(occurrence.to_string().as_bytes());
    hex(&h.finalize()[..16])
}

/// SHA-256 of `bytes` as lowercase hex (file digests).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_line_suffixes_are_dropped() {
        assert_eq!(stable_symbol("<anonymous>@12"), "<anonymous>");
        assert_eq!(
            stable_symbol("Cart.<anonymous>@3.<anonymous>@40"),
            "Cart.<anonymous>.<anonymous>"
        );
        assert_eq!(stable_symbol("Cart.total"), "Cart.total");
        assert_eq!(stable_symbol("x.<anonymous>@"), "x.<anonymous>");
    }

    #[test]
    fn whitespace_does_not_change_the_text_key() {
        assert_eq!(
            text_key("catch (Exception e) {\n  }"),
            text_key("catch  (Exception e)   { }")
        );
        assert_ne!(
            text_key("catch (Exception e) {}"),
            text_key("catch (Error e) {}")
        );
    }

    #[test]
    fn every_part_counts_and_lines_do_not_exist() {
        let base = fingerprint("r/a", "src/a.py", "f", "k", 0);
        assert_eq!(base.len(), 32);
        assert_ne!(base, fingerprint("r/b", "src/a.py", "f", "k", 0));
        assert_ne!(base, fingerprint("r/a", "src/b.py", "f", "k", 0));
        assert_ne!(base, fingerprint("r/a", "src/a.py", "g", "k", 0));
        assert_ne!(base, fingerprint("r/a", "src/a.py", "f", "j", 0));
        assert_ne!(base, fingerprint("r/a", "src/a.py", "f", "k", 1));
        assert_eq!(
            fingerprint("r/a", "a", "<anonymous>@3", "", 0),
            fingerprint("r/a", "a", "<anonymous>@90", "", 0)
        );
    }
}
