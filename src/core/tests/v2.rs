//! The v2 changes made with a sudo token, against the scripted fake server: what each sends,
//! and what it does to the stored session; and the claims `getClaims` reads from the token.

use serde_json::{Value, json};

use super::{Harness, body, header, me, path, service};
use crate::core::platform::{Method, Storage};
use crate::prelude::*;
use cloudbase_auth_wire as wire;

/// [`service`] plus the sudo-token endpoints: the password `abc12345` gives `sudo-1`, which
/// the changes accept; the user's phone becomes `+86 13900000000` once bound.
fn with_sudo() -> crate::core::testing::Handler {
    let rest = service();
    let bound = core::cell::Cell::new(false);
    Box::new(move |r| {
        let ok = |v: Value| Ok((200, v.to_string()));
        let refused = || {
            ok(
                json!({"error":"invalid_argument","error_code":3,"error_description":"sudo_token is invalid"}),
            )
        };
        let b = body(r);
        let sudo = b["sudo_token"] == "sudo-1" || r.url.contains("sudo_token=sudo-1");
        match path(r) {
            "/v1/user/sudo" if b["password"] == "abc12345" => ok(json!({"sudo_token":"sudo-1"})),
            "/v1/user/sudo" => ok(json!({"error":"invalid_password","error_code":3})),
            "/v1/user/password" | "/v1/user/contact" if !sudo => refused(),
            "/v1/user/password" => ok(json!({})),
            "/v1/user/contact" => {
                bound.set(true);
                ok(json!({}))
            }
            "/v1/user/me" if r.method == Method::Delete && !sudo => refused(),
            "/v1/user/me" if r.method == Method::Delete => ok(json!({})),
            "/v1/user/me" if bound.get() => {
                let mut user = me();
                user["phone_number"] = json!("+86 13900000000");
                ok(user)
            }
            "/v1/reset" => ok(json!({})),
            "/v1/user/provider" => ok(json!({"total":2,"data":[
                {"id":"github","name":"GitHub","bind":true,"provider_user_name":"al"},
                {"id":"google","name":"Google","bind":false}]})),
            _ => rest(r),
        }
    })
}

#[test]
fn a_sudo_token_comes_from_the_password_and_a_wrong_one_is_the_services_error() {
    let mut h = Harness::new(with_sudo());
    h.signed_in();
    let c = h.client.clone();
    let sudo = |password: &str| wire::SudoRequest {
        password: Some(password.into()),
        verification_token: None,
    };
    assert_eq!(h.run(c.sudo(sudo("abc12345"))).expect("sudo"), "sudo-1");
    let log = h.platform().transport.log.borrow().clone();
    let sent = log.last().expect("sent");
    assert_eq!(body(sent), json!({"password":"abc12345"}));
    assert_eq!(header(sent, "authorization"), Some("Bearer at-1"));
    let e = h.run(c.sudo(sudo("wrong"))).expect_err("refused");
    assert_eq!(e.code, "invalid_password");
}

#[test]
fn set_password_sends_the_new_password_with_the_sudo_token() {
    let mut h = Harness::new(with_sudo());
    h.signed_in();
    let c = h.client.clone();
    h.run(c.set_password("newpass123", "sudo-1")).expect("set");
    let log = h.platform().transport.log.borrow().clone();
    let sent = log.last().expect("sent");
    assert_eq!(
        (sent.method, path(sent)),
        (Method::Patch, "/v1/user/password")
    );
    assert_eq!(
        body(sent),
        json!({"new_password":"newpass123","sudo_token":"sudo-1"})
    );
    let e = h
        .run(c.set_password("newpass123", "stale"))
        .expect_err("refused");
    assert_eq!(e.code, "invalid_argument");
}

