//! Account maintenance endpoints.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use serde_json::json;

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";

#[tokio::test]
async fn edit_sudo_password_reset_delete() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/basic/edit",
            at,
            json!({"nickname": "Al", "gender": "MALE"}),
        )
        .await;
    assert_eq!((s, v), (200, json!({})));
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(
        (me["name"].as_str(), me["gender"].as_str()),
        (Some("Al"), Some("MALE"))
    );

    let (s, v) = emu
        .post_auth("/auth/v1/user/sudo", at, json!({"password": "wrong1234"}))
        .await;
    assert_err(s, &v, 400, "invalid_password", 3);
    let (_, v) = emu
        .post_auth("/auth/v1/user/sudo", at, json!({"password": "Passw0rd!"}))
        .await;
    let sudo = v["sudo_token"].as_str().unwrap().to_string();
    let res = emu
        .http
        .patch(format!("{}/auth/v1/user/password", emu.base))
        .bearer_auth(at)
        .body(json!({"new_password": "N3wPassword", "sudo_token": sudo}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (s, _) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "N3wPassword"}),
        )
        .await;
    assert_eq!(s, 200);

    // Reset with a verification token revokes sessions.
    emu.state.advance_clock(31_000);
    let vt = emu.verified(ENV, "phone_number", PHONE).await;
    let (s, v) = emu
        .post(
            "/auth/v1/reset",
            ENV,
            json!({"phone_number": PHONE, "new_password": "Res3tPass", "verification_token": vt}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(s, 401);
    let (s, c) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "Res3tPass"}),
        )
        .await;
    assert_eq!(s, 200);
    let at = c["access_token"].as_str().unwrap();

    // Delete needs a sudo token.
    let res = emu
        .http
        .delete(format!("{}/auth/v1/user/me?sudo_token=bogus", emu.base))
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let (_, v) = emu
        .post_auth("/auth/v1/user/sudo", at, json!({"password": "Res3tPass"}))
        .await;
    let sudo = v["sudo_token"].as_str().unwrap();
    let res = emu
        .http
        .delete(format!("{}/auth/v1/user/me?sudo_token={sudo}", emu.base))
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "Res3tPass"}),
        )
        .await;
    assert_err(s, &v, 404, "not_found", 5);
}

#[tokio::test]
async fn basic_edit_changes_the_email_or_phone_with_a_verified_code() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    let edit = |body| emu.post_auth("/auth/v1/user/basic/edit", at, body);
    // Without a token, or with one for another address, nothing changes.
    let (s, v) = edit(json!({"email": "new@example.com"})).await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    let other = emu.verified(ENV, "email", "other@example.com").await;
    let (s, v) = edit(json!({"email": "new@example.com", "verification_token": other})).await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // With the token of a code sent to the new address: changed, and the token is used up.
    let vt = emu.verified(ENV, "email", "new@example.com").await;
    let (s, v) =
        edit(json!({"email": "New@Example.com", "nickname": "Al", "verification_token": vt})).await;
    assert_eq!((s, v), (200, json!({})));
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(
        (me["email"].as_str(), me["name"].as_str()),
        (Some("new@example.com"), Some("Al"))
    );
    let (s, v) = edit(json!({"email": "new@example.com", "verification_token": vt})).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    // A phone number another user has is refused, and the token is not spent.
    let taken = "+86 13900000009";
    emu.signup_phone(ENV, taken, "Passw0rd!").await;
    emu.state.advance_clock(31_000);
    let vt = emu.verified(ENV, "phone_number", taken).await;
    let (s, v) = edit(json!({"phone": taken, "verification_token": vt})).await;
    assert_err(s, &v, 409, "already_exists", 6);
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["phone_number"].as_str(), Some(PHONE));
}

/// Signs in with a password; answers the access and refresh tokens.
async fn password_session(emu: &common::Emu, password: &str) -> (String, String) {
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": password}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let t = |k: &str| v[k].as_str().unwrap().to_owned();
    (t("access_token"), t("refresh_token"))
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_only() {
    let emu = start().await;
    emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let (mine, my_refresh) = password_session(&emu, "Passw0rd!").await;
    // Say someone else signed in with the old password.
    let (theirs, their_refresh) = password_session(&emu, "Passw0rd!").await;
    let (_, v) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            &mine,
            json!({"password": "Passw0rd!"}),
        )
        .await;
    let (s, v) = emu
        .patch(
            "/auth/v1/user/password",
            Some(&mine),
            json!({"new_password": "N3wPassword", "sudo_token": v["sudo_token"]}),
        )
        .await;
    assert_eq!((s, &v), (200, &json!({})));
    // The other session is over, access and refresh token alike.
    let (s, v) = emu.get("/auth/v1/user/me", Some(&theirs)).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let refresh = |rt: String| {
        emu.post(
            "/auth/v1/token",
            ENV,
            json!({"grant_type": "refresh_token", "refresh_token": rt}),
        )
    };
    let (s, v) = refresh(their_refresh).await;
    assert_err(s, &v, 400, "invalid_grant", 3);
    // The session that made the change goes on, as the SDK expects.
    let (s, v) = emu.get("/auth/v1/user/me", Some(&mine)).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = refresh(my_refresh).await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn sudo_leaves_another_users_verification_token_unused() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap();
    // A token for another address (its owner's), offered to sudo by this user.
    let other = "+86 13900000000";
    let vt = emu.verified(ENV, "phone_number", other).await;
    let (s, v) = emu
        .post_auth("/auth/v1/user/sudo", at, json!({"verification_token": vt}))
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // It still works for its owner.
    let (s, v) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": other, "verification_token": vt, "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // This user's own token is used up by sudo.
    emu.state.advance_clock(31_000);
    let mine = emu.verified(ENV, "phone_number", PHONE).await;
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            at,
            json!({"verification_token": mine}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            at,
            json!({"verification_token": mine}),
        )
        .await;
    assert_err(s, &v, 400, "failed_precondition", 9);
}
