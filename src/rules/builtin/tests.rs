//! The project builtins on hand-made files, history and dependency lists: exact findings,
//! messages, severities, options and what keeps each rule quiet.

use super::*;
use crate::deps::{Ecosystem, Lag};
use crate::history::{ChangeMapping, Contributor, Coupling, FileHistory, Window, WindowSource};
use crate::metrics::{Aggregate, FunctionMetrics, LineCounts};
use crate::rules::{Finding, RuleSet, Suppressions, eval::evaluate_with};
use crate::tests_evidence::{Evidence, FunctionTests};
use crate::util::time::parse_rfc3339;

fn func(
    name: &str,
    start: u32,
    ccn: u32,
    changes: Option<u32>,
    tests: Option<FunctionTests>,
) -> FunctionMetrics {
    FunctionMetrics {
        name: name.into(),
        qualified_name: format!("Ledger.{name}"),
        start_line: start,
        end_line: start + 20,
        body_line: 0,
        anonymous: false,
        cyclomatic: ccn,
        cognitive: ccn,
        nloc: 18,
        params: 2,
        max_nesting: 2,
        length: 21,
        changes,
        tests,
    }
}

fn history(
    commits: u32,
    main: &str,
    share: f64,
    lines: u64,
    contributors: &[(&str, &str)],
) -> FileHistory {
    FileHistory {
        commits,
        lines_added: lines / 2,
        lines_removed: lines - lines / 2,
        authors: contributors.len() as u32,
        main_author: main.into(),
        main_author_share: share,
        bugfix_commits: 0,
        first_change: "2026-09-01T09:00:00Z".into(),
        last_change: "2026-11-20T09:00:00Z".into(),
        renamed_from: Vec::new(),
        contributors: contributors
            .iter()
            .map(|(n, seen)| Contributor {
                name: n.to_string(),
                commits: 1,
                lines: 1,
                last_seen: seen.to_string(),
            })
            .collect(),
        change_mapping: ChangeMapping::Functions,
        change_mapping_reason: None,
    }
}

fn file(
    path: &str,
    code: u32,
    functions: Vec<FunctionMetrics>,
    h: Option<FileHistory>,
) -> FileReport {
    FileReport {
        path: path.into(),
        language: "python".into(),
        test: false,
        lines: LineCounts {
            lines: code + 10,
            code,
            comment: 5,
            blank: 5,
        },
        parse_errors: false,
        summary: Aggregate::of(&functions),
        functions,
        hits: Vec::new(),
        ignores: Vec::new(),
        identifiers: Vec::new(),
        history: h,
    }
}

fn summary(hotspots: Vec<Hotspot>, coupling: Vec<Coupling>) -> HistorySummary {
    HistorySummary {
        status: HistoryStatus::Available,
        reason: None,
        window: Some(Window {
            since: "2026-08-24T00:00:00Z".into(),
            until: "2026-11-22T00:00:00Z".into(),
            source: WindowSource::Default,
        }),
        commits: 120,
        merges: 4,
        authors: 5,
        active_files: 40,
        bugfix_commits: 12,
        reverts: 1,
        bugfix_pattern: String::new(),
        files_mapped: 3,
        files_file_level: 0,
        hotspots,
        coupling,
    }
}

fn spot(path: &str, rank: u32, commits: u32, score: f64) -> Hotspot {
    Hotspot {
        path: path.into(),
        rank,
        score,
        percentile: 100.0 - f64::from(rank) * 10.0,
        commits,
        cyclomatic_sum: 100,
        cognitive_sum: 120,
        nloc: 400,
    }
}

fn run(ids: &[&str], files: &[FileReport], project: &Project) -> Vec<Finding> {
    let set = RuleSet::builtin().unwrap().only(ids).unwrap();
    evaluate_with(&set, files, project, &Suppressions::none())
}

fn run_with(ids: &[&str], config: &str, files: &[FileReport], project: &Project) -> Vec<Finding> {
    let cfg: crate::config::Config = toml::from_str(config).unwrap();
    let set = RuleSet::load(&crate::rules::LoadOptions {
        dirs: &[],
        config: Some(&cfg.rules),
        config_path: None,
    })
    .unwrap()
    .only(ids)
    .unwrap();
    evaluate_with(&set, files, project, &Suppressions::none())
}

