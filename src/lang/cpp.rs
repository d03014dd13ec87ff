//! C++: stub row, to be completed (functions and decisions).

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
