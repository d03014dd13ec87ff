//! RubyGems' version order (`Gem::Version`): numeric and letter segments, `-` read as `.pre.`,
//! trailing zeros dropped, any letter marks a pre-release.

use std::cmp::Ordering;

use super::{cmp_digits, triple_of};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Digits without leading zeros ("" is zero).
    Num(String),
    Str(String),
}

#[derive(Debug, Clone)]
pub struct GemVersion {
    canonical: Vec<Segment>,
    prerelease: bool,
    numbers: Vec<u64>,
}

impl GemVersion {
    pub fn parse(text: &str) -> Option<GemVersion> {
        let t = text.trim();
        if !valid(t) {
            return None;
        }
        let prerelease = t.bytes().any(|b| b.is_ascii_alphabetic());
        let t = t.replace('-', ".pre.");
        let mut segments = Vec::new();
        let bytes = t.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            if bytes[i].is_ascii_digit() {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                segments.push(Segment::Num(
                    t[start..i].trim_start_matches('0').to_string(),
                ));
            } else if bytes[i].is_ascii_alphabetic() {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                segments.push(Segment::Str(t[start..i].to_string()));
            } else {
                i += 1;
            }
        }
        let numbers = segments
            .iter()
            .map_while(|s| match s {
                Segment::Num(d) => {
                    Some(d.parse().unwrap_or(if d.is_empty() { 0 } else { u64::MAX }))
                }
                Segment::Str(_) => None,
            })
            .collect();
        let split = segments
            .iter()
            .position(|s| matches!(s, Segment::Str(_)))
            .unwrap_or(segments.len());
        let rest = segments.split_off(split);
        let mut canonical = drop_trailing_zeros(segments);
        canonical.extend(drop_trailing_zeros(rest));
        Some(GemVersion {
            canonical,
            prerelease,
            numbers,
        })
    }

    pub fn is_prerelease(&self) -> bool {
        self.prerelease
    }

    pub fn triple(&self) -> (u64, u64, u64) {
        triple_of(&self.numbers)
    }
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN`: digits, then `.`-separated alphanumerics, then an
/// optional `-` part of alphanumerics and dashes.
fn valid(t: &str) -> bool {
    let (main, pre) = match t.split_once('-') {
        Some((m, p)) => (m, Some(p)),
        None => (t, None),
    };
    let mut parts = main.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let pre_ok = pre.is_none_or(|p| {
        p.split('.')
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    });
    first_ok && rest_ok && pre_ok
}

fn drop_trailing_zeros(mut segments: Vec<Segment>) -> Vec<Segment> {
    while segments.last() == Some(&Segment::Num(String::new())) {
        segments.pop();
    }
    segments
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for GemVersion {}
impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Num(String::new());
        for i in 0..self.canonical.len().max(other.canonical.len()) {
            let l = self.canonical.get(i).unwrap_or(&zero);
            let r = other.canonical.get(i).unwrap_or(&zero);
            let o = match (l, r) {
                (Segment::Num(a), Segment::Num(b)) => cmp_digits(a, b),
                (Segment::Str(a), Segment::Str(b)) => a.cmp(b),
                (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
                (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }
}
