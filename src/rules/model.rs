//! The rule model: the serde shape of a `rules/<category>/<slug>.toml` file, the validated
//! `Rule` built from it, severities, categories, comparisons and the table of metric names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use crate::model::rule::{Band, Category, OptionValue, Severity};

use crate::lang::{LANGUAGES, LanguageId};
use crate::metrics::FunctionMetrics;
use crate::model::FileReport;

/// How a measured value is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Comparison {
    #[serde(rename = ">")]
    #[default]
    Greater,
    #[serde(rename = ">=")]
    GreaterOrEqual,
    #[serde(rename = "<")]
    Less,
    #[serde(rename = "<=")]
    LessOrEqual,
}

impl Comparison {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Greater => value > threshold,
            Comparison::GreaterOrEqual => value >= threshold,
            Comparison::Less => value < threshold,
            Comparison::LessOrEqual => value <= threshold,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
        }
    }
}

/// What a metric rule measures: each function, or each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Function,
    File,
}

/// A function metric: snapshot field name, wording for messages, accessor.
pub struct FunctionMetric {
    pub name: &'static str,
    pub label: &'static str,
    pub get: fn(&FunctionMetrics) -> u32,
}

/// A file metric: snapshot field name, wording for messages, accessor.
pub struct FileMetric {
    pub name: &'static str,
    pub label: &'static str,
    pub get: fn(&FileReport) -> u32,
}

/// The metrics a `subject = "function"` rule may name (fields of `files[].functions[]`).
pub static FUNCTION_METRICS: &[FunctionMetric] = &[
    FunctionMetric {
        name: "cyclomatic",
        label: "cyclomatic complexity",
        get: |f| f.cyclomatic,
    },
    FunctionMetric {
        name: "cognitive",
        label: "cognitive complexity",
        get: |f| f.cognitive,
    },
    FunctionMetric {
        name: "nloc",
        label: "lines of code",
        get: |f| f.nloc,
    },
    FunctionMetric {
        name: "params",
        label: "parameters",
        get: |f| f.params,
    },
    FunctionMetric {
        name: "max_nesting",
        label: "nesting depth",
        get: |f| f.max_nesting,
    },
    FunctionMetric {
        name: "length",
        label: "lines",
        get: |f| f.length,
    },
];

/// The metrics a `subject = "file"` rule may name (`files[].lines.*` and `files[].summary.*`).
pub static FILE_METRICS: &[FileMetric] = &[
    FileMetric {
        name: "lines",
        label: "lines",
        get: |f| f.lines.lines,
    },
    FileMetric {
        name: "code",
        label: "lines of code",
        get: |f| f.lines.code,
    },
    FileMetric {
        name: "comment",
        label: "comment lines",
        get: |f| f.lines.comment,
    },
    FileMetric {
        name: "blank",
        label: "blank lines",
        get: |f| f.lines.blank,
    },
    FileMetric {
        name: "functions",
        label: "functions",
        get: |f| f.summary.functions,
    },
    FileMetric {
        name: "cyclomatic_sum",
        label: "total cyclomatic complexity",
        get: |f| f.summary.cyclomatic_sum,
    },
    FileMetric {
        name: "cyclomatic_max",
        label: "highest cyclomatic complexity",
        get: |f| f.summary.cyclomatic_max,
    },
    FileMetric {
        name: "cognitive_sum",
        label: "total cognitive complexity",
        get: |f| f.summary.cognitive_sum,
    },
    FileMetric {
        name: "cognitive_max",
        label: "highest cognitive complexity",
        get: |f| f.summary.cognitive_max,
    },
    FileMetric {
        name: "nloc_sum",
        label: "lines of code in functions",
        get: |f| f.summary.nloc_sum,
    },
    FileMetric {
        name: "nloc_max",
        label: "longest function (lines of code)",
        get: |f| f.summary.nloc_max,
    },
    FileMetric {
        name: "params_max",
        label: "most parameters",
        get: |f| f.summary.params_max,
    },
    FileMetric {
        name: "nesting_max",
        label: "deepest nesting",
        get: |f| f.summary.nesting_max,
    },
];

/// `[metric]` as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    pub subject: Subject,
    pub metric: Spanned<String>,
    #[serde(default)]
    pub comparison: Comparison,
    pub threshold: Option<f64>,
}

/// `[builtin]` as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinSpec {
    pub name: Spanned<String>,
    pub threshold: Option<f64>,
    /// Named numeric (or boolean) options the builtin reads (`top = 10`, `direct_only = true`);
    /// the config can override each, and only these.
    #[serde(default)]
    pub options: BTreeMap<String, OptionValue>,
}

