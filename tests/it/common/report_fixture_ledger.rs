//! The ledgerline data: its files, history, dependencies, findings, skipped files, problems
//! and last quarter's figures.

use super::*;

pub fn files() -> Vec<FileReport> {
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

pub fn history_summary() -> HistorySummary {
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

pub fn dependencies() -> Vec<Dependency> {
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

pub fn dependency_totals(deps: &[Dependency]) -> DependencyTotals {
    let mut by_class = BTreeMap::new();
    by_class.insert(LagClass::MajorBehind, 3);
    by_class.insert(LagClass::Current, 1);
    let py = LagTotals {
        dependencies: 4,
        direct: 3,
        libyear: Some(11.6),
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
        libyear: Some(0.0),
        by_class: npm_class,
        ..LagTotals::default()
    };
    let mut all_class = by_class;
    all_class.insert(LagClass::Unknown, 1);
    DependencyTotals {
        totals: LagTotals {
            dependencies: deps.len() as u32,
            direct: 4,
            libyear: Some(11.6),
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
        ..Default::default()
    }
}

pub fn findings() -> Vec<Finding> {
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

pub fn skipped() -> BTreeMap<SkipReason, SkipList> {
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

pub fn problems() -> Vec<Problem> {
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

pub fn baseline_figures() -> BTreeMap<&'static str, f64> {
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
