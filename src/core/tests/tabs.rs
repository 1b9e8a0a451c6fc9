//! The token's lifecycle across time and tabs: the background refresh, and the events and
//! sessions other tabs announce.

use serde_json::json;

use super::super::*;
use super::{Harness, NOW, path, service};
use crate::core::platform::Storage;
use crate::core::testing::FakePlatform;
use crate::prelude::*;

fn with_auto_refresh(h: Harness) -> Harness {
    let config = Config {
        api_origin: Some("http://emu:1".into()),
        ..Config::new("env-1")
    };
    let platform = FakePlatform::new(&h.pool, service(), NOW);
    Harness {
        client: AuthClient::new(config, platform),
        ..h
    }
}

fn token_requests(h: &Harness) -> usize {
    h.platform()
        .transport
        .paths()
        .iter()
        .filter(|p| *p == "/v1/token")
        .count()
}

#[test]
fn the_token_is_refreshed_in_the_background_before_it_expires() {
    let mut h = with_auto_refresh(Harness::new(service()));
    h.platform().sleeps_left.set(0);
    h.signed_in();
    assert_eq!(token_requests(&h), 0);
    // Let the planned refresh's timer fire once; the next plan's timer never fires.
    h.platform().sleeps_left.set(1);
    let c = h.client.clone();
    h.signed_in();
    h.pool.run_until_stalled();
    assert_eq!(token_requests(&h), 1);
    let now = h.platform().clock.0.get();
    let expiry = NOW + 7170.0 * 1000.0;
    assert!(
        now < expiry - 60_000.0 + 1.0 && now > expiry - 90_000.0 - 1.0,
        "woke {} s early",
        (expiry - now) / 1000.0
    );
    let s = h.run(c.get_session()).expect("ok").expect("session");
    assert_eq!(s.credentials.access_token, "at-2");
}

#[test]
fn no_background_refresh_while_hidden_or_when_turned_off() {
    let mut h = with_auto_refresh(Harness::new(service()));
    h.platform().visible.set(false);
    h.platform().sleeps_left.set(3);
    h.signed_in();
    h.pool.run_until_stalled();
    assert_eq!(token_requests(&h), 0);
    let mut off = Harness::new(service());
    off.platform().sleeps_left.set(3);
    off.signed_in();
    off.pool.run_until_stalled();
    assert_eq!(token_requests(&off), 0);
    assert_eq!(off.platform().slept.get(), 0);
}

#[test]
fn a_token_another_tab_refreshed_is_used_without_a_request() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.expire();
    let fresh = json!({"token_type":"Bearer","access_token":"at-other-tab","refresh_token":"rt-x","expires_in":7200,
        "scope":"user","sub":"u1","expires_at": super::time::format_iso(NOW + 9000.0 * 1000.0)});
    h.platform()
        .storage
        .set("credentials_env-1", &fresh.to_string());
    let c = h.client.clone();
    let s = h.run(c.get_session()).expect("ok").expect("session");
    assert_eq!(s.credentials.access_token, "at-other-tab");
    assert_eq!(token_requests(&h), 0);
}

#[test]
fn events_reach_other_tabs_and_theirs_reach_us() {
    let mut h = Harness::new(service());
    h.listen();
    h.signed_in();
    // The message carries the session as stored: the credentials and the user info.
    let sent = h.platform().broadcasts.borrow().clone();
    let (_, signed_in) = sent
        .iter()
        .find(|(c, m)| c == "cloudbase_auth_env-1" && m.starts_with("SIGNED_IN\n"))
        .expect("SIGNED_IN posted");
    let storage = &h.platform().storage;
    let expected = [
        storage.get("credentials_env-1").expect("credentials"),
        storage.get("user_info_env-1").expect("user info"),
    ]
    .join("\n");
    assert_eq!(
        signed_in.strip_prefix("SIGNED_IN\n"),
        Some(expected.as_str())
    );
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    // Another tab signs out: it cleared storage and posted the event.
    h.platform().storage.remove("credentials_env-1");
    h.platform().deliver("cloudbase_auth_env-1", "SIGNED_OUT");
    h.platform().deliver("cloudbase_auth_env-1", "NOT_AN_EVENT");
    h.pool.run_until_stalled();
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
    // Received events are not posted back.
    assert!(
        !h.platform()
            .broadcasts
            .borrow()
            .iter()
            .any(|(_, m)| m == "SIGNED_OUT")
    );
}

