//! Sign-in request bodies: password or verification token, anonymous, custom ticket, provider
//! token. Each answers [`Credentials`](crate::Credentials).
use serde::{Deserialize, Serialize};

/// `POST /v1/signin` `{username, password}` or `{username, verification_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// A username, an email address or a `+CC digits` phone number.
    pub username: String,
    /// The password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The verification token of a code sent to the phone or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
}

/// `POST /v1/signin/anonymously` `{}` or `{provider_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnonymousSignIn {
    /// A provider token to bind to the anonymous user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_token: Option<String>,
}

/// `POST /v1/signin/custom` `{provider_id: "custom", ticket}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomSignIn {
    /// `custom`.
    pub provider_id: String,
    /// The ticket an app server signed.
    pub ticket: String,
}

/// `POST /v1/signin/with/provider` `{provider_token, provider_id?}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderSignIn {
    /// The provider token of `POST /v1/provider/token`.
    pub provider_token: String,
    /// The provider that issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_sign_ins_round_trip() {
        let s: SignIn = round_trip(r#"{"username":"alice","password":"Passw0rd!"}"#);
        assert_eq!(s.password.as_deref(), Some("Passw0rd!"));
        let s: SignIn =
            round_trip(r#"{"username":"+86 13800000000","verification_token":"vtok-9"}"#);
        assert_eq!(s.verification_token.as_deref(), Some("vtok-9"));
        assert_eq!(s.password, None);
        let a: AnonymousSignIn = round_trip("{}");
        assert_eq!(a.provider_token, None);
    }

    #[test]
    fn custom_and_provider_sign_ins_round_trip() {
        let c: CustomSignIn = round_trip(r#"{"provider_id":"custom","ticket":"t1"}"#);
        assert_eq!(c.ticket, "t1");
        let p: ProviderSignIn = round_trip(r#"{"provider_token":"pt"}"#);
        assert_eq!(p.provider_id, None);
        round_trip::<ProviderSignIn>(r#"{"provider_token":"pt","provider_id":"fake"}"#);
        round_trip::<AnonymousSignIn>(r#"{"provider_token":"pt"}"#);
    }

    #[test]
    fn required_fields_are_required() {
        assert!(refused::<SignIn>(r#"{"password":"p"}"#));
        assert!(refused::<CustomSignIn>(r#"{"provider_id":"custom"}"#));
        assert!(refused::<ProviderSignIn>("{}"));
        assert!(refused::<SignIn>(r#"{"username":1,"password":"p"}"#));
    }
}
