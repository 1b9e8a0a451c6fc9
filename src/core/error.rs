//! [`AuthError`]: the one error type of the SDK, with a stable `code`.

use cloudbase_auth_wire::ErrorBody;

use serde::{Serialize, Serializer};

use crate::prelude::*;

/// Broad class of an error, worked out like the JS SDK does (numeric code, then the
/// `error` string, then keywords of the message), so apps can branch without knowing codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The login method is switched off for this environment.
    ProviderNotEnabled,
    /// Wrong password, bad or expired token.
    InvalidCredentials,
    /// No such user.
    UserNotFound,
    /// The user is blocked or pending.
    UserStatusAbnormal,
    /// The service failed or could not be reached.
    ServiceError,
    /// An argument is missing or malformed.
    InvalidParams,
    /// The user signed up with another method.
    AuthMethodMismatch,
    /// Too many requests; see `retry_after`.
    RateLimited,
    /// A captcha must be solved first.
    CaptchaRequired,
    /// The captcha answer was wrong.
    CaptchaInvalid,
    /// A second factor is required.
    MfaRequired,
    /// The operation is not allowed in the current state.
    PreconditionFailed,
    /// A verification code was wrong, expired or used up.
    VerificationFailed,
    /// Anything else.
    Unknown,
}

/// Every failure of the SDK. `code` is a stable snake_case string: the server's `error`
/// (`invalid_password`, `resource_exhausted`, ...), or one of the SDK's own:
/// `invalid_argument` (client-side validation), `unreachable` (network failure or a body
/// that is not JSON), `internal` (JSON of an unexpected shape).
///
/// The fields are read through the error (`e.code`, `e.category`, ...); they live in one
/// allocation so that the error is a pointer wherever results are passed around.
#[derive(Clone, PartialEq)]
pub struct AuthError(Box<ErrorDetails>);

/// The fields of an [`AuthError`]; serialises to the JS error's fields,
/// `{code, message, status, errorCode?, requestId?, category, retryAfter?}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    /// Stable machine-readable code.
    pub code: String,
    /// Human-readable description.
    pub message: String,
    /// The server's `error` string (same as `code` for server errors).
    pub status: String,
    /// The server's numeric `error_code`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// The request id of the failed call, for support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Broad class of the error.
    pub category: Category,
    /// Seconds to wait before retrying, for rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ::core::ops::Deref for AuthError {
    type Target = ErrorDetails;
    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl ::core::ops::DerefMut for AuthError {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

impl ::core::fmt::Debug for AuthError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        self.0.fmt(f)
    }
}

impl core::fmt::Display for AuthError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.code)?;
        f.write_str(": ")?;
        f.write_str(&self.message)
    }
}

impl core::error::Error for AuthError {}

/// The JS error's fields (see [`ErrorDetails`]).
impl Serialize for AuthError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Its name: `INVALID_CREDENTIALS`, ...
impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Category {
    /// The name JS sees (`INVALID_CREDENTIALS`, ...).
    pub fn as_str(self) -> &'static str {
        use Category::*;
        match self {
            ProviderNotEnabled => "PROVIDER_NOT_ENABLED",
            InvalidCredentials => "INVALID_CREDENTIALS",
            UserNotFound => "USER_NOT_FOUND",
            UserStatusAbnormal => "USER_STATUS_ABNORMAL",
            ServiceError => "SERVICE_ERROR",
            InvalidParams => "INVALID_PARAMS",
            AuthMethodMismatch => "AUTH_METHOD_MISMATCH",
            RateLimited => "RATE_LIMITED",
            CaptchaRequired => "CAPTCHA_REQUIRED",
            CaptchaInvalid => "CAPTCHA_INVALID",
            MfaRequired => "MFA_REQUIRED",
            PreconditionFailed => "PRECONDITION_FAILED",
            VerificationFailed => "VERIFICATION_FAILED",
            Unknown => "UNKNOWN",
        }
    }
}

impl AuthError {
    /// An error with `code` and `message`, categorised from them.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let category = categorize(None, code, &message);
        AuthError(Box::new(ErrorDetails {
            code: code.to_owned(),
            status: code.to_owned(),
            message,
            error_code: None,
            request_id: None,
            category,
            retry_after: None,
        }))
    }

    /// Client-side validation failure (`invalid_argument`).
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        AuthError::new("invalid_argument", message)
    }

    /// Network failure or unreadable body (`unreachable`).
    pub fn unreachable(message: impl Into<String>) -> Self {
        AuthError::new("unreachable", message)
    }

    /// A response of an unexpected shape (`internal`).
    pub fn internal(message: impl Into<String>) -> Self {
        AuthError::new("internal", message)
    }

    /// No session where one is needed (`unauthenticated`).
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        AuthError::new("unauthenticated", message)
    }

    /// Attaches the id of the request that failed, unless the server gave one.
    pub fn with_request_id(mut self, id: &str) -> Self {
        if self.0.request_id.is_none() {
            self.0.request_id = Some(id.to_owned());
        }
        self
    }
}

impl From<ErrorBody> for AuthError {
    /// A server error body: `{error, error_code, error_description, retry_after}`, or the
    /// `{code, message}` form (the code lower-cased; the message defaults to the code).
    fn from(body: ErrorBody) -> Self {
        let code = if body.error.is_empty() {
            body.code.unwrap_or_default()
        } else {
            body.error
        };
        let code = code.to_ascii_lowercase();
        let message = body
            .error_description
            .or(body.message)
            .unwrap_or_else(|| code.clone());
        let category = categorize(body.error_code, &code, &message);
        AuthError(Box::new(ErrorDetails {
            status: code.clone(),
            code,
            message,
            error_code: body.error_code,
            request_id: body.request_id,
            retry_after: body
                .retry_after
                .filter(|_| category == Category::RateLimited),
            category,
        }))
    }
}

