//! The wasm-bindgen surface (wasm32 only): [`WasmAuth`], used by the npm package's JS entry.
//!
//! Arguments and results cross the boundary as JSON text (see docs/ARCHITECTURE.md). The
//! async methods go through one export, [`WasmAuth::call`]`(method, a, b, c)`, which resolves
//! to `{"data": ..., "error": null | AuthError}` and never rejects: one entry point keeps the
//! wasm-bindgen glue and the module small. The same methods are also plain Rust methods
//! (`sign_up`, `get_session`, ...) for Rust callers and tests.

use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::fields::{Fields, FromJson};
use crate::core::json::{self, Map, Value};
use crate::core::text::cat;
use crate::core::{AuthClient, AuthError, Config, OtpChallenge, Subscription};
use crate::prelude::*;
use crate::web::{WebPlatform, WebStorage};

type Work = Pin<Box<dyn Future<Output = Result<Value, AuthError>>>>;

/// Parses JSON arguments; anything unreadable is an `invalid_argument` error.
fn args<T: FromJson>(text: &str) -> Result<T, AuthError> {
    T::from_json_text(text)
}

/// `{"data": data, "error": null}` or `{"data": null, "error": {...}}` as text.
fn reply(result: Result<Value, AuthError>) -> String {
    let (data, error) = match result {
        Ok(data) => (data, Value::Null),
        Err(e) => (Value::Null, e.to_json()),
    };
    json::object([("data", data), ("error", error)]).to_text()
}

/// The one instance of the promise plumbing: every method's future is boxed into it.
fn run(work: Work) -> js_sys::Promise {
    future_to_promise(async move { Ok(JsValue::from_str(&reply(work.await))) })
}

/// `{key: value}`.
fn one(key: &str, value: Value) -> Value {
    json::object([(key, value)])
}

fn empty() -> Value {
    Value::Object(Map::new())
}

/// The text field `key` of the JSON arguments `params` (`""` when missing).
fn field(params: &str, what: &'static str, key: &str) -> Result<String, AuthError> {
    let p: Map = args(params)?;
    Ok(Fields::of_map(&p, what).text(key)?.unwrap_or_default())
}

