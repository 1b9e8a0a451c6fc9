//! The documented `AuthError.code` of each verification-code situation, against the emulator.

use cloudbase_auth_wasm::core::http::TIMEOUT_MS;
use cloudbase_auth_wasm::core::platform::{HttpRequest, Method, Transport};
use cloudbase_auth_wasm::core::{
    AuthClient, AuthError, Config, OtpOptions, SignInWithOtpParams, SignUpParams,
};
use cloudbase_auth_wasm::web::{FetchTransport, WebPlatform, sleep};
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::*;

fn only_existing(phone: &str) -> SignInWithOtpParams {
    SignInWithOtpParams {
        phone: Some(phone.into()),
        options: OtpOptions {
            should_create_user: Some(false),
        },
        ..Default::default()
    }
}

fn sign_up(phone: &str) -> SignUpParams {
    SignUpParams {
        phone: Some(phone.into()),
        ..Default::default()
    }
}

/// Changes the emulator's limits through its dev API.
async fn limits(patch: &str) {
    let request = HttpRequest {
        method: Method::Patch,
        url: format!("{EMULATOR}/emulator/v1/config"),
        headers: vec![("content-type".into(), "application/json".into())],
        body: Some(patch.into()),
        timeout_ms: TIMEOUT_MS,
    };
    let resp = FetchTransport
        .send(request)
        .await
        .expect("dev API reachable");
    assert!(resp.status < 300, "config refused: {}", resp.body);
}

fn code_of<T: std::fmt::Debug>(r: Result<T, AuthError>) -> String {
    r.expect_err("an error").code.clone()
}

#[wasm_bindgen_test]
async fn sending_invalid_phone_user_not_found_and_resource_exhausted() {
    let auth = client(&new_env());
    for impossible in ["12345", "+86 12345", "+86 12800000000", "+999 12345678"] {
        assert_eq!(
            code_of(auth.sign_in_with_otp(only_existing(impossible)).await),
            "invalid_phone",
            "{impossible}"
        );
    }
    let e = auth
        .sign_in_with_otp(only_existing(&new_phone()))
        .await
        .expect_err("nobody has that phone");
    assert_eq!(e.code, "user_not_found");
    assert_eq!(e.status, "not_found");
    let phone = new_phone();
    auth.sign_up(sign_up(&phone))
        .await
        .expect("first code sent");
    let e = auth
        .sign_up(sign_up(&phone))
        .await
        .expect_err("a second code at once");
    assert_eq!(e.code, "resource_exhausted");
    assert!(e.retry_after.is_some());
}

#[wasm_bindgen_test]
async fn a_dead_network_is_unreachable() {
    let config = Config {
        api_origin: Some("http://127.0.0.1:9".into()),
        ..Config::new(&new_env())
    };
    let auth = AuthClient::new(config, WebPlatform::default());
    assert_eq!(
        code_of(auth.sign_up(sign_up(&new_phone())).await),
        "unreachable"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_code_is_invalid_code_and_spent_tries_max_attempts_exceeded() {
    let auth = client(&new_env());
    let phone = new_phone();
    let challenge = auth.sign_up(sign_up(&phone)).await.expect("code sent");
    let right = latest_code(&phone).await;
    let wrong = wrong_code(&right);
    let e = auth
        .verify_challenge(&challenge, wrong)
        .await
        .expect_err("wrong code");
    assert_eq!(e.code, "invalid_code");
    assert_eq!(e.status, "invalid_argument");
    // The emulator allows 5 tries by default; after them even the right code is refused.
    let mut last = String::new();
    for _ in 0..10 {
        last = code_of(auth.verify_challenge(&challenge, wrong).await);
        if last != "invalid_code" {
            break;
        }
    }
    assert_eq!(last, "max_attempts_exceeded");
    assert_eq!(
        code_of(auth.verify_challenge(&challenge, &right).await),
        "max_attempts_exceeded"
    );
}

#[wasm_bindgen_test]
async fn an_old_code_is_code_expired() {
    let auth = client(&new_env());
    let phone = new_phone();
    limits(r#"{"code_ttl_secs": 1}"#).await;
    let sent = auth.sign_up(sign_up(&phone)).await;
    limits(r#"{"code_ttl_secs": 600}"#).await;
    let challenge = sent.expect("code sent");
    let code = latest_code(&phone).await;
    sleep(2_100).await;
    assert_eq!(
        code_of(auth.verify_challenge(&challenge, &code).await),
        "code_expired"
    );
}