/// A rule file exactly as written; `load` validates it into a `Rule`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub category: Category,
    pub severity: Option<Severity>,
    pub severity_bands: Option<Spanned<Vec<Band>>>,
    pub description: Spanned<String>,
    pub rationale: Spanned<String>,
    pub remediation: Spanned<String>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    pub message: Option<String>,
    pub extract: Option<Spanned<String>>,
    pub metric: Option<MetricSpec>,
    pub query: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    pub builtin: Option<BuiltinSpec>,
}

/// How a rule picks its severity.
#[derive(Debug, Clone, PartialEq)]
pub enum SeverityRule {
    /// One severity, and (for metric rules) one threshold.
    Fixed(Severity),
    /// Thresholds mapped to severities; the most severe band passed wins.
    Bands(Vec<Band>),
}

/// A compiled `[metric]` condition.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricCondition {
    pub subject: Subject,
    /// Index into `FUNCTION_METRICS` or `FILE_METRICS` by `subject`.
    pub metric: usize,
    pub comparison: Comparison,
    /// The threshold of a `Fixed` severity rule (`None` with bands).
    pub threshold: Option<f64>,
}

impl MetricCondition {
    pub fn name(&self) -> &'static str {
        match self.subject {
            Subject::Function => FUNCTION_METRICS[self.metric].name,
            Subject::File => FILE_METRICS[self.metric].name,
        }
    }

    pub fn label(&self) -> &'static str {
        match self.subject {
            Subject::Function => FUNCTION_METRICS[self.metric].label,
            Subject::File => FILE_METRICS[self.metric].label,
        }
    }
}

/// What a rule evaluates.
#[derive(Debug, Clone)]
pub enum RuleKind {
    Metric(MetricCondition),
    /// Query text per language, in table order (the compiled queries live in the `RuleSet`).
    Query(Vec<QuerySource>),
    Builtin {
        name: String,
        threshold: Option<f64>,
        /// Named options with their (possibly overridden) values.
        options: BTreeMap<String, f64>,
    },
}

/// One query of a rule for one language, with where its text starts in the rule file.
#[derive(Debug, Clone)]
pub struct QuerySource {
    pub language: LanguageId,
    pub text: String,
    /// 1-based line and column of the first character of the query text.
    pub line: usize,
    pub column: usize,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub severity: SeverityRule,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub source: String,
    pub supersedes: Vec<String>,
    /// Message template; `{value}`, `{threshold}`, `{metric}`, `{text}`, `{extract}`, `{symbol}`.
    pub message: Option<String>,
    /// Regex applied to a query match: where it matches sets the line and `{extract}`.
    pub extract: Option<regex::Regex>,
    pub kind: RuleKind,
    /// The file it came from (`rules/...` for built-in rules).
    pub origin: String,
    /// Built into the binary (not from `--rules` or `[rules] dirs`).
    pub builtin_rule: bool,
    pub enabled: bool,
}

impl Rule {
    /// The single threshold of the rule, if it has one (metric or builtin with fixed severity).
    pub fn threshold(&self) -> Option<f64> {
        match &self.kind {
            RuleKind::Metric(m) => m.threshold,
            RuleKind::Builtin { threshold, .. } => *threshold,
            RuleKind::Query(_) => None,
        }
    }

    fn comparison(&self) -> Comparison {
        match &self.kind {
            RuleKind::Metric(m) => m.comparison,
            _ => Comparison::Greater,
        }
    }

    /// The severity and the threshold passed by `value`, or `None` when the value is fine.
    pub fn grade(&self, value: f64) -> Option<(Severity, Option<f64>)> {
        let cmp = self.comparison();
        match &self.severity {
            SeverityRule::Fixed(s) => match self.threshold() {
                Some(t) => cmp.holds(value, t).then_some((*s, Some(t))),
                None => Some((*s, None)),
            },
            SeverityRule::Bands(bands) => bands
                .iter()
                .filter(|b| cmp.holds(value, b.threshold))
                .max_by_key(|b| b.severity)
                .map(|b| (b.severity, Some(b.threshold))),
        }
    }

    /// The severity a rule without thresholds reports (query rules; the lowest band otherwise).
    pub fn base_severity(&self) -> Severity {
        match &self.severity {
            SeverityRule::Fixed(s) => *s,
            SeverityRule::Bands(b) => b.iter().map(|b| b.severity).min().unwrap_or_default(),
        }
    }

    /// A builtin option's value (`None` when the rule has no such option).
    pub fn option(&self, name: &str) -> Option<f64> {
        match &self.kind {
            RuleKind::Builtin { options, .. } => options.get(name).copied(),
            _ => None,
        }
    }

    /// Language ids of a query rule (empty for other kinds).
    pub fn languages(&self) -> Vec<&str> {
        match &self.kind {
            RuleKind::Query(q) => q.iter().map(|s| LANGUAGES[s.language].id).collect(),
            _ => Vec::new(),
        }
    }
}

/// Format a number for messages: integers without a fraction.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
