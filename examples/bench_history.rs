//! History benchmark: `history::analyse` over a repository's whole history against the plain
//! `git log --numstat` and the same-arguments `git log` it reads (both run alone to /dev/null).
//!
//! `cargo run --release --example bench_history -- REPO [RUNS]` (default 3 runs, best kept)
//! prints wall and CPU seconds of each, their ratios, and the analysis's peak RSS (Linux);
//! `-- --print-args` prints the history pass's git arguments (one per line) and exits.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use quarterdeck::config::{HistoryConfig, ScanConfig};
use quarterdeck::history::{self, FileSpans, HistoryOptions, WindowSource};
use quarterdeck::scan::{self, ScanOptions};

/// CPU seconds of this process (user, system) and of its waited-for children (user + system),
/// from `/proc/self/stat` (USER_HZ 100).
fn cpu() -> (f64, f64, f64) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return (0.0, 0.0, 0.0);
    };
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    let at = |i: usize| f.get(i - 3).copied().unwrap_or(0.0) / 100.0;
    (at(14), at(15), at(16) + at(17))
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    /// CPU of this process alone (the parser and the counting): user, system.
    own: (f64, f64),
}

fn best(runs: &[Run]) -> Run {
    Run {
        wall: runs.iter().map(|r| r.wall).fold(f64::INFINITY, f64::min),
        cpu: runs.iter().map(|r| r.cpu).fold(f64::INFINITY, f64::min),
        own: runs
            .iter()
            .map(|r| r.own)
            .fold((f64::INFINITY, f64::INFINITY), |a, b| {
                (a.0.min(b.0), a.1.min(b.1))
            }),
    }
}

fn timed(f: impl FnOnce()) -> Run {
    let (u0, s0, c0) = cpu();
    let t = Instant::now();
    f();
    let wall = t.elapsed().as_secs_f64();
    let (u1, s1, c1) = cpu();
    Run {
        wall,
        cpu: (u1 - u0) + (s1 - s0) + (c1 - c0),
        own: (u1 - u0, s1 - s0),
    }
}

fn git_to_null(repo: &Path, args: &[std::ffi::OsString]) -> Result<(), String> {
    let status = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("git failed: {status}"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("--print-args") {
        for a in history::git::log_args(None, None) {
            println!("{}", a.to_string_lossy());
        }
        return Ok(());
    }
    let repo = std::path::PathBuf::from(args.next().ok_or("usage: bench_history REPO [RUNS]")?);
    let runs: usize = args
        .next()
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(3)
        .max(1);
    let t = Instant::now();
    let scanned = scan::scan(
        &repo,
        &ScanConfig::default(),
        &ScanOptions {
            jobs: 2,
            extra_excludes: &[],
            progress: None,
            rules: None,
            tests: None,
        },
    )?;
    let spans: Vec<FileSpans> = scanned.files.iter().map(FileSpans::of).collect();
    let functions: usize = spans.iter().map(|s| s.spans.len()).sum();
    println!(
        "scan: {} files, {functions} functions in {:.2} s (not part of the figures below)",
        spans.len(),
        t.elapsed().as_secs_f64()
    );
    // Peak RSS from here on (Linux: writing 5 to clear_refs resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let config = HistoryConfig::default();
    let opts = HistoryOptions {
        since: Some((0, WindowSource::Since)),
        ..HistoryOptions::new(&config)
    };
    let mut result = None;
    let mut ours = Vec::new();
    for _ in 0..runs {
        ours.push(timed(|| {
            result = Some(history::analyse(&repo, &opts, &spans))
        }));
    }
    let rss = peak_rss_mib();
    let result = result.ok_or("no run")?;
    for p in &result.problems {
        println!("problem: {}", p.message);
    }
    let s = &result.summary;
    println!(
        "history: {} commits + {} merges, {} authors, {} active files, {} measured files with \
         history ({} mapped to functions, {} file level), {} coupled pairs",
        s.commits,
        s.merges,
        s.authors,
        s.active_files,
        result.files.len(),
        s.files_mapped,
        s.files_file_level,
        s.coupling.len()
    );
    let same = history::git::log_args(None, None);
    let numstat: Vec<std::ffi::OsString> = ["log", "--numstat"].iter().map(Into::into).collect();
    let mut plain = Vec::new();
    let mut same_runs = Vec::new();
    for _ in 0..runs {
        let mut err = None;
        plain.push(timed(|| err = git_to_null(&repo, &numstat).err()));
        same_runs.push(timed(|| {
            err = err.take().or(git_to_null(&repo, &same).err())
        }));
        if let Some(e) = err {
            return Err(e.into());
        }
    }
    let (o, p, q) = (best(&ours), best(&plain), best(&same_runs));
    println!("best of {runs}:               wall s    CPU s (self + git)");
    println!(
        "  history::analyse          {:7.2}  {:7.2}  (quarterdeck itself: {:.2} s user, {:.2} s \
         system)",
        o.wall, o.cpu, o.own.0, o.own.1
    );
    println!("  git log --numstat         {:7.2}  {:7.2}", p.wall, p.cpu);
    println!("  git log (same arguments)  {:7.2}  {:7.2}", q.wall, q.cpu);
    println!(
        "ratio vs plain git log --numstat: wall {:.2}x, CPU {:.2}x",
        o.wall / p.wall,
        o.cpu / p.cpu
    );
    println!(
        "ratio vs same-arguments git log: wall {:.2}x, CPU {:.2}x",
        o.wall / q.wall,
        o.cpu / q.cpu
    );
    if let Some(m) = rss {
        println!(
            "peak RSS of this process during the analysis: {m:.1} MiB (scan results included)"
        );
    }
    Ok(())
}
