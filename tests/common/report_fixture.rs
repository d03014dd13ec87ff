//! Snapshots for the report tests, built in code with every section populated: a legacy
//! invoicing system ("ledgerline") compared with last quarter, its trend, a huge one, a portfolio.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use quarterdeck::deps::{
    Dependency, DependencyTotals, Ecosystem, Lag, LagClass, LagStatus, LagTotals, LockfileSummary,
};
use quarterdeck::history::{
    ChangeMapping, Contributor, Coupling, FileHistory, HistoryStatus, HistorySummary, Hotspot,
    Window, WindowSource,
};
use quarterdeck::metrics::{Aggregate, FunctionMetrics, LineCounts};
use quarterdeck::problem::{Problem, Stage};
use quarterdeck::rules::{Category, Finding, RuleSet, Severity, Suppression, SuppressionSource};
use quarterdeck::scan::{FileReport, ScanResult, SkipList, SkipReason};
use quarterdeck::snapshot::fingerprint::fingerprint;
use quarterdeck::snapshot::{
    BaselineInfo, BaselineStatus, ClassCounts, Delta, FigureDelta, GateFailure, GateVerdict,
    Portfolio, PortfolioRepository, PortfolioRisk, RuleChange, RuleInfo, Snapshot, Trend, TrendGap,
    TrendPoint, figures,
};
use quarterdeck::tests_evidence::{
    CoverageFormat, CoverageInput, Evidence, FunctionTests, TestEvidenceSummary,
};

/// The file name the issue asks to render as text.
pub const HOSTILE_FILE: &str = "legacy/<img src=x onerror=alert(1)>.py";
/// The function name the issue asks to render as text.
pub const HOSTILE_FUNCTION: &str = "</script><script>";
pub const GENERATED_AT: &str = "2026-10-02T06:00:00Z";

fn static_ref(files: u32) -> Option<FunctionTests> {
    Some(FunctionTests {
        evidence: Evidence::StaticReference,
        coverable_lines: None,
        covered_lines: None,
        coverage: None,
        test_files: Some(files),
    })
}

