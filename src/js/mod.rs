//! The wasm-bindgen surface (wasm32 only): [`WasmAuth`], used by the npm package's JS entry.
//!
//! Arguments and results cross the boundary as JSON text (see docs/ARCHITECTURE.md). Every
//! async method resolves to `{"data": ..., "error": null | AuthError}` and never rejects.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use serde::Serialize;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::error::json_problem;
use crate::core::fields::FromJson;
use crate::core::{AuthClient, AuthError, Config, OtpChallenge, Subscription};
use crate::web::WebPlatform;

/// Parses JSON arguments; anything unreadable is an `invalid_argument` error.
fn args<T: FromJson>(text: &str) -> Result<T, AuthError> {
    T::from_json_text(text)
}

/// `{"data": data, "error": null}` or `{"data": null, "error": {...}}` as text.
fn reply(result: Result<Value, AuthError>) -> String {
    let body = match result {
        Ok(data) => json!({"data": data, "error": null}),
        Err(e) => json!({"data": null, "error": e}),
    };
    body.to_string()
}

fn to_value<T: Serialize>(v: T) -> Result<Value, AuthError> {
    serde_json::to_value(v).map_err(|e| AuthError::internal(json_problem(&e)))
}

/// Runs `work` as a promise resolving to the reply text.
fn promise<F>(work: F) -> js_sys::Promise
where
    F: Future<Output = Result<Value, AuthError>> + 'static,
{
    future_to_promise(async move { Ok(JsValue::from_str(&reply(work.await))) })
}

/// The auth client as JS sees it.
#[wasm_bindgen]
pub struct WasmAuth {
    client: AuthClient<WebPlatform>,
    subscriptions: Rc<RefCell<HashMap<u32, Subscription>>>,
}

#[wasm_bindgen]
impl WasmAuth {
    /// A client for the `cloudbase.init` options (JSON). Throws a JSON error text when the
    /// options cannot be read or lack `env`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str) -> Result<WasmAuth, JsValue> {
        let config =
            Config::from_json_text(config).map_err(|e| JsValue::from_str(&reply(Err(e))))?;
        Ok(WasmAuth {
            client: AuthClient::new(config, WebPlatform::default()),
            subscriptions: Rc::default(),
        })
    }

    /// Sends later requests to `origin` (`scheme://host[:port]`).
    #[wasm_bindgen(js_name = setApiOrigin)]
    pub fn set_api_origin(&self, origin: &str) {
        self.client.set_api_origin(origin);
    }

    /// The stored session, synchronously, without refreshing (`null` text when signed out).
    #[wasm_bindgen(js_name = currentSession)]
    pub fn current_session(&self) -> String {
        to_value(self.client.current_session())
            .map(|v| v.to_string())
            .unwrap_or_else(|_| "null".into())
    }

    /// `signUp(params)` → `{challenge}`.
    #[wasm_bindgen(js_name = signUp)]
    pub fn sign_up(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"challenge": c.sign_up(args(&params)?).await?})) })
    }

    /// `signInWithOtp(params)` → `{challenge}`.
    #[wasm_bindgen(js_name = signInWithOtp)]
    pub fn sign_in_with_otp(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"challenge": c.sign_in_with_otp(args(&params)?).await?})) })
    }

    /// Completes a challenge from `signUp`/`signInWithOtp` with the code → `{user, session}`.
    #[wasm_bindgen(js_name = verifyChallenge)]
    pub fn verify_challenge(&self, challenge: String, token: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let challenge: OtpChallenge = args(&challenge)?;
            to_value(c.verify_challenge(&challenge, &token).await?)
        })
    }

    /// `verifyOtp({email|phone, token, messageId})` → `{user, session}`.
    #[wasm_bindgen(js_name = verifyOtp)]
    pub fn verify_otp(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.verify_otp(args(&params)?).await?) })
    }

    /// `signInWithPassword({username|email|phone, password})` → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithPassword)]
    pub fn sign_in_with_password(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.sign_in_with_password(args(&params)?).await?) })
    }

    /// `signInAnonymously()` → `{user, session}`.
    #[wasm_bindgen(js_name = signInAnonymously)]
    pub fn sign_in_anonymously(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.sign_in_anonymously().await?) })
    }

    /// `getSession()` → `{session, user}` (both `null` when signed out).
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let session = c.get_session().await?;
            let user = session.as_ref().map(|s| s.user.clone());
            Ok(json!({"session": to_value(session)?, "user": to_value(user)?}))
        })
    }

    /// `refreshSession()` → `{user, session}`.
    #[wasm_bindgen(js_name = refreshSession)]
    pub fn refresh_session(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.refresh_session().await?) })
    }

    /// `getUser()` → `{user}`.
    #[wasm_bindgen(js_name = getUser)]
    pub fn get_user(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"user": to_value(c.get_user().await?)?})) })
    }

    /// `signOut(params?)` → `{}`; `params` is JSON text, or empty for the revoke form.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let params = if params.trim().is_empty() {
                None
            } else {
                Some(args(&params)?)
            };
            c.sign_out(params).await?;
            Ok(json!({}))
        })
    }

    /// Calls `callback(event, sessionJson | null)` on every auth state change, starting with
    /// `INITIAL_SESSION`. Returns an id for [`off_auth_state_change`](Self::off_auth_state_change).
    #[wasm_bindgen(js_name = onAuthStateChange)]
    pub fn on_auth_state_change(&self, callback: js_sys::Function) -> u32 {
        let sub = self
            .client
            .on_auth_state_change(Rc::new(move |event, session| {
                let session = match session.map(serde_json::to_value) {
                    Some(Ok(v)) => JsValue::from_str(&v.to_string()),
                    _ => JsValue::NULL,
                };
                // A listener that throws must not affect the others: its exception is dropped here.
                let _ =
                    callback.call2(&JsValue::NULL, &JsValue::from_str(event.as_str()), &session);
            }));
        let id = sub.id() as u32;
        self.subscriptions.borrow_mut().insert(id, sub);
        id
    }

    /// Stops the listener `id`.
    #[wasm_bindgen(js_name = offAuthStateChange)]
    pub fn off_auth_state_change(&self, id: u32) {
        if let Some(sub) = self.subscriptions.borrow_mut().remove(&id) {
            sub.unsubscribe();
        }
    }
}
