//! The overall grade A-E: a documented score from severity-weighted findings per 1,000 lines
//! of code, untested hot paths and dependency lag (docs/report.md, "Grade").

use serde::Serialize;

use crate::deps::LagStatus;
use crate::rules::Severity;
use crate::snapshot::Snapshot;

/// Weight of one unsuppressed finding per severity (critical, high, medium, low, info).
pub const SEVERITY_WEIGHTS: [(Severity, f64); 5] = [
    (Severity::Critical, 10.0),
    (Severity::High, 5.0),
    (Severity::Medium, 2.0),
    (Severity::Low, 1.0),
    (Severity::Info, 0.0),
];
/// Points per weighted finding per 1,000 lines of code, and the most findings can cost.
pub const FINDINGS_FACTOR: f64 = 3.0;
pub const FINDINGS_MAX: f64 = 60.0;
/// Points per untested hot path, and the most they can cost.
pub const UNTESTED_FACTOR: f64 = 3.0;
pub const UNTESTED_MAX: f64 = 15.0;
/// Points per year of mean libyear per dependency, and the most lag can cost.
pub const LIBYEAR_FACTOR: f64 = 10.0;
pub const LIBYEAR_MAX: f64 = 15.0;
/// Lines of code are counted as at least this many, so one finding in a tiny repository does
/// not dominate the density.
pub const MIN_LINES: f64 = 1000.0;
/// Lowest score of each letter: A >= 85, B >= 70, C >= 55, D >= 40, else E.
pub const LETTERS: [(char, f64); 4] = [('A', 85.0), ('B', 70.0), ('C', 55.0), ('D', 40.0)];

/// The formula in one paragraph, for the report's Methodology section.
pub const FORMULA: &str = "score = 100 - min(60, 3 x D) - min(15, 3 x U) - min(15, 10 x L), where \
D = (10 x critical + 5 x high + 2 x medium + 1 x low) unsuppressed findings per 1,000 lines of code \
(counting at least 1,000 lines), U = untested hot paths (testing/untested-hot-path findings; left out \
without history and test evidence), L = mean libyear per dependency whose lag is known (left out \
without dependency data). A >= 85, B >= 70, C >= 55, D >= 40, else E; an unsuppressed critical \
finding caps the grade at C. Score rounded to one decimal.";

/// One term of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradePart {
    /// `findings`, `untested_hot_paths`, `libyear`.
    pub name: &'static str,
    /// The measured input (weighted findings per 1,000 lines, count, mean libyear); `None` when
    /// the data is absent and the term left out.
    pub input: Option<f64>,
    /// Points taken off the score (0 when left out).
    pub points: f64,
    pub max: f64,
    /// The term in words.
    pub reason: String,
}

/// The overall grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// `A` (best) to `E`.
    pub letter: char,
    /// 0..100, one decimal.
    pub score: f64,
    pub parts: Vec<GradePart>,
    /// Set when a critical finding capped the letter at C.
    pub capped: Option<String>,
}

impl Grade {
    pub fn letter_str(&self) -> String {
        self.letter.to_string()
    }

    /// Every reason, in order (parts, then the cap).
    pub fn reasons(&self) -> Vec<String> {
        let mut r: Vec<String> = self.parts.iter().map(|p| p.reason.clone()).collect();
        r.extend(self.capped.clone());
        r
    }
}