fn covered(coverable: u32, covered: u32) -> Option<FunctionTests> {
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

fn history(commits: u32, main: &str, share: f64, bugfix: u32, others: &[&str]) -> FileHistory {
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

fn files() -> Vec<FileReport> {
    vec![
        file(
            "billing/invoice.py",
            "python",
            1240,
            vec![
                func(
                    "Invoice.apply_discounts",
                    88,
                    301,
                    34,
                    88,
                    6,
                    6,
                    Some(19),
                    static_ref(0),
                ),
                func(
                    "Invoice.total",
                    310,
                    352,
                    7,
                    9,
                    1,
                    2,
                    Some(6),
                    static_ref(2),
                ),
                func(
                    "Invoice.render_pdf",
                    360,
                    470,
                    12,
                    17,
                    3,
                    3,
                    Some(3),
                    static_ref(0),
                ),
            ],
            Some(history(
                41,
                "Dana Whitfield",
                0.93,
                14,
                &["Okonkwo, Chidi", "Rosa \"Ro\" Álvarez"],
            )),
        ),
        file(
            "billing/tax_rules.py",
            "python",
            610,
            vec![
                func(
                    "compute_vat",
                    12,
                    140,
                    22,
                    41,
                    4,
                    5,
                    Some(9),
                    covered(96, 20),
                ),
                func(
                    "reverse_charge",
                    150,
                    188,
                    5,
                    6,
                    2,
                    2,
                    Some(1),
                    covered(30, 28),
                ),
            ],
            Some(history(17, "Okonkwo, Chidi", 0.55, 5, &["Dana Whitfield"])),
        ),
        file(
            "warehouse/stock_ledger.py",
            "python",
            880,
            vec![
                func(
                    "StockLedger.post_movement",
                    40,
                    190,
                    19,
                    33,
                    5,
                    4,
                    Some(11),
                    covered(120, 96),
                ),
                func(
                    "StockLedger.reconcile",
                    200,
                    260,
                    9,
                    12,
                    2,
                    3,
                    Some(2),
                    covered(44, 40),
                ),
            ],
            Some(history(
                23,
                "Mei Lin",
                0.61,
                6,
                &["Dana Whitfield", "Sam =HYPERLINK(\"x\")"],
            )),
        ),
        file(
            "payroll/batch_run.py",
            "python",
            720,
            vec![func("run_monthly_batch", 20, 211, 27, 52, 9, 5, None, None)],
            None,
        ),
        file(
            "reports/ExportJob.java",
            "java",
            430,
            vec![
                func(
                    "ExportJob.writeCsv",
                    30,
                    98,
                    8,
                    10,
                    2,
                    2,
                    Some(2),
                    static_ref(1),
                ),
                func(
                    "ExportJob.run",
                    100,
                    130,
                    3,
                    2,
                    0,
                    1,
                    Some(0),
                    static_ref(1),
                ),
            ],
            Some(history(2, "Mei Lin", 1.0, 0, &[])),
        ),
        file(
            HOSTILE_FILE,
            "python",
            40,
            vec![func(
                HOSTILE_FUNCTION,
                3,
                30,
                4,
                5,
                1,
                2,
                Some(1),
                static_ref(0),
            )],
            Some(history(1, "<b>mallory</b>", 1.0, 0, &[])),
        ),
        file(
            "tests/test_invoice.py",
            "python",
            210,
            vec![func(
                "test_total_rounds_half_up",
                5,
                30,
                1,
                0,
                0,
                0,
                Some(2),
                Some(FunctionTests {
                    evidence: Evidence::TestCode,
                    coverable_lines: None,
                    covered_lines: None,
                    coverage: None,
                    test_files: None,
                }),
            )],
            Some(history(2, "Okonkwo, Chidi", 1.0, 0, &[])),
        ),
    ]
}

fn hotspot(path: &str, rank: u32, score: f64, commits: u32, ccn: u32, cog: u32) -> Hotspot {
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

fn history_summary() -> HistorySummary {
    HistorySummary {
        status: HistoryStatus::Available,
        reason: None,
        window: Some(Window {
            since: "2026-07-01T00:00:00Z".into(),
            until: "2026-09-30T17:45:00Z".into(),
            source: WindowSource::Baseline,
        }),
        commits: 96,
        merges: 11,
        authors: 6,
        active_files: 31,
        bugfix_commits: 27,
        reverts: 2,
        bugfix_pattern: "(?i)\\b(fix|bug|hotfix|revert|patch)".into(),
        files_mapped: 5,
        files_file_level: 0,
        hotspots: vec![
            hotspot("billing/invoice.py", 1, 1.0, 41, 53, 114),
            hotspot("warehouse/stock_ledger.py", 2, 0.31, 23, 28, 45),
            hotspot("billing/tax_rules.py", 3, 0.21, 17, 27, 47),
            hotspot("reports/ExportJob.java", 4, 0.01, 2, 11, 12),
            hotspot(HOSTILE_FILE, 5, 0.0, 1, 4, 5),
        ],
        coupling: vec![Coupling {
            a: "billing/invoice.py".into(),
            b: "billing/tax_rules.py".into(),
            shared_commits: 15,
            commits_a: 41,
            commits_b: 17,
            degree: 51.72,
        }],
    }
}

fn dep(
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

fn lag(latest: &str, majors: u32, minors: u32, libyear: f64) -> Lag {
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

fn dependencies() -> Vec<Dependency> {
    let mut yanked = lag("5.3.0", 1, 3, 2.1);
    yanked.yanked = Some(true);
    vec![
        dep(
            Ecosystem::Pypi,
            "django",
            "1.11.29",
            "requirements.txt",
            3,
            true,
            lag("5.2.1", 4, 2, 6.1),
        ),
        dep(
            Ecosystem::Pypi,
            "reportlab",
            "3.5.0",
            "requirements.txt",
            4,
            true,
            lag("4.2.0", 1, 2, 3.4),
        ),
        dep(
            Ecosystem::Pypi,
            "lxml",
            "4.9.3",
            "requirements.txt",
            5,
            false,
            yanked,
        ),
        dep(
            Ecosystem::Pypi,
            "python-dateutil",
            "2.9.0",
            "requirements.txt",
            6,
            true,
            lag("2.9.0", 0, 0, 0.0),
        ),
        dep(
            Ecosystem::Npm,
            "moment",
            "2.24.0",
            "web/package-lock.json",
            41,
            true,
            Lag {
                lag_status: LagStatus::Unknown,
                lag_reason: Some("not in the offline index".into()),
                ..Lag::default()
            },
        ),
    ]
}

fn dependency_totals(deps: &[Dependency]) -> DependencyTotals {
    let mut by_class = BTreeMap::new();
    by_class.insert(LagClass::MajorBehind, 3);
    by_class.insert(LagClass::Current, 1);
    let py = LagTotals {
        dependencies: 4,
        direct: 3,
        libyear: 11.6,
        by_class: by_class.clone(),
        yanked: 1,
        deprecated: 0,
        abandoned: 0,
    };
    let mut npm_class = BTreeMap::new();
    npm_class.insert(LagClass::Unknown, 1);
    let npm = LagTotals {
        dependencies: 1,
        direct: 1,
        libyear: 0.0,
        by_class: npm_class,
        ..LagTotals::default()
    };
    let mut all_class = by_class;
    all_class.insert(LagClass::Unknown, 1);
    DependencyTotals {
        totals: LagTotals {
            dependencies: deps.len() as u32,
            direct: 4,
            libyear: 11.6,
            by_class: all_class,
            yanked: 1,
            deprecated: 0,
            abandoned: 0,
        },
        lockfiles: vec![
            LockfileSummary {
                path: "requirements.txt".into(),
                ecosystem: Ecosystem::Pypi,
                format: "requirements".into(),
                manifests: vec![],
                totals: py,
            },
            LockfileSummary {
                path: "web/package-lock.json".into(),
                ecosystem: Ecosystem::Npm,
                format: "package-lock-v3".into(),
                manifests: vec!["web/package.json".into()],
                totals: npm,
            },
        ],
        version_source: "offline-index".into(),
        requests: 0,
        cache_hits: 0,
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

fn findings() -> Vec<Finding> {
    use BaselineStatus::*;
    use Category as C;
    use Severity as S;
    let mut v = vec![
        finding(
            "complexity/cognitive-very-high",
            S::Critical,
            C::Complexity,
            "billing/invoice.py",
            (88, 301),
            Some("Invoice.apply_discounts"),
            "cognitive complexity 88 (threshold 50)",
            Some(("cognitive", 88.0, 50.0)),
            Some(Worsened),
        ),
        finding(
            "change-risk/hotspot",
            S::High,
            C::ChangeRisk,
            "billing/invoice.py",
            (1, 1),
            None,
            "hotspot #1: 41 commits in the window, total cyclomatic complexity 53",
            None,
            Some(Unchanged),
        ),
        finding(
            "testing/untested-hot-path",
            S::High,
            C::Testing,
            "billing/invoice.py",
            (88, 301),
            Some("Invoice.apply_discounts"),
            "changed 19 times, cyclomatic complexity 34, no test file names it",
            Some(("cyclomatic", 34.0, 10.0)),
            Some(New),
        ),
        finding(
            "testing/untested-hot-path",
            S::High,
            C::Testing,
            "billing/invoice.py",
            (360, 470),
            Some("Invoice.render_pdf"),
            "changed 3 times, cyclomatic complexity 12, no test file names it",
            Some(("cyclomatic", 12.0, 10.0)),
            Some(New),
        ),
        finding(
            "knowledge/single-owner",
            S::Medium,
            C::Knowledge,
            "billing/invoice.py",
            (1, 1),
            None,
            "Dana Whitfield made 93% of the changed lines",
            Some(("main_author_share", 0.93, 0.8)),
            Some(Unchanged),
        ),
        finding(
            "complexity/cognitive-very-high",
            S::High,
            C::Complexity,
            "payroll/batch_run.py",
            (20, 211),
            Some("run_monthly_batch"),
            "cognitive complexity 52 (threshold 25)",
            Some(("cognitive", 52.0, 25.0)),
            Some(Improved),
        ),
        finding(
            "complexity/too-many-parameters",
            S::Medium,
            C::Complexity,
            "payroll/batch_run.py",
            (20, 211),
            Some("run_monthly_batch"),
            "parameters 9 (threshold 7)",
            Some(("params", 9.0, 7.0)),
            Some(Unchanged),
        ),
        finding(
            "complexity/cognitive-high",
            S::Medium,
            C::Complexity,
            "warehouse/stock_ledger.py",
            (40, 190),
            Some("StockLedger.post_movement"),
            "cognitive complexity 33 (threshold 15)",
            Some(("cognitive", 33.0, 15.0)),
            Some(New),
        ),
        finding(
            "complexity/cognitive-high",
            S::Medium,
            C::Complexity,
            "billing/tax_rules.py",
            (12, 140),
            Some("compute_vat"),
            "cognitive complexity 41 (threshold 15), \"rounding\" <mode> & more",
            Some(("cognitive", 41.0, 15.0)),
            Some(Unchanged),
        ),
        finding(
            "maintainability/debt-marker",
            S::Low,
            C::Maintainability,
            "billing/tax_rules.py",
            (77, 77),
            Some("compute_vat"),
            "=HYPERLINK(\"x\") TODO: drop the 2019 VAT table, \"ask finance\"",
            None,
            Some(New),
        ),
        finding(
            "maintainability/dynamic-code-execution",
            S::High,
            C::Maintainability,
            HOSTILE_FILE,
            (12, 12),
            Some(HOSTILE_FUNCTION),
            "eval() of <script>alert(1)</script>",
            None,
            Some(New),
        ),
        finding(
            "dependencies/major-behind",
            S::High,
            C::Dependencies,
            "requirements.txt",
            (3, 3),
            Some("django"),
            "django 1.11.29 is 4 major versions behind 5.2.1",
            Some(("majors_behind", 4.0, 1.0)),
            Some(Unchanged),
        ),
        finding(
            "dependencies/yanked-or-deprecated",
            S::High,
            C::Dependencies,
            "requirements.txt",
            (5, 5),
            Some("lxml"),
            "lxml 4.9.3 is yanked",
            None,
            Some(New),
        ),
    ];
    let mut suppressed = finding(
        "maintainability/empty-catch",
        S::Medium,
        C::Maintainability,
        "reports/ExportJob.java",
        (71, 73),
        Some("ExportJob.writeCsv"),
        "empty catch block",
        None,
        Some(Unchanged),
    );
    suppressed.suppressed = true;
    suppressed.suppression = Some(Suppression {
        source: SuppressionSource::Inline,
        reason: "closing a stream that may already be closed".into(),
    });
    v.push(suppressed);
    let mut external = finding(
        "maintainability/debt-marker",
        S::Low,
        C::Maintainability,
        "reports/ExportJob.java",
        (12, 12),
        None,
        "FIXME: locale",
        None,
        None,
    );
    external.suppressed = true;
    external.suppression = Some(Suppression {
        source: SuppressionSource::File,
        reason: "tracked as LEDGER-881".into(),
    });
    v.push(external);
    v.sort_by(|a, b| (&a.path, a.start_line, &a.rule_id).cmp(&(&b.path, b.start_line, &b.rule_id)));
    v
}

pub fn rules() -> Vec<RuleInfo> {
    match RuleSet::builtin() {
        Ok(set) => set.rules().iter().map(RuleInfo::of).collect(),
        Err(e) => panic!("builtin rules load: {e}"),
    }
}

fn skipped() -> BTreeMap<SkipReason, SkipList> {
    let mut m = BTreeMap::new();
    m.insert(
        SkipReason::Vendored,
        SkipList {
            count: 212,
            paths: vec![
                "vendor/fpdf/fpdf.py".into(),
                "web/node_modules/moment/moment.js".into(),
            ],
        },
    );
    m.insert(
        SkipReason::Minified,
        SkipList {
            count: 1,
            paths: vec!["web/static/app.min.js".into()],
        },
    );
    m
}

fn problems() -> Vec<Problem> {
    vec![
        Problem::new(
            "legacy/convert_1998.py",
            Stage::Decode,
            "invalid UTF-8 at byte 4112; replaced and measured",
        ),
        Problem::at_line(
            "web/package-lock.json",
            41,
            Stage::Dependencies,
            "\"packages\" entry without a version",
        ),
    ]
}

fn baseline_figures() -> BTreeMap<&'static str, f64> {
    BTreeMap::from([
        ("findings_total", 9.0),
        ("findings_critical", 0.0),
        ("findings_high", 4.0),
        ("findings_medium", 4.0),
        ("findings_low", 1.0),
        ("hotspots", 1.0),
        ("untested_hot_paths", 0.0),
        ("libyear_total", 10.1),
        ("cognitive_p90", 41.0),
        ("cyclomatic_sum", 152.0),
        ("functions", 11.0),
        ("functions_tested_share", 0.5),
    ])
}

/// The populated snapshot: a Q4 audit of ledgerline compared with Q3.
pub fn populated() -> Snapshot {
    let scan = ScanResult {
        files: files(),
        skipped: skipped(),
        problems: problems(),
    };
    let mut s = Snapshot::from_scan(Path::new("/srv/audits/ledgerline"), None, scan)
        .with_findings(findings());
    s.scan.repository = "ledgerline".into();
    s.scan.remote = Some("https://git.example/finance/ledgerline.git".into());
    s.scan.head_commit = Some("4f1c2a9e8b7d6c5f4e3d2c1b0a99887766554433".into());
    s.scan.head_date = Some("2026-09-30T17:45:00Z".into());
    s.scan.branch = Some("main".into());
    s.scan.generated_at = GENERATED_AT.into();
    s.scan.config = Some("quarterdeck.toml".into());
    s.scan.config_digest =
        Some("9a0c5e1f4b2d7a3c6e8f0b1d2c4e6a8f0b2d4c6e8a0b2c4d6e8f0a1b3c5d7e9f".into());
    s.tool.version = "0.1.0".into();
    s.rules = rules();
    s.history = Some(history_summary());
    s.test_evidence = Some(TestEvidenceSummary {
        coverage: vec![CoverageInput {
            path: "coverage/lcov.info".into(),
            format: Some(CoverageFormat::Lcov),
            entries: 4,
            matched: 2,
            unmatched: 2,
            unmatched_examples: vec!["/build/agent/src/gen/pb.py".into()],
        }],
        test_files: 1,
        functions_with_coverage: 4,
        functions_with_static_evidence: 6,
        functions_tested: 7,
    });
    s.dependencies = dependencies();
    s.dependency_totals = Some(dependency_totals(&s.dependencies));
    s.figures = figures::compute(&s);
    s.baseline = Some(BaselineInfo {
        path: "audits/2026-Q3/snapshot.json".into(),
        head_commit: Some("0b9e7d5c3a1f2e4d6c8b0a9f8e7d6c5b4a392817".into()),
        commit_date: Some("2026-07-01T00:00:00Z".into()),
        generated_at: "2026-07-02T06:00:00Z".into(),
        digest: "11aa22bb33cc44dd55ee66ff77008899aabbccddeeff00112233445566778899".into(),
        schema_version: 2,
        tool_version: "0.1.0".into(),
    });
    let old = baseline_figures();
    let mut delta = Delta::default();
    for (name, new) in &s.figures {
        let o = old.get(name.as_str()).copied().unwrap_or(*new);
        delta.figures.insert(
            name.clone(),
            FigureDelta {
                old: o,
                new: *new,
                delta: ((new - o) * 100.0).round() / 100.0,
            },
        );
    }
    delta.findings = ClassCounts {
        new: 6,
        unchanged: 5,
        worsened: 1,
        improved: 1,
        resolved: 2,
    };
    delta.resolved = vec![
        finding(
            "complexity/cyclomatic-high",
            Severity::Medium,
            Category::Complexity,
            "warehouse/stock_ledger.py",
            (262, 330),
            Some("StockLedger.close_period"),
            "cyclomatic complexity 18 (threshold 15)",
            Some(("cyclomatic", 18.0, 15.0)),
            None,
        ),
        finding(
            "maintainability/swallowed-exception",
            Severity::High,
            Category::Maintainability,
            "payroll/batch_run.py",
            (140, 142),
            Some("run_monthly_batch"),
            "exception swallowed: `except Exception: pass`",
            None,
            None,
        ),
    ];
    delta.rule_changes = vec![RuleChange {
        rule_id: "complexity/cognitive-high".into(),
        change: "thresholds".into(),
        old: Some("threshold 20".into()),
        new: Some("threshold 15".into()),
    }];
    s.delta = Some(delta);
    s.gate = Some(GateVerdict {
        passed: false,
        conditions: vec!["--fail-on new:high".into()],
        failures: vec![GateFailure {
            condition: "--fail-on new:high".into(),
            message: "4 new findings of severity high or above".into(),
            findings: vec![],
        }],
    });
    s
}

/// Four quarters of ledgerline (Q2 missing, the tool upgraded in Q4).
pub fn trend() -> Trend {
    let point = |label: &str, date: &str, version: &str| TrendPoint {
        label: label.into(),
        head_commit: None,
        date: date.into(),
        generated_at: date.into(),
        tool_version: version.into(),
        schema_version: 2,
        source: format!("audits/{label}/snapshot.json"),
    };
    let series = |v: &[Option<f64>]| v.to_vec();
    let mut figures = BTreeMap::new();
    figures.insert(
        "findings_total".into(),
        series(&[Some(6.0), Some(7.0), Some(9.0), Some(13.0)]),
    );
    figures.insert(
        "findings_high".into(),
        series(&[Some(2.0), Some(3.0), Some(4.0), Some(7.0)]),
    );
    figures.insert(
        "hotspots".into(),
        series(&[None, Some(1.0), Some(1.0), Some(1.0)]),
    );
    figures.insert(
        "untested_hot_paths".into(),
        series(&[None, None, Some(0.0), Some(2.0)]),
    );
    figures.insert(
        "libyear_total".into(),
        series(&[Some(7.5), Some(8.8), Some(10.1), Some(11.6)]),
    );
    figures.insert(
        "cognitive_p90".into(),
        series(&[Some(38.0), Some(40.0), Some(41.0), Some(52.0)]),
    );
    Trend {
        schema_version: 2,
        repository: "ledgerline".into(),
        points: vec![
            point("2025-Q4", "2025-12-30T12:00:00Z", "0.1.0"),
            point("2026-Q1", "2026-03-30T12:00:00Z", "0.1.0"),
            point("2026-Q3", "2026-07-01T00:00:00Z", "0.1.0"),
            point("2026-Q4", "2026-09-30T17:45:00Z", "0.2.0"),
        ],
        figures,
        rules: BTreeMap::new(),
        categories: BTreeMap::new(),
        gaps: vec![TrendGap {
            label: "2026-Q2".into(),
            after: 1,
            before: 2,
        }],
        tool_version_changes: vec![3],
    }
}

const HUGE_RULES: &[(&str, Severity, Category)] = &[
    (
        "complexity/cognitive-high",
        Severity::Medium,
        Category::Complexity,
    ),
    (
        "complexity/cyclomatic-high",
        Severity::Medium,
        Category::Complexity,
    ),
    (
        "complexity/long-function",
        Severity::Medium,
        Category::Complexity,
    ),
    (
        "maintainability/debt-marker",
        Severity::Low,
        Category::Maintainability,
    ),
    (
        "maintainability/empty-catch",
        Severity::High,
        Category::Maintainability,
    ),
];

/// A warehouse monolith with `findings` findings (10 per file) and every file's functions.
pub fn huge(findings: usize) -> Snapshot {
    let mut s = populated();
    let n_files = findings.div_ceil(10);
    let mut all = Vec::with_capacity(findings);
    let mut files = Vec::with_capacity(n_files);
    for i in 0..n_files {
        let path = format!("warehouse/module_{:03}/stock_{i:05}.py", i % 97);
        let funcs: Vec<FunctionMetrics> = (0..10)
            .map(|j| {
                func(
                    &format!("Stock{i}.move_{j}"),
                    j * 40 + 1,
                    j * 40 + 38,
                    16 + j,
                    20 + j * 2,
                    3,
                    3,
                    Some(j % 4),
                    static_ref(j % 2),
                )
            })
            .collect();
        for (j, f) in funcs.iter().enumerate() {
            if all.len() == findings {
                break;
            }
            let (rule, sev, cat) = HUGE_RULES[(i + j) % HUGE_RULES.len()];
            all.push(finding(
                rule,
                sev,
                cat,
                &path,
                (f.start_line, f.end_line),
                Some(&f.qualified_name),
                &format!(
                    "{} {} (threshold 15): a long explanation of the stock movement \
                     posting logic that needs splitting",
                    rule, f.cognitive
                ),
                Some(("cognitive", f64::from(f.cognitive), 15.0)),
                Some(BaselineStatus::New),
            ));
        }
        files.push(file(&path, "python", 420, funcs, None));
    }
    s.files = files;
    s = s.with_findings(all);
    s.figures = figures::compute(&s);
    s
}

pub fn portfolio() -> Portfolio {
    let repo = |name: &str, grade: &str, findings: f64, libyear: f64| PortfolioRepository {
        repository: name.into(),
        remote: Some(format!("https://git.example/finance/{name}.git")),
        head_commit: Some("4f1c2a9e8b7d6c5f4e3d2c1b0a99887766554433".into()),
        generated_at: GENERATED_AT.into(),
        grade: grade.into(),
        figures: BTreeMap::from([
            ("findings_total".to_string(), findings),
            ("findings_high".to_string(), findings / 3.0),
            ("libyear_total".to_string(), libyear),
            ("nloc".to_string(), 12_000.0),
        ]),
        source: format!("audits/{name}.json"),
    };
    Portfolio {
        schema_version: 2,
        kind: "portfolio".into(),
        generated_at: GENERATED_AT.into(),
        tool_version: "0.1.0".into(),
        repositories: vec![
            repo("ledgerline", "C", 13.0, 11.6),
            repo("payroll-batch", "B", 6.0, 2.5),
            repo("<script>alert(1)</script>", "E", 90.0, 40.0),
        ],
        figures: BTreeMap::from([
            ("findings_total".to_string(), 109.0),
            ("libyear_total".to_string(), 54.1),
            ("nloc".to_string(), 36_000.0),
        ]),
        top_risks: vec![
            PortfolioRisk {
                repository: "ledgerline".into(),
                rule_id: "complexity/cognitive-very-high".into(),
                severity: Severity::Critical,
                category: Category::Complexity,
                path: "billing/invoice.py".into(),
                symbol: Some("Invoice.apply_discounts".into()),
                message: "cognitive complexity 88 (threshold 50)".into(),
                sentence: "`billing/invoice.py` changed 41 times since 2026-07-01".into(),
                fingerprint: "abc".into(),
            },
            PortfolioRisk {
                repository: "<script>alert(1)</script>".into(),
                rule_id: "dependencies/major-behind".into(),
                severity: Severity::High,
                category: Category::Dependencies,
                path: HOSTILE_FILE.into(),
                symbol: Some(HOSTILE_FUNCTION.into()),
                message: "<img src=x onerror=alert(2)>".into(),
                sentence: "`<img src=x onerror=alert(3)>` is 3 major versions behind".into(),
                fingerprint: "def".into(),
            },
        ],
    }
}
