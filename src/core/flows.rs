//! Sign-up and sign-in flows: code (OTP) by phone or email, password, anonymous.
//!
//! The flows are built from a few boxed steps (send a code and read the challenge, check a
//! code, sign in with a request) so that each step's state machine exists once in the wasm
//! module, whichever flows use it.

use crate::prelude::*;

use super::client::{Answer, AuthClient};
use super::code_errors;
use super::error::AuthError;
use super::http::Call;
use super::params::{
    Contact, OtpChallenge, SignInWithOtpParams, SignInWithPasswordParams, SignUpParams,
    VerifyOtpParams,
};
use super::platform::Platform;
use super::session::SignedIn;
use super::task::{AuthFuture, failed, non_empty};
use super::validate;
use cloudbase_auth_wire as wire;

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

/// The address fields of a request (`phone_number` or `email`) for `contact`.
pub(crate) fn verification_request(contact: &Contact) -> wire::VerificationRequest {
    let address = Some(contact.address().to_owned());
    match contact {
        Contact::Phone(_) => wire::VerificationRequest {
            phone_number: address,
            ..Default::default()
        },
        Contact::Email(_) => wire::VerificationRequest {
            email: address,
            ..Default::default()
        },
    }
}

/// The fields of a sign-up besides the address, checked: password, username, name and the
/// profile fields `/v1/signup` takes (`gender`, `picture`, `locale`); others are not sent.
fn sign_up_fields(params: SignUpParams) -> Result<(Contact, wire::SignUp), AuthError> {
    let contact = contact(params.email.as_deref(), params.phone.as_deref())?;
    let password = params.password.filter(|p| !p.is_empty());
    if let Some(p) = &password {
        validate::password(p)?;
    }
    let username = params.username.filter(|u| !u.is_empty());
    if let Some(u) = &username {
        validate::username(u)?;
    }
    let fields = wire::SignUp {
        password,
        username,
        name: params.name.filter(|n| !n.is_empty()),
        gender: params.gender,
        picture: params.picture,
        locale: params.locale,
        ..Default::default()
    };
    Ok((contact, fields))
}

impl<P: Platform> AuthClient<P> {
    /// Sends `call` with the user's bearer token when signed in (and the token is still
    /// valid), without it otherwise, as the JS SDK sends codes.
    pub(crate) fn send_maybe_authed(&self, call: Call) -> AuthFuture<Answer<P>> {
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
        sign_up: wire::SignUp,
        known_user: bool,
    ) -> AuthFuture<OtpChallenge> {
        let body = wire::VerificationRequest {
            target: target.map(str::to_owned),
            usage: matches!(contact, Contact::Email(_)).then(|| usage.to_owned()),
            ..verification_request(&contact)
        };
        let sent = self.send_maybe_authed(self.post("/v1/verification", &body));
        let me = self.clone();
        Box::pin(async move {
            let sent = sent.await.map_err(code_errors::on_send)?;
            let sent: wire::Verification = me.read(&sent)?;
            Ok(OtpChallenge {
                verification_id: non_empty(sent.verification_id, "verification_id")?,
                is_user: known_user || sent.is_user,
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
            Ok(c) => self.code_challenge(c, Some("USER"), "email", Default::default(), true),
            Err(e) => failed(e),
        }
    }

    /// Checks a code and returns the verification token.
    pub(crate) fn verify_code(&self, verification_id: &str, code: &str) -> AuthFuture<String> {
        let body = wire::VerifyRequest {
            verification_id: verification_id.to_owned(),
            verification_code: code.to_owned(),
            ..Default::default()
        };
        let checked = self.send(&self.post("/v1/verification/verify", &body));
        let me = self.clone();
        Box::pin(async move {
            let answer = checked.await.map_err(code_errors::on_verify)?;
            let answer: wire::VerifyAnswer = me.read(&answer)?;
            non_empty(answer.verification_token, "verification_token")
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
                let body = wire::SignIn {
                    username: address.to_owned(),
                    verification_token: Some(vtoken),
                    ..Default::default()
                };
                return me
                    .sign_in_call(me.post("/v1/signin", &body), Some("v1"))
                    .await;
            }
            let contact = verification_request(&challenge.contact);
            let body = wire::SignUp {
                phone_number: contact.phone_number,
                email: contact.email,
                verification_token: Some(vtoken),
                verification_code: Some(code),
                ..challenge.sign_up.clone()
            };
            me.sign_in_call(me.post("/v1/signup", &body), None).await
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
                sign_up: Default::default(),
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
            Ok(wire::SignIn {
                username,
                password: Some(password.to_owned()),
                ..Default::default()
            })
        })();
        match checked {
            Ok(body) => self.sign_in_call(self.post("/v1/signin", &body), Some("v1")),
            Err(e) => failed(e),
        }
    }

    /// Signs in as a new anonymous user.
    pub fn sign_in_anonymously(&self) -> AuthFuture<SignedIn> {
        self.sign_in_call(
            self.post("/v1/signin/anonymously", &wire::AnonymousSignIn::default()),
            None,
        )
    }
}
