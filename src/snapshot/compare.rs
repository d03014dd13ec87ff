//! Comparing a snapshot with its baseline: findings matched in ranked steps and classified,
//! key-figure deltas, resolved findings, rule-configuration changes (README "Quarter over quarter").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::fingerprint::stable_symbol;
use super::read::ReadSnapshot;
use super::{
    BaselineInfo, BaselineStatus, ClassCounts, Delta, FigureDelta, RuleChange, RuleInfo,
    SCHEMA_VERSION, Snapshot,
};
use crate::rules::Finding;

/// How two snapshots are compared.
#[derive(Debug, Clone, Copy)]
pub struct CompareOptions {
    /// A matched finding's metric must move by more than this share of its old value to be
    /// worsened or improved (0.05 = 5%).
    pub tolerance: f64,
    /// Compare snapshots of different repositories anyway.
    pub allow_different_repo: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            tolerance: 0.05,
            allow_different_repo: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error(
        "the baseline is a snapshot of `{old}`, this one of `{new}`; pass --allow-different-repo to compare them anyway"
    )]
    DifferentRepository { old: String, new: String },
}

/// The repository identity of a snapshot: its remote (without `.git`, case-folded host part
/// kept simple) when it has one, else its name.
fn identity(s: &Snapshot) -> String {
    match &s.scan.remote {
        Some(r) => r.trim_end_matches('/').trim_end_matches(".git").to_string(),
        None => s.scan.repository.clone(),
    }
}

/// Refuse snapshots of different repositories unless allowed.
pub fn check_same_repository(
    old: &Snapshot,
    new: &Snapshot,
    allow: bool,
) -> Result<(), CompareError> {
    if allow {
        return Ok(());
    }
    let (a, b) = (identity(old), identity(new));
    let comparable = old.scan.remote.is_some() == new.scan.remote.is_some();
    // Without a remote the name is the folder's unless `[report] name` renamed it: the same
    // folder is the same repository whatever it is called (README "Repository names").
    let folder = |s: &Snapshot| {
        Path::new(&s.scan.root)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    };
    let same_folder = folder(old).is_some() && folder(old) == folder(new);
    let differ = if comparable && old.scan.remote.is_some() {
        a != b
    } else {
        old.scan.repository != new.scan.repository && !same_folder
    };
    if differ && !a.is_empty() && !b.is_empty() {
        return Err(CompareError::DifferentRepository { old: a, new: b });
    }
    Ok(())
}

/// Old path -> current path for every rename the new snapshot's history recorded.
pub fn renames(new: &Snapshot) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in &new.files {
        if let Some(h) = &f.history {
            for old in &h.renamed_from {
                out.insert(old.clone(), f.path.clone());
            }
        }
    }
    out
}

/// Compare `new` with the baseline `old` read from `old_path`, filling `new.baseline`,
/// `new.delta` and every finding's `baseline_status`.
pub fn compare(
    old: &ReadSnapshot,
    old_path: &str,
    new: &mut Snapshot,
    opts: &CompareOptions,
) -> Result<(), CompareError> {
    let base = &old.snapshot;
    check_same_repository(base, new, opts.allow_different_repo)?;
    let renames = renames(new);
    let pairs = match_findings(&base.findings, &new.findings, &renames);
    let rules: HashMap<&str, &RuleInfo> = new.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut counts = ClassCounts::default();
    let mut statuses = vec![BaselineStatus::New; new.findings.len()];
    let mut matched_old = vec![false; base.findings.len()];
    for &(oi, ni) in &pairs {
        matched_old[oi] = true;
        let lower_is_worse = rules
            .get(new.findings[ni].rule_id.as_str())
            .is_some_and(|r| r.lower_is_worse);
        statuses[ni] = classify(
            &base.findings[oi],
            &new.findings[ni],
            lower_is_worse,
            opts.tolerance,
        );
    }
    for (f, s) in new.findings.iter_mut().zip(statuses) {
        f.baseline_status = Some(s);
        match s {
            BaselineStatus::New => counts.new += 1,
            BaselineStatus::Unchanged => counts.unchanged += 1,
            BaselineStatus::Worsened => counts.worsened += 1,
            BaselineStatus::Improved => counts.improved += 1,
        }
    }
    let resolved: Vec<Finding> = base
        .findings
        .iter()
        .zip(&matched_old)
        .filter(|(_, m)| !**m)
        .map(|(f, _)| {
            let mut f = f.clone();
            f.baseline_status = None;
            f
        })
        .collect();
    counts.resolved = resolved.len() as u32;
    let figures = base
        .figures
        .iter()
        .filter_map(|(k, &o)| {
            let n = *new.figures.get(k)?;
            Some((
                k.clone(),
                FigureDelta {
                    old: o,
                    new: n,
                    delta: ((n - o) * 100.0).round() / 100.0,
                },
            ))
        })
        .collect();
    new.baseline = Some(BaselineInfo {
        path: old_path.to_string(),
        head_commit: base.scan.head_commit.clone(),
        commit_date: base.scan.head_date.clone(),
        generated_at: base.scan.generated_at.clone(),
        digest: old.digest.clone(),
        schema_version: old.migrated_from.unwrap_or(SCHEMA_VERSION),
        tool_version: base.tool.version.clone(),
    });
    let mut rule_changes = rule_changes(&base.rules, &new.rules);
    let definitions = (base.tool.metrics_definition, new.tool.metrics_definition);
    if definitions.0 != definitions.1 {
        // Every metric rule's values moved with the definition (README, Metrics).
        rule_changes.push(RuleChange {
            rule_id: "metrics".into(),
            change: "definition".into(),
            old: Some(format!("metrics definition {}", definitions.0)),
            new: Some(format!("metrics definition {}", definitions.1)),
        });
    }
    new.delta = Some(Delta {
        figures,
        findings: counts,
        resolved,
        rule_changes,
        renames: renames
            .into_iter()
            .filter(|(o, _)| base.files.iter().any(|f| &f.path == o))
            .collect(),
        tool_version_changed: base.tool.version != new.tool.version
            || definitions.0 != definitions.1,
    });
    Ok(())
}

