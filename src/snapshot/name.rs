//! A repository's display name (README "The snapshot", `scan.repository`): the last meaningful
//! components of its `origin` remote (`owner/name` for a hosted remote, the folder for a path),
//! else the audited folder's name; `[report] name` in the configuration overrides both. The
//! portfolio tells repositories of one name apart (`distinct`).

use std::collections::BTreeMap;

/// Last path components that name no repository: checkout and hosting conventions
/// (`…/billing/repo.git`, `…/ledger/src`, Azure DevOps' `…/_git/…`).
const GENERIC: &[&str] = &[
    "repo",
    "repos",
    "repository",
    "src",
    "source",
    "sources",
    "code",
    "git",
    "_git",
    "scm",
    "project",
    "main",
    "master",
    "trunk",
];

fn is_generic(component: &str) -> bool {
    GENERIC.iter().any(|g| g.eq_ignore_ascii_case(component))
}

/// `repo.git` -> `repo`; `.git` -> `` (the work tree's own git folder).
fn strip_git(component: &str) -> &str {
    let lower = component.to_ascii_lowercase();
    if lower.ends_with(".git") {
        &component[..component.len() - 4]
    } else {
        component
    }
}

/// The path of a remote URL and whether it names a hosted repository (a host, then a path)
/// rather than a folder on this machine or a share.
fn remote_path(url: &str) -> (&str, bool) {
    let url = url.trim();
    if let Some((scheme, rest)) = url.split_once("://") {
        if scheme.eq_ignore_ascii_case("file") {
            return (rest, false);
        }
        // `host[:port]/path`, credentials already gone or dropped here with the host.
        return match rest.split_once('/') {
            Some((_, path)) => (path, true),
            None => ("", true),
        };
    }
    // scp-like `[user@]host:path`: a colon before any slash, and not a Windows drive (`C:\`).
    if let Some((host, path)) = url.split_once(':')
        && !host.contains(['/', '\\'])
        && host.len() > 1
    {
        return (path, true);
    }
    (url, false)
}

/// The display name a remote URL gives: its last two meaningful path components for a hosted
/// remote (`acme/billing`), the last one for a path; `None` when every component is generic.
pub fn from_remote(url: &str) -> Option<String> {
    let (path, hosted) = remote_path(url);
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .map(strip_git)
        .filter(|c| !c.is_empty() && *c != "." && *c != ".." && !c.starts_with('~'))
        .filter(|c| !is_generic(c))
        .collect();
    let keep = if hosted { 2 } else { 1 };
    let tail = &parts[parts.len().saturating_sub(keep)..];
    (!tail.is_empty()).then(|| tail.join("/"))
}

/// A repository's display name: `configured` (trimmed, when not blank), else the remote's
/// name, else `folder` (the audited folder's name, `.git` stripped).
pub fn display_name(configured: Option<&str>, remote: Option<&str>, folder: &str) -> String {
    if let Some(name) = configured.map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_string();
    }
    remote.and_then(from_remote).unwrap_or_else(|| {
        let f = strip_git(folder);
        if f.is_empty() { folder } else { f }.to_string()
    })
}