#[test]
fn other_tabs_events_carry_their_session_and_signed_out_carries_none() {
    let mut h = Harness::new(service());
    h.listen();
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    // Another tab signed in; this tab's storage does not show it yet: the message is used.
    let credentials = json!({"token_type": "Bearer", "access_token": "at-tab-2",
        "refresh_token": "rt", "expires_in": 7200, "scope": "user", "sub": "u2",
        "expires_at": "2099-01-01T00:00:00.000Z"});
    let user = json!({"version": "localCachev1",
        "content": {"sub": "u2", "name": "Tab Two", "uid": "u2"}});
    let message = ["SIGNED_IN", &credentials.to_string(), &user.to_string()].join("\n");
    h.platform().deliver("cloudbase_auth_env-1", &message);
    h.pool.run_until_stalled();
    assert_eq!(*h.events.borrow(), ["SIGNED_IN:at-tab-2"]);
    // Another tab signed out while this tab's storage still shows a session: `null` all the same.
    h.signed_in();
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    assert!(h.platform().storage.get("credentials_env-1").is_some());
    h.platform().deliver("cloudbase_auth_env-1", "SIGNED_OUT");
    // A garbled snapshot falls back to what storage holds.
    h.platform()
        .deliver("cloudbase_auth_env-1", "TOKEN_REFRESHED\n{not json");
    h.pool.run_until_stalled();
    let events = h.events.borrow();
    assert_eq!(events[0], "SIGNED_OUT:-");
    assert!(
        events[1].starts_with("TOKEN_REFRESHED:") && events[1] != "TOKEN_REFRESHED:-",
        "{events:?}"
    );
}

#[test]
fn a_refresh_announced_by_another_tab_counts_while_storage_lags() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.expire();
    // Another tab refreshed and said so; this tab's storage still shows the expired token.
    let credentials = json!({"token_type": "Bearer", "access_token": "at-tab-2",
        "refresh_token": "rt-2", "expires_in": 7200, "scope": "user", "sub": "u1",
        "expires_at": "2099-01-01T00:00:00.000Z"});
    let message = ["TOKEN_REFRESHED", &credentials.to_string(), ""].join("\n");
    h.platform().deliver("cloudbase_auth_env-1", &message);
    h.pool.run_until_stalled();
    let c = h.client.clone();
    let s = h.run(c.get_session()).expect("ok").expect("session");
    assert_eq!(s.credentials.access_token, "at-tab-2");
    assert_eq!(token_requests(&h), 0);
    // What this tab does itself supersedes the announcement.
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    assert!(h.client.inner.heard.borrow().is_none());
}

#[test]
fn a_refused_announcement_is_forgotten_and_the_stored_session_refreshed() {
    let mut h = announced_bogus(&["rt-bogus"], "rt-bogus", |_| {});
    let c = h.client.clone();
    // Refused, the announcement is forgotten and the stored token is sent instead: the caller
    // gets the refreshed session, and the listeners only the refresh.
    let s = h.run(c.refresh_session()).expect("refreshed");
    assert_eq!(s.session.credentials.access_token, "at-2");
    assert!(h.stored("credentials_env-1").contains("at-2"));
    assert_eq!(*h.events.borrow(), ["TOKEN_REFRESHED:at-2"]);
    assert_eq!(token_requests(&h), 2);
    assert!(h.client.inner.heard.borrow().is_none());
}

