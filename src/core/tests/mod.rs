//! Flow tests of the core against a scripted fake server.

use crate::prelude::*;
use alloc::format;

use std::cell::RefCell;
use std::rc::Rc;

use futures::executor::LocalPool;
use serde_json::{Value, json};

use super::platform::{HttpRequest, Storage};
use super::testing::{FakePlatform, Handler};
use super::*;

const NOW: f64 = 1_800_000_000_000.0;

fn creds(access: &str, refresh: &str) -> Value {
    json!({"token_type":"Bearer","access_token":access,"refresh_token":refresh,"expires_in":7200,"scope":"user","sub":"u1","groups":["user"]})
}

fn me() -> Value {
    json!({"sub":"u1","name":"Alice","phone_number":"+86 13800000000","groups":[{"id":"user"}],"providers":[],
        "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","password":"SET"})
}

fn path(r: &HttpRequest) -> &str {
    let p = r.url.split_once("/auth").map(|(_, p)| p).unwrap_or("");
    p.split('?').next().unwrap_or("")
}

fn body(r: &HttpRequest) -> Value {
    r.body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null)
}

fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A fake service that knows one user (password `abc12345`, code `123456`).
fn service() -> Handler {
    Box::new(|r| {
        let ok = |v: Value| Ok((200, v.to_string()));
        let b = body(r);
        match path(r) {
            "/v1/verification" => ok(
                json!({"verification_id":"vid-1","is_user": b["phone_number"] == "+86 13800000000","expires_in":600}),
            ),
            "/v1/verification/verify" if b["verification_code"] == "123456" => {
                ok(json!({"verification_token":"vt-1","expires_in":600}))
            }
            "/v1/verification/verify" => ok(
                json!({"error":"invalid_argument","error_code":3,"error_description":"verification code does not match"}),
            ),
            "/v1/signup" => ok(creds("at-new", "rt-new")),
            "/v1/signin" if b["password"] == "abc12345" || b["verification_token"] == "vt-1" => {
                ok(creds("at-1", "rt-1"))
            }
            "/v1/signin" => ok(
                json!({"error":"invalid_password","error_code":3,"error_description":"password is incorrect"}),
            ),
            "/v1/signin/anonymously" => ok(
                json!({"access_token":"at-anon","refresh_token":"rt-anon","expires_in":7200,"scope":"anonymous","sub":"anon1"}),
            ),
            "/v1/token" => ok(creds("at-2", "rt-2")),
            "/v1/user/me" => ok(me()),
            "/v1/revoke" | "/v1/user/signout" => ok(json!({})),
            _ => ok(json!({"error":"not_found","error_code":5})),
        }
    })
}

struct Harness {
    pool: LocalPool,
    client: AuthClient<FakePlatform>,
    events: Rc<RefCell<Vec<String>>>,
}

impl Harness {
    fn new(handler: Handler) -> Self {
        let pool = LocalPool::new();
        let platform = FakePlatform::new(&pool, handler, NOW);
        let config = Config::from_json_text(
            &crate::core::json_native::SerdeJson,
            &json!({"env":"env-1","apiOrigin":"http://emu:1/v1","autoRefreshToken":false})
                .to_string(),
        )
        .expect("valid config");
        Harness {
            pool,
            client: AuthClient::new(config, platform),
            events: Rc::default(),
        }
    }

    fn platform(&self) -> &FakePlatform {
        &self.client.inner.platform
    }

    fn listen(&self) -> Subscription {
        let events = self.events.clone();
        self.client.on_auth_state_change(Rc::new(move |e, s| {
            events.borrow_mut().push(format!(
                "{}:{}",
                e.as_str(),
                s.map(|s| s.credentials.access_token.as_str())
                    .unwrap_or("-")
            ));
        }))
    }

    fn run<T>(&mut self, f: impl std::future::Future<Output = T>) -> T {
        let out = self.pool.run_until(f);
        self.pool.run_until_stalled();
        out
    }

    fn signed_in(&mut self) {
        let c = self.client.clone();
        self.run(c.sign_in_with_password(SignInWithPasswordParams {
            phone: Some("13800000000".into()),
            password: Some("abc12345".into()),
            ..Default::default()
        }))
        .expect("signed in");
    }

