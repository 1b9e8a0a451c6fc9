//! [`User`]: the user object of the v3 API, built from `/v1/user/me` exactly as the JS SDK's
//! `convertToUser` does. Missing or oddly typed fields are left out, never an error.

use crate::prelude::*;

use serde::Serialize;

use super::value::{self, Map, Value};

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
    pub app_metadata: Value,
    /// Profile: name, picture, username, gender, locale, uid, nickName, avatarUrl, hasPassword, ...
    pub user_metadata: Map,
    /// Linked identity providers.
    pub identities: Vec<Value>,
    /// Creation time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// True for an anonymous user.
    pub is_anonymous: bool,
}

fn text(info: &Map, key: &str) -> Option<String> {
    info.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn field(info: &Map, key: &str) -> Value {
    info.get(key).cloned().unwrap_or_default()
}

impl User {
    /// Builds the user from the user info (`/v1/user/me` plus `uid`); `fallback_id` is used
    /// when the info has no `sub`.
    pub fn from_info(info: &Map, fallback_id: &str) -> Self {
        let id = text(info, "sub")
            .or_else(|| text(info, "uid"))
            .unwrap_or_else(|| fallback_id.to_owned());
        let created_at = text(info, "created_at");
        let role = match info.get("groups") {
            Some(Value::Array(groups)) => groups
                .iter()
                .filter_map(|g| match g {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => text(o, "id"),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let name = text(info, "name");
        let mut meta = Map::new();
        // (field of the user metadata, field of the user info, only when a string)
        for (to, from, string) in [
            ("name", "name", true),
            ("picture", "picture", true),
            ("username", "username", true),
            ("gender", "gender", true),
            ("locale", "locale", true),
            ("nickName", "name", true),
            ("avatarUrl", "picture", true),
            ("location", "location", false),
            ("open_id", "open_id", false),
        ] {
            match info.get(from) {
                Some(v @ Value::String(_)) => meta.insert(to.into(), v.clone()),
                Some(v) if !string => meta.insert(to.into(), v.clone()),
                _ => None,
            };
        }
        meta.insert("uid".into(), id.as_str().into());
        meta.insert(
            "hasPassword".into(),
            (info.get("password").and_then(Value::as_str) == Some("SET")).into(),
        );
        let identities = match info.get("providers") {
            Some(Value::Array(p)) => p
                .iter()
                .filter_map(Value::as_object)
                .map(|p| {
                    value::object([
                        ("id", field(p, "provider_user_id")),
                        ("identity_id", field(p, "provider_user_id")),
                        ("user_id", id.as_str().into()),
                        ("provider", field(p, "id")),
                        ("identity_data", value::object([("name", field(p, "name"))])),
                    ])
                })
                .collect(),
            _ => Vec::new(),
        };
        let phone = text(info, "phone_number");
        User {
            aud: "authenticated".to_owned(),
            role,
            email: text(info, "email"),
            email_confirmed_at: info
                .contains_key("email")
                .then(|| created_at.clone())
                .flatten(),
            phone_confirmed_at: phone
                .as_ref()
                .filter(|p| !p.is_empty())
                .and(created_at.clone()),
            phone,
            confirmed_at: created_at.clone(),
            last_sign_in_at: text(info, "last_login_at").or_else(|| text(info, "last_sign_in_at")),
            app_metadata: value::object([
                ("provider", "cloudbase".into()),
                ("providers", Value::Array(vec!["cloudbase".into()])),
            ]),
            user_metadata: meta,
            identities,
            created_at,
            updated_at: text(info, "updated_at"),
            is_anonymous: name.as_deref() == Some("anonymous"),
            id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::j;
    use serde_json::json;

    #[test]
    fn converts_like_the_js_sdk() {
        let info = j(
            json!({"sub":"u-phone","name":"Alice","picture":"","username":"","email":"","phone_number":"+86 13800000000",
            "gender":"UNKNOWN","groups":[{"id":"user"}],"providers":[],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","password":"SET","uid":"u-phone"}),
        );
        let user = User::from_info(info.as_object().expect("object"), "");
        assert_eq!(
            serde_json::to_value(&user).expect("serializable"),
            j(
                json!({"id":"u-phone","aud":"authenticated","role":["user"],"email":"","email_confirmed_at":"2026-01-01T00:00:00Z",
                "phone":"+86 13800000000","phone_confirmed_at":"2026-01-01T00:00:00Z","confirmed_at":"2026-01-01T00:00:00Z",
                "app_metadata":{"provider":"cloudbase","providers":["cloudbase"]},
                "user_metadata":{"name":"Alice","picture":"","username":"","gender":"UNKNOWN","uid":"u-phone","nickName":"Alice","avatarUrl":"","hasPassword":true},
                "identities":[],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","is_anonymous":false})
            )
        );
    }

    #[test]
    fn odd_shapes_do_not_fail() {
        let info = j(
            json!({"sub": 5, "groups": "x", "providers": [1, {"id": "google"}], "name": "anonymous"}),
        );
        let user = User::from_info(info.as_object().expect("object"), "fallback");
        assert_eq!(user.id, "fallback");
        assert!(user.is_anonymous);
        assert_eq!(user.identities.len(), 1);
        assert_eq!(
            user.identities[0],
            j(
                json!({"id": null, "identity_id": null, "user_id": "fallback", "provider": "google", "identity_data": {"name": null}})
            )
        );
    }
}
