//! The lockfile walk end to end on `fixtures/deps/monorepo`: every service's lockfile found and
//! summarised on its own, vendored, ignored and excluded ones left out, faults with their line.

use std::path::{Path, PathBuf};

use quarterdeck::config::{Config, ScanConfig};
use quarterdeck::deps::{Ecosystem, Inventory, inventory};
use quarterdeck::problem::{Problem, Stage};

fn monorepo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/deps/monorepo")
}

fn config_scan() -> ScanConfig {
    let config = Config::load(&monorepo().join("quarterdeck.toml")).expect("fixture config loads");
    config.scan
}

/// One line per dependency: `source:line name version constraint [direct] [dev]`.
fn render(inv: &Inventory) -> Vec<String> {
    inv.dependencies
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {} {}{}{}",
                d.source,
                d.line,
                d.name,
                d.version.as_deref().unwrap_or("-"),
                d.constraint.as_deref().unwrap_or("-"),
                if d.direct { " direct" } else { "" },
                if d.dev { " dev" } else { "" },
            )
        })
        .collect()
}

#[test]
fn every_service_lockfile_is_found_and_summarised_separately() {
    let inv = inventory(&monorepo(), &config_scan(), &[]);
    let summaries: Vec<(&str, Ecosystem, &str, Vec<&str>)> = inv
        .lockfiles
        .iter()
        .map(|l| {
            (
                l.path.as_str(),
                l.ecosystem,
                l.format.as_str(),
                l.manifests.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summaries,
        vec![
            (
                "services/billing/composer.lock",
                Ecosystem::Packagist,
                "composer-lock",
                vec!["services/billing/composer.json"]
            ),
            (
                "services/inventory/Inventory.Api/packages.lock.json",
                Ecosystem::Nuget,
                "packages-lock",
                vec![]
            ),
            (
                "services/inventory/Inventory.Worker/Inventory.Worker.csproj",
                Ecosystem::Nuget,
                "csproj",
                vec![]
            ),
            (
                "services/ledger/core/pom.xml",
                Ecosystem::Maven,
                "pom",
                vec!["services/ledger/pom.xml"]
            ),
            ("services/ledger/pom.xml", Ecosystem::Maven, "pom", vec![]),
            (
                "services/payroll/Gemfile.lock",
                Ecosystem::Rubygems,
                "gemfile-lock",
                vec!["services/payroll/Gemfile"]
            ),
            (
                "services/scanner-gateway/gradle/libs.versions.toml",
                Ecosystem::Maven,
                "gradle-version-catalog",
                vec![]
            ),
            ("services/shipping/go.mod", Ecosystem::Go, "go-mod", vec![]),
            ("tools/labelprinter/go.mod", Ecosystem::Go, "go-mod", vec![]),
        ]
    );
    // Totals are the lag stage's to fill.
    assert!(inv.lockfiles.iter().all(|l| l.totals == Default::default()));
}

#[test]
fn dependencies_are_sorted_with_their_source_and_line() {
    let inv = inventory(&monorepo(), &config_scan(), &[]);
    assert_eq!(
        render(&inv),
        vec![
            "services/billing/composer.lock:5 monolog/monolog 2.3.5 ^2.3 direct",
            "services/billing/composer.lock:13 psr/log 1.1.4 -",
            "services/billing/composer.lock:20 phpunit/phpunit 9.5.10 ^9.5 direct dev",
            "services/inventory/Inventory.Api/packages.lock.json:5 Dapper 2.0.123 [2.0.123, ) direct",
            "services/inventory/Inventory.Worker/Inventory.Worker.csproj:6 RabbitMQ.Client 5.1.2 5.1.2 direct",
            "services/ledger/core/pom.xml:11 org.slf4j:slf4j-api 1.7.36 1.7.36 direct",
            "services/ledger/core/pom.xml:15 junit:junit 4.13.2 4.13.2 direct dev",
            "services/payroll/Gemfile.lock:4 rake 13.0.6 ~> 13.0 direct",
            "services/payroll/Gemfile.lock:5 rspec 3.12.0 ~> 3.12 direct dev",
            "services/payroll/Gemfile.lock:7 rspec-core 3.12.2 - dev",
            "services/scanner-gateway/gradle/libs.versions.toml:5 com.squareup.okhttp3:okhttp 3.14.9 3.14.9 direct",
            "services/shipping/go.mod:6 github.com/go-chi/chi/v5 v5.0.8 v5.0.8 direct",
            "services/shipping/go.mod:7 github.com/lib/pq v1.10.7 v1.10.7 direct",
            "services/shipping/go.mod:8 golang.org/x/sync v0.1.0 v0.1.0",
            "tools/labelprinter/go.mod:6 github.com/jung-kurt/gofpdf v1.16.2 v1.16.2 direct",
            "tools/labelprinter/go.mod:7 github.com/tarm/serial - master direct",
        ]
    );
    assert_eq!(
        inv.problems,
        vec![Problem::at_line(
            "tools/labelprinter/go.mod",
            7,
            Stage::Dependencies,
            "require github.com/tarm/serial: `master` is not a canonical module version (vMAJOR.MINOR.PATCH)"
        )]
    );
}

#[test]
fn vendored_ignored_excluded_and_superseded_files_are_left_out() {
    let inv = inventory(&monorepo(), &config_scan(), &[]);
    let paths: Vec<&str> = inv.lockfiles.iter().map(|l| l.path.as_str()).collect();
    for skipped in [
        "web/node_modules/@acme/php-bridge/composer.lock", // default excludes
        "services/shipping/vendor/github.com/acme/geo/go.mod", // default excludes
        "legacy/archive/payroll-2012/Gemfile.lock",        // the config's exclude glob
        "scratch/go.mod",                                  // .ignore
        "services/inventory/Inventory.Api/Inventory.Api.csproj", // packages.lock.json beside it
    ] {
        assert!(!paths.contains(&skipped), "{skipped} was read");
        assert!(inv.dependencies.iter().all(|d| d.source != skipped));
    }

    // Without default excludes the vendored files are read; the config glob still applies.
    let mut scan = config_scan();
    scan.default_excludes = false;
    let all = inventory(&monorepo(), &scan, &[]);
    let paths: Vec<&str> = all.lockfiles.iter().map(|l| l.path.as_str()).collect();
    assert!(paths.contains(&"web/node_modules/@acme/php-bridge/composer.lock"));
    assert!(paths.contains(&"services/shipping/vendor/github.com/acme/geo/go.mod"));
    assert!(!paths.contains(&"legacy/archive/payroll-2012/Gemfile.lock"));
    assert_eq!(all.lockfiles.len(), 11);

    // Without the config, the archive is read; `--exclude` globs are added to the config's.
    let plain = inventory(&monorepo(), &ScanConfig::default(), &[]);
    assert!(
        plain
            .lockfiles
            .iter()
            .any(|l| l.path == "legacy/archive/payroll-2012/Gemfile.lock")
    );
    let cli = inventory(
        &monorepo(),
        &config_scan(),
        &["services/ledger".to_string(), "*.toml".to_string()],
    );
    let paths: Vec<&str> = cli.lockfiles.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(paths.len(), 6);
    assert!(
        paths
            .iter()
            .all(|p| !p.starts_with("services/ledger/") && !p.ends_with(".toml"))
    );
}

#[test]
fn output_is_deterministic() {
    let a = inventory(&monorepo(), &config_scan(), &[]);
    let b = inventory(&monorepo(), &config_scan(), &[]);
    assert_eq!(a, b);
}

#[test]
fn unreadable_input_is_a_problem_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("api")).expect("mkdir");
    std::fs::create_dir_all(root.join("worker")).expect("mkdir");
    std::fs::write(
        root.join("api/go.mod"),
        b"module m\n\nrequire example.com/caf\xE9 v1.0.0\n",
    )
    .expect("write");
    std::fs::write(
        root.join("worker/go.mod"),
        "module w\n\nrequire example.com/queue v1.2.0\n",
    )
    .expect("write");
    // A csproj saved by an old Visual Studio: UTF-16 with a byte order mark.
    let csproj = "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Dapper\" Version=\"1.50.2\" />\n  </ItemGroup>\n</Project>\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(csproj.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    std::fs::write(root.join("worker/Worker.csproj"), utf16).expect("write");
    let inv = inventory(root, &ScanConfig::default(), &[]);
    assert_eq!(
        inv.problems,
        vec![Problem::at_line(
            "api/go.mod",
            3,
            Stage::Dependencies,
            "not valid UTF-8 at byte 33: not read"
        )]
    );
    assert_eq!(
        render(&inv),
        vec![
            "worker/Worker.csproj:3 Dapper 1.50.2 1.50.2 direct",
            "worker/go.mod:3 example.com/queue v1.2.0 v1.2.0 direct",
        ]
    );

    // An invalid `--exclude` glob: nothing is searched, and the problem says why.
    let bad = inventory(root, &ScanConfig::default(), &["legacy/[".to_string()]);
    assert_eq!(bad.lockfiles, vec![]);
    assert_eq!(bad.problems.len(), 1);
    assert!(
        bad.problems[0]
            .message
            .starts_with("no lockfile was searched: "),
        "{}",
        bad.problems[0].message
    );

    // A single lockfile as the root.
    let one = inventory(&root.join("worker/go.mod"), &ScanConfig::default(), &[]);
    assert_eq!(
        render(&one),
        vec!["go.mod:3 example.com/queue v1.2.0 v1.2.0 direct"]
    );
}