/// Names that tell every repository apart: each `(name, locator)` keeps its name when no other
/// has it; repositories sharing a name get the part of their locator (remote or snapshot
/// path) that differs appended, `billing (git.example/acme)`, and a number when even the
/// locators are the same.
pub fn distinct(items: &[(&str, &str)]) -> Vec<String> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (name, _)) in items.iter().enumerate() {
        groups.entry(name).or_default().push(i);
    }
    let mut out: Vec<String> = items.iter().map(|(n, _)| n.to_string()).collect();
    for (name, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let split: Vec<Vec<&str>> = members
            .iter()
            .map(|&i| {
                items[i]
                    .1
                    .split(['/', '\\', ':', '@'])
                    .map(strip_git)
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .collect();
        let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
        let common_prefix = (0..shortest)
            .take_while(|&k| split.iter().all(|s| s[k] == split[0][k]))
            .count();
        let common_suffix = (0..shortest - common_prefix)
            .take_while(|&k| {
                split
                    .iter()
                    .all(|s| s[s.len() - 1 - k] == split[0][split[0].len() - 1 - k])
            })
            .count();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (&i, parts) in members.iter().zip(&split) {
            let middle = parts[common_prefix..parts.len() - common_suffix].join("/");
            let mut label = if middle.is_empty() {
                name.to_string()
            } else {
                format!("{name} ({middle})")
            };
            let n = seen.entry(label.clone()).or_default();
            *n += 1;
            if *n > 1 {
                label = format!("{label} #{n}");
            }
            out[i] = label;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_remotes_give_owner_and_name() {
        let cases = [
            ("https://git.example/acme/billing.git", "acme/billing"),
            ("https://git.example/acme/billing", "acme/billing"),
            ("https://git.example/acme/billing/", "acme/billing"),
            ("https://git.example:8443/acme/billing.git", "acme/billing"),
            ("https://ci@git.example/acme/billing.git", "acme/billing"),
            ("http://git.example/scm/acme/billing.git", "acme/billing"),
            ("ssh://git@git.example/acme/billing.git", "acme/billing"),
            (
                "ssh://git@git.example:2222/acme/billing.git",
                "acme/billing",
            ),
            ("git://git.example/acme/billing.git", "acme/billing"),
            ("git@git.example:acme/billing.git", "acme/billing"),
            ("git.example:acme/billing", "acme/billing"),
            ("git@git.example:billing.git", "billing"),
            ("https://git.example/group/sub/billing.git", "sub/billing"),
            // A generic last component is skipped: the meaningful ones before it name it.
            ("https://git.example/acme/billing/repo.git", "acme/billing"),
            ("git@git.example:acme/billing/src.git", "acme/billing"),
            ("https://git.example/acme/ledger/code", "acme/ledger"),
            (
                "https://dev.example/acme/Payroll/_git/Payroll",
                "Payroll/Payroll",
            ),
            ("https://git.example/acme/warehouse/trunk", "acme/warehouse"),
            (
                "https://git.example/acme/warehouse/REPO.GIT",
                "acme/warehouse",
            ),
            ("https://git.example/acme/repo.git", "acme"),
        ];
        for (url, want) in cases {
            assert_eq!(from_remote(url).as_deref(), Some(want), "{url}");
        }
    }

    #[test]
    fn paths_give_the_last_meaningful_folder() {
        let cases = [
            ("/srv/git/billing.git", "billing"),
            ("/srv/git/billing/repo", "billing"),
            ("/srv/git/billing/repo.git", "billing"),
            ("/srv/git/billing/.git", "billing"),
            ("/srv/git/billing/repo/", "billing"),
            ("../billing/src", "billing"),
            ("file:///srv/git/ledger/repo.git", "ledger"),
            ("file://srv/git/ledger.git", "ledger"),
            ("C:\\repos\\payroll\\repo", "payroll"),
            ("C:/repos/payroll.git", "payroll"),
            ("\\\\fileserver\\git\\warehouse\\code", "warehouse"),
            ("~/work/billing", "billing"),
        ];
        for (url, want) in cases {
            assert_eq!(from_remote(url).as_deref(), Some(want), "{url}");
        }
    }

    #[test]
    fn remotes_of_only_generic_components_give_no_name() {
        for url in [
            "https://git.example/repo.git",
            "https://git.example/",
            "https://git.example",
            "/repo",
            "git@git.example:repo.git",
            "",
        ] {
            assert_eq!(from_remote(url), None, "{url}");
        }
    }

    #[test]
    fn configuration_then_remote_then_folder() {
        let remote = Some("https://git.example/acme/billing/repo.git");
        assert_eq!(
            display_name(Some("Billing (EU)"), remote, "repo"),
            "Billing (EU)"
        );
        assert_eq!(display_name(Some("  "), remote, "repo"), "acme/billing");
        assert_eq!(display_name(None, remote, "repo"), "acme/billing");
        assert_eq!(
            display_name(None, Some("https://git.example/repo.git"), "ledger"),
            "ledger"
        );
        assert_eq!(display_name(None, None, "ledger.git"), "ledger");
        assert_eq!(display_name(None, None, "repo"), "repo");
    }

    #[test]
    fn repositories_of_one_name_are_told_apart() {
        let got = distinct(&[
            ("billing", "https://eu.git.example/acme/billing.git"),
            ("ledger", "https://git.example/acme/ledger.git"),
            ("billing", "https://us.git.example/acme/billing.git"),
            ("payroll", "snapshots/a/snapshot.json"),
            ("payroll", "snapshots/b/snapshot.json"),
            ("same", "x/snapshot.json"),
            ("same", "x/snapshot.json"),
        ]);
        assert_eq!(
            got,
            [
                "billing (eu.git.example)",
                "ledger",
                "billing (us.git.example)",
                "payroll (a)",
                "payroll (b)",
                "same",
                "same #2",
            ]
        );
        let unique: std::collections::BTreeSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len());
    }
}
