//! Redirects of the fake OAuth provider: only to this machine or to allowed origins (with
//! `login_hint` and `prompt=none` too), the redirect URI always checked at the code exchange,
//! and forwarded headers believed only when the server is told to.
#![allow(clippy::unwrap_used)]
mod common;
use cloudbase_auth_emulator::config::{Config, Limits};
use common::oauth::{CALLBACK, ENV, authorize, no_redirects, urlencode};
use common::{Emu, assert_err, start, start_config};
use serde_json::json;

const AUTHORIZE: &str = "/emulator/v1/oauth/authorize";

/// An emulator with server options.
async fn start_with_options(trust_forwarded_headers: bool, redirect_origins: &[&str]) -> Emu {
    start_config(Config {
        host: "127.0.0.1".into(),
        port: 0,
        db: ":memory:".into(),
        limits: Limits::default(),
        trust_forwarded_headers,
        redirect_origins: redirect_origins.iter().map(|o| o.to_string()).collect(),
        allowed_hosts: Vec::new(),
    })
    .await
}

/// Opens the authorize page for `redirect` with `extra` query parameters; answers the status
/// and the `Location` header.
async fn open_authorize(emu: &Emu, redirect: &str, extra: &str) -> (u16, Option<String>) {
    let url = format!(
        "{}{AUTHORIZE}?client_id={ENV}&provider_id=fake&redirect_uri={}&state=s1{extra}",
        emu.base,
        urlencode(redirect)
    );
    let res = no_redirects().get(url).send().await.unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status().as_u16(), location)
}

const HOSTILE: [&str; 8] = [
    "https://evil.example/steal",
    "http://evil.example:3000/callback",
    "http://localhost.evil.example/cb",
    "http://localhost@evil.example/cb",
    "http://127.0.0.1%2eevil.example/cb",
    "myapp://callback",
    "ftp://localhost/cb",
    "//evil.example/cb",
];

