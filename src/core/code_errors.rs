//! The documented error codes of the verification-code steps.
//!
//! CloudBase's documentation of the v3 API tells apps to switch on these `AuthError.code`s:
//! sending a code gives `invalid_phone`, `user_not_found`, `resource_exhausted` or
//! `unreachable`; checking one gives `invalid_code`, `code_expired` or `max_attempts_exceeded`.
//! The service answers with generic gRPC-style errors instead (`invalid_argument` + "verification
//! code does not match", `failed_precondition`, `not_found`, ...), so each step maps its own
//! answers: first by the `error` string, then by the numeric `error_code`, and by the message
//! text only as a last resort. The service's answer stays in `status` and `errorCode`; only
//! `code` changes. The v2 methods do not come through here: they keep the raw error.

use super::error::AuthError;

/// `invalid_phone`: the phone number is not one the service can send to.
pub const INVALID_PHONE: &str = "invalid_phone";
/// `user_not_found`: no account has that address, and none may be created.
pub const USER_NOT_FOUND: &str = "user_not_found";
/// `invalid_code`: the code does not match.
pub const INVALID_CODE: &str = "invalid_code";
/// `code_expired`: the code is too old (or the service no longer knows it).
pub const CODE_EXPIRED: &str = "code_expired";
/// `max_attempts_exceeded`: the code's tries are used up (or it was used already).
pub const MAX_ATTEMPTS_EXCEEDED: &str = "max_attempts_exceeded";

/// Gives an error of `POST /v1/verification` (sending a code) its documented code.
pub fn on_send(error: AuthError) -> AuthError {
    let code = match error.status.as_str() {
        "not_found" | "user_not_found" => Some(USER_NOT_FOUND),
        "invalid_phone" | "invalid_phone_number" => Some(INVALID_PHONE),
        "resource_exhausted" | "unreachable" | "invalid_email" => None,
        _ => match error.error_code {
            Some(5) => Some(USER_NOT_FOUND),
            _ => by_message_on_send(&error.message),
        },
    };
    with_code(error, code)
}

/// Gives an error of `POST /v1/verification/verify` (checking a code) its documented code.
pub fn on_verify(error: AuthError) -> AuthError {
    let lower = error.message.to_ascii_lowercase();
    let code = match error.status.as_str() {
        // The only argument the SDK does not control is the code itself.
        "invalid_argument" => Some(INVALID_CODE),
        "invalid_verification_code" | "invalid_two_factor" => Some(if mentions_expiry(&lower) {
            CODE_EXPIRED
        } else {
            INVALID_CODE
        }),
        "deadline_exceeded" => Some(CODE_EXPIRED),
        // A verification the service does not know: expired and cleaned up.
        "not_found" => Some(CODE_EXPIRED),
        // Used up: every try spent, or used already.
        "failed_precondition" | "aborted" => Some(MAX_ATTEMPTS_EXCEEDED),
        "resource_exhausted" | "unreachable" => None,
        _ => match error.error_code {
            Some(3) => Some(INVALID_CODE),
            Some(5) => Some(CODE_EXPIRED),
            Some(9) => Some(MAX_ATTEMPTS_EXCEEDED),
            _ => by_message_on_verify(&lower, &error.message),
        },
    };
    with_code(error, code)
}

fn with_code(mut error: AuthError, code: Option<&str>) -> AuthError {
    if let Some(code) = code {
        error.code = code.into();
    }
    error
}

fn mentions_expiry(lower: &str) -> bool {
    lower.contains("expire") || lower.contains("过期")
}

fn by_message_on_send(message: &str) -> Option<&'static str> {
    let lower = message.to_ascii_lowercase();
    if lower.contains("phone") || message.contains("手机号") {
        Some(INVALID_PHONE)
    } else if lower.contains("user not") || message.contains("用户不存在") {
        Some(USER_NOT_FOUND)
    } else {
        None
    }
}

fn by_message_on_verify(lower: &str, message: &str) -> Option<&'static str> {
    if mentions_expiry(lower) {
        Some(CODE_EXPIRED)
    } else if lower.contains("attempt") || lower.contains("too many") || message.contains("次数")
    {
        Some(MAX_ATTEMPTS_EXCEEDED)
    } else if lower.contains("not match")
        || lower.contains("incorrect")
        || lower.contains("wrong")
        || message.contains("验证码错误")
    {
        Some(INVALID_CODE)
    } else {
        None
    }
}
