//! Temporal coupling (code-maat's degree and thresholds), the hotspot ranking, and the rewrite
//! fallback of function-level change, on small warehouse repositories.

use quarterdeck::config::HistoryConfig;
use quarterdeck::history::{self, ChangeMapping, Coupling, HistoryOptions, Hotspot};

use super::{audit, changes, file, invoicing};
use crate::common::git::TestRepo;

const ANA: (&str, &str) = ("Ana Lima", "ana@warehouse.example");

fn day(d: u32) -> String {
    format!("2026-03-{d:02}T08:00:00Z")
}

/// A stock module and its report change together; the pallets module and the README twice.
fn warehouse() -> TestRepo {
    let r = TestRepo::new();
    let mut n = 0;
    let mut touch = |r: &TestRepo, paths: &[&str]| {
        n += 1;
        for p in paths {
            let old = std::fs::read_to_string(r.file(p)).unwrap_or_default();
            r.write(p, format!("{old}def step_{n}():\n    return {n}\n\n\n"));
        }
        r.commit(ANA.0, ANA.1, &day(n), &format!("Warehouse change {n}"));
    };
    // k1: all four files: more than coupling_max_changeset (3), so it couples nothing.
    touch(
        &r,
        &["stock.py", "stock_report.py", "pallets.py", "README.md"],
    );
    touch(&r, &["stock.py", "stock_report.py"]);
    touch(&r, &["stock.py", "stock_report.py"]);
    touch(&r, &["stock.py", "pallets.py"]);
    touch(&r, &["stock.py", "stock_report.py"]);
    touch(&r, &["stock_report.py"]);
    // k7, k8: a file that is gone at HEAD couples with nothing.
    touch(&r, &["pallets.py", "old_pallets.py"]);
    r.delete("old_pallets.py");
    touch(&r, &["pallets.py"]);
    touch(&r, &["pallets.py", "README.md"]);
    touch(&r, &["pallets.py", "README.md"]);
    r
}

fn coupling_config() -> HistoryConfig {
    HistoryConfig {
        coupling_max_changeset: 3,
        coupling_min_revisions: 2,
        coupling_min_shared: 2,
        coupling_min_degree: 30.0,
        ..HistoryConfig::default()
    }
}

#[test]
fn the_strongest_co_changing_pairs_first() {
    let r = warehouse();
    let config = coupling_config();
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    assert_eq!(result.problems, vec![]);
    // stock: k1-k5 = 5 commits; stock_report: k1, k2, k3, k5, k6 = 5; shared k2, k3, k5.
    // pallets: k1, k4, k7, k8, k9, k10 = 6; README: k1, k9, k10 = 3; shared k9, k10.
    // stock + pallets share only k4 (< 2); old_pallets.py is gone.
    assert_eq!(
        result.summary.coupling,
        vec![
            Coupling {
                a: "stock.py".into(),
                b: "stock_report.py".into(),
                shared_commits: 3,
                commits_a: 5,
                commits_b: 5,
                degree: 60.0,
            },
            Coupling {
                a: "README.md".into(),
                b: "pallets.py".into(),
                shared_commits: 2,
                commits_a: 3,
                commits_b: 6,
                degree: 2.0 / ((3.0 + 6.0) / 2.0) * 100.0,
            },
        ]
    );
}

#[test]
fn coupling_thresholds_and_the_pair_limit() {
    let r = warehouse();
    // A higher minimum degree drops README + pallets (44.4%).
    let config = HistoryConfig {
        coupling_min_degree: 50.0,
        ..coupling_config()
    };
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    let pairs: Vec<(&str, &str)> = result
        .summary
        .coupling
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str()))
        .collect();
    assert_eq!(pairs, vec![("stock.py", "stock_report.py")]);
    // More revisions needed than README has.
    let config = HistoryConfig {
        coupling_min_revisions: 4,
        coupling_max_pairs: 5,
        ..coupling_config()
    };
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    assert_eq!(result.summary.coupling.len(), 1);
    // A shared minimum of 1 and a 15% degree let stock + pallets in (1 / 5.5 = 18.2%).
    let config = HistoryConfig {
        coupling_min_shared: 1,
        coupling_min_degree: 15.0,
        ..coupling_config()
    };
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    let pairs: Vec<(&str, &str, u32)> = result
        .summary
        .coupling
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str(), c.shared_commits))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("stock.py", "stock_report.py", 3),
            ("README.md", "pallets.py", 2),
            ("pallets.py", "stock.py", 1)
        ]
    );
    // At most coupling_max_pairs, the strongest.
    let config = HistoryConfig {
        coupling_max_pairs: 2,
        ..config
    };
    let result = history::analyse(r.path(), &HistoryOptions::new(&config), &[]);
    assert_eq!(result.summary.coupling.len(), 2);
    assert_eq!(result.summary.coupling[1].a, "README.md");
}

