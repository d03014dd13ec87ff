//! Ask an ecosystem's own client which registry it uses (`npm config get registry`,
//! `go env GOPROXY`, `pip config list`, `gem sources`, `dotnet nuget list source`), when nothing
//! else configures one (README "Dependencies"). The program is found on the auditor's `PATH`,
//! runs in the auditor's home (or the temp folder), never in the audited repository, with no
//! input and a short timeout; any failure means "no answer".

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::bases::{Env, goproxy};
use crate::deps::model::Ecosystem;

/// How long one client may take.
const TIMEOUT: Duration = Duration::from_secs(4);
/// Most output read from a client.
const OUTPUT_LIMIT: u64 = 64 * 1024;

/// The base URL the ecosystem's client reports, if it is installed and tells one. A client
/// found in a `PATH` folder inside the audited tree `root` (a CI job that puts the checkout's
/// `node_modules/.bin` on `PATH`) is never run: the tree may not start a program (README
/// "Security").
pub fn ask(eco: Ecosystem, env: Env, root: &Path) -> Option<String> {
    let (program, args): (&str, &[&str]) = match eco {
        Ecosystem::Npm => ("npm", &["config", "get", "registry"]),
        Ecosystem::Go => ("go", &["env", "GOPROXY"]),
        Ecosystem::Pypi => ("pip", &["config", "list"]),
        Ecosystem::Rubygems => ("gem", &["sources", "--list"]),
        Ecosystem::Nuget => ("dotnet", &["nuget", "list", "source", "--format", "short"]),
        // Cargo's source replacement is read from `$CARGO_HOME` (bases.rs); Maven and Composer
        // have no command that prints their repository without the project.
        _ => return None,
    };
    let output = run(program, args, env, root)?;
    parse(eco, &output)
}

/// The base in a client's output.
pub fn parse(eco: Ecosystem, output: &str) -> Option<String> {
    let http = |s: &str| s.starts_with("http://") || s.starts_with("https://");
    match eco {
        Ecosystem::Npm => output
            .lines()
            .map(str::trim)
            .find(|l| http(l))
            .map(str::to_string),
        Ecosystem::Go => goproxy(output.trim()),
        // `global.index-url='https://...'` (any scope); the first index-url.
        Ecosystem::Pypi => output.lines().find_map(|l| {
            let (key, value) = l.split_once('=')?;
            key.trim()
                .ends_with(".index-url")
                .then(|| value.trim().trim_matches(['\'', '"']).to_string())
                .filter(|v| http(v))
        }),
        Ecosystem::Rubygems => output
            .lines()
            .map(str::trim)
            .find(|l| http(l))
            .map(str::to_string),
        // `E https://.../index.json` (E = enabled, D = disabled).
        Ecosystem::Nuget => output.lines().find_map(|l| {
            let (flag, url) = l.trim().split_once(char::is_whitespace)?;
            let url = url.trim();
            (flag.contains('E') && http(url)).then(|| url.to_string())
        }),
        _ => None,
    }
}

/// Run `program args` found on `env`'s `PATH`, in the auditor's home; its stdout when it
/// exits successfully within the timeout.
fn run(program: &str, args: &[&str], env: Env, root: &Path) -> Option<String> {
    let path = find_program(program, &env("PATH")?, root)?;
    let cwd = env("HOME")
        .map(PathBuf::from)
        .filter(|h| h.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let mut child = Command::new(path)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stdout).take(OUTPUT_LIMIT).read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    // A killed client's own children may still hold the pipe: its reader is left to finish.
    let status = status.filter(|s| s.success())?;
    let out = reader.join().ok()?;
    let _ = status;
    String::from_utf8(out).ok()
}

