//! `report.html`: handlebars templates (embedded, overridable with `--templates DIR`) over a
//! precomputed view model, with CSS and JS inlined and pinned by a Content-Security-Policy.

mod charts;
mod portfolio_view;
pub mod sections;
mod sections_deps;
mod sections_scan;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ReportError;
use crate::snapshot::{Portfolio, Snapshot, Trend};

/// The embedded templates, by their path under `report-templates/`.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "report.hbs",
        include_str!("../../../report-templates/report.hbs"),
    ),
    (
        "portfolio.hbs",
        include_str!("../../../report-templates/portfolio.hbs"),
    ),
    (
        "style.css",
        include_str!("../../../report-templates/style.css"),
    ),
    (
        "script.js",
        include_str!("../../../report-templates/script.js"),
    ),
    (
        "partials/summary.hbs",
        include_str!("../../../report-templates/partials/summary.hbs"),
    ),
    (
        "partials/trend.hbs",
        include_str!("../../../report-templates/partials/trend.hbs"),
    ),
    (
        "partials/hotspots.hbs",
        include_str!("../../../report-templates/partials/hotspots.hbs"),
    ),
    (
        "partials/untested.hbs",
        include_str!("../../../report-templates/partials/untested.hbs"),
    ),
    (
        "partials/deps.hbs",
        include_str!("../../../report-templates/partials/deps.hbs"),
    ),
    (
        "partials/complexity.hbs",
        include_str!("../../../report-templates/partials/complexity.hbs"),
    ),
    (
        "partials/knowledge.hbs",
        include_str!("../../../report-templates/partials/knowledge.hbs"),
    ),
    (
        "partials/delta.hbs",
        include_str!("../../../report-templates/partials/delta.hbs"),
    ),
    (
        "partials/findings.hbs",
        include_str!("../../../report-templates/partials/findings.hbs"),
    ),
    (
        "partials/rules.hbs",
        include_str!("../../../report-templates/partials/rules.hbs"),
    ),
    (
        "partials/coverage.hbs",
        include_str!("../../../report-templates/partials/coverage.hbs"),
    ),
    (
        "partials/methodology.hbs",
        include_str!("../../../report-templates/partials/methodology.hbs"),
    ),
    (
        "partials/finding_rows.hbs",
        include_str!("../../../report-templates/partials/finding_rows.hbs"),
    ),
];

/// Rows a long table keeps when printed (`table.capped` in `style.css` hides the rest; a
/// print-only line counts them): docs/report.md, "Printing".
pub const PRINT_ROWS: u64 = 20;

// `{{print_more total shown}}`: how many of `total` rows a printed table leaves out when the
// page holds `shown` of them and print keeps the first `PRINT_ROWS` (0, falsy, when none).
handlebars::handlebars_helper!(print_more: |total: u64, shown: u64| total.saturating_sub(shown.min(PRINT_ROWS)));

/// One template source and where it came from (for error messages).
struct Source {
    text: String,
    origin: PathBuf,
}

/// The embedded templates, with every file of `dir` (top level and `partials/`) replacing the
/// embedded one of the same name or adding a partial.
fn sources(dir: Option<&Path>) -> Result<BTreeMap<String, Source>, ReportError> {
    let mut out: BTreeMap<String, Source> = EMBEDDED
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                Source {
                    text: text.to_string(),
                    origin: PathBuf::from(format!("embedded:report-templates/{name}")),
                },
            )
        })
        .collect();
    let Some(dir) = dir else {
        return Ok(out);
    };
    let dir_err = |path: &Path, source| ReportError::TemplatesDir {
        path: path.to_path_buf(),
        source,
    };
    for sub in ["", "partials"] {
        let d = if sub.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(sub)
        };
        if !sub.is_empty() && !d.is_dir() {
            continue;
        }
        let entries = std::fs::read_dir(&d).map_err(|e| dir_err(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| dir_err(&d, e))?;
            let path = entry.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            let wanted = name.ends_with(".hbs")
                || (sub.is_empty() && (name == "style.css" || name == "script.js"));
            if !wanted || !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| dir_err(&path, e))?;
            let text = String::from_utf8(bytes).map_err(|e| ReportError::Template {
                file: path.clone(),
                line: None,
                message: format!("not UTF-8: {e}"),
            })?;
            let key = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            out.insert(key, Source { text, origin: path });
        }
    }
    Ok(out)
}

/// The registry name of a template file: `report.hbs` -> `report`, `partials/x.hbs` -> `x`.
fn template_name(key: &str) -> Option<String> {
    let base = key.strip_prefix("partials/").unwrap_or(key);
    base.strip_suffix(".hbs").map(str::to_string)
}

