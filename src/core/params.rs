//! Arguments of the auth calls and the pending code challenge, read with serde from what JS
//! passes, accepting the names the JS SDK accepts (`phone` or `phone_number`, `messageId`, ...).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::prelude::*;

/// Reads a text argument that may also be given as an integer (`123456` → `"123456"`).
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

/// `deserialize_with` of optional text arguments: a string, an integer, `null` or missing.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(TextVisitor)
}

/// `deserialize_with` of nested options: `null` or missing reads as the default.
fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `signUp({email | phone, password?, username?, name?, gender?, picture?, locale?})`: the
/// address the code goes to and the profile `/v1/signup` takes (other fields are not sent).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SignUpParams {
    /// Email address to send the code to.
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// Phone number to send the code to (`phone` or `phone_number`).
    #[serde(default, alias = "phone_number", deserialize_with = "text")]
    pub phone: Option<String>,
    /// Password for the new account (8-32 characters, letters and digits).
    #[serde(default, deserialize_with = "text")]
    pub password: Option<String>,
    /// Username for the new account.
    #[serde(default, deserialize_with = "text")]
    pub username: Option<String>,
    /// Display name.
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    /// `MALE`, `FEMALE` or `UNKNOWN`.
    #[serde(default, deserialize_with = "text")]
    pub gender: Option<String>,
    /// Avatar URL.
    #[serde(default, deserialize_with = "text")]
    pub picture: Option<String>,
    /// Locale.
    #[serde(default, deserialize_with = "text")]
    pub locale: Option<String>,
}

/// `updateUser({nickname?, username?, avatar_url?, gender?, description?})`, and the address
/// change's `{email | phone_number, verification_token}`. A `password` or `new_password` is
/// refused (those change through a code or re-authentication).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct UpdateUserParams {
    /// Display name.
    #[serde(default, deserialize_with = "text")]
    pub nickname: Option<String>,
    /// Username.
    #[serde(default, deserialize_with = "text")]
    pub username: Option<String>,
    /// Avatar URL.
    #[serde(default, deserialize_with = "text")]
    pub avatar_url: Option<String>,
    /// `MALE`, `FEMALE` or `UNKNOWN`.
    #[serde(default, deserialize_with = "text")]
    pub gender: Option<String>,
    /// About the user.
    #[serde(default, deserialize_with = "text")]
    pub description: Option<String>,
    /// A new email address (with `verification_token`).
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// A new phone number (with `verification_token`).
    #[serde(default, deserialize_with = "text")]
    pub phone_number: Option<String>,
    /// The token of the code sent to the new address.
    #[serde(default, deserialize_with = "text")]
    pub verification_token: Option<String>,
    /// Present when the caller tried to change the password here.
    #[serde(default)]
    pub password: Option<de::IgnoredAny>,
    /// The same, under the other name.
    #[serde(default)]
    pub new_password: Option<de::IgnoredAny>,
}

/// `signInWithOtp({email | phone, options?})`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SignInWithOtpParams {
    /// Email address.
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, alias = "phone_number", deserialize_with = "text")]
    pub phone: Option<String>,
    /// Options.
    #[serde(default, deserialize_with = "or_default")]
    pub options: OtpOptions,
}

/// Options of `signInWithOtp`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct OtpOptions {
    /// `false`: only existing users may sign in (default true: sign up when unknown).
    #[serde(default, rename = "shouldCreateUser")]
    pub should_create_user: Option<bool>,
}

/// Standalone `verifyOtp({email | phone, token, messageId})`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct VerifyOtpParams {
    /// Email the code was sent to.
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// Phone the code was sent to.
    #[serde(default, alias = "phone_number", deserialize_with = "text")]
    pub phone: Option<String>,
    /// The code.
    #[serde(default, deserialize_with = "text")]
    pub token: Option<String>,
    /// The `verification_id` of the code (`messageId`).
    #[serde(
        default,
        rename = "messageId",
        alias = "message_id",
        alias = "verification_id",
        deserialize_with = "text"
    )]
    pub message_id: Option<String>,
}

/// `signInWithPassword({username | email | phone, password})`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SignInWithPasswordParams {
    /// Username.
    #[serde(default, deserialize_with = "text")]
    pub username: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, alias = "phone_number", deserialize_with = "text")]
    pub phone: Option<String>,
    /// Password.
    #[serde(default, deserialize_with = "text")]
    pub password: Option<String>,
}

