//! Top risks in plain sentences: per file, its riskiest function scored from changes,
//! complexity, test evidence and ownership; and dependencies far behind (docs/report.md).

use serde::Serialize;

use crate::deps::{Dependency, LagStatus};
use crate::history::{ChangeMapping, FileHistory};
use crate::metrics::FunctionMetrics;
use crate::rules::{Category, Finding, Severity, ids};
use crate::scan::FileReport;
use crate::snapshot::Snapshot;
use crate::tests_evidence::Evidence;

use super::text::{day, num, plural};

/// Multipliers of the code risk score `cognitive x (1 + changes) x tests x owner`.
pub const UNTESTED: f64 = 2.0;
pub const TESTED: f64 = 0.5;
pub const SINGLE_OWNER: f64 = 1.5;
/// A dependency's score: `50 x (majors behind + libyear)`, x3 when yanked or deprecated.
pub const DEPENDENCY_FACTOR: f64 = 50.0;
pub const DEPENDENCY_FLAGGED: f64 = 3.0;
/// The score of a transitive dependency, and of a development one, is multiplied by these:
/// what the project declares for production is what it can act on first.
pub const DEPENDENCY_TRANSITIVE: f64 = 0.25;
pub const DEPENDENCY_DEV: f64 = 0.5;

/// Rank of a dependency among dependency risks: direct production first, then direct
/// development, transitive production, transitive development.
fn dependency_tier(d: &Dependency) -> u8 {
    u8::from(!d.direct) * 2 + u8::from(d.dev)
}

/// What a risk is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskKind {
    Code,
    Dependency,
}

/// A piece of a risk sentence: plain words, or repository text shown as code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub code: bool,
}

/// One top risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub kind: RiskKind,
    /// The documented risk score (higher = riskier).
    pub score: f64,
    /// The file (or lockfile) and the function (or package) the sentence is about.
    pub path: String,
    pub symbol: Option<String>,
    pub line: u32,
    /// The sentence, in pieces.
    pub segments: Vec<Segment>,
    /// The most severe unsuppressed finding at that file and function, if any.
    pub finding: Option<RiskFinding>,
}

/// The finding a risk is attached to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskFinding {
    pub rule_id: String,
    pub severity: Severity,
    pub category: Category,
    pub fingerprint: String,
    pub message: String,
}

impl Risk {
    /// The sentence without markup.
    pub fn plain(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// The sentence with repository text in backticks (as the example writes it; not
    /// escaped for any markup language).
    pub fn sentence(&self) -> String {
        self.segments
            .iter()
            .map(|s| {
                if s.code {
                    format!("`{}`", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }
}

struct Words(Vec<Segment>);

impl Words {
    fn t(&mut self, s: impl Into<String>) -> &mut Self {
        let s = s.into();
        match self.0.last_mut() {
            Some(last) if !last.code => last.text.push_str(&s),
            _ => self.0.push(Segment {
                text: s,
                code: false,
            }),
        }
        self
    }
    fn c(&mut self, s: impl Into<String>) -> &mut Self {
        self.0.push(Segment {
            text: s.into(),
            code: true,
        });
        self
    }
}

/// A rule's option as the snapshot recorded it.
fn option(s: &Snapshot, rule: &str, name: &str, default: f64) -> f64 {
    s.rules
        .iter()
        .find(|r| r.id == rule)
        .and_then(|r| r.options.get(name).copied())
        .unwrap_or(default)
}

/// How a function's test evidence reads, and its score multiplier.
fn tests_clause(f: &FunctionMetrics, min_coverage: f64) -> Option<(String, f64)> {
    let t = f.tests.as_ref()?;
    match t.evidence {
        Evidence::Coverage => {
            let c = t.coverage?;
            let text = if c == 0.0 {
                "has no line covered by tests".to_string()
            } else {
                format!("has {}% line coverage", num(c * 100.0, 0))
            };
            Some((text, if c < min_coverage { UNTESTED } else { TESTED }))
        }
        Evidence::StaticReference => match t.test_files {
            Some(0) => Some(("has no tests (no test file names it)".into(), UNTESTED)),
            Some(n) => Some((
                format!(
                    "is named in {}",
                    plural(u64::from(n), "test file", "test files")
                ),
                TESTED,
            )),
            None => None,
        },
        Evidence::TestCode => None,
    }
}

fn function_changes(f: &FunctionMetrics, h: Option<&FileHistory>) -> Option<u32> {
    match h {
        Some(h) if h.change_mapping == ChangeMapping::Functions => f.changes.or(Some(0)),
        Some(h) => Some(h.commits),
        None => f.changes,
    }
}

/// Unsuppressed findings by path.
type ByPath<'a> = std::collections::HashMap<&'a str, Vec<&'a Finding>>;

fn by_path(s: &Snapshot) -> ByPath<'_> {
    let mut m: ByPath = std::collections::HashMap::new();
    for f in s.findings.iter().filter(|f| !f.suppressed) {
        m.entry(f.path.as_str()).or_default().push(f);
    }
    m
}

fn worst_finding<'a>(idx: &ByPath<'a>, path: &str, symbol: Option<&str>) -> Option<&'a Finding> {
    idx.get(path)?
        .iter()
        .copied()
        .filter(|f| symbol.is_none() || f.symbol.as_deref() == symbol || f.symbol.is_none())
        .max_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| b.fingerprint.cmp(&a.fingerprint))
        })
}