#[test]
fn delete_me_signs_out_and_a_refused_one_keeps_the_session() {
    let mut h = Harness::new(with_sudo());
    h.signed_in();
    h.listen();
    let c = h.client.clone();
    let e = h.run(c.delete_me("stale")).expect_err("refused");
    assert_eq!(e.code, "invalid_argument");
    assert!(h.platform().storage.get("credentials_env-1").is_some());
    assert!(
        h.events
            .borrow()
            .iter()
            .all(|e| !e.starts_with("SIGNED_OUT"))
    );
    h.run(c.delete_me("sudo-1")).expect("deleted");
    let log = h.platform().transport.log.borrow().clone();
    let sent = log.last().expect("sent");
    assert_eq!((sent.method, path(sent)), (Method::Delete, "/v1/user/me"));
    assert!(sent.url.ends_with("?sudo_token=sudo-1"), "{}", sent.url);
    assert!(h.platform().storage.get("credentials_env-1").is_none());
    assert!(h.platform().storage.get("user_info_env-1").is_none());
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("SIGNED_OUT:-")
    );

    // Another user's session stored while the request is out (another tab) stays.
    h.signed_in();
    let deleting = c.delete_me("sudo-1");
    let other = h
        .stored("credentials_env-1")
        .replace("\"sub\":\"u1\"", "\"sub\":\"u2\"");
    assert!(other.contains("u2"), "{other}");
    h.platform().storage.set("credentials_env-1", &other);
    h.events.borrow_mut().clear();
    h.run(deleting).expect("deleted");
    assert_eq!(h.stored("credentials_env-1"), other);
    assert!(h.events.borrow().is_empty(), "{:?}", h.events.borrow());
}

#[test]
fn reset_password_sends_the_address_as_the_service_keeps_it_and_signs_nobody_in() {
    let mut h = Harness::new(with_sudo());
    // Whoever is signed in stays as they are: the reset is not theirs to sign in or out.
    h.signed_in();
    h.listen();
    h.run(async {});
    h.events.borrow_mut().clear();
    let before = h.stored("credentials_env-1");
    let c = h.client.clone();
    let reset = wire::PasswordReset {
        // An empty address is one left out (the bridge passes both).
        email: Some(String::new()),
        phone_number: Some("13900000000".into()),
        new_password: "reset1234".into(),
        verification_token: "vt-1".into(),
    };
    h.run(c.reset_password(reset)).expect("reset");
    let log = h.platform().transport.log.borrow().clone();
    let sent = log.last().expect("sent");
    assert_eq!((sent.method, path(sent)), (Method::Post, "/v1/reset"));
    assert_eq!(
        body(sent),
        json!({"phone_number":"+86 13900000000","new_password":"reset1234","verification_token":"vt-1"})
    );
    assert_eq!(header(sent, "authorization"), None);
    assert_eq!(h.stored("credentials_env-1"), before);
    assert!(h.events.borrow().is_empty(), "{:?}", h.events.borrow());
}

#[test]
fn binding_a_phone_stores_the_fresh_user_and_tells_the_listeners() {
    let mut h = Harness::new(with_sudo());
    h.signed_in();
    h.listen();
    let c = h.client.clone();
    let change = wire::ContactChange {
        phone_number: Some("+86 13900000000".into()),
        email: None,
        sudo_token: "sudo-1".into(),
        verification_token: "vt-1".into(),
        conflict_resolution: None,
    };
    let user = h.run(c.bind_contact(change.clone())).expect("bound");
    assert_eq!(user.phone.as_deref(), Some("+86 13900000000"));
    let paths = h.platform().transport.paths();
    assert_eq!(
        paths[paths.len() - 2..],
        ["/v1/user/contact", "/v1/user/me"]
    );
    let log = h.platform().transport.log.borrow().clone();
    let sent = &log[log.len() - 2];
    assert_eq!(sent.method, Method::Patch);
    assert_eq!(
        body(sent),
        json!({"phone_number":"+86 13900000000","sudo_token":"sudo-1","verification_token":"vt-1"})
    );
    assert!(h.stored("user_info_env-1").contains("+86 13900000000"));
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("USER_UPDATED:at-1")
    );

    // Bound, but the user cannot be read again: the call fails, as the v3 address change does.
    let rest = with_sudo();
    h.platform()
        .transport
        .answer(Box::new(move |r| match path(r) {
            "/v1/user/me" => Ok((503, "unavailable".into())),
            _ => rest(r),
        }));
    h.events.borrow_mut().clear();
    h.run(c.bind_contact(change))
        .expect_err("the user is not read");
    assert!(h.events.borrow().is_empty(), "{:?}", h.events.borrow());
}

