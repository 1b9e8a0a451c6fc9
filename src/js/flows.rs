//! Signing up and in, the session and the user: the async methods of [`WasmAuth`] that
//! start or read a session.

use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::task::failed;
use crate::core::{Session, User};
use crate::prelude::*;

use super::WasmAuth;
use super::convert::{JsAnswer, JsObject, arg, challenge, empty, itself, reply, to_js};

/// `{session, user}` of `getSession` (both `null` when signed out).
#[derive(Serialize)]
struct SessionReply<'a> {
    session: Option<&'a Session>,
    user: Option<&'a User>,
}

fn session_reply(session: Option<Session>) -> Result<JsValue, crate::core::AuthError> {
    to_js(&SessionReply {
        session: session.as_ref(),
        user: session.as_ref().map(|s| &s.user),
    })
}

#[wasm_bindgen]
impl WasmAuth {
    /// `signUp({email | phone, password?, username?, name?, ...})`: sends a code →
    /// the challenge (for [`verify_challenge`](Self::verify_challenge)).
    #[wasm_bindgen(js_name = signUp)]
    pub fn sign_up(&self, params: JsValue) -> Promise {
        let sent = arg(params, "signUp").map(|p| self.client.sign_up(p));
        self.promise(reply(sent, challenge))
    }

    /// `signInWithOtp({email | phone, options?: {shouldCreateUser}})`: sends a code →
    /// the challenge.
    #[wasm_bindgen(js_name = signInWithOtp)]
    pub fn sign_in_with_otp(&self, params: JsValue) -> Promise {
        let sent = arg(params, "signInWithOtp").map(|p| self.client.sign_in_with_otp(p));
        self.promise(reply(sent, challenge))
    }

    /// Completes the `challenge` of `signUp`/`signInWithOtp` with the code `token` →
    /// `{user, session}`.
    #[wasm_bindgen(js_name = verifyChallenge)]
    pub fn verify_challenge(&self, challenge: JsValue, token: &str) -> Promise {
        let signed = arg(challenge, "challenge").map(|c| self.client.verify_challenge(&c, token));
        self.signed_in(signed)
    }

    /// `verifyOtp({email | phone, token, messageId})` → `{user, session}`.
    #[wasm_bindgen(js_name = verifyOtp)]
    pub fn verify_otp(&self, params: JsValue) -> Promise {
        let signed = arg(params, "verifyOtp").map(|p| self.client.verify_otp(p));
        self.signed_in(signed)
    }

    /// `signInWithPassword({username | email | phone, password})` → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithPassword)]
    pub fn sign_in_with_password(&self, params: JsValue) -> Promise {
        let signed =
            arg(params, "signInWithPassword").map(|p| self.client.sign_in_with_password(p));
        self.signed_in(signed)
    }

    /// `signInAnonymously()` → `{user, session}`.
    #[wasm_bindgen(js_name = signInAnonymously)]
    pub fn sign_in_anonymously(&self) -> Promise {
        self.signed_in(Ok(self.client.sign_in_anonymously()))
    }

    /// `getSession()` → `{session, user}` (refreshed first if expired; both `null` when
    /// signed out).
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self) -> Promise {
        self.promise(reply(Ok(self.client.get_session()), session_reply))
    }

    /// `refreshSession()` → `{user, session}`.
    #[wasm_bindgen(js_name = refreshSession)]
    pub fn refresh_session(&self) -> Promise {
        self.signed_in(Ok(self.client.refresh_session()))
    }

    /// `getUser()` → the user, fresh from the service.
    #[wasm_bindgen(js_name = getUser)]
    pub fn get_user(&self) -> Promise {
        self.promise(reply(Ok(self.client.get_user()), itself))
    }

    /// `signOut(params?)` → `{}`: without params (`undefined` or `null`) the token is
    /// revoked; with `{...}` the user sign-out endpoint is used. Always signs out locally.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self, params: JsValue) -> Promise {
        let params = if params.is_undefined() || params.is_null() {
            Ok(None)
        } else {
            arg(params, "signOut").map(Some)
        };
        self.promise(reply(params.map(|p| self.client.sign_out(p)), empty))
    }

    /// `getClaims()` → `{claims, header, signature}` of the current access token, decoded
    /// locally (no request, no signature check).
    #[wasm_bindgen(js_name = getClaims)]
    pub fn get_claims(&self) -> Promise {
        let work: JsAnswer = match self.client.get_claims::<JsObject>().and_then(|c| to_js(&c)) {
            Ok(claims) => Box::pin(async move { Ok(claims) }),
            Err(e) => failed(e),
        };
        self.promise(work)
    }

    /// `refreshUser()` → `{user, session}` with the user fresh from the service.
    #[wasm_bindgen(js_name = refreshUser)]
    pub fn refresh_user(&self) -> Promise {
        self.signed_in(Ok(self.client.refresh_user()))
    }

    /// Starts a session from `refresh_token` (refreshed at once) → `{user, session}`.
    #[wasm_bindgen(js_name = setSession)]
    pub fn set_session(&self, refresh_token: &str) -> Promise {
        self.signed_in(Ok(self.client.set_session(refresh_token)))
    }

    /// Signs in with a custom-login `ticket` → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithCustomTicket)]
    pub fn sign_in_with_custom_ticket(&self, ticket: &str) -> Promise {
        let signed = self.client.sign_in_with_custom_ticket(ticket);
        self.signed_in(Ok(signed))
    }

    /// Signs in with a provider's id `token` → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithIdToken)]
    pub fn sign_in_with_id_token(&self, token: &str) -> Promise {
        self.signed_in(Ok(self.client.sign_in_with_id_token(token)))
    }
}
