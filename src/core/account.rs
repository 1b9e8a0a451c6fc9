//! Account flows of a signed-in user (profile, identities, password reset, re-authentication,
//! deletion, claims) and the remaining sign-in methods (custom ticket, id token, setSession).

use crate::prelude::*;

use super::client::{AuthClient, SignedIn};
use super::encode::base64url_decode;
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::flows::{contact, text_field};
use super::http::Call;
use super::json::{self, Map, Value};
use super::params::{Contact, OtpChallenge};
use super::platform::{Method, Platform};
use super::session::Credentials;
use super::text::{cat, split_at_char};
use super::user::User;
use super::validate;

/// Profile fields `updateUser` may change (`/v1/user/basic/edit`).
pub const PROFILE_FIELDS: &[&str] = &[
    "nickname",
    "username",
    "avatar_url",
    "gender",
    "description",
];

/// `{claims, header, signature}` of the current access token, decoded locally.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// The JWT payload.
    pub claims: Value,
    /// The JWT header.
    pub header: Value,
    /// The signature part, as sent (base64url).
    pub signature: String,
}

impl Claims {
    /// `{claims, header, signature}`.
    pub fn to_json(&self) -> Value {
        json::object([
            ("claims", self.claims.clone()),
            ("header", self.header.clone()),
            ("signature", self.signature.as_str().into()),
        ])
    }
}

impl<P: Platform> AuthClient<P> {
    /// Sends another code (`resend`): `signup` codes may go to any address, others only to
    /// existing users.
    pub async fn resend(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        for_sign_up: bool,
    ) -> Result<OtpChallenge, AuthError> {
        let contact = contact(email, phone)?;
        let target = if for_sign_up { "ANY" } else { "USER" };
        let sent = self
            .send_code(&contact, Some(target), Some("email"))
            .await?;
        Self::challenge(contact, &sent, Map::new())
    }

    /// Changes profile fields (`nickname`, `username`, `avatar_url`, `gender`,
    /// `description`), then returns the fresh user and delivers `USER_UPDATED`.
    pub async fn update_profile(&self, fields: Map) -> Result<User, AuthError> {
        if fields.contains_key("password") || fields.contains_key("new_password") {
            return Err(AuthError::invalid_argument(
                "use resetPasswordForEmail or reauthenticate to change a password",
            ));
        }
        let mut body = fields;
        body.retain(|k, v| PROFILE_FIELDS.contains(&k) && !v.is_null());
        if body.is_empty() {
            return Err(AuthError::invalid_argument(
                "updateUser needs at least one of nickname, username, avatar_url, gender, description",
            ));
        }
        if let Some(Value::String(u)) = body.get("username") {
            validate::username(u)?;
        }
        self.send_authed(Call::post("/v1/user/basic/edit", Value::Object(body)))
            .await?;
        let user = self.get_user().await?;
        self.emit(AuthChangeEvent::UserUpdated);
        Ok(user)
    }

    /// The identities linked to the user (`bind == true` entries of `/v1/user/provider`).
    pub async fn get_user_identities(&self) -> Result<Vec<Value>, AuthError> {
        let v = self.send_authed(Call::get("/v1/user/provider")).await?;
        let list = match v.get("data") {
            Some(Value::Array(items)) => items.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Err(AuthError::internal("provider list has an unexpected shape")),
        };
        Ok(list
            .into_iter()
            .filter(|p| p.get("bind").and_then(Value::as_bool).unwrap_or(true))
            .collect())
    }

    /// Unlinks the identity of `provider`.
    pub async fn unlink_identity(&self, provider: &str) -> Result<(), AuthError> {
        let provider = validate::required(Some(provider), "provider")?;
        let mut call = Call::get(&cat(&[
            "/v1/user/provider/",
            &super::encode::url_component(provider),
        ]));
        call.method = Method::Delete;
        self.send_authed(call).await?;
        Ok(())
    }

