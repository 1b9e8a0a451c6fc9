//! The v2 API's building blocks: the raw calls behind `getVerification`, `verify`, `signIn`
//! and the direct form of `signUp` (with the same checks as the v3 flows), and behind
//! `setPassword`, `deleteMe`, `resetPassword`, `bindPhoneNumber`, `bindEmail` and
//! `getProviders` (the arguments passed on, as the original does), and `setCredentials`. Their
//! arguments are the service's own request bodies, their answers the service's own.

use crate::prelude::*;

use cloudbase_auth_wire as wire;

use super::client::AuthClient;
use super::error::AuthError;
use super::http::Call;
use super::platform::{Json, Method, Platform};
use super::session::{Credentials, SignedIn};
use super::sign_in::Grant;
use super::task::{AnswerOk, AuthFuture, failed};
use super::user::User;
use super::validate;

/// Normalises a request's `phone_number`, checks its `email` (empty ones count as absent).
fn normalise_contact(
    phone_number: &mut Option<String>,
    email: &mut Option<String>,
) -> Result<(), AuthError> {
    if let Some(p) = phone_number.take().filter(|p| !p.trim().is_empty()) {
        *phone_number = Some(validate::normalize_phone(&p)?);
    }
    if let Some(e) = email.take().filter(|e| !e.trim().is_empty()) {
        *email = Some(validate::email(&e)?);
    }
    Ok(())
}

impl<P: Platform> AuthClient<P> {
    /// `getVerification({phone_number | email, target?, usage?})` → the service's answer
    /// `{verification_id, is_user, expires_in}`.
    pub fn get_verification(
        &self,
        mut body: wire::VerificationRequest,
    ) -> AuthFuture<wire::Verification> {
        if let Err(e) = normalise_contact(&mut body.phone_number, &mut body.email) {
            return failed(e);
        }
        if body.phone_number.is_none() && body.email.is_none() {
            return failed(AuthError::invalid_argument(
                "phone_number or email is required",
            ));
        }
        // A code for the current user goes with a valid token (refreshed first if expired;
        // `unauthenticated` when signed out), as the service ties the code to its user.
        let call = self.post("/v1/verification", &body);
        let sent = match body.target.as_deref() {
            Some("CUR_USER") => self.send_authed(call),
            _ => self.send_maybe_authed(call),
        };
        let me = self.clone();
        Box::pin(async move { me.read(&sent.await?) })
    }

    /// `verify({verification_id, verification_code})` → `{verification_token, expires_in}`.
    pub fn verify(&self, verification_id: &str, code: &str) -> AuthFuture<wire::VerifyAnswer> {
        let checked = validate::required(Some(verification_id), "verification_id")
            .and_then(|id| Ok((id, validate::required(Some(code), "verification_code")?)));
        let body = match checked {
            Ok((id, code)) => wire::VerifyRequest {
                verification_id: id.to_owned(),
                verification_code: code.to_owned(),
                ..Default::default()
            },
            Err(e) => return failed(e),
        };
        let sent = self.send(&self.post("/v1/verification/verify", &body));
        let me = self.clone();
        Box::pin(async move { me.read(&sent.await?) })
    }

    /// `signIn({username, password | verification_token})`: username, email or phone.
    pub fn sign_in(&self, mut body: wire::SignIn) -> AuthFuture<SignedIn> {
        let checked = (|| {
            let username = validate::required(Some(&body.username), "username")?;
            if body.password.is_none() && body.verification_token.is_none() {
                return Err(AuthError::invalid_argument(
                    "password or verification_token is required",
                ));
            }
            // A phone number, with its country code or as 11 bare digits (no username is all
            // digits): as the service keeps it, `+86 13800000000` (what `signInWithSms` sends
            // for a returning user, as the original formats it).
            if username.starts_with('+') || username.bytes().all(|b| b.is_ascii_digit()) {
                validate::normalize_phone(username)
            } else {
                Ok(username.to_owned())
            }
        })();
        match checked {
            Ok(username) => {
                body.username = username;
                self.sign_in_call(self.post("/v1/signin", &body), Some("v1"))
            }
            Err(e) => failed(e),
        }
    }

    /// The direct form of `signUp({phone_number | email, verification_token, ...})`.
    pub fn sign_up_direct(&self, mut body: wire::SignUp) -> AuthFuture<SignedIn> {
        let checked = normalise_contact(&mut body.phone_number, &mut body.email).and_then(|()| {
            if let Some(u) = body.username.as_deref().filter(|u| !u.is_empty()) {
                validate::username(u)?;
            }
            match body.password.as_deref() {
                Some(p) => validate::password(p),
                None => Ok(()),
            }
        });
        match checked {
            Ok(()) => self.sign_in_call(self.post("/v1/signup", &body), None),
            Err(e) => failed(e),
        }
    }

