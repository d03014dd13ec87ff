//! The trend and portfolio models: series of key figures over quarters (`quarterdeck trend`)
//! and the combined view of many repositories (`quarterdeck merge`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rules::{Category, Severity};

/// One snapshot's place in a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// A short label for charts: the quarter of the commit date (`2026-Q3`).
    pub label: String,
    pub head_commit: Option<String>,
    /// HEAD's commit date (else the generation date), RFC 3339: the series' order.
    pub date: String,
    pub generated_at: String,
    pub tool_version: String,
    pub schema_version: u32,
    /// The snapshot file it came from.
    pub source: String,
}

/// A quarter with no snapshot between two that exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendGap {
    /// The missing quarter (`2026-Q2`).
    pub label: String,
    /// Between the points at these indices.
    pub after: usize,
    pub before: usize,
}

/// Series of every key figure and every finding class over snapshots (`trend.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub schema_version: u32,
    pub repository: String,
    /// Oldest first.
    pub points: Vec<TrendPoint>,
    /// Figure name -> one value per point (`null` where that snapshot lacks the figure).
    pub figures: BTreeMap<String, Vec<Option<f64>>>,
    /// Rule id -> unsuppressed findings per point.
    pub rules: BTreeMap<String, Vec<u32>>,
    /// Category -> unsuppressed findings per point.
    pub categories: BTreeMap<String, Vec<u32>>,
    /// Baseline class (`new`, `worsened`, `improved`, `unchanged`, `resolved`) -> findings per
    /// point, from each snapshot's own comparison (`null` where it was made without a baseline).
    #[serde(default)]
    pub changes: BTreeMap<String, Vec<Option<u32>>>,
    pub gaps: Vec<TrendGap>,
    /// Indices of points whose tool version differs from the point before.
    pub tool_version_changes: Vec<usize>,
}

/// One repository in a portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioRepository {
    pub repository: String,
    pub remote: Option<String>,
    pub head_commit: Option<String>,
    pub generated_at: String,
    /// The report grade (A-E) of that snapshot.
    pub grade: String,
    pub figures: BTreeMap<String, f64>,
    /// The snapshot file merged.
    pub source: String,
}

/// One of the organisation's top risks: a finding with the repository it is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioRisk {
    pub repository: String,
    pub rule_id: String,
    pub severity: Severity,
    pub category: Category,
    pub path: String,
    pub symbol: Option<String>,
    pub message: String,
    /// The plain-language sentence the report shows.
    pub sentence: String,
    pub fingerprint: String,
}

/// Many repositories' snapshots combined (`quarterdeck merge`, `"kind": "portfolio"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    pub schema_version: u32,
    /// Always `portfolio`.
    pub kind: String,
    pub generated_at: String,
    pub tool_version: String,
    pub repositories: Vec<PortfolioRepository>,
    /// Sums over repositories of the additive figures (counts, sums, libyear).
    pub figures: BTreeMap<String, f64>,
    /// The riskiest findings across repositories, most severe first.
    pub top_risks: Vec<PortfolioRisk>,
}
