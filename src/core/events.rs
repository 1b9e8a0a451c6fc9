//! Auth state events and their listeners.
//!
//! Listeners are called through [`Spawn::spawn_local`](super::platform::Spawn), one task per
//! listener per event, after the operation that caused the event has finished: a listener
//! may call back into the client (and await it) without deadlock, and a listener that fails
//! cannot stop the others.

use crate::prelude::*;

use ::core::cell::Cell;
use alloc::rc::Rc;

use super::platform::Spawn;
use super::session::{Credentials, Session};
use std::cell::RefCell;

/// What happened to the auth state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthChangeEvent {
    /// The state when the listener subscribed (delivered once per listener).
    InitialSession,
    /// A user signed in (any method).
    SignedIn,
    /// The user signed out, or the session was refused by the service.
    SignedOut,
    /// The access token was refreshed.
    TokenRefreshed,
    /// The user's profile changed.
    UserUpdated,
    /// A password reset completed.
    PasswordRecovery,
    /// An identity was linked.
    BindIdentity,
}

impl AuthChangeEvent {
    /// The event named `name` (`SIGNED_IN`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        use AuthChangeEvent::*;
        [
            InitialSession,
            SignedIn,
            SignedOut,
            TokenRefreshed,
            UserUpdated,
            PasswordRecovery,
            BindIdentity,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }

    /// The event name as JS sees it (`SIGNED_IN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthChangeEvent::InitialSession => "INITIAL_SESSION",
            AuthChangeEvent::SignedIn => "SIGNED_IN",
            AuthChangeEvent::SignedOut => "SIGNED_OUT",
            AuthChangeEvent::TokenRefreshed => "TOKEN_REFRESHED",
            AuthChangeEvent::UserUpdated => "USER_UPDATED",
            AuthChangeEvent::PasswordRecovery => "PASSWORD_RECOVERY",
            AuthChangeEvent::BindIdentity => "BIND_IDENTITY",
        }
    }
}

/// A listener: called with the event and the session after it (`None` when signed out).
pub type Listener = Rc<dyn Fn(AuthChangeEvent, Option<&Session>)>;

/// One event for one listener, delivered when the task runs (unless it was removed).
struct Delivery {
    listeners: Rc<Listeners>,
    id: u64,
    listener: Listener,
    event: AuthChangeEvent,
    session: Rc<Option<Session>>,
}

impl ::core::future::Future for Delivery {
    type Output = ();
    fn poll(
        self: ::core::pin::Pin<&mut Self>,
        _: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<()> {
        if self.listeners.contains(self.id) {
            (self.listener)(self.event, self.session.as_ref().as_ref());
        }
        ::core::task::Poll::Ready(())
    }
}

/// The registered listeners of one client.
#[derive(Default)]
pub struct Listeners {
    next_id: Cell<u64>,
    list: RefCell<Vec<(u64, Listener)>>,
    /// The credentials of the session the listeners were last told of (`Some(None)`: signed
    /// out), `None` before anything was told.
    told: RefCell<Option<Option<Credentials>>>,
}

impl Listeners {
    /// Registers `listener`; returns its id.
    pub fn add(&self, listener: Listener) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        self.list.borrow_mut().push((id, listener));
        id
    }

    /// Removes the listener `id`; true if it was registered.
    pub fn remove(&self, id: u64) -> bool {
        let mut list = self.list.borrow_mut();
        let before = list.len();
        list.retain(|(i, _)| *i != id);
        list.len() != before
    }

    /// True while `id` is registered.
    pub fn contains(&self, id: u64) -> bool {
        self.list.borrow().iter().any(|(i, _)| *i == id)
    }

    /// Number of registered listeners.
    pub fn len(&self) -> usize {
        self.list.borrow().len()
    }

    /// True when nobody listens.
    pub fn is_empty(&self) -> bool {
        self.list.borrow().is_empty()
    }

    /// Records that the listeners are told of `session` (`None`: signed out).
    pub fn record(&self, session: Option<&Session>) {
        *self.told.borrow_mut() = Some(session.map(|s| s.credentials.clone()));
    }

    /// Records `session` as told unless something was told before: a listener's
    /// `INITIAL_SESSION` does not speak for the others, which a change that storage shows
    /// meanwhile must still reach.
    pub fn record_first(&self, session: Option<&Session>) {
        if self.told.borrow().is_none() {
            self.record(session);
        }
    }

    /// The credentials of the session the listeners were last told of (`Some(None)`: signed
    /// out), `None` before anything was told.
    pub fn told(&self) -> Option<Option<Credentials>> {
        self.told.borrow().clone()
    }

    /// Delivers `event` to every listener registered now, each in its own task, and records
    /// its session. A listener removed before its task runs is skipped.
    pub fn emit(
        self: &Rc<Self>,
        spawner: &dyn Spawn,
        event: AuthChangeEvent,
        session: Option<Session>,
    ) {
        self.record(session.as_ref());
        let targets: Vec<(u64, Listener)> = self.list.borrow().clone();
        let session = Rc::new(session);
        for (id, listener) in targets {
            spawner.spawn_local(Box::pin(Delivery {
                listeners: Rc::clone(self),
                id,
                listener,
                event,
                session: Rc::clone(&session),
            }));
        }
    }
}
