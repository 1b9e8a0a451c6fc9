//! Expired codes and verification tokens versus used-up ones: distinct errors, nothing stored.
#![allow(clippy::unwrap_used)]
mod common;
use common::{Emu, assert_err, start};
use serde_json::{Value, json};

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";

/// Sends a code to `PHONE`; returns `(verification_id, code)`.
async fn send(emu: &Emu) -> (Value, String) {
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!(s, 200, "{v}");
    (v["verification_id"].clone(), emu.latest_code(PHONE).await)
}

async fn verify(emu: &Emu, id: &Value, code: &str) -> (u16, Value) {
    emu.post(
        "/auth/v1/verification/verify",
        ENV,
        json!({"verification_id": id, "verification_code": code}),
    )
    .await
}

async fn signup(emu: &Emu, token: &str) -> (u16, Value) {
    emu.post(
        "/auth/v1/signup",
        ENV,
        json!({"phone_number": PHONE, "verification_token": token, "password": "abcd1234"}),
    )
    .await
}

#[tokio::test]
async fn expired_code_is_invalid_verification_code() {
    let emu = start().await;
    let (id, code) = send(&emu).await;
    emu.state.advance_clock(601_000);
    let (s, v) = verify(&emu, &id, &code).await;
    assert_err(s, &v, 400, "invalid_verification_code", 3);
    assert_eq!(v["error_description"], "verification code expired");
    assert_eq!(emu.count("vtokens"), 0);
}

#[tokio::test]
async fn used_code_is_failed_precondition() {
    let emu = start().await;
    let (id, code) = send(&emu).await;
    let (s, v) = verify(&emu, &id, &code).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = verify(&emu, &id, &code).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    assert_eq!(v["error_description"], "verification code already used");
    assert_eq!(emu.count("vtokens"), 1);
    // Used up wins over expired: the code cannot come back by waiting.
    emu.state.advance_clock(601_000);
    let (s, v) = verify(&emu, &id, &code).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
}

#[tokio::test]
async fn attempt_limit_wins_over_expiry() {
    let emu = start().await;
    let (id, code) = send(&emu).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let (s, v) = verify(&emu, &id, wrong).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    emu.state.advance_clock(601_000);
    let (s, v) = verify(&emu, &id, &code).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    assert_eq!(
        v["error_description"],
        "verification code attempt limit reached"
    );
    assert_eq!(emu.count("vtokens"), 0);
}

#[tokio::test]
async fn expired_verification_token_stores_nothing() {
    let emu = start().await;
    let token = emu.verified(ENV, "phone_number", PHONE).await;
    emu.state.advance_clock(601_000);
    let (s, v) = signup(&emu, &token).await;
    assert_err(s, &v, 400, "invalid_verification_code", 3);
    assert_eq!(v["error_description"], "verification_token expired");
    assert_eq!(emu.count("users"), 0);
    assert_eq!(emu.count("sessions"), 0);
    // The token was not consumed either: it is still reported as expired, not used.
    let (s, v) = signup(&emu, &token).await;
    assert_err(s, &v, 400, "invalid_verification_code", 3);
}

#[tokio::test]
async fn used_verification_token_stores_nothing() {
    let emu = start().await;
    let token = emu.verified(ENV, "phone_number", PHONE).await;
    let (s, v) = signup(&emu, &token).await;
    assert_eq!(s, 200, "{v}");
    let users = emu.count("users");
    let sessions = emu.count("sessions");
    // Signing in with the same token again is refused as used.
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "verification_token": token}),
        )
        .await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    assert_eq!(v["error_description"], "verification_token already used");
    assert_eq!(emu.count("users"), users);
    assert_eq!(emu.count("sessions"), sessions);
}

#[tokio::test]
async fn unknown_verification_token_is_invalid_argument() {
    let emu = start().await;
    let (s, v) = signup(&emu, "no-such-token").await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    assert_eq!(v["error_description"], "verification_token is invalid");
    assert_eq!(emu.count("users"), 0);
}
