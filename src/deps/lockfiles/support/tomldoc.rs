//! TOML documents with positions, through `toml`'s spanned `DeTable`: typed getters and the
//! line of any key or value.

use super::super::ParseProblem;
use super::{Src, problem};
use crate::util::text::line_of_offset;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Table<'a> = DeTable<'a>;
pub type Item<'a> = Spanned<DeValue<'a>>;

/// Parses a whole TOML document; a syntax error gives one problem with its line and column.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<Table<'a>, ParseProblem> {
    DeTable::parse(text).map(Spanned::into_inner).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let line = e.span().map_or(0, |_| line_of_offset(text, offset));
        let column = column_of(text, offset);
        let what = e.message().trim().to_string();
        let message = if line == 0 {
            format!("invalid TOML: {what}")
        } else {
            format!("invalid TOML at line {line} column {column}: {what}")
        };
        problem(path, line, message)
    })
}

fn column_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(start..offset).map_or(0, |t| t.chars().count()) + 1
}

/// 1-based line of an item's start.
pub fn line(src: &Src, item: &Item) -> u32 {
    src.line(item.span().start)
}

pub fn get<'t, 'a>(table: &'t Table<'a>, key: &str) -> Option<&'t Item<'a>> {
    table.get(key)
}

/// The line of `key` itself in `table`.
pub fn key_line(src: &Src, table: &Table, key: &str) -> Option<u32> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, _)| src.line(k.span().start))
}

/// The entries of a table with each key's line, in text order.
pub fn entries<'t, 'a>(src: &Src, table: &'t Table<'a>) -> Vec<(&'t str, u32, &'t Item<'a>)> {
    let mut out: Vec<(&str, u32, &Item)> = table
        .iter()
        .map(|(k, v)| (k.get_ref().as_ref(), src.line(k.span().start), v))
        .collect();
    out.sort_by_key(|&(k, line, _)| (line, k));
    out
}

pub fn as_str<'t>(item: &'t Item) -> Option<&'t str> {
    item.get_ref().as_str()
}

pub fn as_table<'t, 'a>(item: &'t Item<'a>) -> Option<&'t Table<'a>> {
    item.get_ref().as_table()
}

pub fn as_array<'t, 'a>(item: &'t Item<'a>) -> Option<&'t [Item<'a>]> {
    item.get_ref().as_array().map(|a| &a[..])
}

pub fn get_str<'t>(table: &'t Table, key: &str) -> Option<&'t str> {
    get(table, key).and_then(as_str)
}

pub fn get_table<'t, 'a>(table: &'t Table<'a>, key: &str) -> Option<&'t Table<'a>> {
    get(table, key).and_then(as_table)
}

pub fn get_array<'t, 'a>(table: &'t Table<'a>, key: &str) -> Option<&'t [Item<'a>]> {
    get(table, key).and_then(as_array)
}

pub fn get_bool(table: &Table, key: &str) -> Option<bool> {
    get(table, key).and_then(|v| v.get_ref().as_bool())
}

/// A short name of an item's type, for problem messages.
pub fn type_name(item: &Item) -> &'static str {
    item.get_ref().type_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "version = 3\n\n[[package]]\nname = \"ledger-core\"\nversion = \"0.4.1\"\n\n[[package]]\nname = \"serde\"\ndeps = [\"a\",\n  \"b\"]\n";

    #[test]
    fn values_and_lines() {
        let src = &Src::new(DOC);
        let Ok(doc) = parse("Cargo.lock", DOC) else {
            panic!("fixture parses");
        };
        let pkgs = get_array(&doc, "package").unwrap_or(&[]);
        assert_eq!(pkgs.len(), 2);
        let second = as_table(&pkgs[1]).map(|t| {
            let deps: Vec<u32> = get_array(t, "deps")
                .unwrap_or(&[])
                .iter()
                .map(|d| line(src, d))
                .collect();
            (get_str(t, "name"), key_line(src, t, "name"), deps)
        });
        assert_eq!(second, Some((Some("serde"), Some(8), vec![9, 10])));
        let keys: Vec<(&str, u32)> = entries(src, &doc)
            .into_iter()
            .map(|(k, l, _)| (k, l))
            .collect();
        assert_eq!(keys, vec![("version", 1), ("package", 3)]);
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse("Cargo.lock", "[[package]]\nname = \"a\"\nversion = 0.4.\n");
        let Err(p) = err else {
            panic!("expected a problem");
        };
        assert_eq!((p.path.as_str(), p.line), ("Cargo.lock", 3));
        assert_eq!(
            p.message,
            "invalid TOML at line 3 column 14: invalid float, expected nothing"
        );
    }

    /// Deep arrays, inline tables and dotted keys cannot overflow the stack: `toml` refuses
    /// nesting beyond its recursion limit before building anything, and the refusal is a
    /// problem like any syntax error (README "Security").
    #[test]
    fn deep_nesting_is_a_problem_not_a_crash() {
        let n = 200_000;
        let arrays = format!("a = {}{}\n", "[".repeat(n), "]".repeat(n));
        let tables = format!("a = {}1{}\n", "{ b = ".repeat(n), " }".repeat(n));
        let dotted = format!("{} = 1\n", vec!["k"; n].join("."));
        let header = format!("[{}]\nx = 1\n", vec!["t"; n].join("."));
        for hostile in [arrays, tables, dotted, header] {
            let Err(p) = parse("Cargo.lock", &hostile) else {
                panic!("a hostile document was read");
            };
            assert!(p.message.starts_with("invalid TOML"), "{}", p.message);
        }
    }
}
