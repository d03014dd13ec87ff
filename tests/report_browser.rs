//! The HTML report in headless Chromium: it renders without script errors or blocked requests,
//! sorting and filtering work (the page's `#qd-selftest` hook), and a screenshot is saved under
//! `target/report-screenshots/`. Skipped with a notice without chromium, except in CI.

#[path = "common/report_fixture.rs"]
mod report_fixture;

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

/// The self-test result the page's script wrote into `<pre id="qd-selftest-result">`.
fn selftest(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"qd-selftest-result\">")
        .unwrap_or_else(|| panic!("no self-test result in the DOM (script did not run?)"));
    let rest = &dom[start + "<pre id=\"qd-selftest-result\">".len()..];
    let text = &rest[..rest.find("</pre>").unwrap_or(rest.len())];
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("self-test result {text}: {e}"))
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
            format!("{url}#qd-selftest"),
        ],
    );
    let result = selftest(&r.stdout);
    assert_eq!(
        result["errors"],
        serde_json::json!([]),
        "script or CSP errors"
    );
    assert_eq!(result["ascending"], true, "{result}");
    assert_eq!(result["descending"], true, "{result}");
    assert_eq!(result["rows"], 15);
    // Sorted by line, descending: the largest line first (the resolved and new findings
    // include invoice.py's render_pdf at 360).
    assert_eq!(result["first"], 360);
    assert_eq!(result["critical_shown"], 1);
    assert_eq!(result["all_shown"], 15);
    assert!(
        result["sortable"].as_u64().is_some_and(|n| n >= 10),
        "{result}"
    );
    assert_eq!(console_lines(&r.stderr), Vec::<&str>::new());
    // The filter form is shown once the script ran (it is hidden without JS).
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
            format!("file://{}#qd-selftest", page.display()),
        ],
    );
    let result = selftest(&r.stdout);
    eprintln!(
        "50,000 findings: report.html {bytes} bytes, loaded, sorted and dumped in {:.1} s",
        r.took.as_secs_f64()
    );
    assert_eq!(result["errors"], serde_json::json!([]));
    assert_eq!(result["ascending"], true);
    assert_eq!(result["descending"], true);
    // Five rules, at most 200 rows each on the page.
    assert_eq!(result["rows"], 1000);
}