/// Write one large lockfile per format (`count` entries each) into `root`.
fn generate(root: &Path, count: usize) {
    let dir = |d: &str| {
        let p = root.join(d);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    };
    let mut go = String::from("module git.example/bench\n\ngo 1.20\n\nrequire (\n");
    let mut gem = String::from("GEM\n  remote: https://registry.example/rubygems/\n  specs:\n");
    let mut gem_deps = String::from("\nDEPENDENCIES\n");
    let mut composer = Vec::new();
    let mut nuget = Vec::new();
    let mut pom = String::from(
        "<project>\n  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n  <properties>\n",
    );
    let mut pom_deps = String::from("  <dependencies>\n");
    let mut catalog = String::from("[versions]\n");
    let mut libraries = String::from("[libraries]\n");
    for i in 0..count {
        go.push_str(&format!("\tgit.example/mod{i} v1.{i}.0 // indirect\n"));
        gem.push_str(&format!(
            "    gem{i} (1.{i}.0)\n      gem{} (>= 1.0)\n",
            i + 1
        ));
        if i % 10 == 0 {
            gem_deps.push_str(&format!("  gem{i} (~> 1.{i})\n"));
        }
        composer.push(format!(
            "        {{\n            \"name\": \"vendor/pkg{i}\",\n            \"version\": \"v2.{i}.1\",\n            \"require\": {{ \"php\": \">=7.2\" }},\n            \"type\": \"library\"\n        }}"
        ));
        nuget.push(format!(
            "      \"Pkg{i}\": {{\n        \"type\": \"Transitive\",\n        \"resolved\": \"3.{i}.0\",\n        \"contentHash\": \"AAAA\"\n      }}"
        ));
        pom.push_str(&format!("    <v{i}>4.{i}.0</v{i}>\n"));
        pom_deps.push_str(&format!(
            "    <dependency><groupId>org.example</groupId><artifactId>lib{i}</artifactId><version>${{v{i}}}</version></dependency>\n"
        ));
        catalog.push_str(&format!("v{i} = \"5.{i}.0\"\n"));
        libraries.push_str(&format!(
            "lib{i} = {{ module = \"org.example:lib{i}\", version.ref = \"v{i}\" }}\n"
        ));
    }
    go.push_str(")\n");
    std::fs::write(dir("go").join("go.mod"), go).expect("write");
    std::fs::write(dir("ruby").join("Gemfile.lock"), gem + &gem_deps).expect("write");
    let composer = format!(
        "{{\n    \"packages\": [\n{}\n    ],\n    \"packages-dev\": []\n}}\n",
        composer.join(",\n")
    );
    std::fs::write(dir("php").join("composer.lock"), composer).expect("write");
    let manifest = "{ \"require\": { \"php\": \"^7.4\", \"vendor/pkg0\": \"^2.0\" } }\n";
    std::fs::write(dir("php").join("composer.json"), manifest).expect("write");
    let frameworks: Vec<String> = ["net48", "net6.0", "net8.0"]
        .iter()
        .map(|fw| format!("    \"{fw}\": {{\n{}\n    }}", nuget.join(",\n")))
        .collect();
    let lock = format!(
        "{{\n  \"version\": 1,\n  \"dependencies\": {{\n{}\n  }}\n}}\n",
        frameworks.join(",\n")
    );
    std::fs::write(dir("dotnet").join("packages.lock.json"), lock).expect("write");
    pom.push_str("  </properties>\n");
    pom.push_str(&pom_deps);
    pom.push_str("  </dependencies>\n</project>\n");
    std::fs::write(dir("java").join("pom.xml"), pom).expect("write");
    std::fs::write(
        dir("gradle").join("libs.versions.toml"),
        catalog + &libraries,
    )
    .expect("write");
}

