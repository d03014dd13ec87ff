//! The measurements of functions and files (README "Metrics"), as the snapshot writes them.

use serde::{Deserialize, Serialize};

/// The measurements of one function, method, constructor, closure or lambda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionMetrics {
    /// The function's own name, or `<anonymous>@LINE`.
    pub name: String,
    /// Enclosing classes/modules/functions joined with the language's separator.
    pub qualified_name: String,
    pub start_line: u32,
    pub end_line: u32,
    /// The line of the body's first statement: coverage counts the lines from here to
    /// `end_line`, not the header (README "Test evidence"). Not in the snapshot; 0 = unknown
    /// (the whole span counts).
    #[serde(skip)]
    pub body_line: u32,
    /// Written as an anonymous function (lambda, arrow function, closure): on one line, its
    /// line's coverage is the statement's that holds it. Not in the snapshot.
    #[serde(skip)]
    pub anonymous: bool,
    /// McCabe cyclomatic complexity: 1 + decision points, counted as lizard counts them.
    pub cyclomatic: u32,
    /// Cognitive complexity per G. Ann Campbell's specification.
    pub cognitive: u32,
    /// Lines in the function's span holding code (not blank, not only comment).
    pub nloc: u32,
    pub params: u32,
    /// Deepest nesting of control structures (if/loop/switch/try) inside the function.
    pub max_nesting: u32,
    /// `end_line - start_line + 1`.
    pub length: u32,
    /// Commits in the audit window that changed the function's lines (or, where the file's
    /// diffs could not be mapped, the file's commit count: see `files[].history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<u32>,
    /// The evidence that tests exercise the function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests: Option<crate::model::test_evidence::FunctionTests>,
}

/// Line counts of a file: every line is exactly one of code, comment or blank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCounts {
    pub lines: u32,
    pub code: u32,
    pub comment: u32,
    pub blank: u32,
}

/// Everything measured in one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileMeasure {
    pub lines: LineCounts,
    pub functions: Vec<FunctionMetrics>,
    /// The tree holds ERROR or MISSING nodes.
    pub parse_errors: bool,
}

/// Sums and maxima of the function metrics of a file (or of any set of functions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub functions: u32,
    pub cyclomatic_sum: u32,
    pub cyclomatic_max: u32,
    pub cognitive_sum: u32,
    pub cognitive_max: u32,
    pub nloc_sum: u32,
    pub nloc_max: u32,
    pub params_max: u32,
    pub nesting_max: u32,
}

impl Aggregate {
    pub fn of(functions: &[FunctionMetrics]) -> Self {
        let mut a = Aggregate::default();
        for f in functions {
            a.add_function(f);
        }
        a
    }

    pub fn add_function(&mut self, f: &FunctionMetrics) {
        self.functions += 1;
        self.cyclomatic_sum += f.cyclomatic;
        self.cyclomatic_max = self.cyclomatic_max.max(f.cyclomatic);
        self.cognitive_sum += f.cognitive;
        self.cognitive_max = self.cognitive_max.max(f.cognitive);
        self.nloc_sum += f.nloc;
        self.nloc_max = self.nloc_max.max(f.nloc);
        self.params_max = self.params_max.max(f.params);
        self.nesting_max = self.nesting_max.max(f.max_nesting);
    }

    pub fn merge(&mut self, o: &Aggregate) {
        self.functions += o.functions;
        self.cyclomatic_sum += o.cyclomatic_sum;
        self.cyclomatic_max = self.cyclomatic_max.max(o.cyclomatic_max);
        self.cognitive_sum += o.cognitive_sum;
        self.cognitive_max = self.cognitive_max.max(o.cognitive_max);
        self.nloc_sum += o.nloc_sum;
        self.nloc_max = self.nloc_max.max(o.nloc_max);
        self.params_max = self.params_max.max(o.params_max);
        self.nesting_max = self.nesting_max.max(o.nesting_max);
    }
}
