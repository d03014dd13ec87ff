//! HTML report structure: every section present, repository text escaped (the hostile
//! file and function names), no network reference, "no baseline" wording, template errors.

use crate::common::report_fixture;

use std::path::Path;

use quarterdeck::report::{Format, RenderOptions, ReportError, html, render, render_portfolio};
use report_fixture::{HOSTILE_FILE, HOSTILE_FUNCTION, populated, portfolio, trend};

const SECTIONS: &[&str] = &[
    "summary",
    "trend",
    "hotspots",
    "untested",
    "dependencies",
    "complexity",
    "knowledge",
    "changes",
    "findings",
    "coverage",
    "methodology",
];

fn page() -> String {
    match html::report(&populated(), None, Some(&trend())) {
        Ok(p) => p,
        Err(e) => panic!("render: {e}"),
    }
}

/// Every `src="..."`/`href="..."` attribute value of the page.
fn references(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        let mut rest = page;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn every_section_is_present_in_order() {
    let p = page();
    let mut last = 0;
    for id in SECTIONS {
        let tag = format!("<section id=\"{id}\"");
        let at = p
            .find(&tag)
            .unwrap_or_else(|| panic!("section {id} missing"));
        assert!(at > last, "section {id} out of order");
        last = at;
    }
    // The executive summary holds the grade, the top risks and the key figures with deltas.
    assert!(p.contains("<div class=\"grade-letter\">E</div>"));
    assert!(p.contains("score 39.8 / 100"));
    assert_eq!(p.matches("<li class=\"risk risk-").count(), 5);
    assert!(p.contains("<code>billing/invoice.py</code> changed 41 times since 2026-07-01"));
    // findings_total went from 9 to 13: worse, with an up arrow.
    assert!(p.contains(
        "<div class=\"figure-value\">13</div>\n      <div class=\"figure-label\">findings</div>"
    ));
    assert!(p.contains(
        "title=\"baseline 9\"><span aria-hidden=\"true\">▲</span> +4 <span class=\"delta-word\">(worse)</span>"
    ));
    // hotspots stayed at 1: level, no verdict word.
    assert!(
        p.contains("title=\"baseline 1\"><span aria-hidden=\"true\">&#x3D;</span> no change</div>")
    );
    assert!(p.contains("<span class=\"count\">1 finding</span>"));
    assert!(p.contains("Quality gate failed."));
    // Trend charts: one per charted figure present in the trend, the Q2 gap dashed.
    assert_eq!(p.matches("<figure class=\"trend-chart\">").count(), 6);
    assert!(p.contains("Missing quarters (dashed): 2026-Q2."));
    assert!(p.contains("<path class=\"line gap\""));
    assert!(p.contains("quarterdeck 0.2.0 from 2026-Q4"));
    // Hotspot scatter and its table; the complexity histogram with a value table.
    assert!(p.contains("aria-label=\"Commits against total cyclomatic complexity per file\""));
    assert_eq!(
        p.matches("<circle class=\"dot").count(),
        5 + 4 + 4 + 3 + 2 + 4 + 4
    );
    assert!(p.contains("<title>1-5: 3 functions</title>"));
    // Changes since baseline: the classes and the resolved findings.
    assert!(p.contains("<span class=\"cls cls-new\">6 new</span>"));
    assert!(p.contains("StockLedger.close_period"));
    // All findings: every finding is a row (15), with a rule link that exists as an anchor.
    let table = &p[p.find("id=\"findings-table\"").unwrap_or(0)..];
    let table = &table[..table.find("</table>").unwrap_or(0)];
    assert_eq!(table.matches("<tr data-severity=").count(), 15);
    for r in references(&p).iter().filter(|r| r.starts_with("#rule-")) {
        assert!(
            p.contains(&format!("<details id=\"{}\"", &r[1..])),
            "anchor {r} has no rule details"
        );
    }
    assert!(p.contains("<details id=\"rule-complexity-cognitive-very-high\""));
    // Scan coverage and methodology.
    assert!(p.contains("<td>vendored</td><td>212</td>"));
    assert!(p.contains("invalid UTF-8 at byte 4112"));
    assert!(p.contains("2026-07-01 to 2026-09-30 (from: baseline)"));
    assert!(p.contains("score &#x3D; 100 - min(60, 3 x D)"));
    // Print: page breaks between sections.
    assert!(p.contains("@media print"));
    assert!(p.contains(".section { break-before: page;"));
}

#[test]
fn repository_text_is_escaped() {
    let p = page();
    // The hostile file name and function name render as text, never as markup.
    assert!(!p.contains(HOSTILE_FILE));
    assert!(!p.contains(HOSTILE_FUNCTION));
    assert!(!p.contains("<img"));
    assert!(!p.contains("<b>mallory</b>"));
    assert!(p.contains("legacy/&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.py"));
    assert!(p.contains("&lt;/script&gt;&lt;script&gt;"));
    assert!(p.contains("eval() of &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(p.contains("Rosa &quot;Ro&quot; Álvarez") || !p.contains("Rosa \"Ro\""));
    // Exactly one script element: the page's own.
    assert_eq!(p.matches("<script").count(), 1);
    assert_eq!(p.matches("</script>").count(), 1);
}

#[test]
fn the_page_references_nothing_outside_itself() {
    let p = page();
    for r in references(&p) {
        assert!(r.starts_with('#'), "reference outside the page: {r}");
    }
    for banned in [
        "<link",
        "<iframe",
        "<object",
        "<embed",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!p.contains(banned), "page contains {banned}");
    }
    // The only absolute URL is the repository's remote, shown as text.
    let remote = "https://git.example/finance/ledgerline.git";
    let without = p.replace(remote, "");
    assert!(!without.contains("http:") && !without.contains("https:"));
    assert!(!without.contains("\"//") && !without.contains("'//"));
    // A strict Content-Security-Policy: nothing loads, only the hashed inline style and script.
    let csp = p
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("");
    assert!(csp.starts_with("default-src &#x27;none&#x27;; style-src &#x27;sha256-"));
    assert!(csp.contains("script-src &#x27;sha256-"));
    assert!(!csp.contains("unsafe"));
}

