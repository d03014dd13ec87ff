//! Wording shared by every output: how figures, deltas and dates are written, and how long
//! repository text is cut.

use crate::snapshot::figures::{Better, spec};

/// The key figures the summaries show, in order (names from `snapshot::figures::FIGURES`).
pub const KEY_FIGURES: &[&str] = &[
    "findings_total",
    "findings_critical",
    "findings_high",
    "findings_medium",
    "hotspots",
    "untested_hot_paths",
    "functions_tested_share",
    "libyear_total",
    "dependencies_behind_major",
    "cognitive_p90",
    "cyclomatic_sum",
    "nloc",
];

/// What a report shows for a figure the snapshot did not measure (never 0).
pub const NOT_MEASURED: &str = "not measured";

/// A figure's label (its name when unknown).
pub fn label(name: &str) -> &str {
    spec(name).map_or(name, |s| s.label)
}

/// A number as people read it: integers plain, others with up to `decimals` places (trailing
/// zeros dropped).
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    // Half away from zero (format! alone rounds ties to even).
    let scale = 10f64.powi(decimals.min(12) as i32);
    let v = (v * scale).round() / scale;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A key figure's value: shares as percentages, libyears and means with one or two decimals.
pub fn figure_value(name: &str, v: f64) -> String {
    if name.ends_with("_share") {
        format!("{}%", num(v * 100.0, 1))
    } else if name.starts_with("libyear") {
        num(v, 1)
    } else {
        num(v, 2)
    }
}

/// A figure's change written with its sign (`+3`, `-0.5`, `±0`).
pub fn signed_delta(name: &str, d: f64) -> String {
    if d == 0.0 {
        return "±0".into();
    }
    let body = if name.ends_with("_share") {
        format!("{} pts", num(d.abs() * 100.0, 1))
    } else {
        figure_value(name, d.abs())
    };
    format!("{}{body}", if d > 0.0 { "+" } else { "-" })
}

/// Whether a change is good, bad or neither for that figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Same,
    /// A size figure (files, lines): neither good nor bad.
    Neutral,
}

impl Trend {
    pub fn of(name: &str, delta: f64) -> Trend {
        if delta == 0.0 {
            return Trend::Same;
        }
        match spec(name).map(|s| s.better) {
            Some(Better::Lower) if delta < 0.0 => Trend::Better,
            Some(Better::Lower) => Trend::Worse,
            Some(Better::Higher) if delta > 0.0 => Trend::Better,
            Some(Better::Higher) => Trend::Worse,
            _ => Trend::Neutral,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Same => "same",
            Trend::Neutral => "neutral",
        }
    }
}

/// The arrow of a change: up, down or level.
pub fn arrow(delta: f64) -> &'static str {
    if delta > 0.0 {
        "▲"
    } else if delta < 0.0 {
        "▼"
    } else {
        "="
    }
}

/// The date part of an RFC 3339 timestamp (`2026-07-01T00:00:00Z` -> `2026-07-01`).
pub fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// Cut `s` to at most `max` characters, marking the cut with `…`; newlines become spaces.
pub fn clip(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Text from the repository made safe for a terminal or a CI log, one line per call: control
/// characters (C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional
/// overrides are shown escaped (`\n`, `\r`, `\t`, `\x1b`, `\u{202e}`), so a file named
/// `x\n::add-mask::…` cannot start a CI workflow command and an escape sequence cannot drive the
/// terminal (README "Security"). Everything else, backslashes included, is kept as it is.
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && needs_escape(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'
                ..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `1 commit`, `3 commits`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(3.0, 2), "3");
        assert_eq!(num(2.50, 2), "2.5");
        assert_eq!(num(0.125, 2), "0.13");
        assert_eq!(num(-0.001, 2), "0");
        assert_eq!(figure_value("functions_tested_share", 0.625), "62.5%");
        assert_eq!(figure_value("libyear_total", 12.34), "12.3");
    }

    #[test]
    fn deltas_are_signed_and_judged_by_direction() {
        assert_eq!(signed_delta("findings_high", 3.0), "+3");
        assert_eq!(signed_delta("libyear_total", -1.25), "-1.3");
        assert_eq!(signed_delta("functions_tested_share", 0.05), "+5 pts");
        assert_eq!(signed_delta("hotspots", 0.0), "±0");
        assert_eq!(Trend::of("findings_high", 3.0), Trend::Worse);
        assert_eq!(Trend::of("findings_high", -1.0), Trend::Better);
        assert_eq!(Trend::of("functions_tested_share", 0.1), Trend::Better);
        assert_eq!(Trend::of("functions", 10.0), Trend::Neutral);
        assert_eq!(Trend::of("functions", 0.0), Trend::Same);
    }

    #[test]
    fn escape_control_shows_control_and_bidi_characters() {
        assert_eq!(escape_control("src/a.py"), "src/a.py");
        assert!(matches!(
            escape_control("ok"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            escape_control("x\n::add-mask::secret\r\t"),
            "x\\n::add-mask::secret\\r\\t"
        );
        assert_eq!(
            escape_control("\u{1b}[31mred\u{7f}\0"),
            "\\x1b[31mred\\x7f\\x00"
        );
        assert_eq!(escape_control("a\u{85}b\u{9b}"), "a\\u{0085}b\\u{009b}");
        assert_eq!(
            escape_control("evil\u{202e}txt.exe\u{2066}\u{2028}"),
            "evil\\u{202e}txt.exe\\u{2066}\\u{2028}"
        );
        assert_eq!(escape_control("C:\\dir é"), "C:\\dir é");
    }

    #[test]
    fn clip_cuts_on_characters_and_flattens_lines() {
        assert_eq!(clip("a\nb", 10), "a b");
        assert_eq!(clip("ééééé", 3), "éé…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
