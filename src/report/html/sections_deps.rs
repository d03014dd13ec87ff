//! View model of the report's dependency section: the lag table (direct dependencies first, then
//! most libyears first) and libyear by lockfile.

use serde::Serialize;

use super::sections::DEPENDENCY_ROWS;
use crate::deps::LagStatus;
use crate::report::text::num;
use crate::snapshot::Snapshot;

#[derive(Debug, Serialize)]
pub struct DependencyRow {
    pub name: String,
    pub ecosystem: &'static str,
    pub version: String,
    pub latest: String,
    pub behind: String,
    pub majors: u32,
    pub libyear: String,
    pub libyear_v: f64,
    pub direct: bool,
    pub source: String,
    pub line: u32,
    pub flags: String,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
pub struct LockfileRow {
    pub path: String,
    pub ecosystem: &'static str,
    pub format: String,
    pub dependencies: u32,
    pub direct: u32,
    pub libyear: String,
    pub behind_major: u32,
    pub unknown: u32,
}

#[derive(Debug, Serialize)]
pub struct DependenciesView {
    pub measured: bool,
    pub rows: Vec<DependencyRow>,
    pub total: usize,
    pub lockfiles: Vec<LockfileRow>,
    pub libyear_total: String,
    pub version_source: String,
    pub omitted: Option<String>,
}

pub fn dependencies(s: &Snapshot) -> DependenciesView {
    use crate::deps::LagClass;
    let mut deps: Vec<&crate::deps::Dependency> = s.dependencies.iter().collect();
    // Direct dependencies first (what the project can act on), each group by libyears.
    deps.sort_by(|a, b| {
        let la = a.lag.libyear.unwrap_or(-1.0);
        let lb = b.lag.libyear.unwrap_or(-1.0);
        b.direct
            .cmp(&a.direct)
            .then_with(|| lb.total_cmp(&la))
            .then_with(|| b.lag.majors_behind.cmp(&a.lag.majors_behind))
            .then_with(|| a.name.cmp(&b.name))
    });
    let total = deps.len();
    let rows = deps
        .into_iter()
        .take(DEPENDENCY_ROWS)
        .map(|d| {
            let l = &d.lag;
            let known = l.lag_status == LagStatus::Known;
            let mut flags = Vec::new();
            if l.yanked == Some(true) {
                flags.push("yanked".to_string());
            }
            if l.deprecated == Some(true) {
                flags.push("deprecated".to_string());
            }
            if d.dev {
                flags.push("dev".to_string());
            }
            if let (false, Some(r)) = (known, &l.lag_reason) {
                flags.push(format!("lag unknown: {r}"));
            }
            DependencyRow {
                name: d.name.clone(),
                ecosystem: d.ecosystem.as_str(),
                version: d
                    .version
                    .clone()
                    .or_else(|| d.constraint.clone())
                    .unwrap_or_default(),
                latest: l.latest.clone().unwrap_or_default(),
                behind: if known {
                    format!(
                        "{} major, {} minor, {} patch",
                        l.majors_behind.unwrap_or(0),
                        l.minors_behind.unwrap_or(0),
                        l.patches_behind.unwrap_or(0)
                    )
                } else {
                    "unknown".into()
                },
                majors: l.majors_behind.unwrap_or(0),
                libyear: l.libyear.map(|v| num(v, 1)).unwrap_or_else(|| "–".into()),
                libyear_v: l.libyear.unwrap_or(-1.0),
                direct: d.direct,
                source: d.source.clone(),
                line: d.line,
                flags: flags.join(", "),
                status: match l.lag_status {
                    LagStatus::Known => "known",
                    LagStatus::Unknown => "unknown",
                    LagStatus::NotLooked => "not looked up",
                },
            }
        })
        .collect();
    let dt = s.dependency_totals.as_ref();
    DependenciesView {
        measured: dt.is_some() || total > 0,
        omitted: (total > DEPENDENCY_ROWS).then(|| {
            format!("The first {DEPENDENCY_ROWS} of {total} are shown (direct dependencies first, then by libyears); snapshot.json lists all.")
        }),
        rows,
        total,
        lockfiles: dt
            .map(|t| {
                t.lockfiles
                    .iter()
                    .map(|l| LockfileRow {
                        path: l.path.clone(),
                        ecosystem: l.ecosystem.as_str(),
                        format: l.format.clone(),
                        dependencies: l.totals.dependencies,
                        direct: l.totals.direct,
                        libyear: l.totals.libyear.map_or_else(|| "–".into(), |v| num(v, 1)),
                        behind_major: l.totals.by_class.get(&LagClass::MajorBehind).copied().unwrap_or(0),
                        unknown: l.totals.by_class.get(&LagClass::Unknown).copied().unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        libyear_total: dt
            .and_then(|t| t.totals.libyear)
            .map(|v| num(v, 1))
            .unwrap_or_default(),
        version_source: dt.map(|t| t.version_source.clone()).unwrap_or_default(),
    }
}
