//! The wasm-bindgen surface (wasm32 only): [`WasmAuth`], used by the npm package's JS entry
//! and by Rust front-ends.
//!
//! One method per API method, with typed parameters: objects are read with
//! serde-wasm-bindgen into the core's serde types, results written as plain JS values
//! (`Serializer::json_compatible()`). An async method returns a promise that resolves to its
//! data or rejects with an `AuthError` (a real JS `Error`) built here; every promise goes
//! through one shared step ([`WasmAuth::promise`]).

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::config::normalize_origin;
use crate::core::task::failed;
use crate::core::{AuthClient, AuthError, AuthFuture, Config, SignedIn};
use crate::prelude::*;
use crate::web::{WebPlatform, WebStorage};

mod account;
mod args;
mod convert;
mod flows;
mod handoff;

pub use convert::ErrorClass;
use convert::{JsAnswer, SessionObjects, arg, js_error, to_js};

/// The auth client as JS sees it.
#[wasm_bindgen]
pub struct WasmAuth {
    client: AuthClient<WebPlatform>,
    errors: ErrorClass,
    /// The session's JS object, shared by a sign-in's result and its listeners' event.
    sessions: Rc<SessionObjects>,
}

#[wasm_bindgen]
impl WasmAuth {
    /// A client for the `cloudbase.init` options (`env` required; `clientId`, `region`,
    /// `apiOrigin`, `lang`, `persistence`, `autoRefreshToken` or `auth.autoRefreshToken`).
    /// The session is kept in `storage` when it is an object with
    /// `getItem`/`setItem`/`removeItem`, otherwise where `persistence` says (`local`, the
    /// default; `session`; `none`). Failures are instances of `errors`, the package's
    /// `AuthError` class (`new AuthError(fields)`). Throws such an error when the options
    /// cannot be read or lack `env`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        storage: JsValue,
        errors: ErrorClass,
    ) -> Result<WasmAuth, JsValue> {
        let config: Config = arg(options, "config").map_err(|e| js_error(&e, &errors))?;
        let storage = if storage.is_object() {
            WebStorage::Object(storage)
        } else {
            WebStorage::for_persistence(config.persistence.as_deref())
        };
        Ok(WasmAuth {
            client: AuthClient::new(config, WebPlatform::with_storage(storage)),
            errors,
            sessions: Rc::default(),
        })
    }

    /// Sends later requests to the origin of `url` (`scheme://host[:port]`; a path is
    /// ignored; a protocol-relative `//host` or a bare host takes `protocol`, by default
    /// `https`), as the JS SDK's `registerEndPointWithKey` / `registerHost` give it.
    #[wasm_bindgen(js_name = setApiOrigin)]
    pub fn set_api_origin(&self, url: &str, protocol: Option<String>) {
        let origin = normalize_origin(url, protocol.as_deref());
        self.client.set_api_origin(&origin);
    }

    /// The stored session as it is now (not refreshed, no request), or `null`.
    #[wasm_bindgen(js_name = currentSession)]
    pub fn current_session(&self) -> JsValue {
        let session = self.client.current_session();
        to_js(&session).unwrap_or(JsValue::NULL)
    }

    /// The stored user info (the `/v1/user/me` object with `uid`) of the session's user, from
    /// the session's own storage, or `null` when signed out.
    #[wasm_bindgen(js_name = currentUserInfo)]
    pub fn current_user_info(&self) -> JsValue {
        to_js(&self.client.current_user_info()).unwrap_or(JsValue::NULL)
    }

    /// A fresh random OAuth `state` for `provider`.
    #[wasm_bindgen(js_name = oauthState)]
    pub fn oauth_state(&self, provider: &str) -> String {
        self.client.oauth_state(provider)
    }

    /// Calls `callback(event, session | null)` on every auth state change, starting with
    /// `INITIAL_SESSION`. Returns an id for
    /// [`off_auth_state_change`](Self::off_auth_state_change).
    #[wasm_bindgen(js_name = onAuthStateChange)]
    pub fn on_auth_state_change(&self, callback: js_sys::Function) -> u32 {
        let sessions = Rc::clone(&self.sessions);
        let sub = self
            .client
            .on_auth_state_change(Rc::new(move |event, session| {
                let session = match session {
                    Some(s) => sessions.session(s).unwrap_or(JsValue::NULL),
                    None => {
                        sessions.clear();
                        JsValue::NULL
                    }
                };
                // A listener that throws must not affect the others: its exception is dropped here.
                let _ =
                    callback.call2(&JsValue::NULL, &JsValue::from_str(event.as_str()), &session);
            }));
        sub.id() as u32
    }

    /// Stops the listener `id` that [`on_auth_state_change`](Self::on_auth_state_change) gave.
    #[wasm_bindgen(js_name = offAuthStateChange)]
    pub fn off_auth_state_change(&self, id: u32) {
        self.client.remove_listener(u64::from(id));
    }
}

impl WasmAuth {
    /// The promise of a sign-in: `{user, session}`, the session's object shared with the
    /// listeners' event ([`SessionObjects`]).
    fn signed_in(&self, work: Result<AuthFuture<SignedIn>, AuthError>) -> Promise {
        let sessions = Rc::clone(&self.sessions);
        self.promise(match work {
            Ok(work) => Box::pin(async move { sessions.signed_in(&work.await?) }),
            Err(e) => failed(e),
        })
    }

    /// The promise of `work`: its value, or a rejection with the `AuthError`. The one step
    /// every async method shares.
    fn promise(&self, work: JsAnswer) -> Promise {
        let errors = self.errors.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            work.await.map_err(|e: AuthError| js_error(&e, &errors))
        })
    }
}
