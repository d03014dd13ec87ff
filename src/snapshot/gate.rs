//! The CI quality gate: `--fail-on` severities (all or only new/worsened findings) and the
//! `[gate]` limits on new findings, libyear and complexity growth, judged on one snapshot.

use super::{BaselineStatus, GateFailure, GateVerdict, Snapshot};
use crate::config::{FailOn, GateConfig};
use crate::rules::Finding;

/// At most this many fingerprints are listed per failed condition.
const LISTED: usize = 100;

/// What the gate checks: the `--fail-on` conditions (command line, then `[gate] fail_on`) and
/// the config's limits.
#[derive(Debug, Clone, Default)]
pub struct GateSpec {
    pub fail_on: Vec<FailOn>,
    pub max_new_findings: Option<u64>,
    pub max_libyear_increase: Option<f64>,
    pub max_complexity_increase_pct: Option<f64>,
}

impl GateSpec {
    /// `--fail-on` values first, then `[gate]` (validated when the config was loaded).
    pub fn new(cli: &[FailOn], cfg: &GateConfig) -> GateSpec {
        let mut fail_on = cli.to_vec();
        for f in cfg.fail_on.iter().filter_map(|t| FailOn::parse(t).ok()) {
            if !fail_on.contains(&f) {
                fail_on.push(f);
            }
        }
        GateSpec {
            fail_on,
            max_new_findings: cfg.max_new_findings,
            max_libyear_increase: cfg.max_libyear_increase,
            max_complexity_increase_pct: cfg.max_complexity_increase_pct,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fail_on.is_empty()
            && self.max_new_findings.is_none()
            && self.max_libyear_increase.is_none()
            && self.max_complexity_increase_pct.is_none()
    }
}

/// New or worsened against the baseline; without a baseline every finding is new.
fn is_new(f: &Finding) -> bool {
    matches!(
        f.baseline_status,
        None | Some(BaselineStatus::New) | Some(BaselineStatus::Worsened)
    )
}

/// Judge the snapshot; `None` when no condition is configured.
pub fn evaluate(s: &Snapshot, spec: &GateSpec) -> Option<GateVerdict> {
    if spec.is_empty() {
        return None;
    }
    let has_baseline = s.delta.is_some();
    let live: Vec<&Finding> = s.findings.iter().filter(|f| !f.suppressed).collect();
    let mut v = GateVerdict {
        passed: true,
        ..GateVerdict::default()
    };
    let fail = |v: &mut GateVerdict, condition: &str, message: String, found: &[&Finding]| {
        v.failures.push(GateFailure {
            condition: condition.to_string(),
            message,
            findings: found
                .iter()
                .take(LISTED)
                .map(|f| f.fingerprint.clone())
                .collect(),
        });
    };
    for f in &spec.fail_on {
        let condition = format!("--fail-on {f}");
        let hits: Vec<&Finding> = live
            .iter()
            .copied()
            .filter(|x| x.severity >= f.severity && (!f.new_only || is_new(x)))
            .collect();
        let scope = match (f.new_only, has_baseline) {
            (false, _) => "",
            (true, true) => "new or worsened ",
            (true, false) => "new (no baseline: every finding is new) ",
        };
        v.conditions.push(condition.clone());
        if !hits.is_empty() {
            let message = format!(
                "{} {scope}finding{} at or above {}",
                hits.len(),
                if hits.len() == 1 { "" } else { "s" },
                f.severity.as_str()
            );
            fail(&mut v, &condition, message, &hits);
        }
    }
    let skipped =
        |v: &mut GateVerdict, c: String| v.conditions.push(format!("{c} (skipped: no baseline)"));
    if let Some(max) = spec.max_new_findings {
        let c = format!("max_new_findings = {max}");
        if has_baseline {
            let hits: Vec<&Finding> = live.iter().copied().filter(|f| is_new(f)).collect();
            v.conditions.push(c.clone());
            if hits.len() as u64 > max {
                let message = format!(
                    "{} new or worsened findings (at most {max} allowed)",
                    hits.len()
                );
                fail(&mut v, &c, message, &hits);
            }
        } else {
            skipped(&mut v, c);
        }
    }
    let figure = |name: &str| s.delta.as_ref().and_then(|d| d.figures.get(name)).copied();
    if let Some(max) = spec.max_libyear_increase {
        let c = format!("max_libyear_increase = {max}");
        match figure("libyear_total") {
            Some(d) => {
                v.conditions.push(c.clone());
                if d.delta > max {
                    let message = format!(
                        "total libyear grew by {:.1} ({:.1} -> {:.1}; at most {max} allowed)",
                        d.delta, d.old, d.new
                    );
                    fail(&mut v, &c, message, &[]);
                }
            }
            None if has_baseline => v
                .conditions
                .push(format!("{c} (skipped: no libyear in one of the snapshots)")),
            None => skipped(&mut v, c),
        }
    }
    if let Some(max) = spec.max_complexity_increase_pct {
        let c = format!("max_complexity_increase_pct = {max}");
        match figure("cyclomatic_sum") {
            Some(d) => {
                v.conditions.push(c.clone());
                let pct = if d.old > 0.0 {
                    d.delta / d.old * 100.0
                } else {
                    0.0
                };
                if pct > max {
                    let message = format!(
                        "total cyclomatic complexity grew by {pct:.1}% ({} -> {}; at most {max}% allowed)",
                        d.old, d.new
                    );
                    fail(&mut v, &c, message, &[]);
                }
            }
            None => skipped(&mut v, c),
        }
    }
    v.passed = v.failures.is_empty();
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Category, Severity};
    use crate::snapshot::{Delta, FigureDelta};

