//! Gradle version catalog tests on the scanner gateway fixture and its broken variant.

use super::*;

use crate::deps::lockfiles::dep_rows;

const CATALOG: &str = include_str!("../../../../fixtures/deps/gradle/gradle/libs.versions.toml");
const BROKEN: &str =
    include_str!("../../../../fixtures/deps/gradle/broken/gradle/libs.versions.toml");

fn run(text: &str) -> Parsed {
    parse(
        &Input {
            path: "gateway/gradle/libs.versions.toml",
            text,
        },
        &|_| None,
    )
}

fn facts<'a>(p: &'a Parsed, name: &str) -> (Option<&'a str>, Option<&'a str>, u32) {
    let d = p
        .dependencies
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} not found"));
    (d.version.as_deref(), d.constraint.as_deref(), d.line)
}

#[test]
fn catalog_libraries_in_all_three_forms() {
    let p = run(CATALOG);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), 30);
    assert!(p.dependencies.iter().all(|d| d.direct
        && !d.dev
        && d.ecosystem == Ecosystem::Maven
        && d.source == "gateway/gradle/libs.versions.toml"));
    // module + version.ref
    assert_eq!(
        facts(&p, "org.jetbrains.kotlin:kotlin-stdlib-jdk8"),
        (Some("1.4.32"), Some("1.4.32"), 19)
    );
    // group + name + version.ref to a rich version: prefer is the version, strictly the range.
    assert_eq!(
        facts(&p, "com.fasterxml.jackson.module:jackson-module-kotlin"),
        (Some("2.11.4"), Some("[2.11, 2.12["), 24)
    );
    assert_eq!(
        facts(&p, "io.netty:netty-handler"),
        (Some("4.1.63.Final"), Some("4.1.63.Final"), 26)
    );
    // "group:artifact:version"
    assert_eq!(
        facts(&p, "com.squareup.okhttp3:okhttp"),
        (Some("3.14.9"), Some("3.14.9"), 31)
    );
    // group + name + literal version
    assert_eq!(
        facts(&p, "com.google.zxing:javase"),
        (Some("3.4.1"), Some("3.4.1"), 33)
    );
    // inline rich version
    assert_eq!(
        facts(&p, "org.postgresql:postgresql"),
        (Some("42.2.20"), Some("42.2.20"), 36)
    );
    // a dynamic version is only a constraint
    assert_eq!(
        facts(&p, "com.github.ben-manes.caffeine:caffeine"),
        (None, Some("2.+"), 39)
    );
    // no version: the Spring Boot BOM supplies it
    assert_eq!(
        facts(&p, "org.springframework.boot:spring-boot-starter-web"),
        (None, None, 22)
    );
}

#[test]
fn plugins_are_dependencies_named_by_plugin_id() {
    let p = run(CATALOG);
    assert_eq!(
        facts(&p, "org.springframework.boot"),
        (Some("2.3.12.RELEASE"), Some("2.3.12.RELEASE"), 51)
    );
    assert_eq!(
        facts(&p, "io.spring.dependency-management"),
        (Some("1.0.11.RELEASE"), Some("1.0.11.RELEASE"), 52)
    );
    assert_eq!(
        facts(&p, "com.github.ben-manes.versions"),
        (Some("0.38.0"), Some("0.38.0"), 54)
    );
    // Bundles only group libraries: nothing of their own.
    assert!(p.dependencies.iter().all(|d| d.name != "jackson"));
}

#[test]
fn whole_list_snapshot() {
    insta::assert_yaml_snapshot!(dep_rows::rows(&run(CATALOG).dependencies));
}

#[test]
fn broken_catalog_reports_each_fault() {
    let p = run(BROKEN);
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                9,
                "[libraries] ktor-server: version.ref `ktor-server` is not in [versions]"
            ),
            (
                10,
                "[libraries] exposed: `org.jetbrains.exposed:exposed-core` is not `group:artifact:version`"
            ),
            (
                11,
                "[libraries] logback: module `ch.qos.logback:logback-classic:1.2.6` is not `group:artifact`"
            ),
            (
                12,
                "[libraries] koin: needs `module`, or `group` and `name`"
            ),
            // The inline table of line 14 is never closed; the parser notices on line 15.
            (
                15,
                "malformed TOML: missing comma between key-value pairs, expected `,`"
            ),
        ]
    );
    assert!(
        p.problems
            .iter()
            .all(|x| x.path == "gateway/gradle/libs.versions.toml")
    );
    let got: Vec<(&str, Option<&str>, u32)> = p
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.version.as_deref(), d.line))
        .collect();
    // Entries before the break are kept (a dangling reference leaves the version unknown);
    // the unclosed table and everything after it (here [plugins]) are not: the TOML parser's
    // recovery misreads them.
    assert_eq!(
        got,
        vec![
            ("org.jetbrains.kotlin:kotlin-stdlib-jdk8", Some("1.5.31"), 8),
            ("io.ktor:ktor-server-netty", None, 9),
            ("com.zaxxer:HikariCP", Some("4.0.3"), 13),
        ]
    );
}
