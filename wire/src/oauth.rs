//! Third-party sign-in: the provider's authorize URI and the code exchange.
use serde::{Deserialize, Serialize};

/// The answer of `GET /v1/provider/uri`: `{uri, signout_uri?}`. (The request is a query:
/// `provider_id`, `redirect_uri`, `state`, `scope?`, `response_type?`, `other_params[k]`.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderUri {
    /// The provider's authorize URL.
    pub uri: String,
    /// The provider's sign-out URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signout_uri: Option<String>,
}

/// `POST /v1/provider/token` `{provider_id, provider_redirect_uri, provider_code}` (or a
/// provider's access or id token).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderTokenGrant {
    /// The provider.
    pub provider_id: String,
    /// The redirect URI of the authorization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_redirect_uri: Option<String>,
    /// The authorization code of the callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_code: Option<String>,
    /// A provider access token instead of a code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_access_token: Option<String>,
    /// A provider id token instead of a code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id_token: Option<String>,
}

/// `PATCH /v1/provider/token` `{provider_token, provider_params?}`. The provider's own
/// parameters (`provider_params`, free-form) are not part of the type: a reader ignores them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderTokenPatch {
    /// A live provider token.
    pub provider_token: String,
}

/// The answer of the code exchange: `{provider_token, expires_in, provider_profile?}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderToken {
    /// Signs in (`POST /v1/signin/with/provider`) or binds (`POST /v1/user/provider/bind`).
    pub provider_token: String,
    /// Lifetime of the token, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The identity at the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_profile: Option<ProviderProfile>,
}

/// An identity at a provider: `{provider_id, sub, name, email, picture}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderProfile {
    /// The provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// The user's id at the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Picture URL (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, rewrite, round_trip};

    #[test]
    fn uri_and_grant_round_trip() {
        let u: ProviderUri = round_trip(
            r#"{"uri":"http://127.0.0.1:8787/emulator/v1/oauth/authorize?response_type=code&client_id=e&provider_id=fake&redirect_uri=http%3A%2F%2Flocalhost%2F&state=s"}"#,
        );
        assert_eq!(u.signout_uri, None);
        round_trip::<ProviderUri>(r#"{"uri":"https://p/a","signout_uri":"https://p/o"}"#);
        let g: ProviderTokenGrant = round_trip(
            r#"{"provider_id":"fake","provider_redirect_uri":"http://localhost/","provider_code":"c1"}"#,
        );
        assert_eq!(g.provider_code.as_deref(), Some("c1"));
        round_trip::<ProviderTokenGrant>(
            r#"{"provider_id":"x","provider_access_token":"a","provider_id_token":"i"}"#,
        );
        assert!(refused::<ProviderTokenGrant>(r#"{"provider_code":"c"}"#));
    }

    #[test]
    fn token_answer_and_patch_round_trip() {
        let t: ProviderToken = round_trip(
            r#"{"provider_token":"pt","expires_in":600,"provider_profile":{"provider_id":"fake","sub":"fake-user","name":"Fake User","email":"","picture":""}}"#,
        );
        assert_eq!(
            t.provider_profile.and_then(|p| p.sub).as_deref(),
            Some("fake-user")
        );
        let v =
            rewrite::<ProviderTokenPatch>(r#"{"provider_token":"pt","provider_params":{"a":1}}"#);
        assert_eq!(v, serde_json::json!({"provider_token": "pt"}));
        assert!(refused::<ProviderTokenPatch>("{}"));
    }
}
