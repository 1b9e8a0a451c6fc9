//! The wasm-bindgen surface (wasm32 only): [`WasmAuth`], used by the npm package's JS entry.
//!
//! Arguments and results cross the boundary as JSON text (see docs/ARCHITECTURE.md). The
//! async methods go through one export, [`WasmAuth::call`]`(method, a, b, c)`, which resolves
//! to `{"data": ..., "error": null | AuthError}` and never rejects: one entry point keeps the
//! wasm-bindgen glue and the module small. The same methods are also plain Rust methods
//! (`sign_up`, `get_session`, ...) for Rust callers and tests.

use wasm_bindgen::prelude::*;

use crate::core::account::Claims;
use crate::core::platform::{Json, Platform};
use crate::core::task::{AuthFuture, failed};
use crate::core::value::{self, Map, Value};
use crate::core::{AuthClient, AuthError, Config};
use crate::prelude::*;
use crate::web::{WebPlatform, WebStorage};

mod args;
mod reply;

use args::{AddressArgs, VerifyArgs, args, field};
use reply::{Deliver, Work, challenge, empty, one, reply, reply_text, signed_in, user};

/// The auth client as JS sees it.
#[wasm_bindgen]
pub struct WasmAuth {
    client: AuthClient<WebPlatform>,
}

#[wasm_bindgen]
impl WasmAuth {
    /// A client for the `cloudbase.init` options (JSON). The session is kept in `storage`
    /// when it is an object with `getItem`/`setItem`/`removeItem`, otherwise where the
    /// `persistence` option says (`local`, the default; `session`; `none`). Throws a JSON
    /// error text when the options cannot be read or lack `env`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, storage: JsValue) -> Result<WasmAuth, JsValue> {
        let fail = |e: AuthError| JsValue::from_str(&reply_text(Err(e)));
        let config = Config::from_json_text(config).map_err(fail)?;
        let storage = if storage.is_object() {
            WebStorage::Object(storage)
        } else {
            WebStorage::for_persistence(config.persistence.as_deref())
        };
        Ok(WasmAuth {
            client: AuthClient::new(config, WebPlatform::with_storage(storage)),
        })
    }

    /// The synchronous methods the JS entry uses, through one export: `setApiOrigin` (with the
    /// origin, returns `""`), `offAuthStateChange` (with a listener id, returns `""`),
    /// `oauthState` (with a provider, returns a fresh random OAuth state),
    /// `currentSession` and `currentUserInfo` (JSON text of the stored session or user info,
    /// not refreshed; `null` when signed out).
    pub fn sync(&self, method: &str, arg: &str) -> String {
        match method {
            "setApiOrigin" => {
                self.client.set_api_origin(arg);
                String::new()
            }
            "currentSession" => self.current_session(),
            "oauthState" => self.client.oauth_state(arg),
            "offAuthStateChange" => {
                // The id `onAuthStateChange` gave, as decimal text; anything else stops nothing.
                if let Ok(id) = arg.trim().parse::<u32>() {
                    self.off_auth_state_change(id);
                }
                String::new()
            }
            "currentUserInfo" => match self.client.current_session() {
                Some(_) => {
                    let info = self.client.cached_user_info();
                    self.client.platform().json().encode(&info)
                }
                None => "null".into(),
            },
            _ => String::new(),
        }
    }

    /// Runs the async method `method` (its JS name: `signUp`, `getSession`, ...) with up to
    /// three text arguments (JSON arguments, codes, passwords; `""` when unused), then calls
    /// `done` with the reply text `{"data": ..., "error": ...}` (always: failures are replies
    /// too). The JS entry wraps it in a promise.
    pub fn call(&self, method: &str, a: &str, b: &str, c: &str, done: js_sys::Function) {
        wasm_bindgen_futures::spawn_local(Box::pin(Deliver {
            work: self.work(method, a, b, c),
            done,
        }));
    }

    /// Calls `callback(event, sessionJson | null)` on every auth state change, starting with
    /// `INITIAL_SESSION`. Returns an id for [`off_auth_state_change`](Self::off_auth_state_change).
    #[wasm_bindgen(js_name = onAuthStateChange)]
    pub fn on_auth_state_change(&self, callback: js_sys::Function) -> u32 {
        let sub = self
            .client
            .on_auth_state_change(Rc::new(move |event, session| {
                let session = match session {
                    Some(s) => JsValue::from_str(&s.to_json().to_string()),
                    None => JsValue::NULL,
                };
                // A listener that throws must not affect the others: its exception is dropped here.
                let _ =
                    callback.call2(&JsValue::NULL, &JsValue::from_str(event.as_str()), &session);
            }));
        sub.id() as u32
    }
}

