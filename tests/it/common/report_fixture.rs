//! Snapshots for the report tests, built in code with every section populated: a legacy
//! invoicing system ("ledgerline") compared with last quarter, its trend, a huge one, a portfolio.

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

#[path = "report_fixture_ledger.rs"]
mod ledger;
#[path = "report_fixture_parts.rs"]
mod parts;

pub use ledger::rules;
use ledger::*;
use parts::*;
pub use parts::{file, finding, func};

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
        functions_not_judged: 1,
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
        changes: BTreeMap::new(),
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
    // Fifteen rules in all: 15 x 200 rows per rule is more than the page's 2,500-row cap.
    (
        "complexity/deep-nesting",
        Severity::Medium,
        Category::Complexity,
    ),
    (
        "complexity/too-many-parameters",
        Severity::Medium,
        Category::Complexity,
    ),
    ("complexity/goto", Severity::Low, Category::Complexity),
    (
        "complexity/cognitive-very-high",
        Severity::High,
        Category::Complexity,
    ),
    (
        "complexity/cyclomatic-very-high",
        Severity::Critical,
        Category::Complexity,
    ),
    (
        "maintainability/swallowed-exception",
        Severity::High,
        Category::Maintainability,
    ),
    (
        "maintainability/dynamic-code-execution",
        Severity::High,
        Category::Maintainability,
    ),
    (
        "testing/untested-hot-path",
        Severity::High,
        Category::Testing,
    ),
    ("change-risk/hotspot", Severity::High, Category::ChangeRisk),
    (
        "knowledge/single-owner",
        Severity::Medium,
        Category::Knowledge,
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
