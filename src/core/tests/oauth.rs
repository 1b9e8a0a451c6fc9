//! OAuth sign-in and identity linking against the scripted fake server.

use serde_json::{Value, json};

use super::{Harness, body, creds, header, path, service};
use crate::core::platform::{Method, Storage};
use crate::prelude::*;
use alloc::format;

/// [`service`] plus a provider `fake` whose code `good` gives the provider token `pt-1`.
fn with_provider() -> crate::core::testing::Handler {
    let rest = service();
    Box::new(move |r| {
        let ok = |v: Value| Ok((200, v.to_string()));
        match path(r) {
            "/v1/provider/uri" => ok(
                json!({"uri": format!("http://idp/authorize?{}", r.url.split_once('?').map_or("", |q| q.1))}),
            ),
            "/v1/provider/token" if body(r)["provider_code"] == "good" => {
                ok(json!({"provider_token":"pt-1","expires_in":600}))
            }
            "/v1/provider/token" => {
                ok(json!({"error":"invalid_grant","error_code":3,"error_description":"bad code"}))
            }
            "/v1/signin/with/provider" if body(r)["provider_token"] == "pt-1" => {
                ok(creds("at-oauth", "rt-oauth"))
            }
            "/v1/user/provider/bind" if header(r, "authorization") == Some("Bearer at-1") => {
                ok(json!({}))
            }
            _ => rest(r),
        }
    })
}

#[test]
fn the_authorize_uri_carries_provider_redirect_and_state() {
    let mut h = Harness::new(with_provider());
    let c = h.client.clone();
    let uri = h
        .run(c.oauth_uri("fake", "http://app/cb?x=1", "prd-fake-1"))
        .expect("uri");
    assert!(uri.starts_with("http://idp/authorize?"), "{uri}");
    for part in [
        "provider_id=fake",
        "redirect_uri=http%3A%2F%2Fapp%2Fcb%3Fx%3D1",
        "state=prd-fake-1",
    ] {
        assert!(uri.contains(part), "{part} in {uri}");
    }
    let e = h
        .run(c.oauth_uri("", "http://app/cb", "s"))
        .expect_err("no provider");
    assert_eq!(e.code, "invalid_argument");
    assert_eq!(h.platform().transport.paths().len(), 1);
}

#[test]
fn a_callback_code_signs_in_through_the_provider_token() {
    let mut h = Harness::new(with_provider());
    let _sub = h.listen();
    let c = h.client.clone();
    let signed = h
        .run(c.verify_oauth("fake", "good", "http://app/cb", false))
        .expect("signed in")
        .expect("a session");
    assert_eq!(signed.session.credentials.access_token, "at-oauth");
    let log = h.platform().transport.log.borrow().clone();
    let exchange = &log[0];
    assert_eq!(
        (exchange.method, path(exchange)),
        (Method::Post, "/v1/provider/token")
    );
    assert_eq!(
        body(exchange),
        json!({"provider_id":"fake","provider_redirect_uri":"http://app/cb","provider_code":"good"})
    );
    assert_eq!(path(&log[1]), "/v1/signin/with/provider");
    assert!(h.platform().storage.get("credentials_env-1").is_some());
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("SIGNED_IN:at-oauth")
    );
}

#[test]
fn a_refused_code_stores_nothing() {
    let mut h = Harness::new(with_provider());
    let c = h.client.clone();
    let e = h
        .run(c.verify_oauth("fake", "stale", "http://app/cb", false))
        .expect_err("refused");
    assert_eq!(e.code, "invalid_grant");
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    assert_eq!(h.platform().transport.paths().len(), 1);
}

#[test]
fn binding_needs_a_user_and_then_announces_bind_identity() {
    let mut h = Harness::new(with_provider());
    let c = h.client.clone();
    let e = h
        .run(c.verify_oauth("fake", "good", "http://app/cb", true))
        .expect_err("not signed in");
    assert_eq!(e.code, "unauthenticated");
    assert!(
        h.platform().transport.paths().is_empty(),
        "the code is not spent"
    );

    h.signed_in();
    let _sub = h.listen();
    let bound = h
        .run(c.verify_oauth("fake", "good", "http://app/cb", true))
        .expect("bound");
    assert!(bound.is_none());
    let paths = h.platform().transport.paths();
    assert!(
        paths.ends_with(&["/v1/provider/token".into(), "/v1/user/provider/bind".into()]),
        "{paths:?}"
    );
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("BIND_IDENTITY:at-1")
    );
}
