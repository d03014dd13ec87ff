//! Shared helpers for the integration tests: run the binary, read its snapshot.

pub mod git;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_quarterdeck"));
    c.env("SOURCE_DATE_EPOCH", "1795357230");
    // The machine's own npm/go/pip must not pick registries for the fixtures.
    c.env("QUARTERDECK_ASK_CLIENTS", "0");
    c
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Run `quarterdeck audit ROOT --out OUT ARGS...`.
pub fn audit(root: &Path, out: &Path, args: &[&str]) -> Output {
    bin()
        .arg("audit")
        .arg(root)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(args)
        .output()
        .expect("run quarterdeck")
}

pub fn read_snapshot(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("snapshot.json")).expect("snapshot.json written");
    serde_json::from_str(&text).expect("snapshot.json is JSON")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
pub mod quarterly;
pub mod registry_server;
pub mod report_fixture;
