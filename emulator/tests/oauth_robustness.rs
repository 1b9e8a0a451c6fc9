//! Hostile bodies to the provider endpoints get JSON errors and store nothing.
#![allow(clippy::unwrap_used)]
mod common;
use common::start;
use reqwest::Method;

const ENV: &str = "test-env-1";

#[tokio::test]
async fn hostile_bodies_get_json_errors() {
    let emu = start().await;
    let c = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    let at = c["access_token"].as_str().unwrap().to_string();
    let bodies: Vec<String> = [
        "{",
        "[]",
        "null",
        "5",
        "\"x\"",
        "{\"provider_id\": 5, \"provider_code\": \"x\"}",
        "{\"provider_id\": \"fake\", \"provider_code\": []}",
        "{\"provider_id\": \"fake\", \"provider_code\": \"a\\u0000b\"}",
        "{\"provider_id\": \"fake\\u001b\", \"provider_code\": \"x\"}",
        "{\"provider_token\": {}}",
        "{\"provider_token\": \"x\", \"provider_params\": \"y\"}",
        "{\"provider_token\": null}",
        "{\"provider_token\": \"\"}",
        "{\"provider_token\": \"' OR 1=1 --\"}",
        "{}",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!(
        "{{\"provider_id\": \"fake\", \"provider_code\": \"{}\"}}",
        "x".repeat(5000)
    )])
    .collect();
    for (method, path, token) in [
        (Method::POST, "/auth/v1/provider/token", None),
        (Method::PATCH, "/auth/v1/provider/token", None),
        (Method::POST, "/auth/v1/signin/with/provider", None),
        (
            Method::POST,
            "/auth/v1/user/provider/bind",
            Some(at.as_str()),
        ),
    ] {
        for b in &bodies {
            let (s, v) = emu
                .send(
                    method.clone(),
                    &format!("{path}?client_id={ENV}"),
                    token,
                    b.clone(),
                )
                .await;
            assert!((400..500).contains(&s), "{method} {path} {b:?}: {s} {v}");
            assert!(v["error"].is_string(), "{method} {path} {b:?}: {v}");
        }
    }
    assert_eq!(emu.count("users"), 1);
    assert_eq!(emu.count("identities"), 0);
}
