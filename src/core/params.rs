//! Arguments of the auth calls (deserialised from the JS objects, camelCase or snake_case as
//! the JS SDK accepts them) and the pending code challenge.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `signUp({email | phone, password?, username?, name?, ...})`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignUpParams {
    /// Email address to send the code to.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number to send the code to.
    #[serde(default)]
    pub phone: Option<String>,
    /// Password for the new account (8-32 characters, letters and digits).
    #[serde(default)]
    pub password: Option<String>,
    /// Username for the new account.
    #[serde(default)]
    pub username: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Other profile fields sent with the sign-up (`gender`, `picture`, `locale`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `signInWithOtp({email | phone, options?})`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignInWithOtpParams {
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Options.
    #[serde(default)]
    pub options: OtpOptions,
}

/// Options of `signInWithOtp`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtpOptions {
    /// `false`: only existing users may sign in (default true: sign up when unknown).
    #[serde(default)]
    pub should_create_user: Option<bool>,
}

/// Standalone `verifyOtp({email | phone, token, messageId})`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyOtpParams {
    /// Email the code was sent to.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone the code was sent to.
    #[serde(default)]
    pub phone: Option<String>,
    /// The code.
    #[serde(default)]
    pub token: Option<String>,
    /// The `verification_id` of the code (`messageId`).
    #[serde(default, alias = "message_id", alias = "verification_id")]
    pub message_id: Option<String>,
}

/// `signInWithPassword({username | email | phone, password})`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignInWithPasswordParams {
    /// Username.
    #[serde(default)]
    pub username: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Password.
    #[serde(default)]
    pub password: Option<String>,
}

/// `signOut(params)`: with params the session is ended through `/v1/user/signout`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SignOutParams {
    /// Where the service should send the browser afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Opaque state for the redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// Where a code was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtpChallenge {
    /// Where the code went.
    pub contact: Contact,
    /// The `verification_id` (the JS SDK's `messageId`).
    pub verification_id: String,
    /// True when the address belongs to an existing user (sign in), false for sign-up.
    pub is_user: bool,
    /// Fields sent with `/v1/signup` when this turns out to be a sign-up.
    #[serde(default)]
    pub sign_up: Map<String, Value>,
}