/// The category of each service error code that has one.
const CODES: &[(&str, Category)] = {
    use Category::*;
    &[
        ("invalid_password", InvalidCredentials),
        ("wrong_password", InvalidCredentials),
        ("invalid_credentials", InvalidCredentials),
        ("invalid_username_or_password", InvalidCredentials),
        ("unauthenticated", InvalidCredentials),
        ("invalid_grant", InvalidCredentials),
        ("password_not_set", InvalidCredentials),
        ("user_not_found", UserNotFound),
        ("not_found", UserNotFound),
        ("user_blocked", UserStatusAbnormal),
        ("user_pending", UserStatusAbnormal),
        ("invalid_status", UserStatusAbnormal),
        ("under_review", UserStatusAbnormal),
        ("resource_exhausted", RateLimited),
        ("captcha_required", CaptchaRequired),
        ("captcha_invalid", CaptchaInvalid),
        ("mfa_phone_required", MfaRequired),
        ("two_factor_required", MfaRequired),
        ("failed_precondition", PreconditionFailed),
        ("invalid_verification_code", VerificationFailed),
        ("invalid_code", VerificationFailed),
        ("code_expired", VerificationFailed),
        ("max_attempts_exceeded", VerificationFailed),
        ("invalid_phone", InvalidParams),
        ("invalid_two_factor", VerificationFailed),
        ("provider_not_enabled", ProviderNotEnabled),
        ("login_method_disabled", ProviderNotEnabled),
        ("login_type_disabled", ProviderNotEnabled),
        ("unreachable", ServiceError),
        ("internal", ServiceError),
        ("unavailable", ServiceError),
        ("deadline_exceeded", ServiceError),
        ("data_loss", ServiceError),
        ("server_error", ServiceError),
        ("temporarily_unavailable", ServiceError),
    ]
};

/// Works out the [`Category`]: numeric business code first, then the error string, then
/// keywords of the message.
fn categorize(error_code: Option<i64>, code: &str, message: &str) -> Category {
    use Category::*;
    match error_code {
        Some(8) => return RateLimited,
        Some(4001) => return CaptchaRequired,
        Some(4002) => return CaptchaInvalid,
        Some(4042) => return MfaRequired,
        Some(4045) => return ProviderNotEnabled,
        _ => {}
    }
    if let Some((_, category)) = CODES.iter().find(|(c, _)| *c == code) {
        return *category;
    }
    let lower = message.to_ascii_lowercase();
    if lower.contains("verification") || lower.contains("code") || message.contains("验证码") {
        return VerificationFailed;
    }
    if lower.contains("too frequent") || lower.contains("rate limit") || message.contains("频繁")
    {
        return RateLimited;
    }
    if code == "invalid_argument" || code == "invalid_request" || code == "out_of_range" {
        return InvalidParams;
    }
    Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::http::read_body;
    use crate::core::json_native::SerdeJson;
    use serde_json::json;

    fn from_body(v: &serde_json::Value) -> Option<AuthError> {
        read_body(&SerdeJson, &v.to_string()).err()
    }

    #[test]
    fn wrong_password_body_is_invalid_credentials() {
        let e = from_body(
            &json!({"error":"invalid_password","error_code":3,"error_description":"password is incorrect"}),
        );
        let e = e.expect("an error body");
        assert_eq!(e.code, "invalid_password");
        assert_eq!(e.error_code, Some(3));
        assert_eq!(e.message, "password is incorrect");
        assert_eq!(e.category, Category::InvalidCredentials);
    }

    #[test]
    fn wrong_code_body_is_verification_failed() {
        let e = from_body(
            &json!({"error":"invalid_argument","error_code":3,"error_description":"verification code does not match"}),
        );
        assert_eq!(e.map(|e| e.category), Some(Category::VerificationFailed));
    }

    #[test]
    fn rate_limit_keeps_retry_after() {
        let e = from_body(
            &json!({"error":"resource_exhausted","error_code":8,"error_description":"too frequent","retry_after":12}),
        );
        let e = e.expect("an error body");
        assert_eq!(e.category, Category::RateLimited);
        assert_eq!(e.retry_after, Some(12));
    }

    #[test]
    fn code_form_and_non_errors() {
        let e = from_body(&json!({"code":"SOME_ERROR","message":"boom"}));
        assert_eq!(
            e.map(|e| (e.code.clone(), e.message.clone())),
            Some(("some_error".into(), "boom".into()))
        );
        assert!(from_body(&json!({"error": ""})).is_none());
        assert!(from_body(&json!({"code": ""})).is_none());
        assert!(from_body(&json!([1, 2])).is_none());
        assert!(from_body(&json!({"access_token": "x"})).is_none());
    }

    #[test]
    fn serializes_camel_case() {
        let e = AuthError::new("unreachable", "down").with_request_id("r1");
        let v = serde_json::to_value(&e).expect("serializable");
        assert_eq!(
            v,
            json!({"code": "unreachable", "message": "down", "status": "unreachable",
                "requestId": "r1", "category": "SERVICE_ERROR"})
        );
    }
}