const NOW: &str = "2026-11-22T00:00:00Z";

#[test]
fn hotspots_are_the_top_ranked_files_with_enough_commits() {
    let h = summary(
        vec![
            spot("billing/invoice.py", 1, 41, 0.82),
            spot("billing/tax.py", 2, 12, 0.40),
            spot("ledger/post.py", 3, 1, 0.30),
        ],
        Vec::new(),
    );
    let project = Project {
        history: Some(&h),
        now: parse_rfc3339(NOW),
        ..Project::default()
    };
    let files = vec![file("billing/invoice.py", 300, vec![], None)];
    let found = run(&["change-risk/hotspot"], &files, &project);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "billing/invoice.py",
                "hotspot #1 of 3 changed files: 41 commits in the window x total cyclomatic complexity 100 (score 0.82)"
            ),
            (
                "billing/tax.py",
                "hotspot #2 of 3 changed files: 12 commits in the window x total cyclomatic complexity 100 (score 0.40)"
            ),
        ],
        "ledger/post.py has 1 commit, below min_commits = 2"
    );
    assert!(found.iter().all(|f| f.severity == Severity::High));
    assert_eq!(found[0].end_line, 310, "spans the measured file");
    let top1 = run_with(
        &["change-risk/hotspot"],
        "[rules.override.\"change-risk/hotspot\"]\noptions = { top = 1 }\n",
        &files,
        &project,
    );
    assert_eq!(top1.len(), 1);
    let none = run(&["change-risk/hotspot"], &files, &Project::default());
    assert!(none.is_empty(), "no history, no hotspot");
}

#[test]
fn an_unknown_option_override_is_an_error_naming_the_options() {
    let cfg: crate::config::Config =
        toml::from_str("[rules.override.\"change-risk/hotspot\"]\noptions = { tpo = 3 }\n")
            .unwrap();
    let err = RuleSet::load(&crate::rules::LoadOptions {
        dirs: &[],
        config: Some(&cfg.rules),
        config_path: None,
    })
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("no option `tpo`"), "{err}");
    assert!(err.contains("min_commits, percentile, top"), "{err}");
}

#[test]
fn single_owner_flags_hotspots_and_large_files_held_by_one_author_or_by_leavers() {
    let h = summary(vec![spot("billing/invoice.py", 1, 9, 0.9)], Vec::new());
    let project = Project {
        history: Some(&h),
        now: parse_rfc3339(NOW),
        ..Project::default()
    };
    let files = vec![
        // Hotspot, one author wrote 92% of 430 changed lines.
        file(
            "billing/invoice.py",
            300,
            vec![],
            Some(history(
                9,
                "Dana Whit",
                0.92,
                430,
                &[("Dana Whit", NOW), ("Ole Berg", NOW)],
            )),
        ),
        // Large file, shared authorship: quiet.
        file(
            "ledger/batch.py",
            800,
            vec![],
            Some(history(
                6,
                "Ole Berg",
                0.55,
                300,
                &[("Ole Berg", NOW), ("Dana Whit", NOW)],
            )),
        ),
        // Large file whose only authors left 8 months ago (a long window).
        file(
            "payroll/legacy.py",
            900,
            vec![],
            Some(history(
                2,
                "Kim Lau",
                0.6,
                10,
                &[
                    ("Kim Lau", "2026-03-10T12:00:00Z"),
                    ("Per Holm", "2026-02-01T08:00:00Z"),
                ],
            )),
        ),
        // Small non-hotspot file held by one author: quiet.
        file(
            "util/fmt.py",
            40,
            vec![],
            Some(history(3, "Dana Whit", 1.0, 50, &[("Dana Whit", NOW)])),
        ),
    ];
    let found = run(&["knowledge/single-owner"], &files, &project);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "billing/invoice.py",
                "knowledge concentrated in this hotspot: Dana Whit wrote 92% of the 430 lines changed in the window (2 authors)"
            ),
            (
                "payroll/legacy.py",
                "knowledge concentrated in this large file: every author of its changes (Kim Lau, Per Holm) has made no commit for 8 months (last 2026-03-10)"
            ),
        ]
    );
}