/// The auth client as JS sees it.
#[wasm_bindgen]
pub struct WasmAuth {
    client: AuthClient<WebPlatform>,
    subscriptions: RefCell<Vec<Subscription>>,
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
        let parsed = json::parse(config).map_err(|e| {
            fail(AuthError::invalid_argument(cat(&[
                "invalid config: ",
                &e.describe(),
            ])))
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
            subscriptions: RefCell::default(),
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
        match self.client.current_session() {
            Some(s) => s.to_json().to_text(),
            None => "null".into(),
        }
    }

    /// The stored user info (the `/v1/user/me` object with `uid`), synchronously; `null` text
    /// when signed out.
    #[wasm_bindgen(js_name = currentUserInfo)]
    pub fn current_user_info(&self) -> String {
        match self.client.current_session() {
            Some(_) => Value::Object(self.client.cached_user_info()).to_text(),
            None => "null".into(),
        }
    }

    /// Runs the async method `method` (its JS name: `signUp`, `getSession`, ...) with up to
    /// three text arguments (JSON arguments, codes, passwords; `""` when unused). Resolves
    /// to the reply text `{"data": ..., "error": ...}`; never rejects.
    pub fn call(&self, method: &str, a: String, b: String, c: String) -> js_sys::Promise {
        run(self.work(method, a, b, c))
    }

    /// Calls `callback(event, sessionJson | null)` on every auth state change, starting with
    /// `INITIAL_SESSION`. Returns an id for [`off_auth_state_change`](Self::off_auth_state_change).
    #[wasm_bindgen(js_name = onAuthStateChange)]
    pub fn on_auth_state_change(&self, callback: js_sys::Function) -> u32 {
        let sub = self
            .client
            .on_auth_state_change(Rc::new(move |event, session| {
                let session = match session {
                    Some(s) => JsValue::from_str(&s.to_json().to_text()),
                    None => JsValue::NULL,
                };
                // A listener that throws must not affect the others: its exception is dropped here.
                let _ =
                    callback.call2(&JsValue::NULL, &JsValue::from_str(event.as_str()), &session);
            }));
        let id = sub.id() as u32;
        self.subscriptions.borrow_mut().push(sub);
        id
    }

    /// Stops the listener `id`.
    #[wasm_bindgen(js_name = offAuthStateChange)]
    pub fn off_auth_state_change(&self, id: u32) {
        let mut subs = self.subscriptions.borrow_mut();
        if let Some(i) = subs.iter().position(|s| s.id() as u32 == id) {
            subs.swap_remove(i).unsubscribe();
        }
    }
}

impl WasmAuth {
    /// The future of one async method (see [`call`](Self::call)).
    fn work(&self, method: &str, a: String, b: String, c: String) -> Work {
        let client = self.client.clone();
        match method {
            "signUp" => {
                Box::pin(
                    async move { Ok(one("challenge", client.sign_up(args(&a)?).await?.to_json())) },
                )
            }
            "signInWithOtp" => Box::pin(async move {
                Ok(one(
                    "challenge",
                    client.sign_in_with_otp(args(&a)?).await?.to_json(),
                ))
            }),
            "verifyChallenge" => Box::pin(async move {
                let challenge: OtpChallenge = args(&a)?;
                Ok(client.verify_challenge(&challenge, &b).await?.to_json())
            }),
            "verifyOtp" => {
                Box::pin(async move { Ok(client.verify_otp(args(&a)?).await?.to_json()) })
            }
            "signInWithPassword" => {
                Box::pin(
                    async move { Ok(client.sign_in_with_password(args(&a)?).await?.to_json()) },
                )
            }
            "signInAnonymously" => {
                Box::pin(async move { Ok(client.sign_in_anonymously().await?.to_json()) })
            }
            "getSession" => Box::pin(async move {
                let session = client.get_session().await?;
                let (s, u) = match &session {
                    Some(s) => (s.to_json(), s.user.to_json()),
                    None => (Value::Null, Value::Null),
                };
                Ok(json::object([("session", s), ("user", u)]))
            }),
            "refreshSession" => {
                Box::pin(async move { Ok(client.refresh_session().await?.to_json()) })
            }
            "getUser" => {
                Box::pin(async move { Ok(one("user", client.get_user().await?.to_json())) })
            }
            "signOut" => Box::pin(async move {
                let params = if a.trim().is_empty() {
                    None
                } else {
                    Some(args(&a)?)
                };
                client.sign_out(params).await?;
                Ok(empty())
            }),
            "resend" => Box::pin(async move {
                let p: Map = args(&a)?;
                let f = Fields::of_map(&p, "resend");
                let (email, phone) = (f.text("email")?, f.text_any(&["phone", "phone_number"])?);
                let for_sign_up = f.text("type")?.as_deref() == Some("signup");
                let challenge = client
                    .resend(email.as_deref(), phone.as_deref(), for_sign_up)
                    .await?;
                Ok(one("challenge", challenge.to_json()))
            }),
            "updateUser" => Box::pin(async move {
                Ok(one(
                    "user",
                    client.update_profile(args(&a)?).await?.to_json(),
                ))
            }),
            "getUserIdentities" => Box::pin(async move {
                Ok(one(
                    "identities",
                    Value::Array(client.get_user_identities().await?),
                ))
            }),
            "unlinkIdentity" => Box::pin(async move {
                let provider = field(&a, "unlinkIdentity", "provider")?;
                client.unlink_identity(&provider).await?;
                Ok(empty())
            }),
            "resetPasswordForEmail" => Box::pin(async move {
                Ok(one(
                    "challenge",
                    client.reset_password_for_email(&a).await?.to_json(),
                ))
            }),
            "completePasswordReset" => Box::pin(async move {
                let challenge: OtpChallenge = args(&a)?;
                Ok(client
                    .complete_password_reset(&challenge, &b, &c)
                    .await?
                    .to_json())
            }),
            "reauthenticate" => {
                Box::pin(
                    async move { Ok(one("challenge", client.reauthenticate().await?.to_json())) },
                )
            }
            "completeReauthentication" => Box::pin(async move {
                let challenge: OtpChallenge = args(&a)?;
                let password = Some(c.as_str()).filter(|p| !p.is_empty());
                let user = client
                    .complete_reauthentication(&challenge, &b, password)
                    .await?;
                Ok(one("user", user.to_json()))
            }),
            "updatePassword" => Box::pin(async move {
                client.update_password(&b, &a).await?;
                Ok(empty())
            }),
            "deleteUser" => Box::pin(async move {
                let password = field(&a, "deleteUser", "password")?;
                client.delete_user(&password).await?;
                Ok(empty())
            }),
            "getClaims" => Box::pin(async move { Ok(client.get_claims()?.to_json()) }),
            "refreshUser" => Box::pin(async move { Ok(client.refresh_user().await?.to_json()) }),
            "setSession" => Box::pin(async move {
                let rt = field(&a, "setSession", "refresh_token")?;
                Ok(client.set_session(&rt).await?.to_json())
            }),
            "signInWithCustomTicket" => {
                Box::pin(async move { Ok(client.sign_in_with_custom_ticket(&a).await?.to_json()) })
            }
            "signInWithIdToken" => Box::pin(async move {
                let token = field(&a, "signInWithIdToken", "token")?;
                Ok(client.sign_in_with_id_token(&token).await?.to_json())
            }),
            "isUsernameRegistered" => Box::pin(async move {
                Ok(one(
                    "exist",
                    client.is_username_registered(&a).await?.into(),
                ))
            }),
            "getVerification" => Box::pin(async move { client.get_verification(args(&a)?).await }),
            "verify" => Box::pin(async move {
                let p: Map = args(&a)?;
                let f = Fields::of_map(&p, "verify");
                let (id, code) = (f.text("verification_id")?, f.text("verification_code")?);
                client
                    .verify(&id.unwrap_or_default(), &code.unwrap_or_default())
                    .await
            }),
            "signIn" => Box::pin(async move { Ok(client.sign_in(args(&a)?).await?.to_json()) }),
            "signUpDirect" => {
                Box::pin(async move { Ok(client.sign_up_direct(args(&a)?).await?.to_json()) })
            }
            _ => {
                let e = AuthError::internal(cat(&["unknown method ", method]));
                Box::pin(async move { Err(e) })
            }
        }
    }

