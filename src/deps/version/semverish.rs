//! Semver forms of npm (leading `v`/`=`, loose pre-release) and Go (`v` prefix, `+incompatible`,
//! pseudo-versions, which semver precedence already orders by base and timestamp).

/// An npm version: strict semver first, then the loose forms npm accepts (`=v1.2.3`,
/// `1.2.3beta.1`, `01.2.3`).
pub fn parse_npm(text: &str) -> Option<semver::Version> {
    let t = text.trim().trim_start_matches('=').trim_start();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    semver::Version::parse(t)
        .ok()
        .or_else(|| semver::Version::parse(&loosen(t)?).ok())
}

/// A Go module version: `v` + semver. `+incompatible` is build metadata (ignored by precedence);
/// a pseudo-version is a pre-release of its base and orders by its timestamp.
pub fn parse_go(text: &str) -> Option<semver::Version> {
    let t = text.trim();
    let t = t.strip_prefix('v').unwrap_or(t);
    semver::Version::parse(t).ok()
}

/// Whether a Go version is a pseudo-version (`v0.0.0-20191109021931-daa7c04131f5`,
/// `v1.2.4-0.20191109021931-daa7c04131f5`, `v1.2.3-pre.0.20191109021931-daa7c04131f5`).
pub fn is_go_pseudo(text: &str) -> bool {
    let core = text.split('+').next().unwrap_or(text);
    let Some((_, tail)) = core.rsplit_once(['-', '.']) else {
        return false;
    };
    if !(tail.len() == 12 && tail.bytes().all(|b| b.is_ascii_hexdigit())) {
        return false;
    }
    let head = &core[..core.len() - tail.len() - 1];
    let stamp = head.rsplit(['-', '.']).next().unwrap_or("");
    stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit())
}

/// npm's loose form: three dot-separated numbers (leading zeros dropped), then an optional
/// pre-release that may omit its `-`, then optional build metadata.
fn loosen(t: &str) -> Option<String> {
    let core_len = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (core, rest) = t.split_at(core_len);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let nums: Vec<&str> = parts
        .iter()
        .map(|p| {
            let s = p.trim_start_matches('0');
            if s.is_empty() { "0" } else { s }
        })
        .collect();
    let rest = rest.trim();
    let tail = if rest.is_empty() || rest.starts_with(['-', '+']) {
        rest.to_string()
    } else {
        format!("-{rest}")
    };
    Some(format!("{}{tail}", nums.join(".")))
}
