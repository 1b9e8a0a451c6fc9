//! ISO-8601 UTC timestamps (`2026-11-22T10:25:23.002Z`), as the JS SDK stores `expires_at`.

use crate::prelude::*;

/// Appends `n` with at least `width` digits (zero-padded).
fn push_padded(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
    }
    let digits = n.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// The last instant with a four-digit year, 9999-12-31T23:59:59.999Z (Unix milliseconds).
const LAST_MS: f64 = 253_402_300_799_999.0;

/// Formats milliseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`: times before 1970
/// as its start and after the year 9999 as its end (a far expiry a server may give stays
/// readable).
pub fn format_iso(ms: f64) -> String {
    let ms = if ms.is_finite() {
        ms.clamp(0.0, LAST_MS) as i64
    } else {
        0
    };
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
    let (min, rem) = (rem / 60_000, rem % 60_000);
    let (s, milli) = (rem / 1000, rem % 1000);
    let mut out = String::with_capacity(24);
    for (n, width, sep) in [
        (y, 4, '-'),
        (m, 2, '-'),
        (d, 2, 'T'),
        (h, 2, ':'),
        (min, 2, ':'),
        (s, 2, '.'),
        (milli, 3, 'Z'),
    ] {
        push_padded(&mut out, n, width);
        out.push(sep);
    }
    out
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`) into milliseconds since the epoch.
/// `None` for anything else.
pub fn parse_iso(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = text.get(from..from + len)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(part.bytes().fold(0, |n, c| n * 10 + i64::from(c - b'0')))
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0.0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = text.get(start..i)?;
        if digits.is_empty() {
            return None;
        }
        frac_ms = digits
            .bytes()
            .chain(*b"000")
            .take(3)
            .fold(0.0, |acc, c| acc * 10.0 + f64::from(c - b'0'));
    }
    match text.get(i..)? {
        "Z" | "z" | "+00:00" | "+0000" => {}
        _ => return None,
    }
    let days = days_from_civil(y, mo, d);
    Some((((days * 24 + h) * 60 + mi) * 60 + s) as f64 * 1000.0 + frac_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for ms in [
            0.0,
            1_795_335_953_002.0,
            951_782_400_000.0,
            4_102_444_799_999.0,
        ] {
            assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
        }
        assert_eq!(format_iso(1_795_335_953_002.0), "2026-11-22T08:25:53.002Z");
        assert_eq!(
            parse_iso("2026-11-22T10:25:23.002Z"),
            Some(1_795_343_123_002.0)
        );
        assert_eq!(parse_iso("2026-01-01T00:00:00Z"), Some(1_767_225_600_000.0));
        // Past the year 9999 (an `expires_in` of ~2.5e11 s or more), the last readable instant.
        for far in [LAST_MS, LAST_MS + 1.0, 1e20, f64::MAX] {
            assert_eq!(format_iso(far), "9999-12-31T23:59:59.999Z");
        }
        assert_eq!(parse_iso(&format_iso(1e20)), Some(LAST_MS));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "x026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+08:00",
            "２０２６-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