    /// Starts a password reset: a code goes to the email (or phone) of an existing user.
    pub async fn reset_password_for_email(
        &self,
        email_or_phone: &str,
    ) -> Result<OtpChallenge, AuthError> {
        let addr = validate::required(Some(email_or_phone), "email")?;
        let contact = if addr.contains('@') {
            contact(Some(addr), None)?
        } else {
            contact(None, Some(addr))?
        };
        let sent = self
            .send_code(&contact, Some("USER"), Some("recovery"))
            .await?;
        Self::challenge(contact, &sent, Map::new())
    }

    /// Finishes a password reset with the code (`nonce`) and the new password, delivers
    /// `PASSWORD_RECOVERY`, then signs in with the new password.
    pub async fn complete_password_reset(
        &self,
        challenge: &OtpChallenge,
        nonce: &str,
        new_password: &str,
    ) -> Result<SignedIn, AuthError> {
        let nonce = validate::required(Some(nonce), "nonce")?;
        validate::password(new_password)?;
        let vtoken = self.verify_code(&challenge.verification_id, nonce).await?;
        let mut body = Map::new();
        body.insert(
            challenge.contact.field(),
            challenge.contact.address().into(),
        );
        body.insert("new_password", new_password.into());
        body.insert("verification_token", vtoken.into());
        self.send(&Call::post("/v1/reset", Value::Object(body)))
            .await?;
        self.emit(AuthChangeEvent::PasswordRecovery);
        let body = json::object([
            ("username", challenge.contact.address().into()),
            ("password", new_password.into()),
        ]);
        let v = self.send(&Call::post("/v1/signin", body)).await?;
        self.complete_sign_in(v, Some("v1")).await
    }

    /// Sends a code to the signed-in user's own phone or email (`reauthenticate`).
    pub async fn reauthenticate(&self) -> Result<OtpChallenge, AuthError> {
        let user = self.get_user().await?;
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
        let sent = self
            .send_code(&contact, Some("CUR_USER"), Some("reauthentication"))
            .await?;
        Self::challenge(contact, &sent, Map::new())
    }

    /// Finishes re-authentication with the code; with `new_password`, sets it.
    pub async fn complete_reauthentication(
        &self,
        challenge: &OtpChallenge,
        nonce: &str,
        new_password: Option<&str>,
    ) -> Result<User, AuthError> {
        let nonce = validate::required(Some(nonce), "nonce")?;
        if let Some(p) = new_password {
            validate::password(p)?;
        }
        let vtoken = self.verify_code(&challenge.verification_id, nonce).await?;
        let sudo_token = self
            .sudo(json::object([("verification_token", vtoken.into())]))
            .await?;
        if let Some(p) = new_password {
            let mut call = Call::post(
                "/v1/user/password",
                json::object([
                    ("new_password", p.into()),
                    ("sudo_token", (&sudo_token).into()),
                ]),
            );
            call.method = Method::Patch;
            self.send_authed(call).await?;
        }
        let user = self.get_user().await?;
        self.emit(AuthChangeEvent::UserUpdated);
        Ok(user)
    }

    /// Changes the password after checking the old one (`sudo` with the old password, then
    /// `PATCH /v1/user/password`).
    pub async fn update_password(
        &self,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), AuthError> {
        let old = validate::required(Some(old_password), "old password")?;
        validate::password(new_password)?;
        let sudo_token = self.sudo(json::object([("password", old.into())])).await?;
        let mut call = Call::post(
            "/v1/user/password",
            json::object([
                ("new_password", new_password.into()),
                ("sudo_token", sudo_token.into()),
            ]),
        );
        call.method = Method::Patch;
        self.send_authed(call).await?;
        Ok(())
    }

    /// `POST /v1/user/sudo` → the sudo token.
    async fn sudo(&self, body: Value) -> Result<String, AuthError> {
        let v = self.send_authed(Call::post("/v1/user/sudo", body)).await?;
        Ok(text_field(&v, "sudo_token")?.to_owned())
    }