#[tokio::test]
async fn the_provider_never_sends_a_code_to_another_site() {
    let emu = start().await;
    for redirect in HOSTILE {
        for extra in ["&login_hint=ann", "&prompt=none", ""] {
            let (s, location) = open_authorize(&emu, redirect, extra).await;
            assert_eq!((s, location.as_deref()), (400, None), "{redirect} {extra}");
        }
        let (s, v) = emu
            .get(
                &format!(
                    "/auth/v1/provider/uri?client_id={ENV}&provider_id=fake&redirect_uri={}",
                    urlencode(redirect)
                ),
                None,
            )
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    assert_eq!(emu.count("oauth_codes"), 0);
    // Loopback redirects work, as before.
    for redirect in [
        CALLBACK,
        "http://127.0.0.1:8788/app.html?tab=2",
        "http://[::1]:5173/cb",
    ] {
        let (s, location) = open_authorize(&emu, redirect, "&prompt=none").await;
        assert_eq!(s, 302, "{redirect}");
        assert!(location.unwrap().contains("code="), "{redirect}");
    }
}

#[tokio::test]
async fn allowed_origins_are_configured_on_the_command_line() {
    let emu = start_with_options(false, &["https://app.example.com"]).await;
    let (s, location) = open_authorize(&emu, "https://app.example.com/cb", "&login_hint=ann").await;
    assert_eq!(s, 302);
    assert!(
        location
            .unwrap()
            .starts_with("https://app.example.com/cb?code=")
    );
    for other in [
        "http://app.example.com/cb",
        "https://app.example.com:8443/cb",
        "https://evil.example/cb",
    ] {
        let (s, _) = open_authorize(&emu, other, "&login_hint=ann").await;
        assert_eq!(s, 400, "{other}");
    }
}

#[tokio::test]
async fn the_code_exchange_requires_the_redirect_uri() {
    let emu = start().await;
    let code = authorize(&emu, "fake", "ann").await;
    for body in [
        json!({"provider_id": "fake", "provider_code": code}),
        json!({"provider_id": "fake", "provider_code": code, "provider_redirect_uri": ""}),
        json!({"provider_id": "fake", "provider_code": code, "provider_redirect_uri": null}),
    ] {
        let (s, v) = emu.post("/auth/v1/provider/token", ENV, body).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            json!({"provider_id": "fake", "provider_code": code, "provider_redirect_uri": "http://localhost:3000/other"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_grant", 3);
    // The refusals left the code usable by its rightful owner.
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            json!({"provider_id": "fake", "provider_code": code, "provider_redirect_uri": CALLBACK}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

/// The authorize URI answered by provider/uri with the given headers.
async fn uri_with_headers(emu: &Emu, headers: &[(&str, &str)]) -> String {
    let mut req = emu.http.get(format!(
        "{}/auth/v1/provider/uri?client_id={ENV}&provider_id=fake&redirect_uri={}",
        emu.base,
        urlencode(CALLBACK)
    ));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let v: serde_json::Value = req.send().await.unwrap().json().await.unwrap();
    v["uri"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn forwarded_headers_are_ignored_unless_trusted() {
    let forged = [
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
    ];
    let emu = start().await;
    let uri = uri_with_headers(&emu, &forged).await;
    assert!(
        uri.starts_with(&format!("{}{AUTHORIZE}?", emu.base)),
        "{uri}"
    );
    let trusting = start_with_options(true, &[]).await;
    let uri = uri_with_headers(&trusting, &forged).await;
    assert!(
        uri.starts_with(&format!("https://evil.example{AUTHORIZE}?")),
        "{uri}"
    );
}

#[tokio::test]
async fn malformed_hosts_and_ports_are_refused() {
    let emu = start().await;
    for redirect in [
        "http://[::1]evil.example/cb",
        "http://[::1]:3000evil/cb",
        "http://localhost:80:90/cb",
        "http://127.0.0.1:3000:evil.example/cb",
    ] {
        let (s, location) = open_authorize(&emu, redirect, "").await;
        assert_eq!((s, location.as_deref()), (400, None), "{redirect}");
    }
    for redirect in ["http://[::1]/cb", "http://[::1]:3000/cb", CALLBACK] {
        let (s, location) = open_authorize(&emu, redirect, "&login_hint=ann").await;
        assert_eq!(s, 302, "{redirect}");
        assert!(location.unwrap().starts_with(redirect), "{redirect}");
    }
}

#[tokio::test]
async fn sign_out_answers_only_redirects_the_provider_would_make() {
    let emu = start_with_options(false, &["https://app.example.com"]).await;
    common::signed_in(&emu).await;
    let sign_in = || async {
        let (s, v) = emu
            .post(
                "/auth/v1/signin",
                ENV,
                json!({"username": "+86 13800000000", "password": "Passw0rd!"}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["access_token"].as_str().unwrap().to_string()
    };
    for bad in [
        "javascript:alert(1)",
        "https://evil.example/",
        "//evil.example/",
        "http://[::1]evil.example/",
    ] {
        let at = sign_in().await;
        let (s, v) = emu
            .post_auth("/auth/v1/user/signout", &at, json!({"redirect_uri": bad}))
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        assert!(v.get("redirect_uri").is_none(), "{v}");
        // The session ends all the same (the SDK forgets it whatever the answer).
        assert_eq!(emu.get("/auth/v1/user/me", Some(&at)).await.0, 401, "{bad}");
    }
    for good in [
        "http://localhost:3000/bye?x=1",
        "https://app.example.com/bye",
    ] {
        let at = &sign_in().await;
        let (s, v) = emu
            .post_auth(
                "/auth/v1/user/signout",
                at,
                json!({"redirect_uri": good, "state": "s1"}),
            )
            .await;
        assert_eq!((s, &v), (200, &json!({"redirect_uri": good})));
        assert_eq!(emu.get("/auth/v1/user/me", Some(at)).await.0, 401);
    }
    let at = sign_in().await;
    let (s, v) = emu.post_auth("/auth/v1/user/signout", &at, json!({})).await;
    assert_eq!((s, v), (200, json!({"redirect_uri": ""})));
}
