//! Release dates as registries write them: RFC 3339 (with fractions and offsets) and HTTP dates
//! (`Last-Modified`), read into Unix seconds and written back as `YYYY-MM-DDTHH:MM:SSZ`.

use crate::util::time::rfc3339_from_unix;

/// Seconds per year for libyear and ages (365.25 days).
pub const YEAR_SECS: f64 = 31_557_600.0;

/// `2018-04-09T00:00:00Z`, `2017-05-21T22:59:24.530541+00:00`, `2021-03-01 10:00:00-05:00`.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.trim().as_bytes();
    if t.len() < 19 {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = t.get(from..from + len)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    let sep = |at: usize, allowed: &[u8]| t.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    if t.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while t.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match t.get(i) {
        Some(b'Z' | b'z') if i + 1 == t.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == t.len() && t[i + 3] == b':' => {
            let off = num(i + 1, 2)? * 3600 + num(i + 4, 2)? * 60;
            if *sign == b'+' { off } else { -off }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

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

/// An RFC 3339 date in the index's canonical form (UTC, whole seconds).
pub fn canonical(text: &str) -> Option<String> {
    parse_rfc3339(text).map(rfc3339_from_unix)
}

/// Howard Hinnant's days-from-civil (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_forms() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2018-04-09T00:00:00Z"), Some(1_523_232_000));
        assert_eq!(
            parse_rfc3339("2018-04-09T00:00:00.123456+00:00"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339("2018-04-09T02:30:00+02:30"),
            Some(1_523_232_000)
        );
        assert_eq!(
            parse_rfc3339("2018-04-08 19:00:00-05:00"),
            Some(1_523_232_000)
        );
        assert_eq!(parse_rfc3339("2000-02-29t00:00:00z"), Some(951_782_400));
        assert_eq!(parse_rfc3339("2018-04-09"), None);
        assert_eq!(parse_rfc3339("2018-13-09T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2018-04-09T00:00:00"), None);
        assert_eq!(parse_rfc3339("2018-04-09T00:00:00.Z"), None);
        assert_eq!(parse_rfc3339("yesterday at noon, roughly"), None);
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
