//! packages.lock.json tests on the inventory API: frameworks merged, central pins.

use super::*;

use crate::deps::lockfiles::dep_rows;

const LOCK: &str =
    include_str!("../../../../fixtures/deps/nuget/src/Inventory.Api/packages.lock.json");
const TRUNCATED: &str =
    include_str!("../../../../fixtures/deps/nuget/broken/lock/packages.lock.json");

fn run(text: &str) -> Parsed {
    parse(
        &Input {
            path: "src/Inventory.Api/packages.lock.json",
            text,
        },
        &|_| None,
    )
}

fn all<'a>(p: &'a Parsed, name: &str) -> Vec<(Option<&'a str>, Option<&'a str>, bool, u32)> {
    p.dependencies
        .iter()
        .filter(|d| d.name == name)
        .map(|d| {
            (
                d.version.as_deref(),
                d.constraint.as_deref(),
                d.direct,
                d.line,
            )
        })
        .collect()
}

#[test]
fn inventory_api_lock_across_two_frameworks() {
    let p = run(LOCK);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), 27);
    assert_eq!(p.dependencies.iter().filter(|d| d.direct).count(), 10);
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.ecosystem == Ecosystem::Nuget
                && !d.dev
                && d.source == "src/Inventory.Api/packages.lock.json")
    );
    // The same package and version under net48 and net6.0: once, at its first entry.
    assert_eq!(
        all(&p, "Newtonsoft.Json"),
        vec![(Some("12.0.3"), Some("[12.0.3, )"), true, 26)]
    );
    // Different versions per framework: one each.
    assert_eq!(
        all(&p, "Dapper"),
        vec![
            (Some("1.50.5"), Some("[1.50.5, )"), true, 5),
            (Some("2.0.123"), Some("[2.0.123, )"), true, 91),
        ]
    );
    assert_eq!(
        all(&p, "System.Runtime.CompilerServices.Unsafe"),
        vec![
            (Some("4.5.3"), None, false, 78),
            (Some("6.0.0"), None, false, 215)
        ]
    );
    // A central pin: transitive, with the pinned request as its constraint.
    assert_eq!(
        all(&p, "System.Text.Json"),
        vec![(Some("4.7.2"), Some("[4.7.2, )"), false, 209)]
    );
    assert_eq!(all(&p, "Serilog"), vec![(Some("2.10.0"), None, false, 180)]);
    // Project references are the solution's own projects.
    assert_eq!(all(&p, "inventory.domain"), vec![]);
}

#[test]
fn whole_list_snapshot() {
    insta::assert_yaml_snapshot!(dep_rows::rows(&run(LOCK).dependencies));
}

#[test]
fn truncated_lock_is_one_problem_at_its_end() {
    let p = run(TRUNCATED);
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "src/Inventory.Api/packages.lock.json".into(),
            line: 39,
            message: "malformed JSON: EOF while parsing an object (column 7)".into()
        }]
    );
    assert_eq!(p.dependencies, vec![]);
}

#[test]
fn bad_entries_are_reported_and_skipped() {
    let text = r#"{
  "version": 1,
  "dependencies": {
    ".NETFramework,Version=v4.7.2": {
      "Autofac": { "type": "Direct", "requested": "[4.9.4, )", "resolved": "4.9.4" },
      "Quartz": { "type": "Direct", "requested": "[3.0.7, )" },
      "Hangfire": { "type": "Indirect", "resolved": "1.7.9" },
      "autofac": { "type": "Transitive", "resolved": "4.9.4" }
    },
    "net6.0": []
  }
}
"#;
    let p = run(text);
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (6, "Quartz: no resolved version"),
            (
                7,
                "Hangfire: unknown type `Indirect` (Direct, Transitive, CentralTransitive or Project)"
            ),
            (10, "target framework `net6.0` is not an object"),
        ]
    );
    // Ids compare case-insensitively: `autofac` is the same package as `Autofac`.
    assert_eq!(
        all(&p, "Autofac"),
        vec![(Some("4.9.4"), Some("[4.9.4, )"), true, 5)]
    );
    assert_eq!(p.dependencies.len(), 1);
    assert_eq!(
        run("[]").problems[0].message,
        "no `dependencies` object: not a packages.lock.json"
    );
}
