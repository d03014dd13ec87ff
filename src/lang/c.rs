//! C: function definitions (names through the declarator chain, `(void)` is no parameter);
//! if/else, loops, case (not default), `?:`, `&&`, `||`; `goto` counts for cognitive.

use super::*;

pub(super) const DECISIONS: &[Decision] = &[
    always("if_statement"),
    always("for_statement"),
    always("while_statement"),
    // lizard counts the `while` of a do-while.
    always("do_statement"),
    // `default:` is a case_statement without a value.
    decision("case_statement", When::HasField("value")),
    always("conditional_expression"),
];

pub(super) const NESTING: &[&str] = &[
    "if_statement",
    "for_statement",
    "while_statement",
    "do_statement",
    "switch_statement",
];

pub(super) const COGNITIVE: CognitiveSpec = CognitiveSpec {
    nested_from_zero: false,
    ifs: &["if_statement"],
    elifs: &[],
    elses: &["else_clause"],
    alternative_field: None,
    ternaries: &["conditional_expression"],
    switches: &["switch_statement"],
    loops: &["for_statement", "while_statement", "do_statement"],
    catches: &[],
    labeled_jumps: &[],
    gotos: &["goto_statement"],
    calls: &[("call_expression", "function")],
};

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "c",
    name: "C",
    extensions: &["c", "h"],
    file_names: &[],
    shebangs: &[],
    grammar: || tree_sitter_c::LANGUAGE.into(),
    separator: "::",
    functions: &[FunctionRule {
        kind: "function_definition",
        name: NameRule::Declarator("declarator"),
        params: Some("parameters"),
        params_kind: None,
    }],
    containers: &[],
    name_contexts: &[],
    param_kinds: &["parameter_declaration", "variadic_parameter"],
    decisions: DECISIONS,
    boolean: BooleanOps {
        kinds: &["binary_expression"],
        operators: &["&&", "||"],
    },
    nesting: NESTING,
    header_fields: &["condition", "initializer", "update"],
    cognitive: COGNITIVE,
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: &[
        "preproc_include",
        "string_literal",
        "concatenated_string",
        "char_literal",
        "system_lib_string",
        "type_descriptor",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: true,
    },
    folds: &[],
    preproc: &["preproc_if", "preproc_elif"],
    declarations: &[],
    tests: TestSpec {
        paths: super::cpp::C_TEST_PATHS,
        identifiers: &["identifier", "field_identifier", "type_identifier"],
        inline: None,
        family: "c",
    },
};