    /// Deletes the signed-in user after checking the password; signs out.
    pub async fn delete_user(&self, password: &str) -> Result<(), AuthError> {
        let password = validate::required(Some(password), "password")?;
        let sudo_token = self
            .sudo(json::object([("password", password.into())]))
            .await?;
        let mut call = Call::get("/v1/user/me");
        call.method = Method::Delete;
        call.query.push(("sudo_token".into(), sudo_token));
        self.send_authed(call).await?;
        self.cancel_refresh();
        self.inner.store.clear(self.inner.platform.storage());
        self.emit(AuthChangeEvent::SignedOut);
        Ok(())
    }

    /// Decodes the current access token locally (no request, no signature check).
    pub fn get_claims(&self) -> Result<Claims, AuthError> {
        let c = self
            .stored_credentials()
            .ok_or_else(|| AuthError::unauthenticated("not signed in"))?;
        let bad = || AuthError::internal("the access token is not a JWT");
        // `header.payload.signature` (anything after a third dot is ignored, as before).
        let dot = |c| c == '.';
        let (h, rest) = split_at_char(&c.access_token, dot).ok_or_else(bad)?;
        let (p, rest) = split_at_char(rest, dot).ok_or_else(bad)?;
        let s = split_at_char(rest, dot).map_or(rest, |(s, _)| s);
        let decode = |part: &str| -> Result<Value, AuthError> {
            let bytes = base64url_decode(part).ok_or_else(bad)?;
            let text = String::from_utf8(bytes).map_err(|_| bad())?;
            json::parse(&text).map_err(|_| bad())
        };
        Ok(Claims {
            header: decode(h)?,
            claims: decode(p)?,
            signature: s.to_owned(),
        })
    }

    /// The user fresh from the service, with the session.
    pub async fn refresh_user(&self) -> Result<SignedIn, AuthError> {
        self.get_user().await?;
        let session = self
            .current_session()
            .ok_or_else(|| AuthError::unauthenticated("not signed in"))?;
        Ok(session.into())
    }

    /// Starts a session from a refresh token (`setSession`): the token is refreshed at once.
    pub async fn set_session(&self, refresh_token: &str) -> Result<SignedIn, AuthError> {
        let rt = validate::required(Some(refresh_token), "refresh_token")?;
        let body = json::object([
            ("client_id", self.inner.api.client_id().into()),
            ("client_secret", "".into()),
            ("grant_type", "refresh_token".into()),
            ("refresh_token", rt.into()),
        ]);
        let v = self.send(&Call::post("/v1/token", body)).await?;
        let signed = self.complete_sign_in(v, Some("v1")).await?;
        self.emit(AuthChangeEvent::TokenRefreshed);
        Ok(signed)
    }

    /// Signs in with a custom-login ticket issued by the app's server.
    pub async fn sign_in_with_custom_ticket(&self, ticket: &str) -> Result<SignedIn, AuthError> {
        let ticket = validate::required(Some(ticket), "ticket")?;
        let v = self
            .send(&Call::post(
                "/v1/signin/custom",
                json::object([("provider_id", "custom".into()), ("ticket", ticket.into())]),
            ))
            .await?;
        self.complete_sign_in(v, Some("v1")).await
    }

    /// Signs in with a provider token (`signInWithIdToken`).
    pub async fn sign_in_with_id_token(&self, token: &str) -> Result<SignedIn, AuthError> {
        let token = validate::required(Some(token), "token")?;
        let v = self
            .send(&Call::post(
                "/v1/signin/with/provider",
                json::object([("provider_token", token.into())]),
            ))
            .await?;
        self.complete_sign_in(v, Some("v1")).await
    }

    /// Whether `username` is taken (`/v1/checkIfUserExist`).
    pub async fn is_username_registered(&self, username: &str) -> Result<bool, AuthError> {
        let username = validate::required(Some(username), "username")?;
        let mut call = Call::get("/v1/checkIfUserExist");
        call.query.push(("username".into(), username.to_owned()));
        let v = self.send(&call).await?;
        v.get("exist")
            .and_then(Value::as_bool)
            .ok_or_else(|| AuthError::internal("checkIfUserExist: no `exist`"))
    }

    /// The raw credentials after a v2-style call, for callers that build their own state.
    pub fn credentials(&self) -> Option<Credentials> {
        self.stored_credentials()
    }
}
