//! Project file and packages.config tests on the .NET inventory service fixtures.

use super::*;

use crate::deps::lockfiles::dep_rows;

const BUILD_PROPS: &str = include_str!("../../../../fixtures/deps/nuget/Directory.Build.props");
const PACKAGES_PROPS: &str =
    include_str!("../../../../fixtures/deps/nuget/src/Directory.Packages.props");
const WORKER: &str =
    include_str!("../../../../fixtures/deps/nuget/src/Inventory.Worker/Inventory.Worker.csproj");
const TESTS: &str =
    include_str!("../../../../fixtures/deps/nuget/src/Inventory.Tests/Inventory.Tests.csproj");
const IMPORT: &str =
    include_str!("../../../../fixtures/deps/nuget/tools/StockImport/StockImport.csproj");
const CONFIG: &str =
    include_str!("../../../../fixtures/deps/nuget/legacy/Inventory.Soap/packages.config");
const BROKEN_PROJECT: &str =
    include_str!("../../../../fixtures/deps/nuget/broken/project/Inventory.Reports.csproj");
const BROKEN_CONFIG: &str =
    include_str!("../../../../fixtures/deps/nuget/broken/config/packages.config");

fn repo(path: &str) -> Option<String> {
    match path {
        "Directory.Build.props" => Some(BUILD_PROPS.to_string()),
        "src/Directory.Packages.props" => Some(PACKAGES_PROPS.to_string()),
        _ => None,
    }
}

fn project(path: &str, text: &str) -> Parsed {
    parse_project(&Input { path, text }, &repo)
}

/// (name, version, constraint, dev, line)
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, bool, u32);

fn rows(p: &Parsed) -> Vec<Row<'_>> {
    p.dependencies
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.version.as_deref(),
                d.constraint.as_deref(),
                d.dev,
                d.line,
            )
        })
        .collect()
}

#[test]
fn central_versions_overrides_and_private_assets() {
    let p = project("src/Inventory.Worker/Inventory.Worker.csproj", WORKER);
    assert_eq!(p.problems, vec![]);
    assert_eq!(
        p.manifests,
        vec![
            "Directory.Build.props".to_string(),
            "src/Directory.Packages.props".to_string()
        ]
    );
    assert!(p.dependencies.iter().all(|d| d.direct
        && d.ecosystem == Ecosystem::Nuget
        && d.source == "src/Inventory.Worker/Inventory.Worker.csproj"));
    assert_eq!(
        rows(&p),
        vec![
            ("Dapper", Some("2.0.123"), Some("2.0.123"), false, 8),
            (
                "Microsoft.Extensions.Hosting",
                Some("6.0.1"),
                Some("6.0.1"),
                false,
                9
            ),
            // Written in another case: the central entry still applies, the written case stays.
            ("newtonsoft.json", Some("12.0.3"), Some("12.0.3"), false, 10),
            // A central version through a property of Directory.Packages.props.
            ("Polly", Some("7.2.2"), Some("7.2.2"), false, 11),
            // VersionOverride through the project's own property.
            ("RabbitMQ.Client", Some("5.1.2"), Some("5.1.2"), false, 13),
            // VersionOverride in the child-element form.
            (
                "Serilog.AspNetCore",
                Some("3.4.0"),
                Some("3.4.0"),
                false,
                14
            ),
            // PrivateAssets=all: a build-time analyzer.
            (
                "StyleCop.Analyzers",
                Some("1.1.118"),
                Some("1.1.118"),
                true,
                17
            ),
        ]
    );
}

#[test]
fn a_test_project_is_dev_throughout() {
    let p = project("src/Inventory.Tests/Inventory.Tests.csproj", TESTS);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), 6);
    assert!(p.dependencies.iter().all(|d| d.dev));
    assert_eq!(
        rows(&p)[0],
        (
            "Microsoft.NET.Test.Sdk",
            Some("16.11.0"),
            Some("16.11.0"),
            true,
            7
        )
    );
}

#[test]
fn properties_child_versions_ranges_and_floating_versions() {
    let p = project("tools/StockImport/StockImport.csproj", IMPORT);
    assert_eq!(p.problems, vec![]);
    // No Directory.Packages.props above tools/: versions are the project's own.
    assert_eq!(p.manifests, vec!["Directory.Build.props".to_string()]);
    assert_eq!(
        rows(&p),
        vec![
            ("EPPlus", Some("4.5.3.3"), Some("4.5.3.3"), false, 11),
            ("CsvHelper", Some("15.0.10"), Some("15.0.10"), false, 12),
            // From Directory.Build.props.
            ("Serilog", Some("2.10.0"), Some("2.10.0"), false, 13),
            (
                "Serilog.Sinks.File",
                Some("4.1.0"),
                Some("4.1.0"),
                false,
                14
            ),
            ("CommandLineParser", None, Some("[2.8.0,3.0.0)"), false, 17),
            (
                "Microsoft.Extensions.Configuration.Json",
                None,
                Some("3.1.*"),
                false,
                18
            ),
            // Defined nowhere this parser can see: raw text, no version.
            (
                "Oracle.ManagedDataAccess.Core",
                None,
                Some("$(OracleClientVersion)"),
                false,
                19
            ),
            (
                "Microsoft.CodeAnalysis.NetAnalyzers",
                Some("5.0.3"),
                Some("5.0.3"),
                true,
                20
            ),
        ]
    );
}

