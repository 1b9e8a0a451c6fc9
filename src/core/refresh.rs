//! The token lifecycle: a valid access token on demand, refreshed once however many calls
//! (in this page or in other tabs) need it at the same moment, and refreshed in the background
//! shortly before it expires.
//!
//! - In a page, a [`SingleFlight`](super::single_flight::SingleFlight) makes concurrent
//!   callers share one refresh.
//! - Across tabs, the refresh runs under a cross-tab lock (Web Locks) taken with a timeout;
//!   once it holds the lock a tab re-reads storage, and if another tab has refreshed in the
//!   meantime it uses that token instead of making a request. Without locks (or after the
//!   timeout) it goes on unlocked: the service's grace window for a reused refresh token
//!   then covers the race.
//! - Expiry is worked out from `expires_in` relative to this device's clock at the time the
//!   token arrived, and the token's own `exp` is never compared with the local clock, so a
//!   device whose clock is off does not refresh too early or too late.

use crate::prelude::*;

use super::client::{AuthClient, Refresh};
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::http::Call;
use super::platform::{MAX_TIMER_MS, Platform};
use super::session::Credentials;
use super::sign_in::Grant;
use super::task::AuthFuture;
use cloudbase_auth_wire as wire;

/// How long a tab waits for another tab's refresh before going on without the lock.
const LOCK_TIMEOUT_MS: u32 = 5_000;
/// The background refresh starts this long before `expires_at`...
const REFRESH_LEAD_MS: f64 = 60_000.0;
/// ...minus up to this much random jitter, so that tabs do not all wake at once.
const REFRESH_JITTER_MS: f64 = 30_000.0;
/// While the page is hidden, or after a failed background refresh, look again this often; and
/// the shortest wait before a background refresh.
const RECHECK_MS: u32 = 30_000;

