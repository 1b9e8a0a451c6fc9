//! The futures the client's async methods return, and small steps shared by the flows.

use ::core::future::Future;
use ::core::pin::Pin;

use crate::prelude::*;

use super::error::AuthError;
use super::value::Value;

/// The future of an async method of the client: boxed, so that each flow's state machine
/// exists once in the wasm module instead of being inlined into every caller (which cost
/// tens of kilobytes). It does nothing until polled; await it like any future.
pub type AuthFuture<T> = Pin<Box<dyn Future<Output = Result<T, AuthError>>>>;

/// A future that fails with `e` at once (arguments refused before any work starts).
pub(crate) fn failed<T: 'static>(e: AuthError) -> AuthFuture<T> {
    Box::pin(Failed(Some(e), ::core::marker::PhantomData))
}

/// The future of [`failed`]: ready at once with the error (and pending if polled again).
struct Failed<T>(Option<AuthError>, ::core::marker::PhantomData<T>);

impl<T> Unpin for Failed<T> {}

impl<T> Future for Failed<T> {
    type Output = Result<T, AuthError>;
    fn poll(
        mut self: Pin<&mut Self>,
        _: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<Self::Output> {
        match self.0.take() {
            Some(e) => ::core::task::Poll::Ready(Err(e)),
            None => ::core::task::Poll::Pending,
        }
    }
}

/// The non-empty text field `key` of a service answer.
pub(crate) fn text_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, AuthError> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AuthError::internal(["response has no ", key].concat()))
}

/// The non-empty text field `key` of an answer (a verification or sudo token).
pub(crate) struct AnswerField(pub(crate) AuthFuture<Value>, pub(crate) &'static str);

impl Future for AnswerField {
    type Output = Result<String, AuthError>;
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<Self::Output> {
        let key = self.1;
        self.0
            .as_mut()
            .poll(cx)
            .map(|answer| Ok(text_field(&answer?, key)?.to_owned()))
    }
}

/// An answer awaited for its success only.
pub(crate) struct AnswerOk(pub(crate) AuthFuture<Value>);

impl Future for AnswerOk {
    type Output = Result<(), AuthError>;
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<Self::Output> {
        self.0.as_mut().poll(cx).map(|answer| answer.map(drop))
    }
}
