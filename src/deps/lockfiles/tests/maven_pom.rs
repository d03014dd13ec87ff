//! pom.xml parser tests on the warehouse ledger modules: properties, management, parents.

use super::*;

use crate::deps::lockfiles::dep_rows;

const ROOT: &str = include_str!("../../../../fixtures/deps/maven/pom.xml");
const CORE: &str = include_str!("../../../../fixtures/deps/maven/ledger-core/pom.xml");
const WEB: &str = include_str!("../../../../fixtures/deps/maven/ledger-web/pom.xml");
const BROKEN: &str = include_str!("../../../../fixtures/deps/maven/broken/pom.xml");

fn repo(path: &str) -> Option<String> {
    match path {
        "pom.xml" => Some(ROOT.to_string()),
        "ledger-core/pom.xml" => Some(CORE.to_string()),
        "ledger-web/pom.xml" => Some(WEB.to_string()),
        _ => None,
    }
}

fn run(path: &str, text: &str) -> Parsed {
    parse(&Input { path, text }, &repo)
}

fn dep<'a>(p: &'a Parsed, name: &str) -> &'a Dependency {
    p.dependencies
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} not found"))
}

/// (version, constraint, dev, line)
fn facts(d: &Dependency) -> (Option<&str>, Option<&str>, bool, u32) {
    (d.version.as_deref(), d.constraint.as_deref(), d.dev, d.line)
}

#[test]
fn parent_pom_reports_its_remote_parent_boms_and_own_dependencies() {
    let p = run("pom.xml", ROOT);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.manifests, Vec::<String>::new());
    let names: Vec<&str> = p.dependencies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "org.springframework.boot:spring-boot-starter-parent",
            "org.springframework.cloud:spring-cloud-dependencies",
            "org.slf4j:slf4j-api",
            "org.projectlombok:lombok",
        ]
    );
    let boot = dep(&p, "org.springframework.boot:spring-boot-starter-parent");
    assert_eq!(
        facts(boot),
        (Some("2.1.18.RELEASE"), Some("2.1.18.RELEASE"), false, 9)
    );
    assert!(boot.direct);
    assert_eq!(boot.ecosystem, Ecosystem::Maven);
    assert_eq!(
        facts(dep(
            &p,
            "org.springframework.cloud:spring-cloud-dependencies"
        )),
        (Some("Greenwich.SR6"), Some("Greenwich.SR6"), false, 41)
    );
    // Managed by the remote parent: unknown here, and no guess.
    assert_eq!(
        facts(dep(&p, "org.slf4j:slf4j-api")),
        (None, None, false, 98)
    );
    // `provided` is not a test scope.
    assert_eq!(
        facts(dep(&p, "org.projectlombok:lombok")),
        (Some("1.18.4"), Some("1.18.4"), false, 102)
    );
}

#[test]
fn module_resolves_properties_management_and_parent_versions() {
    let p = run("ledger-core/pom.xml", CORE);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.manifests, vec!["pom.xml".to_string()]);
    assert_eq!(p.dependencies.len(), 13);
    assert!(
        p.dependencies
            .iter()
            .all(|d| d.direct && d.source == "ledger-core/pom.xml")
    );
    // The module's own property wins over the parent's (2.9.10).
    assert_eq!(
        facts(dep(&p, "com.fasterxml.jackson.core:jackson-databind")),
        (Some("2.9.8"), Some("2.9.8"), false, 26)
    );
    // A property made of another property.
    assert_eq!(
        facts(dep(&p, "org.apache.poi:poi-ooxml")),
        (Some("3.17"), Some("3.17"), false, 30)
    );
    assert_eq!(
        facts(dep(&p, "com.google.guava:guava")),
        (Some("20.0"), Some("20.0"), false, 38)
    );
    assert_eq!(
        facts(dep(&p, "com.oracle.database.jdbc:ojdbc8")),
        (Some("12.2.0.1"), Some("12.2.0.1"), false, 43)
    );
    // A range is a constraint, not a version.
    assert_eq!(
        facts(dep(&p, "joda-time:joda-time")),
        (None, Some("[2.9,2.10)"), false, 52)
    );
    assert_eq!(
        facts(dep(&p, "com.example.warehouse:stock-codes")),
        (Some("4.7.2-SNAPSHOT"), Some("4.7.2-SNAPSHOT"), false, 57)
    );
    // Unresolvable (an environment variable): the raw text, no version.
    assert_eq!(
        facts(dep(&p, "com.ibm.mq:com.ibm.mq.allclient")),
        (None, Some("${env.MQ_CLIENT_VERSION}"), false, 62)
    );
    // The test scope comes from the parent's management.
    assert_eq!(
        facts(dep(&p, "junit:junit")),
        (Some("4.12"), Some("4.12"), true, 67)
    );
    assert_eq!(
        facts(dep(&p, "org.mockito:mockito-core")),
        (Some("2.23.4"), Some("2.23.4"), true, 71)
    );
    // Managed by the remote Spring Boot parent: unknown.
    assert_eq!(
        facts(dep(
            &p,
            "org.springframework.boot:spring-boot-starter-data-jpa"
        )),
        (None, None, false, 22)
    );
    // The parent's BOM import is the parent's dependency, not this module's.
    assert!(
        p.dependencies
            .iter()
            .all(|d| !d.name.contains("spring-cloud-dependencies"))
    );
}

#[test]
fn project_coordinates_come_from_the_child_model() {
    let p = run("ledger-web/pom.xml", WEB);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.manifests, vec!["pom.xml".to_string()]);
    assert_eq!(p.dependencies.len(), 7);
    // `${project.groupId}` and the managed `${project.version}` resolve against this module,
    // whose group and version are inherited from its parent.
    assert_eq!(
        facts(dep(&p, "com.example.warehouse:ledger-core")),
        (Some("4.7.2-SNAPSHOT"), Some("4.7.2-SNAPSHOT"), false, 17)
    );
    assert_eq!(
        facts(dep(&p, "org.springframework.boot:spring-boot-starter-test")),
        (None, None, true, 43)
    );
}

