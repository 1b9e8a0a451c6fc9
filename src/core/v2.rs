//! The v2 API's building blocks: the raw calls behind `getVerification`, `verify`, `signIn`
//! and the direct form of `signUp`, with the same checks as the v3 flows.

use crate::prelude::*;

use super::client::{AuthClient, SignedIn};
use super::error::AuthError;
use super::fields::Fields;
use super::http::Call;
use super::json::{self, Map, Value};
use super::platform::Platform;
use super::validate;

/// Normalises `phone_number` in a request body, checks `email`.
fn normalise_contact(body: &mut Map) -> Result<(), AuthError> {
    let f = Fields::of_map(body, "arguments");
    let phone = f.text("phone_number")?;
    let email = f.text("email")?;
    if let Some(p) = phone {
        body.insert("phone_number", validate::normalize_phone(&p)?.into());
    }
    if let Some(e) = email {
        body.insert("email", validate::email(&e)?.into());
    }
    Ok(())
}

impl<P: Platform> AuthClient<P> {
    /// `getVerification({phone_number | email, target?, usage?})` → the service's answer
    /// `{verification_id, is_user, expires_in}`.
    pub async fn get_verification(&self, mut body: Map) -> Result<Value, AuthError> {
        normalise_contact(&mut body)?;
        if !body.contains_key("phone_number") && !body.contains_key("email") {
            return Err(AuthError::invalid_argument(
                "phone_number or email is required",
            ));
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

    /// `verify({verification_id, verification_code})` → `{verification_token, expires_in}`.
    pub async fn verify(&self, verification_id: &str, code: &str) -> Result<Value, AuthError> {
        let id = validate::required(Some(verification_id), "verification_id")?;
        let code = validate::required(Some(code), "verification_code")?;
        self.send(&Call::post(
            "/v1/verification/verify",
            json::object([
                ("verification_id", id.into()),
                ("verification_code", code.into()),
            ]),
        ))
        .await
    }

    /// `signIn({username, password | verification_token})`: username, email or phone.
    pub async fn sign_in(&self, mut body: Map) -> Result<SignedIn, AuthError> {
        let f = Fields::of_map(&body, "signIn");
        let username = validate::required(f.text("username")?.as_deref(), "username")?.to_owned();
        if f.text("password")?.is_none() && f.text("verification_token")?.is_none() {
            return Err(AuthError::invalid_argument(
                "password or verification_token is required",
            ));
        }
        let username = if username.starts_with('+') {
            validate::normalize_phone(&username)?
        } else {
            username
        };
        body.insert("username", username.into());
        body.remove("version");
        let v = self
            .send(&Call::post("/v1/signin", Value::Object(body)))
            .await?;
        self.complete_sign_in(v, Some("v1")).await
    }

    /// The direct form of `signUp({phone_number | email, verification_token, ...})`.
    pub async fn sign_up_direct(&self, mut body: Map) -> Result<SignedIn, AuthError> {
        normalise_contact(&mut body)?;
        let f = Fields::of_map(&body, "signUp");
        if let Some(p) = f.text("password")? {
            validate::password(&p)?;
        }
        let v = self
            .send(&Call::post("/v1/signup", Value::Object(body)))
            .await?;
        self.complete_sign_in(v, None).await
    }
}
