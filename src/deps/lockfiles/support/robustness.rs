//! Hostile input for the cargo, npm and python parsers: every fixture cut short at many points,
//! and bytes that are no format at all, must give problems or nothing, never a panic.

use super::super::{Format, Input, cargo, npm, python};
use super::testing::fixture_dir;

fn fixtures(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            fixtures(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn format_of(name: &str) -> Option<&'static Format> {
    [cargo::FORMATS, npm::FORMATS, python::FORMATS]
        .into_iter()
        .flatten()
        .find(|f| (f.matches)(name))
}

#[test]
fn truncated_fixtures_never_panic() {
    let mut files = Vec::new();
    for eco in ["cargo", "npm", "python"] {
        fixtures(&fixture_dir(eco), &mut files);
    }
    files.sort();
    let mut parsed_files = 0;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(format) = format_of(name) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        parsed_files += 1;
        let step = (text.len() / 40).max(1);
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let part = &text[..cut];
                let parsed = (format.parse)(
                    &Input {
                        path: name,
                        text: part,
                    },
                    &|_| None,
                );
                for p in &parsed.problems {
                    assert_eq!(p.path, name);
                    assert!(!p.message.is_empty());
                }
            }
            cut += step;
        }
    }
    // Every format of the three ecosystems has at least one fixture.
    assert!(parsed_files >= 30, "{parsed_files} fixtures");
}

#[test]
fn foreign_bytes_give_problems_not_panics() {
    let junk = [
        "",
        "\u{feff}",
        "\0\0\0\u{1}binary",
        "{{{{[[[[",
        "]]]]}}}}\n\"",
        "key = \n[[package]]\n\n[[package]]\nname = 1\nversion = []\n",
        "- a\n- b\n",
        "\"unterminated",
        "\\\n\\\n\\",
        "a@\n  version\n    dependencies:\n",
        "@\n",
    ];
    for format in [cargo::FORMATS, npm::FORMATS, python::FORMATS]
        .into_iter()
        .flatten()
    {
        for text in junk {
            let parsed = (format.parse)(&Input { path: "x", text }, &|_| Some(text.to_string()));
            assert!(
                parsed.dependencies.iter().all(|d| !d.name.is_empty()),
                "{} on {text:?}",
                format.id
            );
        }
    }
}
