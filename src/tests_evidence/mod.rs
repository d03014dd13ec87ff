//! Test evidence (README "Test evidence"): coverage reports (LCOV, Cobertura, JaCoCo, Go) mapped
//! onto functions, or, without coverage, static references to functions from test files.

pub mod coverage;
mod evidence;
pub mod files;
mod mapping;
pub use crate::model::test_evidence as model;

pub use evidence::apply;
pub use files::{TestFiles, TreeTests, identifiers_below, inline_tests};
pub use model::{CoverageFormat, CoverageInput, Evidence, FunctionTests, TestEvidenceSummary};
