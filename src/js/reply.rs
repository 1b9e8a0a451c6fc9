//! The bridge's replies: `{"data": ..., "error": ...}` text, delivered to a JS callback.

use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll};

use wasm_bindgen::prelude::*;

use crate::core::task::{AuthFuture, failed};
use crate::core::value::{self, Map, Value};
use crate::core::{AuthError, OtpChallenge, SignedIn, User};
use crate::prelude::*;

/// The future of one async method's reply.
pub(super) type Work = Pin<Box<dyn Future<Output = Result<Value, AuthError>>>>;

/// `{"data": data, "error": null}` or `{"data": null, "error": {...}}` as text.
pub(super) fn reply_text(result: Result<Value, AuthError>) -> String {
    let (data, error) = match result {
        Ok(data) => (data, Value::Null),
        Err(e) => (Value::Null, e.to_json()),
    };
    value::object([("data", data), ("error", error)]).to_string()
}

/// Runs a method's future, then calls `done` with the reply text.
pub(super) struct Deliver {
    pub(super) work: Work,
    pub(super) done: js_sys::Function,
}

impl Future for Deliver {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.work.as_mut().poll(cx).map(|result| {
            let reply = JsValue::from_str(&reply_text(result));
            // `done` is the promise's resolve function, which does not throw.
            let _ = self.done.call1(&JsValue::NULL, &reply);
        })
    }
}

/// A client future whose result is turned into the reply's `data` by `map`.
pub(super) struct Reply<T> {
    work: AuthFuture<T>,
    map: fn(T) -> Value,
}

impl<T> Future for Reply<T> {
    type Output = Result<Value, AuthError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let map = self.map;
        self.work.as_mut().poll(cx).map(|r| r.map(map))
    }
}

/// The reply future of a client future (or of arguments that could not be read).
pub(super) fn reply<T: 'static>(
    work: Result<AuthFuture<T>, AuthError>,
    map: fn(T) -> Value,
) -> Work {
    match work {
        Ok(work) => Box::pin(Reply { work, map }),
        Err(e) => failed(e),
    }
}

/// `{key: value}`.
pub(super) fn one(key: &str, value: Value) -> Value {
    value::object([(key, value)])
}

pub(super) fn empty(_: ()) -> Value {
    Value::Object(Map::new())
}

pub(super) fn challenge(c: OtpChallenge) -> Value {
    one("challenge", c.to_json())
}

pub(super) fn signed_in(s: SignedIn) -> Value {
    s.to_json()
}

pub(super) fn user(u: User) -> Value {
    one("user", u.to_json())
}
