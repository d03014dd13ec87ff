//! Parse-speed benchmark of the Cargo, npm and Python lockfile parsers on generated lockfiles
//! of N packages: `cargo run --release --example bench_lockfiles -- [N]` (default 5000).
//! Prints, per format, the file size, the dependencies found and the best of 5 parse times.

use std::fmt::Write as _;
use std::time::Instant;

use quarterdeck::deps::lockfiles::{Input, format_of};

fn cargo_lock(n: usize) -> String {
    let mut s = String::from(
        "version = 3\n\n[[package]]\nname = \"ledger\"\nversion = \"1.0.0\"\ndependencies = [\n",
    );
    for i in 0..n.min(50) {
        let _ = writeln!(s, " \"crate-{i}\",");
    }
    s.push_str("]\n\n");
    for i in 0..n {
        let _ = write!(
            s,
            "[[package]]\nname = \"crate-{i}\"\nversion = \"1.{}.0\"\nsource = \"registry+https://registry.example/cargo/index\"\nchecksum = \"{:064x}\"\ndependencies = [\n \"crate-{}\",\n \"crate-{}\",\n]\n\n",
            i % 40,
            i,
            (i + 1) % n,
            (i * 7 + 3) % n
        );
    }
    s
}

fn package_lock(n: usize) -> String {
    let mut s = String::from(
        "{\n  \"name\": \"ledger\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\n      \"dependencies\": {\n",
    );
    for i in 0..n.min(50) {
        let _ = writeln!(s, "        \"pkg-{i}\": \"^1.0.0\",");
    }
    s.push_str("        \"pkg-last\": \"^1.0.0\"\n      }\n    },\n");
    for i in 0..n {
        let _ = write!(
            s,
            "    \"node_modules/pkg-{i}\": {{\n      \"version\": \"1.{}.0\",\n      \"resolved\": \"https://registry.example/npm/pkg-{i}/-/pkg-{i}-1.0.0.tgz\",\n      \"integrity\": \"sha512-abc\",\n      \"dependencies\": {{\n        \"pkg-{}\": \"^1.0.0\"\n      }}\n    }},\n",
            i % 40,
            (i + 1) % n
        );
    }
    s.push_str("    \"node_modules/pkg-last\": {\n      \"version\": \"1.0.0\"\n    }\n  }\n}\n");
    s
}

fn yarn_v1(n: usize) -> String {
    let mut s = String::from("# yarn lockfile v1\n\n");
    for i in 0..n {
        let _ = write!(
            s,
            "pkg-{i}@^1.0.0, pkg-{i}@^1.1.0:\n  version \"1.{}.0\"\n  resolved \"https://registry.example/npm/pkg-{i}/-/pkg-{i}-1.0.0.tgz#abc\"\n  integrity sha512-abc\n  dependencies:\n    pkg-{} \"^1.0.0\"\n\n",
            i % 40,
            (i + 1) % n
        );
    }
    s
}

fn pnpm_v9(n: usize) -> String {
    let mut s = String::from("lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n");
    for i in 0..n.min(50) {
        let _ = write!(
            s,
            "      pkg-{i}:\n        specifier: ^1.0.0\n        version: 1.{}.0\n",
            i % 40
        );
    }
    s.push_str("\npackages:\n\n");
    for i in 0..n {
        let _ = write!(
            s,
            "  pkg-{i}@1.{}.0:\n    resolution: {{integrity: sha512-abc}}\n\n",
            i % 40
        );
    }
    s.push_str("snapshots:\n\n");
    for i in 0..n {
        let j = (i + 1) % n;
        let _ = write!(
            s,
            "  pkg-{i}@1.{}.0:\n    dependencies:\n      pkg-{j}: 1.{}.0\n\n",
            i % 40,
            j % 40
        );
    }
    s
}

fn poetry_lock(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(
            s,
            "[[package]]\nname = \"pkg-{i}\"\nversion = \"1.{}.0\"\ndescription = \"\"\noptional = false\npython-versions = \">=3.8\"\nfiles = [\n    {{file = \"pkg_{i}-1.0.0-py3-none-any.whl\", hash = \"sha256:{:064x}\"}},\n]\n\n[package.dependencies]\npkg-{} = \">=1.0\"\n\n",
            i % 40,
            i,
            (i + 1) % n
        );
    }
    s.push_str(
        "[metadata]\nlock-version = \"2.0\"\npython-versions = \">=3.8\"\ncontent-hash = \"0\"\n",
    );
    s
}

fn requirements(n: usize) -> String {
    let mut s = String::from("--index-url https://registry.example/pypi/simple\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "pkg-{i}[extra]==1.{}.0 ; python_version >= \"3.8\" \\\n    --hash=sha256:{:064x}",
            i % 40,
            i
        );
    }
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).map_or(Ok(5000), |a| a.parse())?;
    let cases: [(&str, String); 6] = [
        ("Cargo.lock", cargo_lock(n)),
        ("package-lock.json", package_lock(n)),
        ("yarn.lock", yarn_v1(n)),
        ("pnpm-lock.yaml", pnpm_v9(n)),
        ("poetry.lock", poetry_lock(n)),
        ("requirements.txt", requirements(n)),
    ];
    println!("{n} packages per file; best of 5 parses");
    for (name, text) in &cases {
        let format = format_of(name).ok_or("no format")?;
        let mut best = f64::MAX;
        let mut found = 0;
        let mut problems = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let parsed = (format.parse)(&Input { path: name, text }, &|_| None);
            best = best.min(start.elapsed().as_secs_f64());
            found = parsed.dependencies.len();
            problems = parsed.problems.len();
        }
        let mb = text.len() as f64 / 1e6;
        println!(
            "{name:<18} {:>7.2} MB  {found:>6} deps  {problems} problems  {:>8.1} ms  {:>6.1} MB/s",
            mb,
            best * 1e3,
            mb / best
        );
    }
    Ok(())
}
