//! go.mod parser tests on the shipping daemon fixture and its half-merged variant.

use super::*;

use crate::deps::lockfiles::dep_rows;

const FIXTURE: &str = include_str!("../../../../fixtures/deps/go/go.mod");
const BROKEN: &str = include_str!("../../../../fixtures/deps/go/broken/go.mod");

fn run(path: &str, text: &str) -> Parsed {
    parse(&Input { path, text }, &|_| None)
}

fn dep<'a>(p: &'a Parsed, name: &str) -> &'a Dependency {
    p.dependencies
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} not found"))
}

#[test]
fn shipping_daemon_requires() {
    let p = run("shipd/go.mod", FIXTURE);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), 48);
    assert_eq!(p.dependencies.iter().filter(|d| d.direct).count(), 26);
    let sarama = dep(&p, "github.com/Shopify/sarama");
    assert_eq!(sarama.version.as_deref(), Some("v1.27.2"));
    assert_eq!(sarama.constraint.as_deref(), Some("v1.27.2"));
    assert!(sarama.direct);
    assert!(!sarama.dev);
    assert_eq!(sarama.line, 9);
    assert_eq!(sarama.source, "shipd/go.mod");
    assert_eq!(sarama.ecosystem, Ecosystem::Go);
    let perks = dep(&p, "github.com/beorn7/perks");
    assert!(!perks.direct);
    assert_eq!(perks.line, 38);
    // `// indirect; reason` still marks a transitive module.
    assert!(!dep(&p, "gopkg.in/ini.v1").direct);
    // The single-line require.
    let queue = dep(&p, "github.com/eapache/queue");
    assert_eq!((queue.line, queue.direct), (61, false));
}

#[test]
fn pseudo_versions_and_incompatible_are_kept_verbatim() {
    let p = run("go.mod", FIXTURE);
    assert_eq!(
        dep(&p, "golang.org/x/crypto").version.as_deref(),
        Some("v0.0.0-20201221181555-eec23a3978ad")
    );
    assert_eq!(
        dep(&p, "github.com/dgrijalva/jwt-go").version.as_deref(),
        Some("v3.2.0+incompatible")
    );
    assert_eq!(
        dep(&p, "github.com/pierrec/lz4").version.as_deref(),
        Some("v2.5.2+incompatible")
    );
}

#[test]
fn replace_reports_the_replacement_and_drops_local_paths() {
    let p = run("go.mod", FIXTURE);
    // Replaced by a fork: the fork's path and pseudo-version, at the require line.
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.name != "git.example/logistics/carrier-sdk")
    );
    let fork = dep(&p, "git.example/forks/carrier-sdk");
    assert_eq!(
        fork.version.as_deref(),
        Some("v0.14.3-0.20210305101500-9a1b2c3d4e5f")
    );
    assert_eq!((fork.line, fork.direct), (33, true));
    // Replaced by a local folder: not a registry dependency.
    assert!(p.dependencies.iter().all(|d| !d.name.contains("labelkit")));
    // A versioned replace applies to that version only: bolt v1.3.1 is not v1.3.0.
    assert_eq!(
        dep(&p, "github.com/boltdb/bolt").version.as_deref(),
        Some("v1.3.1")
    );
    assert!(p.dependencies.iter().all(|d| d.name != "go.etcd.io/bbolt"));
    // An unversioned replace applies to every version.
    let text = dep(&p, "golang.org/x/text");
    assert_eq!(text.version.as_deref(), Some("v0.3.6"));
    assert_eq!(text.line, 55);
}

#[test]
fn whole_list_snapshot() {
    let p = run("shipd/go.mod", FIXTURE);
    insta::assert_yaml_snapshot!(dep_rows::rows(&p.dependencies));
}

#[test]
fn broken_go_mod_reports_each_fault_and_keeps_the_rest() {
    let p = run("shipd/go.mod", BROKEN);
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                8,
                "require github.com/lib/pq: `1.8.0` is not a canonical module version (vMAJOR.MINOR.PATCH)"
            ),
            (10, "unresolved merge conflict marker"),
            (12, "unresolved merge conflict marker"),
            (14, "unresolved merge conflict marker"),
            (
                15,
                "require needs a module path and a version, found 1 word(s)"
            ),
            (
                18,
                "replace github.com/lib/pq: `github.com/lib/pq-fork` without a version must be a local path (./ or ../)"
            ),
            (20, "the `require (` block opened here is never closed"),
        ]
    );
    assert!(p.problems.iter().all(|x| x.path == "shipd/go.mod"));
    let names: Vec<(&str, Option<&str>, u32)> = p
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.version.as_deref(), d.line))
        .collect();
    assert_eq!(
        names,
        vec![
            ("github.com/go-chi/chi", Some("v4.1.2+incompatible"), 7),
            ("github.com/lib/pq", None, 8),
            ("github.com/pkg/errors", Some("v0.9.1"), 9),
            ("github.com/sirupsen/logrus", Some("v1.7.0"), 11),
            ("github.com/sirupsen/logrus", Some("v1.8.1"), 13),
            (
                "golang.org/x/sys",
                Some("v0.0.0-20210112080510-489259a85091"),
                21
            ),
        ]
    );
    assert_eq!(
        dep(&p, "github.com/lib/pq").constraint.as_deref(),
        Some("1.8.0")
    );
}

#[test]
fn lexer_handles_quotes_and_comments() {
    let (t, c) = lex(r#"require "github.com/a/b" v1.0.0 // indirect"#).unwrap();
    assert_eq!(t, vec!["require", "github.com/a/b", "v1.0.0"]);
    assert_eq!(c.as_deref(), Some(" indirect"));
    assert_eq!(
        lex("replace x => \"y").unwrap_err(),
        "unterminated quoted string (opened with \")"
    );
    assert!(canonical_version("v1.2.3-rc.1"));
    assert!(!canonical_version("v1.2"));
    assert!(!canonical_version("1.2.3"));
    let d = run("go.mod", "module m\nfrobnicate x\n");
    assert_eq!(
        d.problems,
        vec![ParseProblem {
            path: "go.mod".into(),
            line: 2,
            message: "unknown directive `frobnicate`".into()
        }]
    );
}