#[test]
fn without_a_baseline_the_report_says_so() {
    let mut s = populated();
    s.baseline = None;
    s.delta = None;
    s.gate = None;
    for f in &mut s.findings {
        f.baseline_status = None;
    }
    let p = html::report(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.contains("No baseline: figures are shown without deltas."));
    assert!(p.contains("No baseline: pass <code>--baseline</code> with last quarter's snapshot to see new, worsened"));
    assert!(p.contains("No trend data: pass <code>--history DIR</code>"));
    assert_eq!(
        p.matches("<div class=\"figure-delta delta-none\">no baseline</div>")
            .count(),
        12
    );
    assert!(!p.contains("Quality gate"));
}

#[test]
fn missing_history_and_dependencies_are_said_not_hidden() {
    let mut s = populated();
    s.history = None;
    s.dependencies.clear();
    s.dependency_totals = None;
    for f in &mut s.files {
        f.history = None;
    }
    s.figures = quarterdeck::snapshot::figures::compute(&s);
    let p = html::report(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.contains("History was not read for this snapshot"));
    assert!(p.contains("No dependency data: no manifest or lockfile was read."));
    assert!(p.contains("dependency lag not measured"));
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_template_override_replaces_the_embedded_partial() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "partials/summary.hbs",
        "<section id=\"summary\"><p class=\"custom\">Grade {{grade.letter}}, score {{grade.score}}</p></section>\n",
    );
    let p = html::report(&populated(), Some(dir.path()), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.contains("<p class=\"custom\">Grade E, score 39.8</p>"));
    assert!(p.contains("<section id=\"methodology\""));
}

