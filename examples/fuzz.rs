//! Mutation fuzzing on the stable toolchain (README "Development and testing"): each target's
//! seeds are the committed fixtures; every input is a seed changed by a few seeded mutations
//! (bit flips, cuts, repeats, splices with another seed, interesting tokens, deep nesting) and
//! runs on a worker thread under a time limit.
//!
//! `cargo run --example fuzz -- [--secs N] [--seed S] [--limit-ms M] [--list] [FILTER...]`
//!
//! `--secs` is per target (default 5, fractions allowed); a FILTER keeps the targets whose name contains it. A panic
//! is saved under `target/fuzz/crashes/`, a hang (an input over the limit, default 10 s) under
//! `target/fuzz/hangs/` and ends the run; the input in progress is always in
//! `target/fuzz/current.bin`, for a crash that aborts the process (a stack overflow). Prints,
//! per target, the executions and crashes; exits 1 when anything was found.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use quarterdeck::config::ScanConfig;
use quarterdeck::deps::lockfiles::{self, Input};
use quarterdeck::problem::Stage;
use quarterdeck::rules::RuleSet;
use quarterdeck::scan::discover::Candidate;
use quarterdeck::scan::file::{Outcome, analyse_with_rules};
use quarterdeck::tests_evidence::TestFiles;

type Run = Arc<dyn Fn(&[u8]) -> Result<(), String> + Send + Sync>;

struct Target {
    name: String,
    seeds: Vec<Vec<u8>>,
    run: Run,
}

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\n",
    b"\r\n",
    b"\"",
    b"'",
    b"\\",
    b"[",
    b"]",
    b"{",
    b"}",
    b"<",
    b">",
    b"</",
    b"-",
    b":",
    b"- ",
    b"${",
    b"}}",
    b"=",
    b".",
    b",",
    b"#",
    b"/*",
    b"*/",
    b"\xff\xfe",
    b"\xe9",
    b"\t",
    b"99999999999999999999999",
    b"-1",
    b"0",
    b"NaN",
    b"1e999",
    b"@",
    b"%",
    b"&amp;",
    b"&#0;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE a [<!ENTITY e \"x\">]>",
    b"&e;",
    b"TN:",
    b"SF:",
    b"DA:1,",
    b"mode: set\n",
    b"\x1e",
    b"\x00\x00",
    b"diff --git a/x b/x\n",
    b"@@ -1 +1 @@\n",
];

const MAX_INPUT: usize = 1 << 20;

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(9) {
            0 => {
                for _ in 0..=rng.below(8) {
                    if !data.is_empty() {
                        let i = rng.below(data.len());
                        data[i] ^= 1 << rng.below(8);
                    }
                }
            }
            1 => {
                let a = rng.below(len + 1);
                let b = (a + rng.below(len - a + 1)).min(len);
                data.drain(a..b);
            }
            2 => data.truncate(rng.below(len + 1)),
            3 => {
                let a = rng.below(len + 1);
                let b = (a + rng.below(64.min(len - a) + 1)).min(len);
                let piece = data[a..b].to_vec();
                let at = rng.below(data.len() + 1);
                for _ in 0..=rng.below(16) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            4 | 5 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, t.iter().copied());
            }
            6 => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            7 => {
                // Deep nesting.
                let opener: &[u8] = [
                    &b"["[..],
                    b"{",
                    b"- ",
                    b"<a>",
                    b"(",
                    b"{a=",
                    b"  ",
                    b"if (x) {",
                ][rng.below(8)];
                let depth = 1 + rng.below(20_000);
                let at = rng.below(len + 1);
                let deep: Vec<u8> = opener.repeat(depth);
                data.splice(at..at, deep);
            }
            _ => {
                // One long line.
                let at = rng.below(len + 1);
                let long = vec![b'a' + (rng.below(26) as u8); rng.below(200_000)];
                data.splice(at..at, long);
            }
        }
        data.truncate(MAX_INPUT);
    }
    data
}

fn read_dir_files(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_dir_files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p, b));
        }
    }
}

