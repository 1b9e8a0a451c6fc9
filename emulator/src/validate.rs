//! Input rules: phone numbers, emails, usernames, passwords.
use crate::error::ApiError;

/// Normalises a phone number. It must be "+CC NNNN" (country code 1-3 digits, a space, 5-15
/// digits), as the SDK sends it. Returns "+CC NNNN".
pub fn phone(raw: &str) -> Result<String, ApiError> {
    let err = || {
        ApiError::invalid(format!(
            "invalid phone number {raw:?}: expected \"+CC digits\""
        ))
    };
    let rest = raw.trim().strip_prefix('+').ok_or_else(err)?;
    let (cc, num) = rest.split_once(' ').ok_or_else(err)?;
    let digits = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(cc, 1, 3) || !digits(num.trim(), 5, 15) || cc.starts_with('0') {
        return Err(err());
    }
    Ok(format!("+{cc} {}", num.trim()))
}

/// Validates and lowercases an email address.
pub fn email(raw: &str) -> Result<String, ApiError> {
    let e = raw.trim().to_ascii_lowercase();
    let err = || ApiError::invalid(format!("invalid email {raw:?}"));
    let (local, domain) = e.split_once('@').ok_or_else(err)?;
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let ok_domain = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok_local && ok_domain && e.len() <= 254 {
        Ok(e)
    } else {
        Err(err())
    }
}

/// Usernames: 2-32 chars of ASCII letters, digits, `-` and `_`; not all digits; `-`/`_` are not
/// allowed first or last.
pub fn username(u: &str) -> Result<(), ApiError> {
    let ok = (2..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !u.bytes().all(|b| b.is_ascii_digit())
        && !u.starts_with(['-', '_'])
        && !u.ends_with(['-', '_']);
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "invalid username: 2-32 letters, digits, '-' or '_' (not first/last), not all digits",
        ))
    }
}

/// Passwords: 8-32 characters with at least one letter and one digit.
pub fn password(p: &str) -> Result<(), ApiError> {
    let n = p.chars().count();
    let ok = (8..=32).contains(&n)
        && p.chars().any(|c| c.is_ascii_alphabetic())
        && p.chars().any(|c| c.is_ascii_digit())
        && !p.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_password(
            "password must be 8-32 characters with at least one letter and one digit",
        ))
    }
}