/// Templates compiled in strict mode with the default HTML escaping, and the inline assets.
struct Compiled {
    hb: Handlebars<'static>,
    origins: BTreeMap<String, PathBuf>,
    css: String,
    js: String,
}

fn compile(dir: Option<&Path>) -> Result<Compiled, ReportError> {
    let src = sources(dir)?;
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    hb.register_helper("print_more", Box::new(print_more));
    let mut origins = BTreeMap::new();
    for (key, s) in &src {
        let Some(name) = template_name(key) else {
            continue;
        };
        let result = if key.starts_with("partials/") {
            hb.register_partial(&name, s.text.as_str())
        } else {
            hb.register_template_string(&name, s.text.as_str())
        };
        result.map_err(|e| ReportError::Template {
            file: s.origin.clone(),
            line: e.pos().map(|p| p.0),
            message: e.reason().to_string(),
        })?;
        origins.insert(name, s.origin.clone());
    }
    let asset = |k: &str| src.get(k).map(|s| s.text.clone()).unwrap_or_default();
    let css = asset("style.css");
    let js = asset("script.js");
    for (k, text) in [("style.css", &css), ("script.js", &js)] {
        let closing = if k == "style.css" {
            "</style"
        } else {
            "</script"
        };
        if text.to_ascii_lowercase().contains(closing) {
            return Err(ReportError::Template {
                file: src.get(k).map(|s| s.origin.clone()).unwrap_or_default(),
                line: text
                    .to_ascii_lowercase()
                    .find(closing)
                    .map(|at| text[..at].lines().count().max(1)),
                message: format!("must not contain `{closing}`: it would end the inline element"),
            });
        }
    }
    Ok(Compiled {
        hb,
        origins,
        css,
        js,
    })
}

/// Standard base64 (for CSP hashes).
fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page's Content-Security-Policy: nothing may load; only the inline style and script whose
/// hashes are given may apply (no event-handler attributes, no injected script).
pub fn content_security_policy(css: &str, js: &str) -> String {
    let h = |s: &str| base64(&Sha256::digest(s.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; \
         base-uri 'none'; form-action 'none'",
        h(css),
        h(js)
    )
}

/// What every page template receives besides its view.
#[derive(Serialize)]
struct Page<'a, V: Serialize> {
    csp: String,
    css: &'a str,
    js: &'a str,
    view: &'a V,
}

fn render_page<V: Serialize>(
    c: &Compiled,
    template: &str,
    view: &V,
) -> Result<String, ReportError> {
    let page = Page {
        csp: content_security_policy(&c.css, &c.js),
        css: &c.css,
        js: &c.js,
        view,
    };
    c.hb.render(template, &page).map_err(|e| {
        let name = e
            .template_name
            .clone()
            .unwrap_or_else(|| template.to_string());
        ReportError::Template {
            file: c
                .origins
                .get(&name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name)),
            line: e.line_no,
            message: e.reason().to_string(),
        }
    })
}

/// The HTML report of a snapshot.
pub fn report(
    s: &Snapshot,
    templates: Option<&Path>,
    trend: Option<&Trend>,
) -> Result<String, ReportError> {
    let c = compile(templates)?;
    render_page(&c, "report", &view::report(s, trend))
}

/// The portfolio page.
pub fn portfolio(p: &Portfolio, templates: Option<&Path>) -> Result<String, ReportError> {
    let c = compile(templates)?;
    render_page(&c, "portfolio", &portfolio_view::portfolio(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn print_css_caps_tables_at_print_rows() {
        let css = include_str!("../../../report-templates/style.css");
        let rule = format!("table.capped > tbody > tr:nth-child(n+{})", PRINT_ROWS + 1);
        assert!(
            css.contains(&rule),
            "style.css must hide rows after {PRINT_ROWS}"
        );
    }

    #[test]
    fn print_more_counts_the_rows_print_leaves_out() {
        let c = match compile(None) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let render = |total: u64, shown: u64| {
            c.hb.render_template(
                "{{#if (print_more total shown)}}and {{print_more total shown}} more{{/if}}",
                &serde_json::json!({"total": total, "shown": shown}),
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(render(2_480, 25), Ok("and 2460 more".into()));
        assert_eq!(render(20, 20), Ok(String::new()));
        assert_eq!(render(12, 12), Ok(String::new()));
        // The page held 5 of 9 rows: print shows those 5 and leaves out 4.
        assert_eq!(render(9, 5), Ok("and 4 more".into()));
    }

    #[test]
    fn embedded_templates_compile() {
        let c = compile(None);
        assert!(c.is_ok(), "{:?}", c.err());
    }
}