    /// `setCredentials(credentials)`: credentials the app hands over (JSON text of the
    /// service's answer, as `getCredentials()` gives them too) become the session once
    /// `/v1/user/me` has named their user (`SIGNED_IN`; their own `expires_at` is kept when it
    /// comes sooner than `expires_in` from now); a refusal leaves the session as it was. `None`
    /// signs out here, without asking the service (`SIGNED_OUT` if there was a session), as the
    /// original clears on nothing. Credentials without `access_token`, or without an
    /// `expires_in` over the 30 s margin, are refused (the original would clear on those too).
    pub fn set_credentials(&self, credentials: Option<&str>) -> AuthFuture<Option<SignedIn>> {
        let given = credentials.map(|text| {
            let json = self.inner.platform.json();
            json.decode::<wire::Credentials>(text)
                .ok()
                .filter(Credentials::keepable)
                .ok_or_else(|| {
                    AuthError::invalid_argument(
                        "credentials need access_token, expires_in over 30 (s) and, if any, \
                         expires_at as a date text (null signs out)",
                    )
                })
        });
        let me = self.clone();
        Box::pin(async move {
            match given {
                Some(given) => me.sign_in_grant(Grant::Given(given?), None).await.map(Some),
                None => {
                    me.drop_session(|_| true);
                    Ok(None)
                }
            }
        })
    }
}

/// The sensitive changes of the v2 API, each with a sudo token from
/// [`sudo`](AuthClient::sudo), and the raw calls around them. As in the original, the
/// arguments go as they are (empty ones left out, addresses normalised): the service checks
/// them and its refusal is the error.
impl<P: Platform> AuthClient<P> {
    /// `setPassword({new_password, sudo_token})`: `PATCH /v1/user/password`.
    pub fn set_password(&self, new_password: &str, sudo_token: &str) -> AuthFuture<()> {
        self.put_password(new_password, sudo_token.to_owned())
    }

    /// `deleteMe({sudo_token})`: deletes the signed-in user (`DELETE /v1/user/me`), then signs
    /// out (the tokens name a user that is gone). A session of another user stored meanwhile
    /// (another tab's sign-in) stays.
    pub fn delete_me(&self, sudo_token: &str) -> AuthFuture<()> {
        let mut call = Call::get("/v1/user/me").query("sudo_token", sudo_token);
        call.method = Method::Delete;
        let deleted = self.send_authed_unit(call);
        let user = self.stored_credentials().map(|c| c.sub);
        let me = self.clone();
        Box::pin(async move {
            deleted.await?;
            me.drop_session(|c| user.as_ref() == Some(&c.sub));
            Ok(())
        })
    }

    /// `resetPassword({email | phone_number, new_password, verification_token})`:
    /// `POST /v1/reset` with the token of a code sent to the address; signs nobody in.
    pub fn reset_password(&self, mut body: wire::PasswordReset) -> AuthFuture<()> {
        match normalise_contact(&mut body.phone_number, &mut body.email) {
            Ok(()) => Box::pin(AnswerOk(self.send(&self.post("/v1/reset", &body)))),
            Err(e) => failed(e),
        }
    }

    /// `bindPhoneNumber` / `bindEmail` (`{phone_number | email, sudo_token,
    /// verification_token, conflict_resolution?}`): `PATCH /v1/user/contact`, then the fresh
    /// user is stored and `USER_UPDATED` delivered (a failure of that read fails the call, as
    /// for the v3 address change, though the address is bound).
    pub fn bind_contact(&self, mut body: wire::ContactChange) -> AuthFuture<User> {
        if let Err(e) = normalise_contact(&mut body.phone_number, &mut body.email) {
            return failed(e);
        }
        let mut call = self.post("/v1/user/contact", &body);
        call.method = Method::Patch;
        self.user_updated(self.send_authed_unit(call))
    }

    /// `getProviders()`: `GET /v1/user/provider` as the service answers it, unbound providers
    /// included (`getUserIdentities` keeps the bound ones).
    pub fn providers(&self) -> AuthFuture<wire::IdentityList> {
        let sent = self.send_authed(Call::get("/v1/user/provider"));
        let me = self.clone();
        Box::pin(async move { me.read(&sent.await?) })
    }
}
