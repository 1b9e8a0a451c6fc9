//! Input rules: phone numbers, emails, usernames, passwords.
use crate::error::ApiError;

/// Checks a phone number and answers its canonical form `+CC NNNN` (see [`crate::phone`]).
pub fn phone(raw: &str) -> Result<String, ApiError> {
    crate::phone::canonical(raw)
}

/// Validates and lowercases an email address: a local part of letters, digits and `._%+-`, an
/// `@`, and a domain of one or more dot-separated labels. As the service does, a domain without
/// a dot (`user@example`) is accepted.
pub fn email(raw: &str) -> Result<String, ApiError> {
    let e = raw.trim().to_ascii_lowercase();
    let err = || ApiError::invalid(format!("invalid email {raw:?}"));
    let (local, domain) = e.split_once('@').ok_or_else(err)?;
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
    let ok_domain = domain.split('.').all(|l| {
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

/// Usernames, as the registration rules have them: 1-32 chars of ASCII letters, digits, `-` and
/// `_`; not all digits; `-`/`_` are not allowed first or last.
pub fn username(u: &str) -> Result<(), ApiError> {
    let ok = (1..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !u.bytes().all(|b| b.is_ascii_digit())
        && !u.starts_with(['-', '_'])
        && !u.ends_with(['-', '_']);
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "invalid username: 1-32 letters, digits, '-' or '_' (not first/last), not all digits",
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
