//! Cobertura and JaCoCo XML report parsers (quick-xml); a DOCTYPE is never resolved, and a report
//! that is not well-formed or ends before its root element closes is an error.

use std::collections::BTreeMap;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{
    CoverageError, CoverageFormat, CoverageReport, FileSet, Merge, add_line, excerpt, malformed,
    merge_lines, normalise_path, parse_count, parse_line_number,
};
use crate::util::text::line_of_offset;

/// The format named by the root element: `<coverage>` (Cobertura) or `<report>` (JaCoCo).
pub(super) fn detect(text: &str) -> Option<CoverageFormat> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(element) | Event::Empty(element) => {
                return match element.local_name().into_inner() {
                    "coverage" => Some(CoverageFormat::Cobertura),
                    "report" => Some(CoverageFormat::Jacoco),
                    _ => None,
                };
            }
            Event::Text(text) if !text.trim().is_empty() => return None,
            Event::Eof | Event::CData(_) | Event::GeneralRef(_) => return None,
            _ => {}
        }
    }
}

/// What the walk hands its visitor, with the path of open elements (the current one last).
enum Node<'e, 'a> {
    Open(&'e BytesStart<'a>),
    Close,
    Text(&'e str),
}

/// Walk the document, checking it is well-formed, that its root is `<root>`, and that it does
/// not end before the root closes. The visitor's errors become `Malformed` at the node's line.
fn walk<F>(
    text: &str,
    format: CoverageFormat,
    root: &str,
    mut visit: F,
) -> Result<(), CoverageError>
where
    F: FnMut(&[String], Node<'_, '_>) -> Result<(), String>,
{
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut seen_root = false;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let at = |message: String| malformed(format, Some(line_of_offset(text, start)), message);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let failed = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(malformed(
                    format,
                    Some(line_of_offset(text, failed)),
                    err.to_string(),
                ));
            }
        };
        let (element, empty) = match event {
            Event::Start(element) => (element, false),
            Event::Empty(element) => (element, true),
            Event::End(_) => {
                visit(&path, Node::Close).map_err(at)?;
                path.pop();
                continue;
            }
            Event::Text(content) if !path.is_empty() => {
                visit(&path, Node::Text(&content.xml10_content())).map_err(at)?;
                continue;
            }
            Event::CData(content) if !path.is_empty() => {
                visit(&path, Node::Text(&content.xml10_content())).map_err(at)?;
                continue;
            }
            Event::GeneralRef(reference) if !path.is_empty() => {
                let resolved = resolve_reference(&reference).map_err(at)?;
                visit(&path, Node::Text(&resolved)).map_err(at)?;
                continue;
            }
            Event::Eof => {
                let end = line_of_offset(text, text.trim_end().len());
                return match path.last() {
                    Some(open) => Err(malformed(
                        format,
                        Some(end),
                        format!("the report ends inside `<{open}>` (truncated?)"),
                    )),
                    None if !seen_root => Err(malformed(
                        format,
                        Some(end),
                        "the report has no root element",
                    )),
                    None => Ok(()),
                };
            }
            // Declaration, comments, processing instructions, the DOCTYPE (never resolved) and
            // text outside the root element.
            _ => continue,
        };
        let name = element.local_name().into_inner().to_string();
        if path.is_empty() {
            if seen_root {
                return Err(at(format!("a second root element `<{name}>`")));
            }
            if name != root {
                return Err(at(format!(
                    "the root element is `<{name}>`, not `<{root}>`"
                )));
            }
            seen_root = true;
        }
        path.push(name);
        visit(&path, Node::Open(&element)).map_err(at)?;
        if empty {
            visit(&path, Node::Close).map_err(at)?;
            path.pop();
        }
    }
}

/// `&amp;`, `&#38;`, `&#x26;` ... as text; other entities are unknown (the DTD is not read).
fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, String> {
    let name: &str = reference;
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            _ => Err(format!("invalid character reference `&{};`", excerpt(name))),
        };
    }
    resolve_predefined_entity(name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity `&{};`", excerpt(name)))
}

/// Whether the path of open elements ends with `tail`.
fn ends_with(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len()
        && path
            .iter()
            .rev()
            .zip(tail.iter().rev())
            .all(|(a, b)| a == b)
}

/// The values of the attributes `names` of `element` (by local name), checking all of them.
fn attributes<const N: usize>(
    element: &BytesStart<'_>,
    names: [&str; N],
) -> Result<[Option<String>; N], String> {
    let tag = element.local_name().into_inner();
    let mut values: [Option<String>; N] = std::array::from_fn(|_| None);
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|err| format!("bad attribute in `<{tag}>`: {err}"))?;
        let key = attribute.key.local_name().into_inner();
        let Some(slot) = names
            .iter()
            .position(|name| *name == key)
            .and_then(|index| values.get_mut(index))
        else {
            continue;
        };
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("bad `{key}` attribute in `<{tag}>`: {err}"))?;
        *slot = Some(value.into_owned());
    }
    Ok(values)
}

