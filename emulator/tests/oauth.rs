//! The built-in fake OAuth provider over loopback HTTP: provider/uri → authorize page (302
//! followed by hand) → provider/token → signin/with/provider or user/provider/bind; listing and
//! unbinding identities; single-use codes and provider tokens.
#![allow(clippy::unwrap_used)]
mod common;
use common::oauth::*;
use common::{assert_err, start};
use serde_json::json;

#[tokio::test]
async fn sign_in_flow_end_to_end() {
    let emu = start().await;
    // provider/uri answers the authorize page of this emulator with the request's parameters.
    let url = provider_uri(&emu, "fake", "prd-fake-x1", "").await;
    assert_eq!(
        url.as_str().split('?').next().unwrap(),
        format!("{}/emulator/v1/oauth/authorize", emu.base)
    );
    let q = query(&url);
    assert_eq!(q["client_id"], ENV);
    assert_eq!(q["provider_id"], "fake");
    assert_eq!(q["redirect_uri"], CALLBACK);
    assert_eq!(q["state"], "prd-fake-x1");
    assert_eq!(q["scope"], "openid email");
    assert_eq!(q["response_type"], "code");

    // The authorize page redirects to the callback with a code and the state.
    let mut url = url;
    url.query_pairs_mut()
        .append_pair("login_hint", "alice@example.com")
        .append_pair("name", "Alice Liddell");
    let (s, loc, _) = open(&url).await;
    assert_eq!(s, 302);
    let code = code_of(&loc.unwrap(), "prd-fake-x1");

    // The code gives a provider token and the identity's profile.
    let v = exchange(&emu, "fake", &code).await;
    assert_eq!(v["expires_in"], 600);
    assert_eq!(
        v["provider_profile"],
        json!({"provider_id": "fake", "sub": "alice@example.com", "name": "Alice Liddell", "email": "alice@example.com", "picture": ""})
    );
    let token = v["provider_token"].as_str().unwrap().to_string();
    // The code is single use.
    let (s, again) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            json!({"provider_id": "fake", "provider_redirect_uri": CALLBACK, "provider_code": code}),
        )
        .await;
    assert_err(s, &again, 400, "invalid_grant", 3);

    // Signing in creates a user from the profile.
    let c = signin(&emu, &token).await;
    assert_eq!(c["scope"], "user");
    assert_eq!(c["token_type"], "Bearer");
    let at = c["access_token"].as_str().unwrap();
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["sub"], c["sub"]);
    assert_eq!(me["name"], "Alice Liddell");
    assert_eq!(me["email"], "alice@example.com");
    assert_eq!(me["created_from"], "fake");
    assert_eq!(
        me["providers"],
        json!([{"id": "fake", "provider_user_id": "alice@example.com", "name": "Alice Liddell"}])
    );
    assert!(me.get("password").is_none(), "{me}");
    // The provider token is single use.
    let (s, v) = emu
        .post(
            "/auth/v1/signin/with/provider",
            ENV,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);

    // Signing in again with the same identity gives the same user.
    let token = provider_token(&emu, "fake", "alice@example.com").await;
    let c2 = signin(&emu, &token).await;
    assert_eq!(c2["sub"], c["sub"]);
    assert_eq!(emu.count("users"), 1);
    let (_, list) = emu
        .get("/auth/v1/user/provider", c2["access_token"].as_str())
        .await;
    assert_eq!(
        list,
        json!({"total": 1, "data": [{"id": "fake", "name": "Fake", "provider_user_name": "alice", "bind": true}]})
    );
    // Another identity is another user.
    let token = provider_token(&emu, "fake", "bob").await;
    let c3 = signin(&emu, &token).await;
    assert_ne!(c3["sub"], c["sub"]);
    assert_eq!(emu.count("users"), 2);
}

