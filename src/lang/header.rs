//! C or C++ for a `.h` file, decided by its content (README, Languages): a header is C++ when,
//! outside comments, string literals and the branches of `#ifdef __cplusplus`-style tests, it
//! holds a construct that C does not have; otherwise it is C.

/// Whether a `.h` file's text holds C++-only constructs: `template <`, `namespace`, a class
/// definition (`class Name {`, `class Name :`, `class Name final`), an access specifier
/// (`public:`), the scope operator `::`, `typename`, `virtual`, `noexcept`, `decltype`, a C++
/// cast (`static_cast<`…), `operator` followed by a symbol or `(`, or an `#include <name>`
/// without an extension (`<vector>`). Branches guarded by `__cplusplus` are ignored: a C header
/// written to be included from C++ (`extern "C"`, `<cstdint>` under the guard) stays C.
pub fn looks_like_cpp(src: &[u8]) -> bool {
    let mut guards: Vec<Guard> = Vec::new();
    let mut in_block_comment = false;
    for raw in src.split(|&b| b == b'\n') {
        let line = strip_comments(raw, &mut in_block_comment);
        let t = trim(&line);
        if let Some(directive) = t.strip_prefix(b"#") {
            let d = trim(directive);
            let word = leading_word(d);
            let rest = trim(&d[word.len()..]);
            match word {
                b"if" => guards.push(guard_of(rest)),
                b"ifdef" => guards.push(if contains(rest, b"__cplusplus") {
                    Guard::CppBranch
                } else {
                    Guard::Other
                }),
                b"ifndef" => guards.push(if contains(rest, b"__cplusplus") {
                    Guard::CBranch
                } else {
                    Guard::Other
                }),
                b"elif" => {
                    if let Some(g) = guards.last_mut() {
                        *g = guard_of(rest);
                    }
                }
                b"else" | b"elifdef" | b"elifndef" => {
                    if let Some(g) = guards.last_mut() {
                        *g = match g {
                            Guard::CppBranch => Guard::CBranch,
                            Guard::CBranch => Guard::CppBranch,
                            Guard::Other => Guard::Other,
                        };
                    }
                }
                b"endif" => {
                    guards.pop();
                }
                b"include" if !guards.contains(&Guard::CppBranch) => {
                    if let Some(name) = rest.strip_prefix(b"<")
                        && let Some(end) = name.iter().position(|&b| b == b'>')
                        && !name[..end].contains(&b'.')
                    {
                        return true;
                    }
                }
                _ => {}
            }
            continue;
        }
        if guards.contains(&Guard::CppBranch) {
            continue;
        }
        if line_has_cpp(&line) {
            return true;
        }
    }
    false
}

/// The branch an `#if`/`#elif` condition opens: `!defined __cplusplus` (first) is the C
/// branch, `defined __cplusplus` (or a bare `__cplusplus`) the C++ one; a version test
/// (`__cplusplus >= 201103L`) is written for C++ compilers only, so its content counts.
fn guard_of(cond: &[u8]) -> Guard {
    if !contains(cond, b"__cplusplus") {
        return Guard::Other;
    }
    let squeezed: Vec<u8> = cond
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'(' && *b != b')')
        .collect();
    if squeezed.starts_with(b"!defined__cplusplus") || squeezed.starts_with(b"!__cplusplus") {
        Guard::CBranch
    } else if contains(&squeezed, b"defined__cplusplus") || squeezed == b"__cplusplus" {
        Guard::CppBranch
    } else {
        Guard::Other
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// The branch being read is compiled only as C++ (`#ifdef __cplusplus`).
    CppBranch,
    /// The branch being read is compiled only as C (`#ifndef __cplusplus`, or the `#else`).
    CBranch,
    Other,
}

