//! The language table: the only place that knows a language. Each row is plain data in its own
//! file; `Resolved` turns its kind names into kind-id tables once per process.

mod c;
mod cpp;
mod csharp;
mod go;
mod header;
mod java;
mod javascript;
mod kotlin;
mod php;
mod preproc;
mod python;
mod ruby;
mod rust;
mod typescript;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::OnceLock;

use tree_sitter::Language;

pub use preproc::{error_weight, recovery_text};

/// Every supported language, in a fixed order (the order of `LanguageId`).
pub static LANGUAGES: &[&LanguageSpec] = &[
    &python::SPEC,
    &java::SPEC,
    &javascript::SPEC,
    &typescript::TYPESCRIPT,
    &typescript::TSX,
    &go::SPEC,
    &c::SPEC,
    &cpp::SPEC,
    &csharp::SPEC,
    &rust::SPEC,
    &ruby::SPEC,
    &php::SPEC,
    &kotlin::SPEC,
];

/// When a decision kind counts for cyclomatic complexity.
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// Every node of the kind is a decision.
    Always,
    /// Only when the node has a child in this field (e.g. `case` with a `value`, not `default`).
    HasField(&'static str),
    /// Only when no direct child is of this kind (e.g. a `default` token marks the default arm).
    LacksChild(&'static str),
    /// Only when some direct child is of this kind (e.g. a `?` token in a conditional).
    HasChild(&'static str),
}

/// A kind that counts +1 toward cyclomatic complexity, under a condition.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub kind: &'static str,
    pub when: When,
}

/// Shorthand for a decision that always counts.
pub const fn always(kind: &'static str) -> Decision {
    Decision {
        kind,
        when: When::Always,
    }
}

/// Shorthand for a conditional decision.
pub const fn decision(kind: &'static str, when: When) -> Decision {
    Decision { kind, when }
}

/// How a function or container node yields its name.
#[derive(Debug, Clone, Copy)]
pub enum NameRule {
    /// The text of the child in this field.
    Field(&'static str),
    /// Follow the named field chain (`declarator` in C/C++) down to the innermost name.
    Declarator(&'static str),
    /// The node has no name of its own; one may come from its assignment context.
    Anonymous,
    /// The first named child of one of these kinds (grammars without a `name` field).
    FirstChildOfKind(&'static [&'static str]),
    /// A fixed name for kinds that have none in the source (`constructor`, `get`, `set`).
    Fixed(&'static str),
    /// The `name` field qualified by the type in the `receiver` field (Go: `Parser.parse`).
    Receiver {
        name: &'static str,
        receiver: &'static str,
    },
}

/// A node kind that is a function (callable) and how to read it.
#[derive(Debug, Clone, Copy)]
pub struct FunctionRule {
    pub kind: &'static str,
    pub name: NameRule,
    /// Field holding the parameter list (or the single parameter of a short lambda).
    pub params: Option<&'static str>,
    /// Child kind holding the parameters when the grammar gives it no field.
    pub params_kind: Option<&'static str>,
}

/// A node kind that contributes a segment to qualified names (class, module, impl, namespace).
#[derive(Debug, Clone, Copy)]
pub struct ContainerRule {
    pub kind: &'static str,
    pub name: NameRule,
}

/// Where an anonymous function takes its name from: a parent of `parent` kind, field `field`.
#[derive(Debug, Clone, Copy)]
pub struct NameContext {
    pub parent: &'static str,
    pub field: &'static str,
}

/// The kinds the cognitive-complexity engine needs (Campbell, 2017).
#[derive(Debug, Clone, Copy)]
pub struct CognitiveSpec {
    /// `if` statements/expressions: +1 + nesting, nest their bodies. An `if` that is the
    /// alternative of another `if` (directly or through an `else` wrapper) is an `else if`.
    pub ifs: &'static [&'static str],
    /// Dedicated `else if` clauses (`elif`, `elsif`, `elseif`): +1, no nesting increment.
    pub elifs: &'static [&'static str],
    /// `else` wrappers: +1 when their parent is an `if` and they do not just hold an `if`.
    pub elses: &'static [&'static str],
    /// Field of an `if` holding its alternative, for grammars without an `else` wrapper.
    pub alternative_field: Option<&'static str>,
    /// Conditional expressions (`?:`, Python's `x if c else y`): +1 + nesting.
    pub ternaries: &'static [&'static str],
    /// `switch`/`match`/`when`/`case`: +1 + nesting for the whole statement.
    pub switches: &'static [&'static str],
    /// Loops: +1 + nesting.
    pub loops: &'static [&'static str],
    /// `catch`/`except`/`rescue`: +1 + nesting.
    pub catches: &'static [&'static str],
    /// Jumps that count +1 when they carry a label: (jump kind, label child kind).
    pub labeled_jumps: &'static [(&'static str, &'static str)],
    /// Jumps that always count +1 (`goto`).
    pub gotos: &'static [&'static str],
    /// Call kinds and the field naming the callee, for direct recursion (+1 per recursive call).
    pub calls: &'static [(&'static str, &'static str)],
    /// A nested function or lambda that is its own unit starts at nesting 0 (SonarJS), not one
    /// level deeper than the point it sits at (the specification's nesting of nested methods).
    pub nested_from_zero: bool,
}

