//! JavaScript: functions, generators, methods, arrow functions, function expressions and classes.
//! Cyclomatic follows lizard's JS/TS reader (`if`, `for`, `while`, `catch`, `case`, `&&`, `||`,
//! `??`, `?:`); `??` is null handling, so it adds nothing to cognitive (Campbell ignores it).
//! Every function, method, arrow function and callback is its own unit (ESLint `complexity`),
//! and its cognitive nesting starts at 0 wherever it sits, as SonarJS reports it.

use super::*;

pub(super) const FUNCTIONS: &[FunctionRule] = &[
    FunctionRule {
        kind: "function_declaration",
        name: NameRule::Field("name"),
        params: Some("parameters"),
        params_kind: None,
    },
    FunctionRule {
        kind: "generator_function_declaration",
        name: NameRule::Field("name"),
        params: Some("parameters"),
        params_kind: None,
    },
    FunctionRule {
        kind: "function_expression",
        name: NameRule::Field("name"),
        params: Some("parameters"),
        params_kind: None,
    },
    FunctionRule {
        kind: "generator_function",
        name: NameRule::Field("name"),
        params: Some("parameters"),
        params_kind: None,
    },
    FunctionRule {
        kind: "method_definition",
        name: NameRule::Field("name"),
        params: Some("parameters"),
        params_kind: None,
    },
    // `x => x + 1` has a single `parameter` instead of a `parameters` list; the engine counts it.
    FunctionRule {
        kind: "arrow_function",
        name: NameRule::Anonymous,
        params: Some("parameters"),
        params_kind: None,
    },
];

pub(super) const NAME_CONTEXTS: &[NameContext] = &[
    NameContext {
        parent: "variable_declarator",
        field: "name",
    },
    NameContext {
        parent: "assignment_expression",
        field: "left",
    },
    NameContext {
        parent: "pair",
        field: "key",
    },
];

pub(super) const DECISIONS: &[Decision] = &[
    always("if_statement"),
    always("for_statement"),
    always("for_in_statement"),
    always("while_statement"),
    // lizard counts the `while` of a do-while.
    always("do_statement"),
    // `default:` is its own kind, `switch_default`, and does not count.
    always("switch_case"),
    always("catch_clause"),
    always("ternary_expression"),
    decision("binary_expression", When::HasChild("??")),
    // Logical assignments are `a = a ?? b`, `a = a || b`, `a = a && b`: one decision each,
    // as ESLint's `complexity` rule counts them (README, Languages).
    decision("augmented_assignment_expression", When::HasChild("??=")),
    decision("augmented_assignment_expression", When::HasChild("||=")),
    decision("augmented_assignment_expression", When::HasChild("&&=")),
];

pub(super) const BOOLEAN: BooleanOps = BooleanOps {
    kinds: &["binary_expression"],
    operators: &["&&", "||"],
};

pub(super) const NESTING: &[&str] = &[
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "switch_statement",
    "try_statement",
];

pub(super) const HEADER_FIELDS: &[&str] = &[
    "condition",
    "initializer",
    "increment",
    "left",
    "right",
    "value",
];

pub(super) const COGNITIVE: CognitiveSpec = CognitiveSpec {
    // SonarJS reports each function apart, its nesting starting at 0.
    nested_from_zero: true,
    ifs: &["if_statement"],
    elifs: &[],
    elses: &["else_clause"],
    alternative_field: None,
    ternaries: &["ternary_expression"],
    switches: &["switch_statement"],
    loops: &[
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
    ],
    catches: &["catch_clause"],
    labeled_jumps: &[
        ("break_statement", "statement_identifier"),
        ("continue_statement", "statement_identifier"),
    ],
    gotos: &[],
    calls: &[("call_expression", "function")],
};

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "javascript",
    name: "JavaScript",
    extensions: &["js", "mjs", "cjs", "jsx"],
    file_names: &["Jakefile"],
    shebangs: &["node", "nodejs", "deno", "bun"],
    grammar: || tree_sitter_javascript::LANGUAGE.into(),
    separator: ".",
    functions: FUNCTIONS,
    containers: &[
        ContainerRule {
            kind: "class_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "class",
            name: NameRule::Field("name"),
        },
    ],
    name_contexts: NAME_CONTEXTS,
    param_kinds: &[],
    decisions: DECISIONS,
    boolean: BOOLEAN,
    nesting: NESTING,
    header_fields: HEADER_FIELDS,
    cognitive: COGNITIVE,
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    // Template strings are walked: their substitutions can hold arrow functions.
    opaque: &["import_statement", "string", "regex"],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: false,
    },
    folds: &[],
    preproc: &[],
    declarations: &[],
    tests: TestSpec {
        paths: JS_TEST_PATHS,
        identifiers: &[
            "identifier",
            "property_identifier",
            "shorthand_property_identifier",
        ],
        inline: None,
        family: "js",
    },
};

/// Test files of JavaScript and TypeScript: Jest, Mocha, Vitest and Jasmine conventions.
pub const JS_TEST_PATHS: &[&str] = &["*.test.*", "*.spec.*", "__tests__", "test", "tests", "spec"];
