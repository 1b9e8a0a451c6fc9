//! Arguments of the auth calls and the pending code challenge, read with serde from what JS
//! passes, accepting the names the JS SDK accepts (`phone` or `phone_number`, `messageId`, ...).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::prelude::*;

use super::error::AuthError;
use super::value::{Map, Value};

/// Reads JSON arguments into `T`: empty text is `{}`; anything unreadable is an
/// `invalid_argument` error naming `what`.
pub fn from_json_text<T: for<'de> Deserialize<'de>>(
    text: &str,
    what: &str,
) -> Result<T, AuthError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_json::from_str(text).map_err(|e| invalid(what, &e))
}

/// Reads a JSON value into `T` (`null` is `{}`), as [`from_json_text`].
pub fn from_json_value<T: for<'de> Deserialize<'de>>(
    value: Value,
    what: &str,
) -> Result<T, AuthError> {
    let value = if value.is_null() {
        Value::Object(Map::new())
    } else {
        value
    };
    serde_json::from_value(value).map_err(|e| invalid(what, &e))
}

fn invalid(what: &str, e: &serde_json::Error) -> AuthError {
    AuthError::invalid_argument(["invalid ", what, " arguments: ", &e.to_string()].concat())
}

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

/// The text argument `key` of `args` (a string or an integer; `null` or missing → `None`).
pub fn text_arg(args: &Map, key: &str) -> Result<Option<String>, AuthError> {
    match args.get(key) {
        None => Ok(None),
        Some(v) => text(v.clone()).map_err(|e| {
            AuthError::invalid_argument(["`", key, "` must be a string: ", &e.to_string()].concat())
        }),
    }
}

/// `deserialize_with` of nested options: `null` or missing reads as the default.
fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `signUp({email | phone, password?, username?, name?, ...})`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "Map")]
pub struct SignUpParams {
    /// Email address to send the code to.
    pub email: Option<String>,
    /// Phone number to send the code to (`phone` or `phone_number`).
    pub phone: Option<String>,
    /// Password for the new account (8-32 characters, letters and digits).
    pub password: Option<String>,
    /// Username for the new account.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Other profile fields sent with the sign-up (`gender`, `picture`, `locale`, ...).
    pub extra: Map,
}

impl TryFrom<Map> for SignUpParams {
    type Error = AuthError;

    /// The known fields, read as text; every other field is kept as given in `extra`.
    fn try_from(mut args: Map) -> Result<Self, AuthError> {
        let mut take = |keys: &[&str]| -> Result<Option<String>, AuthError> {
            let mut found = None;
            for key in keys {
                let value = text_arg(&args, key)?;
                args.remove(*key);
                found = found.or(value);
            }
            Ok(found)
        };
        Ok(SignUpParams {
            email: take(&["email"])?,
            phone: take(&["phone", "phone_number"])?,
            password: take(&["password"])?,
            username: take(&["username"])?,
            name: take(&["name"])?,
            extra: args,
        })
    }
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
        assert_eq!(from_json_value::<OtpChallenge>(v, "challenge"), Ok(c));
    }

    #[test]
    fn params_accept_the_js_names() {
        let p: SignInWithOtpParams = from_json_value(
            json!({"phone": 13800000000u64, "options": {"shouldCreateUser": false}}),
            "signInWithOtp",
        )
        .expect("valid");
        assert_eq!(
            (p.phone.as_deref(), p.options.should_create_user),
            (Some("13800000000"), Some(false))
        );
        let p: VerifyOtpParams = from_json_value(
            json!({"email": "a@b.co", "token": 123456, "messageId": "m"}),
            "verifyOtp",
        )
        .expect("valid");
        assert_eq!(
            (p.token.as_deref(), p.message_id.as_deref()),
            (Some("123456"), Some("m"))
        );
        let p: VerifyOtpParams = from_json_value(
            json!({"phone_number": "+86 13800000000", "verification_id": "v"}),
            "verifyOtp",
        )
        .expect("valid");
        assert_eq!(
            (p.phone.as_deref(), p.message_id.as_deref()),
            (Some("+86 13800000000"), Some("v"))
        );
        let p: SignUpParams = from_json_value(
            json!({"email": "a@b.co", "gender": "MALE", "phone": null}),
            "signUp",
        )
        .expect("valid");
        assert_eq!(p.extra.get("gender"), Some(&"MALE".into()));
        assert_eq!(p.extra.len(), 1);
        assert_eq!(p.phone, None);
        let p: SignInWithOtpParams = from_json_value(json!({"options": null}), "x").expect("valid");
        assert_eq!(p.options, OtpOptions::default());
        assert!(
            from_json_value::<SignInWithPasswordParams>(json!({"password": ["x"]}), "x").is_err()
        );
        assert!(from_json_value::<SignInWithOtpParams>(json!({"options": 1}), "x").is_err());
        assert!(from_json_value::<SignUpParams>(json!("x"), "x").is_err());
        assert!(from_json_value::<SignUpParams>(Value::Null, "x").is_ok());
        let e = from_json_text::<SignUpParams>("{", "signUp").expect_err("malformed");
        assert_eq!(e.code, "invalid_argument");
        assert!(
            e.message.starts_with("invalid signUp arguments: "),
            "{}",
            e.message
        );
    }
}
