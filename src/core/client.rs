//! [`AuthClient`]: the session and token lifecycle (storage, single-flight refresh, calls that
//! need a token, events). The sign-up and sign-in flows are in `flows.rs`.

use ::core::cell::Cell;
use ::core::future::Future;
use ::core::pin::Pin;
use alloc::rc::Weak;

use crate::prelude::*;

use super::config::{Config, normalize_origin};
use super::error::AuthError;
use super::events::{AuthChangeEvent, Listener, Listeners};
use super::http::{self, Api, Call};
use super::platform::{Json, Platform, Storage, Transport};
use super::session::{Credentials, Session, SessionStore, SignedIn, session_from_snapshot};
use super::single_flight::SingleFlight;
use super::task::AuthFuture;
use super::user::User;
use cloudbase_auth_wire::{self as wire, UserInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;

/// A service answer as the platform parsed it (read it with [`AuthClient::read`]).
pub(crate) type Answer<P> = <<P as Platform>::Json as Json>::Doc;

/// When a refresh really calls the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refresh {
    /// Only if the stored token has expired (a call needs a token).
    IfExpired,
    /// Always (`refreshSession`).
    Always,
    /// Only if the stored token is still this one (background refresh: another tab may have
    /// refreshed already).
    IfStill(String),
}

/// A registered [`AuthClient::on_auth_state_change`] listener.
pub struct Subscription {
    id: u64,
    listeners: Weak<Listeners>,
}

impl Subscription {
    /// The listener's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Stops delivering events to the listener (events already queued are dropped too).
    pub fn unsubscribe(&self) {
        if let Some(l) = self.listeners.upgrade() {
            l.remove(self.id);
        }
    }
}

pub(crate) struct Inner<P: Platform> {
    pub(crate) platform: P,
    pub(crate) config: Config,
    pub(crate) api: Api,
    pub(crate) store: SessionStore,
    pub(crate) listeners: Rc<Listeners>,
    pub(crate) refresh: SingleFlight<Result<Credentials, AuthError>>,
    /// Bumped whenever the planned background refresh is replaced or cancelled.
    pub(crate) refresh_generation: Cell<u64>,
    /// The credentials another tab last announced (signed in or refreshed), for when this
    /// tab's view of shared storage lags behind the announcement.
    pub(crate) heard: RefCell<Option<Credentials>>,
}

/// The CloudBase auth client. Cheap to clone; all clones share one state.
pub struct AuthClient<P: Platform> {
    pub(crate) inner: Rc<Inner<P>>,
}

impl<P: Platform> Clone for AuthClient<P> {
    fn clone(&self) -> Self {
        AuthClient {
            inner: Rc::clone(&self.inner),
        }
    }
}

impl<P: Platform> AuthClient<P> {
    /// A client for `config`, running on `platform`.
    pub fn new(config: Config, platform: P) -> Self {
        let origin = match config
            .api_origin
            .as_deref()
            .filter(|o| !o.trim().is_empty())
        {
            Some(o) => normalize_origin(o, None),
            None => config.default_origin(),
        };
        let lang = config.lang.clone().unwrap_or_else(|| "zh-CN".to_owned());
        let api = Api::new(
            origin,
            config.client_id().to_owned(),
            lang,
            config.timeout_ms(),
        );
        let store = SessionStore::new(config.client_id(), &config.env);
        AuthClient {
            inner: Rc::new(Inner {
                platform,
                config,
                api,
                store,
                listeners: Rc::new(Listeners::default()),
                refresh: SingleFlight::default(),
                refresh_generation: Cell::new(0),
                heard: RefCell::new(None),
            }),
        }
        .started()
    }

    /// Joins the other tabs' event channel, watches the storage for other pages' changes, and
    /// plans the stored token's background refresh.
    fn started(self) -> Self {
        if !self.inner.platform.storage().shared_across_tabs() {
            self.schedule_refresh();
            return self;
        }
        let weak = Rc::downgrade(&self.inner);
        let handler = move |message: String| {
            if let Some(inner) = weak.upgrade() {
                AuthClient { inner }.on_other_tab(&message);
            }
        };
        self.inner
            .platform
            .listen(&self.channel(), Box::new(handler));
        self.watch_storage();
        self.schedule_refresh();
        self
    }