/// A function kind whose decisions belong to the function around it (a Ruby block in a `def`,
/// a Kotlin lambda passed as an argument): it opens no unit of its own, its body sits one
/// cognitive nesting level deeper, and it adds one to cyclomatic when passed to one of the
/// `iterating` calls (RuboCop's iterating blocks, detekt's nesting functions).
#[derive(Debug, Clone, Copy)]
pub struct Fold {
    pub kind: &'static str,
    /// Parent kinds in which it folds; empty = wherever it sits inside a function.
    pub parents: &'static [&'static str],
    /// Call kinds the callable can be an argument of (to find the callee's name).
    pub calls: &'static [&'static str],
    /// Callee names whose callable adds one to cyclomatic complexity.
    pub iterating: &'static [&'static str],
    /// One opened outside any function holds units of its own (a top-level Ruby `describe do`
    /// block, whose blocks are each a unit); otherwise it is a unit that folds what it holds
    /// (a Java field's lambda, a module-level Python lambda).
    pub loose: bool,
}

/// Which calls inside a function are calls to itself (cognitive complexity's recursion).
#[derive(Debug, Clone, Copy)]
pub struct Recursion {
    /// Container kinds that are namespaces, not types: a function directly in one is no method.
    pub namespaces: &'static [&'static str],
    /// A bare call inside a method reaches the method (Java, C#, C++, Kotlin, Ruby); where it
    /// does not (Python, JavaScript, PHP, Rust, Go), `name()` in method `name` calls the
    /// module's function and is no recursion.
    pub implicit_self: bool,
}

/// Binary boolean operators: node kinds that may carry them and the operator tokens.
#[derive(Debug, Clone, Copy)]
pub struct BooleanOps {
    pub kinds: &'static [&'static str],
    pub operators: &'static [&'static str],
}

/// One language: everything the engine knows about it, as data.
#[derive(Debug, Clone)]
pub struct LanguageSpec {
    /// Stable identifier used in snapshots and config (`python`, `tsx`, `cpp`).
    pub id: &'static str,
    /// Display name (`Python`, `C++`).
    pub name: &'static str,
    pub extensions: &'static [&'static str],
    /// Exact file names (`Rakefile`, `Gemfile`).
    pub file_names: &'static [&'static str],
    /// Interpreter names recognised in a `#!` line (`python3`, `ruby`, `node`).
    pub shebangs: &'static [&'static str],
    pub grammar: fn() -> Language,
    /// Separator for qualified names (`.` or `::`).
    pub separator: &'static str,
    pub functions: &'static [FunctionRule],
    pub containers: &'static [ContainerRule],
    pub name_contexts: &'static [NameContext],
    /// Kinds counted as one parameter inside a parameter list; empty = every named child.
    pub param_kinds: &'static [&'static str],
    /// Cyclomatic decision points (besides boolean operators).
    pub decisions: &'static [Decision],
    pub boolean: BooleanOps,
    /// Kinds that open a nesting level for `max_nesting` (if/loop/switch/try and the like).
    pub nesting: &'static [&'static str],
    /// Fields of a nesting construct that are its header (condition), not its body.
    pub header_fields: &'static [&'static str],
    pub cognitive: CognitiveSpec,
    pub comments: &'static [&'static str],
    /// Statement kind whose sole string child is documentation (Python docstrings).
    pub docstring: Option<(&'static str, &'static str)>,
    /// Parenthesized-expression kinds, looked through when reading boolean operator sequences.
    pub parens: &'static [&'static str],
    /// Kinds whose subtree can hold no function and no decision (imports, type annotations,
    /// string literals without interpolation, attributes, macro token trees). A one-line node of
    /// these kinds is counted as code without walking into it: most of a file's nodes are there.
    pub opaque: &'static [&'static str],
    /// Callables measured as part of the function around them, as the language's reference
    /// linter draws the unit (README, Metrics: the unit of measure).
    pub folds: &'static [Fold],
    /// How a call reaches the enclosing function, for direct recursion.
    pub recursion: Recursion,
    /// Preprocessor conditionals (`#if`, `#elif`) whose `condition` field is read by the
    /// preprocessor, not run: its `&&`/`||` are no decisions of the enclosing function.
    pub preproc: &'static [&'static str],
    /// (function kind, body field): a node of the kind without that field is a declaration
    /// (abstract or interface method, prototype), not a function.
    pub declarations: &'static [(&'static str, &'static str)],
    /// How the language's tests are recognised (test files, identifiers, inline test items).
    pub tests: TestSpec,
}

