//! Composer's version order (Packagist): `v` prefix, four numbers, then a stability
//! dev < alpha < beta < RC < stable < patch with its own numbers, and a `-dev` suffix.

use std::sync::OnceLock;

use regex::Regex;

const DEV: u8 = 0;
const STABLE: u8 = 4;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ComposerVersion {
    numbers: [u64; 4],
    /// dev 0, alpha 1, beta 2, RC 3, stable 4, patch 5.
    stability: u8,
    stability_numbers: Vec<u64>,
    /// `false` for a `-dev` suffix after a stability (`1.0.0-beta2-dev` < `1.0.0-beta2`).
    not_dev: bool,
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?([.-]?dev)?$",
        )
        .ok()
    })
    .as_ref()
}

impl ComposerVersion {
    /// A release version; `None` for branches (`dev-main`, `2.x-dev`) and ranges.
    pub fn parse(text: &str) -> Option<ComposerVersion> {
        let t = text.trim();
        let t = t.split_once('+').map_or(t, |(v, _)| v);
        let caps = pattern()?.captures(t)?;
        let mut numbers = [0u64; 4];
        for (i, slot) in numbers.iter_mut().enumerate() {
            if let Some(m) = caps.get(i + 1) {
                *slot = m.as_str().parse().ok()?;
            }
        }
        let word = caps.get(5).map(|m| m.as_str().to_ascii_lowercase());
        let dev = caps.get(7).is_some();
        let stability = match word.as_deref() {
            None | Some("stable") if dev => DEV,
            None | Some("stable") => STABLE,
            Some("alpha" | "a") => 1,
            Some("beta" | "b") => 2,
            Some("rc") => 3,
            _ => 5,
        };
        let stability_numbers = caps
            .get(6)
            .map(|m| {
                m.as_str()
                    .split(['.', '-'])
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse().unwrap_or(u64::MAX))
                    .collect()
            })
            .unwrap_or_default();
        Some(ComposerVersion {
            numbers,
            stability,
            stability_numbers,
            not_dev: !dev || stability == DEV,
        })
    }

    pub fn is_prerelease(&self) -> bool {
        self.stability < STABLE || !self.not_dev
    }

    pub fn triple(&self) -> (u64, u64, u64) {
        (self.numbers[0], self.numbers[1], self.numbers[2])
    }
}
