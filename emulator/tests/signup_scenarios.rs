//! `POST /auth/v1/signup` in the service's three documented scenarios, each with the request
//! body of its documentation and real tokens from the emulator's own flows: phone +
//! verification token, email + verification token (a dotless domain), and a provider token from
//! a third-party sign-in. Usernames of 1 to 32 characters.
#![allow(clippy::unwrap_used)]
mod common;
use common::oauth::{ENV, provider_token, signin as provider_signin};
use common::{Emu, assert_err, start};
use serde_json::{Value, json};

/// The user of a credentials answer (`GET /auth/v1/user/me`).
async fn me(emu: &Emu, creds: &Value) -> Value {
    let (s, me) = emu
        .get("/auth/v1/user/me", creds["access_token"].as_str())
        .await;
    assert_eq!(s, 200, "{me}");
    me
}

/// Password sign-in; answers the status and the body.
async fn password_signin(emu: &Emu, username: &str, password: &str) -> (u16, Value) {
    emu.post(
        "/auth/v1/signin",
        ENV,
        json!({"username": username, "password": password}),
    )
    .await
}

#[tokio::test]
async fn phone_and_verification_token() {
    let emu = start().await;
    let token = emu.verified(ENV, "phone_number", "+86 13000000000").await;
    let (s, creds) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({
                "phone_number": "+86 13000000000",
                "verification_token": token,
                "username": "user123",
                "password": "Password@123"
            }),
        )
        .await;
    assert_eq!(s, 200, "{creds}");
    assert_eq!(creds["token_type"], "Bearer");
    assert_eq!(creds["scope"], "user");
    let me = me(&emu, &creds).await;
    assert_eq!(me["phone_number"], "+86 13000000000");
    assert_eq!(me["username"], "user123");
    assert_eq!(me["created_from"], "phone");
    assert_eq!(me["password"], "SET");
    for login in ["user123", "+86 13000000000"] {
        let (s, c) = password_signin(&emu, login, "Password@123").await;
        assert_eq!(s, 200, "{login}: {c}");
        assert_eq!(c["sub"], creds["sub"]);
    }
}

#[tokio::test]
async fn email_with_a_dotless_domain_and_verification_token() {
    let emu = start().await;
    let token = emu.verified(ENV, "email", "user@example").await;
    let (s, creds) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({
                "email": "user@example",
                "verification_token": token,
                "username": "user456",
                "password": "DemoPass123!@#"
            }),
        )
        .await;
    assert_eq!(s, 200, "{creds}");
    let me = me(&emu, &creds).await;
    assert_eq!(me["email"], "user@example");
    assert_eq!(me["username"], "user456");
    assert_eq!(me["created_from"], "email");
    for login in ["user456", "USER@example"] {
        let (s, c) = password_signin(&emu, login, "DemoPass123!@#").await;
        assert_eq!(s, 200, "{login}: {c}");
        assert_eq!(c["sub"], creds["sub"]);
    }
    // Still refused: no domain, an empty label, no local part.
    for bad in [
        "user@",
        "user@example.",
        "user@.example",
        "@example",
        "user",
    ] {
        let (s, v) = emu
            .post("/auth/v1/verification", ENV, json!({"email": bad}))
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
}

#[tokio::test]
async fn provider_token_creates_a_user_bound_to_the_identity() {
    let emu = start().await;
    let token = provider_token(&emu, "fake", "octocat@example").await;
    let (s, creds) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({
                "provider_token": token,
                "username": "github_user",
                "password": "SamplePass456$%^"
            }),
        )
        .await;
    assert_eq!(s, 200, "{creds}");
    let me = me(&emu, &creds).await;
    assert_eq!(me["username"], "github_user");
    assert_eq!(me["created_from"], "fake");
    assert_eq!(me["name"], "octocat");
    assert_eq!(me["email"], "octocat@example");
    assert_eq!(me["phone_number"], "");
    assert_eq!(me["password"], "SET");
    assert_eq!(
        me["providers"],
        json!([{"id": "fake", "provider_user_id": "octocat@example", "name": "octocat"}])
    );
    // The username and password sign in; so does the identity, to the same user.
    let (s, c) = password_signin(&emu, "github_user", "SamplePass456$%^").await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["sub"], creds["sub"]);
    let again = provider_token(&emu, "fake", "octocat@example").await;
    assert_eq!(provider_signin(&emu, &again).await["sub"], creds["sub"]);
    assert_eq!(emu.count("users"), 1);
    // The provider token was used up.
    let (s, v) = emu
        .post("/auth/v1/signup", ENV, json!({"provider_token": token}))
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // An identity already bound to a user signs up no second user; the token stays usable.
    let bound = provider_token(&emu, "fake", "octocat@example").await;
    let (s, v) = emu
        .post("/auth/v1/signup", ENV, json!({"provider_token": bound}))
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    assert_eq!(provider_signin(&emu, &bound).await["sub"], creds["sub"]);
    assert_eq!(emu.count("users"), 1);
}