impl WasmAuth {
    /// Stops the listener `id` (`sync('offAuthStateChange', id)` from JS).
    pub fn off_auth_state_change(&self, id: u32) {
        self.client.remove_listener(u64::from(id));
    }

    /// Sends later requests to `origin` (`scheme://host[:port]`).
    pub fn set_api_origin(&self, origin: &str) {
        self.sync("setApiOrigin", origin);
    }

    /// The stored session, synchronously, without refreshing (`null` text when signed out).
    pub fn current_session(&self) -> String {
        match self.client.current_session() {
            Some(s) => s.to_json().to_string(),
            None => "null".into(),
        }
    }

    /// The stored user info (the `/v1/user/me` object with `uid`), synchronously; `null` text
    /// when signed out.
    pub fn current_user_info(&self) -> String {
        self.sync("currentUserInfo", "")
    }

    /// The future of one async method (see [`call`](Self::call)). Arguments are read here;
    /// the client's work starts when the future is first polled.
    fn work(&self, method: &str, a: &str, b: &str, c: &str) -> Work {
        let client = &self.client;
        match method {
            "signUp" => reply(args(a).map(|p| client.sign_up(p)), challenge),
            "signInWithOtp" => reply(args(a).map(|p| client.sign_in_with_otp(p)), challenge),
            "verifyChallenge" => {
                reply(args(a).map(|ch| client.verify_challenge(&ch, b)), signed_in)
            }
            "verifyOtp" => reply(args(a).map(|p| client.verify_otp(p)), signed_in),
            "signInWithPassword" => {
                reply(args(a).map(|p| client.sign_in_with_password(p)), signed_in)
            }
            "signInAnonymously" => reply(Ok(client.sign_in_anonymously()), signed_in),
            "getSession" => reply(Ok(client.get_session()), |session| {
                let (s, u) = match &session {
                    Some(s) => (s.to_json(), s.user.to_json()),
                    None => (Value::Null, Value::Null),
                };
                value::object([("session", s), ("user", u)])
            }),
            "refreshSession" => reply(Ok(client.refresh_session()), signed_in),
            "getUser" => reply(Ok(client.get_user()), user),
            "signOut" => {
                let params = if a.trim().is_empty() {
                    Ok(None)
                } else {
                    args(a).map(Some)
                };
                reply(params.map(|p| client.sign_out(p)), empty)
            }
            "resend" => {
                let sent = args::<AddressArgs>(a).map(|p| {
                    let for_sign_up = p.kind.as_deref() == Some("signup");
                    client.resend(p.email.as_deref(), p.phone.as_deref(), for_sign_up)
                });
                reply(sent, challenge)
            }
            "updateUser" => reply(args(a).map(|p| client.update_profile(p)), user),
            "changeContact" => {
                let sent = args::<AddressArgs>(a)
                    .map(|p| client.change_contact(p.email.as_deref(), p.phone.as_deref()));
                reply(sent, challenge)
            }
            "completeContactChange" => reply(
                args(a).map(|ch| client.complete_contact_change(&ch, b)),
                user,
            ),
            "getUserIdentities" => reply(Ok(client.get_user_identities()), |list| {
                one("identities", serde_json::to_value(list).unwrap_or_default())
            }),
            "unlinkIdentity" => reply(
                field(a, "provider").map(|p| client.unlink_identity(&p)),
                empty,
            ),
            "resetPasswordForEmail" => reply(Ok(client.reset_password_for_email(a)), challenge),
            "completePasswordReset" => reply(
                args(a).map(|ch| client.complete_password_reset(&ch, b, c)),
                signed_in,
            ),
            "reauthenticate" => reply(Ok(client.reauthenticate()), challenge),
            "completeReauthentication" => {
                let password = Some(c).filter(|p| !p.is_empty());
                reply(
                    args(a).map(|ch| client.complete_reauthentication(&ch, b, password)),
                    user,
                )
            }
            "updatePassword" => reply(Ok(client.update_password(b, a)), empty),
            "deleteUser" => reply(field(a, "password").map(|p| client.delete_user(&p)), empty),
            "refreshUser" => reply(Ok(client.refresh_user()), signed_in),
            "getClaims" => {
                let claims: AuthFuture<Claims> = match client.get_claims() {
                    Ok(claims) => Box::pin(async move { Ok(claims) }),
                    Err(e) => failed(e),
                };
                reply(Ok(claims), |c| c.to_json())
            }
            "setSession" => reply(
                field(a, "refresh_token").map(|rt| client.set_session(&rt)),
                signed_in,
            ),
            "signInWithCustomTicket" => reply(Ok(client.sign_in_with_custom_ticket(a)), signed_in),
            "signInWithIdToken" => reply(
                field(a, "token").map(|t| client.sign_in_with_id_token(&t)),
                signed_in,
            ),
            "oauthUri" => reply(Ok(client.oauth_uri(a, b, c)), |uri| one("uri", uri.into())),
            "verifyOAuth" | "bindOAuth" => reply(
                Ok(client.verify_oauth(a, b, c, method == "bindOAuth")),
                |signed| signed.map_or(Value::Object(Map::new()), signed_in),
            ),
            "isUsernameRegistered" => reply(Ok(client.is_username_registered(a)), |exist| {
                one("exist", exist.into())
            }),
            "getVerification" => reply(args(a).map(|p| client.get_verification(p)), |v| {
                serde_json::to_value(v).unwrap_or_default()
            }),
            "verify" => {
                let sent = args::<VerifyArgs>(a).map(|p| {
                    client.verify(
                        &p.verification_id.unwrap_or_default(),
                        &p.verification_code.unwrap_or_default(),
                    )
                });
                reply(sent, |v| serde_json::to_value(v).unwrap_or_default())
            }
            "signIn" => reply(args(a).map(|p| client.sign_in(p)), signed_in),
            "signUpDirect" => reply(args(a).map(|p| client.sign_up_direct(p)), signed_in),
            _ => reply::<()>(
                Err(AuthError::internal(["unknown method ", method].concat())),
                empty,
            ),
        }
    }

