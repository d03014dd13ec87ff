//! Portfolio outputs (from `quarterdeck merge`): Markdown, metrics with one `repository` label
//! per repository, `repositories.csv`, and the per-repository risks `merge` ranks.

use crate::rules::Category;
use crate::snapshot::{Portfolio, PortfolioRisk, Snapshot};

use super::csv::{guard_cell, quote};
use super::markdown::{MARKDOWN_LIMIT, md_code, md_text};
use super::openmetrics::{Families, add_figures};
use super::risks::{RiskKind, top_risks};
use super::text::{KEY_FIGURES, NOT_MEASURED, clip, day, figure_value, label};

/// A repository's top risks for `trend::merge` (its `PortfolioStyle::risks`): the report's
/// plain-language risks with their scores, each tied to its most severe finding when one exists.
pub fn portfolio_risks(s: &Snapshot) -> Vec<(f64, PortfolioRisk)> {
    top_risks(s, 10)
        .into_iter()
        .map(|r| {
            let sentence = r.sentence();
            let (rule_id, severity, category, fingerprint, message) = match &r.finding {
                Some(f) => (
                    f.rule_id.clone(),
                    f.severity,
                    f.category,
                    f.fingerprint.clone(),
                    f.message.clone(),
                ),
                None => (
                    "quarterdeck/risk".to_string(),
                    crate::rules::Severity::Info,
                    match r.kind {
                        RiskKind::Code => Category::Complexity,
                        RiskKind::Dependency => Category::Dependencies,
                    },
                    crate::snapshot::fingerprint::sha256_hex(
                        format!("{}\0{}", r.path, r.symbol.clone().unwrap_or_default()).as_bytes(),
                    ),
                    r.plain(),
                ),
            };
            (
                r.score,
                PortfolioRisk {
                    repository: s.scan.repository.clone(),
                    rule_id,
                    severity,
                    category,
                    path: r.path.clone(),
                    symbol: r.symbol.clone(),
                    message,
                    sentence,
                    fingerprint,
                },
            )
        })
        .collect()
}

/// Each repository's name as the portfolio outputs show it: repositories sharing a name (a
/// portfolio merged by an older quarterdeck) are told apart by their remote or snapshot path.
pub fn repository_names(p: &Portfolio) -> Vec<String> {
    crate::snapshot::name::distinct(
        &p.repositories
            .iter()
            .map(|r| {
                let locator = r.remote.as_deref().unwrap_or(r.source.as_str());
                (r.repository.as_str(), locator)
            })
            .collect::<Vec<_>>(),
    )
}

/// The portfolio as Markdown (under `MARKDOWN_LIMIT` characters).
pub fn portfolio_markdown(p: &Portfolio) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## quarterdeck portfolio: {} repositories\n\n{} · quarterdeck {}\n\n",
        p.repositories.len(),
        day(&p.generated_at),
        md_text(&clip(&p.tool_version, 40))
    ));
    let cols: Vec<&str> = KEY_FIGURES
        .iter()
        .copied()
        .filter(|n| p.repositories.iter().any(|r| r.figures.contains_key(*n)))
        .take(6)
        .collect();
    out.push_str("| repository | grade |");
    for c in &cols {
        out.push_str(&format!(" {} |", label(c)));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---:|".repeat(cols.len()));
    out.push('\n');
    let budget = MARKDOWN_LIMIT - 12_000;
    let mut shown = 0;
    for (r, name) in p.repositories.iter().zip(repository_names(p)) {
        let mut row = format!("| {} | {} |", md_code(&name, 100), md_text(&r.grade));
        for c in &cols {
            let v = r
                .figures
                .get(*c)
                .map(|v| figure_value(c, *v))
                .unwrap_or_else(|| NOT_MEASURED.into());
            row.push_str(&format!(" {v} |"));
        }
        if out.len() + row.len() > budget {
            break;
        }
        out.push_str(&row);
        out.push('\n');
        shown += 1;
    }
    if shown < p.repositories.len() {
        out.push_str(&format!(
            "\n…and {} more repositories (repositories.csv lists all).\n",
            p.repositories.len() - shown
        ));
    }
    out.push_str("\n### Top risks across repositories\n\n");
    for (i, r) in p.top_risks.iter().take(20).enumerate() {
        out.push_str(&format!(
            "{}. {} ({}): {}\n",
            i + 1,
            md_code(&r.repository, 100),
            r.severity.as_str(),
            md_text(&clip(&r.sentence.replace('`', ""), 300))
        ));
    }
    out
}

/// Metrics of every repository, one family per figure with a sample per repository.
pub fn portfolio_metrics(p: &Portfolio) -> String {
    let mut f = Families::new();
    f.add(
        "quarterdeck_build_info",
        "quarterdeck version that merged the portfolio (value always 1).",
        &[("version", p.tool_version.clone())],
        1.0,
    );
    for (r, name) in p.repositories.iter().zip(repository_names(p)) {
        // A repository without a grade has no sample (missing is never 0).
        let grade_score = match r.grade.as_str() {
            "A" => Some(5.0),
            "B" => Some(4.0),
            "C" => Some(3.0),
            "D" => Some(2.0),
            "E" => Some(1.0),
            _ => None,
        };
        if let Some(v) = grade_score {
            f.add(
                "quarterdeck_grade",
                "Report grade as a number (A = 5 ... E = 1).",
                &[("repository", name.clone()), ("grade", r.grade.clone())],
                v,
            );
        }
        add_figures(&mut f, &name, &r.figures);
    }
    f.finish()
}

/// `repositories.csv`: one row per repository with its grade and every key figure.
pub fn csv(p: &Portfolio) -> String {
    let cols: Vec<&str> = KEY_FIGURES.to_vec();
    let mut out = String::from("repository,remote,grade,head_commit,generated_at,source");
    for c in &cols {
        out.push(',');
        out.push_str(c);
    }
    out.push_str("\r\n");
    for (r, name) in p.repositories.iter().zip(repository_names(p)) {
        let text = |s: &str| quote(&guard_cell(s));
        let mut cells = vec![
            text(&name),
            text(r.remote.as_deref().unwrap_or("")),
            text(&r.grade),
            text(r.head_commit.as_deref().unwrap_or("")),
            text(&r.generated_at),
            text(&r.source),
        ];
        for c in &cols {
            cells.push(r.figures.get(*c).map(|v| v.to_string()).unwrap_or_default());
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
