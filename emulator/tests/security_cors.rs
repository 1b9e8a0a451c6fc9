//! The dev API (`/emulator/v1/*`) and the web pages a developer opens: no CORS headers and no
//! writes for other origins, JSON-only writes, loopback origins and clients without an Origin
//! served; the auth API still answers every origin.
#![allow(clippy::unwrap_used)]
mod common;
use cloudbase_auth_emulator::config::{Config, Limits};
use common::{Emu, start, start_config};
use reqwest::Method;
use serde_json::{Value, json};

const EVIL: &str = "https://evil.example";

/// A raw request: method, path, headers; answers the status, the `access-control-*` headers and
/// the body text.
async fn raw(
    emu: &Emu,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut req = emu
        .http
        .request(method, format!("{}{path}", emu.base))
        .body(body.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let cors = res
        .headers()
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("access-control-"))
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    (status, cors, res.text().await.unwrap())
}

/// The resend gap in the current config.
async fn resend_gap(emu: &Emu) -> Value {
    emu.get("/emulator/v1/config", None).await.1["resend_gap_secs"].clone()
}

#[tokio::test]
async fn other_origins_get_no_cors_headers_and_cannot_write() {
    let emu = start().await;
    let json = ("content-type", "application/json");
    // Preflight of a PATCH to the config: refused, without any CORS header.
    let (s, cors, _) = raw(
        &emu,
        Method::OPTIONS,
        "/emulator/v1/config",
        &[
            ("origin", EVIL),
            ("access-control-request-method", "PATCH"),
            ("access-control-request-headers", "content-type"),
        ],
        "",
    )
    .await;
    assert_eq!((s, cors.len()), (403, 0), "{cors:?}");
    // The writes themselves (as a page could send them with mode: 'no-cors', or a non-browser
    // client claiming the origin): refused, nothing changes.
    let writes = [
        (
            Method::PATCH,
            "/emulator/v1/config",
            r#"{"resend_gap_secs":0}"#,
        ),
        (Method::POST, "/emulator/v1/reset", "{}"),
        (
            Method::POST,
            "/emulator/v1/tickets",
            r#"{"uid":"victim-1"}"#,
        ),
        (
            Method::POST,
            "/emulator/v1/users",
            r#"{"username":"mallory","password":"abc12345"}"#,
        ),
    ];
    for origin in [EVIL, "null", "http://localhost.evil.example:8080"] {
        for (method, path, body) in &writes {
            let (s, cors, text) = raw(
                &emu,
                method.clone(),
                path,
                &[("origin", origin), json],
                body,
            )
            .await;
            assert_eq!(s, 403, "{origin} {method} {path}: {text}");
            assert!(cors.is_empty(), "{origin} {path}: {cors:?}");
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["error"], "permission_denied", "{text}");
        }
    }
    assert_eq!(resend_gap(&emu).await, 30);
    assert_eq!(emu.count("users"), 0);
    assert_eq!(emu.count("tickets"), 0);
    // Reads answer (a page cannot read them without CORS headers), with no CORS header at all.
    let (s, cors, _) = raw(
        &emu,
        Method::GET,
        "/emulator/v1/inbox?to=%2B86%2013800000000",
        &[("origin", EVIL)],
        "",
    )
    .await;
    assert_eq!((s, cors.len()), (200, 0), "{cors:?}");
}

#[tokio::test]
async fn dev_api_writes_need_a_json_content_type() {
    let emu = start().await;
    let (s, _) = emu
        .post(
            "/emulator/v1/users",
            "e1",
            json!({"username": "keepme", "password": "abc12345"}),
        )
        .await;
    assert_eq!(s, 200);
    // The requests a page sends without a preflight: text/plain, forms, no type at all.
    for ctype in [
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut headers = vec![];
        if let Some(c) = ctype {
            headers.push(("content-type", c));
        }
        for (method, path, body) in [
            (Method::POST, "/emulator/v1/reset", "{}"),
            (Method::POST, "/emulator/v1/reset", ""),
            (
                Method::PATCH,
                "/emulator/v1/config",
                r#"{"resend_gap_secs":0}"#,
            ),
        ] {
            let (s, _, text) = raw(&emu, method, path, &headers, body).await;
            assert_eq!(s, 415, "{ctype:?} {path}: {text}");
        }
    }
    // A loopback page reads the refusal (it has the CORS headers), instead of a network error.
    let (s, cors, _) = raw(
        &emu,
        Method::POST,
        "/emulator/v1/reset",
        &[
            ("origin", "http://127.0.0.1:8788"),
            ("content-type", "text/plain;charset=UTF-8"),
        ],
        "{}",
    )
    .await;
    assert_eq!(s, 415);
    assert!(
        cors.iter()
            .any(|(k, v)| k == "access-control-allow-origin" && v == "http://127.0.0.1:8788"),
        "{cors:?}"
    );
    assert_eq!(emu.count("users"), 1, "a refused reset wiped the data");
    assert_eq!(resend_gap(&emu).await, 30);
    // application/json (with parameters) is served.
    let (s, _, text) = raw(
        &emu,
        Method::POST,
        "/emulator/v1/reset",
        &[("content-type", "application/json; charset=utf-8")],
        "{}",
    )
    .await;
    assert_eq!(s, 200, "{text}");
    assert_eq!(emu.count("users"), 0);
}

