//! Sign-up and sign-in flows: code (OTP) by phone or email, password, anonymous.

use crate::prelude::*;

use super::client::{AuthClient, Boxed, SignedIn};
use super::error::AuthError;
use super::http::Call;
use super::json::{self, Map, Value};
use super::params::{
    Contact, OtpChallenge, SignInWithOtpParams, SignInWithPasswordParams, SignUpParams,
    VerifyOtpParams,
};
use super::platform::Platform;
use super::text::cat;
use super::validate;

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

pub(crate) fn text_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, AuthError> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AuthError::internal(cat(&["response has no ", key])))
}

impl<P: Platform> AuthClient<P> {
    /// Sends a code (`POST /v1/verification`), with the bearer token when signed in.
    /// Sends a code (`POST /v1/verification`): `target` is `ANY`/`USER`/`CUR_USER`, `usage`
    /// says what an email code is for (`email`, `recovery`, `reauthentication`). The bearer
    /// token goes along whenever the client is signed in, as the JS SDK does.
    pub(crate) fn send_code(
        &self,
        contact: &Contact,
        target: Option<&'static str>,
        usage: Option<&'static str>,
    ) -> Boxed<Value> {
        let (me, contact) = (self.clone(), contact.clone());
        Box::pin(async move { me.send_code_now(&contact, target, usage).await })
    }

    async fn send_code_now(
        &self,
        contact: &Contact,
        target: Option<&str>,
        usage: Option<&str>,
    ) -> Result<Value, AuthError> {
        let mut body = Map::new();
        body.insert(contact.field(), contact.address().into());
        if let Some(t) = target {
            body.insert("target", t.into());
        }
        if let (Contact::Email(_), Some(u)) = (contact, usage) {
            body.insert("usage", u.into());
        }
        let mut call = Call::post("/v1/verification", Value::Object(body));
        if let Some(c) = self
            .stored_credentials()
            .filter(|c| !c.is_expired(self.now()))
        {
            call = call.bearer(&c.access_token);
        }
        self.send(&call).await
    }

    pub(crate) fn challenge(
        contact: Contact,
        sent: &Value,
        sign_up: Map,
    ) -> Result<OtpChallenge, AuthError> {
        Ok(OtpChallenge {
            verification_id: text_field(sent, "verification_id")?.to_owned(),
            is_user: sent
                .get("is_user")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            contact,
            sign_up,
        })
    }

    /// Starts a sign-up: checks the arguments, sends a code to the email or phone. Finish
    /// with [`verify_challenge`](Self::verify_challenge); if the address already belongs to a
    /// user, that signs them in instead (as the JS SDK does).
    pub async fn sign_up(&self, params: SignUpParams) -> Result<OtpChallenge, AuthError> {
        let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
        let mut fields = params.extra;
        if let Some(p) = params.password.filter(|p| !p.is_empty()) {
            validate::password(&p)?;
            fields.insert("password", Value::String(p));
        }
        if let Some(u) = params.username.filter(|u| !u.is_empty()) {
            validate::username(&u)?;
            fields.insert("username", Value::String(u));
        }
        if let Some(n) = params.name.filter(|n| !n.is_empty()) {
            fields.insert("name", Value::String(n));
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
        let sent = self.send_code(&contact, None, Some("email")).await?;
        Self::challenge(contact, &sent, fields)
    }

    /// Sends a sign-in code. With `shouldCreateUser: false` only an existing user may sign in;
    /// otherwise this is a sign-up that signs in existing users.
    pub async fn sign_in_with_otp(
        &self,
        params: SignInWithOtpParams,
    ) -> Result<OtpChallenge, AuthError> {
        if params.options.should_create_user != Some(false) {
            return self
                .sign_up(SignUpParams {
                    email: params.email,
                    phone: params.phone,
                    ..Default::default()
                })
                .await;
        }
        let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
        let sent = self
            .send_code(&contact, Some("USER"), Some("email"))
            .await?;
        let mut challenge = Self::challenge(contact, &sent, Map::new())?;
        challenge.is_user = true;
        Ok(challenge)
    }

    /// Checks a code and returns the verification token.
    pub(crate) async fn verify_code(
        &self,
        verification_id: &str,
        code: &str,
    ) -> Result<String, AuthError> {
        let body = json::object([
            ("verification_id", verification_id.into()),
            ("verification_code", code.into()),
        ]);
        let v = self
            .send(&Call::post("/v1/verification/verify", body))
            .await?;
        Ok(text_field(&v, "verification_token")?.to_owned())
    }

    /// Finishes a [`sign_up`](Self::sign_up) or [`sign_in_with_otp`](Self::sign_in_with_otp)
    /// with the code the user received.
    pub async fn verify_challenge(
        &self,
        challenge: &OtpChallenge,
        token: &str,
    ) -> Result<SignedIn, AuthError> {
        let code = validate::required(Some(token), "token")?;
        let vtoken = self.verify_code(&challenge.verification_id, code).await?;
        let address = challenge.contact.address();
        if challenge.is_user {
            let body = json::object([
                ("username", address.into()),
                ("verification_token", vtoken.into()),
            ]);
            let v = self.send(&Call::post("/v1/signin", body)).await?;
            return self.complete_sign_in(v, Some("v1")).await;
        }
        let mut body = challenge.sign_up.clone();
        body.insert(challenge.contact.field(), address.into());
        body.insert("verification_token", vtoken.into());
        body.insert("verification_code", code.into());
        let v = self
            .send(&Call::post("/v1/signup", Value::Object(body)))
            .await?;
        self.complete_sign_in(v, None).await
    }

    /// Signs in with a code sent earlier: `{email | phone, token, messageId}`.
    pub async fn verify_otp(&self, params: VerifyOtpParams) -> Result<SignedIn, AuthError> {
        let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
        let token = validate::required(params.token.as_deref(), "token")?;
        let id = validate::required(params.message_id.as_deref(), "messageId")?;
        let challenge = OtpChallenge {
            contact,
            verification_id: id.to_owned(),
            is_user: true,
            sign_up: Map::new(),
        };
        self.verify_challenge(&challenge, token).await
    }

    /// Signs in with a password and a username, email or phone.
    pub async fn sign_in_with_password(
        &self,
        params: SignInWithPasswordParams,
    ) -> Result<SignedIn, AuthError> {
        let password = validate::required(params.password.as_deref(), "password")?;
        let username = match (
            params
                .username
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty()),
            &params,
        ) {
            (Some(u), _) => u.to_owned(),
            (None, p) => contact(p.email.as_deref(), p.phone.as_deref())
                .map_err(|_| AuthError::invalid_argument("username, email or phone is required"))?
                .address()
                .to_owned(),
        };
        let body = json::object([("username", username.into()), ("password", password.into())]);
        let v = self.send(&Call::post("/v1/signin", body)).await?;
        self.complete_sign_in(v, Some("v1")).await
    }

    /// Signs in as a new anonymous user.
    pub async fn sign_in_anonymously(&self) -> Result<SignedIn, AuthError> {
        let v = self
            .send(&Call::post("/v1/signin/anonymously", json::object([])))
            .await?;
        self.complete_sign_in(v, None).await
    }
}