/// The first executable `program` in a `PATH` list (absolute folders only).
fn find_program(program: &str, path: &str, root: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    std::env::split_paths(path)
        .filter(|d| d.is_absolute())
        .filter(|d| {
            let real = std::fs::canonicalize(d).unwrap_or_else(|_| d.clone());
            !real.starts_with(&root)
        })
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_of_each_client() {
        assert_eq!(
            parse(Ecosystem::Npm, "https://registry.example/npm/\n").as_deref(),
            Some("https://registry.example/npm/")
        );
        assert_eq!(parse(Ecosystem::Npm, "undefined\n"), None);
        assert_eq!(
            parse(Ecosystem::Go, "https://proxy.example/go,direct\n").as_deref(),
            Some("https://proxy.example/go")
        );
        assert_eq!(parse(Ecosystem::Go, "off\n"), None);
        assert_eq!(
            parse(
                Ecosystem::Pypi,
                "global.timeout='60'\nglobal.index-url='https://registry.example/simple/'\n"
            )
            .as_deref(),
            Some("https://registry.example/simple/")
        );
        assert_eq!(
            parse(
                Ecosystem::Rubygems,
                "*** CURRENT SOURCES ***\n\nhttps://registry.example/gems/\n"
            )
            .as_deref(),
            Some("https://registry.example/gems/")
        );
        assert_eq!(
            parse(
                Ecosystem::Nuget,
                "D https://registry.example/old/index.json\nE https://registry.example/v3/index.json\n"
            )
            .as_deref(),
            Some("https://registry.example/v3/index.json")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_client_on_path_is_asked_outside_the_repository_and_a_slow_one_is_cut_off() {
        use std::os::unix::fs::PermissionsExt;
        let bin = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let script = bin.path().join("npm");
        std::fs::write(
            &script,
            "#!/bin/sh\npwd > cwd\necho \"$@\" > args\necho http://127.0.0.1:4873/\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = bin.path().to_string_lossy().into_owned();
        let home_s = home.path().to_string_lossy().into_owned();
        let env = |k: &str| match k {
            "PATH" => Some(path.clone()),
            "HOME" => Some(home_s.clone()),
            _ => None,
        };
        let repo = tempfile::tempdir().unwrap();
        assert_eq!(
            ask(Ecosystem::Npm, &env, repo.path()).as_deref(),
            Some("http://127.0.0.1:4873/")
        );
        let cwd = std::fs::read_to_string(home.path().join("cwd")).unwrap();
        assert_eq!(
            std::fs::canonicalize(cwd.trim()).unwrap(),
            std::fs::canonicalize(home.path()).unwrap()
        );
        assert_eq!(
            std::fs::read_to_string(home.path().join("args")).unwrap(),
            "config get registry\n"
        );
        // Replaced by a rename: rewriting a file just executed can fail with "text file busy".
        let slow = bin.path().join("npm.slow");
        std::fs::write(&slow, "#!/bin/sh\nsleep 30\necho http://127.0.0.1:1/\n").unwrap();
        std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::rename(&slow, &script).unwrap();
        let started = Instant::now();
        assert_eq!(ask(Ecosystem::Npm, &env, repo.path()), None);
        assert!(started.elapsed() < TIMEOUT + Duration::from_secs(2));
        assert_eq!(
            ask(Ecosystem::Go, &env, repo.path()),
            None,
            "not installed: no answer"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_client_on_a_path_folder_inside_the_audited_tree_is_never_run() {
        use std::os::unix::fs::PermissionsExt;
        let repo = tempfile::tempdir().unwrap();
        let bin = repo.path().join("node_modules/.bin");
        std::fs::create_dir_all(&bin).unwrap();
        let marker = repo.path().join("ran");
        let script = bin.join("npm");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ntouch {}\necho http://127.0.0.1:4873/\n",
                marker.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = bin.to_string_lossy().into_owned();
        let env = |k: &str| (k == "PATH").then(|| path.clone());
        assert_eq!(ask(Ecosystem::Npm, &env, repo.path()), None);
        assert!(!marker.exists(), "a program of the audited tree ran");
        // The same program outside the audited tree is the auditor's, and is asked.
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            ask(Ecosystem::Npm, &env, elsewhere.path()).as_deref(),
            Some("http://127.0.0.1:4873/")
        );
    }
}
