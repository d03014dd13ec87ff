//! YAML documents with positions, through saphyr's `MarkedYaml`: mapping lookups, scalar text
//! as written, and the line of any node.

use super::super::ParseProblem;
use super::problem;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

pub type Node<'a> = MarkedYaml<'a>;

/// Parses the first document of a YAML stream (an empty stream gives `None`); a syntax error
/// gives one problem with its line and column.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<Option<Node<'a>>, ParseProblem> {
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
pub fn text(node: &Node, source: &str) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Null) | YamlData::Mapping(_) | YamlData::Sequence(_) => None,
        YamlData::Value(_) => raw(node, source),
        _ => None,
    }
}

/// The source text of a node's span (spans count characters, not bytes).
fn raw(node: &Node, source: &str) -> Option<String> {
    let (start, end) = (node.span.start.index(), node.span.end.index());
    let slice = if source.is_ascii() {
        source.get(start..end)?.to_string()
    } else {
        source
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    };
    Some(slice.trim().to_string())
}

/// The text of `key`'s scalar value in a mapping node.
pub fn get_text(node: &Node, key: &str, source: &str) -> Option<String> {
    get(node, key).and_then(|v| text(v, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "lockfileVersion: 5.4\n\npackages:\n  /lodash/4.17.21:\n    resolution: {integrity: sha512-x}\n    dev: false\n  \"@acme/ui@1.10\":\n    version: 1.10\n";

    #[test]
    fn lines_and_text_as_written() {
        let Ok(Some(doc)) = parse("pnpm-lock.yaml", DOC) else {
            panic!("fixture parses");
        };
        assert_eq!(
            get_text(&doc, "lockfileVersion", DOC).as_deref(),
            Some("5.4")
        );
        let pkgs = get(&doc, "packages");
        let keys: Vec<(Option<String>, u32)> = pkgs
            .map(entries)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, _)| (text(k, DOC), line(k)))
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
            ui.and_then(|u| get_text(u, "version", DOC)).as_deref(),
            Some("1.10")
        );
        let lodash = pkgs.and_then(|p| get(p, "/lodash/4.17.21"));
        assert_eq!(
            lodash.and_then(|l| get_text(l, "dev", DOC)).as_deref(),
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
}
