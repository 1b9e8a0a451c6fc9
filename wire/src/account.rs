//! Account changes: profile edit, re-authentication (sudo), password change and reset, contact
//! change. Those without an answer of their own answer [`Empty`](crate::Empty).
use serde::{Deserialize, Serialize};

/// `POST /v1/user/basic/edit`: profile fields, and a new `email` or phone (with the
/// `verification_token` of a code sent to it). The phone may be named `phone` (the JS SDK) or
/// `phone_number`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BasicEdit {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// `MALE`, `FEMALE` or `UNKNOWN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Free text about the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A new phone number (the JS SDK's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A new phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The verification token of a code sent to the new email or phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
    /// The user id (ignored: the bearer token names the user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `POST /v1/user/sudo` `{password}` or `{verification_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SudoRequest {
    /// The user's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The verification token of a code sent to the user's phone or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
}

/// The answer of `POST /v1/user/sudo`: `{sudo_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SudoAnswer {
    /// A short-lived token for a sensitive change.
    pub sudo_token: String,
}

/// `PATCH /v1/user/password` `{new_password, sudo_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The new password.
    pub new_password: String,
    /// From [`SudoAnswer`].
    pub sudo_token: String,
}

/// `POST /v1/reset` `{email | phone_number, new_password, verification_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// The user's email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The new password.
    pub new_password: String,
    /// The verification token of a code sent to the email or phone.
    pub verification_token: String,
}

/// `PATCH /v1/user/contact` `{phone_number | email, sudo_token, verification_token}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactChange {
    /// The new phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The new email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// From [`SudoAnswer`].
    pub sudo_token: String,
    /// The verification token of a code sent to the new phone or email.
    pub verification_token: String,
    /// What to do when another user has the address (not used by the emulator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict_resolution: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_edit_round_trips() {
        let e: BasicEdit = round_trip(r#"{"nickname":"Al"}"#);
        assert_eq!(e.nickname.as_deref(), Some("Al"));
        round_trip::<BasicEdit>(
            r#"{"username":"alice_1","avatar_url":"https://p","gender":"MALE","description":"d","user_id":"u1"}"#,
        );
        let e: BasicEdit = round_trip(r#"{"email":"new@b.co","verification_token":"vt"}"#);
        assert_eq!(e.phone, None);
        let e: BasicEdit =
            round_trip(r#"{"phone_number":"+86 13900000000","verification_token":"vt"}"#);
        assert_eq!(e.phone_number.as_deref(), Some("+86 13900000000"));
        let e: BasicEdit = round_trip(r#"{"phone":"+86 13900000000","verification_token":"vt"}"#);
        assert_eq!(e.phone.as_deref(), Some("+86 13900000000"));
    }

    #[test]
    fn sudo_password_and_contact_round_trip() {
        round_trip::<SudoRequest>(r#"{"password":"Passw0rd!"}"#);
        round_trip::<SudoRequest>(r#"{"verification_token":"vt"}"#);
        assert_eq!(
            round_trip::<SudoAnswer>(r#"{"sudo_token":"st"}"#).sudo_token,
            "st"
        );
        round_trip::<PasswordChange>(r#"{"new_password":"N3w-pass!","sudo_token":"st"}"#);
        round_trip::<PasswordReset>(
            r#"{"email":"a@b.co","new_password":"N3w-pass!","verification_token":"vt"}"#,
        );
        round_trip::<ContactChange>(
            r#"{"phone_number":"+86 13900000000","sudo_token":"st","verification_token":"vt","conflict_resolution":"x"}"#,
        );
    }

    #[test]
    fn required_fields_are_required() {
        assert!(refused::<PasswordChange>(r#"{"new_password":"p"}"#));
        assert!(refused::<PasswordReset>(
            r#"{"email":"a@b.co","new_password":"p"}"#
        ));
        assert!(refused::<ContactChange>(
            r#"{"email":"a@b.co","sudo_token":"s"}"#
        ));
        assert!(refused::<SudoAnswer>("{}"));
    }
}
