//! The error body `{error, error_code, error_description, retry_after?}` of the auth service.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cloudbase_auth_wire::ErrorBody;

/// An error answered to the client.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The `error` string (snake case).
    pub error: &'static str,
    /// The numeric `error_code`.
    pub code: i64,
    /// Human readable `error_description`.
    pub description: String,
    /// Seconds to wait, for rate limits.
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, error: &'static str, code: i64, d: impl Into<String>) -> Self {
        Self {
            status,
            error,
            code,
            description: d.into(),
            retry_after: None,
        }
    }
    /// `invalid_argument` (3, HTTP 400).
    pub fn invalid(d: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_argument", 3, d)
    }
    /// `invalid_password` (3, HTTP 400).
    pub fn invalid_password(d: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_password", 3, d)
    }
    /// `invalid_verification_code` (3, HTTP 400): a code or verification token expired before
    /// it was used.
    pub fn code_expired(d: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_verification_code", 3, d)
    }
    /// `failed_precondition` (9, HTTP 400): a code or verification token is used up (already
    /// used, or too many wrong attempts); a new code must be sent.
    pub fn code_used_up(d: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "failed_precondition", 9, d)
    }
    /// `not_found` (5, HTTP 404).
    pub fn not_found(d: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", 5, d)
    }
    /// `already_exists` (6, HTTP 409).
    pub fn already_exists(d: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "already_exists", 6, d)
    }
    /// `resource_exhausted` (8, HTTP 429) with `retry_after`.
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "resource_exhausted",
            8,
            "Your operation is too frequent, please try again later",
        );
        e.retry_after = Some(retry_after.max(1));
        e
    }
    /// `unauthenticated` (16, HTTP 401).
    pub fn unauthenticated(d: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", 16, d)
    }
    /// `invalid_grant` (3, HTTP 400) for refresh failures.
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_grant", 3, d)
    }
    /// `login_type_disabled` (4045, HTTP 403): the login method is switched off.
    pub fn login_disabled(d: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "login_type_disabled", 4045, d)
    }
    /// `unimplemented` (12, HTTP 501).
    pub fn unimplemented(d: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_IMPLEMENTED, "unimplemented", 12, d)
    }
    /// `internal` (13, HTTP 500).
    pub fn internal(d: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", 13, d)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!("database error: {e}");
        Self::internal("database error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.error.into(),
            error_code: Some(self.code),
            error_description: Some(self.description),
            retry_after: self.retry_after,
            ..ErrorBody::default()
        };
        (self.status, axum::Json(body)).into_response()
    }
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;
