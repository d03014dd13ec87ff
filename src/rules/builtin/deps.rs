//! Builtins over dependency lag: majors behind, libyear, yanked or deprecated versions, and
//! packages whose newest release is years old. Fingerprinted by ecosystem, lockfile and name.

use super::{Context, Hit, short};
use crate::deps::{Dependency, LagStatus};
use crate::rules::Severity;

/// Dependencies with known lag, direct ones only unless the rule's `direct_only` is false.
fn candidates<'a>(
    cx: &'a Context,
    direct_only_default: bool,
) -> impl Iterator<Item = &'a Dependency> {
    let direct_only = cx.option("direct_only", f64::from(u8::from(direct_only_default))) != 0.0;
    cx.project
        .dependencies
        .iter()
        .filter(move |d| d.lag.lag_status == LagStatus::Known && (d.direct || !direct_only))
}

fn hit(d: &Dependency, value: Option<f64>, message: String) -> Hit {
    Hit {
        path: d.source.clone(),
        start_line: d.line.max(1),
        end_line: d.line.max(1),
        symbol: Some(d.name.clone()),
        value,
        severity: None,
        key: d.ecosystem.as_str().to_string(),
        message,
    }
}

fn kind(d: &Dependency) -> &'static str {
    if d.direct { "direct" } else { "transitive" }
}

fn version(d: &Dependency) -> &str {
    d.version.as_deref().unwrap_or("?")
}

pub fn major_behind(cx: &Context) -> Vec<Hit> {
    candidates(cx, true)
        .filter_map(|d| {
            let n = d.lag.majors_behind.filter(|&n| n > 0)?;
            Some(hit(
                d,
                Some(f64::from(n)),
                format!(
                    "{} {} is {n} major version{} behind {} ({} {} dependency)",
                    d.name,
                    version(d),
                    if n == 1 { "" } else { "s" },
                    d.lag.latest.as_deref().unwrap_or("?"),
                    d.ecosystem.as_str(),
                    kind(d)
                ),
            ))
        })
        .collect()
}

pub fn libyear_high(cx: &Context) -> Vec<Hit> {
    candidates(cx, true)
        .filter_map(|d| {
            let y = d.lag.libyear.filter(|&y| y > 0.0)?;
            let date = |s: &Option<String>| {
                s.as_deref()
                    .map_or("?", |s| s.get(..10).unwrap_or(s))
                    .to_string()
            };
            Some(hit(
                d,
                Some(y),
                format!(
                    "{} {} (released {}) is {} libyears behind {} (released {})",
                    d.name,
                    version(d),
                    date(&d.lag.released),
                    short(y),
                    d.lag.latest.as_deref().unwrap_or("?"),
                    date(&d.lag.latest_released)
                ),
            ))
        })
        .collect()
}

pub fn yanked_or_deprecated(cx: &Context) -> Vec<Hit> {
    candidates(cx, false)
        .filter_map(|d| {
            let yanked = d.lag.yanked == Some(true);
            let deprecated = d.lag.deprecated == Some(true);
            if !yanked && !deprecated {
                return None;
            }
            let mut parts = Vec::new();
            if yanked {
                parts.push(format!(
                    "version {} is yanked from the registry",
                    version(d)
                ));
            }
            if deprecated {
                parts.push(match &d.lag.deprecation {
                    Some(m) if !m.trim().is_empty() => format!("deprecated: {}", m.trim()),
                    _ => "deprecated by its maintainers".to_string(),
                });
            }
            let mut h = hit(
                d,
                None,
                format!("{} {}: {}", d.name, version(d), parts.join("; ")),
            );
            h.severity = Some(if yanked {
                Severity::High
            } else {
                Severity::Medium
            });
            Some(h)
        })
        .collect()
}

pub fn abandoned(cx: &Context) -> Vec<Hit> {
    candidates(cx, true)
        .filter_map(|d| {
            let age = d.lag.latest_age_years?;
            Some(hit(
                d,
                Some(age),
                format!(
                    "the newest release of {} ({}) is {} years old: the package is likely abandoned",
                    d.name,
                    d.lag.latest.as_deref().unwrap_or("?"),
                    short(age)
                ),
            ))
        })
        .collect()
}