    /// The cross-tab channel of this client id.
    pub(crate) fn channel(&self) -> String {
        ["cloudbase_auth_", self.inner.api.client_id()].concat()
    }

    /// An event from another tab: `EVENT` then, unless it is `SIGNED_OUT`, a line break and
    /// that tab's [snapshot](SessionStore::snapshot) of the session. Our listeners get the
    /// session the message carries (this tab's view of shared storage may lag behind the
    /// message), `null` for `SIGNED_OUT`, unless the storage showed them the change already
    /// (`watch.rs`); the background refresh is re-planned.
    fn on_other_tab(&self, message: &str) {
        let (name, snapshot) = message.split_once("\n").unwrap_or((message, ""));
        let Some(event) = AuthChangeEvent::from_name(name) else {
            return;
        };
        let session = match event {
            AuthChangeEvent::SignedOut => None,
            _ => session_from_snapshot(self.inner.platform.json(), snapshot)
                .or_else(|| self.current_session()),
        };
        *self.inner.heard.borrow_mut() = session.as_ref().map(|s| s.credentials.clone());
        match event {
            AuthChangeEvent::SignedOut => self.cancel_refresh(),
            AuthChangeEvent::SignedIn | AuthChangeEvent::TokenRefreshed => self.schedule_refresh(),
            _ => {}
        }
        if self.already_told(event, session.as_ref()) {
            return;
        }
        self.emit_to_listeners(event, session);
    }

    /// Points the client at another origin (`scheme://host[:port]`; a path is ignored).
    pub fn set_api_origin(&self, origin: &str) {
        self.inner.api.set_origin(normalize_origin(origin, None));
    }

    /// The origin requests go to.
    pub fn api_origin(&self) -> String {
        self.inner.api.origin()
    }