/// Worsened/improved by severity first, then by the metric value past the tolerance.
fn classify(old: &Finding, new: &Finding, lower_is_worse: bool, tolerance: f64) -> BaselineStatus {
    if new.severity > old.severity {
        return BaselineStatus::Worsened;
    }
    if new.severity < old.severity {
        return BaselineStatus::Improved;
    }
    let (Some(o), Some(n)) = (old.value, new.value) else {
        return BaselineStatus::Unchanged;
    };
    let moved = (n - o).abs() > tolerance * o.abs() && (n - o).abs() > 1e-9;
    if !moved {
        return BaselineStatus::Unchanged;
    }
    if (n > o) != lower_is_worse {
        BaselineStatus::Worsened
    } else {
        BaselineStatus::Improved
    }
}

/// Pairs (old index, new index), matched in SonarQube's ranked steps: the exact fingerprint;
/// then the same rule and stable symbol (and matched text, for query rules) in the same (or
/// renamed) file; then the same rule and matched-text hash in that file (a renamed function).
/// Within a step, equals pair up in line order.
pub fn match_findings(
    old: &[Finding],
    new: &[Finding],
    renames: &BTreeMap<String, String>,
) -> Vec<(usize, usize)> {
    let mut old_free = vec![true; old.len()];
    let mut new_free = vec![true; new.len()];
    let mut pairs = Vec::new();
    let path_of = |f: &Finding| {
        renames
            .get(&f.path)
            .cloned()
            .unwrap_or_else(|| f.path.clone())
    };
    type Key = (String, String, String);
    type Step<'s> = &'s dyn Fn(&Finding, bool) -> Option<Key>;
    let steps: [Step; 3] = [
        &|f, _| Some((f.fingerprint.clone(), String::new(), String::new())),
        &|f, is_old| {
            let path = if is_old { path_of(f) } else { f.path.clone() };
            // A query finding also keeps its matched text: another TODO in the same
            // function is a new finding, not this one moved.
            let symbol = stable_symbol(f.symbol.as_deref().unwrap_or(""));
            let content = f.content_hash.as_deref().unwrap_or("");
            Some((f.rule_id.clone(), path, format!("{symbol}\0{content}")))
        },
        &|f, is_old| {
            let path = if is_old { path_of(f) } else { f.path.clone() };
            f.content_hash
                .as_ref()
                .map(|h| (f.rule_id.clone(), path, h.clone()))
        },
    ];
    for step in steps {
        let mut index: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, f) in new.iter().enumerate().filter(|(i, _)| new_free[*i]) {
            if let Some(k) = step(f, false) {
                index.entry(k).or_default().push(i);
            }
        }
        for list in index.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse((new[i].start_line, i)));
        }
        let mut olds: Vec<usize> = (0..old.len()).filter(|&i| old_free[i]).collect();
        olds.sort_by_key(|&i| (old[i].start_line, i));
        for oi in olds {
            let Some(k) = step(&old[oi], true) else {
                continue;
            };
            if let Some(ni) = index.get_mut(&k).and_then(Vec::pop) {
                old_free[oi] = false;
                new_free[ni] = false;
                pairs.push((oi, ni));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Rules configured differently in the two runs (nothing when the baseline recorded none).
pub fn rule_changes(old: &[RuleInfo], new: &[RuleInfo]) -> Vec<RuleChange> {
    if old.is_empty() {
        return Vec::new();
    }
    let old_by: BTreeMap<&str, &RuleInfo> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_by: BTreeMap<&str, &RuleInfo> = new.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = Vec::new();
    let change = |id: &str, what: &str, o: Option<String>, n: Option<String>| RuleChange {
        rule_id: id.to_string(),
        change: what.to_string(),
        old: o,
        new: n,
    };
    for (id, n) in &new_by {
        match old_by.get(id) {
            None => out.push(change(id, "added", None, Some(n.thresholds_text()))),
            Some(o) => {
                if o.enabled != n.enabled {
                    let what = if n.enabled { "enabled" } else { "disabled" };
                    out.push(change(id, what, None, None));
                }
                if o.thresholds_text() != n.thresholds_text() {
                    out.push(change(
                        id,
                        "thresholds",
                        Some(o.thresholds_text()),
                        Some(n.thresholds_text()),
                    ));
                }
                if o.severity != n.severity && o.bands.is_empty() && n.bands.is_empty() {
                    out.push(change(
                        id,
                        "severity",
                        Some(o.severity.as_str().into()),
                        Some(n.severity.as_str().into()),
                    ));
                }
            }
        }
    }
    for id in old_by.keys().filter(|id| !new_by.contains_key(*id)) {
        out.push(change(id, "removed", None, None));
    }
    out
}
