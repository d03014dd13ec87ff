//! The test-evidence model: per function, which evidence its "tested" verdict rests on
//! (coverage lines or static test references), and the run's coverage inputs.

use serde::{Deserialize, Serialize};

/// What a function's test verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Line coverage from a `--coverage` report covering the function's file.
    Coverage,
    /// No coverage for the file: test files were searched for the function's name as an
    /// identifier.
    StaticReference,
    /// The function is itself in a test file (not judged).
    TestCode,
}

/// The test evidence of one function (`functions[].tests`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionTests {
    pub evidence: Evidence,
    /// Coverage: lines in the function's span that the report lists as coverable / covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverable_lines: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered_lines: Option<u32>,
    /// Coverage: `covered / coverable`, 0..1 (`None` when nothing in the span is coverable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// Static reference: test files in which the function's name occurs as an identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_files: Option<u32>,
}

/// A coverage report format, detected by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageFormat {
    Lcov,
    Cobertura,
    Jacoco,
    GoCover,
}

/// One `--coverage` input and how well it matched the repository (`test_evidence.coverage[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageInput {
    /// The report's path as given on the command line.
    pub path: String,
    /// `None` when the file could not be read or parsed (see `problems`).
    pub format: Option<CoverageFormat>,
    /// Source-file entries in the report.
    pub entries: u32,
    /// Entries matched to a repository file (longest path-suffix match).
    pub matched: u32,
    /// Entries that matched no repository file, and the first few of their paths.
    pub unmatched: u32,
    pub unmatched_examples: Vec<String>,
}

/// The run's test evidence (the snapshot's `test_evidence`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TestEvidenceSummary {
    pub coverage: Vec<CoverageInput>,
    /// Measured files recognised as test files.
    pub test_files: u32,
    /// Functions (outside test files) by the evidence their verdict rests on: judged by
    /// coverage (some coverable line of the body in a report), by static references, or not
    /// judged (a report covers the file but lists no line of the function's body).
    pub functions_with_coverage: u32,
    pub functions_with_static_evidence: u32,
    #[serde(default)]
    pub functions_not_judged: u32,
    /// Judged functions with a covered line, or referenced by a test file.
    pub functions_tested: u32,
}

impl CoverageFormat {
    /// The format's name in messages (`Cobertura XML`).
    pub fn label(self) -> &'static str {
        match self {
            CoverageFormat::Lcov => "LCOV",
            CoverageFormat::Cobertura => "Cobertura XML",
            CoverageFormat::Jacoco => "JaCoCo XML",
            CoverageFormat::GoCover => "Go cover profile",
        }
    }
}
