//! C#: methods, constructors, destructors, operators and conversions, property/indexer/event
//! accessors, local functions, lambdas and anonymous methods; classes, structs, interfaces,
//! records and enums as containers, and properties and events so that accessors read
//! `Invoice.Total.get`. Namespaces are left out of qualified names on purpose: a file-scoped
//! `namespace Acme;` does not wrap the types it names, so counting block namespaces only would
//! rename every function when a project moves to the file-scoped form (an IDE one-click change);
//! lizard and the Java row (packages) leave them out too.
//!
//! Cyclomatic follows lizard (`if`, `for`, `while`, `catch`, `case`, `&&`, `||`, `?`, `??`):
//! the `?` token covers the conditional `c ? a : b` and each null-conditional access `a?.b` /
//! `a?[i]` (a null test that skips the rest), and `??` covers `??=`. None of the null-handling
//! shorthands is a cognitive increment: Campbell ignores them. Deliberate differences:
//! - `foreach` is a loop and counts (lizard's C# reader forgets it);
//! - the arms of a switch expression count like `case` labels, except the discard arm `_`
//!   (lizard sees no `case` token there and counts none);
//! - the pattern combinators `and` / `or` (`x is > 0 and < 10`) are boolean operators, for
//!   cyclomatic and cognitive alike (lizard ignores them);
//! - lambdas and anonymous methods inside a member fold into it (`CSHARP_FOLDS`), as SonarC#
//!   measures the member; named local functions, and lambdas in field or property
//!   initializers, are functions of their own.
//!
//! As in lizard, the `when` guard of a case label and an exception filter are not decisions;
//! the operators inside them are.
//!
//! Not expressible yet: a plain `else` (the grammar has no else node; see the ignored test),
//! and accessors without a body (`{ get; set; }`) are reported as one-line functions.
//! Expression-bodied properties (`int Total => a + b;`) have no accessor node and are not
//! measured. A destructor is named like its class (`~` is a separate token).

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "csharp",
    name: "C#",
    extensions: &["cs", "csx"],
    file_names: &[],
    shebangs: &["dotnet-script"],
    grammar: || tree_sitter_c_sharp::LANGUAGE.into(),
    separator: ".",
    functions: &[
        FunctionRule {
            kind: "method_declaration",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "constructor_declaration",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "destructor_declaration",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        // `operator +(Money a, Money b)` is named `+`.
        FunctionRule {
            kind: "operator_declaration",
            name: NameRule::Field("operator"),
            params: Some("parameters"),
            params_kind: None,
        },
        // `implicit operator decimal(Money m)` is named by its target type.
        FunctionRule {
            kind: "conversion_operator_declaration",
            name: NameRule::Field("type"),
            params: Some("parameters"),
            params_kind: None,
        },
        // `get`, `set`, `init`, `add`, `remove`.
        FunctionRule {
            kind: "accessor_declaration",
            name: NameRule::Field("name"),
            params: None,
            params_kind: None,
        },
        FunctionRule {
            kind: "local_function_statement",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        // `x => ...` (an `implicit_parameter`) or `(a, b) => ...`.
        FunctionRule {
            kind: "lambda_expression",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
        FunctionRule {
            kind: "anonymous_method_expression",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
    ],
    containers: &[
        ContainerRule {
            kind: "class_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "struct_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "interface_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "record_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "enum_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "property_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "event_declaration",
            name: NameRule::Field("name"),
        },
    ],
    name_contexts: &[
        // `Func<int, int> twice = x => x * 2;`
        NameContext {
            parent: "variable_declarator",
            field: "name",
        },
        // `OnPosted = (s, e) => ...;`
        NameContext {
            parent: "assignment_expression",
            field: "left",
        },
    ],
    // A `params T[] rest` parameter is not wrapped in a `parameter` node: its name is a bare
    // `identifier` child of the list (its type is an `array_type` or generic name).
    param_kinds: &["parameter", "implicit_parameter", "identifier"],
    decisions: &[
        // `else if` is an `if_statement` in the `alternative` field: counted here once.
        always("if_statement"),
        always("for_statement"),
        always("foreach_statement"),
        always("while_statement"),
        // lizard counts the `while` of `do { } while (c);`.
        always("do_statement"),
        // One section per `case` label (stacked labels are sections of their own).
        decision("switch_section", When::LacksChild("default")),
        decision("switch_expression_arm", When::LacksChild("discard")),
        always("catch_clause"),
        always("conditional_expression"),
        always("conditional_access_expression"),
        decision("binary_expression", When::HasChild("??")),
        decision("assignment_expression", When::HasChild("??=")),
    ],
    boolean: BooleanOps {
        kinds: &["binary_expression", "and_pattern", "or_pattern"],
        operators: &["&&", "||", "and", "or"],
    },
    nesting: &[
        "if_statement",
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "switch_expression",
        "try_statement",
        "using_statement",
        "lock_statement",
    ],
    // `condition` (if/while/do/for/ternary), the `for` header parts, the `foreach` variable and
    // collection, the `switch` value.
    header_fields: &[
        "condition",
        "initializer",
        "update",
        "left",
        "right",
        "type",
        "value",
    ],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_statement"],
        elifs: &[],
        // No `else` node: see the module comment.
        elses: &[],
        alternative_field: Some("alternative"),
        ternaries: &["conditional_expression"],
        switches: &["switch_statement", "switch_expression"],
        loops: &[
            "for_statement",
            "foreach_statement",
            "while_statement",
            "do_statement",
        ],
        catches: &["catch_clause"],
        labeled_jumps: &[],
        // `goto label;`, `goto case 1;`, `goto default;`.
        gotos: &["goto_statement"],
        calls: &[("invocation_expression", "function")],
    },
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression", "parenthesized_pattern"],
    opaque: &[
        "using_directive",
        "attribute_list",
        "type_argument_list",
        "qualified_name",
        "array_type",
        "nullable_type",
        "string_literal",
        "verbatim_string_literal",
        "raw_string_literal",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: true,
    },
    folds: CSHARP_FOLDS,
    preproc: &["preproc_if", "preproc_elif"],
    declarations: &[
        ("method_declaration", "body"),
        ("accessor_declaration", "body"),
        ("constructor_declaration", "body"),
        ("operator_declaration", "body"),
        ("local_function_statement", "body"),
    ],
    tests: TestSpec {
        paths: &[
            "*Tests.cs",
            "*Test.cs",
            "*Tests",
            "*.Tests",
            "*.Test",
            "tests",
            "test",
        ],
        identifiers: &["identifier"],
        inline: None,
        family: "dotnet",
    },
};

/// A lambda or anonymous method inside a method, accessor or local function is measured with
/// it: SonarC# adds a lambda's cognitive increments, one nesting level deeper, to the enclosing
/// method (as the specification does), and its cyclomatic walker (S1541) reads the member's
/// whole syntax, lambdas included. A lambda in a field or property initializer has no member
/// around it and stays its own unit; a named local function stays its own unit too (S1541
/// walks a non-static one with its member: README, Metrics, the unit of measure).
const CSHARP_FOLDS: &[Fold] = &[
    Fold {
        kind: "lambda_expression",
        parents: &[],
        calls: &[],
        iterating: &[],
        loose: false,
    },
    Fold {
        kind: "anonymous_method_expression",
        parents: &[],
        calls: &[],
        iterating: &[],
        loose: false,
    },
];