/// The line with comments and string/char literal contents blanked.
fn strip_comments(line: &[u8], in_block: &mut bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if *in_block {
            if line[i..].starts_with(b"*/") {
                *in_block = false;
                i += 2;
            } else {
                i += 1;
            }
            out.push(b' ');
            continue;
        }
        match line[i] {
            b'/' if line.get(i + 1) == Some(&b'/') => break,
            b'/' if line.get(i + 1) == Some(&b'*') => {
                *in_block = true;
                i += 2;
                out.push(b' ');
            }
            q @ (b'"' | b'\'') => {
                out.push(q);
                i += 1;
                while i < line.len() && line[i] != q {
                    i += if line[i] == b'\\' { 2 } else { 1 };
                }
                out.push(q);
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn line_has_cpp(line: &[u8]) -> bool {
    if contains(line, b"::") {
        return true;
    }
    let words = words(line);
    for (k, &(word, end)) in words.iter().enumerate() {
        let after = trim(&line[end..]);
        let next = words.get(k + 1).map(|w| w.0);
        match word {
            b"typename" | b"virtual" | b"noexcept" | b"decltype" => return true,
            b"static_cast" | b"dynamic_cast" | b"reinterpret_cast" | b"const_cast"
                if after.starts_with(b"<") =>
            {
                return true;
            }
            b"template" if after.starts_with(b"<") => return true,
            b"namespace" if next.is_some() || after.starts_with(b"{") => return true,
            b"public" | b"private" | b"protected"
                if after.starts_with(b":") && !after.starts_with(b"::") =>
            {
                return true;
            }
            b"class" => {
                if let Some(&(_, name_end)) = words.get(k + 1) {
                    let tail = trim(&line[name_end..]);
                    if tail.starts_with(b"{")
                        || (tail.starts_with(b":") && !tail.starts_with(b"::"))
                        || tail.starts_with(b"final")
                        || tail.is_empty()
                    {
                        return true;
                    }
                }
            }
            b"operator"
                if after
                    .first()
                    .is_some_and(|b| b"=+-*/%<>!&|^~[(".contains(b)) =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Identifier words of a line with the byte offset just after each.
fn words(line: &[u8]) -> Vec<(&[u8], usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < line.len() && (line[i].is_ascii_alphanumeric() || line[i] == b'_') {
                i += 1;
            }
            out.push((&line[start..i], i));
        } else if b.is_ascii_digit() {
            while i < line.len() && (line[i].is_ascii_alphanumeric() || line[i] == b'_') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn leading_word(s: &[u8]) -> &[u8] {
    let end = s
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(s.len());
    &s[..end]
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::looks_like_cpp;

    #[test]
    fn a_c_header_guarded_for_cpp_callers_stays_c() {
        let src = b"/* class of account: see chart; namespace-free */\n#ifndef LEDGER_H\n#define LEDGER_H\n#ifdef __cplusplus\n#include <cstdint>\nextern \"C\" {\n#endif\nstruct row { int class_id; };\nconst char *ledger_name(void); // std::string in the C++ port\nstatic const char *k = \"a::b template<T>\";\n#ifdef __cplusplus\n}\n#endif\n#endif\n";
        assert!(!looks_like_cpp(src));
        // C++ under the `#else` of `#ifndef __cplusplus` or `#if !defined __cplusplus || …` is
        // ignored the same way (glibc's math.h).
        let src = b"#ifndef __cplusplus\nint a;\n#else\ntemplate <class T> struct B {};\n#endif\n";
        assert!(!looks_like_cpp(src));
        let src = b"# if !defined __cplusplus || (__cplusplus < 201103L && !defined __GNUC__)\n# define iseqsig(x, y) 0\n# else\ntemplate<typename> struct __iseqsig_type;\n# endif\n# if defined A\n# elif defined __cplusplus\nnamespace n {}\n# endif\n";
        assert!(!looks_like_cpp(src));
    }

    #[test]
    fn cpp_only_constructs_make_a_header_cpp() {
        for src in [
            "template <typename T> T id(T x) { return x; }\n",
            "namespace billing {\nint f(void);\n}\n",
            "class Ledger {\n int n;\n};\n",
            "class Ledger : public Base\n{\n};\n",
            "struct Row {\npublic:\n int n;\n};\n",
            "int f() { return std::max(1, 2); }\n",
            "#include <vector>\n",
            "struct A { virtual ~A(); };\n",
            // A header that tests the C++ version is written for C++ compilers (libstdc++).
            "#if __cplusplus < 201103L\n# include <bits/c++0x_warning.h>\n#else\nnamespace std {\n}\n#endif\n",
        ] {
            assert!(looks_like_cpp(src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn c_code_with_cpp_words_in_comments_and_strings_is_c() {
        let src = b"/* template <T> class Ledger {\n   public: */\nint f(int class_count) { return puts(\"a::b\"); }\n#include <stdio.h>\n";
        assert!(!looks_like_cpp(src));
    }
}
