//! The error body of the service.
use serde::{Deserialize, Serialize};

/// `{error, error_code, error_description, retry_after?}`: what the service answers on failure
/// (the HTTP status is not what the SDK goes by: a body with a non-empty `error`, or the
/// adapter form's non-empty `code`, is a failure).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error type in snake case (`invalid_argument`, `invalid_password`, ...); empty when
    /// the body has none (and then not written).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// The gRPC or business code (3 invalid argument, 5 not found, 8 resource exhausted, 16
    /// unauthenticated, 4045 login type disabled, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// Human readable text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// Seconds to wait before trying again (rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The adapter form's error code (`{code, message, requestId}`), used when `error` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The adapter form's text, and a fallback for `error_description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The id of the request, when the service names it (`requestId`, or `request_id`).
    #[serde(
        default,
        rename = "requestId",
        alias = "request_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// Whether the body signals a failure: a non-empty `error`, or else a non-empty `code`.
    pub fn is_error(&self) -> bool {
        !self.error.is_empty() || self.code.as_deref().is_some_and(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_errors_round_trip() {
        let e: ErrorBody = round_trip(
            r#"{"error":"invalid_password","error_code":3,"error_description":"password is incorrect"}"#,
        );
        assert_eq!(e.error, "invalid_password");
        assert_eq!(e.error_code, Some(3));
        assert!(e.is_error());
        let e: ErrorBody = round_trip(
            r#"{"error":"resource_exhausted","error_code":8,"error_description":"Your operation is too frequent, please try again later"}"#,
        );
        assert_eq!(e.retry_after, None);
    }

    #[test]
    fn rate_limit_keeps_retry_after() {
        let e: ErrorBody = round_trip(
            r#"{"error":"resource_exhausted","error_code":8,"error_description":"too frequent","retry_after":12}"#,
        );
        assert_eq!(e.retry_after, Some(12));
    }

    #[test]
    fn adapter_form_and_request_id() {
        let e: ErrorBody =
            serde_json::from_str(r#"{"code":"SOME_ERROR","message":"boom","request_id":"r1"}"#)
                .expect("reads");
        assert_eq!(e.error, "");
        assert_eq!(e.code.as_deref(), Some("SOME_ERROR"));
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert!(e.is_error());
        let e: ErrorBody = round_trip(r#"{"code":"X","message":"m","requestId":"r2"}"#);
        assert_eq!(e.request_id.as_deref(), Some("r2"));
    }

    #[test]
    fn a_success_body_is_no_error() {
        let e: ErrorBody =
            serde_json::from_str(r#"{"verification_id":"v","expires_in":600}"#).expect("reads");
        assert!(!e.is_error());
        let e: ErrorBody = serde_json::from_str(r#"{"code":""}"#).expect("reads");
        assert!(!e.is_error());
    }

    #[test]
    fn wrong_types_are_refused() {
        assert!(refused::<ErrorBody>(r#"{"error":"x","error_code":"3"}"#));
        assert!(refused::<ErrorBody>(r#"{"error":5}"#));
    }
}
