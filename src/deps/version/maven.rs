//! Maven's version order (the ComparableVersion rules of Maven 3): items split at `.`, `-` and
//! digit/letter changes, qualifiers alpha < beta < milestone < rc = cr < snapshot < "" = ga < sp.

use std::cmp::Ordering;

use super::{cmp_digits, leading_numbers, triple_of};

/// The known qualifiers in order; the empty one is the release itself.
const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE: usize = 5;

/// Qualifiers outside Maven's list that still mark a pre-release for "latest" (they order as
/// unknown qualifiers, after the release, as Maven does).
const PRERELEASE_WORDS: [&str; 5] = ["preview", "pre", "ea", "dev", "nightly"];

#[derive(Debug, Clone)]
enum Item {
    /// Digits without leading zeros ("" is zero).
    Int(String),
    /// A qualifier after aliasing (a1 -> alpha, cr -> rc, final/ga/release -> "").
    Str(String),
    List(Vec<Item>),
}

#[derive(Debug, Clone)]
pub struct MavenVersion {
    items: Vec<Item>,
    text: String,
}

impl MavenVersion {
    pub fn parse(text: &str) -> Option<MavenVersion> {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty()
            || t.chars()
                .any(|c| c.is_whitespace() || c == ',' || c == '[' || c == '(')
        {
            return None;
        }
        let mut chain: Vec<Vec<Item>> = vec![Vec::new()];
        let bytes = t.as_bytes();
        let mut start = 0usize;
        let mut is_digit = false;
        for (i, &c) in bytes.iter().enumerate() {
            let current = chain.len() - 1;
            if c == b'.' || c == b'-' {
                let item = if i == start {
                    Item::Int(String::new())
                } else {
                    parse_item(&t[start..i], false)
                };
                chain[current].push(item);
                start = i + 1;
                if c == b'-' {
                    chain.push(Vec::new());
                }
            } else if c.is_ascii_digit() {
                if !is_digit && i > start {
                    chain[current].push(parse_item(&t[start..i], true));
                    start = i;
                    chain.push(Vec::new());
                }
                is_digit = true;
            } else {
                if is_digit && i > start {
                    chain[current].push(parse_item(&t[start..i], false));
                    start = i;
                    chain.push(Vec::new());
                }
                is_digit = false;
            }
        }
        if t.len() > start {
            let current = chain.len() - 1;
            chain[current].push(parse_item(&t[start..], false));
        }
        let mut inner = chain.pop().unwrap_or_default();
        normalize(&mut inner);
        while let Some(mut parent) = chain.pop() {
            parent.push(Item::List(inner));
            normalize(&mut parent);
            inner = parent;
        }
        Some(MavenVersion {
            items: inner,
            text: t,
        })
    }

    pub fn is_prerelease(&self) -> bool {
        fn any(items: &[Item]) -> bool {
            items.iter().any(|i| match i {
                Item::Int(_) => false,
                Item::Str(s) => {
                    QUALIFIERS[..RELEASE].contains(&s.as_str())
                        || PRERELEASE_WORDS.iter().any(|w| s.starts_with(w))
                }
                Item::List(l) => any(l),
            })
        }
        any(&self.items)
    }

    pub fn triple(&self) -> (u64, u64, u64) {
        triple_of(&leading_numbers(&self.text))
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for MavenVersion {}
impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_lists(&self.items, &other.items)
    }
}

fn parse_item(buf: &str, followed_by_digit: bool) -> Item {
    if buf.bytes().all(|b| b.is_ascii_digit()) {
        return Item::Int(buf.trim_start_matches('0').to_string());
    }
    let q = match buf {
        "a" if followed_by_digit => "alpha",
        "b" if followed_by_digit => "beta",
        "m" if followed_by_digit => "milestone",
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    Item::Str(q.to_string())
}

/// Maven's comparable form of a qualifier: its index in the list, or "7-" + the qualifier.
fn comparable(q: &str) -> String {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => i.to_string(),
        None => format!("{}-{q}", QUALIFIERS.len()),
    }
}

fn is_null(item: &Item) -> bool {
    match item {
        Item::Int(d) => d.is_empty(),
        Item::Str(s) => comparable(s) == RELEASE.to_string(),
        Item::List(l) => l.is_empty(),
    }
}

/// Drop trailing null items (0, "", empty lists), also those before a trailing sub-list.
fn normalize(items: &mut Vec<Item>) {
    let mut i = items.len();
    while i > 0 {
        i -= 1;
        if is_null(&items[i]) {
            items.remove(i);
        } else if !matches!(items[i], Item::List(_)) {
            break;
        }
    }
}

fn cmp_item(a: &Item, b: Option<&Item>) -> Ordering {
    match (a, b) {
        (Item::Int(x), None) => {
            if x.is_empty() {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        (Item::Int(x), Some(Item::Int(y))) => cmp_digits(x, y),
        (Item::Int(_), Some(_)) => Ordering::Greater,
        (Item::Str(x), None) => comparable(x).cmp(&RELEASE.to_string()),
        (Item::Str(_), Some(Item::Int(_))) => Ordering::Less,
        (Item::Str(x), Some(Item::Str(y))) => comparable(x).cmp(&comparable(y)),
        (Item::Str(_), Some(Item::List(_))) => Ordering::Less,
        (Item::List(l), None) => match l.first() {
            None => Ordering::Equal,
            Some(first) => cmp_item(first, None),
        },
        (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
        (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
        (Item::List(x), Some(Item::List(y))) => cmp_lists(x, y),
    }
}

fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let result = match (a.get(i), b.get(i)) {
            (None, None) => Ordering::Equal,
            (None, Some(r)) => cmp_item(r, None).reverse(),
            (Some(l), r) => cmp_item(l, r),
        };
        if result != Ordering::Equal {
            return result;
        }
    }
    Ordering::Equal
}
