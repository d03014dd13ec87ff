//! `summary.md` for CI job summaries and PR comments: grade, gate, deltas, top risks and new
//! findings, always under `MARKDOWN_LIMIT` characters whatever the repository's size.

use crate::rules::Finding;
use crate::snapshot::{BaselineStatus, Snapshot};

use super::risks::{Risk, top_risks};
use super::text::{
    KEY_FIGURES, NOT_MEASURED, Trend, arrow, clip, day, figure_value, label, signed_delta,
};
use super::{grade, text};

/// The most characters (in fact bytes, which are never fewer) `summary.md` holds: a PR comment
/// takes 65,536.
pub const MARKDOWN_LIMIT: usize = 65_000;
/// Room kept for the closing note.
const RESERVE: usize = 600;
/// Rows of each findings list before "and N more".
const MAX_ROWS: usize = 60;
/// Repository text is cut to this many characters in a cell.
const CELL: usize = 160;

/// Escape text for Markdown outside code: punctuation that could start markup is
/// backslash-escaped, `<` and `&` become entities (GitHub would read them as HTML).
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clip(s, usize::MAX).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Repository text as a code span, cut to `max` characters, fenced with more backticks than it
/// holds; `|` escaped for table cells (GitHub reads `\|` in a table cell as `|`).
pub fn md_code(s: &str, max: usize) -> String {
    let body = clip(s, max).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') || body.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A risk sentence in Markdown.
pub fn md_risk(r: &Risk) -> String {
    r.segments
        .iter()
        .map(|s| {
            if s.code {
                md_code(&s.text, CELL)
            } else {
                md_text(&s.text)
            }
        })
        .collect()
}

fn location(f: &Finding) -> String {
    let mut loc = format!("{}:{}", f.path, f.start_line);
    if let Some(s) = &f.symbol {
        loc.push_str(&format!(" {s}"));
    }
    md_code(&loc, CELL)
}

/// A string that refuses to grow past its limit.
struct Budget {
    out: String,
    limit: usize,
}

impl Budget {
    /// Append a line if it fits (keeping `RESERVE` free); false when it did not.
    fn line(&mut self, l: &str) -> bool {
        if self.out.len() + l.len() + 1 > self.limit - RESERVE {
            return false;
        }
        self.out.push_str(l);
        self.out.push('\n');
        true
    }
}

fn finding_table(b: &mut Budget, rows: &[&Finding], more_in: &str) {
    b.line("| severity | rule | location | message |");
    b.line("|---|---|---|---|");
    let mut shown = 0;
    for f in rows.iter().take(MAX_ROWS) {
        let row = format!(
            "| {} | {} | {} | {} |",
            f.severity.as_str(),
            md_code(&f.rule_id, 80),
            location(f),
            md_text(&clip(&f.message, CELL))
        );
        if !b.line(&row) {
            break;
        }
        shown += 1;
    }
    if shown < rows.len() {
        b.line("");
        b.line(&format!("…and {} more ({more_in}).", rows.len() - shown));
    }
}

/// The Markdown summary of a snapshot.
pub fn markdown(s: &Snapshot) -> String {
    let mut b = Budget {
        out: String::new(),
        limit: MARKDOWN_LIMIT,
    };
    let g = grade::grade(s);
    let folder = s
        .scan
        .subfolder
        .as_deref()
        .map(|f| format!(" / {}", md_text(&clip(f, CELL))))
        .unwrap_or_default();
    b.line(&format!(
        "## quarterdeck audit: {}{folder}",
        md_text(&clip(&s.scan.repository, CELL))
    ));
    b.line("");
    let mut head = format!(
        "**Grade {}** (score {}/100)",
        g.letter,
        text::num(g.score, 1)
    );
    if let Some(c) = &s.scan.head_commit {
        head.push_str(&format!(
            " · commit {}",
            md_code(c.get(..12).unwrap_or(c), 12)
        ));
    }
    if let Some(br) = &s.scan.branch {
        head.push_str(&format!(" on {}", md_code(br, 60)));
    }
    head.push_str(&format!(" · {}", day(&s.scan.generated_at)));
    b.line(&head);
    b.line("");
    match &s.baseline {
        Some(base) => b.line(&format!(
            "Compared with {} ({}).",
            md_code(&base.path, CELL),
            day(base.commit_date.as_deref().unwrap_or(&base.generated_at))
        )),
        None => b.line("No baseline: pass `--baseline` with last quarter's snapshot for deltas."),
    };
    if let Some(gate) = &s.gate {
        b.line("");
        if gate.passed {
            b.line(&format!(
                "**Quality gate: passed** ({} conditions).",
                gate.conditions.len()
            ));
        } else {
            b.line("**Quality gate: failed**");
            for f in gate.failures.iter().take(10) {
                b.line(&format!(
                    "- {}: {}",
                    md_code(&f.condition, 80),
                    md_text(&clip(&f.message, CELL))
                ));
            }
        }
    }
    b.line("");
    b.line("### Key figures");
    b.line("");
    let delta = s.delta.as_ref();
    b.line(if delta.is_some() {
        "| figure | value | change |"
    } else {
        "| figure | value |"
    });
    b.line(if delta.is_some() {
        "|---|---:|---|"
    } else {
        "|---|---:|"
    });
    for &name in KEY_FIGURES {
        let Some(&v) = s.figures.get(name) else {
            b.line(&format!(
                "| {} | {NOT_MEASURED} |{}",
                label(name),
                if delta.is_some() { " |" } else { "" }
            ));
            continue;
        };
        let mut row = format!("| {} | {} |", label(name), figure_value(name, v));
        if let Some(d) = delta {
            let change = match d.figures.get(name) {
                Some(fd) => {
                    let t = Trend::of(name, fd.delta);
                    match t {
                        Trend::Same => "= no change".to_string(),
                        _ => format!(
                            "{} {} ({})",
                            arrow(fd.delta),
                            signed_delta(name, fd.delta),
                            t.as_str()
                        ),
                    }
                }
                None => "not in the baseline".to_string(),
            };
            row.push_str(&format!(" {change} |"));
        }
        b.line(&row);
    }
    b.line("");
    b.line("### Top risks");
    b.line("");
    let risks = top_risks(s, 5);
    if risks.is_empty() {
        b.line("No function or dependency stands out.");
    }
    for (i, r) in risks.iter().enumerate() {
        b.line(&format!("{}. {}", i + 1, md_risk(r)));
    }
    if let Some(d) = delta {
        let c = &d.findings;
        b.line("");
        b.line("### Changes since the baseline");
        b.line("");
        b.line(&format!(
            "{} new · {} worsened · {} improved · {} resolved · {} unchanged",
            c.new, c.worsened, c.improved, c.resolved, c.unchanged
        ));
        if d.tool_version_changed {
            b.line("");
            b.line("The baseline was made by another quarterdeck version: some changes may come from the tool.");
        }
        if !d.rule_changes.is_empty() {
            b.line("");
            b.line(&format!(
                "Rules configured differently since the baseline (findings not strictly comparable): {}.",
                d.rule_changes
                    .iter()
                    .take(20)
                    .map(|r| format!("{} ({})", md_code(&r.rule_id, 80), md_text(&r.change)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut new: Vec<&Finding> = s
            .findings
            .iter()
            .filter(|f| !f.suppressed && f.baseline_status == Some(BaselineStatus::New))
            .collect();
        new.sort_by_key(|f| std::cmp::Reverse(f.severity));
        b.line("");
        b.line(&format!("### New findings ({})", new.len()));
        b.line("");
        if new.is_empty() {
            b.line("None.");
        } else {
            finding_table(&mut b, &new, "all are in findings.csv and report.sarif");
        }
        let mut worse: Vec<&Finding> = s
            .findings
            .iter()
            .filter(|f| !f.suppressed && f.baseline_status == Some(BaselineStatus::Worsened))
            .collect();
        worse.sort_by_key(|f| std::cmp::Reverse(f.severity));
        if !worse.is_empty() {
            b.line("");
            b.line(&format!("### Worsened findings ({})", worse.len()));
            b.line("");
            finding_table(&mut b, &worse, "all are in findings.csv");
        }
    }
    let t = &s.totals.findings;
    let sev = &t.by_severity;
    b.line("");
    b.line("### Findings by severity");
    b.line("");
    b.line(&format!(
        "critical {} · high {} · medium {} · low {} · info {} · suppressed {}",
        sev.critical, sev.high, sev.medium, sev.low, sev.info, t.suppressed
    ));
    if s.delta.is_none() {
        let mut top: Vec<&Finding> = s.findings.iter().filter(|f| !f.suppressed).collect();
        top.sort_by_key(|f| std::cmp::Reverse(f.severity));
        if !top.is_empty() {
            b.line("");
            b.line("### Most severe findings");
            b.line("");
            finding_table(&mut b, &top, "all are in findings.csv and report.sarif");
        }
    }
    let mut out = b.out;
    out.push_str(&format!(
        "\n<sub>quarterdeck {} · {} files, {} functions, {} lines of code · full report in report.html</sub>\n",
        md_text(&clip(&s.tool.version, 40)),
        s.totals.files,
        s.totals.summary.functions,
        s.totals.lines.code
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_fence_backticks_and_escape_pipes() {
        assert_eq!(md_code("a.py", 10), "`a.py`");
        assert_eq!(md_code("x`y", 10), "``x`y``");
        assert_eq!(md_code("`x", 10), "`` `x ``");
        assert_eq!(md_code("a|b", 10), "`a\\|b`");
    }

    #[test]
    fn text_escapes_markup_and_html() {
        assert_eq!(
            md_text("<img src=x> *bold* [a](b) & c"),
            "&lt;img src=x&gt; \\*bold\\* \\[a\\](b) &amp; c"
        );
        assert_eq!(md_text("line\nbreak"), "line break");
    }
}
