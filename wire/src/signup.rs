//! `POST /v1/signup`.
use serde::{Deserialize, Serialize};

/// `POST /v1/signup`: a verified phone number or email (`verification_token`), or a
/// `provider_token`, with optional account and profile fields. Answers
/// [`Credentials`](crate::Credentials).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUp {
    /// A `+CC digits` phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// An email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The verification token of a code sent to the phone or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
    /// The code itself (the SDK sends it along; the service goes by the token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
    /// A provider token: the new user is bound to its identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_token: Option<String>,
    /// The token of an anonymous user to convert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_token: Option<String>,
    /// A password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// A username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `MALE`, `FEMALE` or `UNKNOWN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, rewrite, round_trip};

    #[test]
    fn transcript_sign_ups_round_trip() {
        let s: SignUp = round_trip(
            r#"{"password":"Passw0rd!","phone_number":"+86 13800000000","verification_token":"vtok-2","verification_code":"123456"}"#,
        );
        assert_eq!(s.verification_code.as_deref(), Some("123456"));
        assert_eq!(s.email, None);
        let s: SignUp =
            round_trip(r#"{"phone_number":"+86 13800000000","verification_token":"vtok-17"}"#);
        assert_eq!(s.password, None);
    }

    #[test]
    fn profile_fields_round_trip_and_unknown_ones_are_dropped() {
        round_trip::<SignUp>(
            r#"{"email":"a@b.co","verification_token":"t","username":"alice_1","name":"Al","gender":"FEMALE","picture":"https://p","locale":"en-US"}"#,
        );
        round_trip::<SignUp>(r#"{"provider_token":"pt","anonymous_token":"at"}"#);
        let v = rewrite::<SignUp>(r#"{"email":"a@b.co","nickname":"x"}"#);
        assert_eq!(v, serde_json::json!({"email": "a@b.co"}));
        assert!(refused::<SignUp>(r#"{"email":7}"#));
    }
}
