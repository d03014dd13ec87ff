//! Per-function and per-file measurements (README "Metrics"): the data model and the single
//! tree pass that produces it.

#[cfg(test)]
mod lang_tests;
pub mod unit;
mod walk;

pub use walk::{measure, measure_collecting};

pub use crate::model::metrics::{Aggregate, FileMeasure, FunctionMetrics, LineCounts};

/// The definition of the function metrics, recorded in every snapshot (`tool.metrics_definition`)
/// so that a comparison can say figures moved because the definition did (README, Metrics).
/// 1: every lambda and block its own function. 2: the unit of measure per language (Ruby blocks
/// and Kotlin lambdas passed as arguments fold into their function), preprocessor conditions
/// no decisions, `.h` C or C++ by content, JavaScript logical assignments, recursion and
/// f-string fixes.
pub const DEFINITION: u32 = 2;

#[cfg(test)]
pub(crate) mod testutil {
    //! Parse a snippet and measure it, for unit tests of the language rows.
    use super::*;
    use crate::lang;

    pub fn measure_src(lang_id: &str, src: &str) -> FileMeasure {
        let id = lang::by_id(lang_id).unwrap_or_else(|| panic!("unknown language {lang_id}"));
        let resolved = lang::resolved(id).unwrap_or_else(|e| panic!("{e}"));
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&resolved.language).unwrap();
        let tree = parser.parse(src, None).unwrap();
        measure(resolved, &tree, src.as_bytes())
    }

    /// The one function of `src` with this name (panics if there is not exactly one).
    pub fn function(lang_id: &str, src: &str, name: &str) -> FunctionMetrics {
        let m = measure_src(lang_id, src);
        let found: Vec<_> = m.functions.iter().filter(|f| f.name == name).collect();
        assert_eq!(
            found.len(),
            1,
            "expected one function named {name}, got {:#?}",
            m.functions
        );
        found[0].clone()
    }

    /// (cyclomatic, cognitive) of the function named `name`.
    pub fn cc(lang_id: &str, src: &str, name: &str) -> (u32, u32) {
        let f = function(lang_id, src, name);
        (f.cyclomatic, f.cognitive)
    }
}
