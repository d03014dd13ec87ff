//! Throughput benchmark: the full scan against the physical floor, a raw read + tree-sitter
//! parse of the same files on the same number of threads.
//!
//! `cargo run --release --example bench_scan -- ROOT [THREADS] [--exclude GLOB]...`
//! prints files, MB, parse-only MB/s, scan MB/s and their ratio, and the scan without gathering
//! test-file identifiers (best of 5 interleaved rounds).

use std::time::Instant;

use quarterdeck::config::ScanConfig;
use quarterdeck::lang;
use quarterdeck::scan::{self, ScanOptions, discover};
use quarterdeck::util::globs::PathGlobs;
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(
        args.next()
            .ok_or("usage: bench_scan ROOT [THREADS] [--exclude GLOB]...")?,
    );
    let mut threads = 2usize;
    let mut excludes = Vec::new();
    while let Some(a) = args.next() {
        if a == "--exclude" {
            excludes.push(args.next().ok_or("--exclude needs a glob")?);
        } else {
            threads = a.parse()?;
        }
    }
    let cfg = ScanConfig {
        exclude: excludes.clone(),
        ..ScanConfig::default()
    };
    let exclude = PathGlobs::new(&cfg.exclude)?;
    let include = PathGlobs::new(&[])?;
    let found = discover::discover(&root, &cfg, &exclude, &include, threads);
    // The scan measures the files it does not skip; the floor parses exactly those.
    let result = scan::scan(
        &root,
        &cfg,
        &ScanOptions {
            jobs: threads,
            extra_excludes: &[],
            progress: None,
            rules: None,
            tests: None,
        },
    )?;
    let measured: std::collections::HashSet<&str> =
        result.files.iter().map(|f| f.path.as_str()).collect();
    let files: Vec<_> = found
        .candidates
        .iter()
        .filter(|c| measured.contains(c.rel.as_str()))
        .collect();
    let bytes: u64 = files.iter().map(|c| c.size).sum();
    let mb = bytes as f64 / 1e6;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;

    let parse_and_measure = || {
        pool.install(|| {
            files
                .par_iter()
                .for_each_init(tree_sitter::Parser::new, |parser, c| {
                    let Ok(src) = std::fs::read(&c.abs) else {
                        return;
                    };
                    let Some(id) = c.language.or_else(|| {
                        lang::detect_shebang(src.split(|&b| b == b'\n').next().unwrap_or(&[]))
                    }) else {
                        return;
                    };
                    let Ok(r) = lang::resolved(id) else { return };
                    if parser.set_language(&r.language).is_ok()
                        && let Some(tree) = parser.parse(&src, None)
                    {
                        std::hint::black_box(quarterdeck::metrics::measure(r, &tree, &src));
                    }
                })
        })
    };
    let parse_only = || {
        pool.install(|| {
            files
                .par_iter()
                .for_each_init(tree_sitter::Parser::new, |parser, c| {
                    let Ok(src) = std::fs::read(&c.abs) else {
                        return;
                    };
                    let Some(id) = c.language.or_else(|| {
                        lang::detect_shebang(src.split(|&b| b == b'\n').next().unwrap_or(&[]))
                    }) else {
                        return;
                    };
                    let Ok(r) = lang::resolved(id) else { return };
                    if parser.set_language(&r.language).is_ok() {
                        let tree = parser.parse(&src, None);
                        std::hint::black_box(tree);
                    }
                })
        })
    };
    let scan_with = |tests: Option<&quarterdeck::tests_evidence::TestFiles>| {
        let r = scan::scan(
            &root,
            &cfg,
            &ScanOptions {
                jobs: threads,
                extra_excludes: &[],
                progress: None,
                rules: None,
                tests,
            },
        );
        std::hint::black_box(r.map(|r| r.files.len()).unwrap_or(0));
    };
    let no_tests = quarterdeck::tests_evidence::TestFiles::none();
    let full_scan = || scan_with(None);
    let scan_no_tests = || scan_with(Some(&no_tests));
    // Rounds interleave the four runs, so a slow spell of the machine hits them alike; each
    // figure is its best round.
    let runs: [&dyn Fn(); 4] = [&parse_only, &full_scan, &parse_and_measure, &scan_no_tests];
    let mut best = [f64::INFINITY; 4];
    for _ in 0..5 {
        for (i, f) in runs.iter().enumerate() {
            let t = Instant::now();
            f();
            best[i] = best[i].min(t.elapsed().as_secs_f64());
        }
    }
    let [t_parse, t_scan, t_measure, t_no_tests] = best;
    println!("corpus: {}", root.display());
    println!("threads: {threads}  files: {}  MB: {mb:.1}", files.len());
    println!("parse-only: {:.3} s  {:.2} MB/s", t_parse, mb / t_parse);
    println!(
        "parse+metrics: {:.3} s  {:.2} MB/s  (the tree walk alone)",
        t_measure,
        mb / t_measure
    );
    println!(
        "full scan:  {:.3} s  {:.2} MB/s  (discovery, read, checks, parse, metrics)",
        t_scan,
        mb / t_scan
    );
    println!(
        "scan / parse-only throughput: {:.1}%",
        100.0 * t_parse / t_scan
    );
    println!(
        "scan without test-file identifiers: {:.3} s  {:.2} MB/s  ({:.1}% of parse-only; the \
         identifiers of the test files cost {:.1}%)",
        t_no_tests,
        mb / t_no_tests,
        100.0 * t_parse / t_no_tests,
        100.0 * (t_scan - t_no_tests) / t_no_tests
    );
    Ok(())
}