impl<P: Platform> AuthClient<P> {
    /// The single-flight refresh: however many callers ask at once, one request is made.
    pub(crate) fn refresh(&self, mode: Refresh) -> AuthFuture<Credentials> {
        let me = self.clone();
        Box::pin(async move {
            // `SingleFlight::run`, written out here (no state machine of its own).
            let flight = &me.inner.refresh;
            while let Some(seen) = flight.claim() {
                flight.wait(seen).await;
                if let Some(v) = flight.result_since(seen) {
                    return v;
                }
            }
            let guard = flight.lead();
            // The refresh itself, under the cross-tab lock (released at the end of the block).
            let value = 'locked: {
                let _guard = me
                    .inner
                    .platform
                    .lock(&me.lock_name(), LOCK_TIMEOUT_MS)
                    .await;
                // Re-read storage now that the lock is held: another tab may have refreshed.
                let Some(own) = me.stored_credentials() else {
                    break 'locked Err(AuthError::unauthenticated("not signed in"));
                };
                // What the answer may be stored over: these credentials (or the announced ones
                // below, once storage shows them), still stored when it comes.
                let stored = own.refresh_token.clone();
                // This tab's view of storage may lag behind a refresh another tab announced:
                // announced credentials with another refresh token that outlive the stored
                // ones count. If the service refuses them, they are forgotten and the stored
                // ones are tried.
                let heard = me.inner.heard.borrow().clone();
                let mut c = heard
                    .filter(|h| {
                        h.refresh_token != stored && h.expires_at_ms() > own.expires_at_ms()
                    })
                    .unwrap_or_else(|| own.clone());
                // The refresh token of announced credentials the service refused (below).
                let mut refused_heard: Option<String> = None;
                let mut result = loop {
                    let needed = match &mode {
                        Refresh::IfExpired => c.is_expired(me.now()),
                        Refresh::Always => true,
                        Refresh::IfStill(token) => *token == c.access_token,
                    };
                    if !needed {
                        break 'locked Ok(c);
                    }
                    let result = match me.refresh_call(&c) {
                        Ok((call, version)) => match me.send(&call).await {
                            Ok(answer) => me.read(&answer).and_then(|answer| {
                                Credentials::from_response(answer, me.now(), Some(&version))
                            }),
                            Err(e) => Err(e),
                        },
                        Err(e) => Err(e),
                    };
                    match &result {
                        Err(e) if c.refresh_token != stored && super::client::refused(e) => {
                            me.inner.heard.borrow_mut().take();
                            refused_heard = Some(c.refresh_token.clone());
                            // The stored token instead, if storage still holds it: a sign-out
                            // or sign-in meanwhile gets no token refreshed behind its back.
                            if me
                                .stored_credentials()
                                .is_none_or(|s| s.refresh_token != stored)
                            {
                                break result;
                            }
                            c = own.clone();
                        }
                        _ => break result,
                    }
                };
                // An anonymous session the service refused signs in anonymously again, as the
                // JS SDK does: a new anonymous user, whose user info replaces the old one's (the
                // refresh's error stands if any of it fails); not when what was refused is
                // another tab's announcement. A passing failure (the network, the service
                // unavailable, a rate limit) keeps the session for the next try.
                let mut new_user = None;
                if let Err(e) = &result {
                    if c.is_anonymous() && c.refresh_token == stored && super::client::refused(e) {
                        let call = me
                            .post("/v1/signin/anonymously", &wire::AnonymousSignIn::default())
                            .basic();
                        if let Ok((fresh, info)) =
                            me.signed_in_answer(Grant::Call(call), None).await
                        {
                            result = Ok(fresh);
                            new_user = Some(info);
                        }
                    }
                }
                // A sign-in or sign-out while the request was out (here, or in another tab) is
                // not undone: its session stays, and is what the refresh gives.
                // The refused announced credentials count too (storage may have caught up with
                // them meanwhile): the answer is stored over them, or they end with a refusal.
                let refused_here = |s: &Credentials| {
                    s.refresh_token == c.refresh_token
                        || refused_heard.as_deref() == Some(s.refresh_token.as_str())
                };
                let ours = |s: &Credentials| s.refresh_token == stored || refused_here(s);
                let now = me.stored_credentials();
                if !now.as_ref().is_some_and(ours) {
                    break 'locked now.ok_or_else(|| {
                        AuthError::unauthenticated("signed out during the refresh")
                    });
                }
                match result {
                    Ok(fresh) => {
                        me.store_credentials(&fresh);
                        if let Some(info) = new_user {
                            me.store_user_info(info);
                        }
                        let session = me.session_of(fresh.clone());
                        me.emit_session(AuthChangeEvent::TokenRefreshed, Some(&session));
                        Ok(fresh)
                    }
                    Err(e) => {
                        // Only the session whose token the service refused ends (announced
                        // credentials another tab got wrong were tried and forgotten above).
                        if super::client::refused(&e) {
                            me.drop_session(refused_here);
                        }
                        Err(e)
                    }
                }
            };
            guard.finish(value.clone());
            value
        })
    }

    /// The name of the cross-tab refresh lock.
    fn lock_name(&self) -> String {
        ["cloudbase_auth_refresh_", self.inner.api.client_id()].concat()
    }

    /// The refresh request, `POST /v1/token` (`/v2/token` for v2 sessions) with the refresh
    /// token, and the version the new credentials keep.
    fn refresh_call(&self, c: &Credentials) -> Result<(Call, String), AuthError> {
        if c.refresh_token.is_empty() {
            return Err(AuthError::new(
                "invalid_grant",
                "the session has no refresh token",
            ));
        }
        let path = if c.version.as_deref() == Some("v2") {
            "/v2/token"
        } else {
            "/v1/token"
        };
        let body = wire::RefreshRequest {
            client_id: Some(self.inner.api.client_id().to_owned()),
            client_secret: Some(String::new()),
            grant_type: "refresh_token".to_owned(),
            refresh_token: Some(c.refresh_token.clone()),
        };
        let version = c.version.clone().unwrap_or_else(|| "v1".to_owned());
        Ok((self.post(path, &body), version))
    }

    /// Stores credentials and plans their background refresh.
    pub(crate) fn store_credentials(&self, c: &Credentials) {
        self.inner.store.set_credentials(
            self.inner.platform.storage(),
            self.inner.platform.json(),
            c,
        );
        self.plan_refresh(Some(c));
    }

    /// Plans a background refresh of the stored token (see [`plan_refresh`](Self::plan_refresh)).
    pub(crate) fn schedule_refresh(&self) {
        let stored = match self.inner.config.auto_refresh() {
            true => self.stored_credentials(),
            false => None,
        };
        self.plan_refresh(stored.as_ref());
    }

    /// Plans a background refresh of `c`, the stored credentials, shortly before they expire
    /// (with jitter), replacing any earlier plan. Nothing happens when auto-refresh is off or
    /// nobody is signed in. While the page is hidden the refresh waits; a refresh that fails
    /// is tried again later (calls that need a token still refresh on demand).
    fn plan_refresh(&self, c: Option<&Credentials>) {
        let generation = self.inner.refresh_generation.get() + 1;
        self.inner.refresh_generation.set(generation);
        if !self.inner.config.auto_refresh() {
            return;
        }
        let Some(c) = c else {
            return;
        };
        let mut byte = [0u8; 1];
        self.inner.platform.random().fill(&mut byte);
        let jitter = REFRESH_JITTER_MS * f64::from(byte[0]) / 255.0;
        // Never sooner than half the token's remaining life nor than a recheck's pause: a
        // token that is short-lived (or already expired) is not refreshed in a tight loop
        // (calls that need it refresh it on demand).
        let left = c.expires_at_ms() - self.now();
        let due = (left - REFRESH_LEAD_MS - jitter)
            .max(left / 2.0)
            .max(f64::from(RECHECK_MS));
        let due_at = self.now() + due;
        let me = self.clone();
        let token = c.access_token.clone();
        self.inner
            .platform
            .spawner()
            .spawn_local(Box::pin(async move {
                let current = |me: &Self| me.inner.refresh_generation.get() == generation;
                // Until it is due, in chunks a browser timer honours (a token may live for
                // months), then again after each look that did not refresh.
                loop {
                    let left = due_at - me.now();
                    if left <= 0.0 {
                        break;
                    }
                    me.inner.platform.sleep(timer_ms(left)).await;
                    if !current(&me) {
                        return;
                    }
                }
                loop {
                    if !current(&me) {
                        return;
                    }
                    if me.inner.platform.is_visible() {
                        match me.refresh(Refresh::IfStill(token.clone())).await {
                            // A successful refresh planned the next one.
                            Ok(_) => return,
                            Err(e) if e.code != "unreachable" => return,
                            Err(_) => {}
                        }
                    }
                    me.inner.platform.sleep(RECHECK_MS).await;
                }
            }));
    }

    /// Stops the background refresh (sign-out).
    pub(crate) fn cancel_refresh(&self) {
        self.inner
            .refresh_generation
            .set(self.inner.refresh_generation.get() + 1);
    }
}

/// `ms` as a timer delay: whole milliseconds rounded up, at least 1, at most
/// [`MAX_TIMER_MS`].
pub(crate) fn timer_ms(ms: f64) -> u32 {
    if ms >= f64::from(MAX_TIMER_MS) {
        MAX_TIMER_MS
    } else if ms >= 1.0 {
        let whole = ms as u32;
        whole + u32::from(f64::from(whole) < ms)
    } else {
        1
    }
}
