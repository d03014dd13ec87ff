//! The shared vocabulary of rules: severities, categories, severity bands and option values
//! (read by the config, the rules, the snapshot and the reports).

use serde::{Deserialize, Serialize};

/// How much a finding matters, lowest first (so `Ord` ranks them).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// The area of risk a rule belongs to (README "Risk rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Complexity,
    Testing,
    ChangeRisk,
    Dependencies,
    Maintainability,
    Knowledge,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Complexity => "complexity",
            Category::Testing => "testing",
            Category::ChangeRisk => "change-risk",
            Category::Dependencies => "dependencies",
            Category::Maintainability => "maintainability",
            Category::Knowledge => "knowledge",
        }
    }
}

/// One severity band: a value past `threshold` gets `severity` (the most severe band passed wins).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub threshold: f64,
    pub severity: Severity,
}

/// A builtin option's value as written: a number or a boolean (stored as 1/0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Number(f64),
}

impl OptionValue {
    pub fn as_f64(self) -> f64 {
        match self {
            OptionValue::Bool(b) => f64::from(u8::from(b)),
            OptionValue::Number(n) => n,
        }
    }
}
