//! Client-side validation, done before any request so that bad input fails fast with a
//! clear `invalid_argument` error.

use crate::prelude::*;

use super::code_errors;
use super::error::AuthError;

/// ITU-T E.164 country calling codes of two digits (one-digit codes are 1 and 7).
const TWO_DIGIT: &[u16] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// The assigned geographic country calling codes of three digits.
const THREE_DIGIT: &[u16] = &[
    211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233,
    234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252,
    253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297,
    298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376,
    377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504,
    505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674,
    675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 850, 852,
    853, 855, 856, 880, 886, 960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974,
    975, 976, 977, 992, 993, 994, 995, 996, 998,
];

/// Normalises a phone number to the `+CC NNNN` form the service expects, or refuses it with
/// `invalid_phone` before any request.
///
/// - spaces, dashes and parentheses are formatting: `+86 138 0013 8000`, `+8613800138000` and
///   `+861 3800138000` are one number, split at its real country code (the JS SDK splits
///   `+14155550100` as `+14 155550100`);
/// - `+86` numbers must be mainland mobile numbers: `1[3-9]` and 9 more digits (a trunk `0`
///   before them is dropped);
/// - other numbers are E.164: an assigned country code and at most 15 digits in all (10 national
///   digits for `+1` and `+7`);
/// - a bare 11-digit number gets `+86 `, like the JS SDK.
pub fn normalize_phone(input: &str) -> Result<String, AuthError> {
    let text = input.trim();
    let normalized = (|| {
        let (cc, national) = match text.strip_prefix('+') {
            None => {
                let national = digits_only(text)?;
                (national.len() == 11).then_some(())?;
                ("86".to_owned(), national)
            }
            Some(rest) => {
                let all = digits_only(rest)?;
                let len = country_code_len(&all)?;
                (all.get(..len)?.to_owned(), all.get(len..)?.to_owned())
            }
        };
        let national = match cc.as_str() {
            "86" => {
                let n = national.trim_start_matches('0');
                let mobile = matches!(n.as_bytes(), [b'1', b'3'..=b'9', ..]) && n.len() == 11;
                mobile.then_some(n)?
            }
            "1" | "7" => (national.len() == 10).then_some(national.as_str())?,
            _ => (4..=15usize.saturating_sub(cc.len()))
                .contains(&national.len())
                .then_some(national.as_str())?,
        };
        Some(["+", &cc, " ", national].concat())
    })();
    normalized.ok_or_else(|| {
        AuthError::new(
            code_errors::INVALID_PHONE,
            ["invalid phone number: '", input, "'"].concat(),
        )
    })
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

/// Length of the assigned country calling code at the start of `digits`.
fn country_code_len(digits: &str) -> Option<usize> {
    let number = |len: usize| {
        digits
            .get(..len)
            .filter(|d| d.len() == len)
            .map(|d| d.bytes().fold(0u16, |n, c| n * 10 + u16::from(c - b'0')))
    };
    match digits.as_bytes().first()? {
        b'1' | b'7' => Some(1),
        _ if TWO_DIGIT.contains(&number(2)?) => Some(2),
        _ => THREE_DIGIT.contains(&number(3)?).then_some(3),
    }
}

/// Checks the shape of an email address (`local@domain`, no spaces) and trims it. A domain
/// without a dot (`user@example`) is accepted, as the service accepts it. The
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
        && !domain.is_empty()
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && text.chars().all(|c| !c.is_whitespace() && !c.is_control())
        && domain
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(text.to_owned())
    } else {
        Err(AuthError::invalid_argument(
            ["invalid email address: '", input, "'"].concat(),
        ))
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

/// Username rule: 1 to 32 ASCII letters, digits, `-` and `_`; not all digits; `-`/`_` not
/// first or last.
pub fn username(input: &str) -> Result<(), AuthError> {
    let bad = |why: &str| {
        Err(AuthError::invalid_argument(
            ["invalid username: ", why].concat(),
        ))
    };
    if !(1..=32).contains(&input.len()) {
        return bad("must be 1 to 32 characters long");
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
        _ => Err(AuthError::invalid_argument([name, " is required"].concat())),
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
            ("+86 138 0000 0000", "+86 13800000000"),
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
    }

    #[test]
    fn one_mainland_number_however_spelled() {
        for spelling in [
            "+86 13800138000",
            "+861 3800138000",
            "+8 613800138000",
            "+86 013800138000",
            "+86 0013800138000",
            "13800138000",
        ] {
            assert_eq!(
                normalize_phone(spelling).ok().as_deref(),
                Some("+86 13800138000"),
                "{spelling}"
            );
        }
    }

    #[test]
    fn impossible_numbers_are_invalid_phone() {
        for bad in [
            "",
            "+",
            "+86",
            "abc",
            "12345",
            "+86 12345",
            "+86 12800000000",
            "+86 23800000000",
            "+86 138000000001",
            "+86 1380000abcd",
            "+0 123456",
            "+1234 5678",
            "+1 415555010",
            "+999 12345678",
            "+49 1234567890123456",
            "12",
        ] {
            let e = normalize_phone(bad).err();
            assert_eq!(
                e.map(|e| e.code.clone()).as_deref(),
                Some("invalid_phone"),
                "{bad}"
            );
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
        // A dotless domain, as in the service's own sign-up example.
        assert_eq!(email("user@example").ok().as_deref(), Some("user@example"));
        for bad in [
            "",
            "a",
            "a@",
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
        for documented in ["Password@123", "DemoPass123!@#", "SamplePass456$%^"] {
            assert!(password(documented).is_ok(), "{documented}");
        }
        assert!(password("short1").is_err());
        assert!(password("onlyletters").is_err());
        assert!(password("123456789").is_err());
        assert!(password(&"a1".repeat(17)).is_err());
        for good in ["alice_01", "a", "github_user", &"a".repeat(32)] {
            assert!(username(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "1",
            "12345",
            "_alice",
            "alice-",
            "al ice",
            "名字ab",
            &"a".repeat(33),
        ] {
            assert!(username(bad).is_err(), "{bad}");
        }
    }
}