    /// The text stored under `key` (empty when none).
    fn stored(&self, key: &str) -> String {
        self.platform().storage.get(key).unwrap_or_default()
    }

    fn expire(&self) {
        self.platform().clock.0.set(NOW + 7200.0 * 1000.0);
    }
}

#[test]
fn phone_sign_up_stores_the_js_sdk_keys_and_signs_in() {
    let mut h = Harness::new(service());
    h.listen();
    let c = h.client.clone();
    let challenge = h
        .run(c.sign_up(SignUpParams {
            phone: Some("+8613900000000".into()),
            password: Some("abc12345".into()),
            ..Default::default()
        }))
        .expect("code sent");
    assert_eq!(challenge.contact, Contact::Phone("+86 13900000000".into()));
    assert!(!challenge.is_user);
    let signed = h
        .run(c.verify_challenge(&challenge, "123456"))
        .expect("signed up");
    assert_eq!(signed.user.id, "u1");
    assert_eq!(signed.session.credentials.access_token, "at-new");
    assert_eq!(
        h.platform().transport.paths(),
        [
            "/v1/verification",
            "/v1/verification/verify",
            "/v1/signup",
            "/v1/user/me"
        ]
    );
    let log = h.platform().transport.log.borrow().clone();
    let signup = &log[2];
    assert_eq!(body(signup)["phone_number"], "+86 13900000000");
    assert_eq!(body(signup)["password"], "abc12345");
    assert_eq!(body(signup)["verification_token"], "vt-1");
    assert!(
        signup
            .url
            .starts_with("http://emu:1/auth/v1/signup?client_id=env-1"),
        "{}",
        signup.url
    );
    assert_eq!(header(&log[3], "authorization"), Some("Bearer at-new"));
    assert!(!log[3].url.contains("client_id"));
    let rid = header(signup, "x-request-id").unwrap_or_default();
    assert_eq!(rid.len(), 32);
    let device = header(signup, "x-device-id").unwrap_or_default().to_owned();
    assert_eq!(
        h.platform().storage.get("device_id").as_deref(),
        Some(device.as_str())
    );
    let stored: Value = serde_json::from_str(
        &h.platform()
            .storage
            .get("credentials_env-1")
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(stored["access_token"], "at-new");
    assert!(
        stored["expires_at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );
    let info: Value = serde_json::from_str(
        &h.platform()
            .storage
            .get("user_info_env-1")
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(info["version"], "localCachev1");
    assert_eq!(info["content"]["uid"], "u1");
    assert_eq!(
        *h.events.borrow(),
        ["INITIAL_SESSION:-", "SIGNED_IN:at-new"]
    );
}

#[test]
fn a_new_client_on_the_same_storage_keeps_the_session() {
    let mut h = Harness::new(service());
    h.signed_in();
    let config = Config {
        auto_refresh_token: Some(false),
        ..Config::new("env-1")
    };
    let second = AuthClient::new(config, FakePlatform::new(&h.pool, service(), NOW));
    for key in ["credentials_env-1", "user_info_env-1"] {
        let v = h.platform().storage.get(key).unwrap_or_default();
        second.inner.platform.storage.set(key, &v);
    }
    let s = h
        .run(second.get_session())
        .expect("no error")
        .expect("a session");
    assert_eq!(s.user.id, "u1");
    assert_eq!(s.user.phone.as_deref(), Some("+86 13800000000"));
    assert!(second.inner.platform.transport.paths().is_empty());
}

#[test]
fn wrong_password_and_wrong_code_store_nothing() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let e = h
        .run(c.sign_in_with_password(SignInWithPasswordParams {
            username: Some("alice".into()),
            password: Some("nope12345".into()),
            ..Default::default()
        }))
        .expect_err("refused");
    assert_eq!(
        (e.code.as_str(), e.category),
        ("invalid_password", Category::InvalidCredentials)
    );
    let ch = h.run(c.sign_in_with_otp(SignInWithOtpParams {
        phone: Some("13800000000".into()),
        ..Default::default()
    }));
    let e = h
        .run(c.verify_challenge(&ch.expect("sent"), "000000"))
        .expect_err("wrong code");
    assert_eq!(e.category, Category::VerificationFailed);
    assert!(e.request_id.is_some());
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
}

#[test]
fn bad_arguments_fail_before_any_request() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let cases = [
        (SignUpParams::default(), "invalid_argument"),
        (
            SignUpParams {
                phone: Some("+86 abc".into()),
                ..Default::default()
            },
            "invalid_phone",
        ),
        (
            SignUpParams {
                phone: Some("+86 12345".into()),
                ..Default::default()
            },
            "invalid_phone",
        ),
        (
            SignUpParams {
                email: Some("not-an-email".into()),
                ..Default::default()
            },
            "invalid_argument",
        ),
        (
            SignUpParams {
                email: Some("a@b.co".into()),
                password: Some("short1".into()),
                ..Default::default()
            },
            "invalid_argument",
        ),
        (
            SignUpParams {
                email: Some("a@b.co".into()),
                username: Some("12345".into()),
                ..Default::default()
            },
            "invalid_argument",
        ),
    ];
    for (p, code) in cases {
        let e = h.run(c.sign_up(p)).expect_err("invalid");
        assert_eq!(e.code, code);
    }
    let e = h.run(c.sign_in_with_password(SignInWithPasswordParams {
        password: Some("x".into()),
        ..Default::default()
    }));
    assert_eq!(
        e.map_err(|e| e.code.clone()).err().as_deref(),
        Some("invalid_argument")
    );
    assert!(h.platform().transport.paths().is_empty());
}

#[test]
fn phone_numbers_keep_their_real_country_code() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    h.run(c.sign_up(SignUpParams {
        phone: Some("+14155550100".into()),
        ..Default::default()
    }))
    .expect("sent");
    let log = h.platform().transport.log.borrow().clone();
    assert_eq!(body(&log[0])["phone_number"], "+1 4155550100");
}

#[test]
fn concurrent_calls_on_an_expired_token_refresh_once() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    h.expire();
    let before = h.platform().transport.paths().len();
    let (a, b, c) = (h.client.clone(), h.client.clone(), h.client.clone());
    let (s1, s2, u) =
        h.run(async move { futures::join!(a.get_session(), b.get_session(), c.get_user()) });
    let paths = h.platform().transport.paths()[before..].to_vec();
    assert_eq!(
        paths.iter().filter(|p| *p == "/v1/token").count(),
        1,
        "{paths:?}"
    );
    assert_eq!(
        s1.ok()
            .flatten()
            .map(|s| s.credentials.access_token)
            .as_deref(),
        Some("at-2")
    );
    assert_eq!(
        s2.ok()
            .flatten()
            .map(|s| s.credentials.access_token)
            .as_deref(),
        Some("at-2")
    );
    assert_eq!(u.map(|u| u.id).ok().as_deref(), Some("u1"));
    let token = &h.platform().transport.log.borrow()[before];
    assert_eq!(body(token)["grant_type"], "refresh_token");
    assert_eq!(body(token)["refresh_token"], "rt-1");
    assert_eq!(*h.events.borrow(), ["TOKEN_REFRESHED:at-2"]);
}

