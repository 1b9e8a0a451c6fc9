//! The credentials answer of every sign-in, sign-up and token refresh.
use serde::{Deserialize, Serialize};

/// `{token_type, access_token, refresh_token, expires_in, scope, sub, groups}`: what a sign-in,
/// sign-up or refresh answers. Only `access_token` is required when read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credentials {
    /// `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// The access token (a JWT).
    pub access_token: String,
    /// The refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Lifetime of the access token, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// `user` or `anonymous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// The user's groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// An OpenID Connect id token, on the calls that give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// When the access token stops being used (ISO 8601). The service leaves it out and the
    /// client works it out from `expires_in`; credentials an app hands over
    /// (`setCredentials`) may carry the one they were stored with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_credentials_round_trip() {
        let c: Credentials = round_trip(
            r#"{"token_type":"Bearer","access_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2UifQ.eyJzdWIiOiJ1LXBob25lIn0.c2ln","refresh_token":"rt-3","expires_in":7200,"scope":"user","sub":"u-phone","groups":["user"]}"#,
        );
        assert_eq!(c.refresh_token.as_deref(), Some("rt-3"));
        assert_eq!(c.expires_in, Some(7200));
        let c: Credentials = round_trip(
            r#"{"token_type":"Bearer","access_token":"a","refresh_token":"rt-12","expires_in":7200,"scope":"anonymous","sub":"anon-1","groups":["anonymous"]}"#,
        );
        assert_eq!(c.scope.as_deref(), Some("anonymous"));
    }

    #[test]
    fn only_the_access_token_is_required() {
        let c: Credentials = serde_json::from_str(r#"{"access_token":"a"}"#).expect("reads");
        assert_eq!(c.access_token, "a");
        assert_eq!(c.token_type, None);
        assert!(refused::<Credentials>(r#"{"refresh_token":"r"}"#));
        assert!(refused::<Credentials>(
            r#"{"access_token":"a","expires_in":"7200"}"#
        ));
    }
}