fn attach(f: Option<&Finding>) -> Option<RiskFinding> {
    f.map(|f| RiskFinding {
        rule_id: f.rule_id.clone(),
        severity: f.severity,
        category: f.category,
        fingerprint: f.fingerprint.clone(),
        message: f.message.clone(),
    })
}

fn code_risk(s: &Snapshot, idx: &ByPath, file: &FileReport, since: Option<&str>) -> Option<Risk> {
    let min_coverage = option(
        s,
        ids::UNTESTED_HOT_PATH,
        "min_coverage",
        ids::UNTESTED_HOT_PATH_MIN_COVERAGE,
    );
    let min_share = option(
        s,
        ids::SINGLE_OWNER,
        "min_share",
        ids::SINGLE_OWNER_MIN_SHARE,
    );
    let h = file.history.as_ref();
    let owner = h.filter(|h| h.single_owner(min_share));
    let score_of = |f: &FunctionMetrics| {
        let changes = function_changes(f, h).unwrap_or(0);
        let tests = tests_clause(f, min_coverage).map_or(1.0, |(_, m)| m);
        f64::from(f.cognitive.max(1))
            * (1.0 + f64::from(changes))
            * tests
            * if owner.is_some() { SINGLE_OWNER } else { 1.0 }
    };
    let (f, score) = file
        .functions
        .iter()
        .map(|f| (f, score_of(f)))
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then_with(|| b.0.start_line.cmp(&a.0.start_line))
        })?;
    let mut w = Words(Vec::new());
    let mut clauses: Vec<String> = Vec::new();
    match h {
        Some(h) => {
            w.c(&file.path).t(format!(
                " changed {}{}; its function ",
                plural(u64::from(h.commits), "time", "times"),
                since.map(|d| format!(" since {d}")).unwrap_or_default()
            ));
            w.c(&f.qualified_name);
            if h.change_mapping == ChangeMapping::Functions && f.changes.unwrap_or(0) > 0 {
                clauses.push(format!(
                    "changed {}",
                    plural(u64::from(f.changes.unwrap_or(0)), "time", "times")
                ));
            }
        }
        None => {
            w.t("Function ")
                .c(&f.qualified_name)
                .t(" in ")
                .c(&file.path);
        }
    }
    clauses.push(format!(
        "has cognitive complexity {} (cyclomatic {})",
        f.cognitive, f.cyclomatic
    ));
    if let Some((text, _)) = tests_clause(f, min_coverage) {
        clauses.push(text);
    }
    if let Some(h) = owner {
        clauses.push(format!(
            "{}% of the file's changed lines are by {}",
            num(h.main_author_share * 100.0, 0),
            h.main_author
        ));
    }
    let n = clauses.len();
    for (i, c) in clauses.into_iter().enumerate() {
        w.t(match i {
            0 => " ",
            _ if i + 1 == n => " and ",
            _ => ", ",
        });
        w.t(c);
    }
    w.t(".");
    Some(Risk {
        kind: RiskKind::Code,
        score: (score * 100.0).round() / 100.0,
        path: file.path.clone(),
        symbol: Some(f.qualified_name.clone()),
        line: f.start_line,
        segments: w.0,
        finding: attach(worst_finding(idx, &file.path, Some(&f.qualified_name))),
    })
}