#[tokio::test]
async fn provider_sign_up_needs_no_username_nor_password_and_stores_nothing_on_failure() {
    let emu = start().await;
    let (s, first) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"provider_token": provider_token(&emu, "fake", "first").await, "username": "taken"}),
        )
        .await;
    assert_eq!(s, 200, "{first}");
    // A taken username or a weak password: refused, nothing stored, the token not spent.
    let token = provider_token(&emu, "fake2", "second@example").await;
    for (body, status, error) in [
        (
            json!({"provider_token": token, "username": "taken"}),
            409,
            "already_exists",
        ),
        (
            json!({"provider_token": token, "password": "short"}),
            400,
            "invalid_password",
        ),
        (
            json!({"provider_token": "no-such-token", "username": "fresh"}),
            400,
            "invalid_argument",
        ),
    ] {
        let (s, v) = emu.post("/auth/v1/signup", ENV, body).await;
        assert_eq!((s, v["error"].as_str()), (status, Some(error)), "{v}");
    }
    assert_eq!(emu.count("users"), 1);
    assert_eq!(emu.count("identities"), 1);
    let (s, creds) = emu
        .post("/auth/v1/signup", ENV, json!({"provider_token": token}))
        .await;
    assert_eq!(s, 200, "{creds}");
    let me = me(&emu, &creds).await;
    assert_eq!(me["username"], "");
    assert_eq!(me["created_from"], "fake2");
    assert_eq!(me["email"], "second@example");
    assert!(me.get("password").is_none(), "{me}");
    // Neither a username and password alone nor nothing at all signs up.
    for body in [
        json!({"username": "alone", "password": "Passw0rd!"}),
        json!({}),
    ] {
        let (s, v) = emu.post("/auth/v1/signup", ENV, body).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
}

#[tokio::test]
async fn provider_token_with_a_phone_binds_the_identity_to_the_new_user() {
    let emu = start().await;
    let vt = emu.verified(ENV, "phone_number", "+86 13900000000").await;
    let pt = provider_token(&emu, "fake", "linked").await;
    let (s, creds) = emu
        .post(
            "/auth/v1/signup",
            ENV,
            json!({"phone_number": "+86 13900000000", "verification_token": vt, "provider_token": pt}),
        )
        .await;
    assert_eq!(s, 200, "{creds}");
    let me = me(&emu, &creds).await;
    assert_eq!(me["phone_number"], "+86 13900000000");
    assert_eq!(me["created_from"], "phone");
    assert_eq!(me["providers"][0]["provider_user_id"], "linked");
    let again = provider_token(&emu, "fake", "linked").await;
    assert_eq!(provider_signin(&emu, &again).await["sub"], creds["sub"]);
}

/// Signs up `email` (verified) with a username; answers the status and the body.
async fn email_signup(emu: &Emu, email: &str, username: &str) -> (u16, Value) {
    let vt = emu.verified(ENV, "email", email).await;
    emu.post(
        "/auth/v1/signup",
        ENV,
        json!({"email": email, "verification_token": vt, "username": username}),
    )
    .await
}

#[tokio::test]
async fn usernames_of_1_to_32_characters() {
    let emu = start().await;
    let long = "x".repeat(32);
    for (i, ok) in ["a", "Z", "ab", "a-b", long.as_str()]
        .into_iter()
        .enumerate()
    {
        let (s, v) = email_signup(&emu, &format!("ok{i}@example.com"), ok).await;
        assert_eq!(s, 200, "{ok:?}: {v}");
    }
    let too_long = "y".repeat(33);
    let bad = [
        "1",
        "_",
        "-",
        "a_",
        "_a",
        too_long.as_str(),
        "12345",
        "a b",
        "é",
    ];
    for (i, bad) in bad.into_iter().enumerate() {
        let (s, v) = email_signup(&emu, &format!("bad{i}@example.com"), bad).await;
        assert_err(s, &v, 400, "invalid_argument", 3);
    }
    assert_eq!(emu.count("users"), 5);
    // The one-character username names its user.
    let (s, c) = password_signin(&emu, "a", "Passw0rd!").await;
    assert_err(s, &c, 400, "invalid_password", 3);
    assert_eq!(c["error_description"], "password is not set");
}