#[test]
fn hidden_coupling_needs_different_top_level_folders_and_a_degree_past_the_threshold() {
    let pair = |a: &str, b: &str, shared: u32, degree: f64| Coupling {
        a: a.into(),
        b: b.into(),
        shared_commits: shared,
        commits_a: 10,
        commits_b: 10,
        degree,
    };
    let h = summary(
        Vec::new(),
        vec![
            pair("api/invoice_handler.py", "web/invoice_form.js", 8, 80.0),
            pair("billing/tax.py", "billing/rates.py", 9, 90.0),
            pair("api/stock.py", "jobs/restock.py", 4, 40.0),
            pair("setup.py", "billing/version.py", 6, 60.0),
        ],
    );
    let project = Project {
        history: Some(&h),
        ..Project::default()
    };
    let found = run(&["change-risk/hidden-coupling"], &[], &project);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "api/invoice_handler.py",
                "changes together with `web/invoice_form.js` in 8 of its 10 commits (degree 80%), across top-level folders `api` and `web`"
            ),
            (
                "setup.py",
                "changes together with `billing/version.py` in 6 of its 10 commits (degree 60%), across top-level folders `/` and `billing`"
            ),
        ],
        "same-folder pairs and degrees of 50 or less are quiet"
    );
    assert_ne!(found[0].fingerprint, found[1].fingerprint);
}

fn cov(covered: u32, coverable: u32) -> Option<FunctionTests> {
    Some(FunctionTests {
        evidence: Evidence::Coverage,
        coverable_lines: Some(coverable),
        covered_lines: Some(covered),
        coverage: (coverable > 0).then(|| f64::from(covered) / f64::from(coverable)),
        test_files: None,
    })
}

fn refs(n: u32) -> Option<FunctionTests> {
    Some(FunctionTests {
        evidence: Evidence::StaticReference,
        coverable_lines: None,
        covered_lines: None,
        coverage: None,
        test_files: Some(n),
    })
}

#[test]
fn untested_hot_paths_say_which_evidence_they_rest_on() {
    let h = summary(vec![spot("billing/invoice.py", 1, 9, 0.9)], Vec::new());
    let project = Project {
        history: Some(&h),
        ..Project::default()
    };
    let files = vec![
        file(
            "billing/invoice.py",
            300,
            vec![
                func("post", 10, 23, Some(7), cov(4, 33)), // changed, low coverage
                func("settle", 40, 14, Some(0), cov(30, 33)), // hotspot, well covered
                func("round", 70, 12, Some(0), cov(0, 0)), // hotspot, nothing coverable: not judged
                func("fmt", 100, 4, Some(3), cov(0, 10)),  // simple: quiet
            ],
            None,
        ),
        file(
            "ledger/post.py",
            200,
            vec![
                func("reconcile", 10, 18, Some(2), refs(0)), // changed, no test names it
                func("close", 40, 18, Some(5), refs(2)),     // referenced by 2 test files
                func("audit", 70, 30, Some(0), refs(0)),     // not changed, not hotspot
                func("undecided", 100, 30, Some(1), None),   // no evidence computed: quiet
            ],
            None,
        ),
    ];
    let found = run(&["testing/untested-hot-path"], &files, &project);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.symbol.as_deref().unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Ledger.post",
                "changed in 7 commits in the window, cyclomatic complexity 23 (threshold 10), and line coverage 12% (4 of 33 coverable lines; coverage report, threshold 50%)"
            ),
            (
                "Ledger.reconcile",
                "changed in 2 commits in the window, cyclomatic complexity 18 (threshold 10), and no test file mentions `reconcile` (static test references; no coverage report for this file)"
            ),
        ]
    );
    assert_eq!(found[0].start_line, 10);
    assert_eq!(found[0].value, Some(23.0));
    let mut test_file = files[1].clone();
    test_file.test = true;
    assert!(
        run(&["testing/untested-hot-path"], &[test_file], &project).is_empty(),
        "test files are not judged"
    );
}

fn dep(name: &str, version: &str, direct: bool, line: u32, lag: Lag) -> Dependency {
    Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.into(),
        version: Some(version.into()),
        constraint: None,
        direct,
        source: "web/package-lock.json".into(),
        line,
        dev: false,
        lag,
    }
}

