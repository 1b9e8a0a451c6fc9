//! Ending and re-making sessions: sign-out, listeners that call back in, anonymous re-login.

use serde_json::json;

use super::super::*;
use std::cell::RefCell;
use std::rc::Rc;

use super::{Harness, body, header, path, service};
use crate::core::platform::{Method, Storage};
use crate::core::testing::Handler;
use crate::prelude::*;

#[test]
fn sign_out_revokes_and_clears() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    let log = h.platform().transport.log.borrow().clone();
    let revoke = log.last().expect("a request");
    assert_eq!(path(revoke), "/v1/revoke");
    assert_eq!(body(revoke)["token"], "at-1");
    assert_eq!(header(revoke, "authorization"), None);
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    assert_eq!(h.platform().storage.get("user_info_env-1"), None);
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("SIGNED_OUT:-")
    );
    h.signed_in();
    h.run(c.sign_out(Some(SignOutParams::default())))
        .expect("signed out");
    let log = h.platform().transport.log.borrow().clone();
    let signout = log.last().expect("a request");
    assert_eq!(
        (path(signout), signout.method),
        ("/v1/user/signout", Method::Post)
    );
    assert_eq!(header(signout, "authorization"), Some("Bearer at-1"));
}

#[test]
fn listeners_may_call_back_in_and_unsubscribe() {
    let mut h = Harness::new(service());
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (client, seen2) = (h.client.clone(), seen.clone());
    let pool_spawner = h.pool.spawner();
    let sub = h.client.on_auth_state_change(Rc::new(move |e, _| {
        let (client, seen) = (client.clone(), seen2.clone());
        use futures::task::LocalSpawnExt;
        let _ = pool_spawner.spawn_local(async move {
            let s = client.get_session().await;
            seen.borrow_mut()
                .push((e.as_str(), s.ok().flatten().is_some()));
        });
    }));
    h.signed_in();
    assert_eq!(
        *seen.borrow(),
        [("INITIAL_SESSION", false), ("SIGNED_IN", true)]
    );
    sub.unsubscribe();
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    assert_eq!(seen.borrow().len(), 2);
}

#[test]
fn anonymous_sign_in_and_relogin_when_its_refresh_is_refused() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let s = h.run(c.sign_in_anonymously()).expect("anonymous");
    assert_eq!(s.session.credentials.scope, "anonymous");
    assert_eq!(s.session.user.id, "u1");
    h.expire();
    // The service refuses the refresh token: a new anonymous user, with its own user info.
    h.platform().transport.answer(Box::new(|r| {
        let v = match path(r) {
            "/v1/token" => json!({"error":"invalid_grant"}),
            "/v1/user/me" => json!({"sub":"anon2","name":"anonymous"}),
            _ => json!({"access_token":"at-anon-2","refresh_token":"r","expires_in":7200,"scope":"anonymous","sub":"anon2"}),
        };
        Ok((200, v.to_string()))
    }));
    let s = h.run(c.get_session()).expect("no error").expect("session");
    assert_eq!(s.credentials.access_token, "at-anon-2");
    assert_eq!(s.user.id, "anon2");
    let stored = h.stored("user_info_env-1");
    assert!(
        stored.contains("anon2") && !stored.contains("\"u1\""),
        "{stored}"
    );
    let log = h.platform().transport.log.borrow().clone();
    let relogin = &log[log.len() - 2];
    assert_eq!(path(relogin), "/v1/signin/anonymously");
    assert_eq!(header(relogin, "authorization"), Some("Basic ZW52LTE6"));
    assert_eq!(
        header(&log[log.len() - 1], "authorization"),
        Some("Bearer at-anon-2")
    );
}

#[test]
fn an_anonymous_session_outlives_a_passing_refresh_failure() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    h.run(c.sign_in_anonymously()).expect("anonymous");
    h.expire();
    // The service is unavailable for now: the error is the caller's, the identity is kept.
    h.platform().transport.answer(Box::new(|r| match path(r) {
        "/v1/token" => Ok((503, json!({"error":"unavailable"}).to_string())),
        _ => Ok((200, json!({"access_token":"at-anon-2","refresh_token":"r","expires_in":7200,"scope":"anonymous","sub":"anon2"}).to_string())),
    }));
    let e = h.run(c.get_session()).expect_err("unavailable");
    assert_eq!(e.code, "unavailable");
    let stored = h.stored("credentials_env-1");
    assert!(
        stored.contains("at-anon") && !stored.contains("at-anon-2"),
        "{stored}"
    );
    assert_eq!(
        h.platform()
            .transport
            .paths()
            .iter()
            .filter(|p| p.contains("/signin/anonymously"))
            .count(),
        1,
        "only the first sign-in"
    );
}

/// The test service, but `/v1/user/me` answers `unauthenticated`; `asked` runs when it is asked.
fn user_me_unauthenticated(asked: impl Fn() + 'static) -> Handler {
    let service = service();
    Box::new(move |r| {
        if path(r) != "/v1/user/me" {
            return service(r);
        }
        asked();
        Ok((200, json!({"error":"unauthenticated"}).to_string()))
    })
}

#[test]
fn a_sign_in_whose_user_cannot_be_read_keeps_no_session() {
    let mut h = Harness::new(service());
    h.listen();
    // Nothing is stored before `/v1/user/me` answers; its failure leaves storage as it was.
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (storage, seen2) = (h.platform().storage.clone(), seen.clone());
    h.platform()
        .transport
        .answer(user_me_unauthenticated(move || {
            seen2
                .borrow_mut()
                .push(storage.get("credentials_env-1").is_some());
        }));
    let c = h.client.clone();
    let failed = h.run(c.sign_in_with_password(SignInWithPasswordParams {
        phone: Some("13800000000".into()),
        password: Some("abc12345".into()),
        ..Default::default()
    }));
    assert_eq!(
        failed.err().map(|e| e.code.clone()),
        Some("unauthenticated".to_owned())
    );
    assert_eq!(*seen.borrow(), [false]);
    assert_eq!(
        h.platform().transport.paths(),
        ["/v1/signin", "/v1/user/me"]
    );
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    assert_eq!(h.platform().storage.get("user_info_env-1"), None);
    assert_eq!(*h.events.borrow(), ["INITIAL_SESSION:-"]);
}

#[test]
fn a_failed_sign_in_leaves_the_previous_session_as_it_was() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    let storage = h.platform().storage.clone();
    let (credentials, user) = (
        storage.get("credentials_env-1"),
        storage.get("user_info_env-1"),
    );
    assert!(credentials.is_some() && user.is_some());
    h.platform()
        .transport
        .answer(user_me_unauthenticated(|| {}));
    let c = h.client.clone();
    let failed = h.run(c.sign_in_with_password(SignInWithPasswordParams {
        username: Some("someone-else".into()),
        password: Some("abc12345".into()),
        ..Default::default()
    }));
    assert_eq!(
        failed.err().map(|e| e.code.clone()),
        Some("unauthenticated".to_owned())
    );
    assert_eq!(storage.get("credentials_env-1"), credentials);
    assert_eq!(storage.get("user_info_env-1"), user);
    assert_eq!(*h.events.borrow(), ["INITIAL_SESSION:at-1"]);
    let kept = h.run(c.get_session()).expect("a session").expect("kept");
    assert_eq!(kept.credentials.access_token, "at-1");
}
