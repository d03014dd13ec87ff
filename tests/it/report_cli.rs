//! `quarterdeck report` through the binary: every output re-rendered from snapshots alone (the
//! repository deleted), `--baseline` compared at report time, `--history` trend charts,
//! `--format`, `--templates` (an override, a broken template that writes nothing), the portfolio
//! page of a merged portfolio, and bad snapshots refused with exit 2.

use crate::common::quarterly;

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{bin, stderr};
use quarterly::{
    RECONCILE, SETTLE, assert_exit_2_one_line, audit_offline, contents, copy_dir, figure_card,
    file_names, helper, quarters, read_json, write,
};

/// What `report` writes for an audit snapshot by default (README "Outputs").
const ALL_OUTPUTS: [&str; 7] = [
    "findings.csv",
    "functions.csv",
    "metrics.prom",
    "report.html",
    "report.sarif",
    "snapshot.json",
    "summary.md",
];

/// `quarterdeck report SNAPSHOT --out OUT ARGS...`.
fn report(snapshot: &Path, out: &Path, args: &[&str]) -> Output {
    bin()
        .arg("report")
        .arg(snapshot)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .expect("run quarterdeck report")
}

#[test]
fn report_rerenders_every_output_from_the_snapshot_without_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, q3, q4] = quarters(tmp.path());
    let snap = read_json(&q4);
    let root = PathBuf::from(snap["scan"]["root"].as_str().unwrap());
    assert!(!root.exists(), "the repository is gone: {}", root.display());

    let out = tmp.path().join("rerendered");
    let o = report(&q4, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(file_names(&out), ALL_OUTPUTS.map(String::from).into());
    // Everything comes from the snapshot: the same bytes as the audit wrote.
    for name in ALL_OUTPUTS {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(tmp.path().join("q4").join(name)).unwrap(),
            "{name} differs from the audit's"
        );
    }
    // The summary shows the deltas against the baseline stored in the snapshot.
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        page.contains(&format!("Compared with <code>{}</code>", q3.display())),
        "baseline named"
    );
    let d = &snap["delta"]["figures"];
    assert_eq!(
        (&d["findings_total"]["old"], &d["findings_total"]["new"]),
        (&serde_json::json!(6.0), &serde_json::json!(8.0)),
        "{d}"
    );
    let card = figure_card(&page, "findings");
    assert!(
        card.contains("<div class=\"figure-value\">8</div>"),
        "{card}"
    );
    assert!(
        card.contains(
            "title=\"baseline 6\"><span aria-hidden=\"true\">▲</span> +2 <span class=\"delta-word\">(worse)</span>"
        ),
        "{card}"
    );
    // invoice-dates moved from 1.1.0 to 2.0.0: libyear 2.458 -> 0.881, better.
    let card = figure_card(&page, "total libyear");
    assert!(
        card.contains("<div class=\"figure-value\">0.9</div>"),
        "{card}"
    );
    assert!(
        card.contains(
            "title=\"baseline 2.5\"><span aria-hidden=\"true\">▼</span> -1.6 <span class=\"delta-word\">(better)</span>"
        ),
        "{card}"
    );
    assert!(!page.contains("No baseline: figures are shown without deltas."));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains(&q3.display().to_string()), "{md}");
}