    fn call0(&self, method: &str) -> js_sys::Promise {
        self.call(method, String::new(), String::new(), String::new())
    }

    fn call1(&self, method: &str, a: String) -> js_sys::Promise {
        self.call(method, a, String::new(), String::new())
    }

    /// `signUp(params)` → `{challenge}`.
    pub fn sign_up(&self, params: String) -> js_sys::Promise {
        self.call1("signUp", params)
    }

    /// `signInWithOtp(params)` → `{challenge}`.
    pub fn sign_in_with_otp(&self, params: String) -> js_sys::Promise {
        self.call1("signInWithOtp", params)
    }

    /// Completes a challenge from `signUp`/`signInWithOtp` with the code → `{user, session}`.
    pub fn verify_challenge(&self, challenge: String, token: String) -> js_sys::Promise {
        self.call("verifyChallenge", challenge, token, String::new())
    }

    /// `verifyOtp({email|phone, token, messageId})` → `{user, session}`.
    pub fn verify_otp(&self, params: String) -> js_sys::Promise {
        self.call1("verifyOtp", params)
    }

    /// `signInWithPassword({username|email|phone, password})` → `{user, session}`.
    pub fn sign_in_with_password(&self, params: String) -> js_sys::Promise {
        self.call1("signInWithPassword", params)
    }

    /// `signInAnonymously()` → `{user, session}`.
    pub fn sign_in_anonymously(&self) -> js_sys::Promise {
        self.call0("signInAnonymously")
    }

    /// `getSession()` → `{session, user}` (both `null` when signed out).
    pub fn get_session(&self) -> js_sys::Promise {
        self.call0("getSession")
    }

    /// `refreshSession()` → `{user, session}`.
    pub fn refresh_session(&self) -> js_sys::Promise {
        self.call0("refreshSession")
    }

    /// `getUser()` → `{user}`.
    pub fn get_user(&self) -> js_sys::Promise {
        self.call0("getUser")
    }

