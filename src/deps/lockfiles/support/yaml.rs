//! YAML documents with positions, through saphyr's `MarkedYaml`: mapping lookups, scalar text
//! as written, and the line of any node.

use super::super::ParseProblem;
use super::problem;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

pub type Node<'a> = MarkedYaml<'a>;

/// The deepest nesting a YAML document may have (README "Security": checked before the parser
/// sees the input, so that a hostile document cannot overflow the stack). Lockfiles nest a few
/// levels.
pub const MAX_NESTING: usize = 256;

/// A document's text, with a table from character to byte offsets when it is not ASCII
/// (saphyr's spans count characters), so that each scalar's text is found in constant time.
pub struct Source<'a> {
    text: &'a str,
    /// The byte offset of every `MARK_EVERY`th character; empty for ASCII text.
    marks: Vec<usize>,
}

const MARK_EVERY: usize = 32;

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let marks = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(MARK_EVERY)
                .map(|(b, _)| b)
                .collect()
        };
        Source { text, marks }
    }

    /// The byte offset of character `index` (the end of the text past its last character).
    fn byte(&self, index: usize) -> Option<usize> {
        if self.marks.is_empty() {
            return (index <= self.text.len()).then_some(index);
        }
        let from = *self.marks.get(index / MARK_EVERY)?;
        let rest = self.text.get(from..)?;
        match rest.char_indices().nth(index % MARK_EVERY) {
            Some((b, _)) => Some(from + b),
            None => Some(self.text.len()),
        }
    }
}

impl std::ops::Deref for Source<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

/// How deep `text` nests, counted generously: per line, its indentation plus the block
/// sequence or key indicators that open it (`- - - x`), plus the flow brackets still open.
/// Quoted text and comments do not count.
pub fn nesting(text: &str) -> usize {
    let mut deepest = 0usize;
    let mut flow = 0usize;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut rest = &line[indent..];
        let mut opening = 0;
        while let Some(r) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix("? "))
            .or_else(|| (rest == "-").then_some(""))
        {
            opening += 1;
            rest = r.trim_start_matches(' ');
        }
        let mut quote: Option<char> = None;
        for c in rest.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    deepest = deepest.max(indent + opening + flow);
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        deepest = deepest.max(indent + opening + flow);
    }
    deepest
}

/// Parses the first document of a YAML stream (an empty stream gives `None`); a syntax error
/// gives one problem with its line and column, and a document nested deeper than
/// [`MAX_NESTING`] is refused before it is parsed.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<Option<Node<'a>>, ParseProblem> {
    let depth = nesting(text);
    if depth > MAX_NESTING {
        return Err(problem(
            path,
            0,
            format!("YAML nested deeper than {MAX_NESTING} levels (about {depth}); not read"),
        ));
    }
    match MarkedYaml::load_from_str(text) {
        Ok(docs) => Ok(docs.into_iter().next()),
        Err(e) => {
            let m = e.marker();
            let line = u32::try_from(m.line()).unwrap_or(0);
            Err(problem(
                path,
                line,
                format!(
                    "invalid YAML at line {} column {}: {}",
                    m.line(),
                    m.col() + 1,
                    e.info()
                ),
            ))
        }
    }
}

/// 1-based line where a node starts.
pub fn line(node: &Node) -> u32 {
    u32::try_from(node.span.start.line()).unwrap_or(0)
}

/// The entries of a mapping node, in document order (empty for any other node).
pub fn entries<'n, 'a>(node: &'n Node<'a>) -> Vec<(&'n Node<'a>, &'n Node<'a>)> {
    match &node.data {
        YamlData::Mapping(map) => map.iter().collect(),
        _ => Vec::new(),
    }
}

/// The value of `key` in a mapping node.
pub fn get<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    entries(node)
        .into_iter()
        .find(|(k, _)| k.data.as_str() == Some(key))
        .map(|(_, v)| v)
}

/// The items of a sequence node (empty for any other node).
pub fn items<'n, 'a>(node: &'n Node<'a>) -> &'n [Node<'a>] {
    match &node.data {
        YamlData::Sequence(seq) => seq,
        _ => &[],
    }
}

pub fn is_mapping(node: &Node) -> bool {
    matches!(node.data, YamlData::Mapping(_))
}

/// A scalar's text: strings as they are, numbers and booleans as written in `source` (so a
/// version `1.10` stays `1.10`); `None` for null and for collections.
pub fn text(node: &Node, source: &Source) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Null) | YamlData::Mapping(_) | YamlData::Sequence(_) => None,
        YamlData::Value(_) => raw(node, source),
        _ => None,
    }
}

/// The source text of a node's span (spans count characters, not bytes).
fn raw(node: &Node, source: &Source) -> Option<String> {
    let start = source.byte(node.span.start.index())?;
    let end = source.byte(node.span.end.index())?;
    Some(source.text.get(start..end)?.trim().to_string())
}

