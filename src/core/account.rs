//! Account flows of a signed-in user (profile, identities, password reset, re-authentication,
//! deletion, claims) and the remaining sign-in methods (custom ticket, id token, setSession).

use crate::prelude::*;

use serde::Serialize;

use super::client::AuthClient;
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::flows::{contact, verification_request};
use super::http::Call;
use super::params::{Contact, OtpChallenge, UpdateUserParams};
use super::platform::{Json, Method, Platform};
use super::session::Credentials;
use super::session::SignedIn;
use super::task::{AnswerOk, AuthFuture, failed, non_empty};
use super::user::User;
use super::validate;
use cloudbase_auth_wire as wire;
use serde::de::DeserializeOwned;

/// `{claims, header, signature}` of the current access token, decoded locally. `T` is what
/// the caller reads a JSON object into (`serde_json::Value`, a struct of the claims it uses,
/// or in the browser the JS object itself).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claims<T> {
    /// The JWT payload.
    pub claims: T,
    /// The JWT header.
    pub header: T,
    /// The signature part, as sent (base64url).
    pub signature: String,
}

impl<P: Platform> AuthClient<P> {
    /// Sends another code (`resend`): `signup` codes may go to any address, others only to
    /// existing users.
    pub fn resend(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        for_sign_up: bool,
    ) -> AuthFuture<OtpChallenge> {
        let target = if for_sign_up { "ANY" } else { "USER" };
        match contact(email, phone) {
            Ok(c) => self.code_challenge(c, Some(target), "email", Default::default(), false),
            Err(e) => failed(e),
        }
    }

    /// Changes profile fields (`nickname`, `username`, `avatar_url`, `gender`,
    /// `description`), then returns the fresh user and delivers `USER_UPDATED`.
    pub fn update_profile(&self, fields: UpdateUserParams) -> AuthFuture<User> {
        if fields.password.is_some() || fields.new_password.is_some() {
            return failed(AuthError::invalid_argument(
                "use resetPasswordForEmail or reauthenticate to change a password",
            ));
        }
        let edit = wire::BasicEdit {
            nickname: fields.nickname,
            username: fields.username,
            avatar_url: fields.avatar_url,
            gender: fields.gender,
            description: fields.description,
            email: fields.email,
            phone_number: fields.phone_number,
            verification_token: fields.verification_token,
            ..Default::default()
        };
        if edit == wire::BasicEdit::default() {
            return failed(AuthError::invalid_argument(
                "updateUser needs at least one of nickname, username, avatar_url, gender, description",
            ));
        }
        self.edit_profile(edit)
    }

    /// `/v1/user/basic/edit` with `edit`, then the fresh user; delivers `USER_UPDATED`.
    fn edit_profile(&self, edit: wire::BasicEdit) -> AuthFuture<User> {
        if let Some(u) = &edit.username {
            if let Err(e) = validate::username(u) {
                return failed(e);
            }
        }
        self.user_updated(self.send_authed_unit(self.post("/v1/user/basic/edit", &edit)))
    }

    /// The change `sent`, then the fresh user stored and `USER_UPDATED` delivered.
    pub(super) fn user_updated(&self, sent: AuthFuture<()>) -> AuthFuture<User> {
        let me = self.clone();
        Box::pin(async move {
            sent.await?;
            let user = me.get_user().await?;
            me.emit(AuthChangeEvent::UserUpdated);
            Ok(user)
        })
    }