/// The letter of a score (before the critical cap).
pub fn letter_for(score: f64) -> char {
    LETTERS
        .iter()
        .find(|(_, min)| score >= *min)
        .map(|(l, _)| *l)
        .unwrap_or('E')
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Grade a snapshot with the formula in `FORMULA`.
pub fn grade(s: &Snapshot) -> Grade {
    let c = &s.totals.findings.by_severity;
    let counts = [c.critical, c.high, c.medium, c.low, c.info];
    let weighted: f64 = SEVERITY_WEIGHTS
        .iter()
        .zip(counts)
        .map(|((_, w), n)| w * n as f64)
        .sum();
    let lines = f64::from(s.totals.lines.code);
    let density = weighted / (lines.max(MIN_LINES) / 1000.0);
    let mut parts = vec![GradePart {
        name: "findings",
        input: Some(round2(density)),
        points: round2((FINDINGS_FACTOR * density).min(FINDINGS_MAX)),
        max: FINDINGS_MAX,
        reason: format!(
            "{} weighted findings per 1,000 lines of code ({} critical, {} high, {} medium, {} low over {} lines)",
            super::text::num(density, 2),
            c.critical,
            c.high,
            c.medium,
            c.low,
            s.totals.lines.code
        ),
    }];
    let untested = s.figures.get("untested_hot_paths").copied();
    parts.push(match untested {
        Some(u) => GradePart {
            name: "untested_hot_paths",
            input: Some(u),
            points: round2((UNTESTED_FACTOR * u).min(UNTESTED_MAX)),
            max: UNTESTED_MAX,
            reason: format!("{} untested hot paths", super::text::num(u, 0)),
        },
        None => GradePart {
            name: "untested_hot_paths",
            input: None,
            points: 0.0,
            max: UNTESTED_MAX,
            reason: "untested hot paths not measured (no history or test evidence)".into(),
        },
    });
    let known: Vec<f64> = s
        .dependencies
        .iter()
        .filter(|d| d.lag.lag_status == LagStatus::Known)
        .filter_map(|d| d.lag.libyear)
        .collect();
    parts.push(if known.is_empty() {
        GradePart {
            name: "libyear",
            input: None,
            points: 0.0,
            max: LIBYEAR_MAX,
            reason: "dependency lag not measured (no dependency with a known lag)".into(),
        }
    } else {
        let mean = known.iter().sum::<f64>() / known.len() as f64;
        GradePart {
            name: "libyear",
            input: Some(round2(mean)),
            points: round2((LIBYEAR_FACTOR * mean).min(LIBYEAR_MAX)),
            max: LIBYEAR_MAX,
            reason: format!(
                "{} libyears per dependency on average ({} dependencies with a known lag)",
                super::text::num(mean, 2),
                known.len()
            ),
        }
    });
    let score = round1((100.0 - parts.iter().map(|p| p.points).sum::<f64>()).max(0.0));
    let mut letter = letter_for(score);
    let mut capped = None;
    if c.critical > 0 && letter < 'C' {
        letter = 'C';
        capped = Some(format!(
            "capped at C: {} unsuppressed critical finding{}",
            c.critical,
            if c.critical == 1 { "" } else { "s" }
        ));
    }
    Grade {
        letter,
        score,
        parts,
        capped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::{Dependency, Ecosystem, Lag};
    use crate::snapshot::{ScanInfo, SeverityCounts, Tool, Totals};

    fn snap(code_lines: u32, sev: SeverityCounts) -> Snapshot {
        let mut totals = Totals::default();
        totals.lines.code = code_lines;
        totals.findings.by_severity = sev;
        Snapshot {
            schema_version: crate::snapshot::SCHEMA_VERSION,
            tool: Tool {
                name: "quarterdeck".into(),
                version: "0.1.0".into(),
                metrics_definition: crate::metrics::DEFINITION,
            },
            scan: ScanInfo {
                root: "/srv/ledger".into(),
                repository: "ledger".into(),
                remote: None,
                subfolder: None,
                head_date: None,
                config_digest: None,
                generated_at: "2026-10-01T00:00:00Z".into(),
                head_commit: None,
                branch: None,
                config: None,
            },
            totals,
            figures: Default::default(),
            skipped: Default::default(),
            problems: vec![],
            rules: vec![],
            findings: vec![],
            history: None,
            test_evidence: None,
            dependencies: vec![],
            dependency_totals: None,
            baseline: None,
            delta: None,
            gate: None,
            files: vec![],
        }
    }

    fn high(n: usize) -> SeverityCounts {
        SeverityCounts {
            high: n,
            ..SeverityCounts::default()
        }
    }

    fn dep(libyear: f64) -> Dependency {
        Dependency {
            ecosystem: Ecosystem::Pypi,
            name: "ledgerkit".into(),
            version: Some("1.0.0".into()),
            constraint: None,
            direct: true,
            source: "requirements.txt".into(),
            line: 1,
            dev: false,
            lag: Lag {
                lag_status: LagStatus::Known,
                libyear: Some(libyear),
                ..Lag::default()
            },
        }
    }

    #[test]
    fn letter_boundaries() {
        assert_eq!(letter_for(100.0), 'A');
        assert_eq!(letter_for(85.0), 'A');
        assert_eq!(letter_for(84.9), 'B');
        assert_eq!(letter_for(70.0), 'B');
        assert_eq!(letter_for(69.9), 'C');
        assert_eq!(letter_for(55.0), 'C');
        assert_eq!(letter_for(54.9), 'D');
        assert_eq!(letter_for(40.0), 'D');
        assert_eq!(letter_for(39.9), 'E');
        assert_eq!(letter_for(0.0), 'E');
    }

    #[test]
    fn a_clean_repository_scores_100() {
        let g = grade(&snap(20_000, SeverityCounts::default()));
        assert_eq!((g.letter, g.score), ('A', 100.0));
        assert_eq!(g.parts[1].input, None);
        assert_eq!(g.parts[2].input, None);
    }

    #[test]
    fn findings_density_is_per_thousand_lines_with_a_floor() {
        // 1 high finding in 10,000 lines: D = 0.5, 1.5 points.
        let g = grade(&snap(10_000, high(1)));
        assert_eq!(g.score, 98.5);
        // 1 high finding in 200 lines counts as 1,000 lines: D = 5, 15 points -> 85 = A.
        let g = grade(&snap(200, high(1)));
        assert_eq!((g.score, g.letter), (85.0, 'A'));
        // 3 high + 1 low in 1,000 lines: D = 16, 48 points -> 52 = D.
        let mut s = snap(1000, high(3));
        s.totals.findings.by_severity.low = 1;
        let g = grade(&s);
        assert_eq!((g.score, g.letter), (52.0, 'D'));
        // The findings term stops at 60 points.
        let g = grade(&snap(1000, high(100)));
        assert_eq!(g.parts[0].points, 60.0);
        assert_eq!((g.score, g.letter), (40.0, 'D'));
    }

    #[test]
    fn untested_hot_paths_and_libyear_cost_points_up_to_their_caps() {
        let mut s = snap(50_000, SeverityCounts::default());
        s.figures.insert("untested_hot_paths".into(), 2.0);
        s.dependencies = vec![dep(0.5), dep(1.5)];
        // 2 x 3 = 6 points; mean libyear 1.0 x 10 = 10 points.
        let g = grade(&s);
        assert_eq!(g.parts[1].points, 6.0);
        assert_eq!(g.parts[2].points, 10.0);
        assert_eq!((g.score, g.letter), (84.0, 'B'));
        s.figures.insert("untested_hot_paths".into(), 9.0);
        s.dependencies = vec![dep(4.0)];
        let g = grade(&s);
        assert_eq!((g.parts[1].points, g.parts[2].points), (15.0, 15.0));
        assert_eq!((g.score, g.letter), (70.0, 'B'));
    }

    #[test]
    fn unknown_lag_is_left_out_not_counted_as_zero() {
        let mut s = snap(50_000, SeverityCounts::default());
        let mut d = dep(0.0);
        d.lag = Lag::default();
        s.dependencies = vec![d];
        assert_eq!(grade(&s).parts[2].input, None);
        // A known lag without a libyear (no release dates) is not a current dependency either.
        let mut dated = dep(2.0);
        let mut undated = dep(0.0);
        undated.lag.libyear = None;
        s.dependencies = vec![dated.clone(), undated];
        let g = grade(&s);
        assert_eq!(g.parts[2].input, Some(2.0));
        assert!(
            g.parts[2]
                .reason
                .contains("(1 dependencies with a known lag)"),
            "{}",
            g.parts[2].reason
        );
        dated.lag.libyear = Some(1.0);
        s.dependencies = vec![dated];
        assert_eq!(grade(&s).parts[2].input, Some(1.0));
    }

    #[test]
    fn a_critical_finding_caps_the_grade_at_c() {
        let s = snap(
            100_000,
            SeverityCounts {
                critical: 1,
                ..SeverityCounts::default()
            },
        );
        let g = grade(&s);
        assert_eq!(g.score, 99.7);
        assert_eq!(g.letter, 'C');
        assert_eq!(
            g.capped.as_deref(),
            Some("capped at C: 1 unsuppressed critical finding")
        );
        // A score already below C is not raised.
        let s = snap(
            1000,
            SeverityCounts {
                critical: 5,
                ..SeverityCounts::default()
            },
        );
        assert_eq!(grade(&s).letter, 'D');
    }
}