/// Credentials another tab announces that outlive the stored ones, with a refresh token the
/// service refuses (a tab that got it wrong, or any script of the origin).
fn bogus() -> serde_json::Value {
    json!({"token_type": "Bearer", "access_token": "at-bogus",
        "refresh_token": "rt-bogus", "expires_in": 7200, "scope": "user", "sub": "u1",
        "expires_at": "2099-01-01T00:00:00.000Z"})
}

/// A harness signed in as `u1` and listened to, whose service refuses the refresh tokens in
/// `refused`, after another tab announced credentials with `rt-bogus` that outlive the stored
/// ones; `meanwhile` runs on the storage while the refresh token `on` is out.
fn announced_bogus(
    refused: &'static [&'static str],
    on: &'static str,
    meanwhile: fn(&dyn Storage),
) -> Harness {
    let mut h = Harness::new(service());
    h.signed_in();
    let storage = h.platform().storage.clone();
    let rest = service();
    h.platform().transport.answer(Box::new(move |r| {
        let body = r.body.as_deref().unwrap_or_default();
        if body.contains(on) {
            meanwhile(&storage);
        }
        if refused.iter().any(|t| body.contains(t)) {
            return Ok((400, json!({"error":"invalid_grant"}).to_string()));
        }
        rest(r)
    }));
    h.listen();
    let message = ["TOKEN_REFRESHED", &bogus().to_string(), ""].join("\n");
    h.platform().deliver("cloudbase_auth_env-1", &message);
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    h
}

#[test]
fn a_refused_announcement_then_a_refused_stored_token_ends_the_session() {
    let mut h = announced_bogus(&["rt-bogus", "rt-1"], "rt-1", |_| {});
    let c = h.client.clone();
    let e = h.run(c.refresh_session()).expect_err("both refused");
    assert_eq!(e.code, "invalid_grant");
    assert_eq!(token_requests(&h), 2);
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
    assert_eq!(h.stored("credentials_env-1"), "");
}

#[test]
fn no_stored_token_is_sent_after_a_refused_announcement_once_storage_changed() {
    // Another tab signs out while the announced token is out: the stored token it had is not
    // refreshed behind its back.
    let mut h = announced_bogus(&["rt-bogus"], "rt-bogus", |s| s.remove("credentials_env-1"));
    let c = h.client.clone();
    let e = h
        .run(c.refresh_session())
        .expect_err("signed out meanwhile");
    assert_eq!(e.code, "unauthenticated");
    assert_eq!(token_requests(&h), 1);
}

/// Stores the announced credentials, as a tab whose view of storage lagged catches up.
fn storage_catches_up(storage: &dyn Storage) {
    storage.set("credentials_env-1", &bogus().to_string());
}

#[test]
fn refused_announced_credentials_that_storage_catches_up_with_end_or_are_replaced() {
    // While their own refusal is out: they end, and the stored token is not sent.
    let mut h = announced_bogus(&["rt-bogus"], "rt-bogus", storage_catches_up);
    let c = h.client.clone();
    let e = h.run(c.refresh_session()).expect_err("refused");
    assert_eq!(e.code, "invalid_grant");
    assert_eq!(token_requests(&h), 1);
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
    assert_eq!(h.stored("credentials_env-1"), "");
    // While the stored token's refresh is out: its answer is stored over them.
    let mut h = announced_bogus(&["rt-bogus"], "rt-1", storage_catches_up);
    let c = h.client.clone();
    let s = h.run(c.refresh_session()).expect("refreshed");
    assert_eq!(s.session.credentials.access_token, "at-2");
    assert!(h.stored("credentials_env-1").contains("at-2"));
    assert_eq!(*h.events.borrow(), ["TOKEN_REFRESHED:at-2"]);
}

