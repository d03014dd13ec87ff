//! A small element tree over quick-xml with the line of every start tag, for pom.xml and the
//! MSBuild files; no DTD, no external entity is ever read.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::util::text::LineIndex;

/// Deeper nesting than this is treated as malformed (no manifest needs it).
const MAX_DEPTH: usize = 128;

/// One element: local name, attributes, trimmed text and children.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    /// 1-based line of the start tag.
    pub line: u32,
    pub children: Vec<Element>,
    /// False when the document broke off before this element's end tag.
    pub complete: bool,
}

/// A parsed document: the root (possibly partial) and the first syntax error.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub root: Option<Element>,
    /// (line, message) of the error that stopped the reading.
    pub error: Option<(u32, String)>,
}

impl Element {
    /// The first child with this local name (case-sensitive).
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Children with this local name, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Children whose name matches ignoring ASCII case (MSBuild names are case-insensitive).
    pub fn children_ci<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name.eq_ignore_ascii_case(name))
    }

    /// Trimmed text of the first child with this name; `None` when absent or empty.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }

    /// Trimmed text of the first child matching ignoring ASCII case.
    pub fn child_text_ci(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }

    /// An attribute's value, matching the name ignoring ASCII case.
    pub fn attr_ci(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// Parse `text` into an element tree. On a syntax error the elements read so far are kept
/// (those left open are marked incomplete) and the error is returned with its line.
pub(crate) fn parse(text: &str) -> Document {
    let lines = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut doc = Document::default();
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(err) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                doc.error = Some((lines.line(at), err.to_string()));
                break;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let line = lines.line(start);
                if stack.len() >= MAX_DEPTH {
                    doc.error = Some((
                        line,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                    break;
                }
                let mut el = match element(e, line) {
                    Ok(el) => el,
                    Err(message) => {
                        doc.error = Some((line, message));
                        break;
                    }
                };
                if matches!(event, Event::Start(_)) {
                    stack.push(el);
                } else {
                    el.complete = true;
                    attach(&mut stack, &mut doc, el);
                }
            }
            Event::End(_) => {
                if let Some(mut el) = stack.pop() {
                    el.complete = true;
                    el.text = el.text.trim().to_string();
                    attach(&mut stack, &mut doc, el);
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(c) => push_text(&mut stack, &c.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    _ => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    doc.error = Some((
                        lines.line(text.len()),
                        format!("the document ends before </{}> closes", open.name),
                    ));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        if doc.root.is_some() && stack.is_empty() {
            break;
        }
    }
    // Close what the error left open, innermost first.
    while let Some(mut el) = stack.pop() {
        el.text = el.text.trim().to_string();
        attach(&mut stack, &mut doc, el);
    }
    doc
}

/// An element from its start tag; `Err` names a malformed attribute (an unescaped `&`).
fn element(e: &BytesStart, line: u32) -> Result<Element, String> {
    let name = e.name().local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| format!("in an attribute of <{name}>: {err}"))?;
        let key = a.key.local_name().as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| format!("in attribute {key} of <{name}>: {err}"))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        line,
        ..Element::default()
    })
}

fn push_text(stack: &mut [Element], s: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(s);
    }
}

fn attach(stack: &mut [Element], doc: &mut Document, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => {
            if doc.root.is_none() {
                doc.root = Some(el);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_text_and_entities() {
        let d = parse(
            "<?xml version=\"1.0\"?>\n<project>\n  <name>Ledger &amp; Stock &#65;</name>\n  <x a=\"1\"/>\n</project>\n",
        );
        assert_eq!(d.error, None);
        let root = d.root.unwrap();
        assert_eq!(root.line, 2);
        assert_eq!(root.child_text("name"), Some("Ledger & Stock A"));
        assert_eq!(root.child("name").unwrap().line, 3);
        assert_eq!(root.child("x").unwrap().attr_ci("A"), Some("1"));
        assert!(root.complete);
    }

    #[test]
    fn a_broken_document_keeps_what_was_read() {
        let d = parse("<project>\n  <a>1</a>\n  <b>2</c>\n</project>\n");
        let (line, message) = d.error.clone().unwrap();
        assert_eq!(line, 3);
        assert!(message.contains("expected `</b>`"), "{message}");
        let root = d.root.unwrap();
        assert!(!root.complete);
        assert_eq!(root.child_text("a"), Some("1"));
        assert!(root.child("a").unwrap().complete);
        assert!(!root.child("b").unwrap().complete);
    }

    #[test]
    fn an_unescaped_ampersand_in_an_attribute_is_an_error() {
        let d = parse(
            "<Project>\n  <ItemGroup Condition=\"'a' == 'b' && 'c' == 'd'\">\n  </ItemGroup>\n</Project>",
        );
        let (line, message) = d.error.unwrap();
        assert_eq!(line, 2);
        assert!(
            message.starts_with("in attribute Condition of <ItemGroup>: "),
            "{message}"
        );
        assert!(!d.root.unwrap().complete);
    }

    #[test]
    fn an_unclosed_document_is_an_error() {
        let d = parse("<project>\n  <a>1</a>\n");
        assert_eq!(
            d.error,
            Some((3, "the document ends before </project> closes".into()))
        );
    }
}
