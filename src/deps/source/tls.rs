//! The certificates registry TLS trusts: the operating system's store, `SSL_CERT_FILE` /
//! `SSL_CERT_DIR`, and `[dependencies] ca_file` (README "Dependencies"). With none of them (a
//! machine without a certificate store) the client keeps its bundled Mozilla roots.

use std::path::{Path, PathBuf};

use ureq::tls::{PemItem, parse_pem};

/// Trusted roots, and what could not be read (each one problem for the caller).
#[derive(Debug, Default)]
pub struct Roots {
    /// DER certificates.
    pub certs: Vec<Vec<u8>>,
    pub problems: Vec<String>,
}

/// The roots: the platform's (through `rustls-native-certs`, which also reads the process's
/// `SSL_CERT_FILE`/`SSL_CERT_DIR`), then `cert_file` and every file of `cert_dirs` (the
/// auditor's `SSL_CERT_FILE` and `SSL_CERT_DIR`), then `ca_file`. Empty `certs`: use the
/// bundled roots.
pub fn roots(cert_file: Option<&Path>, cert_dirs: Option<&str>, ca_file: Option<&Path>) -> Roots {
    let mut out = Roots::default();
    let native = rustls_native_certs::load_native_certs();
    out.certs
        .extend(native.certs.iter().map(|c| c.as_ref().to_vec()));
    if let Some(file) = cert_file {
        add_file(&mut out, file, "SSL_CERT_FILE");
    }
    if let Some(dirs) = cert_dirs.filter(|d| !d.is_empty()) {
        for dir in std::env::split_paths(dirs) {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
                Err(e) => {
                    out.problems.push(format!(
                        "SSL_CERT_DIR {} cannot be read: {e}",
                        dir.display()
                    ));
                    continue;
                }
            };
            files.sort();
            for f in files.iter().filter(|f| f.is_file()) {
                // A hashed store also holds non-certificate files: only readable PEM counts.
                if let Ok(bytes) = std::fs::read(f) {
                    add_pem(&mut out.certs, &bytes);
                }
            }
        }
    }
    if let Some(file) = ca_file {
        add_file(&mut out, file, "[dependencies] ca_file");
    }
    out
}

fn add_file(out: &mut Roots, file: &Path, what: &str) {
    match std::fs::read(file) {
        Ok(bytes) => {
            if add_pem(&mut out.certs, &bytes) == 0 {
                out.problems.push(format!(
                    "{what} {} holds no PEM certificate",
                    file.display()
                ));
            }
        }
        Err(e) => out
            .problems
            .push(format!("{what} {} cannot be read: {e}", file.display())),
    }
}

/// Add every certificate of a PEM file; how many there were.
fn add_pem(certs: &mut Vec<Vec<u8>>, bytes: &[u8]) -> usize {
    let mut n = 0;
    for item in parse_pem(bytes).flatten() {
        if let PemItem::Certificate(c) = item {
            certs.push(c.der().to_vec());
            n += 1;
        }
    }
    n
}