/// Background refreshes of tokens that live `expires_in` seconds, with `sleeps` timers let
/// fire: how many, and the clock's milliseconds per refresh.
fn background_refreshes(expires_in: i64, sleeps: u32) -> (f64, f64) {
    let mut h = with_auto_refresh(Harness::new(service()));
    let rest = service();
    h.platform().transport.answer(Box::new(move |r| {
        if matches!(path(r), "/v1/signin" | "/v1/token") {
            let c = json!({"access_token":"at-short","refresh_token":"rt","expires_in":expires_in,"scope":"user","sub":"u1"});
            return Ok((200, c.to_string()));
        }
        rest(r)
    }));
    h.platform().sleeps_left.set(sleeps);
    h.signed_in();
    h.pool.run_until_stalled();
    let refreshes = token_requests(&h) as f64;
    (refreshes, (h.platform().clock.0.get() - NOW) / refreshes)
}

#[test]
fn a_short_lived_token_is_not_refreshed_in_a_loop() {
    // Tokens that live 40 s: 10 s once the 30 s margin is off.
    let (refreshes, gap) = background_refreshes(40, 20);
    assert!(refreshes >= 5.0, "{refreshes} refreshes");
    assert!(gap >= 30_000.0, "a refresh every {} s", gap / 1000.0);
}

#[test]
fn a_background_refresh_waits_half_the_tokens_remaining_life() {
    // Tokens that live 120 s: 90 s once the margin is off, so 60-90 s before expiry would be
    // at once; half of it is 45 s.
    let (refreshes, gap) = background_refreshes(120, 10);
    assert!(refreshes >= 3.0, "{refreshes} refreshes");
    assert!(gap >= 45_000.0, "a refresh every {} s", gap / 1000.0);
}

#[test]
fn a_refused_announcement_never_signs_in_anonymously_again() {
    let rest = service();
    let mut h = Harness::new(Box::new(move |r| {
        if r.body.as_deref().is_some_and(|b| b.contains("rt-bogus")) {
            return Ok((400, json!({"error":"invalid_grant"}).to_string()));
        }
        rest(r)
    }));
    let c = h.client.clone();
    h.run(c.sign_in_anonymously()).expect("anonymous");
    let bogus = json!({"token_type": "Bearer", "access_token": "at-bogus",
        "refresh_token": "rt-bogus", "expires_in": 7200, "scope": "anonymous", "sub": "anon1",
        "expires_at": "2099-01-01T00:00:00.000Z"});
    let message = ["TOKEN_REFRESHED", &bogus.to_string(), ""].join("\n");
    h.platform().deliver("cloudbase_auth_env-1", &message);
    h.pool.run_until_stalled();
    let user = h.client.current_session().expect("signed in").user.id;
    // The stored anonymous session is refreshed instead: the same user.
    let s = h.run(c.refresh_session()).expect("refreshed");
    assert_eq!(s.session.user.id, user);
    assert!(!h.stored("credentials_env-1").contains("bogus"));
    let paths = h.platform().transport.paths();
    assert_eq!(
        paths
            .iter()
            .filter(|p| *p == "/v1/signin/anonymously")
            .count(),
        1
    );
}

#[test]
fn credentials_without_a_lifetime_are_refused_and_the_session_kept() {
    let mut h = Harness::new(service());
    h.signed_in();
    let before = h.stored("credentials_env-1");
    for expires_in in [json!(null), json!(0), json!(-5), json!(30)] {
        let rest = service();
        h.platform().transport.answer(Box::new(move |r| {
            if matches!(path(r), "/v1/signin" | "/v1/token") {
                let c = json!({"access_token":"at-x","refresh_token":"rt-x","expires_in":expires_in,"sub":"u1"});
                return Ok((200, c.to_string()));
            }
            rest(r)
        }));
        let c = h.client.clone();
        let e = h.run(c.refresh_session()).expect_err("refused");
        assert_eq!(e.code, "internal");
        let c = h.client.clone();
        let e = h
            .run(c.sign_in_with_password(SignInWithPasswordParams {
                phone: Some("13800000000".into()),
                password: Some("abc12345".into()),
                ..Default::default()
            }))
            .expect_err("refused");
        assert_eq!(e.code, "internal");
        assert_eq!(h.stored("credentials_env-1"), before);
    }
}
