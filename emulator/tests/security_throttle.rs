//! Per-IP throttles on anonymous sign-ins and wrong passwords, configurable through the dev
//! config and the command line.
#![allow(clippy::unwrap_used)]
mod common;
use cloudbase_auth_emulator::config::{Config, Limits};
use common::binary::{run_binary, wait_listening};
use common::{Emu, assert_err, start, start_config};
use serde_json::{Value, json};

const ENV: &str = "test-env-1";

/// Anonymous sign-in, as from `ip` when given (`X-Forwarded-For`).
async fn anonymous(emu: &Emu, ip: Option<&str>) -> (u16, Value) {
    let mut req = emu
        .http
        .post(format!(
            "{}/auth/v1/signin/anonymously?client_id={ENV}",
            emu.base
        ))
        .body("{}");
    if let Some(ip) = ip {
        req = req.header("x-forwarded-for", ip);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// An emulator behind a proxy it trusts (`--trust-forwarded-headers`).
async fn behind_a_proxy() -> Emu {
    start_config(Config {
        host: "127.0.0.1".into(),
        port: 0,
        db: ":memory:".into(),
        limits: Limits::default(),
        trust_forwarded_headers: true,
        redirect_origins: Vec::new(),
        allowed_hosts: Vec::new(),
    })
    .await
}

/// A throttle's refusal: `resource_exhausted` (429) with `retry_after` within the minute.
fn assert_throttled(s: u16, v: &Value) {
    assert_err(s, v, 429, "resource_exhausted", 8);
    assert!(
        v["retry_after"]
            .as_u64()
            .is_some_and(|r| (1..=60).contains(&r)),
        "{v}"
    );
}
#[tokio::test]
async fn anonymous_sign_ins_are_throttled_per_address() {
    let emu = behind_a_proxy().await;
    assert_eq!(
        emu.get("/emulator/v1/config", None).await.1["anonymous_signins_per_minute"],
        300
    );
    emu.config(json!({"anonymous_signins_per_minute": 3})).await;
    for _ in 0..3 {
        assert_eq!(anonymous(&emu, Some("192.0.2.7")).await.0, 200);
    }
    let (s, v) = anonymous(&emu, Some("192.0.2.7")).await;
    assert_throttled(s, &v);
    assert_eq!(emu.count("users"), 3, "a refused sign-in created a user");
    // Another address has its own count; a minute later the first may again.
    assert_eq!(anonymous(&emu, Some("192.0.2.8")).await.0, 200);
    emu.state.advance_clock(60_000);
    assert_eq!(anonymous(&emu, Some("192.0.2.7")).await.0, 200);
    // Lifted for load tests.
    emu.config(json!({"anonymous_signins_per_minute": 1_000_000_000}))
        .await;
    for _ in 0..10 {
        assert_eq!(anonymous(&emu, Some("192.0.2.7")).await.0, 200);
    }
}

#[tokio::test]
async fn forwarded_addresses_are_ignored_unless_trusted() {
    let emu = start().await;
    emu.config(json!({"anonymous_signins_per_minute": 2})).await;
    for ip in ["192.0.2.1", "192.0.2.2"] {
        assert_eq!(anonymous(&emu, Some(ip)).await.0, 200);
    }
    // Both counted for the connection's own address: a forged header buys nothing.
    assert_eq!(anonymous(&emu, Some("192.0.2.3")).await.0, 429);
}

#[tokio::test]
async fn the_trusted_proxy_address_is_the_last_forwarded_one() {
    let emu = behind_a_proxy().await;
    emu.config(json!({"anonymous_signins_per_minute": 2})).await;
    // The proxy appends the address it saw; what comes before it is the client's to choose, so
    // a new first entry each time buys nothing.
    for forged in ["198.51.100.1", "198.51.100.2"] {
        let chain = format!("{forged}, 192.0.2.9");
        assert_eq!(anonymous(&emu, Some(&chain)).await.0, 200);
    }
    let (s, v) = anonymous(&emu, Some("198.51.100.3, 192.0.2.9")).await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    // Another proxied client has its own count.
    assert_eq!(
        anonymous(&emu, Some("198.51.100.3, 192.0.2.10")).await.0,
        200
    );
}

async fn password_signin(emu: &Emu, password: &str) -> (u16, Value) {
    emu.post(
        "/auth/v1/signin",
        ENV,
        json!({"username": "+86 13800000000", "password": password}),
    )
    .await
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_address() {
    let emu = start().await;
    emu.signup_phone(ENV, "+86 13800000000", "Right-pw1").await;
    // The default: 10 wrong passwords a minute, then even the right one waits.
    for _ in 0..10 {
        let (s, v) = password_signin(&emu, "wrong-pw1").await;
        assert_err(s, &v, 400, "invalid_password", 3);
    }
    let (s, v) = password_signin(&emu, "Right-pw1").await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    emu.state.advance_clock(60_000);
    let (s, v) = password_signin(&emu, "Right-pw1").await;
    assert_eq!(s, 200, "{v}");
    // Configurable; a reset forgets the counts.
    emu.config(json!({"wrong_passwords_per_minute": 1})).await;
    password_signin(&emu, "wrong-pw1").await;
    assert_eq!(password_signin(&emu, "Right-pw1").await.0, 429);
    let (s, _) = emu.post("/emulator/v1/reset", ENV, json!({})).await;
    assert_eq!(s, 200);
    emu.signup_phone(ENV, "+86 13800000000", "Right-pw1").await;
    assert_eq!(password_signin(&emu, "Right-pw1").await.0, 200);
}

#[test]
fn the_command_line_sets_the_throttles() {
    let (child, rx) = run_binary(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--anonymous-signins-per-minute",
            "1000000",
            "--wrong-passwords-per-minute",
            "3",
            "--codes-per-minute",
            "7",
        ],
        &[],
    );
    let (base, lines) = wait_listening(&rx);
    let base = base.unwrap_or_else(|| panic!("the emulator did not start: {lines:?}"));
    let cfg: Value = tokio::runtime::Runtime::new().unwrap().block_on(async {
        reqwest::get(format!("{base}/emulator/v1/config"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(cfg["anonymous_signins_per_minute"], 1_000_000, "{cfg}");
    assert_eq!(cfg["wrong_passwords_per_minute"], 3, "{cfg}");
    assert_eq!(cfg["codes_per_minute"], 7, "{cfg}");
    drop(child);
}

#[tokio::test]
async fn wrong_sudo_passwords_count_towards_the_throttle() {
    let emu = start().await;
    let v = emu.signup_phone(ENV, "+86 13800000000", "Right-pw1").await;
    let at = v["access_token"].as_str().unwrap().to_owned();
    emu.config(json!({"wrong_passwords_per_minute": 3})).await;
    for _ in 0..3 {
        let (s, v) = emu
            .post_auth("/auth/v1/user/sudo", &at, json!({"password": "wrong-pw1"}))
            .await;
        assert_err(s, &v, 400, "invalid_password", 3);
    }
    // Even the right password waits now, at sudo and at sign-in alike.
    let (s, v) = emu
        .post_auth("/auth/v1/user/sudo", &at, json!({"password": "Right-pw1"}))
        .await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    assert_eq!(password_signin(&emu, "Right-pw1").await.0, 429);
    emu.state.advance_clock(60_000);
    let (s, v) = emu
        .post_auth("/auth/v1/user/sudo", &at, json!({"password": "Right-pw1"}))
        .await;
    assert_eq!(s, 200, "{v}");
    assert!(v["sudo_token"].is_string(), "{v}");
}

/// Sends `n` requests at once (`send(i)`) and counts the answers by `error` (`ok` for none).
async fn in_parallel<F, Fut>(n: usize, send: F) -> std::collections::BTreeMap<String, usize>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = (u16, Value)> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(send(i))).collect();
    let mut counts = std::collections::BTreeMap::new();
    for t in tasks {
        let (s, v) = t.await.unwrap();
        let kind = match v["error"].as_str() {
            Some(e) => {
                let want = if e == "invalid_password" { 400 } else { 429 };
                assert_eq!(s, want, "{v}");
                e.to_owned()
            }
            None => "ok".to_owned(),
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_cannot_outrun_the_limit() {
    let emu = std::sync::Arc::new(start().await);
    emu.signup_phone(ENV, "+86 13800000000", "Right-pw1").await;
    let at = emu.signup_phone(ENV, "+86 13800000001", "Right-pw1").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.config(json!({"wrong_passwords_per_minute": 5})).await;
    // All sent before the first hash is done: each is counted before its password is hashed.
    let e = emu.clone();
    let counts = in_parallel(60, move |_| {
        let e = e.clone();
        async move { password_signin(&e, "wrong-pw1").await }
    })
    .await;
    assert_eq!(counts.get("invalid_password"), Some(&5), "{counts:?}");
    assert_eq!(counts.get("resource_exhausted"), Some(&55), "{counts:?}");
    // Sudo shares the count: the minute's guesses are spent.
    let (s, v) = emu
        .post_auth("/auth/v1/user/sudo", &at, json!({"password": "wrong-pw1"}))
        .await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    // And at sudo alone, in the next minute, alike.
    emu.state.advance_clock(60_000);
    let (e, at2) = (emu.clone(), at.clone());
    let counts = in_parallel(60, move |_| {
        let (e, at) = (e.clone(), at2.clone());
        async move {
            e.post_auth("/auth/v1/user/sudo", &at, json!({"password": "wrong-pw1"}))
                .await
        }
    })
    .await;
    assert_eq!(counts.get("invalid_password"), Some(&5), "{counts:?}");
    assert_eq!(counts.get("resource_exhausted"), Some(&55), "{counts:?}");
    // A right password gives its attempt back: it never uses up the count.
    emu.state.advance_clock(60_000);
    for _ in 0..4 {
        assert_eq!(password_signin(&emu, "wrong-pw1").await.0, 400);
    }
    for _ in 0..10 {
        let (s, v) = password_signin(&emu, "Right-pw1").await;
        assert_eq!(s, 200, "{v}");
    }
    assert_eq!(password_signin(&emu, "wrong-pw1").await.0, 400);
    assert_eq!(password_signin(&emu, "Right-pw1").await.0, 429);
}

/// Asks for a code to `phone` in environment `env`, as from `ip`.
async fn send_code(emu: &Emu, env: &str, phone: &str, ip: &str) -> (u16, Value) {
    let res = emu
        .http
        .post(format!("{}/auth/v1/verification?client_id={env}", emu.base))
        .header("x-forwarded-for", ip)
        .body(json!({ "phone_number": phone }).to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn codes_are_throttled_per_address_across_environments() {
    let emu = behind_a_proxy().await;
    assert_eq!(
        emu.get("/emulator/v1/config", None).await.1["codes_per_minute"],
        30
    );
    // A new environment and phone each time: the per-environment limits never apply.
    for i in 0..30 {
        let (s, v) = send_code(
            &emu,
            &format!("env-{i}"),
            &format!("+86 1380000{i:04}"),
            "192.0.2.7",
        )
        .await;
        assert_eq!(s, 200, "{i}: {v}");
    }
    let (s, v) = send_code(&emu, "env-new", "+86 13900000000", "192.0.2.7").await;
    assert_throttled(s, &v);
    assert_eq!(emu.count("codes"), 30, "a refused send stored a code");
    // Another address has its own count; a minute later the first may again.
    assert_eq!(
        send_code(&emu, "env-new", "+86 13900000000", "192.0.2.8")
            .await
            .0,
        200
    );
    emu.state.advance_clock(60_000);
    assert_eq!(
        send_code(&emu, "env-new", "+86 13900000001", "192.0.2.7")
            .await
            .0,
        200
    );
    // Configurable (lifted for the test suites and load tests).
    emu.config(json!({"codes_per_minute": 1})).await;
    let (s, v) = send_code(&emu, "env-new", "+86 13900000002", "192.0.2.7").await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    let (s, v) = emu
        .patch("/emulator/v1/config", None, json!({"codes_per_minute": 0}))
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
}
