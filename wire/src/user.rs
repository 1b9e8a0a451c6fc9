//! The user: `GET /v1/user/me` and `GET /v1/checkIfUserExist`.
use serde::{Deserialize, Serialize};

/// `GET /v1/user/me`: the signed-in user. Only `sub` is required when read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// The user id.
    pub sub: String,
    /// Display name (`anonymous` for an anonymous user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Username (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Email address (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email address was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// `+CC digits` phone number (empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `MALE`, `FEMALE` or `UNKNOWN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The user's groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UserGroup>>,
    /// The identities bound to the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub providers: Option<Vec<UserProvider>>,
    /// How the user was created (`phone`, `email`, `anonymous`, `custom`, a provider id, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_from: Option<String>,
    /// Creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last change, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// `SET` when the user has a password; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The user id again: the service does not send it, the JS SDK's cached copy of this
    /// answer (`user_info_{env}` in storage) adds it as `uid = sub`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

impl UserInfo {
    /// Whether the user has a password (`password: "SET"`).
    pub fn has_password(&self) -> bool {
        self.password.as_deref() == Some("SET")
    }
}

/// A group of [`UserInfo::groups`]: `{id, expires_at?}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserGroup {
    /// The group id.
    pub id: String,
    /// When the membership ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// An identity of [`UserInfo::providers`]: `{id, provider_user_id, name}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProvider {
    /// The provider id.
    pub id: String,
    /// The user's id at the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_user_id: Option<String>,
    /// The identity's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `GET /v1/checkIfUserExist?username=`: `{exist}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsernameExists {
    /// Whether a user has that username (false when absent).
    #[serde(default)]
    pub exist: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_user_round_trips() {
        let u: UserInfo = round_trip(
            r#"{"sub":"u-phone","name":"Alice","picture":"","username":"","email":"","phone_number":"+86 13800000000","email_verified":false,"gender":"UNKNOWN","groups":[{"id":"user"}],"providers":[],"created_from":"phone","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","password":"SET"}"#,
        );
        assert!(u.has_password());
        assert_eq!(u.groups.as_deref().map(<[UserGroup]>::len), Some(1));
        assert_eq!(u.phone_number.as_deref(), Some("+86 13800000000"));
    }

    #[test]
    fn identities_groups_and_absent_fields() {
        let u: UserInfo = round_trip(
            r#"{"sub":"u1","locale":"en-US","groups":[{"id":"user","expires_at":"2027-01-01T00:00:00Z"}],"providers":[{"id":"fake","provider_user_id":"fake-user","name":"Fake User"}]}"#,
        );
        assert!(!u.has_password());
        assert_eq!(u.name, None);
        let p = u.providers.unwrap_or_default();
        assert_eq!(p[0].provider_user_id.as_deref(), Some("fake-user"));
        assert!(refused::<UserInfo>(r#"{"name":"x"}"#));
        assert!(refused::<UserInfo>(r#"{"sub":"u","groups":["user"]}"#));
    }

    #[test]
    fn username_check_round_trips() {
        assert!(round_trip::<UsernameExists>(r#"{"exist":true}"#).exist);
        assert!(!round_trip::<UsernameExists>(r#"{"exist":false}"#).exist);
    }
}