#[test]
#[ignore = "benchmark: cargo test --release --test it deps_inventory:: -- --ignored --nocapture"]
fn throughput_on_generated_lockfiles() {
    let count = 20_000;
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), count);
    let bytes: u64 = [
        "go/go.mod",
        "ruby/Gemfile.lock",
        "php/composer.lock",
        "dotnet/packages.lock.json",
        "java/pom.xml",
        "gradle/libs.versions.toml",
    ]
    .iter()
    .map(|f| {
        std::fs::metadata(dir.path().join(f))
            .map(|m| m.len())
            .unwrap_or(0)
    })
    .sum();
    let start = std::time::Instant::now();
    let inv = inventory(dir.path(), &ScanConfig::default(), &[]);
    let took = start.elapsed();
    assert_eq!(inv.problems, vec![]);
    assert_eq!(inv.lockfiles.len(), 6);
    // Each format gives one dependency per generated entry (NuGet: three frameworks, one id).
    assert_eq!(inv.dependencies.len(), 6 * count);
    println!(
        "inventory: 6 lockfiles, {:.1} MB, {} dependencies in {:.3} s ({:.1} MB/s)",
        bytes as f64 / 1e6,
        inv.dependencies.len(),
        took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64()
    );
    for lockfile in &inv.lockfiles {
        let path = dir.path().join(&lockfile.path);
        let text = std::fs::read_to_string(&path).expect("read");
        let one = std::time::Instant::now();
        let single = inventory(&path, &ScanConfig::default(), &[]);
        let t = one.elapsed().as_secs_f64();
        assert_eq!(single.dependencies.len(), count);
        println!(
            "  {:<28} {:>6.1} MB {:>8.3} s {:>6.1} MB/s",
            lockfile.format,
            text.len() as f64 / 1e6,
            t,
            text.len() as f64 / 1e6 / t
        );
    }
}

#[test]
fn an_old_style_project_beside_packages_config_is_read_through_the_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("Till.Service");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("Till.Service.csproj"),
        "<Project ToolsVersion=\"12.0\">\n  <ItemGroup>\n    <Reference Include=\"log4net\" />\n  </ItemGroup>\n</Project>\n",
    )
    .expect("write");
    std::fs::write(
        root.join("packages.config"),
        "<packages>\n  <package id=\"log4net\" version=\"2.0.3\" targetFramework=\"net40\" />\n</packages>\n",
    )
    .expect("write");
    let inv = inventory(dir.path(), &ScanConfig::default(), &[]);
    let formats: Vec<(&str, &str)> = inv
        .lockfiles
        .iter()
        .map(|l| (l.path.as_str(), l.format.as_str()))
        .collect();
    assert_eq!(
        formats,
        vec![("Till.Service/packages.config", "packages-config")]
    );
    assert_eq!(
        render(&inv),
        vec!["Till.Service/packages.config:2 log4net 2.0.3 2.0.3 direct"]
    );
}
