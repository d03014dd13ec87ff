//! Kotlin (tree-sitter-kotlin-ng): functions (top-level, members, local, extension), secondary
//! constructors, property getters and setters, lambdas and anonymous functions; classes,
//! interfaces, enums (and enum entries with a body) and objects as containers.
//!
//! Cyclomatic follows lizard (`if`, `for`, `while`, `catch`, `&&`, `||`, the elvis `?:`, one per
//! `when` arm but the `else` arm), with these deliberate differences:
//! - lizard counts a `when` as its number of arms minus one, which is right only when the
//!   `when` has an `else` arm; here every arm with a condition counts, `else ->` never does;
//! - a lambda passed as an argument folds into the function that passes it, as detekt counts
//!   it (`KOTLIN_FOLDS`); stored lambdas and anonymous functions are functions of their own.
//!
//! The elvis operator is a decision for cyclomatic only: Campbell ignores null-coalescing
//! operators in cognitive complexity.
//!
//! Grammar facts the row has to live with (kotlin-ng 1.1.0):
//! - `if_expression` has no field for its branches, so neither `else if` nor a plain `else`
//!   can be told apart: an `else if` counts as an `if` nested in the first one (+1 + nesting
//!   and a nesting level) and a plain `else` adds nothing. See the ignored tests.
//! - `break@l` / `continue@l` parse as a `labeled_expression` (`label` "break@" + identifier):
//!   that kind is the labelled jump. A labelled lambda in value position (`val f = l@{ }`)
//!   also parses as one and is miscounted; a plain `break`/`continue` is an identifier.
//! - `call_expression` has no callee field: direct recursion is not detected.
//! - `property_declaration` has no fields: a lambda assigned to a `val` stays anonymous.
//! - getters, setters and secondary constructors have no name node: they are named `get`,
//!   `set` and `constructor`.
//! - a companion object is not a container: `A.create()` is how callers name its members.
//! - declarations without a body (abstract functions, `private set`) are reported as
//!   one-line functions.
//!
//! `init { }` blocks are not callables and are not measured.

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "kotlin",
    name: "Kotlin",
    extensions: &["kt", "kts"],
    file_names: &[],
    shebangs: &["kotlin", "kotlinc", "kscript"],
    grammar: || tree_sitter_kotlin_ng::LANGUAGE.into(),
    separator: ".",
    functions: &[
        FunctionRule {
            kind: "function_declaration",
            name: NameRule::Field("name"),
            params: None,
            params_kind: Some("function_value_parameters"),
        },
        FunctionRule {
            kind: "secondary_constructor",
            name: NameRule::Fixed("constructor"),
            params: None,
            params_kind: Some("function_value_parameters"),
        },
        FunctionRule {
            kind: "getter",
            name: NameRule::Fixed("get"),
            params: None,
            params_kind: None,
        },
        // `set(value) { ... }`: the parameter is a bare `identifier` child, which cannot be a
        // parameter kind (an identifier default value sits directly in a function's parameter
        // list), so a setter counts no parameter. See the ignored test.
        FunctionRule {
            kind: "setter",
            name: NameRule::Fixed("set"),
            params: None,
            params_kind: None,
        },
        FunctionRule {
            kind: "lambda_literal",
            name: NameRule::Anonymous,
            params: None,
            params_kind: Some("lambda_parameters"),
        },
        FunctionRule {
            kind: "anonymous_function",
            name: NameRule::Anonymous,
            params: None,
            params_kind: Some("function_value_parameters"),
        },
    ],
    containers: &[
        // Classes, interfaces, enum classes.
        ContainerRule {
            kind: "class_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "object_declaration",
            name: NameRule::Field("name"),
        },
        // `PLUS { override fun apply(...) }` gives `Op.PLUS.apply`.
        ContainerRule {
            kind: "enum_entry",
            name: NameRule::FirstChildOfKind(&["identifier"]),
        },
    ],
    name_contexts: &[
        // `handler = { e -> ... }`
        NameContext {
            parent: "assignment",
            field: "left",
        },
    ],
    // `parameter` in function lists (default values are its siblings, not parameters),
    // `variable_declaration` and destructuring `(a, b)` in lambda lists.
    param_kinds: &[
        "parameter",
        "variable_declaration",
        "multi_variable_declaration",
    ],
    decisions: &[
        always("if_expression"),
        always("for_statement"),
        always("while_statement"),
        // lizard counts the `while` of `do { } while (c)`.
        always("do_while_statement"),
        // `else ->` has no condition.
        decision("when_entry", When::HasField("condition")),
        always("catch_block"),
        // The elvis operator `a ?: b` (lizard counts it).
        decision("binary_expression", When::HasChild("?:")),
    ],
    boolean: BooleanOps {
        kinds: &["binary_expression"],
        operators: &["&&", "||"],
    },
    nesting: &[
        "if_expression",
        "for_statement",
        "while_statement",
        "do_while_statement",
        "when_expression",
        "try_expression",
    ],
    header_fields: &["condition"],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_expression"],
        elifs: &[],
        elses: &[],
        // No field holds the alternative (see above).
        alternative_field: None,
        // Kotlin has no `?:` ternary; `if` is the expression form and counts as an `if`.
        ternaries: &[],
        switches: &["when_expression"],
        loops: &["for_statement", "while_statement", "do_while_statement"],
        catches: &["catch_block"],
        labeled_jumps: &[("labeled_expression", "label")],
        gotos: &[],
        calls: &[],
    },
    comments: &["line_comment", "block_comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: &[
        "import",
        "package_header",
        "user_type",
        "nullable_type",
        "function_type",
        "type_arguments",
        "annotation",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: true,
    },
    folds: KOTLIN_FOLDS,
    preproc: &[],
    declarations: &[],
    tests: TestSpec {
        paths: &[
            "*Test.kt",
            "*Tests.kt",
            "*Spec.kt",
            "**/src/test",
            "**/src/*Test",
            "tests",
            "test",
        ],
        identifiers: &["identifier"],
        inline: None,
        family: "jvm",
    },
};

/// A lambda passed as an argument (`synchronized(lock) { … }`, `items.map { … }`,
/// `run(action = { … })`) is measured with the function that passes it, as detekt's
/// CyclomaticComplexMethod walks the whole function body; passed to one of detekt's default
/// nesting functions it adds one. A lambda stored in a `val` or property stays its own unit.
const KOTLIN_FOLDS: &[Fold] = &[Fold {
    kind: "lambda_literal",
    parents: &["annotated_lambda", "value_argument"],
    calls: &["call_expression"],
    iterating: &[
        "run",
        "let",
        "apply",
        "with",
        "also",
        "use",
        "forEach",
        "isNotNull",
        "ifNull",
    ],
    loose: true,
}];
