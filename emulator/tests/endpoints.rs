//! Custom tickets, providers, contact change, unavailable and unknown endpoints.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use reqwest::Method;
use serde_json::json;

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";

#[tokio::test]
async fn custom_ticket_signin() {
    let emu = start().await;
    let (s, v) = emu
        .post("/emulator/v1/tickets", ENV, json!({"uid": "dev-user_1"}))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["expires_in"], 300);
    let ticket = v["ticket"].as_str().unwrap().to_string();
    assert_eq!(emu.count("users"), 1);
    // A second ticket for the same uid does not create another user.
    let (_, v) = emu
        .post("/emulator/v1/tickets", ENV, json!({"uid": "dev-user_1"}))
        .await;
    let second = v["ticket"].as_str().unwrap().to_string();
    assert_eq!(emu.count("users"), 1);

    // Wrong provider id, and a ticket of another env: refused, the ticket stays usable.
    let (s, v) = emu
        .post(
            "/auth/v1/signin/custom",
            ENV,
            json!({"provider_id": "wechat", "ticket": ticket}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    let (s, v) = emu
        .post(
            "/auth/v1/signin/custom",
            "other-env",
            json!({"provider_id": "custom", "ticket": ticket}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);

    let (s, c) = emu
        .post(
            "/auth/v1/signin/custom",
            ENV,
            json!({"provider_id": "custom", "ticket": ticket}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["sub"], "dev-user_1");
    assert_eq!(c["scope"], "user");
    let (s, me) = emu
        .get("/auth/v1/user/me", c["access_token"].as_str())
        .await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["sub"], "dev-user_1");
    assert_eq!(me["created_from"], "custom");
    // Single use.
    let (s, v) = emu
        .post(
            "/auth/v1/signin/custom",
            ENV,
            json!({"provider_id": "custom", "ticket": ticket}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // The user deleted meanwhile: signing in with a ticket creates it again.
    emu.state
        .db()
        .execute("DELETE FROM users WHERE id='dev-user_1'", [])
        .unwrap();
    let (s, c) = emu
        .post(
            "/auth/v1/signin/custom",
            ENV,
            json!({"provider_id": "custom", "ticket": second}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(emu.count("users"), 1);
    // Tickets expire after 5 minutes.
    let (_, v) = emu
        .post("/emulator/v1/tickets", ENV, json!({"uid": "dev-user_1"}))
        .await;
    emu.state.advance_clock(301_000);
    let (s, v) = emu
        .post(
            "/auth/v1/signin/custom",
            ENV,
            json!({"provider_id": "custom", "ticket": v["ticket"]}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // Bad uids.
    for uid in ["abc", "x".repeat(33).as_str(), "has space", "ünï", ""] {
        let (s, v) = emu
            .post("/emulator/v1/tickets", ENV, json!({ "uid": uid }))
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    let (s, v) = emu
        .post(
            "/emulator/v1/tickets",
            ENV,
            json!({"uid": "a_b-c#d@e(f){g}[h]:i.j,k<l>m+n~"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn providers_bind_unbind() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": "some-token"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .contains("provider_token"),
        "{v}"
    );
    let (s, v) = emu
        .post(
            "/auth/v1/user/provider/bind",
            ENV,
            json!({"provider_token": "some-token"}),
        )
        .await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let (s, v) = emu.delete("/auth/v1/user/provider/wx_open", Some(at)).await;
    assert_err(s, &v, 404, "not_found", 5);
    let (s, v) = emu.delete("/auth/v1/user/provider/wx_open", None).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    for path in [
        "/auth/v1/signin/with/provider",
        "/auth/v1/signin/anonymously",
    ] {
        let (s, v) = emu
            .post(path, ENV, json!({"provider_token": "some-token"}))
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    assert_eq!(emu.count("users"), 1);
    let (_, v) = emu.get("/auth/v1/user/provider", Some(at)).await;
    assert_eq!(v, json!({"total": 0, "data": []}));
}

#[tokio::test]
async fn contact_change() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    let (s, _) = emu
        .post(
            "/emulator/v1/users",
            ENV,
            json!({"username": "bob", "password": "Passw0rd!", "email": "bob@example.com"}),
        )
        .await;
    assert_eq!(s, 200);
    let new_sudo = || async {
        let (s, v) = emu
            .post_auth("/auth/v1/user/sudo", at, json!({"password": "Passw0rd!"}))
            .await;
        assert_eq!(s, 200, "{v}");
        v["sudo_token"].as_str().unwrap().to_string()
    };
    // A code to the new phone, sent while signed in.
    let new_phone = "+86 13900000000";
    let (s, v) = emu
        .post_auth(
            "/auth/v1/verification",
            at,
            json!({"phone_number": new_phone, "target": "CUR_USER"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let code = emu.latest_code(new_phone).await;
    let (_, v) = emu
        .post(
            "/auth/v1/verification/verify",
            ENV,
            json!({"verification_id": v["verification_id"], "verification_code": code}),
        )
        .await;
    let vt = v["verification_token"].as_str().unwrap().to_string();
    let st = new_sudo().await;
    // Failures change nothing and consume nothing.
    for (body, status, error) in [
        (
            json!({"phone_number": new_phone, "sudo_token": "bogus", "verification_token": vt}),
            400,
            "invalid_argument",
        ),
        (
            json!({"phone_number": new_phone, "sudo_token": st, "verification_token": "bogus"}),
            400,
            "invalid_argument",
        ),
        (
            json!({"phone_number": "+86 13700000000", "sudo_token": st, "verification_token": vt}),
            400,
            "invalid_argument",
        ),
        (
            json!({"email": "bob@example.com", "sudo_token": st, "verification_token": vt}),
            409,
            "already_exists",
        ),
        (
            json!({"phone_number": new_phone, "email": "x@example.com", "sudo_token": st, "verification_token": vt}),
            400,
            "invalid_argument",
        ),
        (
            json!({"sudo_token": st, "verification_token": vt}),
            400,
            "invalid_argument",
        ),
    ] {
        let (s, v) = emu.patch("/auth/v1/user/contact", Some(at), body).await;
        let code = if status == 409 { 6 } else { 3 };
        assert_err(s, &v, status, error, code);
    }
    let (s, v) = emu
        .patch(
            "/auth/v1/user/contact",
            None,
            json!({"phone_number": new_phone, "sudo_token": st, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let (s, v) = emu
        .patch(
            "/auth/v1/user/contact",
            Some(at),
            json!({"phone_number": new_phone, "sudo_token": st, "verification_token": vt}),
        )
        .await;
    assert_eq!((s, v), (200, json!({})));
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["phone_number"], new_phone);
    // Tokens are single use.
    let (s, v) = emu
        .patch(
            "/auth/v1/user/contact",
            Some(at),
            json!({"phone_number": new_phone, "sudo_token": st, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // Sign-in follows the new phone.
    let (s, _) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": new_phone, "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "Passw0rd!"}),
        )
        .await;
    assert_err(s, &v, 404, "not_found", 5);
    // An email is added the same way (stored lowercased); a taken phone is refused.
    let vt = emu.verified(ENV, "email", "Al@Example.com").await;
    let st = new_sudo().await;
    let (s, v) = emu
        .patch(
            "/auth/v1/user/contact",
            Some(at),
            json!({"email": "AL@example.com", "sudo_token": st, "verification_token": vt}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["email"], "al@example.com");
    let other = emu.signup_phone(ENV, "+86 13600000000", "Passw0rd!").await;
    let (_, v) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            other["access_token"].as_str().unwrap(),
            json!({"password": "Passw0rd!"}),
        )
        .await;
    emu.state.advance_clock(31_000);
    let vt = emu.verified(ENV, "phone_number", new_phone).await;
    let (s, v) = emu
        .patch(
            "/auth/v1/user/contact",
            other["access_token"].as_str(),
            json!({"phone_number": new_phone, "sudo_token": v["sudo_token"], "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
}

#[tokio::test]
async fn unavailable_endpoints_answer_unimplemented() {
    let emu = start().await;
    for (method, path) in [
        (Method::POST, "/auth/v1/signin/wechat/noauth"),
        (Method::POST, "/auth/v1/plugin/weda/userinfo"),
        (Method::GET, "/auth/v1/plugin/weda/userinfo"),
        (Method::POST, "/auth/v1/qrcode/generate"),
        (Method::GET, "/auth/v1/qrcode/get/status"),
        (Method::POST, "/auth/v1/device/code"),
        (Method::POST, "/auth/v1/user/device/authorize"),
        (Method::POST, "/auth/v2/signin/verificationcode"),
        (Method::DELETE, "/auth/v1/user/authorized/devices/abc"),
    ] {
        let (s, v) = emu
            .send(
                method.clone(),
                &format!("{path}?client_id={ENV}"),
                None,
                "{}",
            )
            .await;
        assert_err(s, &v, 501, "unimplemented", 12);
        assert_eq!(
            v["error_description"],
            format!("{method} {path} is not available in the emulator")
        );
    }
}

#[tokio::test]
async fn unknown_paths_answer_json_not_found() {
    let emu = start().await;
    for (method, path) in [
        (Method::GET, "/auth/v1/nope"),
        (Method::POST, "/auth/v1/user/nope"),
        (Method::GET, "/auth/v3/user/me"),
        (Method::GET, "/auth"),
        (Method::GET, "/auth/"),
        (Method::POST, "/emulator/v1/nope"),
        (Method::GET, "/"),
        (Method::DELETE, "/nope/%00"),
    ] {
        let (s, v) = emu.send(method, path, None, "").await;
        assert_err(s, &v, 404, "not_found", 5);
    }
}
