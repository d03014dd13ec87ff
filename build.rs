//! Embeds the built-in rules: every `rules/**/*.toml` becomes one `(path, text)` entry of
//! `$OUT_DIR/embedded_rules.rs`, so adding a rule file needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    if rules.is_dir() {
        collect(&rules, &mut files)?;
    }
    files.sort();
    let mut src = String::from("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(
            src,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )?;
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(out, src)?;
    Ok(())
}
