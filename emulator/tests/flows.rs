//! End-to-end flows over real HTTP on loopback.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_err, start};
use serde_json::json;

const ENV: &str = "test-env-1";
const PHONE: &str = "+86 13800000000";

#[tokio::test]
async fn phone_signup_me_refresh_signin_signout() {
    let emu = start().await;
    let creds = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    assert_eq!(creds["token_type"], "Bearer");
    assert_eq!(creds["expires_in"], 7200);
    assert_eq!(creds["scope"], "user");
    assert_eq!(creds["groups"], json!(["user"]));
    let at = creds["access_token"].as_str().unwrap();
    let (s, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["sub"], creds["sub"]);
    assert_eq!(me["phone_number"], PHONE);
    assert_eq!(me["password"], "SET");
    assert_eq!(me["gender"], "UNKNOWN");
    assert_eq!(me["created_from"], "phone");
    assert_eq!(me["groups"], json!([{"id": "user"}]));
    assert!(me["created_at"].as_str().unwrap().ends_with('Z'));

    // JWT claims.
    use base64::Engine;
    let payload = at.split('.').nth(1).unwrap();
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["aud"], ENV);
    assert_eq!(
        claims["iss"],
        format!("https://{ENV}.api.tcloudbasegateway.com")
    );
    assert_eq!(claims["sub"], creds["sub"]);
    assert_eq!(claims["user_id"], creds["sub"]);
    let (_, certs) = emu.get("/auth/v1/certs", None).await;
    assert_eq!(certs["keys"][0]["kty"], "EC");

    // Password sign-in with the phone; wrong password.
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "nope"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_password", 3);
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": "ghost", "password": "Passw0rd!"}),
        )
        .await;
    assert_err(s, &v, 404, "not_found", 5);

    // Sign out revokes the session.
    let (s, v) = emu.post_auth("/auth/v1/user/signout", at, json!({})).await;
    assert_eq!((s, v), (200, json!({"redirect_uri": ""})));
    let (s, v) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let (s, v) = emu.get("/auth/v1/user/me", Some("not.a.jwt")).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let (s, v) = emu.get("/auth/v1/user/me", None).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
}

#[tokio::test]
async fn refresh_rotation_grace_and_family_revocation() {
    let emu = start().await;
    let creds = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    let rt1 = creds["refresh_token"].as_str().unwrap().to_string();
    let refresh = |rt: String| {
        let emu = &emu;
        async move {
            emu.post(
                "/auth/v1/token",
                ENV,
                json!({"client_id": ENV, "client_secret": "", "grant_type": "refresh_token", "refresh_token": rt}),
            )
            .await
        }
    };
    let (s, c2) = refresh(rt1.clone()).await;
    assert_eq!(s, 200, "{c2}");
    let rt2 = c2["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2);
    // Reuse within the grace window: accepted.
    let (s, c3) = refresh(rt1.clone()).await;
    assert_eq!(s, 200, "{c3}");
    // After the grace window: the family is revoked.
    emu.state.advance_clock(11_000);
    let (s, v) = refresh(rt1.clone()).await;
    assert_err(s, &v, 400, "invalid_grant", 3);
    let (s, v) = refresh(rt2).await;
    assert_err(s, &v, 400, "invalid_grant", 3);
    let (s, v) = emu
        .get("/auth/v1/user/me", c2["access_token"].as_str())
        .await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    // Access tokens expire.
    let fresh = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "password": "Passw0rd!"}),
        )
        .await
        .1;
    emu.state.advance_clock(7_201_000);
    let (s, v) = emu
        .get("/auth/v1/user/me", fresh["access_token"].as_str())
        .await;
    assert_err(s, &v, 401, "unauthenticated", 16);
}

#[tokio::test]
async fn revoke_and_anonymous() {
    let emu = start().await;
    let (s, anon) = emu
        .post("/auth/v1/signin/anonymously", ENV, json!({}))
        .await;
    assert_eq!(s, 200, "{anon}");
    assert_eq!(anon["scope"], "anonymous");
    let at = anon["access_token"].as_str().unwrap();
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["name"], "anonymous");
    assert!(me.get("password").is_none());
    let (s, v) = emu.post("/auth/v1/revoke", ENV, json!({"token": at})).await;
    assert_eq!((s, v), (200, json!({})));
    let (s, v) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_err(s, &v, 401, "unauthenticated", 16);
    let rt = anon["refresh_token"].as_str().unwrap();
    let (s, v) = emu
        .post(
            "/auth/v1/token",
            ENV,
            json!({"client_id": ENV, "grant_type": "refresh_token", "refresh_token": rt}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_grant", 3);
}

#[tokio::test]
async fn otp_signin_with_verification_token_and_email_signup() {
    let emu = start().await;
    emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    emu.state.advance_clock(31_000);
    let vt = emu.verified(ENV, "phone_number", PHONE).await;
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "verification_token": vt}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // Single use.
    let (s, v) = emu
        .post(
            "/auth/v1/signin",
            ENV,
            json!({"username": PHONE, "verification_token": vt}),
        )
        .await;
    assert_err(s, &v, 400, "failed_precondition", 9);

    let vt = emu.verified(ENV, "email", "Bob@Example.com").await;
    let (s, c) = emu
        .post("/auth/v1/signup", ENV, json!({"email": "bob@example.com", "verification_token": vt, "username": "bob_1", "name": "Bob"}))
        .await;
    assert_eq!(s, 200, "{c}");
    let (_, me) = emu
        .get("/auth/v1/user/me", c["access_token"].as_str())
        .await;
    assert_eq!(me["email"], "bob@example.com");
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["username"], "bob_1");
    assert_eq!(me["created_from"], "email");
}

#[tokio::test]
async fn verification_with_bearer_uses_token_env() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, PHONE, "Passw0rd!").await;
    emu.state.advance_clock(31_000);
    let (s, v) = emu
        .post_auth(
            "/auth/v1/verification",
            c["access_token"].as_str().unwrap(),
            json!({"phone_number": PHONE, "target": "USER"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["is_user"], true);
}