#[test]
fn whole_lists_snapshot() {
    for (path, text) in [
        ("pom.xml", ROOT),
        ("ledger-core/pom.xml", CORE),
        ("ledger-web/pom.xml", WEB),
    ] {
        let p = run(path, text);
        insta::assert_yaml_snapshot!(path.replace('/', "__"), dep_rows::rows(&p.dependencies));
    }
}

#[test]
fn broken_pom_reports_each_fault_and_keeps_the_entries_before_the_break() {
    let p = run("reconcile/pom.xml", BROKEN);
    let problems: Vec<(&str, u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.path.as_str(), x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                "reconcile/pom.xml",
                19,
                "commons-io:commons-io: `${commons-io.version}` names a property defined neither in this pom nor in its parents"
            ),
            (
                "reconcile/pom.xml",
                24,
                "log4j:log4j: no <version> and no managed version"
            ),
            (
                "reconcile/pom.xml",
                28,
                "<dependency> without <groupId> or <artifactId>"
            ),
            (
                "reconcile/pom.xml",
                36,
                "malformed XML: ill-formed document: expected `</dependency>`, but `</dependecy>` was found"
            ),
        ]
    );
    let got: Vec<(&str, Option<&str>)> = p
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.version.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("org.apache.commons:commons-csv", Some("1.5")),
            ("commons-io:commons-io", None),
            ("log4j:log4j", None),
        ]
    );
}

#[test]
fn parent_cycles_and_mismatches_stop_the_walk() {
    let a = "<project><parent><groupId>g</groupId><artifactId>b</artifactId><version>1</version>\
             <relativePath>../b/pom.xml</relativePath></parent><artifactId>a</artifactId>\
             <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId>\
             <version>${v}</version></dependency></dependencies></project>";
    let b = "<project><parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\
             <relativePath>../a/pom.xml</relativePath></parent><groupId>g</groupId>\
             <artifactId>b</artifactId><version>1</version><properties><v>9.1</v></properties>\
             </project>";
    let read = |path: &str| match path {
        "a/pom.xml" => Some(a.to_string()),
        "b/pom.xml" => Some(b.to_string()),
        _ => None,
    };
    let p = parse(
        &Input {
            path: "a/pom.xml",
            text: a,
        },
        &read,
    );
    assert_eq!(p.manifests, vec!["b/pom.xml".to_string()]);
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "b/pom.xml".into(),
            line: 1,
            message: "parent pom a/pom.xml leads back to a pom already read (a cycle)".into()
        }]
    );
    assert_eq!(p.dependencies[0].version.as_deref(), Some("9.1"));

    // A relativePath pointing at another project: Maven would look in the repository.
    let c = "<project>\n<parent><groupId>g</groupId><artifactId>z</artifactId><version>1</version>\
             <relativePath>../b</relativePath></parent><artifactId>c</artifactId></project>";
    let p = parse(
        &Input {
            path: "c/pom.xml",
            text: c,
        },
        &read,
    );
    assert_eq!(p.manifests, Vec::<String>::new());
    assert_eq!(
        p.problems,
        vec![ParseProblem {
            path: "c/pom.xml".into(),
            line: 2,
            message: "<relativePath> points at b/pom.xml, which is g:b, not the parent g:z".into()
        }]
    );
    // The parent it could not find is then a dependency.
    assert_eq!(p.dependencies[0].name, "g:z");
    // A path climbing out of the repository is never read.
    let d = "<project><parent><groupId>g</groupId><artifactId>b</artifactId><version>1</version>\
             <relativePath>../../outside/pom.xml</relativePath></parent></project>";
    let p = parse(
        &Input {
            path: "d/pom.xml",
            text: d,
        },
        &|_| panic!("must not read"),
    );
    assert_eq!(p.dependencies[0].name, "g:b");
    // Not a pom at all.
    let p = parse(
        &Input {
            path: "pom.xml",
            text: "<settings/>",
        },
        &read,
    );
    assert_eq!(
        p.problems[0].message,
        "the root element is <settings>, not <project>"
    );
}

/// 20,000 managed versions and 20,000 dependencies that use them: one index of the managed
/// entries, one lookup per dependency (comparing every pair took minutes).
#[test]
fn managed_versions_are_looked_up_not_scanned() {
    let n = 20_000;
    let mut pom = String::from(
        "<project>\n  <groupId>com.example.bulk</groupId>\n  <artifactId>bulk</artifactId>\n  <version>1.0</version>\n  <properties><lib.group>com.example.lib</lib.group></properties>\n  <dependencyManagement><dependencies>\n",
    );
    for i in 0..n {
        pom.push_str(&format!(
            "    <dependency><groupId>${{lib.group}}</groupId><artifactId>part-{i}</artifactId><version>{i}.0.1</version></dependency>\n"
        ));
    }
    pom.push_str("  </dependencies></dependencyManagement>\n  <dependencies>\n");
    for i in 0..n {
        pom.push_str(&format!(
            "    <dependency><groupId>com.example.lib</groupId><artifactId>part-{i}</artifactId></dependency>\n"
        ));
    }
    pom.push_str("  </dependencies>\n</project>\n");
    let started = std::time::Instant::now();
    let p = parse(
        &Input {
            path: "bulk/pom.xml",
            text: &pom,
        },
        &|_: &str| None,
    );
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), n);
    let last = dep(&p, "com.example.lib:part-19999");
    assert_eq!(last.version.as_deref(), Some("19999.0.1"));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
