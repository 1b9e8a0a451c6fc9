//! Client-side validation, done before any request so that bad input fails fast with a
//! clear `invalid_argument` error.

use crate::prelude::*;

use super::error::AuthError;
use super::text::{cat, contains, split_at_any};

/// ITU-T E.164 country calling codes of two and three digits (one-digit codes are 1 and 7).
/// Used to split `+CCNNNN` into `+CC NNNN`, which the JS SDK gets wrong for most countries.
const TWO_DIGIT: &[u16] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// Normalises a phone number to the `+CC NNNN` form the service expects.
///
/// - `+86 13800000000` (already split) is kept, inner spaces and dashes removed;
/// - `+8613800000000` / `+14155550100` are split at the real country code;
/// - a bare national number gets `+86 `, like the JS SDK.
pub fn normalize_phone(input: &str) -> Result<String, AuthError> {
    let text = input.trim();
    let normalized = (|| {
        let Some(rest) = text.strip_prefix('+') else {
            let national = digits_only(text)?;
            return (5..=14)
                .contains(&national.len())
                .then(|| cat(&["+86 ", &national]));
        };
        let (cc, national) = match split_at_any(rest, &[' ', '\u{a0}']) {
            Some((cc, national)) => (cc.to_owned(), digits_only(national)?),
            None => {
                let all = digits_only(rest)?;
                let len = country_code_len(&all)?;
                (all.get(..len)?.to_owned(), all.get(len..)?.to_owned())
            }
        };
        let ok = !cc.is_empty()
            && cc.len() <= 3
            && cc.bytes().all(|b| b.is_ascii_digit())
            && !cc.starts_with('0')
            && (4..=14).contains(&national.len());
        ok.then(|| cat(&["+", &cc, " ", &national]))
    })();
    normalized
        .ok_or_else(|| AuthError::invalid_argument(cat(&["invalid phone number: '", input, "'"])))
}

/// Digits of `text` with spaces, dashes and parentheses removed; `None` for anything else.
fn digits_only(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Length of the country calling code at the start of `digits`.
fn country_code_len(digits: &str) -> Option<usize> {
    let first = digits.as_bytes().first()?;
    match first {
        b'0' => None,
        b'1' | b'7' => Some(1),
        _ => {
            let two = digits
                .get(..2)?
                .bytes()
                .fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
            if TWO_DIGIT.contains(&two) {
                Some(2)
            } else {
                Some(3)
            }
        }
    }
}

/// Checks the shape of an email address (`local@domain.tld`, no spaces) and trims it. The
/// domain's ASCII characters must be letters, digits, `.` or `-`; its other characters are left
/// to the service (Unicode letter tables would add ~2 KB gzipped to the module).
pub fn email(input: &str) -> Result<String, AuthError> {
    let text = input.trim();
    let at = text.bytes().rposition(|b| b == b'@').unwrap_or(0);
    let (local, domain) = (
        text.get(..at).unwrap_or_default(),
        text.get(at + 1..).unwrap_or_default(),
    );
    // No `@` leaves `local` empty, which fails below.
    let ok = !local.is_empty()
        && local.len() <= 64
        && text.len() <= 254
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !contains(domain, "..")
        && text.chars().all(|c| !c.is_whitespace() && !c.is_control())
        && domain
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(text.to_owned())
    } else {
        Err(AuthError::invalid_argument(cat(&[
            "invalid email address: '",
            input,
            "'",
        ])))
    }
}

/// Password rule of the service: 8 to 32 characters with at least one letter and one digit.
pub fn password(input: &str) -> Result<(), AuthError> {
    // Characters, not bytes: every byte that does not continue a UTF-8 sequence starts one.
    let len = input.bytes().filter(|b| b & 0xC0 != 0x80).count();
    if !(8..=32).contains(&len) {
        return Err(AuthError::invalid_argument(
            "password must be 8 to 32 characters long",
        ));
    }
    if !input.chars().any(|c| c.is_ascii_alphabetic()) || !input.chars().any(|c| c.is_ascii_digit())
    {
        return Err(AuthError::invalid_argument(
            "password must contain letters and digits",
        ));
    }
    Ok(())
}

/// Username rule: 2 to 32 ASCII letters, digits, `-` and `_`; not all digits; `-`/`_` not
/// first or last.
pub fn username(input: &str) -> Result<(), AuthError> {
    let bad = |why: &str| {
        Err(AuthError::invalid_argument(cat(&[
            "invalid username: ",
            why,
        ])))
    };
    if !(2..=32).contains(&input.len()) {
        return bad("must be 2 to 32 characters long");
    }
    if !input
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return bad("only letters, digits, '-' and '_' are allowed");
    }
    if input.bytes().all(|b| b.is_ascii_digit()) {
        return bad("must not be all digits");
    }
    if input.starts_with(['-', '_']) || input.ends_with(['-', '_']) {
        return bad("'-' and '_' may not be first or last");
    }
    Ok(())
}

/// A required, non-empty string argument.
pub fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, AuthError> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(AuthError::invalid_argument(cat(&[name, " is required"]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_of_many_countries() {
        let cases = [
            ("+86 13800000000", "+86 13800000000"),
            ("+8613800000000", "+86 13800000000"),
            ("13800000000", "+86 13800000000"),
            ("+14155550100", "+1 4155550100"),
            ("+1 (415) 555-0100", "+1 4155550100"),
            ("+447911123456", "+44 7911123456"),
            ("+85291234567", "+852 91234567"),
            ("+886912345678", "+886 912345678"),
            ("+79161234567", "+7 9161234567"),
            ("+4915123456789", "+49 15123456789"),
            ("+2348031234567", "+234 8031234567"),
            ("+353 85 123 4567", "+353 851234567"),
        ];
        for (input, want) in cases {
            assert_eq!(
                normalize_phone(input).ok().as_deref(),
                Some(want),
                "{input}"
            );
        }
        for bad in [
            "",
            "+",
            "+86",
            "abc",
            "+86 1380000abcd",
            "+0 123456",
            "+1234 5678",
            "12",
        ] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email(" a.b+c@example.com ").ok().as_deref(),
            Some("a.b+c@example.com")
        );
        // Internationalised domains are left to the service (any non-ASCII character passes).
        assert!(email("anna@bücher.de").is_ok());
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@.com",
            "a b@c.com",
            "a@b..com",
            "a@b.com-",
            "a@b_c.com",
            "a@b\u{2003}c.com",
            "a@exa mple.com",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_and_usernames() {
        assert!(password("Passw0rd!").is_ok());
        assert!(password("short1").is_err());
        assert!(password("onlyletters").is_err());
        assert!(password("123456789").is_err());
        assert!(password(&"a1".repeat(17)).is_err());
        assert!(username("alice_01").is_ok());
        for bad in ["a", "12345", "_alice", "alice-", "al ice", "名字ab"] {
            assert!(username(bad).is_err(), "{bad}");
        }
    }
}
