//! Timestamps without a date crate, the one time module of the crate: RFC 3339 as quarterdeck
//! writes and reads it (lenient, for snapshots and `--since`), RFC 3339 as registries write it
//! (strict: a whole timestamp with its offset), HTTP dates (`Last-Modified`), the civil-from-days
//! conversion, and `SOURCE_DATE_EPOCH` for reproducible output.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now (or `SOURCE_DATE_EPOCH` when set to a number) as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_rfc3339() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let secs = fixed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    });
    rfc3339_from_unix(secs)
}

/// Seconds since the Unix epoch as an RFC 3339 UTC timestamp.
pub fn rfc3339_from_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parse `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`, `±HH:MM` or no offset
/// (UTC), also with a space for `T`, into seconds since the Unix epoch.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = t.get(r)?;
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if b.len() == 10 {
        return Some(secs);
    }
    if b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
        return None;
    }
    let (hh, mm) = (num(11..13)?, num(14..16)?);
    if b.get(13) != Some(&b':') || hh > 23 || mm > 59 {
        return None;
    }
    let mut i = 16;
    let mut ss = 0;
    if b.get(i) == Some(&b':') {
        ss = num(17..19)?;
        if ss > 60 {
            return None;
        }
        i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    secs += hh * 3600 + mm * 60 + ss;
    match b.get(i) {
        None => Some(secs),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(secs),
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let off = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
            Some(if sign == b'+' { secs - off } else { secs + off })
        }
        _ => None,
    }
}

/// A registry's release date: RFC 3339 with seconds and an explicit offset
/// (`2018-04-09T00:00:00Z`, `2017-05-21T22:59:24.530541+00:00`, `2021-03-01 10:00:00-05:00`); a
/// date alone, a time without seconds or offset, or an empty fraction is refused.
pub fn parse_rfc3339_strict(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let n = b.len();
    let offset = match b.last() {
        Some(b'Z' | b'z') => true,
        _ => n >= 6 && matches!(b[n - 6], b'+' | b'-') && b[n - 3] == b':',
    };
    let fraction_ok = b.get(19) != Some(&b'.') || b.get(20).is_some_and(u8::is_ascii_digit);
    if n < 19 || b[16] != b':' || !offset || !fraction_ok {
        return None;
    }
    parse_rfc3339(text)
}

/// Seconds per year for libyear and ages (365.25 days).
pub const YEAR_SECS: f64 = 31_557_600.0;

/// An HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, zone] = parts.as_slice() else {
        return None;
    };
    if *zone != "GMT" && *zone != "UTC" {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mo = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let d: i64 = day.parse().ok()?;
    let y: i64 = year.parse().ok()?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, mi, s] = hms.as_slice() else {
        return None;
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// A registry's RFC 3339 date in the offline index's canonical form (UTC, whole seconds).
pub fn canonical(text: &str) -> Option<String> {
    parse_rfc3339_strict(text).map(rfc3339_from_unix)
}

/// Howard Hinnant's civil-to-days algorithm (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_795_357_230), "2026-11-22T14:20:30Z");
        assert_eq!(rfc3339_from_unix(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parse_round_trips_and_offsets() {
        for secs in [0, 951_782_400, 1_795_357_230, -1, 4_102_444_800] {
            assert_eq!(parse_rfc3339(&rfc3339_from_unix(secs)), Some(secs));
        }
        assert_eq!(parse_rfc3339("2026-11-22"), Some(1_795_305_600));
        assert_eq!(
            parse_rfc3339("2026-11-22T14:20:30.123Z"),
            Some(1_795_357_230)
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T16:20:30+02:00"),
            Some(1_795_357_230)
        );
        assert_eq!(parse_rfc3339("2026-11-22 14:20"), Some(1_795_357_200));
        for bad in [
            "",
            "2026",
            "2026-13-01",
            "2026-11-22X",
            "2026-11-22T25:00",
            "yesterday",
            "2026-11-22T14:20:30+2",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_forms() {
        assert_eq!(parse_rfc3339_strict("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_strict("2018-04-09T00:00:00Z"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339_strict("2018-04-09T00:00:00.123456+00:00"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339_strict("2018-04-09T02:30:00+02:30"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339_strict("2018-04-08 19:00:00-05:00"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339_strict("2000-02-29t00:00:00z"),
            Some(951_782_400)
        );
        assert_eq!(parse_rfc3339_strict("2018-04-09"), None);
        assert_eq!(parse_rfc3339_strict("2018-13-09T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_strict("2018-04-09T00:00:00"), None);
        assert_eq!(parse_rfc3339_strict("2018-04-09T00:00:00.Z"), None);
        assert_eq!(parse_rfc3339_strict("yesterday at noon, roughly"), None);
    }

    #[test]
    fn http_dates_and_canonical_form() {
        assert_eq!(
            parse_http_date("Mon, 09 Apr 2018 00:00:00 GMT"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("06 Nov 1994 08:49:37"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        assert_eq!(
            canonical("2017-05-21T22:59:24.530541+00:00").as_deref(),
            Some("2017-05-21T22:59:24Z")
        );
    }
}