#[test]
fn providers_are_listed_as_the_service_answers_and_identities_keep_the_bound() {
    let mut h = Harness::new(with_sudo());
    h.signed_in();
    let c = h.client.clone();
    let all = h.run(c.providers()).expect("listed");
    assert_eq!(all.total, Some(2));
    assert_eq!(all.data.len(), 2);
    assert_eq!(all.data[1].bind, Some(false));
    let bound = h.run(c.get_user_identities()).expect("listed");
    assert_eq!(bound.len(), 1);
    assert_eq!(bound[0].id, "github");
}

#[test]
fn claims_are_read_from_the_access_token_and_a_token_that_is_no_jwt_is_an_error() {
    // `{"alg":"ES256"}.{"sub":"u1","name":"李"}.sig`, base64url without padding.
    let jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1MSIsIm5hbWUiOiLmnY4ifQ.c2ln.ignored";
    let rest = service();
    let mut h = Harness::new(Box::new(move |r| {
        match path(r) {
        "/v1/signin" => Ok((
            200,
            json!({"token_type":"Bearer","access_token":jwt,"refresh_token":"rt-1","expires_in":7200,"scope":"user","sub":"u1"})
                .to_string(),
        )),
        _ => rest(r),
    }
    }));
    let c = h.client.clone();
    let e = c.get_claims::<Value>().expect_err("signed out");
    assert_eq!(e.code, "unauthenticated");
    h.signed_in();
    let claims = c.get_claims::<Value>().expect("claims");
    assert_eq!(claims.header, json!({"alg":"ES256"}));
    assert_eq!(claims.claims, json!({"sub":"u1","name":"李"}));
    assert_eq!(claims.signature, "c2ln");

    let mut h = Harness::new(service());
    h.signed_in();
    let c = h.client.clone();
    let e = c.get_claims::<Value>().expect_err("at-1 is no JWT");
    assert_eq!(e.code, "internal");
}

/// The credentials an app hands to `setCredentials` (no `sub`: the service names the user).
fn handed(extra: Value) -> String {
    let mut c = json!({"access_token":"at-given","refresh_token":"rt-given","expires_in":7200,"scope":"user"});
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    c.to_string()
}

/// The stored credentials as JSON (`Null` when none).
fn stored_credentials(h: &Harness) -> Value {
    serde_json::from_str(&h.stored("credentials_env-1")).unwrap_or_default()
}

#[test]
fn handed_credentials_become_the_session_once_the_service_names_their_user() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    h.run(async {});
    h.events.borrow_mut().clear();
    let c = h.client.clone();
    let signed = h
        .run(c.set_credentials(Some(&handed(json!({})))))
        .expect("set")
        .expect("signed in");
    assert_eq!(signed.session.credentials.access_token, "at-given");
    // The user of the token, as `/v1/user/me` answered to it; the id from there too.
    let log = h.platform().transport.log.borrow().clone();
    let last = log.last().expect("sent");
    assert_eq!((last.method, path(last)), (Method::Get, "/v1/user/me"));
    assert_eq!(header(last, "authorization"), Some("Bearer at-given"));
    assert_eq!(signed.user.id, "u1");
    let stored = stored_credentials(&h);
    assert_eq!(
        (
            &stored["access_token"],
            &stored["refresh_token"],
            &stored["sub"]
        ),
        (&json!("at-given"), &json!("rt-given"), &json!("u1"))
    );
    // `expires_in` from now, less the 30 s margin.
    assert_eq!(
        stored["expires_at"],
        crate::core::time::format_iso(super::NOW + 7_170_000.0)
    );
    assert!(h.stored("user_info_env-1").contains("\"uid\":\"u1\""));
    assert_eq!(*h.events.borrow(), ["SIGNED_IN:at-given"]);
    let session = h.client.current_session().expect("session");
    assert_eq!(session.user.id, "u1");
}

