//! The sign-up endpoint's three documented scenarios (`POST /auth/v1/signup`), reached through
//! the SDK's direct (v2) sign-up with the documented request bodies and real tokens.

use cloudbase_auth_wasm::core::AuthClient;
use cloudbase_auth_wasm::core::http::TIMEOUT_MS;
use cloudbase_auth_wasm::core::platform::{HttpRequest, Method, Transport};
use cloudbase_auth_wasm::web::{FetchTransport, WebPlatform};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

use super::oauth::{back, provider_code};
use super::support::*;

/// The request body of the documented JSON.
fn body<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("a request body")
}

/// A verification token for a code sent to `address` (`field` is `phone_number` or `email`).
async fn verification_token(auth: &AuthClient<WebPlatform>, field: &str, address: &str) -> String {
    let sent = auth
        .get_verification(body(json!({ field: address })))
        .await
        .expect("code sent");
    let id = sent.verification_id;
    let verified = auth
        .verify(&id, &latest_code(address).await)
        .await
        .expect("code checked");
    assert!(!verified.verification_token.is_empty());
    verified.verification_token
}

#[wasm_bindgen_test]
async fn phone_and_verification_token() {
    let auth = client(&new_env());
    let phone = new_phone();
    let token = verification_token(&auth, "phone_number", &phone).await;
    let signed = auth
        .sign_up_direct(body(json!({
            "phone_number": phone,
            "verification_token": token,
            "username": "user123",
            "password": "Password@123",
        })))
        .await
        .expect("signed up");
    assert_eq!(signed.user.phone.as_deref(), Some(phone.as_str()));
    assert_eq!(
        signed.user.user_metadata.username.as_deref(),
        Some("user123")
    );
}

#[wasm_bindgen_test]
async fn email_with_a_dotless_domain_and_verification_token() {
    let auth = client(&new_env());
    let token = verification_token(&auth, "email", "user@example").await;
    let signed = auth
        .sign_up_direct(body(json!({
            "email": "user@example",
            "verification_token": token,
            "username": "user456",
            "password": "DemoPass123!@#",
        })))
        .await
        .expect("signed up");
    assert_eq!(signed.user.email.as_deref(), Some("user@example"));
}

#[wasm_bindgen_test]
async fn third_party_provider_token() {
    let env = new_env();
    let auth = client(&env);
    let code = provider_code(&auth, "fake", &format!("gh-{}", rand_hex(4))).await;
    let exchange = HttpRequest {
        method: Method::Post,
        url: format!("{EMULATOR}/auth/v1/provider/token?client_id={env}"),
        headers: Vec::new(),
        body: Some(
            json!({"provider_id": "fake", "provider_redirect_uri": back(), "provider_code": code})
                .to_string(),
        ),
        timeout_ms: TIMEOUT_MS,
    };
    let answer = FetchTransport.send(exchange).await.expect("exchanged");
    let answer: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
    let provider_token = answer["provider_token"].as_str().expect("a provider token");
    let signed = auth
        .sign_up_direct(body(json!({
            "provider_token": provider_token,
            "username": "github_user",
            "password": "SamplePass456$%^",
        })))
        .await
        .expect("signed up");
    assert_eq!(
        signed.user.user_metadata.username.as_deref(),
        Some("github_user")
    );
    let identities = auth.get_user_identities().await.expect("identities");
    assert!(identities.iter().any(|i| i.id == "fake"), "{identities:?}");
}
