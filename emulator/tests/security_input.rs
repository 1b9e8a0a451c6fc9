//! What any web page can send the auth API: environment ids (`client_id`) are short and plain,
//! and no answer may be cached.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use reqwest::Method;
use serde_json::{Value, json};

/// Requests that take a `client_id` (appended to the query) and succeed, or fail with an error
/// other than `invalid_argument`, when it is a good one.
fn calls() -> Vec<(Method, &'static str, Value)> {
    vec![
        (Method::POST, "/auth/v1/signin/anonymously", json!({})),
        (
            Method::POST,
            "/auth/v1/verification",
            json!({"phone_number": "+86 13800000000"}),
        ),
        (
            Method::POST,
            "/auth/v1/signin",
            json!({"username": "nobody", "password": "Passw0rd!"}),
        ),
        (
            Method::POST,
            "/auth/v1/token",
            json!({"grant_type": "refresh_token", "refresh_token": "bogus"}),
        ),
        (
            Method::POST,
            "/auth/v1/verification/verify",
            json!({"verification_id": "nope", "verification_code": "123456"}),
        ),
        (
            Method::GET,
            "/auth/v1/checkIfUserExist?username=alice",
            json!({}),
        ),
        (
            Method::GET,
            "/auth/v1/provider/uri?provider_id=fake&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&state=s",
            json!({}),
        ),
        (
            Method::POST,
            "/emulator/v1/users",
            json!({"username": "alice", "password": "Passw0rd!"}),
        ),
        (
            Method::POST,
            "/emulator/v1/tickets",
            json!({"uid": "alice-1"}),
        ),
    ]
}

/// Sends `call` with `client_id` (already URL-encoded).
async fn send(emu: &common::Emu, call: &(Method, &str, Value), client_id: &str) -> (u16, Value) {
    let (method, path, body) = call;
    let sep = if path.contains('?') { '&' } else { '?' };
    let body = if *method == Method::GET {
        String::new()
    } else {
        body.to_string()
    };
    emu.send(
        method.clone(),
        &format!("{path}{sep}client_id={client_id}"),
        None,
        body,
    )
    .await
}

#[tokio::test]
async fn client_ids_are_short_and_plain() {
    let emu = start().await;
    emu.config(json!({"resend_gap_secs": 0, "codes_per_day": 1000}))
        .await;
    let longest = "e".repeat(64);
    // The env ids of CloudBase (`name-suffix`) and of every suite of this repository.
    let good = [
        "test-env-1",
        "env-1",
        "demo-env",
        "default",
        "e1",
        "A_b-9",
        "conf-1a2b3c4d-interop-a",
        "wt-0123456789ab",
        "bench-0123456789ab",
        longest.as_str(),
    ];
    for call in calls() {
        for env in good {
            let (s, v) = send(&emu, &call, env).await;
            assert!(
                !(s == 400 && v["error"] == "invalid_argument"),
                "{} {} with {env}: {s} {v}",
                call.0,
                call.1
            );
        }
    }
    let users = emu.count("users");
    let codes = emu.count("codes");
    let too_long = "e".repeat(65);
    let huge = "e".repeat(20_000);
    let bad = [
        too_long.as_str(),
        huge.as_str(),
        "a.b",
        "a%20b",
        "a%0Afake%20log%20line",
        "%C3%A9",
        "..%2Fx",
        "%3Cscript%3E",
        "a%00",
    ];
    for call in calls() {
        for env in bad {
            let (s, v) = send(&emu, &call, env).await;
            let what = format!("{} {} with {:.80}", call.0, call.1, env);
            assert_eq!(s, 400, "{what}: {v}");
            assert_eq!(v["error"], "invalid_argument", "{what}: {v}");
            assert_eq!(v["error_code"], 3, "{what}: {v}");
            assert!(
                v["error_description"]
                    .as_str()
                    .is_some_and(|d| d.contains("client_id")),
                "{what}: {v}"
            );
        }
    }
    assert_eq!(
        emu.count("users"),
        users,
        "a refused client_id stored a user"
    );
    assert_eq!(
        emu.count("codes"),
        codes,
        "a refused client_id stored a code"
    );
    // The refresh request's `client_id` may also come in the body.
    let (s, v) = emu
        .post(
            "/auth/v1/token",
            "test-env-1",
            json!({"grant_type": "refresh_token", "refresh_token": "bogus", "client_id": too_long}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // An empty one is the default environment, as before.
    let (s, v) = send(&emu, &calls()[0], "").await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn answers_are_never_cached() {
    let emu = start().await;
    let get = |path: &str, method: Method, body: &'static str| {
        emu.http
            .request(method, format!("{}{path}", emu.base))
            .header("content-type", common::content_type(path))
            .body(body)
            .send()
    };
    for (method, path, body) in [
        (
            Method::POST,
            "/auth/v1/signin/anonymously?client_id=test-env-1",
            "{}",
        ),
        (Method::GET, "/emulator/v1/inbox?to=%2B86%2013800000000", ""),
        (Method::POST, "/auth/v1/signin?client_id=test-env-1", "{"),
        (Method::GET, "/no/such/endpoint", ""),
    ] {
        let res = get(path, method, body).await.unwrap();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(
            header("cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
        assert_eq!(header("pragma").as_deref(), Some("no-cache"), "{path}");
    }
}