/// How a language's tests are recognised (README "Test evidence"): which files are test files,
/// which leaf kinds name what a test refers to, and test items inside ordinary files.
#[derive(Debug, Clone, Copy)]
pub struct TestSpec {
    /// Gitignore-like globs of test files, as `[tests] paths` (`test_*.py`, `*_test.go`,
    /// `**/src/test`); a pattern without `/` matches a file or directory name at any depth.
    pub paths: &'static [&'static str],
    /// Leaf kinds whose text is a name a test refers to (`identifier`, `property_identifier`).
    pub identifiers: &'static [&'static str],
    /// Test code inside ordinary files, marked by attributes (Rust `#[cfg(test)]`, `#[test]`).
    pub inline: Option<InlineTests>,
    /// Languages whose tests exercise each other's code share a family (`c` and `cpp`, Java
    /// and Kotlin, JavaScript and TypeScript): static references are looked up within it.
    pub family: &'static str,
}

/// Items marked as test code by the attributes just before them.
#[derive(Debug, Clone, Copy)]
pub struct InlineTests {
    /// Item kinds that can be marked (`mod_item`, `function_item`).
    pub items: &'static [&'static str],
    /// The kind of the attribute siblings before an item (`attribute_item`).
    pub attribute: &'static str,
    /// Substrings of an attribute's text (whitespace removed) that mark a test item.
    pub markers: &'static [&'static str],
    /// Kinds whose children are searched for marked items (besides the root): module bodies.
    pub descend: &'static [&'static str],
}

/// Index of a language in `LANGUAGES`.
pub type LanguageId = usize;

/// Find a language by its stable id (`python`, `tsx`).
pub fn by_id(id: &str) -> Option<LanguageId> {
    LANGUAGES.iter().position(|l| l.id == id)
}

/// Detect the language of a path by extension or exact file name.
pub fn detect_path(path: &Path) -> Option<LanguageId> {
    let file_name = path.file_name()?.to_str()?;
    if let Some(i) = LANGUAGES
        .iter()
        .position(|l| l.file_names.contains(&file_name))
    {
        return Some(i);
    }
    let ext = path.extension()?.to_str()?;
    // Extensions are matched case-sensitively first (`.C` is C++), then case-insensitively.
    LANGUAGES
        .iter()
        .position(|l| l.extensions.contains(&ext))
        .or_else(|| {
            let lower = ext.to_ascii_lowercase();
            LANGUAGES
                .iter()
                .position(|l| l.extensions.contains(&lower.as_str()))
        })
}

/// The language of a file once its content is read: a `.h` file detected as C is C++ when its
/// content holds C++-only constructs (`header::looks_like_cpp`); every other file keeps the
/// language its path gave it.
pub fn refine_by_content(id: LanguageId, path: &Path, src: &[u8]) -> LanguageId {
    let is_h = path.extension().and_then(|e| e.to_str()) == Some("h");
    match (LANGUAGES[id].id, by_id("cpp")) {
        ("c", Some(cpp)) if is_h && header::looks_like_cpp(src) => cpp,
        _ => id,
    }
}

/// Detect the language of an extension-less script from its `#!` line.
pub fn detect_shebang(first_line: &[u8]) -> Option<LanguageId> {
    let line = first_line.strip_prefix(b"#!")?;
    let line = std::str::from_utf8(line).ok()?.trim();
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-'))?;
    }
    // `python3.11` -> `python3` -> `python`; `node18` is not a thing, but be lenient.
    let trimmed = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    LANGUAGES
        .iter()
        .position(|l| l.shebangs.contains(&program) || l.shebangs.contains(&trimmed))
}

