//! [`User`]: the user object of the v3 API, built from `/v1/user/me` exactly as the JS SDK's
//! `convertToUser` does. Missing fields are left out, never an error.

use crate::prelude::*;

use cloudbase_auth_wire::UserInfo;
use serde::Serialize;

/// The user of a session. Serialises to the JS SDK's user object (optional fields left out
/// when unknown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// User id (`sub`).
    pub id: String,
    /// Always `authenticated`.
    pub aud: String,
    /// Group ids.
    pub role: Vec<String>,
    /// Email address (may be empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When the email was confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_confirmed_at: Option<String>,
    /// Phone number, `+CC NNNN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the phone was confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_confirmed_at: Option<String>,
    /// When the account was confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    /// Last sign-in time, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sign_in_at: Option<String>,
    /// `{provider, providers}`.
    pub app_metadata: AppMetadata,
    /// Profile: name, picture, username, gender, locale, uid, nickName, avatarUrl, hasPassword.
    pub user_metadata: UserMetadata,
    /// Linked identity providers.
    pub identities: Vec<UserIdentity>,
    /// Creation time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// True for an anonymous user.
    pub is_anonymous: bool,
}

/// The user's `app_metadata`: always `{provider: "cloudbase", providers: ["cloudbase"]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppMetadata {
    /// `cloudbase`.
    pub provider: String,
    /// `["cloudbase"]`.
    pub providers: Vec<String>,
}

/// The user's `user_metadata`: the profile of the user info, under the JS SDK's names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMetadata {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `MALE`, `FEMALE`, `UNKNOWN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The user id.
    pub uid: String,
    /// The display name again (the v2 name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    /// The avatar URL again (the v2 name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// True when the user has a password.
    pub has_password: bool,
}

/// A linked identity provider of the user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserIdentity {
    /// The user's id at the provider.
    pub id: Option<String>,
    /// The same.
    pub identity_id: Option<String>,
    /// The user id.
    pub user_id: String,
    /// The provider id.
    pub provider: String,
    /// `{name}`: the provider's name.
    pub identity_data: IdentityData,
}

/// `identity_data` of a [`UserIdentity`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityData {
    /// The provider's display name.
    pub name: Option<String>,
}

impl User {
    /// Builds the user from the user info (`/v1/user/me`, as cached with `uid`);
    /// `fallback_id` is used when the info has no `sub`.
    pub fn from_info(info: &UserInfo, fallback_id: &str) -> Self {
        let id = Some(info.sub.as_str())
            .filter(|s| !s.is_empty())
            .or(info.uid.as_deref())
            .unwrap_or(fallback_id)
            .to_owned();
        let created_at = info.created_at.clone();
        let role = info.groups.iter().flatten().map(|g| g.id.clone()).collect();
        let identities = info
            .providers
            .iter()
            .flatten()
            .map(|p| UserIdentity {
                id: p.provider_user_id.clone(),
                identity_id: p.provider_user_id.clone(),
                user_id: id.clone(),
                provider: p.id.clone(),
                identity_data: IdentityData {
                    name: p.name.clone(),
                },
            })
            .collect();
        let user_metadata = UserMetadata {
            name: info.name.clone(),
            picture: info.picture.clone(),
            username: info.username.clone(),
            gender: info.gender.clone(),
            locale: info.locale.clone(),
            uid: id.clone(),
            nick_name: info.name.clone(),
            avatar_url: info.picture.clone(),
            has_password: info.has_password(),
        };
        let phone = info.phone_number.clone();
        User {
            aud: "authenticated".to_owned(),
            role,
            email: info.email.clone(),
            email_confirmed_at: info.email.as_ref().and(created_at.clone()),
            phone_confirmed_at: phone
                .as_ref()
                .filter(|p| !p.is_empty())
                .and(created_at.clone()),
            phone,
            confirmed_at: created_at.clone(),
            last_sign_in_at: None,
            app_metadata: AppMetadata {
                provider: "cloudbase".to_owned(),
                providers: vec!["cloudbase".to_owned()],
            },
            user_metadata,
            identities,
            created_at,
            updated_at: info.updated_at.clone(),
            is_anonymous: info.name.as_deref() == Some("anonymous"),
            id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(v: serde_json::Value) -> UserInfo {
        serde_json::from_value(v).expect("a user info")
    }

    #[test]
    fn converts_like_the_js_sdk() {
        let info = info(
            json!({"sub":"u-phone","name":"Alice","picture":"","username":"","email":"","phone_number":"+86 13800000000",
            "gender":"UNKNOWN","groups":[{"id":"user"}],"providers":[],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","password":"SET","uid":"u-phone"}),
        );
        let user = User::from_info(&info, "");
        assert_eq!(
            serde_json::to_value(&user).expect("serializable"),
            json!({"id":"u-phone","aud":"authenticated","role":["user"],"email":"","email_confirmed_at":"2026-01-01T00:00:00Z",
            "phone":"+86 13800000000","phone_confirmed_at":"2026-01-01T00:00:00Z","confirmed_at":"2026-01-01T00:00:00Z",
            "app_metadata":{"provider":"cloudbase","providers":["cloudbase"]},
            "user_metadata":{"name":"Alice","picture":"","username":"","gender":"UNKNOWN","uid":"u-phone","nickName":"Alice","avatarUrl":"","hasPassword":true},
            "identities":[],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","is_anonymous":false})
        );
    }

    #[test]
    fn missing_fields_fall_back() {
        let info = info(json!({"sub": "", "providers": [{"id": "google"}], "name": "anonymous"}));
        let user = User::from_info(&info, "fallback");
        assert_eq!(user.id, "fallback");
        assert!(user.is_anonymous);
        assert_eq!(user.email_confirmed_at, None);
        assert_eq!(
            serde_json::to_value(&user.identities).expect("serializable"),
            json!([{"id": null, "identity_id": null, "user_id": "fallback", "provider": "google", "identity_data": {"name": null}}])
        );
    }
}
