//! Test evidence (DESIGN.md section 6): coverage reports (LCOV, Cobertura, JaCoCo, Go) mapped
//! onto functions, or, without coverage, static references to functions from test files.

pub mod model;

pub use model::{CoverageFormat, CoverageInput, Evidence, FunctionTests, TestEvidenceSummary};
