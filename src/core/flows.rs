//! Sign-up and sign-in flows: code (OTP) by phone or email, password, anonymous.
//!
//! The flows are built from a few boxed steps (send a code and read the challenge, check a
//! code, sign in with a request) so that each step's state machine exists once in the wasm
//! module, whichever flows use it.

use crate::prelude::*;

use super::client::AuthClient;
use super::code_errors;
use super::error::AuthError;
use super::http::Call;
use super::params::{
    Contact, OtpChallenge, SignInWithOtpParams, SignInWithPasswordParams, SignUpParams,
    VerifyOtpParams,
};
use super::platform::Platform;
use super::session::SignedIn;
use super::task::{AuthFuture, failed, text_field};
use super::validate;
use super::value::{self, Map, Value};

/// Picks and normalises the address a code goes to: `email`, else `phone`.
pub(crate) fn contact(email: Option<&str>, phone: Option<&str>) -> Result<Contact, AuthError> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let phone = phone.map(str::trim).filter(|p| !p.is_empty());
    match (email, phone) {
        (Some(e), _) => Ok(Contact::Email(validate::email(e)?)),
        (None, Some(p)) => Ok(Contact::Phone(validate::normalize_phone(p)?)),
        (None, None) => Err(AuthError::invalid_argument("email or phone is required")),
    }
}

/// The fields of a sign-up besides the address, checked.
fn sign_up_fields(params: SignUpParams) -> Result<(Contact, Map), AuthError> {
    let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
    let mut fields = params.extra;
    if let Some(p) = params.password.filter(|p| !p.is_empty()) {
        validate::password(&p)?;
        fields.insert("password".into(), Value::String(p));
    }
    if let Some(u) = params.username.filter(|u| !u.is_empty()) {
        validate::username(&u)?;
        fields.insert("username".into(), Value::String(u));
    }
    if let Some(n) = params.name.filter(|n| !n.is_empty()) {
        fields.insert("name".into(), Value::String(n));
    }
    for key in [
        "email",
        "phone",
        "phone_number",
        "verification_token",
        "verification_code",
    ] {
        fields.remove(key);
    }
    Ok((contact, fields))
}

impl<P: Platform> AuthClient<P> {
    /// Sends `call` with the user's bearer token when signed in (and the token is still
    /// valid), without it otherwise, as the JS SDK sends codes.
    pub(crate) fn send_maybe_authed(&self, call: Call) -> AuthFuture<Value> {
        let me = self.clone();
        Box::pin(async move {
            let call = match me.stored_credentials().filter(|c| !c.is_expired(me.now())) {
                Some(c) => call.bearer(&c.access_token),
                None => call,
            };
            me.send(&call).await
        })
    }

    /// Sends a code (`POST /v1/verification`): `target` is `ANY`/`USER`/`CUR_USER`, `usage`
    /// says what an email code is for (`email`, `recovery`, `reauthentication`). Returns the
    /// challenge to finish with the code; `sign_up` holds the fields for `/v1/signup`, and
    /// `known_user` marks the address as an existing user's whatever the service says.
    pub(crate) fn code_challenge(
        &self,
        contact: Contact,
        target: Option<&'static str>,
        usage: &'static str,
        sign_up: Map,
        known_user: bool,
    ) -> AuthFuture<OtpChallenge> {
        let mut body = Map::new();
        body.insert(contact.field().into(), contact.address().into());
        if let Some(t) = target {
            body.insert("target".into(), t.into());
        }
        if let Contact::Email(_) = contact {
            body.insert("usage".into(), usage.into());
        }
        let sent = self.send_maybe_authed(Call::post("/v1/verification", Value::Object(body)));
        Box::pin(async move {
            let sent = sent.await.map_err(code_errors::on_send)?;
            Ok(OtpChallenge {
                verification_id: text_field(&sent, "verification_id")?.to_owned(),
                is_user: known_user || sent["is_user"].as_bool().unwrap_or(false),
                contact,
                sign_up,
            })
        })
    }

    /// Starts a sign-up: checks the arguments, sends a code to the email or phone. Finish
    /// with [`verify_challenge`](Self::verify_challenge); if the address already belongs to a
    /// user, that signs them in instead (as the JS SDK does).
    pub fn sign_up(&self, params: SignUpParams) -> AuthFuture<OtpChallenge> {
        match sign_up_fields(params) {
            Ok((contact, fields)) => self.code_challenge(contact, None, "email", fields, false),
            Err(e) => failed(e),
        }
    }