fn known() -> Lag {
    Lag {
        lag_status: crate::deps::LagStatus::Known,
        ..Lag::default()
    }
}

#[test]
fn dependency_rules_grade_lag_and_fingerprint_by_ecosystem_lockfile_and_name() {
    let deps = vec![
        dep(
            "express",
            "3.21.2",
            true,
            12,
            Lag {
                latest: Some("5.1.0".into()),
                majors_behind: Some(2),
                libyear: Some(6.4),
                released: Some("2015-07-01T00:00:00Z".into()),
                latest_released: Some("2021-11-20T00:00:00Z".into()),
                ..known()
            },
        ),
        dep(
            "moment",
            "2.29.1",
            true,
            30,
            Lag {
                latest: Some("2.30.1".into()),
                majors_behind: Some(0),
                libyear: Some(2.5),
                released: Some("2020-10-06T00:00:00Z".into()),
                latest_released: Some("2023-03-28T00:00:00Z".into()),
                deprecated: Some(true),
                deprecation: Some("use a maintained date library".into()),
                ..known()
            },
        ),
        dep(
            "left-pad",
            "1.1.3",
            false,
            50,
            Lag {
                latest: Some("1.3.0".into()),
                majors_behind: Some(1),
                yanked: Some(true),
                latest_age_years: Some(8.2),
                ..known()
            },
        ),
        dep(
            "qs",
            "6.5.2",
            true,
            70,
            Lag {
                latest: Some("6.5.2".into()),
                majors_behind: Some(0),
                libyear: Some(0.0),
                latest_age_years: Some(4.0),
                ..known()
            },
        ),
        dep(
            "mystery",
            "0.1.0",
            true,
            90,
            Lag {
                lag_status: crate::deps::LagStatus::Unknown,
                majors_behind: Some(9),
                ..Lag::default()
            },
        ),
    ];
    let project = Project {
        dependencies: &deps,
        ..Project::default()
    };
    let msgs = |id: &str| -> Vec<(String, Severity, String)> {
        run(&[id], &[], &project)
            .into_iter()
            .map(|f| (f.symbol.unwrap(), f.severity, f.message))
            .collect()
    };
    assert_eq!(
        msgs("dependencies/major-behind"),
        [(
            "express".to_string(),
            Severity::High,
            "express 3.21.2 is 2 major versions behind 5.1.0 (npm direct dependency)".to_string()
        )],
        "transitive left-pad and unknown-lag mystery are left out"
    );
    assert_eq!(
        msgs("dependencies/libyear-high"),
        [
            ("express".to_string(), Severity::High, "express 3.21.2 (released 2015-07-01) is 6.4 libyears behind 5.1.0 (released 2021-11-20)".to_string()),
            ("moment".to_string(), Severity::Medium, "moment 2.29.1 (released 2020-10-06) is 2.5 libyears behind 2.30.1 (released 2023-03-28)".to_string()),
        ]
    );
    assert_eq!(
        msgs("dependencies/yanked-or-deprecated"),
        [
            (
                "moment".to_string(),
                Severity::Medium,
                "moment 2.29.1: deprecated: use a maintained date library".to_string()
            ),
            (
                "left-pad".to_string(),
                Severity::High,
                "left-pad 1.1.3: version 1.1.3 is yanked from the registry".to_string()
            ),
        ]
    );
    assert_eq!(
        msgs("dependencies/abandoned"),
        [(
            "qs".to_string(),
            Severity::Low,
            "the newest release of qs (6.5.2) is 4 years old: the package is likely abandoned"
                .to_string()
        )]
    );
    // A version bump keeps the fingerprint: the finding improves instead of being new.
    let mut bumped = deps.clone();
    bumped[0].version = Some("4.18.2".into());
    bumped[0].lag.majors_behind = Some(1);
    bumped[0].line = 14;
    let before = run(&["dependencies/major-behind"], &[], &project);
    let after = run(
        &["dependencies/major-behind"],
        &[],
        &Project {
            dependencies: &bumped,
            ..Project::default()
        },
    );
    assert_eq!(before[0].fingerprint, after[0].fingerprint);
    assert_eq!(after[0].severity, Severity::Medium);
    assert_eq!(
        (after[0].path.as_str(), after[0].start_line),
        ("web/package-lock.json", 14)
    );
}