#[test]
fn hotspots_rank_change_frequency_times_complexity() {
    let s = invoicing::build();
    let config = HistoryConfig::default();
    let (files, _) = audit(s.repo.path(), &HistoryOptions::new(&config));
    let cc: Vec<(&str, u32)> = [
        "billing/invoice.py",
        "payroll/batch.py",
        "billing/export.py",
        "billing/ledger.py",
        "billing/customers.py",
        "src/billing/invoice service.py",
    ]
    .iter()
    .map(|p| (*p, file(&files, p).summary.cyclomatic_sum))
    .collect();
    assert_eq!(
        cc,
        vec![
            ("billing/invoice.py", 6),
            ("payroll/batch.py", 3),
            ("billing/export.py", 2),
            ("billing/ledger.py", 2),
            ("billing/customers.py", 1),
            ("src/billing/invoice service.py", 1),
        ]
    );
    let spot = |path: &str, rank, commits: u32, cc: u32, percentile: f64| {
        let f = file(&files, path);
        Hotspot {
            path: path.into(),
            rank,
            score: (f64::from(commits) / 5.0) * (f64::from(cc) / 6.0),
            percentile,
            commits,
            cyclomatic_sum: cc,
            cognitive_sum: f.summary.cognitive_sum,
            nloc: f.summary.nloc_sum,
        }
    };
    let mut applied = super::scan_files(s.repo.path());
    let spans: Vec<_> = applied.iter().map(history::FileSpans::of).collect();
    let result = history::analyse(s.repo.path(), &HistoryOptions::new(&config), &spans);
    let (summary, problems) = history::apply(&mut applied, result);
    assert_eq!(problems, vec![]);
    // The test file (tests/test_invoice.py) is left out; equal scores go by path.
    let expected = vec![
        spot("billing/invoice.py", 1, 5, 6, 5.0 / 6.0 * 100.0),
        spot("payroll/batch.py", 2, 3, 3, 4.0 / 6.0 * 100.0),
        spot("billing/export.py", 3, 3, 2, 2.0 / 6.0 * 100.0),
        spot("billing/ledger.py", 4, 3, 2, 2.0 / 6.0 * 100.0),
        spot("billing/customers.py", 5, 1, 1, 0.0),
        spot("src/billing/invoice service.py", 6, 1, 1, 0.0),
    ];
    assert_eq!(summary.hotspots, expected);
    assert_eq!(history::rank_hotspots(&applied), expected);
    assert_eq!(summary.hotspots[0].score, 1.0);
}

#[test]
fn a_rewrite_falls_back_to_file_level() {
    let r = TestRepo::new();
    let before = "def receive(stock, item):\n    stock.add(item)\n    return stock\n\n\n\
                  def ship(stock, item):\n    stock.remove(item)\n    return stock\n";
    let after = "def receive(stock, item, qty):\n    stock.add(item, qty)\n    return stock.count(item)\n\n\n\
                 def ship(stock, item, qty):\n    stock.remove(item, qty)\n    return stock.count(item)\n";
    r.write("stock.py", before);
    r.commit(
        ANA.0,
        ANA.1,
        "2026-07-01T08:00:00Z",
        "Receive and ship stock",
    );
    r.write("stock.py", after);
    let c2 = r.commit(ANA.0, ANA.1, "2026-07-02T08:00:00Z", "Count quantities");
    let config = HistoryConfig::default();
    let (files, _) = audit(r.path(), &HistoryOptions::new(&config));
    let f = file(&files, "stock.py");
    let h = f.history.as_ref().unwrap();
    assert_eq!(h.change_mapping, ChangeMapping::FileLevel);
    assert_eq!(
        h.change_mapping_reason.as_deref(),
        Some(
            format!(
                "commit {} (2026-07-02) rewrote it: removed 6 of 8 lines and added 6 of 8 \
                 (more than 50%)",
                &c2[..10]
            )
            .as_str()
        )
    );
    assert_eq!(changes(f), vec![("receive", Some(2)), ("ship", Some(2))]);
    // Below the configured share the same history maps to functions.
    let config = HistoryConfig {
        rewrite_share: 0.8,
        ..HistoryConfig::default()
    };
    let (files, _) = audit(r.path(), &HistoryOptions::new(&config));
    let f = file(&files, "stock.py");
    assert_eq!(
        f.history.as_ref().map(|h| h.change_mapping),
        Some(ChangeMapping::Functions)
    );
    assert_eq!(changes(f), vec![("receive", Some(2)), ("ship", Some(2))]);
}