    /// Sends a sign-in code. With `shouldCreateUser: false` only an existing user may sign in;
    /// otherwise this is a sign-up that signs in existing users.
    pub fn sign_in_with_otp(&self, params: SignInWithOtpParams) -> AuthFuture<OtpChallenge> {
        if params.options.should_create_user != Some(false) {
            return self.sign_up(SignUpParams {
                email: params.email,
                phone: params.phone,
                ..Default::default()
            });
        }
        match contact(params.email.as_deref(), params.phone.as_deref()) {
            Ok(c) => self.code_challenge(c, Some("USER"), "email", Map::new(), true),
            Err(e) => failed(e),
        }
    }

    /// Checks a code and returns the verification token.
    pub(crate) fn verify_code(&self, verification_id: &str, code: &str) -> AuthFuture<String> {
        let body = value::object([
            ("verification_id", verification_id.into()),
            ("verification_code", code.into()),
        ]);
        let checked = self.send(&Call::post("/v1/verification/verify", body));
        Box::pin(async move {
            let answer = checked.await.map_err(code_errors::on_verify)?;
            Ok(text_field(&answer, "verification_token")?.to_owned())
        })
    }

    /// Finishes a [`sign_up`](Self::sign_up) or [`sign_in_with_otp`](Self::sign_in_with_otp)
    /// with the code the user received.
    pub fn verify_challenge(&self, challenge: &OtpChallenge, token: &str) -> AuthFuture<SignedIn> {
        let code = match validate::required(Some(token), "token") {
            Ok(code) => code.to_owned(),
            Err(e) => return failed(e),
        };
        let (me, challenge) = (self.clone(), challenge.clone());
        Box::pin(async move {
            let vtoken = me.verify_code(&challenge.verification_id, &code).await?;
            let address = challenge.contact.address();
            if challenge.is_user {
                let body = value::object([
                    ("username", address.into()),
                    ("verification_token", vtoken.into()),
                ]);
                return me
                    .sign_in_call(Call::post("/v1/signin", body), Some("v1"))
                    .await;
            }
            let mut body = challenge.sign_up.clone();
            body.insert(challenge.contact.field().into(), address.into());
            body.insert("verification_token".into(), vtoken.into());
            body.insert("verification_code".into(), code.into());
            me.sign_in_call(Call::post("/v1/signup", Value::Object(body)), None)
                .await
        })
    }

    /// Signs in with a code sent earlier: `{email | phone, token, messageId}`.
    pub fn verify_otp(&self, params: VerifyOtpParams) -> AuthFuture<SignedIn> {
        let checked = (|| {
            let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
            let token = validate::required(params.token.as_deref(), "token")?;
            let id = validate::required(params.message_id.as_deref(), "messageId")?;
            let challenge = OtpChallenge {
                contact,
                verification_id: id.to_owned(),
                is_user: true,
                sign_up: Map::new(),
            };
            Ok((challenge, token))
        })();
        match checked {
            Ok((challenge, token)) => self.verify_challenge(&challenge, token),
            Err(e) => failed(e),
        }
    }

    /// Signs in with a password and a username, email or phone.
    pub fn sign_in_with_password(&self, params: SignInWithPasswordParams) -> AuthFuture<SignedIn> {
        let checked = (|| {
            let password = validate::required(params.password.as_deref(), "password")?;
            let username = match params
                .username
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
            {
                Some(u) => u.to_owned(),
                None => contact(params.email.as_deref(), params.phone.as_deref())
                    .map_err(|_| {
                        AuthError::invalid_argument("username, email or phone is required")
                    })?
                    .address()
                    .to_owned(),
            };
            Ok(value::object([
                ("username", username.into()),
                ("password", password.into()),
            ]))
        })();
        match checked {
            Ok(body) => self.sign_in_call(Call::post("/v1/signin", body), Some("v1")),
            Err(e) => failed(e),
        }
    }

    /// Signs in as a new anonymous user.
    pub fn sign_in_anonymously(&self) -> AuthFuture<SignedIn> {
        self.sign_in_call(
            Call::post("/v1/signin/anonymously", value::object([])),
            None,
        )
    }
}
