//! C++: the C row plus methods (in-class and `Ledger::post` out of class), constructors,
//! destructors, operators, lambdas, namespaces, classes; try/catch and range-for.
//! A lambda inside a function folds into it (`CPP_FOLDS`), as lizard and clang-tidy count it.

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "cpp",
    name: "C++",
    extensions: &[
        "cpp", "cc", "cxx", "c++", "hpp", "hh", "hxx", "h++", "C", "H", "ipp", "tpp",
    ],
    file_names: &[],
    shebangs: &[],
    grammar: || tree_sitter_cpp::LANGUAGE.into(),
    separator: "::",
    functions: &[
        FunctionRule {
            kind: "function_definition",
            name: NameRule::Declarator("declarator"),
            params: Some("parameters"),
            params_kind: None,
        },
        // The parameters sit in the lambda's abstract function declarator.
        FunctionRule {
            kind: "lambda_expression",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
    ],
    containers: &[
        ContainerRule {
            kind: "namespace_definition",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "class_specifier",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "struct_specifier",
            name: NameRule::Field("name"),
        },
    ],
    name_contexts: &[
        NameContext {
            parent: "init_declarator",
            field: "declarator",
        },
        NameContext {
            parent: "assignment_expression",
            field: "left",
        },
    ],
    param_kinds: &[
        "parameter_declaration",
        "optional_parameter_declaration",
        "variadic_parameter_declaration",
    ],
    decisions: &[
        always("if_statement"),
        always("for_statement"),
        always("for_range_loop"),
        always("while_statement"),
        always("do_statement"),
        decision("case_statement", When::HasField("value")),
        always("conditional_expression"),
        always("catch_clause"),
    ],
    boolean: BooleanOps {
        kinds: &["binary_expression"],
        operators: &["&&", "||", "and", "or"],
    },
    nesting: &[
        "if_statement",
        "for_statement",
        "for_range_loop",
        "while_statement",
        "do_statement",
        "switch_statement",
        "try_statement",
    ],
    header_fields: &["condition", "initializer", "update", "right"],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_statement"],
        elifs: &[],
        elses: &["else_clause"],
        alternative_field: None,
        ternaries: &["conditional_expression"],
        switches: &["switch_statement"],
        loops: &[
            "for_statement",
            "for_range_loop",
            "while_statement",
            "do_statement",
        ],
        catches: &["catch_clause"],
        labeled_jumps: &[],
        gotos: &["goto_statement"],
        calls: &[("call_expression", "function")],
    },
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: &[
        "preproc_include",
        "string_literal",
        "raw_string_literal",
        "concatenated_string",
        "char_literal",
        "system_lib_string",
        "template_argument_list",
        "using_declaration",
        "type_descriptor",
    ],
    recursion: Recursion {
        namespaces: &["namespace_definition"],
        implicit_self: true,
    },
    folds: CPP_FOLDS,
    preproc: &["preproc_if", "preproc_elif"],
    declarations: &[],
    tests: TestSpec {
        paths: C_TEST_PATHS,
        identifiers: &["identifier", "field_identifier", "type_identifier"],
        inline: None,
        family: "c",
    },
};

/// Test files of C and C++: GoogleTest, Catch2, CUnit and Unity conventions.
pub const C_TEST_PATHS: &[&str] = &[
    "*_test.*",
    "*_tests.*",
    "*_unittest.*",
    "test_*.*",
    "*Test.*",
    "*Tests.*",
    "test",
    "tests",
];

/// A lambda inside a function is measured with it, as lizard counts a lambda's decisions in
/// the enclosing function and clang-tidy's readability-function-cognitive-complexity adds a
/// lambda's increments, one nesting level deeper, to it. A lambda at namespace or class scope
/// (`auto cmp = [](…) {…};` outside any function) has no function around it and is its own unit.
const CPP_FOLDS: &[Fold] = &[Fold {
    kind: "lambda_expression",
    parents: &[],
    calls: &[],
    iterating: &[],
    loose: false,
}];