    /// Starts changing the user's email or phone (`updateUser({email | phone})`): sends a code
    /// to the new address, as [`resend`](Self::resend) does for a sign-up. Finish with
    /// [`complete_contact_change`](Self::complete_contact_change).
    pub fn change_contact(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> AuthFuture<OtpChallenge> {
        if self.stored_credentials().is_none() {
            return failed(AuthError::unauthenticated("not signed in"));
        }
        self.resend(email, phone, true)
    }

    /// Finishes an email or phone change with the code sent to the new address: verifies it,
    /// sets the address (`/v1/user/basic/edit` with the verification token), then returns the
    /// fresh user and delivers `USER_UPDATED`.
    pub fn complete_contact_change(
        &self,
        challenge: &OtpChallenge,
        code: &str,
    ) -> AuthFuture<User> {
        let code = match validate::required(Some(code), "token") {
            Ok(c) => c,
            Err(e) => return failed(e),
        };
        let verified = self.verify_code(&challenge.verification_id, code);
        let address = verification_request(&challenge.contact);
        let me = self.clone();
        Box::pin(async move {
            let edit = wire::BasicEdit {
                email: address.email,
                phone_number: address.phone_number,
                verification_token: Some(verified.await?),
                ..Default::default()
            };
            me.edit_profile(edit).await
        })
    }

    /// The identities linked to the user (`bind == true` entries of `/v1/user/provider`).
    pub fn get_user_identities(&self) -> AuthFuture<Vec<wire::Identity>> {
        let listed = self.providers();
        Box::pin(async move {
            let mut list = listed.await?;
            list.data.retain(|p| p.bind != Some(false));
            Ok(list.data)
        })
    }

    /// Sends `call` with the user's token; resolves to nothing.
    pub(super) fn send_authed_unit(&self, call: Call) -> AuthFuture<()> {
        Box::pin(AnswerOk(self.send_authed(call)))
    }

    /// Unlinks the identity of `provider`.
    pub fn unlink_identity(&self, provider: &str) -> AuthFuture<()> {
        let provider = match validate::required(Some(provider), "provider") {
            Ok(p) => p,
            Err(e) => return failed(e),
        };
        let mut call = Call::get(
            &[
                "/v1/user/provider/",
                &super::encode::url_component(provider),
            ]
            .concat(),
        );
        call.method = Method::Delete;
        self.send_authed_unit(call)
    }

    /// Starts a password reset: a code goes to the email (or phone) of an existing user.
    pub fn reset_password_for_email(&self, email_or_phone: &str) -> AuthFuture<OtpChallenge> {
        let checked = validate::required(Some(email_or_phone), "email").and_then(|addr| {
            if addr.contains('@') {
                contact(Some(addr), None)
            } else {
                contact(None, Some(addr))
            }
        });
        match checked {
            Ok(c) => self.code_challenge(c, Some("USER"), "recovery", Default::default(), false),
            Err(e) => failed(e),
        }
    }

    /// Finishes a password reset with the code (`nonce`) and the new password, delivers
    /// `PASSWORD_RECOVERY`, then signs in with the new password.
    pub fn complete_password_reset(
        &self,
        challenge: &OtpChallenge,
        nonce: &str,
        new_password: &str,
    ) -> AuthFuture<SignedIn> {
        let nonce = match validate::required(Some(nonce), "nonce")
            .and_then(|n| validate::password(new_password).map(|()| n))
        {
            Ok(n) => n,
            Err(e) => return failed(e),
        };
        let verified = self.verify_code(&challenge.verification_id, nonce);
        let (me, contact, password) = (
            self.clone(),
            challenge.contact.clone(),
            new_password.to_owned(),
        );
        Box::pin(async move {
            let address = verification_request(&contact);
            let reset = wire::PasswordReset {
                email: address.email,
                phone_number: address.phone_number,
                new_password: password.clone(),
                verification_token: verified.await?,
            };
            me.send(&me.post("/v1/reset", &reset)).await?;
            me.emit(AuthChangeEvent::PasswordRecovery);
            let sign_in = wire::SignIn {
                username: contact.address().to_owned(),
                password: Some(password),
                ..Default::default()
            };
            me.sign_in_call(me.post("/v1/signin", &sign_in), Some("v1"))
                .await
        })
    }

    /// Sends a code to the signed-in user's own phone or email (`reauthenticate`).
    pub fn reauthenticate(&self) -> AuthFuture<OtpChallenge> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.get_user().await?;
            let contact = match (
                user.phone.filter(|p| !p.is_empty()),
                user.email.filter(|e| !e.is_empty()),
            ) {
                (Some(p), _) => Contact::Phone(p),
                (None, Some(e)) => Contact::Email(e),
                (None, None) => {
                    return Err(AuthError::new(
                        "failed_precondition",
                        "the user has no phone or email",
                    ));
                }
            };
            me.code_challenge(
                contact,
                Some("CUR_USER"),
                "reauthentication",
                Default::default(),
                false,
            )
            .await
        })
    }

    /// `PATCH /v1/user/password` with a sudo token (the new password as given: the v3 flows
    /// check it first, v2 `setPassword` leaves that to the service).
    pub(super) fn put_password(&self, new_password: &str, sudo_token: String) -> AuthFuture<()> {
        let change = wire::PasswordChange {
            new_password: new_password.to_owned(),
            sudo_token,
        };
        let mut call = self.post("/v1/user/password", &change);
        call.method = Method::Patch;
        self.send_authed_unit(call)
    }

    /// Finishes re-authentication with the code; with `new_password`, sets it.
    pub fn complete_reauthentication(
        &self,
        challenge: &OtpChallenge,
        nonce: &str,
        new_password: Option<&str>,
    ) -> AuthFuture<User> {
        let checked = validate::required(Some(nonce), "nonce").and_then(|n| match new_password {
            Some(p) => validate::password(p).map(|()| n),
            None => Ok(n),
        });
        let nonce = match checked {
            Ok(n) => n,
            Err(e) => return failed(e),
        };
        let verified = self.verify_code(&challenge.verification_id, nonce);
        let (me, password) = (self.clone(), new_password.map(str::to_owned));
        Box::pin(async move {
            let vtoken = verified.await?;
            let sudo_token = me
                .sudo(wire::SudoRequest {
                    verification_token: Some(vtoken),
                    ..Default::default()
                })
                .await?;
            if let Some(p) = password {
                me.put_password(&p, sudo_token).await?;
            }
            let user = me.get_user().await?;
            me.emit(AuthChangeEvent::UserUpdated);
            Ok(user)
        })
    }

    /// Changes the password after checking the old one (`sudo` with the old password, then
    /// `PATCH /v1/user/password`).
    pub fn update_password(&self, old_password: &str, new_password: &str) -> AuthFuture<()> {
        let checked = validate::required(Some(old_password), "old password")
            .and_then(|old| validate::password(new_password).map(|()| old));
        let old = match checked {
            Ok(old) => old,
            Err(e) => return failed(e),
        };
        let sudo = self.sudo(wire::SudoRequest {
            password: Some(old.to_owned()),
            ..Default::default()
        });
        let (me, new_password) = (self.clone(), new_password.to_owned());
        Box::pin(async move {
            let sudo_token = sudo.await?;
            me.put_password(&new_password, sudo_token).await
        })
    }

    /// `POST /v1/user/sudo` (`{password}` or `{verification_token}`) → the sudo token that
    /// a sensitive change ([`set_password`](Self::set_password),
    /// [`delete_me`](Self::delete_me), [`bind_contact`](Self::bind_contact)) asks for.
    pub fn sudo(&self, body: wire::SudoRequest) -> AuthFuture<String> {
        let sent = self.send_authed(self.post("/v1/user/sudo", &body));
        let me = self.clone();
        Box::pin(async move {
            let answer: wire::SudoAnswer = me.read(&sent.await?)?;
            non_empty(answer.sudo_token, "sudo_token")
        })
    }

    /// Deletes the signed-in user after checking the password; signs out.
    pub fn delete_user(&self, password: &str) -> AuthFuture<()> {
        let password = match validate::required(Some(password), "password") {
            Ok(p) => p,
            Err(e) => return failed(e),
        };
        let sudo = self.sudo(wire::SudoRequest {
            password: Some(password.to_owned()),
            ..Default::default()
        });
        let me = self.clone();
        Box::pin(async move { me.delete_me(&sudo.await?).await })
    }

    /// Decodes the current access token locally (no request, no signature check).
    pub fn get_claims<T: DeserializeOwned>(&self) -> Result<Claims<T>, AuthError> {
        let c = self
            .stored_credentials()
            .ok_or_else(|| AuthError::unauthenticated("not signed in"))?;
        let platform = self.platform();
        let decode = |part: &str| -> Option<T> {
            let bytes = platform.base64url_decode(part)?;
            platform.json().decode(&String::from_utf8(bytes).ok()?).ok()
        };
        // `header.payload.signature` (anything after a third dot is ignored, as before).
        let dot = &['.'];
        let claims = (|| {
            let (h, rest) = c.access_token.split_once(dot)?;
            let (p, rest) = rest.split_once(dot)?;
            let s = rest.split_once(dot).map_or(rest, |(s, _)| s);
            Some(Claims {
                header: decode(h)?,
                claims: decode(p)?,
                signature: s.to_owned(),
            })
        })();
        claims.ok_or_else(|| AuthError::internal("the access token is not a JWT"))
    }

    /// The user fresh from the service, with the session.
    pub fn refresh_user(&self) -> AuthFuture<SignedIn> {
        let me = self.clone();
        Box::pin(async move {
            me.get_user().await?;
            let session = me
                .current_session()
                .ok_or_else(|| AuthError::unauthenticated("not signed in"))?;
            Ok(session.into())
        })
    }

    /// Starts a session from a refresh token (`setSession`): the token is refreshed at once.
    pub fn set_session(&self, refresh_token: &str) -> AuthFuture<SignedIn> {
        let rt = match validate::required(Some(refresh_token), "refresh_token") {
            Ok(rt) => rt,
            Err(e) => return failed(e),
        };
        let body = wire::RefreshRequest {
            client_id: Some(self.inner.api.client_id().to_owned()),
            client_secret: Some(String::new()),
            grant_type: "refresh_token".to_owned(),
            refresh_token: Some(rt.to_owned()),
        };
        let signed = self.sign_in_call(self.post("/v1/token", &body), Some("v1"));
        let me = self.clone();
        Box::pin(async move {
            let signed = signed.await?;
            me.emit_session(AuthChangeEvent::TokenRefreshed, Some(&signed.session));
            Ok(signed)
        })
    }

    /// Signs in with a custom-login ticket issued by the app's server.
    pub fn sign_in_with_custom_ticket(&self, ticket: &str) -> AuthFuture<SignedIn> {
        match validate::required(Some(ticket), "ticket") {
            Ok(ticket) => {
                let body = wire::CustomSignIn {
                    provider_id: "custom".to_owned(),
                    ticket: ticket.to_owned(),
                };
                self.sign_in_call(self.post("/v1/signin/custom", &body), Some("v1"))
            }
            Err(e) => failed(e),
        }
    }

    /// Signs in with a provider token (`signInWithIdToken`).
    pub fn sign_in_with_id_token(&self, token: &str) -> AuthFuture<SignedIn> {
        match validate::required(Some(token), "token") {
            Ok(token) => {
                let body = wire::ProviderSignIn {
                    provider_token: token.to_owned(),
                    provider_id: None,
                };
                self.sign_in_call(self.post("/v1/signin/with/provider", &body), Some("v1"))
            }
            Err(e) => failed(e),
        }
    }

    /// Whether `username` is taken (`/v1/checkIfUserExist`).
    pub fn is_username_registered(&self, username: &str) -> AuthFuture<bool> {
        let username = match validate::required(Some(username), "username") {
            Ok(u) => u,
            Err(e) => return failed(e),
        };
        let sent = self.send(&Call::get("/v1/checkIfUserExist").query("username", username));
        let me = self.clone();
        Box::pin(async move {
            let answer: wire::UsernameExists = me.read(&sent.await?)?;
            Ok(answer.exist)
        })
    }

    /// The raw credentials after a v2-style call, for callers that build their own state.
    pub fn credentials(&self) -> Option<Credentials> {
        self.stored_credentials()
    }
}