    /// The platform the client runs on.
    pub fn platform(&self) -> &P {
        &self.inner.platform
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn now(&self) -> f64 {
        self.inner.platform.clock().now_ms()
    }

    /// Sends a call, retrying `unreachable` failures (3 attempts, 1 s apart). Resolves to the
    /// answer, parsed once (read it with [`read`](Self::read)), or the server's error as an
    /// [`AuthError`] carrying the request id.
    pub(crate) fn send(&self, call: &Call) -> AuthFuture<Answer<P>> {
        let (me, call) = (self.clone(), call.clone());
        Box::pin(async move {
            let platform = &me.inner.platform;
            let request_id = http::random_hex(platform, 16);
            let request = me.inner.api.build(platform, &call, &request_id);
            let mut attempt = 1;
            loop {
                let started = me.now();
                let sent: Pin<Box<dyn Future<Output = _>>> =
                    Box::pin(platform.transport().send(request.clone()));
                let result = match sent.await {
                    Ok(response) => http::read_body(platform.json(), &response.body),
                    Err(message) => Err(AuthError::unreachable(message)),
                };
                // A failure that came only after the timeout is not sent again: the service may
                // have handled the request.
                let again = me.now() - started < f64::from(request.timeout_ms);
                match result {
                    Err(e) if again && e.code == "unreachable" && attempt < http::ATTEMPTS => {
                        attempt += 1;
                        platform.sleep(http::RETRY_PAUSE_MS).await;
                    }
                    Err(e) => return Err(e.with_request_id(&request_id)),
                    Ok(v) => return Ok(v),
                }
            }
        })
    }

    /// A `POST` of `body` to `path`, the body written as JSON.
    pub(crate) fn post<T: Serialize>(&self, path: &str, body: &T) -> Call {
        Call::post(path, self.inner.platform.json().encode(body))
    }

    /// Reads an answer of [`send`](Self::send) as `T` (`internal` when it is of another shape).
    pub(crate) fn read<T: DeserializeOwned>(&self, answer: &Answer<P>) -> Result<T, AuthError> {
        http::read_answer(self.inner.platform.json(), answer)
    }

    /// The stored credentials, whether or not expired.
    pub(crate) fn stored_credentials(&self) -> Option<Credentials> {
        self.inner
            .store
            .credentials(self.inner.platform.storage(), self.inner.platform.json())
    }

    /// The cached user info (`/v1/user/me` plus `uid`) of `credentials`' user: only that
    /// user's (another page may have stored new credentials and not yet their user, as the JS
    /// SDK does while it asks for it); otherwise empty (the session's user is then the
    /// credentials' id alone).
    fn user_info_of(&self, credentials: &Credentials) -> UserInfo {
        self.inner
            .store
            .user_info(self.inner.platform.storage(), self.inner.platform.json())
            .filter(|i| credentials.owns(i))
            .unwrap_or_default()
    }

    /// The session for `credentials`, with the cached user of [`user_info_of`](Self::user_info_of).
    pub(crate) fn session_of(&self, credentials: Credentials) -> Session {
        let user = User::from_info(&self.user_info_of(&credentials), &credentials.sub);
        Session { credentials, user }
    }

    /// The cached user info (`/v1/user/me` plus `uid`) of the stored session's user, as its
    /// session has it; `None` when signed out.
    pub fn current_user_info(&self) -> Option<UserInfo> {
        self.stored_credentials().map(|c| self.user_info_of(&c))
    }

    /// The stored session as it is now (no refresh, no request).
    pub fn current_session(&self) -> Option<Session> {
        self.stored_credentials().map(|c| self.session_of(c))
    }

    /// The current session, refreshing an expired access token first. `Ok(None)` when
    /// signed out (also when the stored value was corrupt, or the service refused the
    /// refresh token). A network failure during the refresh is an error and keeps the session.
    pub fn get_session(&self) -> AuthFuture<Option<Session>> {
        let me = self.clone();
        Box::pin(async move {
            let Some(c) = me.stored_credentials() else {
                return Ok(None);
            };
            if !c.is_expired(me.now()) {
                return Ok(Some(me.session_of(c)));
            }
            match me.refresh(Refresh::IfExpired).await {
                Ok(c) => Ok(Some(me.session_of(c))),
                Err(_) if me.stored_credentials().is_none() => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    /// Refreshes the access token now, whatever its expiry.
    pub fn refresh_session(&self) -> AuthFuture<SignedIn> {
        let me = self.clone();
        Box::pin(async move {
            let c = me.refresh(Refresh::Always).await?;
            Ok(me.session_of(c).into())
        })
    }

    /// Sends a call that needs the user's token. If the service says the token is no longer
    /// valid, the session is dropped (and `SIGNED_OUT` delivered).
    pub(crate) fn send_authed(&self, call: Call) -> AuthFuture<Answer<P>> {
        let me = self.clone();
        Box::pin(async move {
            // A valid access token, refreshed first if expired.
            let Some(c) = me.stored_credentials() else {
                return Err(AuthError::unauthenticated("not signed in"));
            };
            let token = if c.is_expired(me.now()) {
                me.refresh(Refresh::IfExpired).await?.access_token
            } else {
                c.access_token
            };
            let result = me.send(&call.bearer(&token)).await;
            if let Err(e) = &result {
                if e.code == "unauthenticated" {
                    me.drop_session(|s| s.access_token == token);
                }
            }
            result
        })
    }

    /// The signed-in user, fresh from the service (`GET /v1/user/me`).
    pub fn get_user(&self) -> AuthFuture<User> {
        let me = self.clone();
        let sent = self.send_authed(Call::get("/v1/user/me"));
        Box::pin(async move {
            let info = me.read::<UserInfo>(&sent.await?)?;
            // Cached only while it is this user's session that is stored: one signed in
            // meanwhile (here or in another tab) keeps its own user info.
            let sub = me.stored_credentials().map(|c| c.sub);
            let same = sub
                .as_deref()
                .is_some_and(|s| s.is_empty() || info.sub.is_empty() || s == info.sub);
            let info = if same { me.store_user_info(info) } else { info };
            Ok(User::from_info(&info, sub.as_deref().unwrap_or_default()))
        })
    }

    /// Stores `info` as the cached user info; returns it as stored (with `uid`).
    pub(crate) fn store_user_info(&self, info: UserInfo) -> UserInfo {
        let platform = &self.inner.platform;
        self.inner
            .store
            .set_user_info(platform.storage(), platform.json(), info)
    }

    /// Signs out: with no params the token is revoked (`/v1/revoke`), with params the session
    /// is ended through `/v1/user/signout`. The local session is cleared and `SIGNED_OUT`
    /// delivered whatever the service answers (unless another user's session was stored
    /// meanwhile); only a failure other than an already invalid session is returned.
    pub fn sign_out(&self, params: Option<super::params::SignOutParams>) -> AuthFuture<()> {
        let me = self.clone();
        Box::pin(async move {
            let stored = me.stored_credentials();
            let call = stored.as_ref().map(|c| match params {
                None => me.post(
                    "/v1/revoke",
                    &wire::RevokeRequest {
                        token: c.access_token.clone(),
                    },
                ),
                Some(p) => me.post("/v1/user/signout", &p).bearer(&c.access_token),
            });
            let result = match call {
                Some(call) => me.send(&call).await.map(drop),
                None => Ok(()),
            };
            // The user who signed out is signed out (their session refreshed meanwhile too); a
            // session of another user stored while the request was out (another tab's
            // sign-in) stays. With nothing stored (the app cleared storage, say), the listeners
            // are told all the same.
            match stored {
                Some(c) => me.drop_session(|now| now.sub == c.sub),
                None => me.end_session(),
            }
            match result {
                Err(e) if !refused(&e) && e.code != "not_found" => Err(e),
                _ => Ok(()),
            }
        })
    }

    /// Clears the session after the service refused it, and tells the listeners: when the
    /// stored credentials are still the refused ones (`refused` tells them by their tokens), not
    /// a session stored since (another sign-in, here or in another tab).
    pub(crate) fn drop_session(&self, refused: impl Fn(&Credentials) -> bool) {
        if self.stored_credentials().is_some_and(|c| refused(&c)) {
            self.end_session();
        }
    }

    /// Stops the background refresh, clears the stored session and delivers `SIGNED_OUT`.
    fn end_session(&self) {
        self.cancel_refresh();
        self.inner.store.clear(self.inner.platform.storage());
        self.emit(AuthChangeEvent::SignedOut);
    }

    /// Stops the listener `id` (what [`Subscription::unsubscribe`] does, by id).
    pub fn remove_listener(&self, id: u64) {
        self.inner.listeners.remove(id);
    }

    /// Registers a listener for auth state changes. It first receives `INITIAL_SESSION` with
    /// the current session (or none), asynchronously, then every later event.
    pub fn on_auth_state_change(&self, listener: Listener) -> Subscription {
        let id = self.inner.listeners.add(Rc::clone(&listener));
        self.inner
            .platform
            .spawner()
            .spawn_local(Box::pin(InitialSession {
                session: self.get_session(),
                listeners: Rc::clone(&self.inner.listeners),
                id,
                listener,
            }));
        Subscription {
            id,
            listeners: Rc::downgrade(&self.inner.listeners),
        }
    }
}

/// The `INITIAL_SESSION` delivery of a new listener: the current session (or none), once
/// known, unless the listener was removed meanwhile.
struct InitialSession {
    session: AuthFuture<Option<Session>>,
    listeners: Rc<Listeners>,
    id: u64,
    listener: Listener,
}

impl Future for InitialSession {
    type Output = ();
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<()> {
        self.session.as_mut().poll(cx).map(|session| {
            let session = session.ok().flatten();
            if self.listeners.contains(self.id) {
                (self.listener)(AuthChangeEvent::InitialSession, session.as_ref());
                self.listeners.record_first(session.as_ref());
            }
        })
    }
}

/// True when the service refused the session itself (not a passing failure).
pub(crate) fn refused(e: &AuthError) -> bool {
    matches!(
        e.code.as_str(),
        "invalid_grant" | "unauthenticated" | "invalid_refresh_token"
    )
}
