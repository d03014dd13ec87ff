//! Python: functions, methods, nested functions and lambdas; decisions as lizard counts them,
//! except `finally`, which is not a branch (McCabe). A lambda inside a function folds into it
//! (`PYTHON_FOLDS`), as radon counts it; nested functions are their own units.

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "python",
    name: "Python",
    extensions: &["py", "pyw", "pyi"],
    file_names: &["SConstruct", "SConscript"],
    shebangs: &["python", "python2", "python3", "pypy", "pypy3"],
    grammar: || tree_sitter_python::LANGUAGE.into(),
    separator: ".",
    functions: &[
        FunctionRule {
            kind: "function_definition",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "lambda",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
    ],
    containers: &[ContainerRule {
        kind: "class_definition",
        name: NameRule::Field("name"),
    }],
    name_contexts: &[NameContext {
        parent: "assignment",
        field: "left",
    }],
    param_kinds: &[
        "identifier",
        "typed_parameter",
        "default_parameter",
        "typed_default_parameter",
        "list_splat_pattern",
        "dictionary_splat_pattern",
        "tuple_pattern",
    ],
    decisions: &[
        always("if_statement"),
        always("elif_clause"),
        always("for_statement"),
        always("while_statement"),
        always("except_clause"),
        always("conditional_expression"),
        always("for_in_clause"),
        always("if_clause"),
        always("case_clause"),
    ],
    boolean: BooleanOps {
        kinds: &["boolean_operator"],
        operators: &["and", "or"],
    },
    nesting: &[
        "if_statement",
        "for_statement",
        "while_statement",
        "try_statement",
        "with_statement",
        "match_statement",
    ],
    header_fields: &["condition", "left", "right", "subject"],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_statement"],
        elifs: &["elif_clause"],
        elses: &["else_clause"],
        alternative_field: None,
        ternaries: &["conditional_expression"],
        switches: &["match_statement"],
        loops: &["for_statement", "while_statement"],
        catches: &["except_clause"],
        labeled_jumps: &[],
        gotos: &[],
        calls: &[("call", "function")],
    },
    comments: &["comment"],
    docstring: Some(("expression_statement", "string")),
    parens: &["parenthesized_expression"],
    opaque: &[
        "import_statement",
        "import_from_statement",
        "future_import_statement",
        "dotted_name",
        "type",
        "string",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: false,
    },
    folds: PYTHON_FOLDS,
    preproc: &[],
    declarations: &[],
    tests: TestSpec {
        paths: &["test_*.py", "*_test.py", "tests", "test", "conftest.py"],
        identifiers: &["identifier"],
        inline: None,
        family: "python",
    },
};

/// A lambda inside a function is measured with it, as radon counts a lambda's decisions in the
/// function that holds it (a lambda is no block of its own there); a named nested function
/// stays its own unit, as radon reports closures apart. A lambda outside any function
/// (`key = lambda r: …` at module or class level) is its own unit, named by its target.
const PYTHON_FOLDS: &[Fold] = &[Fold {
    kind: "lambda",
    parents: &[],
    calls: &[],
    iterating: &[],
    loose: false,
}];
