//! NuGet's version order: up to four numbers (`1.0` = `1.0.0.0`), a semver 2 pre-release
//! compared case-insensitively, build metadata ignored.

use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub struct NugetVersion {
    numbers: [u64; 4],
    labels: Vec<String>,
}

impl NugetVersion {
    pub fn parse(text: &str) -> Option<NugetVersion> {
        let t = text.trim();
        let t = t.split_once('+').map_or(t, |(v, _)| v);
        let (release, pre) = match t.split_once('-') {
            Some((r, p)) => (r, Some(p)),
            None => (t, None),
        };
        let parts: Vec<&str> = release.split('.').collect();
        if parts.is_empty() || parts.len() > 4 {
            return None;
        }
        let mut numbers = [0u64; 4];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        let labels = match pre {
            None => Vec::new(),
            Some(p) => {
                let labels: Vec<String> = p.split('.').map(str::to_ascii_lowercase).collect();
                let ok = labels.iter().all(|l| {
                    !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
                if !ok {
                    return None;
                }
                labels
            }
        };
        Some(NugetVersion { numbers, labels })
    }

    pub fn is_prerelease(&self) -> bool {
        !self.labels.is_empty()
    }

    pub fn triple(&self) -> (u64, u64, u64) {
        (self.numbers[0], self.numbers[1], self.numbers[2])
    }
}

impl PartialEq for NugetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for NugetVersion {}
impl PartialOrd for NugetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for NugetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| {
            match (self.labels.is_empty(), other.labels.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => cmp_labels(&self.labels, &other.labels),
            }
        })
    }
}

fn cmp_labels(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let xn = x.bytes().all(|c| c.is_ascii_digit());
        let yn = y.bytes().all(|c| c.is_ascii_digit());
        let o = match (xn, yn) {
            (true, true) => super::cmp_digits(x, y),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}
