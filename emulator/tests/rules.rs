//! Validation, rate limits, wire rules, CORS, env scoping, dev API.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use serde_json::json;

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";

#[tokio::test]
async fn wrong_code_and_attempt_limit() {
    let emu = start().await;
    let (_, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!(v["expires_in"], 600);
    assert_eq!(v["is_user"], false);
    let id = v["verification_id"].clone();
    let code = emu.latest_code(PHONE).await;
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let (s, v) = emu
            .post(
                "/auth/v1/verification/verify",
                ENV,
                json!({"verification_id": id, "verification_code": wrong}),
            )
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        assert_eq!(v["error_description"], "verification code does not match");
    }
    // The right code is now refused: the code is used up.
    let (s, v) = emu
        .post(
            "/auth/v1/verification/verify",
            ENV,
            json!({"verification_id": id, "verification_code": code}),
        )
        .await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    assert_eq!(
        v["error_description"],
        "verification code attempt limit reached"
    );
}

#[tokio::test]
async fn send_rate_limits() {
    let emu = start().await;
    let (s, _) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!(s, 200);
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
    let ra = v["retry_after"].as_u64().unwrap();
    assert!((1..=30).contains(&ra), "{v}");
    // Another env is not limited.
    let (s, _) = emu
        .post(
            "/auth/v1/verification",
            "other-env",
            json!({"phone_number": PHONE}),
        )
        .await;
    assert_eq!(s, 200);
    // Daily cap of 10 (clock pinned to the start of a day so the test never crosses midnight).
    let now = emu.state.now_ms();
    emu.state
        .advance_clock(86_400_000 - now.rem_euclid(86_400_000));
    let to = "+86 13900000000";
    for i in 0..10 {
        let (s, v) = emu
            .post("/auth/v1/verification", ENV, json!({"phone_number": to}))
            .await;
        assert_eq!(s, 200, "send {i}: {v}");
        emu.state.advance_clock(31_000);
    }
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": to}))
        .await;
    assert_err(s, &v, 429, "resource_exhausted", 8);
}

#[tokio::test]
async fn signup_rules_store_nothing_on_failure() {
    let emu = start().await;
    let vt = emu.verified(ENV, "phone_number", PHONE).await;
    // Weak password, bad username, token for another phone, missing token.
    for (body, err) in [
        (
            json!({"phone_number": PHONE, "verification_token": vt, "password": "short1"}),
            "invalid_password",
        ),
        (
            json!({"phone_number": PHONE, "verification_token": vt, "password": "allletters"}),
            "invalid_password",
        ),
        (
            json!({"phone_number": PHONE, "verification_token": vt, "username": "12345"}),
            "invalid_argument",
        ),
        (
            json!({"phone_number": PHONE, "verification_token": vt, "username": "_bob"}),
            "invalid_argument",
        ),
        (
            json!({"phone_number": "+86 13700000000", "verification_token": vt}),
            "invalid_argument",
        ),
        (json!({"phone_number": PHONE}), "invalid_argument"),
        (
            json!({"username": "alice", "password": "Passw0rd!"}),
            "invalid_argument",
        ),
        (
            json!({"phone_number": "+86 12345", "verification_token": vt}),
            "invalid_argument",
        ),
    ] {
        let (s, v) = emu.post("/auth/v1/signup", ENV, body.clone()).await;
        assert_err(s, &v, 400, err, 3);
    }
    // The token was not consumed by the failures.
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": PHONE, "verification_token": vt, "username": "alice"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // Existing phone, duplicate username.
    emu.state.advance_clock(31_000);
    let vt = emu.verified(ENV, "phone_number", PHONE).await;
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": PHONE, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    let vt = emu.verified(ENV, "email", "a@b.co").await;
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"email": "a@b.co", "verification_token": vt, "username": "alice"}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    // target USER.
    let (s, v) = emu
        .post(
            "/auth/v1/verification",
            ENV,
            json!({"email": "nobody@b.co", "target": "USER"}),
        )
        .await;
    assert_err(s, &v, 404, "not_found", 5);
    let (s, v) = emu
        .post(
            "/auth/v1/verification",
            ENV,
            json!({"email": "bad@", "target": "ANY"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
}

#[tokio::test]
async fn malformed_bodies_and_env_scoping() {
    let emu = start().await;
    for body in ["{", "[]", "{\"phone_number\": 5}", "null"] {
        let res = emu
            .http
            .post(format!("{}/auth/v1/verification?client_id={ENV}", emu.base))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 400);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_err(400, &v, 400, "invalid_argument", 3);
    }
    let (s, v) = emu
        .post(
            "/auth/v1/verification/verify",
            ENV,
            json!({"verification_id": 1}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    let big = "x".repeat(70 * 1024);
    let res = emu
        .http
        .post(format!("{}/auth/v1/signin", emu.base))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);

    emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            "env-b",
            json!({"username": PHONE, "password": "Passw0rd!"}),
        )
        .await;
    assert_err(s, &v, 404, "not_found", 5);
    let (_, v) = emu
        .post(
            "/auth/v1/verification",
            "env-b",
            json!({"phone_number": PHONE}),
        )
        .await;
    assert_eq!(v["is_user"], false);
    let (_, v) = emu
        .post(
            "/auth/v1/verification",
            "env-c",
            json!({"phone_number": PHONE, "target": "ANY"}),
        )
        .await;
    assert_eq!(v["is_user"], false);
}

#[tokio::test]
async fn cors_preflight_and_dev_api() {
    let emu = start().await;
    let res = emu
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/auth/v1/signin", emu.base),
        )
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "x-sdk-version,x-request-id,x-device-id",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:5173");
    assert_eq!(
        h["access-control-allow-headers"],
        "x-sdk-version,x-request-id,x-device-id"
    );
    assert_eq!(h["access-control-max-age"], "600");
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("PATCH")
    );

    let (s, v) = emu.get("/emulator/v1/health", None).await;
    assert_eq!((s, v), (200, json!({"ok": true})));
    emu.post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    let (_, inbox) = emu
        .get("/emulator/v1/inbox?to=%2B86%2013800000000", None)
        .await;
    let m = &inbox["messages"][0];
    assert_eq!(m["to"], PHONE);
    assert_eq!(m["channel"], "sms");
    assert!(m["expires_at"].as_i64().unwrap() > m["sent_at"].as_i64().unwrap());
    let (s, _) = emu.post("/emulator/v1/reset", ENV, json!({})).await;
    assert_eq!(s, 200);
    let (_, inbox) = emu
        .get("/emulator/v1/inbox?to=%2B86%2013800000000", None)
        .await;
    assert_eq!(inbox["messages"], json!([]));
}

