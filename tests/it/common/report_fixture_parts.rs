//! Builders of the report fixtures' pieces: functions, files, histories, dependencies and
//! findings with realistic defaults.

use super::*;

pub fn static_ref(files: u32) -> Option<FunctionTests> {
    Some(FunctionTests {
        evidence: Evidence::StaticReference,
        coverable_lines: None,
        covered_lines: None,
        coverage: None,
        test_files: Some(files),
    })
}

pub fn covered(coverable: u32, covered: u32) -> Option<FunctionTests> {
    Some(FunctionTests {
        evidence: Evidence::Coverage,
        coverable_lines: Some(coverable),
        covered_lines: Some(covered),
        coverage: Some(f64::from(covered) / f64::from(coverable)),
        test_files: None,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn func(
    qualified: &str,
    start: u32,
    end: u32,
    ccn: u32,
    cog: u32,
    params: u32,
    nesting: u32,
    changes: Option<u32>,
    tests: Option<FunctionTests>,
) -> FunctionMetrics {
    let name = qualified
        .rsplit('.')
        .next()
        .unwrap_or(qualified)
        .to_string();
    FunctionMetrics {
        name,
        qualified_name: qualified.to_string(),
        start_line: start,
        end_line: end,
        body_line: 0,
        anonymous: false,
        cyclomatic: ccn,
        cognitive: cog,
        nloc: (end - start + 1) * 4 / 5,
        params,
        max_nesting: nesting,
        length: end - start + 1,
        changes,
        tests,
    }
}

pub fn history(commits: u32, main: &str, share: f64, bugfix: u32, others: &[&str]) -> FileHistory {
    let mut contributors = vec![Contributor {
        name: main.to_string(),
        commits: commits - others.len() as u32,
        lines: 900,
        last_seen: "2026-09-28T16:12:00Z".into(),
    }];
    for o in others {
        contributors.push(Contributor {
            name: o.to_string(),
            commits: 1,
            lines: 40,
            last_seen: "2026-08-14T09:30:00Z".into(),
        });
    }
    FileHistory {
        commits,
        lines_added: u64::from(commits) * 31,
        lines_removed: u64::from(commits) * 12,
        authors: contributors.len() as u32,
        main_author: main.to_string(),
        main_author_share: share,
        bugfix_commits: bugfix,
        first_change: "2026-07-03T10:00:00Z".into(),
        last_change: "2026-09-28T16:12:00Z".into(),
        renamed_from: vec![],
        contributors,
        change_mapping: ChangeMapping::Functions,
        change_mapping_reason: None,
    }
}

pub fn file(
    path: &str,
    language: &str,
    code: u32,
    functions: Vec<FunctionMetrics>,
    history: Option<FileHistory>,
) -> FileReport {
    let comment = code / 6;
    let blank = code / 8;
    FileReport {
        path: path.to_string(),
        language: language.to_string(),
        test: path.starts_with("tests/"),
        lines: LineCounts {
            lines: code + comment + blank,
            code,
            comment,
            blank,
        },
        parse_errors: false,
        summary: Aggregate::of(&functions),
        functions,
        hits: vec![],
        ignores: vec![],
        identifiers: vec![],
        history,
    }
}

pub fn hotspot(path: &str, rank: u32, score: f64, commits: u32, ccn: u32, cog: u32) -> Hotspot {
    Hotspot {
        path: path.into(),
        rank,
        score,
        percentile: 100.0 - f64::from(rank) * 16.0,
        commits,
        cyclomatic_sum: ccn,
        cognitive_sum: cog,
        nloc: ccn * 20,
    }
}

pub fn dep(
    eco: Ecosystem,
    name: &str,
    version: &str,
    source: &str,
    line: u32,
    direct: bool,
    lag: Lag,
) -> Dependency {
    Dependency {
        ecosystem: eco,
        name: name.into(),
        version: Some(version.into()),
        constraint: direct.then(|| format!("=={version}")),
        direct,
        source: source.into(),
        line,
        dev: false,
        lag,
    }
}

pub fn lag(latest: &str, majors: u32, minors: u32, libyear: f64) -> Lag {
    Lag {
        lag_status: LagStatus::Known,
        lag_source: Some("index".into()),
        latest: Some(latest.into()),
        majors_behind: Some(majors),
        minors_behind: Some(minors),
        patches_behind: Some(0),
        libyear: Some(libyear),
        released: Some("2019-04-01T00:00:00Z".into()),
        latest_released: Some("2026-05-12T00:00:00Z".into()),
        yanked: Some(false),
        deprecated: Some(false),
        latest_age_years: Some(0.4),
        ..Lag::default()
    }
}

#[allow(clippy::too_many_arguments)]
pub fn finding(
    rule: &str,
    severity: Severity,
    category: Category,
    path: &str,
    lines: (u32, u32),
    symbol: Option<&str>,
    message: &str,
    value: Option<(&str, f64, f64)>,
    status: Option<BaselineStatus>,
) -> Finding {
    Finding {
        rule_id: rule.into(),
        severity,
        category,
        path: path.into(),
        start_line: lines.0,
        end_line: lines.1,
        symbol: symbol.map(str::to_string),
        message: message.into(),
        metric: value.map(|v| v.0.to_string()),
        value: value.map(|v| v.1),
        threshold: value.map(|v| v.2),
        fingerprint: fingerprint(rule, path, symbol.unwrap_or(""), "", 0),
        suppressed: false,
        suppression: None,
        content_hash: None,
        baseline_status: status,
    }
}