fn dependency_risk(idx: &ByPath, d: &Dependency) -> Option<Risk> {
    let l = &d.lag;
    if l.lag_status != LagStatus::Known {
        return None;
    }
    let majors = l.majors_behind.unwrap_or(0);
    let flagged = l.yanked == Some(true) || l.deprecated == Some(true);
    if majors == 0 && !flagged {
        return None;
    }
    let libyear = l.libyear.unwrap_or(0.0);
    let score = DEPENDENCY_FACTOR
        * (f64::from(majors) + libyear)
        * if flagged { DEPENDENCY_FLAGGED } else { 1.0 }
        * if d.direct { 1.0 } else { DEPENDENCY_TRANSITIVE }
        * if d.dev { DEPENDENCY_DEV } else { 1.0 };
    let mut w = Words(Vec::new());
    w.c(&d.name);
    if let Some(v) = &d.version {
        w.t(" ").c(v);
    }
    w.t(format!(
        " ({} {} dependency in ",
        d.ecosystem.as_str(),
        if d.direct { "direct" } else { "transitive" }
    ))
    .c(&d.source)
    .t(")");
    let mut clauses = Vec::new();
    if majors > 0 {
        let mut c = format!(
            "is {} behind",
            plural(u64::from(majors), "major version", "major versions")
        );
        if let Some(latest) = &l.latest {
            c.push_str(&format!(" the latest {latest}"));
        }
        if libyear > 0.0 {
            c.push_str(&format!(" ({} libyears)", num(libyear, 1)));
        }
        clauses.push(c);
    }
    if l.yanked == Some(true) {
        clauses.push("is a yanked release".to_string());
    }
    if l.deprecated == Some(true) {
        clauses.push(match &l.deprecation {
            Some(m) => format!("is deprecated ({})", super::text::clip(m, 120)),
            None => "is deprecated".to_string(),
        });
    }
    let n = clauses.len();
    for (i, c) in clauses.into_iter().enumerate() {
        w.t(match i {
            0 => " ",
            _ if i + 1 == n => " and ",
            _ => ", ",
        });
        w.t(c);
    }
    w.t(".");
    Some(Risk {
        kind: RiskKind::Dependency,
        score: (score * 100.0).round() / 100.0,
        path: d.source.clone(),
        symbol: Some(d.name.clone()),
        line: d.line,
        segments: w.0,
        finding: attach(
            idx.get(d.source.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|f| f.start_line == d.line && d.line > 0)
                .max_by_key(|f| f.severity),
        ),
    })
}

/// The `n` riskiest places, riskiest first: one per source file (its riskiest function) and
/// one per dependency a major version behind, yanked or deprecated. Test files are left out.
pub fn top_risks(s: &Snapshot, n: usize) -> Vec<Risk> {
    let since = s
        .history
        .as_ref()
        .and_then(|h| h.window.as_ref())
        .map(|w| day(&w.since).to_string());
    let idx = by_path(s);
    let order = |a: &Risk, b: &Risk| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.symbol.cmp(&b.symbol))
    };
    let mut deps: Vec<(u8, Risk)> = s
        .dependencies
        .iter()
        .filter_map(|d| dependency_risk(&idx, d).map(|r| (dependency_tier(d), r)))
        .collect();
    let mut all: Vec<Risk> = s
        .files
        .iter()
        .filter(|f| !f.test)
        .filter_map(|f| code_risk(s, &idx, f, since.as_deref()))
        .chain(deps.iter().map(|(_, r)| r.clone()))
        .collect();
    all.sort_by(order);
    // The places dependencies take among all risks are filled tier by tier (docs/report.md,
    // "Top risks"): a transitive or development dependency never ranks above a direct
    // production one.
    deps.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| order(&a.1, &b.1)));
    let mut tiered = deps.into_iter().map(|(_, r)| r);
    for slot in all.iter_mut().filter(|r| r.kind == RiskKind::Dependency) {
        if let Some(r) = tiered.next() {
            *slot = r;
        }
    }
    all.truncate(n);
    all
}