/// A numeric attribute that must be present.
fn required<T>(
    tag: &str,
    name: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, String> {
    let value = value.ok_or_else(|| format!("`<{tag}>` has no `{name}` attribute"))?;
    parse(value).ok_or_else(|| {
        format!(
            "`<{tag}>` has a non-numeric `{name}` attribute `{}`",
            excerpt(value)
        )
    })
}

/// A numeric attribute that may be absent.
fn optional<T>(
    tag: &str,
    name: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, String> {
    value
        .map(|v| required(tag, name, Some(v), parse))
        .transpose()
}

/// One Cobertura `<class>` being read: its file and its class-level and method-level lines.
struct Class {
    file: String,
    lines: BTreeMap<u32, u64>,
    method_lines: BTreeMap<u32, u64>,
}

/// Cobertura XML (also coverage.py's): class-level `<lines>`, method lines only for a class that
/// has none; classes of one file merged by max; paths from each `<source>`, then the filename.
pub(super) fn parse_cobertura(text: &str) -> Result<CoverageReport, CoverageError> {
    let mut sources: Vec<String> = Vec::new();
    let mut source: Option<String> = None;
    let mut class: Option<Class> = None;
    let mut files = FileSet::default();
    walk(text, CoverageFormat::Cobertura, "coverage", |path, node| {
        match node {
            Node::Open(_) if ends_with(path, &["sources", "source"]) => {
                source = Some(String::new());
            }
            Node::Text(content) if ends_with(path, &["sources", "source"]) => {
                if let Some(source) = &mut source {
                    source.push_str(content);
                }
            }
            Node::Close if ends_with(path, &["sources", "source"]) => {
                if let Some(source) = source.take().and_then(|s| normalise_path(&s)) {
                    sources.push(source);
                }
            }
            Node::Open(element) if ends_with(path, &["class"]) => {
                let [filename] = attributes(element, ["filename"])?;
                let file = filename
                    .as_deref()
                    .and_then(normalise_path)
                    .ok_or("`<class>` has no `filename` attribute")?;
                class = Some(Class {
                    file,
                    lines: BTreeMap::new(),
                    method_lines: BTreeMap::new(),
                });
            }
            Node::Open(element) if ends_with(path, &["lines", "line"]) => {
                let [number, hits] = attributes(element, ["number", "hits"])?;
                let number = required("line", "number", number.as_deref(), parse_line_number)?;
                let hits = required("line", "hits", hits.as_deref(), parse_count)?;
                let Some(class) = &mut class else {
                    return Ok(()); // a line outside any class names no file
                };
                let lines = if ends_with(path, &["class", "lines", "line"]) {
                    &mut class.lines
                } else {
                    &mut class.method_lines
                };
                if number > 0 {
                    add_line(lines, number, hits, Merge::Max);
                }
            }
            Node::Close if ends_with(path, &["class"]) => {
                if let Some(class) = class.take() {
                    let lines = if class.lines.is_empty() {
                        class.method_lines
                    } else {
                        class.lines
                    };
                    merge_lines(files.lines_mut(&class.file), lines, Merge::Max);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    for file in &mut files.files {
        if let Some(filename) = file.paths.first() {
            file.paths = cobertura_paths(&sources, filename);
        }
    }
    files.finish(CoverageFormat::Cobertura)
}

/// Each source joined with `filename` (unless it is absolute), then `filename`; no duplicates.
fn cobertura_paths(sources: &[String], filename: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    let mut chars = filename.chars();
    let drive = chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next() == Some(':');
    if !filename.starts_with('/') && !drive {
        for source in sources {
            let joined = format!("{}/{filename}", source.trim_end_matches('/'));
            if let Some(joined) = normalise_path(&joined)
                && !paths.contains(&joined)
            {
                paths.push(joined);
            }
        }
    }
    if !paths.iter().any(|p| p == filename) {
        paths.push(filename.to_string());
    }
    paths
}

/// JaCoCo XML: `<sourcefile>` lines of each `<package>` (also inside nested `<group>`s); a listed
/// line is coverable and counts 1 when it has covered instructions (`ci > 0`).
pub(super) fn parse_jacoco(text: &str) -> Result<CoverageReport, CoverageError> {
    let mut package = String::new();
    let mut sourcefile: Option<(String, BTreeMap<u32, u64>)> = None;
    let mut files = FileSet::default();
    walk(text, CoverageFormat::Jacoco, "report", |path, node| {
        match node {
            Node::Open(element) if ends_with(path, &["package"]) => {
                let [name] = attributes(element, ["name"])?;
                package = name.unwrap_or_default().replace('\\', "/");
                package = package.trim_matches('/').to_string();
            }
            Node::Close if ends_with(path, &["package"]) => package.clear(),
            Node::Open(element) if ends_with(path, &["package", "sourcefile"]) => {
                let [name] = attributes(element, ["name"])?;
                let name = name.unwrap_or_default();
                let joined = if package.is_empty() {
                    name
                } else {
                    format!("{package}/{name}")
                };
                let Some(joined) = normalise_path(&joined).filter(|_| !joined.ends_with('/'))
                else {
                    return Err("`<sourcefile>` has no `name` attribute".to_string());
                };
                sourcefile = Some((joined, BTreeMap::new()));
            }
            Node::Open(element) if ends_with(path, &["sourcefile", "line"]) => {
                let [nr, mi, ci] = attributes(element, ["nr", "mi", "ci"])?;
                let nr = required("line", "nr", nr.as_deref(), parse_line_number)?;
                optional("line", "mi", mi.as_deref(), parse_count)?;
                let ci = optional("line", "ci", ci.as_deref(), parse_count)?.unwrap_or(0);
                if let Some((_, lines)) = &mut sourcefile
                    && nr > 0
                {
                    add_line(lines, nr, u64::from(ci > 0), Merge::Max);
                }
            }
            Node::Close if ends_with(path, &["package", "sourcefile"]) => {
                if let Some((file, lines)) = sourcefile.take() {
                    merge_lines(files.lines_mut(&file), lines, Merge::Max);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    files.finish(CoverageFormat::Jacoco)
}