/// The text of `key`'s scalar value in a mapping node.
pub fn get_text(node: &Node, key: &str, source: &Source) -> Option<String> {
    get(node, key).and_then(|v| text(v, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "lockfileVersion: 5.4\n\npackages:\n  /lodash/4.17.21:\n    resolution: {integrity: sha512-x}\n    dev: false\n  \"@acme/ui@1.10\":\n    version: 1.10\n";

    #[test]
    fn lines_and_text_as_written() {
        let src = &Source::new(DOC);
        let Ok(Some(doc)) = parse("pnpm-lock.yaml", DOC) else {
            panic!("fixture parses");
        };
        assert_eq!(
            get_text(&doc, "lockfileVersion", src).as_deref(),
            Some("5.4")
        );
        let pkgs = get(&doc, "packages");
        let keys: Vec<(Option<String>, u32)> = pkgs
            .map(entries)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, _)| (text(k, src), line(k)))
            .collect();
        assert_eq!(
            keys,
            vec![
                (Some("/lodash/4.17.21".to_string()), 4),
                (Some("@acme/ui@1.10".to_string()), 7)
            ]
        );
        let ui = pkgs.and_then(|p| get(p, "@acme/ui@1.10"));
        assert_eq!(
            ui.and_then(|u| get_text(u, "version", src)).as_deref(),
            Some("1.10")
        );
        let lodash = pkgs.and_then(|p| get(p, "/lodash/4.17.21"));
        assert_eq!(
            lodash.and_then(|l| get_text(l, "dev", src)).as_deref(),
            Some("false")
        );
        assert!(items(&doc).is_empty());
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse(
            "yarn.lock",
            "__metadata:\n  version: 6\n  bad: [1, 2\nnext: 1\n",
        );
        let Err(p) = err else {
            panic!("expected a problem");
        };
        assert_eq!(p.line, 4);
        assert_eq!(
            p.message,
            "invalid YAML at line 4 column 5: illegal placement of ':' indicator"
        );
    }

    #[test]
    fn numbers_in_a_non_ascii_document_keep_their_text() {
        let doc_text = "name: caf\u{e9}-ledger\nversions:\n  \u{e9}t\u{e9}: 1.10\n  z: 2.0\n";
        let src = &Source::new(doc_text);
        let Ok(Some(doc)) = parse("x.yaml", doc_text) else {
            panic!("parses");
        };
        let v = get(&doc, "versions");
        assert_eq!(
            v.and_then(|v| get_text(v, "\u{e9}t\u{e9}", src)).as_deref(),
            Some("1.10")
        );
        assert_eq!(
            v.and_then(|v| get_text(v, "z", src)).as_deref(),
            Some("2.0")
        );
    }

    /// 20,000 numeric values after a non-ASCII line: each value's text is found from the
    /// offset table (counted here), not by counting characters from the start every time.
    #[test]
    fn many_numeric_values_in_a_non_ascii_document_are_linear() {
        let mut doc_text = String::from("# r\u{e9}sum\u{e9}\npackages:\n");
        for i in 0..20_000 {
            doc_text.push_str(&format!("  p{i}: {i}.{i}\n"));
        }
        let src = &Source::new(&doc_text);
        // One mark per 32 characters: the table is linear in the text.
        assert!(src.marks.len() <= doc_text.len() / MARK_EVERY + 1);
        let Ok(Some(doc)) = parse("pnpm-lock.yaml", &doc_text) else {
            panic!("parses");
        };
        let started = std::time::Instant::now();
        let pkgs = get(&doc, "packages").map(entries).unwrap_or_default();
        let texts: Vec<String> = pkgs.iter().filter_map(|(_, v)| text(v, src)).collect();
        assert_eq!(texts.len(), 20_000);
        assert_eq!(texts[19_999], "19999.19999");
        // Quadratic, this took minutes; linear, well under a second even unoptimised.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        // One line of a million nested block sequences, and deep flow collections.
        let dashes = "- ".repeat(1_000_000) + "x\n";
        let flows = "a: ".to_string() + &"[".repeat(100_000) + &"]".repeat(100_000) + "\n";
        let indented: String = (0..400)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        for hostile in [dashes, flows, indented] {
            let Err(p) = parse("pnpm-lock.yaml", &hostile) else {
                panic!("a hostile document was parsed");
            };
            assert!(
                p.message.starts_with("YAML nested deeper than 256 levels"),
                "{}",
                p.message
            );
        }
        // Brackets in quotes and comments do not count; real nesting is far below the limit.
        let quoted = format!(
            "a: \"{}\" # {}\nb:\n  - [1, {{c: 2}}]\n",
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(nesting(&quoted) < 10);
        assert!(parse("x.yaml", &quoted).is_ok());
    }
}
