//! Trends and portfolios: series of key figures and finding classes over many snapshots of
//! one repository, and the merge of many repositories' snapshots into one portfolio.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::compare::{CompareError, check_same_repository};
use super::figures::FIGURES;
use super::{
    Portfolio, PortfolioRepository, PortfolioRisk, SCHEMA_VERSION, Snapshot, Trend, TrendGap,
    TrendPoint, parse_rfc3339, rfc3339_from_unix,
};

#[derive(Debug, thiserror::Error)]
pub enum TrendError {
    #[error("cannot read folder {path}: {source}")]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Repository(#[from] CompareError),
    #[error("no snapshots given (files, or folders holding *.json snapshots)")]
    Empty,
    #[error(
        "{a} and {b} are both snapshots of repository `{repository}`; merge one snapshot per repository"
    )]
    Duplicate {
        repository: String,
        a: String,
        b: String,
    },
}

/// The snapshot files named: files as given, folders expanded to their `*.json` files (sorted;
/// not recursive). What they hold is checked when they are read.
pub fn snapshot_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, TrendError> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|source| TrendError::ReadDir {
                path: p.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|e| e.extension().is_some_and(|x| x == "json") && e.is_file())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    if out.is_empty() {
        return Err(TrendError::Empty);
    }
    Ok(out)
}

/// The date a snapshot stands for: HEAD's commit date, else when it was generated.
pub fn snapshot_date(s: &Snapshot) -> String {
    s.scan
        .head_date
        .clone()
        .unwrap_or_else(|| s.scan.generated_at.clone())
}

/// `(year, quarter 1-4)` of an RFC 3339 date.
fn quarter(date: &str) -> Option<(i64, i64)> {
    let secs = parse_rfc3339(date)?;
    let d = rfc3339_from_unix(secs);
    let year: i64 = d.get(0..4)?.parse().ok()?;
    let month: i64 = d.get(5..7)?.parse().ok()?;
    Some((year, (month - 1) / 3 + 1))
}

fn quarter_label((y, q): (i64, i64)) -> String {
    format!("{y}-Q{q}")
}

/// The trend of snapshots of one repository, oldest first (refused across repositories unless
/// `allow_different_repo`).
pub fn trend(
    mut snaps: Vec<(String, Snapshot)>,
    allow_different_repo: bool,
) -> Result<Trend, TrendError> {
    if snaps.is_empty() {
        return Err(TrendError::Empty);
    }
    for pair in snaps.windows(2) {
        check_same_repository(&pair[0].1, &pair[1].1, allow_different_repo)?;
    }
    snaps.sort_by(|a, b| {
        (parse_rfc3339(&snapshot_date(&a.1)), &a.0)
            .cmp(&(parse_rfc3339(&snapshot_date(&b.1)), &b.0))
    });
    let mut t = Trend {
        schema_version: SCHEMA_VERSION,
        repository: snaps[0].1.scan.repository.clone(),
        ..Trend::default()
    };
    let mut names: BTreeSet<String> = FIGURES.iter().map(|f| f.name.to_string()).collect();
    let mut rules: BTreeSet<String> = BTreeSet::new();
    let mut categories: BTreeSet<String> = BTreeSet::new();
    for (_, s) in &snaps {
        names.extend(s.figures.keys().cloned());
        rules.extend(s.totals.findings.by_rule.keys().cloned());
        categories.extend(s.findings.iter().map(|f| f.category.as_str().to_string()));
    }
    names.retain(|n| snaps.iter().any(|(_, s)| s.figures.contains_key(n)));
    for (i, (source, s)) in snaps.iter().enumerate() {
        let date = snapshot_date(s);
        let q = quarter(&date);
        t.points.push(TrendPoint {
            label: q.map(quarter_label).unwrap_or_else(|| date.clone()),
            head_commit: s.scan.head_commit.clone(),
            date,
            generated_at: s.scan.generated_at.clone(),
            tool_version: s.tool.version.clone(),
            schema_version: s.schema_version,
            source: source.clone(),
        });
        if i > 0 && snaps[i - 1].1.tool.version != s.tool.version {
            t.tool_version_changes.push(i);
        }
    }
    for n in &names {
        t.figures.insert(
            n.clone(),
            snaps
                .iter()
                .map(|(_, s)| s.figures.get(n).copied())
                .collect(),
        );
    }
    for r in &rules {
        t.rules.insert(
            r.clone(),
            snaps
                .iter()
                .map(|(_, s)| s.totals.findings.by_rule.get(r).copied().unwrap_or(0) as u32)
                .collect(),
        );
    }
    for c in &categories {
        t.categories.insert(
            c.clone(),
            snaps
                .iter()
                .map(|(_, s)| {
                    s.findings
                        .iter()
                        .filter(|f| !f.suppressed && f.category.as_str() == c)
                        .count() as u32
                })
                .collect(),
        );
    }
    if snaps.iter().any(|(_, s)| s.delta.is_some()) {
        type Count = fn(&super::compare_model::ClassCounts) -> u32;
        let classes: [(&str, Count); 5] = [
            ("new", |c| c.new),
            ("worsened", |c| c.worsened),
            ("improved", |c| c.improved),
            ("unchanged", |c| c.unchanged),
            ("resolved", |c| c.resolved),
        ];
        for (name, count) in classes {
            t.changes.insert(
                name.to_string(),
                snaps
                    .iter()
                    .map(|(_, s)| s.delta.as_ref().map(|d| count(&d.findings)))
                    .collect(),
            );
        }
    }
    for i in 1..t.points.len() {
        let (Some(a), Some(b)) = (quarter(&t.points[i - 1].date), quarter(&t.points[i].date))
        else {
            continue;
        };
        let (ia, ib) = (a.0 * 4 + a.1 - 1, b.0 * 4 + b.1 - 1);
        for k in ia + 1..ib {
            t.gaps.push(TrendGap {
                label: quarter_label((k.div_euclid(4), k.rem_euclid(4) + 1)),
                after: i - 1,
                before: i,
            });
        }
    }
    Ok(t)
}

