//! Builtins over the change history: hotspots, knowledge held by one person (or by people
//! who left), and coupling across top-level folders.

use super::{Context, Hit, pct, plural, short};
use crate::util::time::{parse_rfc3339, rfc3339_from_unix};

/// The hotspot files (rank within `top`, or at or above `percentile`), strongest first.
pub fn hotspot(cx: &Context) -> Vec<Hit> {
    let Some(h) = cx.project.available_history() else {
        return Vec::new();
    };
    let changed = h.hotspots.len();
    let mut spots: Vec<_> = cx.hotspots.values().collect();
    spots.sort_by_key(|s| s.rank);
    spots
        .into_iter()
        .map(|s| {
            let lines = cx
                .files
                .iter()
                .find(|f| f.path == s.path)
                .map_or(1, |f| f.lines.lines);
            let mut hit = Hit::file(
                &s.path,
                lines,
                format!(
                    "hotspot #{} of {changed} changed files: {} in the window x total cyclomatic complexity {} (score {:.2})",
                    s.rank,
                    plural(u64::from(s.commits), "commit", "commits"),
                    s.cyclomatic_sum,
                    s.score
                ),
            );
            hit.value = Some(s.score);
            hit
        })
        .collect()
}

/// Hotspots and large files whose window changes are one author's (`min_share` of the lines),
/// or whose authors all left (no commit for `left_months`).
pub fn single_owner(cx: &Context) -> Vec<Hit> {
    if cx.project.available_history().is_none() {
        return Vec::new();
    }
    let min_share = cx.option("min_share", crate::rules::ids::SINGLE_OWNER_MIN_SHARE);
    let min_lines = cx.option("min_lines", 20.0);
    let large = cx.option("large_file_nloc", 500.0);
    let left_months = cx.option("left_months", 6.0);
    let now = cx.project.now.unwrap_or(0);
    let left_before = now - (left_months * 30.0 * 86_400.0) as i64;
    let mut hits = Vec::new();
    for f in cx.files.iter().filter(|f| !f.test) {
        let Some(h) = &f.history else { continue };
        let kind = if cx.hotspots.contains_key(&f.path) {
            "hotspot"
        } else if f64::from(f.lines.code) >= large {
            "large file"
        } else {
            continue;
        };
        let changed = h.lines_added + h.lines_removed;
        let mut reasons = Vec::new();
        if h.main_author_share >= min_share && changed as f64 >= min_lines && h.authors >= 1 {
            reasons.push(format!(
                "{} wrote {} of the {} lines changed in the window ({})",
                h.main_author,
                pct(h.main_author_share),
                changed,
                plural(u64::from(h.authors), "author", "authors")
            ));
        }
        let last_seen: Vec<i64> = h
            .contributors
            .iter()
            .filter_map(|c| parse_rfc3339(&c.last_seen))
            .collect();
        if now > 0
            && !last_seen.is_empty()
            && last_seen.len() == h.contributors.len()
            && last_seen.iter().all(|&t| t < left_before)
        {
            let latest = last_seen.iter().copied().max().unwrap_or(0);
            let months = (now - latest) / (30 * 86_400);
            let names: Vec<&str> = h.contributors.iter().map(|c| c.name.as_str()).collect();
            reasons.push(format!(
                "every author of its changes ({}) has made no commit for {months} months (last {})",
                names.join(", "),
                &rfc3339_from_unix(latest)[..10]
            ));
        }
        if reasons.is_empty() {
            continue;
        }
        let mut hit = Hit::file(
            &f.path,
            f.lines.lines,
            format!(
                "knowledge concentrated in this {kind}: {}",
                reasons.join("; ")
            ),
        );
        hit.value = Some(h.main_author_share);
        hits.push(hit);
    }
    hits
}

/// The first path component (`""` for files at the root).
fn top_folder(path: &str) -> &str {
    path.split_once('/').map_or("", |(top, _)| top)
}

/// Co-changing pairs in different top-level folders; graded by degree against the threshold.
pub fn hidden_coupling(cx: &Context) -> Vec<Hit> {
    let Some(h) = cx.project.available_history() else {
        return Vec::new();
    };
    h.coupling
        .iter()
        .filter(|c| top_folder(&c.a) != top_folder(&c.b))
        .map(|c| {
            let lines = cx
                .files
                .iter()
                .find(|f| f.path == c.a)
                .map_or(1, |f| f.lines.lines);
            let mut hit = Hit::file(
                &c.a,
                lines,
                format!(
                    "changes together with `{}` in {} of its {} commits (degree {}%), across top-level folders `{}` and `{}`",
                    c.b,
                    c.shared_commits,
                    c.commits_a,
                    short(c.degree),
                    display_folder(top_folder(&c.a)),
                    display_folder(top_folder(&c.b)),
                ),
            );
            hit.value = Some(c.degree);
            hit.key = c.b.clone();
            hit
        })
        .collect()
}

fn display_folder(f: &str) -> &str {
    if f.is_empty() { "/" } else { f }
}
