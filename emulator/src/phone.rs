//! Phone numbers: checked against libphonenumber's metadata (the `phonenumber` crate) and
//! brought to one canonical form, so that one number is one key for codes, rate limits and users
//! whatever its spelling.
//!
//! The canonical form is the one the SDKs send: `+{country code} {national significant number}`,
//! e.g. `+86 13800138000` or `+1 4155550100`. Accepted spellings:
//!
//! * `+` and the digits, spaces and tabs (and `-`, `.`, `(`, `)`) anywhere after it: `+8613800138000`,
//!   `+861 3800138000`, `+8 613800138000` and `+86 138-0013-8000` are one number;
//! * a trunk prefix of zeros after the country code, as dialled at home: `+86 013800138000`,
//!   `+86 0013800138000` (kept where the zeros belong to the number, as in Italy's `+39 06…`);
//! * no `+` at all: a mainland number, as the JS SDK reads it (`13800138000` is
//!   `+86 13800138000`).
//!
//! A number the metadata does not know as a valid number of its country (`+86 12345`,
//! `+1 0000000`) is refused with `invalid_argument` and a description that names the phone
//! number: the service answers a bad phone number with `invalid_argument` too.
use crate::error::ApiError;
use phonenumber::PhoneNumber;

/// The country code of a number written without `+`.
pub const DEFAULT_COUNTRY_CODE: &str = "86";

/// Most digits looked at: 15 (E.164) plus room for a trunk prefix.
const MAX_DIGITS: usize = 20;

/// The canonical form of a phone number, or `invalid_argument` naming the phone number.
pub fn canonical(raw: &str) -> Result<String, ApiError> {
    let err = |why: &str| ApiError::invalid(format!("invalid phone number {raw:?}: {why}"));
    let s = raw.trim_matches([' ', '\t']);
    let (plus, rest) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\t' | '-' | '.' | '(' | ')'))
    {
        return Err(err(
            "expected \"+\", a country code and the national number, in digits",
        ));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > MAX_DIGITS {
        return Err(err("expected 1 to 20 digits"));
    }
    let e164 = if plus {
        format!("+{digits}")
    } else {
        format!("+{DEFAULT_COUNTRY_CODE}{digits}")
    };
    valid(&e164)
        .or_else(|| without_trunk_zeros(&e164))
        .map(|n| format!("+{} {}", n.code().value(), n.national()))
        .ok_or_else(|| err("not a valid number for its country"))
}

/// `+{digits}` parsed, if it is a valid number.
fn valid(e164: &str) -> Option<PhoneNumber> {
    phonenumber::parse(None, e164)
        .ok()
        .filter(phonenumber::is_valid)
}

/// The number with the zeros right after its country code dropped (a trunk prefix dialled
/// after the country code), if that is a valid number.
fn without_trunk_zeros(e164: &str) -> Option<PhoneNumber> {
    let code = phonenumber::parse(None, e164)
        .ok()?
        .code()
        .value()
        .to_string();
    let national = e164.strip_prefix('+')?.strip_prefix(code.as_str())?;
    let trimmed = national.trim_start_matches('0');
    if trimmed.len() == national.len() {
        return None;
    }
    valid(&format!("+{code}{trimmed}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn spellings_of_one_number_share_one_form() {
        for s in [
            "+86 13800138000",
            "+861 3800138000",
            "+8 613800138000",
            "+86 013800138000",
            "+86 0013800138000",
            "+8613800138000",
            "13800138000",
            "  +86 138-0013-8000 ",
            "+86 (138) 0013 8000",
        ] {
            assert_eq!(canonical(s).unwrap(), "+86 13800138000", "{s}");
        }
    }

    #[test]
    fn other_countries_keep_their_code_and_significant_zeros() {
        for (s, want) in [
            ("+14155550100", "+1 4155550100"),
            ("+1 415 555 0100", "+1 4155550100"),
            ("+447911123456", "+44 7911123456"),
            ("+44 07911123456", "+44 7911123456"),
            ("+85291234567", "+852 91234567"),
            ("+886912345678", "+886 912345678"),
            ("+79161234567", "+7 9161234567"),
            ("+4915123456789", "+49 15123456789"),
            ("+39 0612345678", "+39 0612345678"),
            ("+86 13000000000", "+86 13000000000"),
            ("+86 13900000000", "+86 13900000000"),
        ] {
            assert_eq!(canonical(s).unwrap(), want, "{s}");
        }
    }

    #[test]
    fn impossible_numbers_are_refused_naming_the_phone() {
        for s in [
            "+86 12345",
            "+1 0000000",
            "+86 12345678901",
            "12345",
            "+0 123456",
            "+999 123456789",
            "+",
            "",
            "+86 1380013800a",
            "+86 13800138000 ext 1",
            "++8613800138000",
            "+86 +13800138000",
            "+86 138001380001380013800",
            "\n+86 13800138000",
            "\u{3000}+86 13800138000",
            "tel:+86-138-0013-8000",
        ] {
            let e = canonical(s).unwrap_err();
            assert_eq!(e.error, "invalid_argument", "{s}");
            assert_eq!(e.code, 3, "{s}");
            assert!(e.description.contains("phone"), "{s}: {}", e.description);
        }
    }

    #[test]
    fn random_digits_never_panic_and_the_form_is_stable() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(12);
        let mut accepted = 0;
        for _ in 0..500 {
            let len = rng.gen_range(0..24);
            let mut s: String = (0..len)
                .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
                .collect();
            if rng.gen_bool(0.8) {
                s.insert(0, '+');
            }
            if let Ok(c) = canonical(&s) {
                accepted += 1;
                assert_eq!(canonical(&c).unwrap(), c, "{s}");
                assert!(c.starts_with('+') && c.contains(' '), "{s} -> {c}");
            }
        }
        // Valid numbers are a small share of random digits, but some are found.
        assert!(accepted > 0);
    }
}
