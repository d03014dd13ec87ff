//! PHP: functions, methods, closures, arrow functions and property hooks; classes, interfaces,
//! traits, enums and anonymous classes as containers. Decisions as lizard counts them, except:
//!
//! - `and` / `or` count like `&&` / `||` (lizard counts only the symbols); `xor` is no decision;
//! - a `match` counts one per arm except `default` (lizard counts the `match` and every arm but
//!   one, so the default arm too), as a `switch` counts its `case`s and not its `default`;
//! - the short ternary `$a ?: $b` counts like `?:` (it branches on `$a`; lizard skips it). The
//!   null coalescing `??` is no decision, as in lizard;
//! - closures and arrow functions inside a function or method fold into it (`PHP_FOLDS`), as
//!   PDepend/PHPMD count them; at file level they are functions of their own.
//!
//! `break 2` / `continue 2` leave an outer loop, PHP's form of a jump to a label: +1 cognitive
//! (so is a redundant `break 1`). Namespaces do not qualify names: `namespace X;`, the common
//! form, does not enclose the declarations it names, and both forms must give the same names.

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "php",
    name: "PHP",
    extensions: &["php", "phtml", "php5", "php7", "inc"],
    file_names: &[],
    shebangs: &["php"],
    grammar: || tree_sitter_php::LANGUAGE_PHP.into(),
    separator: "::",
    functions: &[
        FunctionRule {
            kind: "function_definition",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        // Methods, constructors (`__construct`) and destructors (`__destruct`). Abstract and
        // interface methods have no body and measure as one-line functions.
        FunctionRule {
            kind: "method_declaration",
            name: NameRule::Field("name"),
            params: Some("parameters"),
            params_kind: None,
        },
        // `function ($x) use ($y) { }`; named by `$handler = function ...`.
        FunctionRule {
            kind: "anonymous_function",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
        // `fn ($x) => $x * 2`.
        FunctionRule {
            kind: "arrow_function",
            name: NameRule::Anonymous,
            params: Some("parameters"),
            params_kind: None,
        },
        // PHP 8.4 property hooks: `public string $name { get => ...; set(string $v) { } }`.
        FunctionRule {
            kind: "property_hook",
            name: NameRule::FirstChildOfKind(&["name"]),
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
            kind: "interface_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "trait_declaration",
            name: NameRule::Field("name"),
        },
        ContainerRule {
            kind: "enum_declaration",
            name: NameRule::Field("name"),
        },
        // `new class { function m() {} }` gives `<anonymous>::m`.
        ContainerRule {
            kind: "anonymous_class",
            name: NameRule::Anonymous,
        },
        // A property with hooks: `User::$name::get`.
        ContainerRule {
            kind: "property_declaration",
            name: NameRule::FirstChildOfKind(&["property_element"]),
        },
    ],
    // `$fmt = fn ($x) => ...;`, `$this->onError = function ($e) { };`
    name_contexts: &[NameContext {
        parent: "assignment_expression",
        field: "left",
    }],
    param_kinds: &[
        "simple_parameter",
        "variadic_parameter",
        "property_promotion_parameter",
    ],
    decisions: &[
        // `else if` is an `if_statement` in the body of an `else_clause`: counted here once.
        always("if_statement"),
        always("else_if_clause"),
        always("for_statement"),
        always("foreach_statement"),
        always("while_statement"),
        // lizard counts the `while` of `do { } while ($c)`.
        always("do_statement"),
        // `default:` is its own kind (`default_statement`).
        always("case_statement"),
        // `1, 2 => ...` is one arm; `default => ...` is `match_default_expression`.
        always("match_conditional_expression"),
        always("catch_clause"),
        always("conditional_expression"),
    ],
    boolean: BooleanOps {
        kinds: &["binary_expression"],
        operators: &["&&", "||", "and", "or"],
    },
    nesting: &[
        "if_statement",
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "match_expression",
        "try_statement",
    ],
    // `condition` (if/elseif/while/do/switch/match/ternary, the test of a `for`) and the other
    // two parts of a `for` header. A `foreach` header has no field and sits in the body's level.
    header_fields: &["condition", "initialize", "update"],
    cognitive: CognitiveSpec {
        nested_from_zero: false,
        ifs: &["if_statement"],
        elifs: &["else_if_clause"],
        // `else_clause` holds a block, or the `if_statement` of an `else if`.
        elses: &["else_clause"],
        alternative_field: None,
        ternaries: &["conditional_expression"],
        switches: &["switch_statement", "match_expression"],
        loops: &[
            "for_statement",
            "foreach_statement",
            "while_statement",
            "do_statement",
        ],
        catches: &["catch_clause"],
        labeled_jumps: &[
            ("break_statement", "integer"),
            ("continue_statement", "integer"),
        ],
        gotos: &["goto_statement"],
        // `total()`, `$this->total()`, `$this?->total()`, `self::total()`, `static::total()`.
        calls: &[
            ("function_call_expression", "function"),
            ("member_call_expression", "name"),
            ("nullsafe_member_call_expression", "name"),
            ("scoped_call_expression", "name"),
        ],
    },
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: &[
        "namespace_use_declaration",
        "qualified_name",
        "named_type",
        "union_type",
        "optional_type",
        "attribute_list",
        "string",
    ],
    recursion: Recursion {
        namespaces: &[],
        implicit_self: false,
    },
    folds: PHP_FOLDS,
    preproc: &[],
    declarations: &[("method_declaration", "body")],
    tests: TestSpec {
        paths: &["*Test.php", "tests", "test"],
        identifiers: &["name"],
        inline: None,
        family: "php",
    },
};

/// A closure or arrow function inside a function or method is measured with it: PDepend, which
/// PHPMD's CyclomaticComplexity reads, computes a method's complexity over all its children,
/// closures included, and reports functions and methods only; for cognitive complexity the
/// specification adds a closure's increments, one nesting level deeper, to the enclosing
/// function. A closure at file level (`$fmt = fn($x) => …`) has no function around it and is
/// its own unit, as are the methods of an anonymous class.
const PHP_FOLDS: &[Fold] = &[
    Fold {
        kind: "anonymous_function",
        parents: &[],
        calls: &[],
        iterating: &[],
        loose: false,
    },
    Fold {
        kind: "arrow_function",
        parents: &[],
        calls: &[],
        iterating: &[],
        loose: false,
    },
];
