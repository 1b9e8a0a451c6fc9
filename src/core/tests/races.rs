//! What happens in storage while a request is out: a sign-in or sign-out meanwhile (in this tab
//! or another) is never undone by the answer of a call that started before it.

use serde_json::json;

use super::{Harness, me, path, service};
use crate::core::Session;
use crate::core::platform::Storage;
use crate::core::testing::{Handler, MemoryStorage};
use crate::prelude::*;

const CREDENTIALS: &str = "credentials_env-1";
const USER: &str = "user_info_env-1";

/// A signed-in harness whose service runs `meanwhile` on the storage when `on` is asked, then
/// answers `answer` there (the test service elsewhere).
fn while_out(
    on: &'static str,
    answer: serde_json::Value,
    meanwhile: fn(&MemoryStorage),
) -> Harness {
    let mut h = Harness::new(service());
    h.signed_in();
    let storage = h.platform().storage.clone();
    let service = service();
    let handler: Handler = Box::new(move |r| {
        if path(r) != on {
            return service(r);
        }
        meanwhile(&storage);
        Ok((200, answer.to_string()))
    });
    h.platform().transport.answer(handler);
    h
}

/// Another user's session, as another tab's sign-in stores it: the stored texts of user `u1`
/// with the tokens and the user changed.
fn other_user_signs_in(storage: &MemoryStorage) {
    let creds = storage.get(CREDENTIALS).unwrap_or_default();
    let creds = creds
        .replace("at-1", "at-y")
        .replace("rt-1", "rt-y")
        .replace("\"u1\"", "\"u2\"");
    let user = storage.get(USER).unwrap_or_default();
    let user = user.replace("\"u1\"", "\"u2\"").replace("Alice", "Bob");
    storage.set(CREDENTIALS, &creds);
    storage.set(USER, &user);
}

/// Another tab signs out.
fn signs_out(storage: &MemoryStorage) {
    storage.remove(CREDENTIALS);
    storage.remove(USER);
}

/// The session `getSession()` gives when its expired token's refresh answers `answer` after
/// another user signed in meanwhile; the harness, listened to.
fn refreshed_meanwhile(answer: serde_json::Value) -> (Harness, Session) {
    let mut h = while_out("/v1/token", answer, other_user_signs_in);
    h.listen();
    h.expire();
    let c = h.client.clone();
    let s = h
        .run(c.get_session())
        .expect("no error")
        .expect("a session");
    assert_eq!(s.credentials.access_token, "at-y");
    (h, s)
}

#[test]
fn a_sign_in_while_a_refresh_is_out_is_kept() {
    let creds = json!({"token_type":"Bearer","access_token":"at-2","refresh_token":"rt-2","expires_in":7200,"scope":"user","sub":"u1"});
    let (h, s) = refreshed_meanwhile(creds);
    assert_eq!(s.user.id, "u2");
    assert!(
        h.stored(CREDENTIALS).contains("at-y"),
        "{}",
        h.stored(CREDENTIALS)
    );
    assert!(h.stored(USER).contains("Bob"));
    assert!(
        !h.events
            .borrow()
            .iter()
            .any(|e| e.starts_with("TOKEN_REFRESHED")),
        "{:?}",
        h.events.borrow()
    );
}

#[test]
fn a_sign_out_while_a_refresh_is_out_is_kept() {
    let creds = json!({"token_type":"Bearer","access_token":"at-2","refresh_token":"rt-2","expires_in":7200,"scope":"user","sub":"u1"});
    let mut h = while_out("/v1/token", creds, signs_out);
    h.expire();
    let c = h.client.clone();
    assert!(h.run(c.get_session()).expect("no error").is_none());
    assert_eq!(h.platform().storage.get(CREDENTIALS), None);
    let c = h.client.clone();
    let e = h.run(c.refresh_session()).expect_err("signed out");
    assert_eq!(e.code, "unauthenticated");
}

#[test]
fn a_refused_refresh_leaves_a_session_stored_meanwhile() {
    let refused = json!({"error":"invalid_grant","error_description":"refresh token revoked"});
    let (h, _) = refreshed_meanwhile(refused);
    assert!(h.stored(CREDENTIALS).contains("at-y"));
    assert!(
        !h.events
            .borrow()
            .iter()
            .any(|e| e.starts_with("SIGNED_OUT"))
    );
}

#[test]
fn an_unauthenticated_answer_leaves_a_session_stored_meanwhile() {
    let refused = json!({"error":"unauthenticated","error_description":"token revoked"});
    let mut h = while_out("/v1/user/me", refused, other_user_signs_in);
    let c = h.client.clone();
    let e = h.run(c.get_user()).expect_err("refused");
    assert_eq!(e.code, "unauthenticated");
    assert!(h.stored(CREDENTIALS).contains("at-y"));
    // The refused session itself is dropped.
    let mut h = while_out("/v1/user/me", json!({"error":"unauthenticated"}), |_| {});
    let c = h.client.clone();
    assert!(h.run(c.get_user()).is_err());
    assert_eq!(h.platform().storage.get(CREDENTIALS), None);
}

#[test]
fn a_user_read_for_a_session_left_meanwhile_is_not_cached() {
    let mut h = while_out("/v1/user/me", me(), other_user_signs_in);
    let c = h.client.clone();
    let user = h.run(c.get_user()).expect("the user");
    assert_eq!(user.id, "u1");
    assert!(h.stored(USER).contains("Bob"), "{}", h.stored(USER));
    assert!(!h.stored(USER).contains("Alice"));
    // With the session still stored, the user is cached.
    let mut h = Harness::new(service());
    h.signed_in();
    h.platform().storage.set(USER, "{}");
    let c = h.client.clone();
    h.run(c.get_user()).expect("the user");
    assert!(h.stored(USER).contains("Alice"));
}

#[test]
fn a_sign_in_while_a_sign_out_is_out_is_kept() {
    for on in ["/v1/revoke", "/v1/user/signout"] {
        let mut h = while_out(on, json!({}), other_user_signs_in);
        h.listen();
        h.run(async {});
        h.events.borrow_mut().clear();
        let c = h.client.clone();
        let params = (on == "/v1/user/signout").then(Default::default);
        h.run(c.sign_out(params)).expect("signed out");
        assert!(h.stored(CREDENTIALS).contains("at-y"), "{on}");
        assert!(h.stored(USER).contains("Bob"), "{on}");
        assert!(
            h.events.borrow().is_empty(),
            "{on}: {:?}",
            h.events.borrow()
        );
    }
    // The user who signed out is signed out, their token refreshed meanwhile too.
    let mut h = while_out("/v1/revoke", json!({}), |storage| {
        let creds = storage.get(CREDENTIALS).unwrap_or_default();
        storage.set(
            CREDENTIALS,
            &creds.replace("at-1", "at-3").replace("rt-1", "rt-3"),
        );
    });
    h.listen();
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    assert_eq!(h.platform().storage.get(CREDENTIALS), None);
    assert_eq!(h.platform().storage.get(USER), None);
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("SIGNED_OUT:-")
    );
}