#[test]
fn baseline_flag_compares_at_report_time() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, q3, q4_compared] = quarters(tmp.path());
    // The same Q4 snapshot without its comparison.
    let mut plain = read_json(&q4_compared);
    for key in ["baseline", "delta", "gate"] {
        plain.as_object_mut().unwrap().remove(key);
    }
    for f in plain["findings"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("baseline_status");
    }
    let q4 = tmp.path().join("2026-Q4-plain.json");
    std::fs::write(&q4, serde_json::to_vec_pretty(&plain).unwrap()).unwrap();
    let before = std::fs::read(&q4).unwrap();

    let alone = tmp.path().join("alone");
    let o = report(&q4, &alone, &["--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(alone.join("report.html")).unwrap();
    assert!(page.contains("No baseline: figures are shown without deltas."));

    let out = tmp.path().join("compared");
    let q3_arg = q3.to_str().unwrap();
    let o = report(&q4, &out, &["--baseline", q3_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&q4).unwrap(),
        before,
        "the input is not rewritten"
    );
    let s = read_json(&out.join("snapshot.json"));
    assert_eq!(s["baseline"]["path"], q3_arg);
    assert_eq!(
        s["baseline"]["head_commit"],
        read_json(&q3)["scan"]["head_commit"]
    );
    // The comparison is the one `audit --baseline` stored and `diff` computes.
    let audited = read_json(&q4_compared);
    assert_eq!(s["delta"], audited["delta"]);
    let o = bin()
        .args(["diff", "--json"])
        .arg(&q3)
        .arg(&q4)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let diff: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["delta"], diff["delta"]);
    let classes: Vec<&str> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["baseline_status"].as_str().unwrap_or("none"))
        .collect();
    assert!(classes.iter().all(|c| *c != "none"), "{classes:?}");
    assert_eq!(
        (
            &s["delta"]["findings"]["new"],
            &s["delta"]["findings"]["resolved"]
        ),
        (&serde_json::json!(4), &serde_json::json!(2)),
        "{}",
        s["delta"]["findings"]
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains(&format!("Compared with <code>{q3_arg}</code>")));
    assert!(figure_card(&page, "findings").contains("title=\"baseline 6\""));
}

