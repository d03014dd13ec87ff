//! The view model of the portfolio page: one row per repository with its grade and key
//! figures, and the organisation-wide top risks.

use serde::Serialize;

use crate::report::risks::Segment;
use crate::report::text::{KEY_FIGURES, NOT_MEASURED, day, figure_value, label};
use crate::snapshot::Portfolio;

#[derive(Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    pub text: String,
    /// Sort key (`-1` when absent).
    pub v: f64,
}

#[derive(Debug, Serialize)]
pub struct RepositoryRow {
    pub repository: String,
    pub remote: String,
    pub grade: String,
    pub grade_class: String,
    pub grade_rank: u32,
    pub commit: String,
    pub day: String,
    pub source: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Serialize)]
pub struct PortfolioRiskView {
    pub rank: usize,
    pub repository: String,
    pub severity: &'static str,
    pub severity_rank: u8,
    pub rule_id: String,
    pub location: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
pub struct PortfolioView {
    pub generated_day: String,
    pub tool_version: String,
    pub repositories: Vec<RepositoryRow>,
    pub columns: Vec<Column>,
    pub totals: Vec<Cell>,
    pub risks: Vec<PortfolioRiskView>,
}

/// A sentence with backtick-quoted code split into segments.
pub fn split_backticks(s: &str) -> Vec<Segment> {
    s.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| Segment {
            text: t.to_string(),
            code: i % 2 == 1,
        })
        .collect()
}

pub fn portfolio(p: &Portfolio) -> PortfolioView {
    let names: Vec<&'static str> = KEY_FIGURES
        .iter()
        .copied()
        .filter(|n| {
            p.figures.contains_key(*n) || p.repositories.iter().any(|r| r.figures.contains_key(*n))
        })
        .collect();
    let cell = |v: Option<&f64>, name: &str| match v {
        Some(v) => Cell {
            text: figure_value(name, *v),
            v: *v,
        },
        None => Cell {
            text: NOT_MEASURED.into(),
            v: -1.0,
        },
    };
    let all = p.repositories.len();
    // A total says how many repositories it covers when some did not measure the figure.
    let total = |name: &str| {
        // Means and percentiles are not added up: no total, rather than "not measured".
        if !crate::snapshot::figures::spec(name).is_some_and(|s| s.additive) {
            return Cell {
                text: String::new(),
                v: -1.0,
            };
        }
        let covered = p
            .repositories
            .iter()
            .filter(|r| r.figures.contains_key(name))
            .count();
        let mut c = cell(p.figures.get(name), name);
        if covered < all && p.figures.contains_key(name) {
            c.text = format!("{} over {covered} of {all} repositories", c.text);
        }
        c
    };
    PortfolioView {
        generated_day: day(&p.generated_at).to_string(),
        tool_version: p.tool_version.clone(),
        repositories: p
            .repositories
            .iter()
            .zip(crate::report::portfolio::repository_names(p))
            .map(|(r, name)| RepositoryRow {
                repository: name,
                remote: r.remote.clone().unwrap_or_default(),
                grade_class: format!("grade-{}", r.grade.to_ascii_lowercase()),
                grade_rank: match r.grade.as_str() {
                    "A" => 1,
                    "B" => 2,
                    "C" => 3,
                    "D" => 4,
                    "E" => 5,
                    _ => 6,
                },
                grade: r.grade.clone(),
                commit: r
                    .head_commit
                    .as_ref()
                    .map(|c| c.get(..12).unwrap_or(c).to_string())
                    .unwrap_or_default(),
                day: day(&r.generated_at).to_string(),
                source: r.source.clone(),
                cells: names.iter().map(|n| cell(r.figures.get(*n), n)).collect(),
            })
            .collect(),
        totals: names.iter().map(|n| total(n)).collect(),
        columns: names
            .iter()
            .map(|n| Column {
                name: n,
                label: label(n).to_string(),
            })
            .collect(),
        risks: p
            .top_risks
            .iter()
            .enumerate()
            .map(|(i, r)| PortfolioRiskView {
                rank: i + 1,
                repository: r.repository.clone(),
                severity: r.severity.as_str(),
                severity_rank: r.severity as u8 + 1,
                rule_id: r.rule_id.clone(),
                location: match &r.symbol {
                    Some(s) => format!("{} {s}", r.path),
                    None => r.path.clone(),
                },
                segments: split_backticks(&r.sentence),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_mark_code() {
        let s = split_backticks("`a.py` changed 3 times; `f` has");
        assert_eq!(s.len(), 4);
        assert!(s[0].code && !s[1].code && s[2].code && !s[3].code);
        assert_eq!(s[1].text, " changed 3 times; ");
    }
}
