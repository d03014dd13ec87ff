//! The test-evidence stage: reads the coverage reports, maps them onto the measured files, and
//! gives every function the evidence its "tested" verdict rests on (coverage or static references).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::coverage::{self, CoverageError};
use super::files::identifier_key;
use super::mapping::{Match, PathIndex};
use super::model::{CoverageInput, Evidence, FunctionTests, TestEvidenceSummary};
use crate::lang;
use crate::metrics::FunctionMetrics;
use crate::model::FileReport;
use crate::problem::{Problem, Stage};

/// How many unmatched report paths a `CoverageInput` lists, and how many stale files a report
/// gets a problem for.
const EXAMPLES: usize = 5;

/// Coverage reports are read up to this size.
const MAX_REPORT_BYTES: u64 = 512 * 1024 * 1024;

/// Function names that stand for their class: a test refers to the class, not the method.
const CONSTRUCTORS: &[&str] = &[
    "__init__",
    "__new__",
    "constructor",
    "initialize",
    "__construct",
];

/// Line coverage of one repository file: line -> executions, over every report.
type LineHits = BTreeMap<u32, u64>;

/// Give every function of `files` its test evidence, from the `coverage` reports where they
/// cover its file, else from static references in test files. `root` is the audit root.
pub fn apply(
    files: &mut [FileReport],
    coverage: &[PathBuf],
    root: &Path,
) -> (TestEvidenceSummary, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut summary = TestEvidenceSummary::default();
    let covered = read_reports(files, coverage, root, &mut summary, &mut problems);
    // The identifiers serve only here; they are not part of the snapshot.
    let identifiers: Vec<(&'static str, Vec<u64>)> = files
        .iter_mut()
        .filter(|f| !f.identifiers.is_empty())
        .map(|f| (family_of(&f.language), std::mem::take(&mut f.identifiers)))
        .collect();
    let references = static_references(&identifiers);
    for (i, file) in files.iter_mut().enumerate() {
        if file.test {
            summary.test_files += 1;
        }
        let family = family_of(&file.language);
        let separator = lang::by_id(&file.language)
            .map(|l| lang::LANGUAGES[l].separator)
            .unwrap_or(".");
        let hits = covered.get(&i);
        let regions: Vec<Vec<(u32, u32)>> = match hits {
            Some(_) => nested_spans(&file.functions),
            None => Vec::new(),
        };
        for (k, func) in file.functions.iter_mut().enumerate() {
            let tests = if file.test
                || func
                    .tests
                    .as_ref()
                    .is_some_and(|t| t.evidence == Evidence::TestCode)
            {
                FunctionTests::test_code()
            } else if let Some(hits) = hits {
                let tests = coverage_of(func, regions.get(k).map_or(&[], Vec::as_slice), hits);
                if tests.is_judged() {
                    summary.functions_with_coverage += 1;
                } else {
                    summary.functions_not_judged += 1;
                }
                tests
            } else {
                summary.functions_with_static_evidence += 1;
                let name = identifier_key(reference_name(func, separator));
                let n = references
                    .get(family)
                    .and_then(|m| m.get(&name))
                    .copied()
                    .unwrap_or(0);
                FunctionTests::static_reference(n)
            };
            if tests.is_tested() {
                summary.functions_tested += 1;
            }
            func.tests = Some(tests);
        }
    }
    (summary, problems)
}

/// Read, parse and map every report; the merged line hits per file index.
fn read_reports(
    files: &[FileReport],
    coverage: &[PathBuf],
    root: &Path,
    summary: &mut TestEvidenceSummary,
    problems: &mut Vec<Problem>,
) -> HashMap<usize, LineHits> {
    let mut covered: HashMap<usize, LineHits> = HashMap::new();
    if coverage.is_empty() {
        return covered;
    }
    let abs_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let index = PathIndex::new(files.iter().map(|f| f.path.as_str()), Some(&abs_root));
    for report_path in coverage {
        let shown = report_path.display().to_string();
        let mut input = CoverageInput {
            path: shown.clone(),
            format: None,
            entries: 0,
            matched: 0,
            unmatched: 0,
            unmatched_examples: Vec::new(),
        };
        let report = match read(report_path) {
            Ok(bytes) => coverage::parse(&bytes),
            Err(message) => {
                problems.push(Problem::new(&shown, Stage::Coverage, message));
                summary.coverage.push(input);
                continue;
            }
        };
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                problems.push(parse_problem(&shown, &e));
                summary.coverage.push(input);
                continue;
            }
        };
        input.format = Some(report.format);
        input.entries = report.files.len() as u32;
        let mut ambiguous: Vec<String> = Vec::new();
        let mut stale: Vec<String> = Vec::new();
        for entry in &report.files {
            let i = match index.lookup(&entry.paths) {
                Match::File(i) => i,
                other => {
                    input.unmatched += 1;
                    let named = entry.paths.first().cloned().unwrap_or_default();
                    if let Match::Ambiguous(candidates) = other
                        && ambiguous.len() < EXAMPLES
                    {
                        let list: Vec<&str> = candidates.iter().map(|&c| index.path(c)).collect();
                        ambiguous.push(format!("`{named}` (could be {})", list.join(", ")));
                    }
                    if input.unmatched_examples.len() < EXAMPLES {
                        input.unmatched_examples.push(named);
                    }
                    continue;
                }
            };
            input.matched += 1;
            let lines_in_file = files[i].lines.lines;
            if let Some((&last, _)) = entry.lines.last_key_value()
                && last > lines_in_file
            {
                stale.push(format!(
                    "`{}` (line {last} of {lines_in_file})",
                    files[i].path
                ));
            }
            let merged = covered.entry(i).or_default();
            for (&line, &count) in &entry.lines {
                let slot = merged.entry(line).or_insert(0);
                *slot = (*slot).max(count);
            }
        }
        report_mapping(&shown, &input, &ambiguous, &stale, problems);
        summary.coverage.push(input);
    }
    covered
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read coverage report: {e}"))?;
    if meta.is_dir() {
        return Err("coverage report is a directory, not a file".into());
    }
    if meta.len() > MAX_REPORT_BYTES {
        return Err(format!(
            "coverage report is {} MiB, over the {} MiB limit; not read",
            meta.len() >> 20,
            MAX_REPORT_BYTES >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read coverage report: {e}"))
}

fn parse_problem(shown: &str, e: &CoverageError) -> Problem {
    match e {
        // The problem carries the line; the message need not repeat it.
        CoverageError::Malformed {
            format,
            line: Some(line),
            message,
        } => Problem::at_line(
            shown,
            *line,
            Stage::Coverage,
            format!(
                "malformed {}: {message}; the report is not used",
                format.label()
            ),
        ),
        _ => Problem::new(
            shown,
            Stage::Coverage,
            format!("{e}; the report is not used"),
        ),
    }
}

/// Problems for a report that matched nothing, matched only in part, or is older than the code.
fn report_mapping(
    shown: &str,
    input: &CoverageInput,
    ambiguous: &[String],
    stale: &[String],
    problems: &mut Vec<Problem>,
) {
    let examples = input
        .unmatched_examples
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if input.matched == 0 {
        problems.push(Problem::new(
            shown,
            Stage::Coverage,
            format!(
                "none of the {} source files in the report is a measured file of this repository \
                 (e.g. {examples}): is it a report of another repository, or of files the scan \
                 excluded? It is not used",
                input.entries
            ),
        ));
        return;
    }
    if input.unmatched > 0 {
        problems.push(Problem::new(
            shown,
            Stage::Coverage,
            format!(
                "{} of the {} source files in the report match no measured file (e.g. {examples})",
                input.unmatched, input.entries
            ),
        ));
    }
    if !ambiguous.is_empty() {
        problems.push(Problem::new(
            shown,
            Stage::Coverage,
            format!(
                "report paths that fit several files equally well were not used: {}",
                ambiguous.join("; ")
            ),
        ));
    }
    if !stale.is_empty() {
        problems.push(Problem::new(
            shown,
            Stage::Coverage,
            format!(
                "the report lists lines past the end of {} file{} ({}): it is older than the \
                 code, so coverage of those files may be misplaced",
                stale.len(),
                if stale.len() == 1 { "" } else { "s" },
                stale
                    .iter()
                    .take(EXAMPLES)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
}

/// Per function (same order), the lines of the functions measured inside it after their first
/// line: those belong to the nested function, not to the enclosing one (its first line is a
/// statement of the enclosing function: the `def`, the assignment or call holding a lambda).
/// `functions` are sorted by start line.
fn nested_spans(functions: &[FunctionMetrics]) -> Vec<Vec<(u32, u32)>> {
    functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            functions[i + 1..]
                .iter()
                .take_while(|g| g.start_line <= f.end_line)
                .filter(|g| {
                    g.end_line <= f.end_line
                        && g.end_line > g.start_line
                        && (g.start_line, g.end_line) != (f.start_line, f.end_line)
                })
                .map(|g| (g.start_line + 1, g.end_line))
                .collect()
        })
        .collect()
}

/// Coverage of a function: the report's coverable and covered lines of its body, from the
/// body's first statement to its last line, leaving out the lines of functions measured
/// inside it (`nested`, see `nested_spans`). The header is not counted: a `def` line runs
/// when its module is imported (README "Test evidence").
fn coverage_of(func: &FunctionMetrics, nested: &[(u32, u32)], hits: &LineHits) -> FunctionTests {
    let mut coverable = 0u32;
    let mut covered = 0u32;
    // A one-line lambda's line is the statement's that holds it: line coverage cannot say
    // whether the lambda itself ran, so it is not judged.
    if func.anonymous && func.start_line == func.end_line {
        return FunctionTests::coverage(0, 0);
    }
    let first = if func.body_line == 0 {
        func.start_line
    } else {
        func.body_line.clamp(func.start_line, func.end_line)
    };
    for (line, &count) in hits.range(first..=func.end_line) {
        if nested.iter().any(|&(s, e)| (s..=e).contains(line)) {
            continue;
        }
        coverable += 1;
        if count > 0 {
            covered += 1;
        }
    }
    FunctionTests::coverage(coverable, covered)
}

/// Per family, how many test files mention each identifier (test files, and the inline test
/// items of ordinary files).
fn static_references(
    files: &[(&'static str, Vec<u64>)],
) -> HashMap<&'static str, HashMap<u64, u32>> {
    let mut out: HashMap<&'static str, HashMap<u64, u32>> = HashMap::new();
    for (family, identifiers) in files {
        let counts = out.entry(family).or_default();
        // Keys are distinct per file: each file counts once per name.
        for &key in identifiers {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    out
}

fn family_of(language: &str) -> &'static str {
    lang::by_id(language)
        .map(|l| lang::LANGUAGES[l].tests.family)
        .unwrap_or("")
}

/// The name a test would use for the function: its own name, or its class's for a constructor.
fn reference_name<'f>(func: &'f FunctionMetrics, separator: &str) -> &'f str {
    if CONSTRUCTORS.contains(&func.name.as_str()) {
        let mut parts = func.qualified_name.rsplit(separator);
        parts.next();
        if let Some(class) = parts.next() {
            return class;
        }
    }
    &func.name
}

impl FunctionTests {
    /// Test code itself (not judged).
    pub fn test_code() -> Self {
        FunctionTests {
            evidence: Evidence::TestCode,
            coverable_lines: None,
            covered_lines: None,
            coverage: None,
            test_files: None,
        }
    }

    fn coverage(coverable: u32, covered: u32) -> Self {
        FunctionTests {
            evidence: Evidence::Coverage,
            coverable_lines: Some(coverable),
            covered_lines: Some(covered),
            coverage: (coverable > 0).then(|| f64::from(covered) / f64::from(coverable)),
            test_files: None,
        }
    }

    fn static_reference(test_files: u32) -> Self {
        FunctionTests {
            evidence: Evidence::StaticReference,
            coverable_lines: None,
            covered_lines: None,
            coverage: None,
            test_files: Some(test_files),
        }
    }

    /// Judged at all: coverage with some coverable line, or static references. A function
    /// the coverage report lists no line of (excluded by the project's coverage
    /// configuration, a lambda inside a multi-line statement) is not judged, never untested.
    pub fn is_judged(&self) -> bool {
        match self.evidence {
            Evidence::Coverage => self.coverable_lines.unwrap_or(0) > 0,
            Evidence::StaticReference => true,
            Evidence::TestCode => false,
        }
    }

    /// Exercised by a test: some covered line, or a mention in a test file.
    pub fn is_tested(&self) -> bool {
        match self.evidence {
            Evidence::Coverage => self.covered_lines.unwrap_or(0) > 0,
            Evidence::StaticReference => self.test_files.unwrap_or(0) > 0,
            Evidence::TestCode => false,
        }
    }
}
