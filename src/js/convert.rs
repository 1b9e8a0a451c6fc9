//! Values across the boundary: arguments read with serde-wasm-bindgen into the core's serde
//! types, results written by its JSON-compatible serializer (plain objects, `null` for what is
//! absent), failures as the package's `AuthError`.

use serde::{Deserialize, Serialize};
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::core::task::{AuthFuture, failed};
use crate::core::{AuthError, OtpChallenge, Session, SignedIn};
use crate::prelude::*;
use std::cell::RefCell;

#[wasm_bindgen]
extern "C" {
    /// The package's `AuthError` class (`class AuthError extends Error`, constructed with the
    /// error's fields), handed to [`WasmAuth::new`](super::WasmAuth::new) by the JS entry.
    #[wasm_bindgen(typescript_type = "new (fields: object) => Error")]
    #[derive(Clone)]
    pub type ErrorClass;
}

/// A JSON object kept as the JS value the page's `JSON.parse` made: serde-wasm-bindgen reads
/// and writes it as it is (the claims of `getClaims`, whatever they hold).
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub(super) struct JsObject(#[serde(with = "serde_wasm_bindgen::preserve")] JsValue);

/// The future of one async method, its value already a JS value.
pub(super) type JsAnswer = AuthFuture<JsValue>;

/// How deep arguments may nest (serde_json's own limit). serde-wasm-bindgen's reading has no
/// limit: a cyclic object would recurse until the wasm stack overflows, which leaves the
/// module unusable, so deeper (or cyclic) values are refused before it reads them.
const MAX_DEPTH: u32 = 128;

/// Whether the objects and arrays in `value` nest at most `depth` levels.
fn nests_within(value: &JsValue, depth: u32) -> bool {
    if !value.is_object() {
        return true;
    }
    let Some(depth) = depth.checked_sub(1) else {
        return false;
    };
    let children = if js_sys::Array::is_array(value) {
        js_sys::Array::from(value)
    } else {
        js_sys::Object::values(value.unchecked_ref())
    };
    children.iter().all(|child| nests_within(&child, depth))
}

/// Reads the JS arguments `value` into `T` (`undefined` and `null` read as `{}`); anything
/// else that does not fit is an `invalid_argument` error naming `what`, a cyclic or too deep
/// value an `internal` one (as `JSON.stringify` refused it before).
pub(super) fn arg<T: for<'de> Deserialize<'de>>(
    value: JsValue,
    what: &str,
) -> Result<T, AuthError> {
    let value = if value.is_undefined() || value.is_null() {
        js_sys::Object::new().into()
    } else if nests_within(&value, MAX_DEPTH) {
        value
    } else {
        let why = " arguments are cyclic or nest too deep";
        return Err(AuthError::internal([what, why].concat()));
    };
    serde_wasm_bindgen::from_value(value).map_err(|e| unreadable(&e, what))
}

/// The error of arguments `what` that serde-wasm-bindgen could not read (one copy for every
/// type read).
#[inline(never)]
fn unreadable(e: &serde_wasm_bindgen::Error, what: &str) -> AuthError {
    AuthError::invalid_argument(["invalid ", what, " arguments: ", &e.to_string()].concat())
}

/// `value` as a JS value: objects as plain objects, `None` as `null`.
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, AuthError> {
    value
        .serialize(&Serializer::json_compatible())
        .map_err(|e| unwritable(&e))
}

/// The error of a result serde-wasm-bindgen could not write (one copy for every type).
#[inline(never)]
fn unwritable(e: &serde_wasm_bindgen::Error) -> AuthError {
    AuthError::internal(["result not representable: ", &e.to_string()].concat())
}

/// The work of a client future whose value crosses as `map(value)`, or of arguments that
/// could not be read.
pub(super) fn reply<T: 'static>(
    work: Result<AuthFuture<T>, AuthError>,
    map: fn(T) -> Result<JsValue, AuthError>,
) -> JsAnswer {
    match work {
        Ok(work) => Box::pin(async move { map(work.await?) }),
        Err(e) => failed(e),
    }
}

/// The failure `e` as a JS `AuthError`: `new AuthError(fields)` of the package's class, with
/// the error's serialised fields (or what that constructor threw).
pub(super) fn js_error(e: &AuthError, class: &ErrorClass) -> JsValue {
    let fields = to_js(e).unwrap_or_else(|_| js_sys::Object::new().into());
    let args = js_sys::Array::of1(&fields);
    js_sys::Reflect::construct(class.unchecked_ref::<js_sys::Function>(), &args)
        .unwrap_or_else(|thrown| thrown)
}

/// The challenge of a code that was sent (the entry keeps it for the code's step).
pub(super) fn challenge(challenge: OtpChallenge) -> Result<JsValue, AuthError> {
    to_js(&challenge)
}

/// `{}`: done, nothing to say.
pub(super) fn empty((): ()) -> Result<JsValue, AuthError> {
    Ok(js_sys::Object::new().into())
}

/// The value itself (`{user, session}`, claims, a service answer).
pub(super) fn itself<T: Serialize>(value: T) -> Result<JsValue, AuthError> {
    to_js(&value)
}

/// The JS object of the session last handed to JS, and the session it was written from: a
/// sign-in's result and the listeners' `SIGNED_IN` get one object, written once.
#[derive(Default)]
pub(super) struct SessionObjects(RefCell<Option<(Session, JsValue)>>);

impl SessionObjects {
    /// `session` as a JS object: the one written last when it is of the same session.
    pub(super) fn session(&self, session: &Session) -> Result<JsValue, AuthError> {
        if let Some((last, object)) = self.0.borrow().as_ref() {
            if last == session {
                return Ok(object.clone());
            }
        }
        let object = to_js(session)?;
        *self.0.borrow_mut() = Some((session.clone(), object.clone()));
        Ok(object)
    }

    /// `{user, session}` of a sign-in, `user` being the session's own user object.
    pub(super) fn signed_in(&self, signed: &SignedIn) -> Result<JsValue, AuthError> {
        let session = self.session(&signed.session)?;
        let reply = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&reply, &JsValue::from_str(key), value).is_ok()
        };
        let user = js_sys::Reflect::get(&session, &JsValue::from_str("user"));
        match user {
            Ok(user) if set("user", &user) && set("session", &session) => Ok(reply.into()),
            _ => to_js(signed),
        }
    }

    /// Forgets the session (signed out: its tokens are not kept).
    pub(super) fn clear(&self) {
        self.0.borrow_mut().take();
    }
}
