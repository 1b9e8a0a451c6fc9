//! The wasm-bindgen surface (wasm32 only): [`WasmAuth`], used by the npm package's JS entry.
//!
//! Arguments and results cross the boundary as JSON text (see docs/ARCHITECTURE.md). Every
//! async method resolves to `{"data": ..., "error": null | AuthError}` and never rejects.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use serde::Serialize;
use serde_json::{Map, Value, json};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::error::json_problem;
use crate::core::fields::{Fields, FromJson};
use crate::core::{AuthClient, AuthError, Config, OtpChallenge, Subscription};
use crate::web::{WebPlatform, WebStorage};

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
fn promise(work: impl Future<Output = Result<Value, AuthError>> + 'static) -> js_sys::Promise {
    run(Box::pin(work))
}

/// The one instance of the promise plumbing: every method's future is boxed into it, so the
/// wrapper is not copied into the wasm once per method.
fn run(work: Pin<Box<dyn Future<Output = Result<Value, AuthError>>>>) -> js_sys::Promise {
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
    /// A client for the `cloudbase.init` options (JSON). The session is kept in `storage`
    /// when it is an object with `getItem`/`setItem`/`removeItem`, otherwise where the
    /// `persistence` option says (`local`, the default; `session`; `none`). Throws a JSON
    /// error text when the options cannot be read or lack `env`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, storage: JsValue) -> Result<WasmAuth, JsValue> {
        let fail = |e: AuthError| JsValue::from_str(&reply(Err(e)));
        let parsed: Value = serde_json::from_str(config).map_err(|e| {
            fail(AuthError::invalid_argument(format!(
                "invalid config: {}",
                json_problem(&e)
            )))
        })?;
        let persistence = Fields::of(&parsed, "config")
            .map_err(fail)?
            .text("persistence")
            .map_err(fail)?;
        let config = Config::from_json(&parsed).map_err(fail)?;
        let storage = if storage.is_object() {
            WebStorage::Object(storage)
        } else {
            WebStorage::for_persistence(persistence.as_deref())
        };
        Ok(WasmAuth {
            client: AuthClient::new(config, WebPlatform::with_storage(storage)),
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

    /// `resend({email|phone, type?})` → `{challenge}` (`type: 'signup'` may reach new addresses).
    pub fn resend(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let f = Fields::of_map(&p, "resend");
            let (email, phone) = (f.text("email")?, f.text_any(&["phone", "phone_number"])?);
            let for_sign_up = f.text("type")?.as_deref() == Some("signup");
            Ok(
                json!({"challenge": c.resend(email.as_deref(), phone.as_deref(), for_sign_up).await?}),
            )
        })
    }

    /// `updateUser({nickname, username, avatar_url, gender, description})` → `{user}`.
    #[wasm_bindgen(js_name = updateUser)]
    pub fn update_user(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(
            async move { Ok(json!({"user": to_value(c.update_profile(args(&params)?).await?)?})) },
        )
    }

    /// `getUserIdentities()` → `{identities}`.
    #[wasm_bindgen(js_name = getUserIdentities)]
    pub fn get_user_identities(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"identities": c.get_user_identities().await?})) })
    }

    /// `unlinkIdentity({provider})` → `{}`.
    #[wasm_bindgen(js_name = unlinkIdentity)]
    pub fn unlink_identity(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let provider = Fields::of_map(&p, "unlinkIdentity")
                .text("provider")?
                .unwrap_or_default();
            c.unlink_identity(&provider).await?;
            Ok(json!({}))
        })
    }

    /// `resetPasswordForEmail(emailOrPhone)` → `{challenge}`.
    #[wasm_bindgen(js_name = resetPasswordForEmail)]
    pub fn reset_password_for_email(&self, email_or_phone: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            Ok(json!({"challenge": c.reset_password_for_email(&email_or_phone).await?}))
        })
    }

    /// Finishes a password reset → `{user, session}`.
    #[wasm_bindgen(js_name = completePasswordReset)]
    pub fn complete_password_reset(
        &self,
        challenge: String,
        nonce: String,
        password: String,
    ) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let ch: OtpChallenge = args(&challenge)?;
            to_value(c.complete_password_reset(&ch, &nonce, &password).await?)
        })
    }

    /// `reauthenticate()` → `{challenge}`.
    pub fn reauthenticate(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"challenge": c.reauthenticate().await?})) })
    }

    /// Finishes re-authentication (and sets `password` when not empty) → `{user}`.
    #[wasm_bindgen(js_name = completeReauthentication)]
    pub fn complete_reauthentication(
        &self,
        challenge: String,
        nonce: String,
        password: String,
    ) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let ch: OtpChallenge = args(&challenge)?;
            let password = Some(password.as_str()).filter(|p| !p.is_empty());
            Ok(
                json!({"user": to_value(c.complete_reauthentication(&ch, &nonce, password).await?)?}),
            )
        })
    }

    /// v2 `user.updatePassword(new, old)` → `{}`.
    #[wasm_bindgen(js_name = updatePassword)]
    pub fn update_password(&self, new_password: String, old_password: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            c.update_password(&old_password, &new_password).await?;
            Ok(json!({}))
        })
    }

    /// `deleteUser({password})` → `{}`.
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let password = Fields::of_map(&p, "deleteUser")
                .text("password")?
                .unwrap_or_default();
            c.delete_user(&password).await?;
            Ok(json!({}))
        })
    }

    /// `getClaims()` → `{claims, header, signature}`.
    #[wasm_bindgen(js_name = getClaims)]
    pub fn get_claims(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.get_claims()?) })
    }

    /// `refreshUser()` → `{user, session}`.
    #[wasm_bindgen(js_name = refreshUser)]
    pub fn refresh_user(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.refresh_user().await?) })
    }

    /// `setSession({access_token, refresh_token})` → `{user, session}`.
    #[wasm_bindgen(js_name = setSession)]
    pub fn set_session(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let rt = Fields::of_map(&p, "setSession")
                .text("refresh_token")?
                .unwrap_or_default();
            to_value(c.set_session(&rt).await?)
        })
    }

    /// `signInWithCustomTicket` with the ticket → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithCustomTicket)]
    pub fn sign_in_with_custom_ticket(&self, ticket: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.sign_in_with_custom_ticket(&ticket).await?) })
    }

    /// `signInWithIdToken({token})` → `{user, session}`.
    #[wasm_bindgen(js_name = signInWithIdToken)]
    pub fn sign_in_with_id_token(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let token = Fields::of_map(&p, "signInWithIdToken")
                .text("token")?
                .unwrap_or_default();
            to_value(c.sign_in_with_id_token(&token).await?)
        })
    }

    /// `isUsernameRegistered(username)` → `{exist}`.
    #[wasm_bindgen(js_name = isUsernameRegistered)]
    pub fn is_username_registered(&self, username: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { Ok(json!({"exist": c.is_username_registered(&username).await?})) })
    }

    /// v2 `getVerification(params)` → the service's answer.
    #[wasm_bindgen(js_name = getVerification)]
    pub fn get_verification(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.get_verification(args(&params)?).await })
    }

    /// v2 `verify({verification_id, verification_code})` → the service's answer.
    pub fn verify(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p: Map<String, Value> = args(&params)?;
            let f = Fields::of_map(&p, "verify");
            let (id, code) = (f.text("verification_id")?, f.text("verification_code")?);
            c.verify(&id.unwrap_or_default(), &code.unwrap_or_default())
                .await
        })
    }

    /// v2 `signIn({username, password | verification_token})` → `{user, session}`.
    #[wasm_bindgen(js_name = signIn)]
    pub fn sign_in(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.sign_in(args(&params)?).await?) })
    }

    /// v2 direct `signUp({phone_number | email, verification_token, ...})` → `{user, session}`.
    #[wasm_bindgen(js_name = signUpDirect)]
    pub fn sign_up_direct(&self, params: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { to_value(c.sign_up_direct(args(&params)?).await?) })
    }

    /// The stored user info (the `/v1/user/me` object with `uid`), synchronously; `null` text
    /// when signed out.
    #[wasm_bindgen(js_name = currentUserInfo)]
    pub fn current_user_info(&self) -> String {
        match self.client.current_session() {
            Some(_) => Value::Object(self.client.cached_user_info()).to_string(),
            None => "null".into(),
        }
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
