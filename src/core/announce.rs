//! Announcing a change of the session: this page's listeners get the session the operation
//! has at hand, the other tabs of the origin the texts it just stored.

use crate::prelude::*;

use super::client::AuthClient;
use super::events::AuthChangeEvent;
use super::platform::{Platform, Storage};
use super::session::Session;

impl<P: Platform> AuthClient<P> {
    /// Delivers `event` with the stored session (read again from storage) to every listener,
    /// here and in the other tabs of this origin. For operations that have no session value
    /// of their own at hand (a profile change, a bound identity).
    pub(crate) fn emit(&self, event: AuthChangeEvent) {
        let session = match event {
            AuthChangeEvent::SignedOut => None,
            _ => self.current_session(),
        };
        self.emit_session(event, session.as_ref());
    }

    /// Delivers `event` with `session` (the one the operation just stored, or `None` when
    /// signed out) to this page's listeners, and posts `event` with the stored texts (the
    /// store's [snapshot](super::session::SessionStore::snapshot)) to the other tabs.
    pub(crate) fn emit_session(&self, event: AuthChangeEvent, session: Option<&Session>) {
        // What this tab did supersedes what another tab announced before.
        *self.inner.heard.borrow_mut() = None;
        let storage = self.inner.platform.storage();
        // With storage of this tab only, the session is this tab's own: nothing is posted (a
        // message would carry its refresh token to every tab of the origin).
        if storage.shared_across_tabs() {
            let snapshot = match event {
                AuthChangeEvent::SignedOut => String::new(),
                _ => self.inner.store.snapshot(storage),
            };
            let message = if snapshot.is_empty() {
                event.as_str().to_owned()
            } else {
                [event.as_str(), "\n", &snapshot].concat()
            };
            self.inner.platform.broadcast(&self.channel(), &message);
        }
        // What the listeners are told stands for those that come later too (their
        // `INITIAL_SESSION` does not speak for the others): recorded with nobody listening
        // (delivering records it otherwise).
        if self.inner.listeners.is_empty() {
            self.inner.listeners.record(session);
        } else {
            self.emit_to_listeners(event, session.cloned());
        }
    }

    /// Delivers `event` with `session` to this page's listeners only.
    pub(crate) fn emit_to_listeners(&self, event: AuthChangeEvent, session: Option<Session>) {
        self.inner
            .listeners
            .emit(self.inner.platform.spawner(), event, session);
    }
}
