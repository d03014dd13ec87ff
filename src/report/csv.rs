//! `functions.csv` and `findings.csv` for spreadsheets: RFC 4180 quoting, a header row, and
//! text cells guarded against formula injection.

use std::collections::HashMap;

use crate::rules::Finding;
use crate::snapshot::Snapshot;

/// Guard a text cell against spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'`, which spreadsheets show as text.
pub fn guard_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Quote a field per RFC 4180 when it holds a comma, quote, CR or LF (quotes doubled).
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One cell: text cells guarded and quoted, numbers as written.
enum Cell {
    Text(String),
    Num(String),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(v: impl ToString) -> Cell {
    Cell::Num(v.to_string())
}

fn opt_num<T: ToString>(v: Option<T>) -> Cell {
    Cell::Num(v.map(|v| v.to_string()).unwrap_or_default())
}

fn row(out: &mut String, cells: Vec<Cell>) {
    let line: Vec<String> = cells
        .into_iter()
        .map(|c| match c {
            Cell::Text(s) => quote(&guard_cell(&s)),
            Cell::Num(s) => s,
        })
        .collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn header(out: &mut String, names: &[&str]) {
    out.push_str(&names.join(","));
    out.push_str("\r\n");
}

/// One row per function: path, language, names, lines, metrics, changes, evidence, coverage,
/// and its unsuppressed findings.
pub fn function_rows(s: &Snapshot) -> String {
    let mut findings: HashMap<(&str, &str), usize> = HashMap::new();
    for f in s.findings.iter().filter(|f| !f.suppressed) {
        if let Some(sym) = &f.symbol {
            *findings.entry((f.path.as_str(), sym.as_str())).or_default() += 1;
        }
    }
    let mut out = String::new();
    header(
        &mut out,
        &[
            "path",
            "language",
            "test_file",
            "qualified_name",
            "name",
            "start_line",
            "end_line",
            "length",
            "nloc",
            "cyclomatic",
            "cognitive",
            "params",
            "max_nesting",
            "changes",
            "file_commits",
            "evidence",
            "coverage",
            "covered_lines",
            "coverable_lines",
            "test_files",
            "findings",
        ],
    );
    for file in &s.files {
        for f in &file.functions {
            let t = f.tests.as_ref();
            let evidence = t
                .and_then(|t| serde_json::to_value(t.evidence).ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            row(
                &mut out,
                vec![
                    text(&file.path),
                    text(&file.language),
                    text(if file.test { "yes" } else { "no" }),
                    text(&f.qualified_name),
                    text(&f.name),
                    num(f.start_line),
                    num(f.end_line),
                    num(f.length),
                    num(f.nloc),
                    num(f.cyclomatic),
                    num(f.cognitive),
                    num(f.params),
                    num(f.max_nesting),
                    opt_num(f.changes),
                    opt_num(file.history.as_ref().map(|h| h.commits)),
                    text(evidence),
                    opt_num(
                        t.and_then(|t| t.coverage)
                            .map(|c| (c * 10_000.0).round() / 10_000.0),
                    ),
                    opt_num(t.and_then(|t| t.covered_lines)),
                    opt_num(t.and_then(|t| t.coverable_lines)),
                    opt_num(t.and_then(|t| t.test_files)),
                    num(findings
                        .get(&(file.path.as_str(), f.qualified_name.as_str()))
                        .copied()
                        .unwrap_or(0)),
                ],
            );
        }
    }
    out
}

fn finding_row(out: &mut String, f: &Finding, status: &str) {
    let (src, reason) = match (&f.suppression, f.suppressed) {
        (Some(s), true) => (
            match s.source {
                crate::rules::SuppressionSource::Inline => "inline",
                crate::rules::SuppressionSource::File => "file",
            },
            s.reason.as_str(),
        ),
        _ => ("", ""),
    };
    row(
        out,
        vec![
            text(&f.rule_id),
            text(f.severity.as_str()),
            text(f.category.as_str()),
            text(&f.path),
            num(f.start_line),
            num(f.end_line),
            text(f.symbol.clone().unwrap_or_default()),
            text(&f.message),
            text(f.metric.clone().unwrap_or_default()),
            opt_num(f.value),
            opt_num(f.threshold),
            text(status),
            text(if f.suppressed { "yes" } else { "no" }),
            text(src),
            text(reason),
            text(&f.fingerprint),
        ],
    );
}

/// One row per finding (suppressed ones marked), then the baseline's resolved findings with
/// `baseline_status` = `resolved`.
pub fn finding_rows(s: &Snapshot) -> String {
    let mut out = String::new();
    header(
        &mut out,
        &[
            "rule_id",
            "severity",
            "category",
            "path",
            "start_line",
            "end_line",
            "symbol",
            "message",
            "metric",
            "value",
            "threshold",
            "baseline_status",
            "suppressed",
            "suppression_source",
            "suppression_reason",
            "fingerprint",
        ],
    );
    for f in &s.findings {
        let status = f
            .baseline_status
            .and_then(|b| serde_json::to_value(b).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        finding_row(&mut out, f, &status);
    }
    if let Some(d) = &s.delta {
        for f in &d.resolved {
            finding_row(&mut out, f, "resolved");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_guarded() {
        assert_eq!(guard_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard_cell("+1"), "'+1");
        assert_eq!(guard_cell("-x"), "'-x");
        assert_eq!(guard_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard_cell("billing/invoice.py"), "billing/invoice.py");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }
}
