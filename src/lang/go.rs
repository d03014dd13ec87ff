//! Go: functions, methods (named `Receiver.method`), function literals; if/for/switch/select.
//! Cyclomatic as lizard's Go reader: `if`, `for`, each `case` (not `default`), `&&`, `||`.
//! Grouped parameters (`a, b int`) count once per declaration, not per name. A function literal
//! inside a function folds into it (`GO_FOLDS`), as gocyclo and gocognit count it.

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "go",
    name: "Go",
    extensions: &["go"],
    file_names: &[],
    shebangs: &[],
    grammar: || tree_sitter_go::LANGUAGE.into(),
    separator: ".",
    functions: &[
        FunctionRule {
            kind: "function_declaration",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "method_declaration",
            name: NameRule::Receiver {
                name: "name",
                receiver: "receiver",
            },
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "func_literal",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
    ],
    containers: &[],
    name_contexts: &[
        NameContext {
            parent: "short_var_declaration",
            field: "left",
        },
        NameContext {
            parent: "assignment_statement",
            field: "left",
        },
        NameContext {
            parent: "var_spec",
            field: "name",
        },
    ],
    param_kinds: &["parameter_declaration", "variadic_parameter_declaration"],
    decisions: &[
        always("if_statement"),
        always("for_statement"),
        always("expression_case"),
        always("type_case"),
        always("communication_case"),
    ],
    boolean: BooleanOps {
        kinds: &["binary_expression"],
        operators: &["&&", "||"],
    },
    nesting: &[
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    ],
    header_fields: &["condition", "initializer", "value"],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_statement"],
        elifs: &[],
        elses: &[],
        alternative_field: Some("alternative"),
        ternaries: &[],
        switches: &[
            "expression_switch_statement",
            "type_switch_statement",
            "select_statement",
        ],
        loops: &["for_statement"],
        catches: &[],
        labeled_jumps: &[
            ("break_statement", "label_name"),
            ("continue_statement", "label_name"),
        ],
        gotos: &["goto_statement"],
        calls: &[("call_expression", "function")],
    },
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: &[
        "import_declaration",
        "interpreted_string_literal",
        "raw_string_literal",
        "qualified_type",
        "type_arguments",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: false,
    },
    folds: GO_FOLDS,
    preproc: &[],
    declarations: &[],
    tests: TestSpec {
        paths: &["*_test.go"],
        identifiers: &["identifier", "field_identifier", "type_identifier"],
        inline: None,
        family: "go",
    },
};

/// A function literal inside a function is measured with it: gocyclo walks a declaration's
/// whole body (a literal's `if`s and `case`s count for the function that holds it) and reports
/// declarations only; gocognit adds a literal's increments one nesting level deeper. A literal
/// at package level (`var handler = func(…) {…}`) has no function around it and is its own unit.
const GO_FOLDS: &[Fold] = &[Fold {
    kind: "func_literal",
    parents: &[],
    calls: &[],
    iterating: &[],
    loose: false,
}];
