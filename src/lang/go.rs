//! Go: stub row, to be completed (functions and decisions).

use super::*;

pub static SPEC: LanguageSpec = LanguageSpec {
    id: "go",
    name: "Go",
    extensions: &["go"],
    file_names: &[],
    shebangs: &[],
    grammar: || tree_sitter_go::LANGUAGE.into(),
    separator: ".",
    functions: &[],
    containers: &[],
    name_contexts: &[],
    param_kinds: &[],
    decisions: &[],
    boolean: BooleanOps {
        kinds: &[],
        operators: &[],
    },
    nesting: &[],
    header_fields: &[],
    cognitive: CognitiveSpec {
        ifs: &[],
        elifs: &[],
        elses: &[],
        alternative_field: None,
        ternaries: &[],
        switches: &[],
        loops: &[],
        catches: &[],
        labeled_jumps: &[],
        gotos: &[],
        calls: &[],
    },
    comments: &[],
    docstring: None,
    parens: &[],
    opaque: &[],
    declarations: &[],
};