#[tokio::test]
async fn dev_users_provider_exists_and_layer_errors() {
    let emu = start().await;
    let body = json!({"username": "alice", "password": "Passw0rd!", "email": "alice@example.com"});
    let (s, v) = emu.post("/emulator/v1/users", ENV, body.clone()).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = emu.post("/emulator/v1/users", ENV, body).await;
    assert_err(s, &v, 409, "already_exists", 6);
    let (s, c) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": "alice", "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    let (s, c2) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": "ALICE@example.com", "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{c2}");
    assert_eq!(c["sub"], c2["sub"]);
    let (s, v) = emu
        .get("/auth/v1/user/provider", c["access_token"].as_str())
        .await;
    assert_eq!((s, v), (200, json!({"total": 0, "data": []})));
    let (_, v) = emu
        .get(
            &format!("/auth/v1/checkIfUserExist?client_id={ENV}&username=alice"),
            None,
        )
        .await;
    assert_eq!(v, json!({"exist": true}));
    let (_, v) = emu
        .get(
            "/auth/v1/checkIfUserExist?client_id=other&username=alice",
            None,
        )
        .await;
    assert_eq!(v, json!({"exist": false}));
    // Layer errors carry the JSON error body.
    let res = emu
        .http
        .post(format!("{}/auth/v1/signin", emu.base))
        .body("x".repeat(70 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "invalid_argument");
    let (s, v) = emu.get("/auth/v1/signin", None).await;
    assert_eq!(s, 405);
    assert_eq!(v["error_code"], 5);
}

#[tokio::test]
async fn dev_config_changes_limits() {
    let emu = start().await;
    let (_, cfg) = emu.get("/emulator/v1/config", None).await;
    assert_eq!(cfg["resend_gap_secs"], 30);
    let res = emu
        .http
        .patch(format!("{}/emulator/v1/config", emu.base))
        .header("content-type", "application/json")
        .body(json!({"resend_gap_secs": 0, "code_ttl_secs": 120}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!((s, v["expires_in"].as_i64()), (200, Some(120)));
    let (s, _) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!(s, 200);
    let res = emu
        .http
        .patch(format!("{}/emulator/v1/config", emu.base))
        .header("content-type", "application/json")
        .body(json!({"no_such_limit": 1}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
}