fn git_log_seed(scratch: &Path) -> Option<Vec<u8>> {
    let repo = scratch.join("gitlog-seed");
    std::fs::create_dir_all(&repo).ok()?;
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(&repo)
            .args([
                "-c",
                "user.name=Ledger Dev",
                "-c",
                "user.email=dev@example.com",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-01-05T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-05T10:00:00Z")
            .output()
            .ok()
    };
    git(&["init", "-q"])?;
    std::fs::write(repo.join("ledger.py"), "def post(a):\n    return a\n").ok()?;
    git(&["add", "."])?;
    git(&["commit", "-qm", "ledger: first posting"])?;
    std::fs::write(
        repo.join("ledger.py"),
        "def post(a, b):\n    if b:\n        return a + b\n    return a\n",
    )
    .ok()?;
    std::fs::write(repo.join("caf\u{e9} notes.txt"), "x\n").ok()?;
    git(&["add", "."])?;
    git(&["commit", "-qm", "ledger: refunds\n\nwith a body"])?;
    git(&["mv", "ledger.py", "book.py"])?;
    git(&["commit", "-qm", "rename"])?;
    let args = quarterdeck::history::git::log_args(None, None);
    let out = std::process::Command::new("git")
        .current_dir(&repo)
        .args(&args)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

fn targets(root: &Path, scratch: &Path) -> Vec<Target> {
    let mut all = Vec::new();
    let fixtures = root.join("fixtures");
    // Lockfiles: each format on the fixtures its file name matches.
    let mut dep_files = Vec::new();
    read_dir_files(&fixtures.join("deps"), &mut dep_files);
    for f in lockfiles::formats() {
        let mut seeds = Vec::new();
        let mut name = None;
        for (p, b) in &dep_files {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned());
            if let Some(n) = n.filter(|n| (f.matches)(n)) {
                name.get_or_insert(n);
                seeds.push(b.clone());
            }
        }
        let Some(name) = name else {
            eprintln!("fuzz: no fixture for lockfile format {}", f.id);
            continue;
        };
        let parse = f.parse;
        all.push(Target {
            name: format!("lockfile:{}", f.id),
            seeds,
            run: Arc::new(move |b| {
                let text = String::from_utf8_lossy(b);
                let _ = parse(
                    &Input {
                        path: &name,
                        text: &text,
                    },
                    &|_: &str| None,
                );
                Ok(())
            }),
        });
    }
    // Coverage: each format's fixtures through the detecting parser.
    for kind in ["lcov", "go", "cobertura", "jacoco"] {
        let mut files = Vec::new();
        read_dir_files(&fixtures.join("coverage").join(kind), &mut files);
        all.push(Target {
            name: format!("coverage:{kind}"),
            seeds: files.into_iter().map(|(_, b)| b).collect(),
            run: Arc::new(|b| {
                let _ = quarterdeck::tests_evidence::coverage::parse(b);
                Ok(())
            }),
        });
    }
    // Snapshot reading (with migration of older schemas).
    let mut snaps = Vec::new();
    read_dir_files(&fixtures.join("snapshots"), &mut snaps);
    snaps.retain(|(p, _)| p.extension().is_some_and(|e| e == "json"));
    let snap_path = scratch.join("snapshot.json");
    all.push(Target {
        name: "snapshot".into(),
        seeds: snaps.into_iter().map(|(_, b)| b).collect(),
        run: Arc::new(move |b| {
            std::fs::write(&snap_path, b).map_err(|e| e.to_string())?;
            let _ = quarterdeck::snapshot::read::read_document(&snap_path);
            Ok(())
        }),
    });
    // Rule files: the built-in ones as seeds.
    all.push(Target {
        name: "rules".into(),
        seeds: quarterdeck::rules::load::embedded_files()
            .iter()
            .map(|(_, t)| t.as_bytes().to_vec())
            .collect(),
        run: Arc::new(|b| {
            let text = String::from_utf8_lossy(b);
            let _ = quarterdeck::rules::load::parse("rules/fuzz/fuzz.toml", &text, false);
            Ok(())
        }),
    });
    // git log, as the history stage asks git for it.
    match git_log_seed(scratch) {
        Some(seed) => all.push(Target {
            name: "gitlog".into(),
            seeds: vec![seed],
            run: Arc::new(|b| {
                let _ = quarterdeck::history::parse_log_bytes(b);
                Ok(())
            }),
        }),
        None => eprintln!("fuzz: git is not available; no gitlog target"),
    }
    // The per-file analysis of each language, with the built-in rules (queries, suppressions).
    let rules = match RuleSet::builtin() {
        Ok(r) => Arc::new(r),
        Err(e) => {
            eprintln!("fuzz: built-in rules do not load: {e}");
            return all;
        }
    };
    let mut lang_dirs: Vec<PathBuf> = std::fs::read_dir(fixtures.join("lang"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    lang_dirs.sort();
    for dir in lang_dirs {
        let mut files = Vec::new();
        read_dir_files(&dir, &mut files);
        let Some((first, _)) = files.first() else {
            continue;
        };
        let Some(language) = quarterdeck::lang::detect_path(first) else {
            continue;
        };
        let file_name = first
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lang_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = scratch.join(format!("lang-{lang_name}"));
        let _ = std::fs::create_dir_all(&path);
        let abs = path.join(&file_name);
        let rules = Arc::clone(&rules);
        let cfg = ScanConfig {
            parse_timeout_ms: 3_000,
            ..ScanConfig::default()
        };
        all.push(Target {
            name: format!(
                "lang:{}",
                dir.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
            seeds: files.into_iter().map(|(_, b)| b).collect(),
            run: Arc::new(move |b| {
                std::fs::write(&abs, b).map_err(|e| e.to_string())?;
                let c = Candidate {
                    rel: file_name.clone(),
                    abs: abs.clone(),
                    language: Some(language),
                    size: b.len() as u64,
                };
                match analyse_with_rules(&c, &cfg, Some(&rules), TestFiles::table_only()) {
                    Outcome::Failed(p) if p.stage == Stage::Panic => Err(p.message),
                    _ => Ok(()),
                }
            }),
        });
    }
    all
}

struct Args {
    secs: f64,
    seed: u64,
    limit: Duration,
    list: bool,
    filters: Vec<String>,
}

fn args() -> Args {
    let mut a = Args {
        secs: 5.0,
        seed: 0x5EED_2026,
        limit: Duration::from_secs(10),
        list: false,
        filters: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = |what: &str| -> u64 {
            it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("fuzz: {what} needs a number");
                std::process::exit(2)
            })
        };
        match x.as_str() {
            "--secs" => {
                a.secs = it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                    eprintln!("fuzz: --secs needs a number");
                    std::process::exit(2)
                })
            }
            "--seed" => a.seed = num("--seed"),
            "--limit-ms" => a.limit = Duration::from_millis(num("--limit-ms")),
            "--list" => a.list = true,
            _ => a.filters.push(x),
        }
    }
    a
}