#[test]
fn handed_credentials_keep_their_own_expiry_when_sooner_and_the_services_user() {
    use crate::core::time::format_iso;
    // What `expires_at` the handed credentials were stored with.
    let stored_expiry = |given: &str| {
        let mut h = Harness::new(service());
        let c = h.client.clone();
        h.run(c.set_credentials(Some(given))).expect("set");
        let stored = stored_credentials(&h);
        // Whatever `sub` they carried, the user is the one the service named for the token.
        assert_eq!(stored["sub"], "u1");
        assert_eq!(h.client.current_session().expect("session").user.id, "u1");
        stored["expires_at"].clone()
    };
    // Sooner than `expires_in` from now (what `getCredentials()` gave an hour ago): kept.
    let sooner = format_iso(super::NOW + 3_600_000.0);
    assert_eq!(
        stored_expiry(&handed(json!({"expires_at": sooner, "sub": "u2"}))),
        sooner
    );
    // Later (another clock, or an edited value): `expires_in` from now, less the margin.
    let later = handed(json!({"expires_at": format_iso(super::NOW + 9e9)}));
    assert_eq!(stored_expiry(&later), format_iso(super::NOW + 7_170_000.0));
}

#[test]
fn refused_or_malformed_credentials_leave_the_session_as_it_was() {
    let rest = service();
    let mut h = Harness::new(Box::new(move |r| {
        let bad = header(r, "authorization") == Some("Bearer at-bad");
        if path(r) == "/v1/user/me" && bad {
            let refused = json!({"error":"unauthenticated","error_code":16,"error_description":"token is invalid"});
            return Ok((401, refused.to_string()));
        }
        rest(r)
    }));
    h.signed_in();
    h.listen();
    h.run(async {});
    h.events.borrow_mut().clear();
    let before = (h.stored("credentials_env-1"), h.stored("user_info_env-1"));
    let c = h.client.clone();
    let e = h
        .run(c.set_credentials(Some(&handed(json!({"access_token":"at-bad"})))))
        .expect_err("refused");
    assert_eq!(e.code, "unauthenticated");
    let sent = h.platform().transport.log.borrow().len();
    for malformed in [
        r#"{"access_token":"at-x"}"#.to_owned(),
        handed(json!({"access_token":""})),
        handed(json!({"expires_in":"7200"})),
        handed(json!({"expires_in":30})),
        handed(json!({"expires_at":5})),
        "not json".to_owned(),
        "[]".to_owned(),
    ] {
        let e = h
            .run(c.set_credentials(Some(&malformed)))
            .expect_err("refused");
        assert_eq!(e.code, "invalid_argument", "{malformed}");
    }
    // Refused before any request.
    assert_eq!(h.platform().transport.log.borrow().len(), sent);
    assert_eq!(
        (h.stored("credentials_env-1"), h.stored("user_info_env-1")),
        before
    );
    assert!(h.events.borrow().is_empty(), "{:?}", h.events.borrow());
}

#[test]
fn no_credentials_sign_out_here_without_asking_the_service() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    h.run(async {});
    h.events.borrow_mut().clear();
    let sent = h.platform().transport.log.borrow().len();
    let c = h.client.clone();
    assert!(h.run(c.set_credentials(None)).expect("cleared").is_none());
    assert_eq!(h.platform().transport.log.borrow().len(), sent);
    assert_eq!(stored_credentials(&h), Value::Null);
    assert_eq!(h.stored("user_info_env-1"), "");
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
    // Signed out already: nothing to tell.
    assert!(h.run(c.set_credentials(None)).expect("cleared").is_none());
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
}