    /// [`call`](Self::call) as a promise resolving to the reply text (never rejecting).
    fn promise(&self, method: &str, a: String, b: String, c: String) -> js_sys::Promise {
        js_sys::Promise::new(&mut |resolve, _reject| {
            self.call(method, &a, &b, &c, resolve);
        })
    }

    fn call0(&self, method: &str) -> js_sys::Promise {
        self.promise(method, String::new(), String::new(), String::new())
    }

    fn call1(&self, method: &str, a: String) -> js_sys::Promise {
        self.promise(method, a, String::new(), String::new())
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
        self.promise("verifyChallenge", challenge, token, String::new())
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
        self.promise("completePasswordReset", challenge, nonce, password)
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
        self.promise("completeReauthentication", challenge, nonce, password)
    }

    /// v2 `user.updatePassword(new, old)` → `{}`.
    pub fn update_password(&self, new_password: String, old_password: String) -> js_sys::Promise {
        self.promise("updatePassword", new_password, old_password, String::new())
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

    /// The provider's authorize URI for `provider`, returning to `redirect_uri` with `state`
    /// → `{uri}`.
    pub fn oauth_uri(
        &self,
        provider: String,
        redirect_uri: String,
        state: String,
    ) -> js_sys::Promise {
        self.promise("oauthUri", provider, redirect_uri, state)
    }

    /// Finishes an OAuth callback with the provider's `code` for the page at `redirect_uri`:
    /// signs in → `{user, session}`.
    pub fn verify_oauth(
        &self,
        provider: String,
        code: String,
        redirect_uri: String,
    ) -> js_sys::Promise {
        self.promise("verifyOAuth", provider, code, redirect_uri)
    }

    /// As [`verify_oauth`](Self::verify_oauth), but binds the identity to the signed-in user
    /// (`BIND_IDENTITY`) → `{}`.
    pub fn bind_oauth(
        &self,
        provider: String,
        code: String,
        redirect_uri: String,
    ) -> js_sys::Promise {
        self.promise("bindOAuth", provider, code, redirect_uri)
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