fn save(dir: &Path, target: &str, data: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let p = dir.join(format!("{}-{h:016x}.bin", target.replace([':', '/'], "_")));
    let _ = std::fs::write(&p, data);
    p
}

fn main() {
    let a = args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target").join("fuzz");
    let scratch = out.join("scratch");
    let _ = std::fs::create_dir_all(&scratch);
    let mut all = targets(&root, &scratch);
    if !a.filters.is_empty() {
        all.retain(|t| a.filters.iter().any(|f| t.name.contains(f.as_str())));
    }
    if a.list {
        for t in &all {
            println!("{} ({} seeds)", t.name, t.seeds.len());
        }
        return;
    }
    // Panics are counted and saved here; the default hook's message would only repeat them.
    std::panic::set_hook(Box::new(|_| {}));
    let (job_tx, job_rx) = mpsc::channel::<(Run, Vec<u8>)>();
    let (done_tx, done_rx) = mpsc::channel::<Result<(), String>>();
    let current = out.join("current.bin");
    let worker_current = current.clone();
    std::thread::Builder::new()
        .name("fuzz-worker".into())
        .stack_size(8 << 20)
        .spawn(move || {
            for (run, data) in job_rx {
                let _ = std::fs::write(&worker_current, &data);
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)))
                    .unwrap_or_else(|p| {
                        Err(p
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| p.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "panic".into()))
                    });
                if done_tx.send(r).is_err() {
                    break;
                }
            }
        })
        .unwrap_or_else(|e| {
            eprintln!("fuzz: cannot start the worker: {e}");
            std::process::exit(2)
        });
    let mut found = 0;
    let mut rng = Rng(a.seed | 1);
    println!(
        "{:<28} {:>10} {:>8} {:>10}",
        "target", "execs", "crashes", "slowest"
    );
    for t in &all {
        if t.seeds.is_empty() {
            println!("{:<28} no seeds", t.name);
            continue;
        }
        let (mut execs, mut crashes) = (0u64, 0u64);
        let mut slowest = Duration::ZERO;
        let until = Instant::now() + Duration::from_secs_f64(a.secs.max(0.0));
        // Every seed unchanged first, then mutations.
        let mut plain = t.seeds.iter();
        while Instant::now() < until {
            let data = match plain.next() {
                Some(s) => s.clone(),
                None => mutate(&mut rng, &t.seeds),
            };
            let started = Instant::now();
            if job_tx.send((Arc::clone(&t.run), data.clone())).is_err() {
                break;
            }
            match done_rx.recv_timeout(a.limit) {
                Ok(Ok(())) => {}
                Ok(Err(msg)) => {
                    crashes += 1;
                    let p = save(&out.join("crashes"), &t.name, &data);
                    eprintln!(
                        "fuzz: {} crashed ({msg}); input saved to {}",
                        t.name,
                        p.display()
                    );
                }
                Err(_) => {
                    let p = save(&out.join("hangs"), &t.name, &data);
                    eprintln!(
                        "fuzz: {} ran longer than {:?}; input saved to {}",
                        t.name,
                        a.limit,
                        p.display()
                    );
                    std::process::exit(1);
                }
            }
            slowest = slowest.max(started.elapsed());
            execs += 1;
        }
        found += crashes;
        println!(
            "{:<28} {:>10} {:>8} {:>9}ms",
            t.name,
            execs,
            crashes,
            slowest.as_millis()
        );
    }
    let _ = std::fs::remove_file(&current);
    if found > 0 {
        std::process::exit(1);
    }
}