    fn finding(sev: Severity, status: Option<BaselineStatus>, fp: &str) -> Finding {
        Finding {
            rule_id: "complexity/cognitive-high".into(),
            severity: sev,
            category: Category::Complexity,
            path: "billing/invoice.py".into(),
            start_line: 1,
            end_line: 9,
            symbol: Some("post".into()),
            message: "m".into(),
            metric: None,
            value: None,
            threshold: None,
            fingerprint: fp.into(),
            suppressed: false,
            suppression: None,
            content_hash: None,
            baseline_status: status,
        }
    }

    fn snap(findings: Vec<Finding>, delta: Option<Delta>) -> Snapshot {
        let mut s: Snapshot = serde_json::from_str(include_str!("testdata/minimal.json")).unwrap();
        s.findings = findings;
        s.delta = delta;
        s
    }

    fn spec(fail_on: &[&str]) -> GateSpec {
        GateSpec {
            fail_on: fail_on.iter().map(|f| FailOn::parse(f).unwrap()).collect(),
            ..GateSpec::default()
        }
    }

    #[test]
    fn fail_on_counts_findings_at_or_above_the_severity_and_never_suppressed_ones() {
        let mut suppressed = finding(Severity::Critical, None, "s");
        suppressed.suppressed = true;
        let s = snap(
            vec![
                finding(Severity::Medium, None, "a"),
                finding(Severity::High, None, "b"),
                suppressed,
            ],
            None,
        );
        assert!(evaluate(&s, &GateSpec::default()).is_none());
        let v = evaluate(&s, &spec(&["critical"])).unwrap();
        assert!(v.passed, "{v:?}");
        let v = evaluate(&s, &spec(&["high"])).unwrap();
        assert!(!v.passed);
        assert_eq!(v.failures[0].message, "1 finding at or above high");
        assert_eq!(v.failures[0].findings, ["b"]);
        let v = evaluate(&s, &spec(&["medium"])).unwrap();
        assert_eq!(v.failures[0].findings, ["a", "b"]);
    }

    #[test]
    fn new_only_conditions_look_at_new_and_worsened_findings() {
        let delta = Some(Delta::default());
        let s = snap(
            vec![
                finding(Severity::High, Some(BaselineStatus::Unchanged), "u"),
                finding(Severity::High, Some(BaselineStatus::Improved), "i"),
                finding(Severity::Medium, Some(BaselineStatus::New), "n"),
                finding(Severity::High, Some(BaselineStatus::Worsened), "w"),
            ],
            delta,
        );
        let v = evaluate(&s, &spec(&["new:high"])).unwrap();
        assert_eq!(v.failures.len(), 1);
        assert_eq!(v.failures[0].findings, ["w"]);
        assert_eq!(
            v.failures[0].message,
            "1 new or worsened finding at or above high"
        );
        assert!(evaluate(&s, &spec(&["new:critical"])).unwrap().passed);
        let v = evaluate(&s, &spec(&["new:medium"])).unwrap();
        assert_eq!(v.failures[0].findings, ["n", "w"]);
    }

    #[test]
    fn limits_use_the_delta_and_are_skipped_without_a_baseline() {
        let fd = |old: f64, new: f64| FigureDelta {
            old,
            new,
            delta: new - old,
        };
        let mut delta = Delta::default();
        delta.figures.insert("libyear_total".into(), fd(10.0, 13.5));
        delta
            .figures
            .insert("cyclomatic_sum".into(), fd(1000.0, 1040.0));
        let s = snap(
            vec![finding(Severity::Low, Some(BaselineStatus::New), "n")],
            Some(delta),
        );
        let limits = |n: u64, l: f64, c: f64| GateSpec {
            max_new_findings: Some(n),
            max_libyear_increase: Some(l),
            max_complexity_increase_pct: Some(c),
            ..GateSpec::default()
        };
        let v = evaluate(&s, &limits(1, 4.0, 5.0)).unwrap();
        assert!(v.passed, "{v:?}");
        let v = evaluate(&s, &limits(0, 3.0, 3.0)).unwrap();
        let msgs: Vec<&str> = v.failures.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "1 new or worsened findings (at most 0 allowed)",
                "total libyear grew by 3.5 (10.0 -> 13.5; at most 3 allowed)",
                "total cyclomatic complexity grew by 4.0% (1000 -> 1040; at most 3% allowed)",
            ]
        );
        let no_base = snap(vec![finding(Severity::Low, None, "n")], None);
        let v = evaluate(&no_base, &limits(0, 0.0, 0.0)).unwrap();
        assert!(v.passed);
        assert!(
            v.conditions
                .iter()
                .all(|c| c.ends_with("(skipped: no baseline)")),
            "{:?}",
            v.conditions
        );
    }
}
