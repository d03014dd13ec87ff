//! TypeScript and TSX: the JavaScript row's functions and decisions (one grammar crate, two
//! dialects), plus abstract classes and namespaces; bodiless signatures are not functions.

use super::javascript::{
    BOOLEAN, COGNITIVE, DECISIONS, FUNCTIONS, HEADER_FIELDS, NAME_CONTEXTS, NESTING,
};
use super::*;

const CONTAINERS: &[ContainerRule] = &[
    ContainerRule {
        kind: "class_declaration",
        name: NameRule::Field("name"),
    },
    ContainerRule {
        kind: "abstract_class_declaration",
        name: NameRule::Field("name"),
    },
    ContainerRule {
        kind: "class",
        name: NameRule::Field("name"),
    },
    ContainerRule {
        kind: "internal_module",
        name: NameRule::Field("name"),
    },
];

const NAME_CONTEXTS_TS: &[NameContext] = &[
    NAME_CONTEXTS[0],
    NAME_CONTEXTS[1],
    NAME_CONTEXTS[2],
    // `private onSave = () => {...}` in a class body.
    NameContext {
        parent: "public_field_definition",
        field: "name",
    },
];

/// Types, imports and plain strings hold no function and no decision.
const OPAQUE: &[&str] = &[
    "import_statement",
    "string",
    "regex",
    "type_annotation",
    "type_arguments",
    "type_parameters",
    "type_alias_declaration",
    "interface_declaration",
];

pub static TYPESCRIPT: LanguageSpec = LanguageSpec {
    id: "typescript",
    name: "TypeScript",
    extensions: &["ts", "mts", "cts"],
    shebangs: &["ts-node", "tsx"],
    ..TYPESCRIPT_FIELDS
};

pub static TSX: LanguageSpec = LanguageSpec {
    id: "tsx",
    name: "TSX",
    extensions: &["tsx"],
    shebangs: &[],
    grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
    ..TYPESCRIPT_FIELDS
};

/// What TypeScript and TSX share: everything but id, name, extensions, shebangs and grammar.
const TYPESCRIPT_FIELDS: LanguageSpec = LanguageSpec {
    id: "typescript",
    name: "TypeScript",
    extensions: &[],
    file_names: &[],
    shebangs: &[],
    grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    separator: ".",
    functions: FUNCTIONS,
    containers: CONTAINERS,
    name_contexts: NAME_CONTEXTS_TS,
    // `required_parameter`, `optional_parameter` and `this: T` are all named children of the
    // list; every one counts.
    param_kinds: &[],
    decisions: DECISIONS,
    boolean: BOOLEAN,
    nesting: NESTING,
    header_fields: HEADER_FIELDS,
    cognitive: COGNITIVE,
    comments: &["comment"],
    docstring: None,
    parens: &["parenthesized_expression"],
    opaque: OPAQUE,
    recursion: Recursion {
        namespaces: &["internal_module"],
        implicit_self: false,
    },
    folds: &[],
    preproc: &[],
    declarations: &[],
    tests: TestSpec {
        paths: super::javascript::JS_TEST_PATHS,
        identifiers: &[
            "identifier",
            "property_identifier",
            "shorthand_property_identifier",
            "type_identifier",
        ],
        inline: None,
        family: "js",
    },
};