// Role bits of a node kind, one table lookup per node during the walk.
pub const FUNCTION: u32 = 1;
pub const CONTAINER: u32 = 1 << 1;
pub const DECISION: u32 = 1 << 2;
pub const BOOLEAN: u32 = 1 << 3;
pub const IF: u32 = 1 << 4;
pub const ELIF: u32 = 1 << 5;
pub const ELSE: u32 = 1 << 6;
pub const TERNARY: u32 = 1 << 7;
pub const SWITCH: u32 = 1 << 8;
pub const LOOP: u32 = 1 << 9;
pub const CATCH: u32 = 1 << 10;
pub const LABELED_JUMP: u32 = 1 << 11;
pub const GOTO: u32 = 1 << 12;
pub const CALL: u32 = 1 << 13;
pub const NESTING: u32 = 1 << 14;
pub const COMMENT: u32 = 1 << 15;
pub const PAREN: u32 = 1 << 16;
pub const DOCSTRING: u32 = 1 << 17;
pub const NAME_CONTEXT: u32 = 1 << 18;
pub const OPAQUE: u32 = 1 << 19;
pub const TEST_IDENTIFIER: u32 = 1 << 20;
pub const TEST_ITEM: u32 = 1 << 21;
pub const TEST_ATTRIBUTE: u32 = 1 << 22;
pub const TEST_DESCEND: u32 = 1 << 23;
pub const PREPROC: u32 = 1 << 24;
pub const NAMESPACE: u32 = 1 << 25;
pub const FOLD_CALL: u32 = 1 << 26;