#[tokio::test]
async fn binding_and_unbinding_identities() {
    let emu = start().await;
    let owner = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    let at = owner["access_token"].as_str().unwrap();
    let other = emu.signup_phone(ENV, "+86 13900000000", "Passw0rd!").await;
    let other_at = other["access_token"].as_str().unwrap();

    // Bind a fake identity and a fake2 identity to the owner.
    let token = provider_token(&emu, "fake", "carol").await;
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!((s, v), (200, json!({})));
    // The token was consumed.
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    let token = provider_token(&emu, "fake2", "carol-2").await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, list) = emu.get("/auth/v1/user/provider", Some(at)).await;
    assert_eq!(
        list,
        json!({"total": 2, "data": [
            {"id": "fake", "name": "Fake", "provider_user_name": "carol", "bind": true},
            {"id": "fake2", "name": "Fake 2", "provider_user_name": "carol-2", "bind": true},
        ]})
    );
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(
        me["providers"],
        json!([
            {"id": "fake", "provider_user_id": "carol", "name": "carol"},
            {"id": "fake2", "provider_user_id": "carol-2", "name": "carol-2"},
        ])
    );

    // Binding the owner's identity to another user is refused, and the token stays usable.
    let token = provider_token(&emu, "fake", "carol").await;
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            other_at,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    // Signing in with it is the owner.
    let c = signin(&emu, &token).await;
    assert_eq!(c["sub"], owner["sub"]);
    // Binding it to its own user again is accepted.
    let token = provider_token(&emu, "fake", "carol").await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200);
    // A second identity of the same provider is refused.
    let token = provider_token(&emu, "fake", "dave").await;
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 409, "already_exists", 6);
    // Without a bearer token: unauthenticated.
    let (s, v) = emu
        .post(
            "/auth/v1/user/provider/bind",
            ENV,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 401, "unauthenticated", 16);

    // Unbind fake; then the identity signs in as a new user.
    let (s, v) = emu.delete("/auth/v1/user/provider/fake", Some(at)).await;
    assert_eq!((s, v), (200, json!({})));
    let (s, v) = emu.delete("/auth/v1/user/provider/fake", Some(at)).await;
    assert_err(s, &v, 404, "not_found", 5);
    let (_, list) = emu.get("/auth/v1/user/provider", Some(at)).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["data"][0]["id"], "fake2");
    let token = provider_token(&emu, "fake", "carol").await;
    let c = signin(&emu, &token).await;
    assert_ne!(c["sub"], owner["sub"]);
    // The other user can now bind the dave identity.
    let token = provider_token(&emu, "fake", "dave").await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            other_at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn unbinding_the_only_way_to_sign_in_is_refused() {
    let emu = start().await;
    let token = provider_token(&emu, "fake", "erin").await;
    let c = signin(&emu, &token).await;
    let at = c["access_token"].as_str().unwrap();
    let (s, v) = emu.delete("/auth/v1/user/provider/fake", Some(at)).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    // With a second identity, either can go, but not the last one.
    let token = provider_token(&emu, "fake2", "erin").await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = emu.delete("/auth/v1/user/provider/fake", Some(at)).await;
    assert_eq!(s, 200);
    let (s, v) = emu.delete("/auth/v1/user/provider/fake2", Some(at)).await;
    assert_err(s, &v, 400, "failed_precondition", 9);
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(
        me["providers"],
        json!([{"id": "fake2", "provider_user_id": "erin", "name": "erin"}])
    );
    // A user with an email from the profile can sign in with a code: unbinding is allowed.
    let token = provider_token(&emu, "fake", "frank@example.com").await;
    let c = signin(&emu, &token).await;
    let (s, _) = emu
        .delete("/auth/v1/user/provider/fake", c["access_token"].as_str())
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn profile_email_never_links_and_deleted_users_release_identities() {
    let emu = start().await;
    let (s, _) = emu
        .post(
            "/emulator/v1/users",
            ENV,
            json!({"username": "grace", "password": "Passw0rd!", "email": "grace@example.com"}),
        )
        .await;
    assert_eq!(s, 200);
    // An identity with the email of an existing user makes a new user without that email.
    let token = provider_token(&emu, "fake", "grace@example.com").await;
    let c = signin(&emu, &token).await;
    let at = c["access_token"].as_str().unwrap();
    let (_, me) = emu.get("/auth/v1/user/me", Some(at)).await;
    assert_eq!(me["email"], "");
    assert_eq!(me["name"], "grace");
    assert_eq!(emu.count("users"), 2);

    // Deleting a user drops its identities: the identity then signs in as a new user.
    let owner = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    let owner_at = owner["access_token"].as_str().unwrap();
    let token = provider_token(&emu, "fake2", "grace-2").await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/provider/bind",
            owner_at,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(emu.count("identities"), 2);
    let (_, sudo) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            owner_at,
            json!({"password": "Passw0rd!"}),
        )
        .await;
    let (s, v) = emu
        .delete(
            &format!(
                "/auth/v1/user/me?sudo_token={}",
                sudo["sudo_token"].as_str().unwrap()
            ),
            Some(owner_at),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(emu.count("identities"), 1);
    let token = provider_token(&emu, "fake2", "grace-2").await;
    let c2 = signin(&emu, &token).await;
    assert_ne!(c2["sub"], owner["sub"]);
    assert_ne!(c2["sub"], c["sub"]);
}

#[tokio::test]
async fn codes_are_checked_and_expire() {
    let emu = start().await;
    let code = authorize(&emu, "fake", "heidi").await;
    let grant = |provider: &str, redirect: &str, code: &str| json!({"provider_id": provider, "provider_redirect_uri": redirect, "provider_code": code});
    // Another provider, another redirect URI, another environment: invalid_grant, the code
    // stays usable.
    for (env, body) in [
        (ENV, grant("fake2", CALLBACK, &code)),
        (ENV, grant("fake", "http://localhost:3000/other", &code)),
        ("other-env", grant("fake", CALLBACK, &code)),
        (ENV, grant("fake", CALLBACK, "not-a-code")),
    ] {
        let (s, v) = emu.post("/auth/v1/provider/token", env, body).await;
        assert_err(s, &v, 400, "invalid_grant", 3);
    }
    // The redirect URI is compared without its query.
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            grant("fake", &format!("{CALLBACK}?from=x"), &code),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let code = authorize(&emu, "fake", "heidi").await;
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            grant("fake", CALLBACK, &code),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let token = v["provider_token"].as_str().unwrap().to_string();

    // Unknown provider, missing code, access or id tokens.
    for (body, status, error) in [
        (
            json!({"provider_id": "github", "provider_code": "x"}),
            404,
            "not_found",
        ),
        (
            json!({"provider_id": "", "provider_code": "x"}),
            400,
            "invalid_argument",
        ),
        (json!({"provider_id": "fake"}), 400, "invalid_argument"),
        (
            json!({"provider_id": "fake", "provider_access_token": "x"}),
            400,
            "invalid_argument",
        ),
        (
            json!({"provider_id": "fake", "provider_id_token": "x"}),
            400,
            "invalid_argument",
        ),
    ] {
        let (s, v) = emu.post("/auth/v1/provider/token", ENV, body).await;
        assert_eq!((s, v["error"].as_str().unwrap()), (status, error), "{v}");
    }

    // PATCH answers the same live token and its profile, without consuming it.
    let (s, v) = emu
        .patch(
            &format!("/auth/v1/provider/token?client_id={ENV}"),
            None,
            json!({"provider_token": token, "provider_params": {"encryptedData": "x", "iv": "y"}}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["provider_token"], token.as_str());
    assert_eq!(v["provider_profile"]["sub"], "heidi");
    assert!(
        (599..=600).contains(&v["expires_in"].as_i64().unwrap()),
        "{v}"
    );
    let (s, v) = emu
        .patch(
            &format!("/auth/v1/provider/token?client_id={ENV}"),
            None,
            json!({"provider_token": "nope"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // A token names its provider.
    let (s, v) = emu
        .post(
            "/auth/v1/signin/with/provider",
            ENV,
            json!({"provider_token": token, "provider_id": "fake2"}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);

    // Codes live 5 minutes, provider tokens 10.
    let code = authorize(&emu, "fake", "heidi").await;
    emu.state.advance_clock(301_000);
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            grant("fake", CALLBACK, &code),
        )
        .await;
    assert_err(s, &v, 400, "invalid_grant", 3);
    emu.state.advance_clock(300_000);
    let (s, v) = emu
        .post(
            "/auth/v1/signin/with/provider",
            ENV,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    // Anonymous sign-in takes no provider token.
    let token = provider_token(&emu, "fake", "heidi").await;
    let (s, v) = emu
        .post(
            "/auth/v1/signin/anonymously",
            ENV,
            json!({"provider_token": token}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    assert_eq!(emu.count("users"), 0);
}