/// `signOut(params)`: with params the session is ended through `/v1/user/signout`. Its
/// serialised form is the request body (the fields that are set).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct SignOutParams {
    /// Where the service should send the browser afterwards.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub redirect_uri: Option<String>,
    /// Opaque state for the redirect.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<String>,
}

/// Where a code was sent: `{"phone": ...}` or `{"email": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Contact {
    /// A phone number, normalised (`+86 13800000000`).
    Phone(String),
    /// An email address.
    Email(String),
}

impl Contact {
    /// The normalised address, as used for `username` in `/v1/signin`.
    pub fn address(&self) -> &str {
        match self {
            Contact::Phone(p) | Contact::Email(p) => p,
        }
    }

    /// The request field name: `phone_number` or `email`.
    pub fn field(&self) -> &'static str {
        match self {
            Contact::Phone(_) => "phone_number",
            Contact::Email(_) => "email",
        }
    }
}

/// A code that was sent and awaits `verifyOtp`: what is needed to finish signing up or in.
/// Serialises to `{contact: {phone | email}, verification_id, is_user, sign_up}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct OtpChallenge {
    /// Where the code went.
    pub contact: Contact,
    /// The `verification_id` (the JS SDK's `messageId`).
    pub verification_id: String,
    /// True when the address belongs to an existing user (sign in), false for sign-up.
    #[serde(default)]
    pub is_user: bool,
    /// Fields sent with `/v1/signup` when this turns out to be a sign-up.
    #[serde(default, deserialize_with = "or_default")]
    pub sign_up: cloudbase_auth_wire::SignUp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: for<'de> Deserialize<'de>>(v: serde_json::Value) -> Result<T, serde_json::Error> {
        serde_json::from_value(v)
    }

    #[test]
    fn challenges_round_trip() {
        let c = OtpChallenge {
            contact: Contact::Phone("+86 13800000000".into()),
            verification_id: "v1".into(),
            is_user: true,
            sign_up: Default::default(),
        };
        let v = serde_json::to_value(&c).expect("serializable");
        assert_eq!(v["contact"], json!({"phone": "+86 13800000000"}));
        assert_eq!(read::<OtpChallenge>(v).ok(), Some(c));
    }

    #[test]
    fn params_accept_the_js_names() {
        let p: SignInWithOtpParams =
            read(json!({"phone": 13800000000u64, "options": {"shouldCreateUser": false}}))
                .expect("valid");
        assert_eq!(
            (p.phone.as_deref(), p.options.should_create_user),
            (Some("13800000000"), Some(false))
        );
        let p: VerifyOtpParams =
            read(json!({"email": "a@b.co", "token": 123456, "messageId": "m"})).expect("valid");
        assert_eq!(
            (p.token.as_deref(), p.message_id.as_deref()),
            (Some("123456"), Some("m"))
        );
        let p: VerifyOtpParams =
            read(json!({"phone_number": "+86 13800000000", "verification_id": "v"}))
                .expect("valid");
        assert_eq!(
            (p.phone.as_deref(), p.message_id.as_deref()),
            (Some("+86 13800000000"), Some("v"))
        );
        let p: SignUpParams =
            read(json!({"email": "a@b.co", "gender": "MALE", "phone": null, "shoeSize": 44}))
                .expect("valid");
        assert_eq!(p.gender.as_deref(), Some("MALE"));
        assert_eq!(p.phone, None);
        let p: SignUpParams = read(json!({"phone_number": "+86 13800000000"})).expect("valid");
        assert_eq!(p.phone.as_deref(), Some("+86 13800000000"));
        let p: SignInWithOtpParams = read(json!({"options": null})).expect("valid");
        assert_eq!(p.options, OtpOptions::default());
        assert!(read::<SignInWithPasswordParams>(json!({"password": ["x"]})).is_err());
        assert!(read::<SignInWithOtpParams>(json!({"options": 1})).is_err());
        assert!(read::<SignUpParams>(json!("x")).is_err());
        let p: UpdateUserParams = read(json!({"nickname": "N", "password": "x"})).expect("valid");
        assert_eq!(p.nickname.as_deref(), Some("N"));
        assert!(p.password.is_some());
        let p: UpdateUserParams = read(json!({"password": null})).expect("valid");
        assert!(p.password.is_none());
    }
}
