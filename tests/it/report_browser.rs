//! The HTML report in headless Chromium: it renders without script errors or blocked requests,
//! a test driver (`report_browser/driver.js`, injected into a copy of the page, never shipped)
//! clicks, types and reads what is shown to check sorting and filtering, and a screenshot is
//! saved under `target/report-screenshots/`. Skipped with a notice without chromium, except in CI.

use crate::common::report_fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quarterdeck::report::{Format, RenderOptions, render};
use report_fixture::{huge, populated, trend};

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` with a printed notice (a failure in CI).
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{test}: chromium is not installed; .ci/run installs Debian's `chromium`")
        }
        None => {
            eprintln!(
                "notice: {test} skipped: chromium not found on PATH (apt-get install chromium)"
            );
            None
        }
    }
}

fn screenshots() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

struct Run {
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Run headless chromium with the flags that keep it off the network, killing it after 180 s.
fn run_chromium(browser: &Path, profile: &Path, args: &[String]) -> Run {
    let start = Instant::now();
    // Output goes to files: a pipe nobody reads while waiting would fill and stall chromium.
    let out_path = profile.join("stdout.txt");
    let err_path = profile.join("stderr.txt");
    let file =
        |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::from(file(&out_path)))
        .stderr(Stdio::from(file(&err_path)))
        .spawn()
        .unwrap_or_else(|e| panic!("start chromium: {e}"));
    let deadline = start + Duration::from_secs(180);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                panic!("chromium did not finish within 180 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("wait for chromium: {e}"),
        }
    }
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run {
        stdout: read(&out_path),
        stderr: read(&err_path),
        took: start.elapsed(),
    }
}

/// The driver's result, written into `<pre id="qd-drive-result">`.
fn driven(dom: &str) -> serde_json::Value {
    let open = "<pre id=\"qd-drive-result\">";
    let start = dom
        .find(open)
        .unwrap_or_else(|| panic!("no driver result in the DOM (script did not run?)"));
    let rest = &dom[start + open.len()..];
    let text = &rest[..rest.find("</pre>").unwrap_or(rest.len())];
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("driver result {text}: {e}"))
}

const PAGE_JS: &str = include_str!("../../report-templates/script.js");
const DRIVER_JS: &str = include_str!("report_browser/driver.js");

/// A copy of `page` whose inline script also runs the test driver, with the
/// Content-Security-Policy re-pinned to the extended script (the page's own rules otherwise).
fn instrumented(page: &Path) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{e}"));
    let script = format!("<script>{PAGE_JS}</script>");
    assert!(
        html.contains(&script),
        "the page inlines script.js as it is"
    );
    let extended = format!("{PAGE_JS}\n{DRIVER_JS}");
    let html = html.replacen(&script, &format!("<script>{extended}</script>"), 1);
    let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let at = html.find(meta).expect("the page has a CSP") + meta.len();
    let end = at + html[at..].find('"').expect("CSP attribute ends");
    let css = include_str!("../../report-templates/style.css");
    let csp = quarterdeck::report::html::content_security_policy(css, &extended);
    let html = format!("{}{csp}{}", &html[..at], &html[end..]);
    let copy = page.with_extension("driven.html");
    std::fs::write(&copy, html).unwrap_or_else(|e| panic!("{e}"));
    copy
}

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN))
        .collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_string())
        .collect()
}

fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

fn write_report(dir: &Path, s: &quarterdeck::snapshot::Snapshot, with_trend: bool) -> PathBuf {
    let t = trend();
    let opts = RenderOptions {
        formats: &[Format::Html],
        templates: None,
        trend: with_trend.then_some(&t),
    };
    render(s, dir, &opts).unwrap_or_else(|e| panic!("render: {e}"));
    dir.join("report.html")
}

#[test]
fn the_report_renders_sorts_and_filters_in_chromium() {
    let Some(browser) = browser_or_skip("report_browser") else {
        return;
    };
    let shots = screenshots();
    let out = shots.join("ledgerline");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let page = write_report(&out, &populated(), true);
    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));

    let shot = shots.join("ledgerline.png");
    let _ = std::fs::remove_file(&shot);
    let r = run_chromium(
        &browser,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1366,3000".into(),
            "--hide-scrollbars".into(),
            url.clone(),
        ],
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "screenshot {} not written ({size} bytes): {}",
        shot.display(),
        r.stderr
    );
    eprintln!("screenshot: {}", shot.display());

    let r = run_chromium(
        &browser,
        profile.path(),
        &[
            "--dump-dom".into(),
            "--virtual-time-budget=5000".into(),
            format!("file://{}#qd-drive", instrumented(&page).display()),
        ],
    );
    assert_eq!(console_lines(&r.stderr), Vec::<&str>::new());
    let d = driven(&r.stdout);
    assert_eq!(d["errors"], serde_json::json!([]), "script or CSP errors");
    // Clicking "Line" sorts the visible rows ascending, again descending; same rows.
    let initial = numbers(&d["lines_initial"]);
    let mut ascending = initial.clone();
    ascending.sort_by(f64::total_cmp);
    assert_eq!(initial.len(), 15);
    assert_eq!(numbers(&d["lines_first_click"]), ascending);
    assert_eq!(d["aria_first_click"], "ascending");
    let mut descending = ascending.clone();
    descending.reverse();
    assert_eq!(numbers(&d["lines_second_click"]), descending);
    // render_pdf at 360 is the last line of invoice.py's findings.
    assert_eq!(descending[0], 360.0);
    // A text column sorts case-insensitively.
    let files = strings(&d["files_click"]);
    let mut sorted = files.clone();
    sorted.sort_by_key(|f| f.to_lowercase());
    assert_eq!(files, sorted);
    // Enter on a focused header sorts too (keyboard users).
    assert_eq!(d["aria_after_enter"], "ascending");
    let sevs = strings(&d["severities_after_enter"]);
    let rank = |s: &str| {
        ["info", "low", "medium", "high", "critical"]
            .iter()
            .position(|x| *x == s)
    };
    assert!(
        sevs.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "severity ascending: {sevs:?}"
    );
    // The filter form is shown once the script ran (hidden without JS) and filters rows.
    assert_eq!(d["form_visible"], true);
    assert_eq!(strings(&d["severities_critical"]), ["critical"]);
    assert_eq!(d["count_text"], "1 shown");
    let warehouse = strings(&d["files_path_filter"]);
    assert!(!warehouse.is_empty(), "{d}");
    assert!(
        warehouse.iter().all(|f| f.starts_with("warehouse/")),
        "{warehouse:?}"
    );
    assert_eq!(d["rows_all"], 15);
    // A rule link opens the rule's rationale.
    assert_eq!(d["rule_details_open_before"], false);
    assert_eq!(d["rule_details_open_after"], true);
    assert!(
        d["sortable_tables"].as_u64().is_some_and(|n| n >= 10),
        "{d}"
    );
    assert!(
        r.stdout
            .contains("<form id=\"qd-filter\" class=\"filters\">")
    );
}

#[test]
fn a_report_of_50000_findings_opens() {
    let Some(browser) = browser_or_skip("report_browser (large)") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = write_report(dir.path(), &huge(50_000), false);
    let bytes = std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0);
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let r = run_chromium(
        &browser,
        profile.path(),
        &[
            "--dump-dom".into(),
            "--virtual-time-budget=10000".into(),
            format!("file://{}#qd-drive", instrumented(&page).display()),
        ],
    );
    let d = driven(&r.stdout);
    eprintln!(
        "50,000 findings: report.html {bytes} bytes, loaded, sorted and dumped in {:.1} s",
        r.took.as_secs_f64()
    );
    assert_eq!(d["errors"], serde_json::json!([]));
    assert_eq!(console_lines(&r.stderr), Vec::<&str>::new());
    // Fifteen rules, at most 200 rows each and 2,500 in all on the page; sorting them works.
    let lines = numbers(&d["lines_first_click"]);
    assert_eq!(lines.len(), 2500);
    assert!(lines.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(d["rows_all"], 2500);
}

/// A poppler tool (`pdfinfo`, `pdftotext`, `pdftoppm`) on PATH.
fn poppler(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Run a poppler tool; its stdout.
fn run_tool(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", tool.display()));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A copy of `page` with `extra` CSS appended to its style (an `@page` size), the
/// Content-Security-Policy re-pinned to the extended style.
fn with_extra_css(page: &Path, extra: &str, name: &str) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{e}"));
    let css = include_str!("../../report-templates/style.css");
    let style = format!("<style>{css}</style>");
    assert!(html.contains(&style), "the page inlines style.css as it is");
    let extended = format!("{css}\n{extra}");
    let html = html.replacen(&style, &format!("<style>{extended}</style>"), 1);
    let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let at = html.find(meta).expect("the page has a CSP") + meta.len();
    let end = at + html[at..].find('"').expect("CSP attribute ends");
    let csp = quarterdeck::report::html::content_security_policy(&extended, PAGE_JS);
    let html = format!("{}{csp}{}", &html[..at], &html[end..]);
    let copy = page.with_file_name(name);
    std::fs::write(&copy, html).unwrap_or_else(|e| panic!("{e}"));
    copy
}

/// The text of each page of `pdf`, and each page's width in points with the right edge of the
/// rightmost word on it (from `pdftotext -bbox`).
fn pdf_pages(pdftotext: &Path, pdf: &Path, pages: usize) -> Vec<(String, f64, f64)> {
    let p = pdf.to_string_lossy();
    (1..=pages)
        .map(|i| {
            let n = i.to_string();
            let text = run_tool(pdftotext, &["-f", &n, "-l", &n, "-layout", &p, "-"]);
            let bbox = run_tool(pdftotext, &["-f", &n, "-l", &n, "-bbox", &p, "-"]);
            let attr = |s: &str, key: &str| -> Option<f64> {
                let at = s.find(&format!("{key}=\""))? + key.len() + 2;
                s[at..].split('"').next()?.parse().ok()
            };
            let width = bbox
                .lines()
                .find(|l| l.contains("<page "))
                .and_then(|l| attr(l, "width"))
                .unwrap_or(0.0);
            let right = bbox
                .lines()
                .filter(|l| l.contains("<word "))
                .filter_map(|l| attr(l, "xMax"))
                .fold(0.0, f64::max);
            (text, width, right)
        })
        .collect()
}

/// Three years of quarters: the fixture's trend with eight earlier quarters before it and every
/// charted figure, the widest trend a printed page 2 has to hold.
fn three_years() -> quarterdeck::snapshot::Trend {
    let mut t = trend();
    let earlier: Vec<_> = (0..8)
        .map(|i| {
            let mut p = t.points[0].clone();
            let (year, q) = (2023 + (i + 3) / 4, (i + 3) % 4 + 1);
            p.label = format!("{year}-Q{q}");
            p.date = format!("{year}-{:02}-15T12:00:00Z", q * 3);
            p.generated_at = p.date.clone();
            p
        })
        .collect();
    t.points.splice(0..0, earlier);
    for name in quarterdeck::report::html::sections::TREND_FIGURES {
        let series = t.figures.entry(name.to_string()).or_default();
        let last = series.iter().flatten().last().copied().unwrap_or(0.4);
        let mut older: Vec<Option<f64>> = (0..8)
            .map(|i| Some(last * (0.6 + 0.05 * f64::from(i))))
            .collect();
        older.extend(
            series
                .iter()
                .copied()
                .chain(std::iter::repeat(Some(last)))
                .take(4),
        );
        *series = older;
    }
    for g in &mut t.gaps {
        g.after += 8;
        g.before += 8;
    }
    for i in &mut t.tool_version_changes {
        *i += 8;
    }
    t
}

/// The section headings of the detailed sections, in page order.
const DETAILED: &[&str] = &[
    "Hotspots",
    "Untested hot paths",
    "Dependencies",
    "Complexity",
    "Knowledge",
    "Changes since baseline",
    "All findings",
    "Scan coverage",
    "Methodology",
];

#[test]
fn the_report_prints_its_summary_and_trend_on_two_pages() {
    let Some(browser) = browser_or_skip("report_browser (print)") else {
        return;
    };
    let tools = ["pdfinfo", "pdftotext", "pdftoppm"].map(poppler);
    let [Some(pdfinfo), Some(pdftotext), Some(pdftoppm)] = tools else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("report_browser (print): poppler-utils is not installed; .ci/run installs it");
        }
        eprintln!(
            "notice: report_browser (print) skipped: pdfinfo/pdftotext/pdftoppm not found (apt-get install poppler-utils)"
        );
        return;
    };
    let shots = screenshots();
    let out = shots.join("print");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    // A large report: 3,000 findings over 300 files, every section populated, a trend.
    let page = write_report(&out, &huge(3_000), true);
    // On Letter (the shorter page) the trend holds twelve quarters and all eight charted figures.
    let long = out.join("three-years");
    std::fs::create_dir_all(&long).unwrap_or_else(|e| panic!("{e}"));
    let t = three_years();
    let opts = RenderOptions {
        formats: &[Format::Html],
        templates: None,
        trend: Some(&t),
    };
    render(&huge(3_000), &long, &opts).unwrap_or_else(|e| panic!("render: {e}"));
    let long_page = long.join("report.html");
    for (paper, css, page) in [
        ("letter", "", &long_page),
        ("a4", "@page { size: A4; }", &page),
    ] {
        let copy = with_extra_css(page, css, &format!("report-{paper}.html"));
        let pdf = out.join(format!("report-{paper}.pdf"));
        let _ = std::fs::remove_file(&pdf);
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let r = run_chromium(
            &browser,
            profile.path(),
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".into(),
                format!("file://{}", copy.display()),
            ],
        );
        assert!(pdf.is_file(), "{paper}: no PDF written: {}", r.stderr);
        let info = run_tool(&pdfinfo, &[&pdf.to_string_lossy()]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{paper}: no page count in {info}"));
        let size = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap_or_default()
            .to_string();
        eprintln!("print {paper}: {pages} pages ({size}), {}", pdf.display());
        let named = if paper == "a4" { "(A4)" } else { "(letter)" };
        assert!(size.contains(named), "{paper}: {size}");
        let text = pdf_pages(&pdftotext, &pdf, pages);
        // The executive summary (grade, its reasons, top risks, key figures with their
        // changes) and the whole trend are on the first two pages.
        let first_two = format!("{}\n{}", text[0].0, text[1].0);
        for needle in [
            "Executive summary",
            "score ",
            "Top risks",
            "Key figures",
            "lines of code",
            "(worse)",
            "Trend",
            "Key figures over",
        ] {
            assert!(
                first_two.contains(needle),
                "{paper}: `{needle}` not on pages 1-2"
            );
        }
        // Every detailed section starts a page of its own, in order, from page 3.
        let mut last = 2;
        for heading in DETAILED {
            let at = text
                .iter()
                .position(|(t, _, _)| t.trim_start().starts_with(heading))
                .unwrap_or_else(|| panic!("{paper}: no page starts with `{heading}`"));
            assert!(
                at >= last,
                "{paper}: `{heading}` on page {} before page {}",
                at + 1,
                last + 1
            );
            last = at;
        }
        assert!(
            text[2].0.trim_start().starts_with("Hotspots"),
            "{paper}: page 3 starts with {:?}",
            text[2].0.trim_start().lines().next()
        );
        // Long tables are capped in print, with the rest counted; the report stays short.
        let all = text
            .iter()
            .map(|(t, _, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            all.contains("more in findings.csv"),
            "{paper}: no capped-table line"
        );
        assert!(pages <= 30, "{paper}: {pages} pages");
        // Links and controls are not printed.
        assert!(
            !all.contains("Path contains"),
            "{paper}: the filter form printed"
        );
        // Nothing runs off the right edge: every word ends inside the page's right margin.
        for (i, (_, width, right)) in text.iter().enumerate() {
            assert!(
                *right <= width - 18.0,
                "{paper}: page {} has a word ending at {right} of {width} pt",
                i + 1
            );
        }
        // The first two pages as images, to look at.
        let prefix = out.join(format!("page-{paper}"));
        run_tool(
            &pdftoppm,
            &[
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "2",
                &pdf.to_string_lossy(),
                &prefix.to_string_lossy(),
            ],
        );
    }
}
