//! The network's failures: a dead network retried, a request abandoned after the timeout (and
//! not sent again), and bodies that are not the service's.

use super::super::*;
use super::{Harness, NOW, service};
use crate::core::platform::Storage;
use crate::core::testing::FakePlatform;
use crate::prelude::*;

#[test]
fn a_dead_network_is_retried_then_unreachable_and_keeps_the_session() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.expire();
    h.platform()
        .transport
        .answer(Box::new(|_| Err("Failed to fetch".into())));
    let before = h.platform().transport.paths().len();
    let c = h.client.clone();
    let e = h.run(c.get_session()).expect_err("unreachable");
    assert_eq!(e.code, "unreachable");
    assert_eq!(h.platform().transport.paths().len() - before, 3);
    assert_eq!(h.platform().slept.get(), 2000);
    assert!(h.platform().storage.get("credentials_env-1").is_some());
}

#[test]
fn a_request_that_timed_out_is_not_sent_again() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.expire();
    // The host gives up after the timeout (the browser's `AbortSignal.timeout`).
    let clock = h.platform().clock.0.clone();
    h.platform().transport.answer(Box::new(move |_| {
        clock.set(clock.get() + f64::from(super::http::TIMEOUT_MS));
        Err("signal timed out".into())
    }));
    let before = h.platform().transport.paths().len();
    let c = h.client.clone();
    let e = h.run(c.get_session()).expect_err("timed out");
    assert_eq!(e.code, "unreachable");
    // The service may have rotated the refresh token: sent again, it would be a reuse.
    assert_eq!(h.platform().transport.paths().len() - before, 1);
    assert!(h.platform().storage.get("credentials_env-1").is_some());
}

#[test]
fn requests_are_abandoned_after_the_configured_timeout() {
    // A failure after `ms` of waiting, on a client whose requests time out after `timeout`:
    // how many requests a refresh sent, and what timeout each carried.
    let attempts = |timeout: Option<u32>, ms: f64| {
        let mut h = Harness::new(service());
        let config = Config {
            timeout,
            api_origin: Some("http://emu:1".into()),
            auto_refresh_token: Some(false),
            ..Config::new("env-1")
        };
        h.client = AuthClient::new(config, FakePlatform::new(&h.pool, service(), NOW));
        h.signed_in();
        h.expire();
        let clock = h.platform().clock.0.clone();
        h.platform().transport.answer(Box::new(move |_| {
            clock.set(clock.get() + ms);
            Err("signal timed out".into())
        }));
        let before = h.platform().transport.log.borrow().len();
        let c = h.client.clone();
        assert_eq!(
            h.run(c.get_session()).expect_err("failed").code,
            "unreachable"
        );
        let log = h.platform().transport.log.borrow();
        let timeouts: Vec<u32> = log[before..].iter().map(|r| r.timeout_ms).collect();
        timeouts
    };
    // `init({timeout: 2000})`: a failure that took 2 s is that timeout, not sent again.
    assert_eq!(attempts(Some(2000), 2000.0), [2000]);
    // By default the timeout is 15 s, so a failure after 2 s is tried again.
    assert_eq!(attempts(None, 2000.0), [15_000; 3]);
}

#[test]
fn odd_bodies_are_errors_not_panics() {
    for (text, code) in [
        ("<html>oops</html>", "unreachable"),
        ("[1,2]", "internal"),
        (r#"{"access_token":7}"#, "internal"),
        ("{}", "internal"),
    ] {
        let mut h = Harness::new(service());
        let owned = text.to_owned();
        h.platform()
            .transport
            .answer(Box::new(move |_| Ok((200, owned.clone()))));
        let c = h.client.clone();
        let e = h.run(c.sign_in_anonymously()).expect_err("refused");
        assert_eq!(e.code, code, "{text}");
        assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    }
}
