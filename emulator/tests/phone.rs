//! Phone numbers: every spelling of a number is one key for codes, rate limits, the dev inbox
//! and users; impossible numbers are refused.
#![allow(clippy::unwrap_used)]
mod common;
use common::{Emu, assert_err, start};
use serde_json::{Value, json};

const ENV: &str = "test-env-1";
const CANONICAL: &str = "+86 13800138000";
/// Spellings of `CANONICAL`.
const SPELLINGS: &[&str] = &[
    "+86 13800138000",
    "+861 3800138000",
    "+8 613800138000",
    "+86 013800138000",
    "+86 0013800138000",
    "+8613800138000",
    "13800138000",
];

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn send(emu: &Emu, phone: &str) -> (u16, Value) {
    emu.post("/auth/v1/verification", ENV, json!({"phone_number": phone}))
        .await
}

async fn inbox(emu: &Emu, query_value: &str) -> Vec<Value> {
    let (s, v) = emu
        .get(&format!("/emulator/v1/inbox?to={query_value}"), None)
        .await;
    assert_eq!(s, 200, "{v}");
    v["messages"].as_array().unwrap().clone()
}

/// Sends a code to `phone`, verifies it, and answers the verification token.
async fn verified(emu: &Emu, phone: &str) -> String {
    let (s, v) = send(emu, phone).await;
    assert_eq!(s, 200, "{phone}: {v}");
    let code = inbox(emu, &enc(phone)).await[0]["code"].clone();
    let (s, v) = emu
        .post(
            "/auth/v1/verification/verify",
            ENV,
            json!({"verification_id": v["verification_id"], "verification_code": code}),
        )
        .await;
    assert_eq!(s, 200, "{phone}: {v}");
    v["verification_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn spellings_share_one_rate_limit_and_one_inbox() {
    let emu = start().await;
    for (i, first) in SPELLINGS.iter().enumerate() {
        let (s, v) = send(&emu, first).await;
        assert_eq!(s, 200, "{first}: {v}");
        // Within the resend gap, a code to any spelling of the number is refused.
        for other in SPELLINGS {
            let (s, v) = send(&emu, other).await;
            assert_err(s, &v, 429, "resource_exhausted", 8);
            assert!(v["retry_after"].as_u64().is_some_and(|r| r <= 30), "{v}");
        }
        assert_eq!(emu.count("codes"), i as i64 + 1);
        emu.state.advance_clock(31_000);
    }
    // Every spelling finds all the codes, stored under the canonical form.
    for spelling in SPELLINGS {
        let messages = inbox(&emu, &enc(spelling)).await;
        assert_eq!(messages.len(), SPELLINGS.len(), "{spelling}");
        assert!(
            messages.iter().all(|m| m["to"] == CANONICAL),
            "{messages:?}"
        );
    }
    // An unencoded `+` (read as a space) is accepted too.
    for raw in ["+8613800138000", "+86%20013800138000"] {
        assert_eq!(inbox(&emu, raw).await.len(), SPELLINGS.len(), "{raw}");
    }
    // Another number is another key.
    let (s, v) = send(&emu, "+86 13800138001").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(inbox(&emu, &enc("+86 13800138001")).await.len(), 1);
}

#[tokio::test]
async fn spellings_sign_in_the_same_user() {
    let emu = start().await;
    let vt = verified(&emu, "+8 613800138000").await;
    let (s, creds) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": "+86 0013800138000", "verification_token": vt, "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{creds}");
    let sub = creds["sub"].clone();
    let (_, me) = emu
        .get("/auth/v1/user/me", creds["access_token"].as_str())
        .await;
    assert_eq!(me["phone_number"], CANONICAL);
    for spelling in SPELLINGS {
        // Password sign-in.
        let (s, c) = emu
            .post(
                "/auth/v1/signin",
                ENV,
                json!({"username": spelling, "password": "Passw0rd!"}),
            )
            .await;
        assert_eq!(s, 200, "{spelling}: {c}");
        assert_eq!(c["sub"], sub, "{spelling}");
        // Code sign-in: the number is known as a user's whatever its spelling.
        emu.state.advance_clock(31_000);
        let (_, sent) = send(&emu, spelling).await;
        assert_eq!(sent["is_user"], true, "{spelling}: {sent}");
        let code = inbox(&emu, &enc(spelling)).await[0]["code"].clone();
        let (_, v) = emu
            .post(
                "/auth/v1/verification/verify",
                ENV,
                json!({"verification_id": sent["verification_id"], "verification_code": code}),
            )
            .await;
        let (s, c) = emu
            .post(
                "/auth/v1/signin",
                ENV,
                json!({"username": spelling, "verification_token": v["verification_token"]}),
            )
            .await;
        assert_eq!(s, 200, "{spelling}: {c}");
        assert_eq!(c["sub"], sub, "{spelling}");
    }
    // A second sign-up under another spelling is the same phone.
    emu.state.advance_clock(31_000);
    let vt = verified(&emu, "13800138000").await;
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": "+861 3800138000", "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    assert_eq!(emu.count("users"), 1);
}

#[tokio::test]
async fn impossible_numbers_are_refused() {
    let emu = start().await;
    for phone in [
        "+86 12345",
        "+1 0000000",
        "12345",
        "+86 12345678901",
        "+0 123456",
        "+86 1380013800x",
    ] {
        let (s, v) = send(&emu, phone).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        let d = v["error_description"].as_str().unwrap();
        assert!(d.contains("phone"), "{phone}: {d}");
        let (s, v) = emu
            .post(
                "/auth/v1/signin",
                ENV,
                json!({"username": phone, "verification_token": "x"}),
            )
            .await;
        if phone.starts_with('+') {
            assert_err(s, &v, 400, "invalid_argument", 3);
        } else {
            // Digits alone that are no phone number name no user (usernames are never all
            // digits).
            assert_err(s, &v, 404, "not_found", 5);
        }
    }
    assert_eq!(emu.count("codes"), 0);
    // Numbers of other countries are checked against their own rules.
    for phone in ["+1 4155550100", "+44 7911123456", "+852 91234567"] {
        let (s, v) = send(&emu, phone).await;
        assert_eq!(s, 200, "{phone}: {v}");
    }
}
