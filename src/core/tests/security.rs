//! What the SDK does with values it must not trust: long token lifetimes (browser timers),
//! the session of tab-only storage (other tabs), a stored device id (request headers).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::executor::LocalPool;
use serde_json::json;

use super::{Harness, NOW, header, path, service};
use crate::core::platform::{MAX_TIMER_MS, Storage};
use crate::core::testing::{FakePlatform, Handler};
use crate::core::{AuthClient, Config, SignInWithPasswordParams};
use crate::prelude::*;

const THIRTY_DAYS_S: u64 = 30 * 24 * 3600;

/// A harness whose client refreshes in the background; `prepare` sees the platform first.
fn auto_refreshing(handler: Handler, prepare: impl FnOnce(&FakePlatform)) -> Harness {
    let pool = LocalPool::new();
    let platform = FakePlatform::new(&pool, handler, NOW);
    prepare(&platform);
    let config = Config::from_json_text(
        &crate::core::json_native::SerdeJson,
        &json!({"env":"env-1","apiOrigin":"http://emu:1/v1"}).to_string(),
    )
    .expect("valid config");
    Harness {
        pool,
        client: AuthClient::new(config, platform),
        events: Rc::default(),
    }
}

fn sign_in(h: &mut Harness) {
    let c = h.client.clone();
    h.run(c.sign_in_with_password(SignInWithPasswordParams {
        phone: Some("13800000000".into()),
        password: Some("abc12345".into()),
        ..Default::default()
    }))
    .expect("signed in");
}

#[test]
fn a_month_long_token_is_refreshed_once_when_due_with_timers_a_browser_honours() {
    // The platform's clock, once it exists, so that the service can note when it refreshed.
    let clock: Rc<RefCell<Option<Rc<Cell<f64>>>>> = Rc::default();
    let refreshed_at = Rc::new(RefCell::new(Vec::new()));
    let (seen, at) = (clock.clone(), refreshed_at.clone());
    let rest = service();
    let handler: Handler = Box::new(move |r| {
        let long = |access: &str, refresh: &str| {
            json!({"token_type":"Bearer","access_token":access,"refresh_token":refresh,
                "expires_in":THIRTY_DAYS_S,"scope":"user","sub":"u1","groups":["user"]})
        };
        match path(r) {
            "/v1/signin" => Ok((200, long("at-1", "rt-1").to_string())),
            "/v1/token" => {
                let now = seen.borrow().as_ref().map_or(0.0, |c| c.get());
                at.borrow_mut().push(now);
                Ok((200, long("at-2", "rt-2").to_string()))
            }
            _ => rest(r),
        }
    });
    let mut h = auto_refreshing(handler, |p| {
        // Enough timers for one refresh (30 days is two browser timers), not for a second.
        p.sleeps_left.set(3);
        *clock.borrow_mut() = Some(p.clock.0.clone());
    });
    sign_in(&mut h);
    h.pool.run_until_stalled();
    let p = h.client.platform();
    assert!(
        p.longest_sleep.get() <= MAX_TIMER_MS,
        "a {} ms timer fires at once in a browser",
        p.longest_sleep.get()
    );
    let refreshes = refreshed_at.borrow().clone();
    assert_eq!(refreshes.len(), 1, "refreshed once: {refreshes:?}");
    // Not before the token was nearly expired: within its last two minutes (the lead, the
    // jitter and the expiry's own margin).
    let earliest = NOW + (THIRTY_DAYS_S as f64) * 1000.0 - 120_000.0;
    assert!(refreshes[0] >= earliest, "refreshed early: {refreshes:?}");
}

#[test]
fn tab_only_storage_posts_nothing_to_other_tabs() {
    let mut h = auto_refreshing(service(), |p| p.storage.tab_only(true));
    sign_in(&mut h);
    let c = h.client.clone();
    h.run(c.refresh_session()).expect("refreshed");
    assert!(h.platform().broadcasts.borrow().is_empty());
    assert!(
        h.platform().handlers.borrow().is_empty(),
        "not listening either"
    );
}

#[test]
fn shared_storage_tells_the_other_tabs() {
    let mut h = auto_refreshing(service(), |_| {});
    sign_in(&mut h);
    let posted = h.platform().broadcasts.borrow().clone();
    assert!(posted.iter().any(|(_, m)| m.starts_with("SIGNED_IN\n")));
}

#[test]
fn a_stored_device_id_that_is_not_header_safe_is_replaced() {
    let bad = "abcdef0123456789\r\nX-Injected: 1";
    let mut h = auto_refreshing(service(), |p| {
        p.storage.set("device_id", bad);
    });
    sign_in(&mut h);
    let requests = h.platform().transport.requests();
    let sent: Vec<String> = requests
        .iter()
        .filter_map(|r| header(r, "x-device-id").map(str::to_owned))
        .collect();
    assert!(!sent.is_empty());
    for id in &sent {
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "sent {id:?}"
        );
    }
    let stored = h.platform().storage.get("device_id");
    assert_eq!(stored.as_deref(), sent.first().map(String::as_str));
    // A well-formed id (the JS SDK's uuid shape) is kept.
    let good = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let mut h = auto_refreshing(service(), |p| {
        p.storage.set("device_id", good);
    });
    sign_in(&mut h);
    let requests = h.platform().transport.requests();
    assert_eq!(header(&requests[0], "x-device-id"), Some(good));
}

/// [`service`] whose `/v1/provider/uri` answers `uri`.
fn provider_uri(uri: &'static str) -> Handler {
    let rest = service();
    Box::new(move |r| match path(r) {
        "/v1/provider/uri" => Ok((200, json!({ "uri": uri }).to_string())),
        _ => rest(r),
    })
}

#[test]
fn only_http_provider_uris_are_followed() {
    for hostile in [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/authorize",
    ] {
        let mut h = Harness::new(provider_uri(hostile));
        let c = h.client.clone();
        let e = h
            .run(c.oauth_uri("fake", "http://app/cb", "s"))
            .expect_err(hostile);
        assert_eq!(e.code, "internal", "{hostile}");
    }
    for fine in [
        "https://idp.example/authorize?x=1",
        "http://127.0.0.1:8787/authorize",
        "https%3A%2F%2Fidp.example%2Fauthorize",
    ] {
        let mut h = Harness::new(provider_uri(fine));
        let c = h.client.clone();
        let uri = h
            .run(c.oauth_uri("fake", "http://app/cb", "s"))
            .expect(fine);
        assert_eq!(uri, fine);
    }
}

#[test]
fn the_oauth_state_is_secure_randomness() {
    let h = Harness::new(service());
    let (a, b) = (h.client.oauth_state("fake"), h.client.oauth_state("fake"));
    for state in [&a, &b] {
        let random = state.strip_prefix("prd-fake-").expect("prefix");
        assert_eq!(random.len(), 32, "{state}");
        assert!(random.bytes().all(|b| b.is_ascii_hexdigit()), "{state}");
    }
    assert_ne!(a, b);
}
