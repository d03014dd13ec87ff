//! Repository-relative, `/`-separated paths: folders, siblings, joins with `..`, and the
//! one-segment `*` / any-depth `**` patterns of workspace member lists.

/// The folder of a relative path (`""` for a file at the root).
pub fn dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The file name of a relative path.
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// `name` in folder `dir` (which may be `""`).
pub fn in_dir(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// `rel` resolved against folder `dir`, with `.` and `..` removed; `None` for an absolute path
/// or one that leaves the repository.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let rel = rel.replace('\\', "/");
    if rel.starts_with('/') || rel.get(1..2) == Some(":") {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The folders above `dir`, nearest first, ending with the root `""` (empty for the root).
pub fn ancestors(dir: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut cur = dir;
    while !cur.is_empty() {
        cur = self::dir(cur);
        out.push(cur);
    }
    out
}

/// `path` relative to the folder `base` (`None` when it is not inside it).
pub fn relative_to<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    if base.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('/')
    }
}

/// Whether a relative folder matches a workspace pattern: `*` stands for any run of characters
/// inside one segment, a `**` segment for any number of segments; `./` prefixes are ignored.
pub fn pattern_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern
        .trim()
        .trim_start_matches("./")
        .trim_end_matches('/');
    let pat: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments_match(&pat, &segs)
}

fn segments_match(pat: &[&str], segs: &[&str]) -> bool {
    match pat.split_first() {
        None => segs.is_empty(),
        Some((&"**", rest)) => (0..=segs.len()).any(|i| segments_match(rest, &segs[i..])),
        Some((p, rest)) => match segs.split_first() {
            Some((s, srest)) => segment_matches(p, s) && segments_match(rest, srest),
            None => false,
        },
    }
}

fn segment_matches(pat: &str, seg: &str) -> bool {
    let parts: Vec<&str> = pat.split('*').collect();
    if parts.len() == 1 {
        return pat == seg;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !seg.starts_with(first) || seg.len() < first.len() + last.len() || !seg.ends_with(last) {
        return false;
    }
    let mut rest = &seg[first.len()..seg.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_folders() {
        assert_eq!(dir("services/billing/Cargo.lock"), "services/billing");
        assert_eq!(dir("Cargo.lock"), "");
        assert_eq!(file_name("services/billing/Cargo.lock"), "Cargo.lock");
        assert_eq!(in_dir("", "Cargo.toml"), "Cargo.toml");
        assert_eq!(in_dir("a/b", "Cargo.toml"), "a/b/Cargo.toml");
        assert_eq!(
            join("req", "../common/./base.txt").as_deref(),
            Some("common/base.txt")
        );
        assert_eq!(join("", "../outside.txt"), None);
        assert_eq!(join("a", "/etc/passwd"), None);
        assert_eq!(ancestors("a/b"), vec!["a", ""]);
        assert!(ancestors("").is_empty());
        assert_eq!(relative_to("packages/ui", "packages"), Some("ui"));
        assert_eq!(relative_to("packages2/ui", "packages"), None);
        assert_eq!(relative_to("packages/ui", ""), Some("packages/ui"));
    }

    #[test]
    fn workspace_patterns() {
        assert!(pattern_matches("crates/*", "crates/ledger"));
        assert!(!pattern_matches("crates/*", "crates/ledger/sub"));
        assert!(pattern_matches("./packages/**", "packages/a/b"));
        assert!(pattern_matches("packages/**", "packages"));
        assert!(pattern_matches("apps/web-*", "apps/web-admin"));
        assert!(!pattern_matches("apps/web-*", "apps/api"));
        assert!(pattern_matches("tools", "tools"));
        assert!(pattern_matches("*a*b*", "xaybz"));
        assert!(!pattern_matches("*ab", "b"));
    }
}