#[test]
fn a_template_syntax_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "partials/hotspots.hbs",
        "<section id=\"hotspots\">\n<h2>Hotspots</h2>\n{{#each rows}}\n<p>{{path}}</p>\n</section>\n",
    );
    let err = html::report(&populated(), Some(dir.path()), None).err();
    match err {
        Some(ReportError::Template { file, line, .. }) => {
            assert_eq!(file, dir.path().join("partials/hotspots.hbs"));
            assert!(line.is_some_and(|l| l >= 3), "line {line:?}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn a_missing_partial_or_field_is_an_error_naming_the_template() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "report.hbs",
        "<html>\n<body>\n{{> no_such_partial}}\n</body></html>\n",
    );
    let err = html::report(&populated(), Some(dir.path()), None).err();
    match err {
        Some(ReportError::Template {
            file,
            line,
            message,
        }) => {
            assert_eq!(file, dir.path().join("report.hbs"));
            assert_eq!(line, Some(3));
            assert!(message.contains("no_such_partial"), "{message}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    // Strict mode: a misspelt field is an error, not an empty string.
    write(
        dir.path(),
        "report.hbs",
        "<html>\n{{view.meta.repostory}}\n</html>\n",
    );
    let err = html::report(&populated(), Some(dir.path()), None).err();
    match err {
        Some(ReportError::Template { file, line, .. }) => {
            assert_eq!(file, dir.path().join("report.hbs"));
            assert_eq!(line, Some(2));
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    // A folder that does not exist.
    let missing = dir.path().join("nope");
    let err = html::report(&populated(), Some(&missing), None).err();
    assert!(matches!(err, Some(ReportError::TemplatesDir { path, .. }) if path == missing));
}

#[test]
fn render_writes_every_chosen_output_and_nothing_on_a_template_error() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = populated();
    let formats = Format::ALL;
    let opts = RenderOptions {
        formats: &formats,
        templates: None,
        trend: None,
    };
    let written = render(&s, out.path(), &opts).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        names,
        [
            "report.html",
            "snapshot.json",
            "report.sarif",
            "summary.md",
            "metrics.prom",
            "functions.csv",
            "findings.csv"
        ]
    );
    let back = std::fs::read(out.path().join("snapshot.json")).ok();
    assert_eq!(back, serde_json::to_vec_pretty(&s).ok());

    let bad = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(bad.path(), "report.hbs", "{{#if}}");
    let out2 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opts = RenderOptions {
        formats: &formats,
        templates: Some(bad.path()),
        trend: None,
    };
    assert!(render(&s, out2.path(), &opts).is_err());
    let left = std::fs::read_dir(out2.path())
        .map(|d| d.count())
        .unwrap_or(99);
    assert_eq!(left, 0);
}

#[test]
fn the_portfolio_page_has_one_row_per_repository_and_escapes_names() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = portfolio();
    let formats = Format::ALL;
    let opts = RenderOptions {
        formats: &formats,
        templates: None,
        trend: None,
    };
    let written = render_portfolio(&p, out.path(), &opts).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        names,
        [
            "report.html",
            "portfolio.json",
            "summary.md",
            "metrics.prom",
            "repositories.csv"
        ]
    );
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap_or_default();
    let body = &page[page.find("<tbody>").unwrap_or(0)..page.find("</tbody>").unwrap_or(0)];
    assert_eq!(body.matches("<tr>").count(), 3);
    assert!(page.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
    assert_eq!(page.matches("<script").count(), 1);
    assert!(!page.contains("<img"));
    assert!(page.contains("Top risks across the organisation"));
    assert!(page.contains("<code>billing/invoice.py</code> changed 41 times since 2026-07-01"));
}

#[test]
fn the_audit_of_a_file_named_like_markup_renders_it_as_text() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = tmp.path().join("hostile");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/report/hostile/legacy");
    std::fs::create_dir_all(root.join("legacy")).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        std::fs::copy(entry.path(), root.join("legacy").join(entry.file_name()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = tmp.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .env("SOURCE_DATE_EPOCH", "1795357230")
        .args(["audit", "--quiet", "--format", "json", "--out"])
        .arg(&out)
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let s = quarterdeck::snapshot::Snapshot::read(&out.join("snapshot.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.files.len(), 2);
    assert_eq!(s.files[0].path, "legacy/<img src=x onerror=alert(1)>.py");
    // A JavaScript method named by a string key: its name is a closing and an opening tag.
    assert_eq!(s.files[1].path, "legacy/widgets.js");
    assert_eq!(
        s.files[1].functions[0].qualified_name,
        "\"</script><script>\""
    );
    let rules: Vec<(&str, &str, Option<&str>)> = s
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.path.as_str(), f.symbol.as_deref()))
        .collect();
    assert!(
        rules.contains(&(
            "maintainability/dynamic-code-execution",
            "legacy/<img src=x onerror=alert(1)>.py",
            Some("apply_formula")
        )),
        "{rules:?}"
    );
    assert!(
        rules.contains(&(
            "maintainability/dynamic-code-execution",
            "legacy/widgets.js",
            Some("\"</script><script>\"")
        )),
        "{rules:?}"
    );
    let p = html::report(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(!p.contains("<img"));
    assert!(p.contains("<code>legacy/&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.py</code>"));
    assert!(p.contains("<code>&quot;&lt;/script&gt;&lt;script&gt;&quot;</code>"));
    // The page's own script is the only one, and it is closed once.
    assert_eq!(p.matches("<script").count(), 1);
    assert_eq!(p.matches("</script").count(), 1);
}

#[test]
fn render_creates_the_output_folder_and_reports_one_it_cannot_create() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opts = RenderOptions {
        formats: &[Format::Markdown],
        templates: None,
        trend: None,
    };
    let nested = tmp.path().join("audits/2026-Q4");
    let written = render(&populated(), &nested, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, vec![nested.join("summary.md")]);
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    let err = render(&populated(), &file.join("out"), &opts).err();
    assert!(matches!(err, Some(ReportError::OutDir { path, .. }) if path == file.join("out")));
}