#[test]
fn whole_list_snapshots() {
    let worker = project("src/Inventory.Worker/Inventory.Worker.csproj", WORKER);
    insta::assert_yaml_snapshot!("worker", dep_rows::rows(&worker.dependencies));
    let import = project("tools/StockImport/StockImport.csproj", IMPORT);
    insta::assert_yaml_snapshot!("stock_import", dep_rows::rows(&import.dependencies));
    let config = parse_packages_config(
        &Input {
            path: "legacy/Inventory.Soap/packages.config",
            text: CONFIG,
        },
        &repo,
    );
    insta::assert_yaml_snapshot!("packages_config", dep_rows::rows(&config.dependencies));
}

#[test]
fn legacy_packages_config() {
    let p = parse_packages_config(
        &Input {
            path: "legacy/Inventory.Soap/packages.config",
            text: CONFIG,
        },
        &repo,
    );
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.dependencies.len(), 13);
    let r = rows(&p);
    assert_eq!(r[0], ("Antlr", Some("3.5.0.2"), Some("3.5.0.2"), false, 4));
    assert_eq!(
        r[9],
        ("Newtonsoft.Json", Some("6.0.4"), Some("[6,7)"), false, 13)
    );
    assert_eq!(r[10], ("NUnit", Some("2.6.4"), Some("2.6.4"), true, 14));
}

#[test]
fn broken_project_reports_the_xml_fault_and_the_reference_without_version() {
    let p = project("reports/Inventory.Reports.csproj", BROKEN_PROJECT);
    let problems: Vec<(&str, u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.path.as_str(), x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                "reports/Inventory.Reports.csproj",
                8,
                "QuestPDF: PackageReference without a Version"
            ),
            (
                "reports/Inventory.Reports.csproj",
                9,
                "PackageReference without Include"
            ),
            (
                "reports/Inventory.Reports.csproj",
                11,
                "malformed XML: in attribute Condition of <ItemGroup>: Error while escaping character at range 32..58: Cannot find ';' after '&'"
            ),
        ]
    );
    // The references before the fault are kept; the ItemGroup it broke is not read.
    assert_eq!(
        rows(&p),
        vec![
            ("ClosedXML", Some("0.95.4"), Some("0.95.4"), false, 7),
            ("QuestPDF", None, None, false, 8),
        ]
    );
}

#[test]
fn broken_packages_config_keeps_the_entries_before_the_break() {
    let p = parse_packages_config(
        &Input {
            path: "legacy/packages.config",
            text: BROKEN_CONFIG,
        },
        &repo,
    );
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (4, "log4net: <package> without a version"),
            (
                6,
                "malformed XML: syntax error: tag not closed: `>` not found before end of input"
            ),
        ]
    );
    assert_eq!(
        rows(&p),
        vec![
            ("EntityFramework", Some("6.1.3"), Some("6.1.3"), false, 3),
            ("Newtonsoft.Json", Some("6.0.4"), Some("6.0.4"), false, 5),
        ]
    );
}

#[test]
fn central_management_faults() {
    let props = "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\
                 <ItemGroup><PackageVersion Include=\"Dapper\" Version=\"2.0.90\" /></ItemGroup></Project>";
    let csproj = "<Project>\n<ItemGroup>\n<PackageReference Include=\"Dapper\" Version=\"1.60.6\" />\n\
                  <PackageReference Include=\"Polly\" />\n</ItemGroup>\n</Project>";
    let read = |path: &str| (path == "Directory.Packages.props").then(|| props.to_string());
    let p = parse_project(
        &Input {
            path: "App/App.csproj",
            text: csproj,
        },
        &read,
    );
    let problems: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                3,
                "Dapper: Version=\"1.60.6\" on a PackageReference while versions are managed centrally (NU1008)"
            ),
            (
                4,
                "Polly: no PackageVersion in Directory.Packages.props and no VersionOverride"
            ),
        ]
    );
    assert_eq!(
        rows(&p),
        vec![
            ("Dapper", Some("1.60.6"), Some("1.60.6"), false, 3),
            ("Polly", None, None, false, 4),
        ]
    );
}
