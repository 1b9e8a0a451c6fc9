//! The futures the client's async methods return, and small steps shared by the flows.

use ::core::future::Future;
use ::core::pin::Pin;

use crate::prelude::*;

use super::error::AuthError;

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

/// `text` when not empty; an `internal` error naming the answer's `field` otherwise.
pub(crate) fn non_empty(text: String, field: &str) -> Result<String, AuthError> {
    if text.is_empty() {
        Err(AuthError::internal(["response has no ", field].concat()))
    } else {
        Ok(text)
    }
}

/// Success or failure of an answer whose body says nothing more (`{}`).
pub(crate) struct AnswerOk<T>(pub(crate) AuthFuture<T>);

impl<T> Future for AnswerOk<T> {
    type Output = Result<(), AuthError>;
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<Self::Output> {
        self.0.as_mut().poll(cx).map(|answer| answer.map(drop))
    }
}
