//! Verification codes: send, and verify into a verification token.
use serde::{Deserialize, Serialize};

/// `POST /v1/verification`: sends a code to `phone_number` or `email`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRequest {
    /// A `+CC digits` phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// An email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `ANY` (default), `USER` (an existing user only) or `CUR_USER` (the signed-in user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// For email codes: `email`, `recovery` or `reauthentication`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    /// Where an email link leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_redirect_to: Option<String>,
}

/// The answer of `POST /v1/verification`: `{verification_id, is_user, expires_in}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// Names the code in `POST /v1/verification/verify`.
    pub verification_id: String,
    /// Whether a user has this phone or email (false when absent).
    #[serde(default)]
    pub is_user: bool,
    /// Lifetime of the code, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
}

/// `POST /v1/verification/verify` `{verification_id, verification_code}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    /// From [`Verification`].
    pub verification_id: String,
    /// The code the user received.
    pub verification_code: String,
    /// A verification token to renew (not used by the emulator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
}

/// The answer of `POST /v1/verification/verify`: `{verification_token, expires_in}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyAnswer {
    /// A single-use token standing for the verified phone or email.
    pub verification_token: String,
    /// Lifetime of the token, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_send_round_trips() {
        let r: VerificationRequest = round_trip(r#"{"phone_number":"+86 13800000000"}"#);
        assert_eq!(r.target, None);
        let r: VerificationRequest =
            round_trip(r#"{"phone_number":"+86 13800000000","target":"USER"}"#);
        assert_eq!(r.target.as_deref(), Some("USER"));
        round_trip::<VerificationRequest>(
            r#"{"email":"a@b.co","target":"ANY","usage":"email","email_redirect_to":"https://app/"}"#,
        );
        let v: Verification =
            round_trip(r#"{"verification_id":"vid-1","is_user":false,"expires_in":600}"#);
        assert_eq!(v.expires_in, Some(600));
        let v: Verification =
            round_trip(r#"{"verification_id":"vid-8","is_user":true,"expires_in":600}"#);
        assert!(v.is_user);
    }

    #[test]
    fn transcript_verify_round_trips() {
        let r: VerifyRequest =
            round_trip(r#"{"verification_id":"vid-1","verification_code":"123456"}"#);
        assert_eq!(r.verification_code, "123456");
        let a: VerifyAnswer = round_trip(r#"{"verification_token":"vtok-2","expires_in":600}"#);
        assert_eq!(a.verification_token, "vtok-2");
    }

    #[test]
    fn lenient_but_typed() {
        let v: Verification = serde_json::from_str(r#"{"verification_id":"v"}"#).expect("reads");
        assert!(!v.is_user);
        assert!(refused::<Verification>(r#"{"is_user":true}"#));
        assert!(refused::<VerifyRequest>(r#"{"verification_id":"v"}"#));
        assert!(refused::<VerifyAnswer>(
            r#"{"verification_token":"t","expires_in":"600"}"#
        ));
    }
}