/// A condition on a decision kind with its names resolved to ids.
#[derive(Debug, Clone, Copy)]
pub enum ResolvedWhen {
    Always,
    HasField(u16),
    LacksChild(&'static str),
    HasChild(&'static str),
}

/// A language's table with kind and field names resolved to grammar ids.
pub struct Resolved {
    pub spec: &'static LanguageSpec,
    pub language: Language,
    /// Role bits per kind id.
    pub roles: Vec<u32>,
    /// Decision conditions per kind id (where `DECISION` is set): each that holds adds one, so
    /// one kind can count twice (a Rust match arm with a guard).
    pub when: Vec<Vec<ResolvedWhen>>,
    /// Function rule per kind id.
    pub function: Vec<Option<FunctionRule>>,
    /// Container rule per kind id.
    pub container: Vec<Option<NameRule>>,
    /// Name-context field per kind id (parents that name anonymous functions).
    pub name_context: Vec<Option<u16>>,
    /// Callee field per call kind id.
    pub call_field: Vec<Option<u16>>,
    /// Label child kind name per labeled-jump kind id.
    pub jump_label: Vec<Option<&'static str>>,
    /// Anonymous operator-token kind ids that are boolean operators.
    pub bool_token: Vec<bool>,
    /// Header field ids (their subtrees do not get the construct's nesting).
    pub header_field: Vec<bool>,
    /// Kind ids counted as parameters (empty set = all named children).
    pub param_kind: Vec<bool>,
    pub any_param_kind: bool,
    pub alternative_field: Option<u16>,
    pub docstring_string: Vec<bool>,
    /// Body field per function kind id listed in `declarations`.
    pub body_field: Vec<Option<u16>>,
    /// Fold rule per function kind id (callables measured with the function around them).
    pub fold: Vec<Option<Fold>>,
    /// The `condition` field id, where the row lists preprocessor conditionals.
    pub preproc_condition: Option<u16>,
    /// The grammar's keywords (anonymous word tokens: `if`, `lambda`, `and`), by first byte.
    pub keywords: Vec<Vec<String>>,
}

/// Errors in a language row: a name the grammar does not have. Found by the table tests.
#[derive(Debug, thiserror::Error)]
pub enum LangError {
    #[error("language {lang}: grammar has no node kind `{kind}`")]
    UnknownKind {
        lang: &'static str,
        kind: &'static str,
    },
    #[error("language {lang}: grammar has no field `{field}`")]
    UnknownField {
        lang: &'static str,
        field: &'static str,
    },
    #[error("language {lang}: grammar ABI not supported: {message}")]
    Abi { lang: &'static str, message: String },
}

impl Resolved {
    /// Resolve a row against its grammar. Every name must exist in the grammar.
    pub fn new(spec: &'static LanguageSpec) -> Result<Self, LangError> {
        let language = (spec.grammar)();
        let mut probe = tree_sitter::Parser::new();
        probe.set_language(&language).map_err(|e| LangError::Abi {
            lang: spec.id,
            message: e.to_string(),
        })?;
        let count = language.node_kind_count();
        let fields = language.field_count() + 1;
        let mut r = Resolved {
            spec,
            language: language.clone(),
            roles: vec![0; count],
            when: vec![Vec::new(); count],
            function: vec![None; count],
            container: vec![None; count],
            name_context: vec![None; count],
            call_field: vec![None; count],
            jump_label: vec![None; count],
            bool_token: vec![false; count],
            header_field: vec![false; fields],
            param_kind: vec![false; count],
            any_param_kind: spec.param_kinds.is_empty(),
            alternative_field: None,
            docstring_string: vec![false; count],
            body_field: vec![None; count],
            keywords: vec![Vec::new(); 128],
            preproc_condition: None,
            fold: vec![None; count],
        };
        for id in 0..count as u16 {
            if language.node_kind_is_named(id) {
                continue;
            }
            if let Some(k) = language.node_kind_for_id(id)
                && k.len() >= 2
                && k.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
                && !r.keywords[usize::from(k.as_bytes()[0])]
                    .iter()
                    .any(|have| have == k)
            {
                r.keywords[usize::from(k.as_bytes()[0])].push(k.to_string());
            }
        }
        let ids = |kind: &'static str, named: bool| -> Result<Vec<usize>, LangError> {
            let found: Vec<usize> = (0..count as u16)
                .filter(|&id| {
                    language.node_kind_is_named(id) == named
                        && language.node_kind_for_id(id) == Some(kind)
                })
                .map(usize::from)
                .collect();
            if found.is_empty() {
                Err(LangError::UnknownKind {
                    lang: spec.id,
                    kind,
                })
            } else {
                Ok(found)
            }
        };
        let field = |name: &'static str| -> Result<u16, LangError> {
            language
                .field_id_for_name(name)
                .map(|f| f.get())
                .ok_or(LangError::UnknownField {
                    lang: spec.id,
                    field: name,
                })
        };
        let set = |kinds: &[&'static str], bit: u32, roles: &mut Vec<u32>| {
            for &k in kinds {
                for id in ids(k, true)? {
                    roles[id] |= bit;
                }
            }
            Ok::<(), LangError>(())
        };
        let c = &spec.cognitive;
        set(spec.boolean.kinds, BOOLEAN, &mut r.roles)?;
        set(c.ifs, IF, &mut r.roles)?;
        set(c.elifs, ELIF, &mut r.roles)?;
        set(c.elses, ELSE, &mut r.roles)?;
        set(c.ternaries, TERNARY, &mut r.roles)?;
        set(c.switches, SWITCH, &mut r.roles)?;
        set(c.loops, LOOP, &mut r.roles)?;
        set(c.catches, CATCH, &mut r.roles)?;
        set(c.gotos, GOTO, &mut r.roles)?;
        set(spec.nesting, NESTING, &mut r.roles)?;
        set(spec.comments, COMMENT, &mut r.roles)?;
        set(spec.parens, PAREN, &mut r.roles)?;
        set(spec.opaque, OPAQUE, &mut r.roles)?;
        set(spec.preproc, PREPROC, &mut r.roles)?;
        set(spec.recursion.namespaces, NAMESPACE, &mut r.roles)?;
        for f in spec.folds {
            for &p in f.parents {
                ids(p, true)?;
            }
            set(f.calls, FOLD_CALL, &mut r.roles)?;
            for id in ids(f.kind, true)? {
                r.fold[id] = Some(*f);
            }
        }
        if !spec.preproc.is_empty() {
            r.preproc_condition = Some(field("condition")?);
        }
        set(spec.tests.identifiers, TEST_IDENTIFIER, &mut r.roles)?;
        if let Some(t) = &spec.tests.inline {
            set(t.items, TEST_ITEM, &mut r.roles)?;
            set(&[t.attribute], TEST_ATTRIBUTE, &mut r.roles)?;
            set(t.descend, TEST_DESCEND, &mut r.roles)?;
        }
        for &(kind, body) in spec.declarations {
            let f = field(body)?;
            for id in ids(kind, true)? {
                r.body_field[id] = Some(f);
            }
        }
        for d in spec.decisions {
            let when = match d.when {
                When::Always => ResolvedWhen::Always,
                When::HasField(f) => ResolvedWhen::HasField(field(f)?),
                When::LacksChild(k) => {
                    check_kind_exists(&language, spec.id, k)?;
                    ResolvedWhen::LacksChild(k)
                }
                When::HasChild(k) => {
                    check_kind_exists(&language, spec.id, k)?;
                    ResolvedWhen::HasChild(k)
                }
            };
            for id in ids(d.kind, true)? {
                r.roles[id] |= DECISION;
                r.when[id].push(when);
            }
        }
        for f in spec.functions {
            validate_name_rule(&language, spec.id, f.name)?;
            if let Some(p) = f.params {
                field(p)?;
            }
            if let Some(k) = f.params_kind {
                ids(k, true)?;
            }
            for id in ids(f.kind, true)? {
                r.roles[id] |= FUNCTION;
                r.function[id] = Some(*f);
            }
        }
        for cr in spec.containers {
            validate_name_rule(&language, spec.id, cr.name)?;
            for id in ids(cr.kind, true)? {
                r.roles[id] |= CONTAINER;
                r.container[id] = Some(cr.name);
            }
        }
        for nc in spec.name_contexts {
            let f = field(nc.field)?;
            for id in ids(nc.parent, true)? {
                r.roles[id] |= NAME_CONTEXT;
                r.name_context[id] = Some(f);
            }
        }
        for &(kind, callee) in c.calls {
            let f = field(callee)?;
            for id in ids(kind, true)? {
                r.roles[id] |= CALL;
                r.call_field[id] = Some(f);
            }
        }
        for &(kind, label) in c.labeled_jumps {
            check_kind_exists(&language, spec.id, label)?;
            for id in ids(kind, true)? {
                r.roles[id] |= LABELED_JUMP;
                r.jump_label[id] = Some(label);
            }
        }
        for &op in spec.boolean.operators {
            for id in ids(op, false)? {
                r.bool_token[id] = true;
            }
        }
        for &h in spec.header_fields {
            r.header_field[usize::from(field(h)?)] = true;
        }
        for &k in spec.param_kinds {
            for id in ids(k, true)? {
                r.param_kind[id] = true;
            }
        }
        if let Some(f) = c.alternative_field {
            r.alternative_field = Some(field(f)?);
        }
        if let Some((stmt, string)) = spec.docstring {
            for id in ids(stmt, true)? {
                r.roles[id] |= DOCSTRING;
            }
            for id in ids(string, true)? {
                r.docstring_string[id] = true;
            }
        }
        Ok(r)
    }

    /// Whether `word` is one of the grammar's keywords.
    pub fn is_keyword(&self, word: &[u8]) -> bool {
        word.first()
            .and_then(|&b| self.keywords.get(usize::from(b)))
            .is_some_and(|ks| ks.iter().any(|k| k.as_bytes() == word))
    }

    #[inline]
    pub fn role(&self, kind_id: u16) -> u32 {
        self.roles.get(usize::from(kind_id)).copied().unwrap_or(0)
    }
}

fn check_kind_exists(
    language: &Language,
    lang: &'static str,
    kind: &'static str,
) -> Result<(), LangError> {
    let exists = (0..language.node_kind_count() as u16)
        .any(|id| language.node_kind_for_id(id) == Some(kind));
    if exists {
        Ok(())
    } else {
        Err(LangError::UnknownKind { lang, kind })
    }
}

fn validate_name_rule(
    language: &Language,
    lang: &'static str,
    rule: NameRule,
) -> Result<(), LangError> {
    match rule {
        NameRule::Field(f) | NameRule::Declarator(f) => language
            .field_id_for_name(f)
            .map(|_| ())
            .ok_or(LangError::UnknownField { lang, field: f }),
        NameRule::FirstChildOfKind(kinds) => kinds
            .iter()
            .try_for_each(|k| check_kind_exists(language, lang, k)),
        NameRule::Anonymous | NameRule::Fixed(_) => Ok(()),
        NameRule::Receiver { name, receiver } => [name, receiver].iter().try_for_each(|f| {
            language
                .field_id_for_name(f)
                .map(|_| ())
                .ok_or(LangError::UnknownField { lang, field: f })
        }),
    }
}

/// The resolved table of a language, built once per process. A row that does not resolve
/// against its grammar is a programming error caught by the table tests; at run time it
/// surfaces as an error for every file of that language, never a panic.
pub fn resolved(id: LanguageId) -> Result<&'static Resolved, &'static LangError> {
    static CELLS: OnceLock<Vec<OnceLock<Result<Resolved, LangError>>>> = OnceLock::new();
    let cells = CELLS.get_or_init(|| LANGUAGES.iter().map(|_| OnceLock::new()).collect());
    let spec = LANGUAGES[id];
    cells[id].get_or_init(|| Resolved::new(spec)).as_ref()
}
