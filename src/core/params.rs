//! Arguments of the auth calls and the pending code challenge. Read from the JS objects by
//! hand (see `fields.rs`), accepting the names the JS SDK accepts.

use alloc::borrow::Cow;

use crate::prelude::*;

use super::error::AuthError;
use super::fields::{Fields, FromJson};
use super::value::{self, Map, Value};

/// `signUp({email | phone, password?, username?, name?, ...})`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignUpParams {
    /// Email address to send the code to.
    pub email: Option<String>,
    /// Phone number to send the code to.
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

impl FromJson for SignUpParams {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "signUp")?;
        let email = f.str("email")?;
        let phone = f.str_any(&["phone", "phone_number"])?;
        let password = f.str("password")?;
        let username = f.str("username")?;
        let name = f.str("name")?;
        Ok(SignUpParams {
            email: own(email),
            phone: own(phone),
            password: own(password),
            username: own(username),
            name: own(name),
            extra: f.rest(&[
                "email",
                "phone",
                "phone_number",
                "password",
                "username",
                "name",
            ]),
        })
    }
}

fn own(s: Option<Cow<str>>) -> Option<String> {
    s.map(Cow::into_owned)
}

/// `signInWithOtp({email | phone, options?})`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInWithOtpParams {
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Options.
    pub options: OtpOptions,
}

/// Options of `signInWithOtp`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OtpOptions {
    /// `false`: only existing users may sign in (default true: sign up when unknown).
    pub should_create_user: Option<bool>,
}

impl FromJson for SignInWithOtpParams {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "signInWithOtp")?;
        let email = f.str("email")?;
        let phone = f.str_any(&["phone", "phone_number"])?;
        let should_create_user = f.object("options")?.flag("shouldCreateUser")?;
        Ok(SignInWithOtpParams {
            email: own(email),
            phone: own(phone),
            options: OtpOptions { should_create_user },
        })
    }
}

/// Standalone `verifyOtp({email | phone, token, messageId})`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOtpParams {
    /// Email the code was sent to.
    pub email: Option<String>,
    /// Phone the code was sent to.
    pub phone: Option<String>,
    /// The code.
    pub token: Option<String>,
    /// The `verification_id` of the code (`messageId`).
    pub message_id: Option<String>,
}

impl FromJson for VerifyOtpParams {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "verifyOtp")?;
        let email = f.str("email")?;
        let phone = f.str_any(&["phone", "phone_number"])?;
        let token = f.str("token")?;
        let message_id = f.str_any(&["messageId", "message_id", "verification_id"])?;
        Ok(VerifyOtpParams {
            email: own(email),
            phone: own(phone),
            token: own(token),
            message_id: own(message_id),
        })
    }
}

/// `signInWithPassword({username | email | phone, password})`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInWithPasswordParams {
    /// Username.
    pub username: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Password.
    pub password: Option<String>,
}

impl FromJson for SignInWithPasswordParams {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "signInWithPassword")?;
        let username = f.str("username")?;
        let email = f.str("email")?;
        let phone = f.str_any(&["phone", "phone_number"])?;
        let password = f.str("password")?;
        Ok(SignInWithPasswordParams {
            username: own(username),
            email: own(email),
            phone: own(phone),
            password: own(password),
        })
    }
}

/// `signOut(params)`: with params the session is ended through `/v1/user/signout`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignOutParams {
    /// Where the service should send the browser afterwards.
    pub redirect_uri: Option<String>,
    /// Opaque state for the redirect.
    pub state: Option<String>,
}

impl SignOutParams {
    /// The request body: the fields that are set.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(r) = &self.redirect_uri {
            m.insert("redirect_uri".into(), r.as_str().into());
        }
        if let Some(s) = &self.state {
            m.insert("state".into(), s.as_str().into());
        }
        Value::Object(m)
    }
}

impl FromJson for SignOutParams {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "signOut")?;
        let redirect_uri = f.str("redirect_uri")?;
        let state = f.str("state")?;
        Ok(SignOutParams {
            redirect_uri: own(redirect_uri),
            state: own(state),
        })
    }
}

/// Where a code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct OtpChallenge {
    /// Where the code went.
    pub contact: Contact,
    /// The `verification_id` (the JS SDK's `messageId`).
    pub verification_id: String,
    /// True when the address belongs to an existing user (sign in), false for sign-up.
    pub is_user: bool,
    /// Fields sent with `/v1/signup` when this turns out to be a sign-up.
    pub sign_up: Map,
}

impl OtpChallenge {
    /// `{contact: {phone | email}, verification_id, is_user, sign_up}`.
    pub fn to_json(&self) -> Value {
        let contact = match &self.contact {
            Contact::Phone(p) => value::object([("phone", p.as_str().into())]),
            Contact::Email(e) => value::object([("email", e.as_str().into())]),
        };
        value::object([
            ("contact", contact),
            ("verification_id", self.verification_id.as_str().into()),
            ("is_user", self.is_user.into()),
            ("sign_up", Value::Object(self.sign_up.clone())),
        ])
    }
}

impl FromJson for OtpChallenge {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "challenge")?;
        let c = f.object("contact")?;
        let contact = match (c.str("phone")?, c.str("email")?) {
            (Some(p), _) => Contact::Phone(p.into_owned()),
            (None, Some(e)) => Contact::Email(e.into_owned()),
            (None, None) => return Err(AuthError::invalid_argument("challenge: no contact")),
        };
        let checked = (|| {
            let id = f
                .str("verification_id")?
                .ok_or_else(|| AuthError::invalid_argument("challenge: no verification_id"))?;
            Ok((id, f.flag("is_user")?, f.object("sign_up")?.map()))
        })();
        let (id, is_user, sign_up) = checked?;
        Ok(OtpChallenge {
            contact,
            verification_id: id.into_owned(),
            is_user: is_user.unwrap_or(false),
            sign_up,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::j;
    use serde_json::json;

    #[test]
    fn challenges_round_trip() {
        let c = OtpChallenge {
            contact: Contact::Phone("+86 13800000000".into()),
            verification_id: "v1".into(),
            is_user: true,
            sign_up: Map::new(),
        };
        let v = c.to_json();
        assert_eq!(v["contact"], j(json!({"phone": "+86 13800000000"})));
        assert_eq!(OtpChallenge::from_json(&v), Ok(c));
    }

    #[test]
    fn params_accept_the_js_names() {
        let p = SignInWithOtpParams::from_json(&j(
            json!({"phone": 13800000000u64, "options": {"shouldCreateUser": false}}),
        ));
        let p = p.expect("valid");
        assert_eq!(
            (p.phone.as_deref(), p.options.should_create_user),
            (Some("13800000000"), Some(false))
        );
        let p = VerifyOtpParams::from_json(&j(
            json!({"email": "a@b.co", "token": 123456, "messageId": "m"}),
        ))
        .expect("valid");
        assert_eq!(
            (p.token.as_deref(), p.message_id.as_deref()),
            (Some("123456"), Some("m"))
        );
        let p = SignUpParams::from_json(&j(json!({"email": "a@b.co", "gender": "MALE"})))
            .expect("valid");
        assert_eq!(p.extra.get("gender"), Some(&"MALE".into()));
        assert!(SignInWithPasswordParams::from_json(&j(json!({"password": ["x"]}))).is_err());
        assert!(SignInWithOtpParams::from_json(&j(json!({"options": 1}))).is_err());
        assert!(SignUpParams::from_json(&j(json!("x"))).is_err());
    }
}
