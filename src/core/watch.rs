//! Changes to the stored session that no message announces: another page of the origin writing
//! the same keys without this SDK (the JS SDK, which shares them; an app clearing storage; the
//! browser's dev tools). This page's listeners hear of such a change as the event that leads
//! from the session they were last told of ([`Listeners::told`]) to the one stored now.
//!
//! [`Listeners::told`]: super::events::Listeners::told

use crate::prelude::*;

use super::client::AuthClient;
use super::events::AuthChangeEvent;
use super::platform::Platform;
use super::session::{Credentials, Session};
use alloc::rc::Rc;

/// True when `a` and `b` are the same session (the same tokens).
fn same_tokens(a: &Credentials, b: &Credentials) -> bool {
    a.access_token == b.access_token && a.refresh_token == b.refresh_token
}

/// True when `a` and `b` are the same state: both signed out, or the same tokens.
fn same_state(a: Option<&Credentials>, b: Option<&Credentials>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_tokens(a, b),
        _ => false,
    }
}

impl<P: Platform> AuthClient<P> {
    /// Starts watching the stored credentials for other pages' changes (storage shared by the
    /// tabs only).
    pub(crate) fn watch_storage(&self) {
        let weak = Rc::downgrade(&self.inner);
        let on_change = move || {
            if let Some(inner) = weak.upgrade() {
                AuthClient { inner }.reconcile();
            }
        };
        self.inner
            .platform
            .watch(self.inner.store.credentials_key(), Box::new(on_change));
    }

    /// True when a message's `event` with `session` only repeats what the listeners were last
    /// told (a change the storage showed before the message came).
    pub(crate) fn already_told(&self, event: AuthChangeEvent, session: Option<&Session>) -> bool {
        let Some(told) = self.inner.listeners.told() else {
            return false;
        };
        let now = session.map(|s| &s.credentials);
        match event {
            AuthChangeEvent::SignedIn
            | AuthChangeEvent::TokenRefreshed
            | AuthChangeEvent::SignedOut => same_state(told.as_ref(), now),
            _ => false,
        }
    }

    /// Delivers the event that leads from the session the listeners were last told of to the
    /// stored one, when they differ: `SIGNED_OUT` when none is stored, `TOKEN_REFRESHED` for
    /// new tokens of the same user, `SIGNED_IN` otherwise. The background refresh follows.
    /// Before anything was told there is nothing to follow on from (a listener's
    /// `INITIAL_SESSION` still to come reads storage itself).
    pub(crate) fn reconcile(&self) {
        let Some(told) = self.inner.listeners.told() else {
            return;
        };
        let now = self.stored_credentials();
        if same_state(told.as_ref(), now.as_ref()) {
            return;
        }
        let event = match (&told, &now) {
            (_, None) => AuthChangeEvent::SignedOut,
            (Some(a), Some(b)) if a.sub == b.sub => AuthChangeEvent::TokenRefreshed,
            _ => AuthChangeEvent::SignedIn,
        };
        // The storage is newer than whatever another tab announced before.
        *self.inner.heard.borrow_mut() = None;
        match event {
            AuthChangeEvent::SignedOut => self.cancel_refresh(),
            _ => self.schedule_refresh(),
        }
        let session = now.map(|c| self.session_of(c));
        self.emit_to_listeners(event, session);
    }
}
