//! Login methods switched off in the config answer `login_type_disabled` and store nothing.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use serde_json::json;

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";
const EMAIL: &str = "alice@example.com";

#[tokio::test]
async fn switches_default_on_and_reject_bad_values() {
    let emu = start().await;
    let (s, cfg) = emu.get("/emulator/v1/config", None).await;
    assert_eq!(s, 200);
    for key in [
        "sms_login",
        "email_login",
        "password_login",
        "anonymous_login",
    ] {
        assert_eq!(cfg[key], true, "{key}: {cfg}");
    }
    for bad in [
        json!({"sms_login": "no"}),
        json!({"email_login": 0}),
        json!({"password_login": null}),
        json!({"code_ttl_secs": 0}),
        json!({"access_ttl_secs": i64::MAX}),
        json!({"resend_gap_secs": -1}),
    ] {
        let (s, v) = emu.patch("/emulator/v1/config", None, bad.clone()).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    // Nothing changed.
    let (_, after) = emu.get("/emulator/v1/config", None).await;
    assert_eq!(after, cfg);
    let v = emu.config(json!({"anonymous_login": false})).await;
    assert_eq!(v["anonymous_login"], false);
    assert_eq!(v["sms_login"], true);
}

#[tokio::test]
async fn sms_login_off() {
    let emu = start().await;
    // A token obtained while SMS login was on.
    let vt = emu.verified(ENV, "phone_number", PHONE).await;
    emu.config(json!({"sms_login": false})).await;
    let codes = emu.count("codes");
    emu.state.advance_clock(31_000);
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    assert_eq!(emu.count("codes"), codes);
    // Sign-up with the earlier token is refused too and does not consume it.
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": PHONE, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    assert_eq!(emu.count("users"), 0);
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    // Email codes still work.
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"email": EMAIL}))
        .await;
    assert_eq!(s, 200, "{v}");
    // Switched back on: the same token signs up.
    emu.config(json!({"sms_login": true})).await;
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": PHONE, "verification_token": vt}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn sms_off_still_sends_codes_to_the_signed_in_user() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    emu.config(json!({"sms_login": false})).await;
    emu.state.advance_clock(31_000);
    let (s, v) = emu
        .post_auth(
            "/auth/v1/verification",
            at,
            json!({"phone_number": "+86 13900000000", "target": "CUR_USER"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // Without the target it is a login code.
    let (s, v) = emu
        .post_auth("/auth/v1/verification", at, json!({"phone_number": PHONE}))
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    // CUR_USER without a valid bearer token is a login code as well.
    let (s, v) = emu
        .post(
            "/auth/v1/verification",
            ENV,
            json!({"phone_number": PHONE, "target": "CUR_USER"}),
        )
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
}

#[tokio::test]
async fn email_login_off() {
    let emu = start().await;
    let vt = emu.verified(ENV, "email", EMAIL).await;
    emu.config(json!({"email_login": false})).await;
    emu.state.advance_clock(31_000);
    let codes = emu.count("codes");
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"email": EMAIL}))
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    assert_eq!(emu.count("codes"), codes);
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"email": EMAIL, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    assert_eq!(emu.count("users"), 0);
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": EMAIL, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"phone_number": PHONE}))
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn password_login_off() {
    let emu = start().await;
    let (s, v) = emu
        .post(
            "/emulator/v1/users",
            ENV,
            json!({"username": "alice", "password": "Passw0rd!", "email": EMAIL}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    emu.config(json!({"password_login": false})).await;
    for username in ["alice", EMAIL] {
        let (s, v) = emu
            .post(
                "/auth/v1/signin",
                ENV,
                json!({"username": username, "password": "Passw0rd!"}),
            )
            .await;
        assert_err(s, &v, 403, "login_type_disabled", 4045);
    }
    assert_eq!(emu.count("sessions"), 0);
    assert_eq!(emu.count("refresh_tokens"), 0);
    // Code sign-in is another method.
    let vt = emu.verified(ENV, "email", EMAIL).await;
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": EMAIL, "verification_token": vt}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    emu.config(json!({"password_login": true})).await;
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": "alice", "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn anonymous_login_off() {
    let emu = start().await;
    emu.config(json!({"anonymous_login": false})).await;
    let (s, v) = emu
        .post("/auth/v1/signin/anonymously", ENV, json!({}))
        .await;
    assert_err(s, &v, 403, "login_type_disabled", 4045);
    assert_eq!(emu.count("users"), 0);
    assert_eq!(emu.count("sessions"), 0);
    emu.config(json!({"anonymous_login": true})).await;
    let (s, v) = emu
        .post("/auth/v1/signin/anonymously", ENV, json!({}))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(emu.count("users"), 1);
}

#[tokio::test]
async fn username_and_password_alone_cannot_sign_up() {
    let emu = start().await;
    for body in [
        json!({"username": "alice", "password": "Passw0rd!"}),
        json!({"username": "alice"}),
        json!({"password": "Passw0rd!", "phone_number": "", "email": ""}),
        json!({"username": "alice", "password": "Passw0rd!", "verification_token": "x"}),
    ] {
        let (s, v) = emu.post("/auth/v1/signup", ENV, body.clone()).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        assert!(
            v["error_description"]
                .as_str()
                .unwrap()
                .contains("phone_number or email"),
            "{v}"
        );
    }
    assert_eq!(emu.count("users"), 0);
    assert_eq!(emu.count("sessions"), 0);
}