/// How a portfolio grades and phrases each repository's risks (supplied by the reports).
pub struct PortfolioStyle<'a> {
    pub grade: &'a dyn Fn(&Snapshot) -> String,
    /// A repository's risks, riskiest first, each with a score that ranks across repositories.
    pub risks: &'a dyn Fn(&Snapshot) -> Vec<(f64, PortfolioRisk)>,
    pub top: usize,
}

/// Combine one snapshot per repository into a portfolio.
pub fn merge(
    snaps: Vec<(String, Snapshot)>,
    style: &PortfolioStyle,
) -> Result<Portfolio, TrendError> {
    if snaps.is_empty() {
        return Err(TrendError::Empty);
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (source, s) in &snaps {
        let id = s
            .scan
            .remote
            .clone()
            .unwrap_or_else(|| s.scan.repository.clone());
        if let Some(prev) = seen.insert(id, source) {
            return Err(TrendError::Duplicate {
                repository: s.scan.repository.clone(),
                a: prev.to_string(),
                b: source.clone(),
            });
        }
    }
    let mut repositories = Vec::new();
    let mut figures: BTreeMap<String, f64> = BTreeMap::new();
    let mut risks: Vec<(f64, PortfolioRisk)> = Vec::new();
    // Repositories of one name are told apart by their remote or snapshot path.
    let names = super::name::distinct(
        &snaps
            .iter()
            .map(|(source, s)| {
                let locator = s.scan.remote.as_deref().unwrap_or(source.as_str());
                (s.scan.repository.as_str(), locator)
            })
            .collect::<Vec<_>>(),
    );
    for ((source, s), name) in snaps.iter().zip(names) {
        for spec in FIGURES.iter().filter(|f| f.additive) {
            if let Some(v) = s.figures.get(spec.name) {
                *figures.entry(spec.name.to_string()).or_default() += v;
            }
        }
        risks.extend((style.risks)(s).into_iter().map(|(score, mut r)| {
            r.repository.clone_from(&name);
            (score, r)
        }));
        repositories.push(PortfolioRepository {
            repository: name,
            remote: s.scan.remote.clone(),
            head_commit: s.scan.head_commit.clone(),
            generated_at: s.scan.generated_at.clone(),
            grade: (style.grade)(s),
            figures: s.figures.clone(),
            source: source.clone(),
        });
    }
    for v in figures.values_mut() {
        *v = (*v * 100.0).round() / 100.0;
    }
    repositories.sort_by(|a, b| {
        a.repository
            .cmp(&b.repository)
            .then(a.source.cmp(&b.source))
    });
    risks.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.repository.cmp(&b.1.repository))
            .then_with(|| a.1.fingerprint.cmp(&b.1.fingerprint))
    });
    Ok(Portfolio {
        schema_version: SCHEMA_VERSION,
        kind: "portfolio".into(),
        generated_at: super::now_rfc3339(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        repositories,
        figures,
        top_risks: risks.into_iter().take(style.top).map(|(_, r)| r).collect(),
    })
}

/// Read every snapshot of `paths` (a read error names its file).
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<(String, Snapshot)>, super::SnapshotError> {
    paths
        .iter()
        .map(|p| Ok((display(p), super::read::read(p)?.snapshot)))
        .collect()
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