#[test]
fn history_draws_one_chart_per_key_figure_with_a_point_per_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let snaps = quarters(tmp.path());
    let history = tmp.path().join("history");
    std::fs::create_dir_all(&history).unwrap();
    // Names in reverse alphabetical order of their quarters: the charts follow the commits.
    for (name, s) in ["c.json", "b.json", "a.json"].iter().zip(&snaps) {
        std::fs::copy(s, history.join(name)).unwrap();
    }
    let out = tmp.path().join("out");
    let o = report(
        &snaps[2],
        &out,
        &["--history", history.to_str().unwrap(), "--format", "html"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(file_names(&out), ["report.html".to_string()].into());
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let trend = &page[page.find("<section id=\"trend\"").unwrap()..];
    let trend = &trend[..trend.find("</section>").unwrap()];
    assert!(
        trend.contains("Key figures over 3 snapshots (2026-Q2, 2026-Q3, 2026-Q4)."),
        "{trend}"
    );
    let charts: Vec<&str> = trend
        .split("<figure class=\"trend-chart\">")
        .skip(1)
        .collect();
    let captions: Vec<&str> = charts
        .iter()
        .map(|c| &c[c.find("<figcaption>").unwrap() + 12..c.find("</figcaption>").unwrap()])
        .collect();
    assert_eq!(
        captions,
        [
            "findings",
            "high findings",
            "hotspots",
            "untested hot paths",
            "total libyear",
            "90th percentile cognitive complexity",
            "total cyclomatic complexity",
            "share of judged functions with test evidence"
        ]
    );
    let q2 = read_json(&snaps[0]);
    assert!(
        q2["figures"]["hotspots"].is_number() && q2["figures"]["untested_hot_paths"].is_number()
    );
    for c in &charts {
        let svg = &c[c.find("<svg").unwrap()..c.find("</svg>").unwrap()];
        assert_eq!(svg.matches("<circle class=\"dot").count(), 3, "{svg}");
        assert_eq!(svg.matches("<circle class=\"dot last\"").count(), 1);
        // One solid line through the three points, none dashed (no missing quarter).
        assert_eq!(
            svg.matches("<path class=\"line\" d=\"M").count(),
            1,
            "{svg}"
        );
        let d = svg.split("<path class=\"line\" d=\"").nth(1).unwrap();
        assert_eq!(d[..d.find('"').unwrap()].matches(" L").count(), 2, "{svg}");
        assert!(!svg.contains("line gap"));
        let table = &c[c.find("<table class=\"mini\">").unwrap()..];
        assert!(table.contains(
            "<th scope=\"col\">2026-Q2</th><th scope=\"col\">2026-Q3</th><th scope=\"col\">2026-Q4</th>"
        ));
    }
    // The findings chart's values, oldest first: 6, 6, 8.
    assert!(
        charts[0].contains("<tr><td>6</td><td>6</td><td>8</td></tr>"),
        "{}",
        charts[0]
    );
    assert!(
        charts[0].contains("<title>2026-Q4: 8</title>"),
        "{}",
        charts[0]
    );
}

#[test]
fn format_list_writes_only_those_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, _, q4] = quarters(tmp.path());
    let out = tmp.path().join("md-sarif");
    let o = report(&q4, &out, &["--format", "md,sarif"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        file_names(&out),
        ["report.sarif".to_string(), "summary.md".to_string()].into()
    );
    let sarif = read_json(&out.join("report.sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        read_json(&q4)["findings"].as_array().unwrap().len()
    );
    let out = tmp.path().join("csv");
    let o = report(&q4, &out, &["--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        file_names(&out),
        ["findings.csv".to_string(), "functions.csv".to_string()].into()
    );
    // An unknown format is a usage error and writes nothing.
    let out = tmp.path().join("pdf");
    let o = report(&q4, &out, &["--format", "md,pdf"]);
    assert_exit_2_one_line(&o, &["--format"]);
    assert!(file_names(&out).is_empty());
}

#[test]
fn templates_override_the_html_and_a_broken_one_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, _, q4] = quarters(tmp.path());
    let templates = tmp.path().join("templates");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates"),
        &templates,
    );
    let summary = templates.join("partials/summary.hbs");
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.contains("<h2>Executive summary</h2>"));
    std::fs::write(
        &summary,
        text.replace(
            "<h2>Executive summary</h2>",
            "<h2>Executive summary for the ledger audit board</h2>",
        ),
    )
    .unwrap();
    let plain = tmp.path().join("plain");
    let o = report(&q4, &plain, &["--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let custom = tmp.path().join("custom");
    let o = report(
        &q4,
        &custom,
        &[
            "--format",
            "html",
            "--templates",
            templates.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = std::fs::read_to_string(plain.join("report.html")).unwrap();
    let b = std::fs::read_to_string(custom.join("report.html")).unwrap();
    assert!(!a.contains("ledger audit board"));
    assert!(b.contains("<h2>Executive summary for the ledger audit board</h2>"));
    assert_eq!(
        b.replace(" for the ledger audit board", ""),
        a,
        "only the overridden partial changed"
    );

    // Overriding style.css and script.js: inlined, and still allowed by the page's CSP.
    let assets = tmp.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    let embedded = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates");
    let css = std::fs::read_to_string(embedded.join("style.css")).unwrap()
        + ".ledger-board { color: #123456; }\n";
    let js = std::fs::read_to_string(embedded.join("script.js")).unwrap()
        + "/* payroll audit board */\n";
    std::fs::write(assets.join("style.css"), css).unwrap();
    std::fs::write(assets.join("script.js"), js).unwrap();
    let styled = tmp.path().join("styled");
    let o = report(
        &q4,
        &styled,
        &["--format", "html", "--templates", assets.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(styled.join("report.html")).unwrap();
    let inline = |tag: &str| -> String {
        let open = format!("<{tag}>");
        let start = page.find(&open).unwrap() + open.len();
        let end = start + page[start..].find(&format!("</{tag}>")).unwrap();
        page[start..end].to_string()
    };
    let (style, script) = (inline("style"), inline("script"));
    assert!(style.contains(".ledger-board { color: #123456; }"));
    assert!(script.contains("/* payroll audit board */"));
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=");
    let hash = |text: &str| {
        use sha2::Digest;
        format!(
            "'sha256-{}'",
            quarterly::base64(&sha2::Sha256::digest(text.as_bytes()))
        )
    };
    assert!(
        csp.contains(&format!("style-src {};", hash(&style))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("script-src {};", hash(&script))),
        "{csp}"
    );

    // A broken partial: exit 2, one line naming the file, and the folder left as it was.
    let hotspots = templates.join("partials/hotspots.hbs");
    let text = std::fs::read_to_string(&hotspots).unwrap();
    std::fs::write(&hotspots, format!("{{{{#each rows}}}}\n{text}")).unwrap();
    let out = tmp.path().join("previous");
    let o = report(&q4, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = contents(&out);
    assert_eq!(before.len(), 7);
    let o = report(&q4, &out, &["--templates", templates.to_str().unwrap()]);
    assert_exit_2_one_line(&o, &["hotspots.hbs"]);
    assert_eq!(
        contents(&out),
        before,
        "nothing rewritten, nothing left half"
    );
    let fresh = tmp.path().join("fresh");
    let o = report(&q4, &fresh, &["--templates", templates.to_str().unwrap()]);
    assert_exit_2_one_line(&o, &["hotspots.hbs"]);
    assert!(file_names(&fresh).is_empty(), "{:?}", file_names(&fresh));
}

#[test]
fn a_merged_portfolio_renders_as_the_portfolio_page() {
    let tmp = tempfile::tempdir().unwrap();
    let mut snaps = Vec::new();
    for (name, funcs) in [
        ("billing", vec![SETTLE.to_string(), helper(0)]),
        ("payroll", vec![RECONCILE.to_string(), helper(1), helper(2)]),
    ] {
        let root = tmp.path().join("repos").join(name);
        write(&root, "src/main.py", &funcs.join("\n\n"));
        snaps.push(audit_offline(
            tmp.path(),
            &root,
            &tmp.path().join(name),
            &[],
        ));
    }
    let portfolio = tmp.path().join("portfolio.json");
    let o = bin()
        .arg("merge")
        .arg(&snaps[0])
        .arg(&snaps[1])
        .arg("--out")
        .arg(&portfolio)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p = read_json(&portfolio);
    let out = tmp.path().join("portfolio");
    let o = report(&portfolio, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        file_names(&out),
        [
            "metrics.prom",
            "portfolio.json",
            "report.html",
            "repositories.csv",
            "summary.md"
        ]
        .map(String::from)
        .into()
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("<h1>Portfolio of 2 repositories</h1>"));
    let table = &page[page.find("id=\"portfolio-table\"").unwrap()..];
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr>").count(), 2, "{body}");
    let billing = body.find("<code>billing</code>").expect("billing row");
    let payroll = body.find("<code>payroll</code>").expect("payroll row");
    assert!(billing < payroll);
    // The organisation's top risks: one row per risk of the portfolio, riskiest first.
    let risks_section = &page[page.find("<section id=\"risks\"").unwrap()..];
    assert!(risks_section.contains("<h2>Top risks across the organisation</h2>"));
    let risks = p["top_risks"].as_array().unwrap();
    assert!(risks.len() >= 2, "{risks:?}");
    let rows = &risks_section[risks_section.find("<tbody>").unwrap()..];
    let rows = &rows[..rows.find("</tbody>").unwrap()];
    assert_eq!(rows.matches("<tr>").count(), risks.len());
    let first = &risks[0];
    assert_eq!(first["repository"], "payroll", "{first}");
    assert_eq!(
        first["rule_id"], "complexity/cognitive-very-high",
        "{first}"
    );
    assert!(rows.starts_with(
        "<tbody><tr><td>1</td><td><code>payroll</code></td><td data-v=\"4\"><span class=\"sev sev-high\">high</span></td><td><code>complexity/cognitive-very-high</code></td>"
    ), "{rows}");
    let repos_in_risks: std::collections::BTreeSet<&str> = risks
        .iter()
        .map(|r| r["repository"].as_str().unwrap())
        .collect();
    assert_eq!(repos_in_risks, ["billing", "payroll"].into());
    // --baseline applies to an audit snapshot only.
    let o = report(
        &portfolio,
        &tmp.path().join("never"),
        &["--baseline", snaps[0].to_str().unwrap()],
    );
    assert_exit_2_one_line(&o, &["portfolio"]);
    assert!(file_names(&tmp.path().join("never")).is_empty());
}

#[test]
fn bad_snapshots_are_exit_2_with_one_line_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, q3, q4] = quarters(tmp.path());
    let bytes = std::fs::read(&q4).unwrap();
    let truncated = tmp.path().join("2026-Q4-truncated.json");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = tmp.path().join("package.json");
    std::fs::write(&foreign, br#"{"name": "billing-ui", "version": "1.0.0"}"#).unwrap();
    let missing = tmp.path().join("2026-Q1.json");
    let cases: [(&Path, &str); 3] = [
        (&missing, "2026-Q1.json"),
        (&truncated, "the file is truncated"),
        (&foreign, "no `schema_version`"),
    ];
    for (i, (path, wanted)) in cases.iter().enumerate() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let out = tmp.path().join(format!("out-{i}"));
        let o = report(path, &out, &[]);
        assert_exit_2_one_line(&o, &[name, wanted]);
        assert!(
            file_names(&out).is_empty(),
            "{name}: {:?}",
            file_names(&out)
        );
        // The same files as a baseline of a good snapshot.
        let out = tmp.path().join(format!("baseline-{i}"));
        let o = report(&q4, &out, &["--baseline", path.to_str().unwrap()]);
        assert_exit_2_one_line(&o, &[name, wanted]);
        assert!(
            file_names(&out).is_empty(),
            "{name}: {:?}",
            file_names(&out)
        );
    }
    // A history folder holding a file that is not a snapshot.
    let history = tmp.path().join("history");
    std::fs::create_dir_all(&history).unwrap();
    std::fs::copy(&q3, history.join("2026-Q3.json")).unwrap();
    std::fs::copy(&foreign, history.join("notes.json")).unwrap();
    let out = tmp.path().join("out-history");
    let o = report(&q4, &out, &["--history", history.to_str().unwrap()]);
    assert_exit_2_one_line(&o, &["notes.json"]);
    assert!(file_names(&out).is_empty());
}

#[test]
fn a_failing_report_leaves_no_output_folder_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, _, q4] = quarters(tmp.path());
    let broken = tmp.path().join("broken");
    write(&broken, "report.hbs", "<html>\n{{#if}}\n</html>\n");
    let missing = tmp.path().join("2026-Q2.json");
    let cases: [(&str, Vec<&str>); 3] = [
        ("baseline", vec!["--baseline", missing.to_str().unwrap()]),
        ("templates", vec!["--templates", broken.to_str().unwrap()]),
        (
            "no-templates",
            vec!["--templates", "/nonexistent/templates"],
        ),
    ];
    // `audit` with a bad baseline leaves nothing, as README's exit code 2 says.
    let out = tmp.path().join("audit-out");
    let o = bin()
        .args(["audit", "--quiet", "--baseline"])
        .arg(&missing)
        .arg("--out")
        .arg(&out)
        .arg(tmp.path().join("q4"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    for (name, args) in cases {
        let out = tmp.path().join(format!("out-{name}"));
        let o = report(&q4, &out, &args);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(!out.exists(), "{name}: {} was created", out.display());
    }
}

#[test]
fn a_missing_snapshot_names_the_os_error_once() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("2026-Q3.json");
    let o = report(&missing, &tmp.path().join("out"), &[]);
    assert_eq!(
        stderr(&o),
        format!(
            "quarterdeck: cannot read snapshot {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}
