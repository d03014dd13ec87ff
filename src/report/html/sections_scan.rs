//! View models of the report's closing sections: scan coverage (files per language, skipped
//! files and why, problems) and methodology (window, definitions, thresholds, provenance).

use serde::Serialize;

use crate::snapshot::Snapshot;

use super::sections::PROBLEM_ROWS;
use crate::report::grade::FORMULA;
use crate::report::text::{day, num};

#[derive(Debug, Serialize)]
pub struct LanguageRow {
    pub language: String,
    pub files: u32,
    pub code: u32,
    pub functions: u32,
}

#[derive(Debug, Serialize)]
pub struct SkippedRow {
    pub reason: &'static str,
    pub count: usize,
    pub examples: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProblemRow {
    pub path: String,
    pub line: String,
    pub stage: String,
    pub message: String,
    pub measured: bool,
}

#[derive(Debug, Serialize)]
pub struct CoverageInputRow {
    pub path: String,
    pub format: String,
    pub entries: u32,
    pub matched: u32,
    pub unmatched: u32,
}

#[derive(Debug, Serialize)]
pub struct CoverageView {
    pub files: u32,
    pub code: u32,
    pub functions: u32,
    pub parse_errors: u32,
    pub languages: Vec<LanguageRow>,
    pub skipped_total: usize,
    pub skipped: Vec<SkippedRow>,
    pub problems_total: usize,
    pub problems: Vec<ProblemRow>,
    pub coverage_inputs: Vec<CoverageInputRow>,
}

pub fn coverage(s: &Snapshot) -> CoverageView {
    let t = &s.totals;
    CoverageView {
        files: t.files,
        code: t.lines.code,
        functions: t.summary.functions,
        parse_errors: t.files_with_parse_errors,
        languages: t
            .by_language
            .iter()
            .map(|(l, lt)| LanguageRow {
                language: l.clone(),
                files: lt.files,
                code: lt.lines.code,
                functions: lt.summary.functions,
            })
            .collect(),
        skipped_total: t.skipped,
        skipped: s
            .skipped
            .iter()
            .map(|(r, list)| SkippedRow {
                reason: r.as_str(),
                count: list.count,
                examples: list.paths.iter().take(10).cloned().collect(),
            })
            .collect(),
        problems_total: s.problems.len(),
        problems: s
            .problems
            .iter()
            .take(PROBLEM_ROWS)
            .map(|p| ProblemRow {
                path: p.path.clone(),
                line: p.line.map(|l| l.to_string()).unwrap_or_default(),
                stage: serde_json::to_value(p.stage)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                message: p.message.clone(),
                measured: p.measured,
            })
            .collect(),
        coverage_inputs: s
            .test_evidence
            .iter()
            .flat_map(|t| t.coverage.iter())
            .map(|c| CoverageInputRow {
                path: c.path.clone(),
                format: c
                    .format
                    .and_then(|f| serde_json::to_value(f).ok())
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "unreadable".into()),
                entries: c.entries,
                matched: c.matched,
                unmatched: c.unmatched,
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct ThresholdRow {
    pub id: String,
    pub severity: &'static str,
    pub thresholds: String,
    pub enabled: bool,
}

#[derive(Debug, Serialize)]
pub struct Definition {
    pub term: &'static str,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct MethodologyView {
    pub window: String,
    pub window_source: String,
    pub bugfix_pattern: String,
    pub definitions: Vec<Definition>,
    pub thresholds: Vec<ThresholdRow>,
    pub grade_formula: &'static str,
    pub version_source: String,
    pub tool_version: String,
    pub schema_version: u32,
    pub config: String,
    pub config_digest: String,
    pub head_commit: Option<String>,
    pub remote: Option<String>,
}

pub fn methodology(s: &Snapshot) -> MethodologyView {
    let h = s.history.as_ref();
    let w = h.and_then(|h| h.window.as_ref());
    let risk = format!(
        "Per file, its riskiest function by cognitive complexity x (1 + changes in the window) x \
         tests (x{} without test evidence of testing, x{} with it, x1 when unknown) x owner (x{} \
         when one author made at least the single-owner share of the changed lines); per \
         dependency a major version behind, yanked or deprecated: {} x (majors behind + \
         libyears), x{} when yanked or deprecated. A sentence states only what the snapshot \
         records.",
        num(crate::report::risks::UNTESTED, 1),
        num(crate::report::risks::TESTED, 1),
        num(crate::report::risks::SINGLE_OWNER, 1),
        num(crate::report::risks::DEPENDENCY_FACTOR, 0),
        num(crate::report::risks::DEPENDENCY_FLAGGED, 0),
    );
    MethodologyView {
        window: w
            .map(|w| format!("{} to {}", day(&w.since), day(&w.until)))
            .unwrap_or_else(|| "no audit window (history not read)".into()),
        window_source: w
            .and_then(|w| serde_json::to_value(w.source).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        bugfix_pattern: h.map(|h| h.bugfix_pattern.clone()).unwrap_or_default(),
        definitions: vec![
            Definition {
                term: "Cyclomatic complexity",
                text: "1 + decision points (if, else if, loops, case arms, catch, && and ||, ternaries), counted as lizard counts them.".into(),
            },
            Definition {
                term: "Cognitive complexity",
                text: "G. Ann Campbell's specification (SonarSource, 2017): +1 per break in linear flow, plus the nesting level for nested ones.".into(),
            },
            Definition {
                term: "Hotspot",
                text: "A file ranked by (commits / most commits of any file) x (total cyclomatic complexity / highest total of any file) over the audit window.".into(),
            },
            Definition {
                term: "Untested hot path",
                text: "A function that changed in the window or sits in a hotspot, above the rule's cyclomatic threshold, with coverage below the threshold or (without coverage) no test file naming it.".into(),
            },
            Definition {
                term: "Libyear",
                text: "Release date of the newest stable version minus release date of the version in use, in years.".into(),
            },
            Definition {
                term: "Single owner",
                text: "One author made at least the rule's share of the lines changed in the window.".into(),
            },
            Definition {
                term: "Top risks",
                text: risk,
            },
            Definition {
                term: "Baseline classes",
                text: "new (not in the baseline), unchanged, worsened or improved (its metric moved past the tolerance), resolved (in the baseline, gone now).".into(),
            },
        ],
        thresholds: s
            .rules
            .iter()
            .map(|r| ThresholdRow {
                id: r.id.clone(),
                severity: r.severity.as_str(),
                thresholds: r.thresholds_text(),
                enabled: r.enabled,
            })
            .collect(),
        grade_formula: FORMULA,
        version_source: s
            .dependency_totals
            .as_ref()
            .map(|d| d.version_source.clone())
            .unwrap_or_else(|| "dependencies not read".into()),
        tool_version: s.tool.version.clone(),
        schema_version: s.schema_version,
        config: s.scan.config.clone().unwrap_or_else(|| "defaults (no config file)".into()),
        config_digest: s.scan.config_digest.clone().unwrap_or_default(),
        head_commit: s.scan.head_commit.clone(),
        remote: s.scan.remote.clone(),
    }
}
