//! Token refresh, revoke and sign-out.
use serde::{Deserialize, Serialize};

/// `POST /v1/token` `{client_id, client_secret: "", grant_type: "refresh_token", refresh_token}`.
/// Answers [`Credentials`](crate::Credentials).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The client (environment) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Always empty for a web client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// `refresh_token`.
    pub grant_type: String,
    /// The refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `POST /v1/revoke` `{token}` (no bearer header): revokes the session of an access token.
/// Answers [`Empty`](crate::Empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    /// The access token.
    pub token: String,
}

/// `POST /v1/user/signout` `{redirect_uri?, state?}` (bearer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOutRequest {
    /// Where to go after signing out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// An opaque value passed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// The answer of `POST /v1/user/signout`: `{redirect_uri}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOutAnswer {
    /// Where to go after signing out (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Empty;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_refresh_revoke_and_sign_out_round_trip() {
        let r: RefreshRequest = round_trip(
            r#"{"client_id":"test-env-1","client_secret":"","grant_type":"refresh_token","refresh_token":"rt-3"}"#,
        );
        assert_eq!(r.client_secret.as_deref(), Some(""));
        assert_eq!(r.refresh_token.as_deref(), Some("rt-3"));
        let r: RevokeRequest = round_trip(r#"{"token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}"#);
        assert!(r.token.starts_with("eyJ"));
        round_trip::<Empty>("{}");
        round_trip::<SignOutRequest>("{}");
        let a: SignOutAnswer = round_trip(r#"{"redirect_uri":""}"#);
        assert_eq!(a.redirect_uri.as_deref(), Some(""));
    }

    #[test]
    fn grant_type_and_token_are_required() {
        assert!(refused::<RefreshRequest>(r#"{"refresh_token":"r"}"#));
        assert!(refused::<RevokeRequest>("{}"));
        let s: SignOutRequest =
            round_trip(r#"{"redirect_uri":"https://app.example/","state":"s"}"#);
        assert_eq!(s.state.as_deref(), Some("s"));
    }
}
