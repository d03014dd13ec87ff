//! The comparison model stored in a snapshot: the baseline it was compared with, the deltas of
//! its key figures, resolved findings, and the quality gate's verdict (README "Quarter over quarter").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::model::BaselineStatus;
use crate::rules::Finding;

/// The snapshot compared against (the snapshot's `baseline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    /// The baseline file as given.
    pub path: String,
    pub head_commit: Option<String>,
    /// The baseline's HEAD commit date, when it recorded one (RFC 3339).
    pub commit_date: Option<String>,
    pub generated_at: String,
    /// SHA-256 of the baseline file's bytes.
    pub digest: String,
    pub schema_version: u32,
    pub tool_version: String,
}

/// Old and new value of one key figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FigureDelta {
    pub old: f64,
    pub new: f64,
    pub delta: f64,
}

/// Findings per comparison class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    pub new: u32,
    pub unchanged: u32,
    pub worsened: u32,
    pub improved: u32,
    pub resolved: u32,
}

/// A rule whose thresholds or severity differ between the two snapshots: its findings are not
/// strictly comparable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleChange {
    pub rule_id: String,
    /// `thresholds`, `severity`, `added`, `removed`, `disabled`, `enabled`.
    pub change: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What changed since the baseline (the snapshot's `delta`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// Every key figure (see `figures`) present in either snapshot.
    pub figures: BTreeMap<String, FigureDelta>,
    pub findings: ClassCounts,
    /// Baseline findings that are gone, as they were in the baseline.
    pub resolved: Vec<Finding>,
    /// Rules configured differently in the two runs.
    pub rule_changes: Vec<RuleChange>,
    /// Files renamed between the two snapshots (old path -> new path), from the history.
    pub renames: BTreeMap<String, String>,
    /// The tool versions differ.
    pub tool_version_changed: bool,
}

/// One gate condition that failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateFailure {
    /// The condition as configured (`--fail-on new:high`, `max_new_findings = 0`).
    pub condition: String,
    pub message: String,
    /// Fingerprints of the findings that failed it (at most 100).
    pub findings: Vec<String>,
}

/// The quality gate's verdict (the snapshot's `gate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GateVerdict {
    pub passed: bool,
    /// Every condition checked.
    pub conditions: Vec<String>,
    pub failures: Vec<GateFailure>,
}

/// A rule as it was configured for this run (the snapshot's `rules[]`), so reports and
/// comparisons need no rule files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub category: crate::rules::Category,
    /// The fixed severity, or the lowest band's.
    pub severity: crate::rules::Severity,
    /// Severity bands (`threshold` -> `severity`), when graded by bands.
    #[serde(default)]
    pub bands: Vec<crate::rules::Band>,
    pub threshold: Option<f64>,
    /// The measured value is worse when lower (metric rules with `<`/`<=`).
    #[serde(default)]
    pub lower_is_worse: bool,
    /// Named options of builtin rules (`top`, `min_share`).
    #[serde(default)]
    pub options: BTreeMap<String, f64>,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub source: String,
    pub enabled: bool,
}

impl RuleInfo {
    /// The record of a loaded rule.
    pub fn of(r: &crate::rules::Rule) -> RuleInfo {
        use crate::rules::model::Comparison;
        use crate::rules::{RuleKind, SeverityRule};
        let lower_is_worse = matches!(
            &r.kind,
            RuleKind::Metric(m) if matches!(m.comparison, Comparison::Less | Comparison::LessOrEqual)
        );
        RuleInfo {
            id: r.id.clone(),
            title: r.title.clone(),
            category: r.category,
            severity: r.base_severity(),
            bands: match &r.severity {
                SeverityRule::Bands(b) => b.clone(),
                SeverityRule::Fixed(_) => Vec::new(),
            },
            threshold: r.threshold(),
            lower_is_worse,
            options: match &r.kind {
                RuleKind::Builtin { options, .. } => options.clone(),
                _ => BTreeMap::new(),
            },
            description: r.description.trim().to_string(),
            rationale: r.rationale.trim().to_string(),
            remediation: r.remediation.trim().to_string(),
            source: r.source.trim().to_string(),
            enabled: r.enabled,
        }
    }

    /// The configuration that decides findings: thresholds, bands and options.
    pub fn thresholds_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = self.threshold {
            parts.push(format!("threshold {}", crate::rules::model::number(t)));
        }
        for b in &self.bands {
            parts.push(format!(
                "{} > {}",
                b.severity.as_str(),
                crate::rules::model::number(b.threshold)
            ));
        }
        for (k, v) in &self.options {
            parts.push(format!("{k} = {}", crate::rules::model::number(*v)));
        }
        parts.join(", ")
    }
}
