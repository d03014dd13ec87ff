//! Rankings over the window's counts: hotspots (change frequency x complexity) and temporal
//! coupling pairs (code-maat's degree), both strongest first and deterministic.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::model::{Coupling, Hotspot};
use crate::config::HistoryConfig;
use crate::model::FileReport;

/// Rank measured files by change frequency x complexity (CodeScene's hotspot, "Your Code as a
/// Crime Scene").
///
/// Candidates are the measured files with at least one commit in the window that are not test
/// files (`FileReport.test`). For each candidate:
///
/// `score = (commits / max commits) x (cyclomatic_sum / max cyclomatic_sum)`
///
/// where both maxima are taken over the candidates (a factor is 0 when its maximum is 0), so
/// the score lies in 0..=1 and the file that is both the most changed and the most complex
/// scores 1. `percentile` = share of candidates with a strictly lower score x 100. Rank 1 is
/// the highest score; equal scores are ordered by path.
pub fn rank_hotspots(files: &[FileReport]) -> Vec<Hotspot> {
    let candidates: Vec<(&FileReport, u32)> = files
        .iter()
        .filter(|f| !f.test)
        .filter_map(|f| f.history.as_ref().map(|h| (f, h.commits)))
        .filter(|&(_, c)| c > 0)
        .collect();
    let max_commits = candidates.iter().map(|&(_, c)| c).max().unwrap_or(0);
    let max_cc = candidates
        .iter()
        .map(|(f, _)| f.summary.cyclomatic_sum)
        .max()
        .unwrap_or(0);
    let ratio = |v: u32, max: u32| {
        if max == 0 {
            0.0
        } else {
            f64::from(v) / f64::from(max)
        }
    };
    let mut spots: Vec<Hotspot> = candidates
        .iter()
        .map(|&(f, commits)| Hotspot {
            path: f.path.clone(),
            rank: 0,
            score: ratio(commits, max_commits) * ratio(f.summary.cyclomatic_sum, max_cc),
            percentile: 0.0,
            commits,
            cyclomatic_sum: f.summary.cyclomatic_sum,
            cognitive_sum: f.summary.cognitive_sum,
            nloc: f.summary.nloc_sum,
        })
        .collect();
    spots.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.path.cmp(&b.path))
    });
    let n = spots.len();
    // Sorted by descending score: the files below a run of equal scores are the lower ones.
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && spots[j].score == spots[i].score {
            j += 1;
        }
        let lower = n - j;
        for s in &mut spots[i..j] {
            s.percentile = lower as f64 / n as f64 * 100.0;
        }
        i = j;
    }
    for (k, s) in spots.iter_mut().enumerate() {
        s.rank = k as u32 + 1;
    }
    spots
}

/// code-maat's coupling over the counted pairs: both files have at least
/// `coupling_min_revisions` commits, the pair at least `coupling_min_shared` shared ones, and
/// `degree = shared / ((commits_a + commits_b) / 2) x 100 >= coupling_min_degree`; strongest
/// first (degree, shared, paths), at most `coupling_max_pairs`.
pub fn coupling(
    pairs: &HashMap<(u32, u32), u32>,
    commits: impl Fn(u32) -> u32,
    path: impl Fn(u32) -> String,
    cfg: &HistoryConfig,
) -> Vec<Coupling> {
    let mut out: Vec<Coupling> = pairs
        .iter()
        .filter_map(|(&(a, b), &shared)| {
            let (ca, cb) = (commits(a), commits(b));
            if ca < cfg.coupling_min_revisions
                || cb < cfg.coupling_min_revisions
                || shared < cfg.coupling_min_shared
            {
                return None;
            }
            let degree = f64::from(shared) / ((f64::from(ca) + f64::from(cb)) / 2.0) * 100.0;
            if degree < cfg.coupling_min_degree {
                return None;
            }
            let (pa, pb) = (path(a), path(b));
            let ((a, ca), (b, cb)) = if pa <= pb {
                ((pa, ca), (pb, cb))
            } else {
                ((pb, cb), (pa, ca))
            };
            Some(Coupling {
                a,
                b,
                shared_commits: shared,
                commits_a: ca,
                commits_b: cb,
                degree,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.degree
            .partial_cmp(&x.degree)
            .unwrap_or(Ordering::Equal)
            .then_with(|| y.shared_commits.cmp(&x.shared_commits))
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    out.truncate(cfg.coupling_max_pairs);
    out
}