    /// `signOut(params?)` → `{}`; `params` is JSON text, or empty for the revoke form.
    pub fn sign_out(&self, params: String) -> js_sys::Promise {
        self.call1("signOut", params)
    }

    /// `resend({email|phone, type?})` → `{challenge}` (`type: 'signup'` may reach new addresses).
    pub fn resend(&self, params: String) -> js_sys::Promise {
        self.call1("resend", params)
    }

    /// `updateUser({nickname, username, avatar_url, gender, description})` → `{user}`.
    pub fn update_user(&self, params: String) -> js_sys::Promise {
        self.call1("updateUser", params)
    }

    /// `getUserIdentities()` → `{identities}`.
    pub fn get_user_identities(&self) -> js_sys::Promise {
        self.call0("getUserIdentities")
    }

    /// `unlinkIdentity({provider})` → `{}`.
    pub fn unlink_identity(&self, params: String) -> js_sys::Promise {
        self.call1("unlinkIdentity", params)
    }

    /// `resetPasswordForEmail(emailOrPhone)` → `{challenge}`.
    pub fn reset_password_for_email(&self, email_or_phone: String) -> js_sys::Promise {
        self.call1("resetPasswordForEmail", email_or_phone)
    }

    /// Finishes a password reset → `{user, session}`.
    pub fn complete_password_reset(
        &self,
        challenge: String,
        nonce: String,
        password: String,
    ) -> js_sys::Promise {
        self.call("completePasswordReset", challenge, nonce, password)
    }

    /// `reauthenticate()` → `{challenge}`.
    pub fn reauthenticate(&self) -> js_sys::Promise {
        self.call0("reauthenticate")
    }

    /// Finishes re-authentication (and sets `password` when not empty) → `{user}`.
    pub fn complete_reauthentication(
        &self,
        challenge: String,
        nonce: String,
        password: String,
    ) -> js_sys::Promise {
        self.call("completeReauthentication", challenge, nonce, password)
    }

    /// v2 `user.updatePassword(new, old)` → `{}`.
    pub fn update_password(&self, new_password: String, old_password: String) -> js_sys::Promise {
        self.call("updatePassword", new_password, old_password, String::new())
    }

    /// `deleteUser({password})` → `{}`.
    pub fn delete_user(&self, params: String) -> js_sys::Promise {
        self.call1("deleteUser", params)
    }

    /// `getClaims()` → `{claims, header, signature}`.
    pub fn get_claims(&self) -> js_sys::Promise {
        self.call0("getClaims")
    }

    /// `refreshUser()` → `{user, session}`.
    pub fn refresh_user(&self) -> js_sys::Promise {
        self.call0("refreshUser")
    }

    /// `setSession({access_token, refresh_token})` → `{user, session}`.
    pub fn set_session(&self, params: String) -> js_sys::Promise {
        self.call1("setSession", params)
    }

    /// `signInWithCustomTicket` with the ticket → `{user, session}`.
    pub fn sign_in_with_custom_ticket(&self, ticket: String) -> js_sys::Promise {
        self.call1("signInWithCustomTicket", ticket)
    }

    /// `signInWithIdToken({token})` → `{user, session}`.
    pub fn sign_in_with_id_token(&self, params: String) -> js_sys::Promise {
        self.call1("signInWithIdToken", params)
    }

    /// `isUsernameRegistered(username)` → `{exist}`.
    pub fn is_username_registered(&self, username: String) -> js_sys::Promise {
        self.call1("isUsernameRegistered", username)
    }

    /// v2 `getVerification(params)` → the service's answer.
    pub fn get_verification(&self, params: String) -> js_sys::Promise {
        self.call1("getVerification", params)
    }

    /// v2 `verify({verification_id, verification_code})` → the service's answer.
    pub fn verify(&self, params: String) -> js_sys::Promise {
        self.call1("verify", params)
    }

    /// v2 `signIn({username, password | verification_token})` → `{user, session}`.
    pub fn sign_in(&self, params: String) -> js_sys::Promise {
        self.call1("signIn", params)
    }

    /// v2 direct `signUp({phone_number | email, verification_token, ...})` → `{user, session}`.
    pub fn sign_up_direct(&self, params: String) -> js_sys::Promise {
        self.call1("signUpDirect", params)
    }
}