#[test]
fn a_refused_refresh_signs_out() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.listen();
    h.pool.run_until_stalled();
    h.expire();
    h.platform().transport.answer(Box::new(|_| {
        Ok((400, json!({"error":"invalid_grant","error_code":3,"error_description":"refresh token revoked"}).to_string()))
    }));
    let c = h.client.clone();
    assert_eq!(h.run(c.get_session()), Ok(None));
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    assert_eq!(
        h.events.borrow().last().map(String::as_str),
        Some("SIGNED_OUT:-")
    );
}

#[test]
fn a_corrupt_stored_session_reads_as_signed_out() {
    let mut h = Harness::new(service());
    h.platform().storage.set("credentials_env-1", "{not json");
    h.platform().storage.set("user_info_env-1", "\u{0}");
    h.listen();
    let c = h.client.clone();
    assert_eq!(h.run(c.get_session()), Ok(None));
    assert_eq!(h.platform().storage.get("credentials_env-1"), None);
    assert_eq!(*h.events.borrow(), ["INITIAL_SESSION:-"]);
    let e = h.run(c.get_user()).expect_err("signed out");
    assert_eq!(e.code, "unauthenticated");
}

mod codes;
mod handoff;
mod network;
mod oauth;
mod races;
mod security;
mod sessions;
mod tabs;
mod v2;
mod watch;
