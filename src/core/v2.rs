//! The v2 API's building blocks: the raw calls behind `getVerification`, `verify`, `signIn`
//! and the direct form of `signUp`, with the same checks as the v3 flows.

use crate::prelude::*;

use super::client::AuthClient;
use super::error::AuthError;
use super::http::Call;
use super::params::text_arg;
use super::platform::Platform;
use super::session::SignedIn;
use super::task::{AuthFuture, failed};
use super::validate;
use super::value::{self, Map, Value};

/// Normalises `phone_number` in a request body, checks `email`.
fn normalise_contact(body: &mut Map) -> Result<(), AuthError> {
    let phone = text_arg(body, "phone_number")?;
    let email = text_arg(body, "email")?;
    if let Some(p) = phone {
        body.insert("phone_number".into(), validate::normalize_phone(&p)?.into());
    }
    if let Some(e) = email {
        body.insert("email".into(), validate::email(&e)?.into());
    }
    Ok(())
}

impl<P: Platform> AuthClient<P> {
    /// `getVerification({phone_number | email, target?, usage?})` → the service's answer
    /// `{verification_id, is_user, expires_in}`.
    pub fn get_verification(&self, mut body: Map) -> AuthFuture<Value> {
        if let Err(e) = normalise_contact(&mut body) {
            return failed(e);
        }
        if !body.contains_key("phone_number") && !body.contains_key("email") {
            return failed(AuthError::invalid_argument(
                "phone_number or email is required",
            ));
        }
        self.send_maybe_authed(Call::post("/v1/verification", Value::Object(body)))
    }

    /// `verify({verification_id, verification_code})` → `{verification_token, expires_in}`.
    pub fn verify(&self, verification_id: &str, code: &str) -> AuthFuture<Value> {
        let checked = validate::required(Some(verification_id), "verification_id")
            .and_then(|id| Ok((id, validate::required(Some(code), "verification_code")?)));
        match checked {
            Ok((id, code)) => self.send(&Call::post(
                "/v1/verification/verify",
                value::object([
                    ("verification_id", id.into()),
                    ("verification_code", code.into()),
                ]),
            )),
            Err(e) => failed(e),
        }
    }

    /// `signIn({username, password | verification_token})`: username, email or phone.
    pub fn sign_in(&self, mut body: Map) -> AuthFuture<SignedIn> {
        let checked = (|| {
            let username =
                validate::required(text_arg(&body, "username")?.as_deref(), "username")?.to_owned();
            if text_arg(&body, "password")?.is_none()
                && text_arg(&body, "verification_token")?.is_none()
            {
                return Err(AuthError::invalid_argument(
                    "password or verification_token is required",
                ));
            }
            if username.starts_with('+') {
                validate::normalize_phone(&username)
            } else {
                Ok(username)
            }
        })();
        match checked {
            Ok(username) => {
                body.insert("username".into(), username.into());
                body.remove("version");
                self.sign_in_call(Call::post("/v1/signin", Value::Object(body)), Some("v1"))
            }
            Err(e) => failed(e),
        }
    }

    /// The direct form of `signUp({phone_number | email, verification_token, ...})`.
    pub fn sign_up_direct(&self, mut body: Map) -> AuthFuture<SignedIn> {
        let checked = normalise_contact(&mut body).and_then(|()| {
            if let Some(u) = text_arg(&body, "username")?.filter(|u| !u.is_empty()) {
                validate::username(&u)?;
            }
            match text_arg(&body, "password")? {
                Some(p) => validate::password(&p),
                None => Ok(()),
            }
        });
        match checked {
            Ok(()) => self.sign_in_call(Call::post("/v1/signup", Value::Object(body)), None),
            Err(e) => failed(e),
        }
    }
}