#[tokio::test]
async fn loopback_origins_and_clients_without_origin_are_served() {
    let emu = start().await;
    let json = ("content-type", "application/json");
    for origin in [
        "http://127.0.0.1:8788",
        "http://localhost:5173",
        "http://[::1]:3000",
    ] {
        let (s, cors, _) = raw(
            &emu,
            Method::OPTIONS,
            "/emulator/v1/config",
            &[
                ("origin", origin),
                ("access-control-request-method", "PATCH"),
                ("access-control-request-headers", "content-type"),
            ],
            "",
        )
        .await;
        assert_eq!(s, 204, "{origin}");
        assert!(
            cors.iter()
                .any(|(k, v)| k == "access-control-allow-origin" && v == origin),
            "{origin}: {cors:?}"
        );
        let (s, cors, text) = raw(
            &emu,
            Method::PATCH,
            "/emulator/v1/config",
            &[("origin", origin), json],
            r#"{"resend_gap_secs":5}"#,
        )
        .await;
        assert_eq!(s, 200, "{origin}: {text}");
        assert!(!cors.is_empty(), "{origin}");
        let (s, cors, _) = raw(
            &emu,
            Method::GET,
            "/emulator/v1/health",
            &[("origin", origin)],
            "",
        )
        .await;
        assert_eq!((s, cors.is_empty()), (200, false), "{origin}");
    }
    // No Origin at all (scripts, curl, the test suites).
    let (s, _, text) = raw(
        &emu,
        Method::PATCH,
        "/emulator/v1/config",
        &[json],
        r#"{"resend_gap_secs":7}"#,
    )
    .await;
    assert_eq!(s, 200, "{text}");
    assert_eq!(resend_gap(&emu).await, 7);
}

#[tokio::test]
async fn the_auth_api_still_answers_every_origin() {
    let emu = start().await;
    let (s, cors, _) = raw(
        &emu,
        Method::OPTIONS,
        "/auth/v1/signin/anonymously?client_id=e1",
        &[
            ("origin", EVIL),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "x-device-id"),
        ],
        "",
    )
    .await;
    assert_eq!(s, 204);
    assert!(
        cors.iter()
            .any(|(k, v)| k == "access-control-allow-origin" && v == EVIL),
        "{cors:?}"
    );
    let (s, cors, text) = raw(
        &emu,
        Method::POST,
        "/auth/v1/signin/anonymously?client_id=e1",
        &[
            ("origin", EVIL),
            ("content-type", "text/plain;charset=UTF-8"),
        ],
        "{}",
    )
    .await;
    assert_eq!(s, 200, "{text}");
    assert!(
        cors.iter()
            .any(|(k, v)| k == "access-control-allow-origin" && v == EVIL),
        "{cors:?}"
    );
}

#[tokio::test]
async fn dns_rebinding_names_are_refused() {
    let emu = start().await;
    let port = emu.base.rsplit(':').next().unwrap().to_string();
    // A hostile name resolving to 127.0.0.1: same origin as the emulator, no Origin on a GET.
    for host in [format!("rebind.evil.example:{port}"), "evil.example".into()] {
        let (s, cors, text) = raw(
            &emu,
            Method::GET,
            "/emulator/v1/inbox?to=%2B86%2013800000000",
            &[("host", host.as_str())],
            "",
        )
        .await;
        assert_eq!((s, cors.len()), (403, 0), "{host}: {text}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("app.localhost:{port}"),
        format!("[::1]:{port}"),
        "192.168.1.20".into(),
    ] {
        let (s, _, text) = raw(
            &emu,
            Method::GET,
            "/emulator/v1/health",
            &[("host", host.as_str())],
            "",
        )
        .await;
        assert_eq!(s, 200, "{host}: {text}");
    }
    // The auth API answers any name (the SDK may reach the emulator through one).
    let (s, _, _) = raw(
        &emu,
        Method::GET,
        "/auth/v1/certs",
        &[("host", "auth.example.test")],
        "",
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn a_bind_other_machines_reach_still_refuses_other_names() {
    // Listening on 0.0.0.0 (a container, a shared dev box) the developer's browser reaches it
    // as well: names are refused but those given with --allowed-host.
    let emu = start_config(Config {
        host: "0.0.0.0".into(),
        port: 0,
        db: ":memory:".into(),
        limits: Limits::default(),
        trust_forwarded_headers: false,
        redirect_origins: Vec::new(),
        allowed_hosts: vec!["Emulator.".into()],
    })
    .await;
    let port = emu.base.rsplit(':').next().unwrap().to_string();
    let inbox = "/emulator/v1/inbox?to=%2B86%2013800000000";
    for (host, status) in [
        (format!("rebind.evil.example:{port}"), 403),
        (format!("emulator.evil.example:{port}"), 403),
        (format!("emulator:{port}"), 200),
        ("EMULATOR.".into(), 200),
        (format!("10.0.0.5:{port}"), 200),
        (format!("localhost:{port}"), 200),
    ] {
        let (s, _, text) = raw(&emu, Method::GET, inbox, &[("host", host.as_str())], "").await;
        assert_eq!(s, status, "{host}: {text}");
    }
}
