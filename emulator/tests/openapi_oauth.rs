//! The fake OAuth provider's pages and the provider endpoints answer what the OpenAPI document
//! describes (statuses, content types, JSON schemas).
#![allow(clippy::unwrap_used)]
mod common;
use common::openapi::{call, check_answer, doc};
use common::start;
use reqwest::Method;
use serde_json::{Value, json};

const ENV: &str = "test-env-1";

/// Opens a URL without following redirects and checks the answer against the document:
/// the status is documented with the answer's content type (JSON bodies fit their schema).
async fn open_checked(doc: &Value, url: &str, path: &str) -> (u16, Option<String>) {
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let documented = &doc["paths"][path]["get"]["responses"][status.to_string()];
    assert!(
        documented.is_object(),
        "GET {path}: status {status} is not documented"
    );
    match ctype.as_deref() {
        Some(c) if c.starts_with("application/json") => {
            let body: Value = res.json().await.unwrap();
            check_answer(doc, "get", path, status, &body);
        }
        Some(c) if c.starts_with("text/html") => {
            assert!(
                documented["content"]["text/html"].is_object(),
                "{path} {status}"
            );
        }
        _ => {
            assert!(documented["content"].is_null(), "{path} {status}");
            assert!(
                documented["headers"]["Location"].is_object(),
                "{path} {status}"
            );
            assert!(location.is_some(), "{path} {status}");
        }
    }
    (status, location)
}

#[tokio::test]
async fn oauth_answers_fit_the_documented_schemas() {
    let emu = start().await;
    let doc = doc();
    let q = format!("?client_id={ENV}");
    let cb = "http%3A%2F%2Flocalhost%3A3000%2Fcb";
    let (s, v) = call(
        &emu,
        &doc,
        Method::GET,
        "/auth/v1/provider/uri",
        &format!("{q}&provider_id=fake&redirect_uri={cb}&state=s1&other_params[login_hint]=alice"),
        None,
        json!({}),
    )
    .await;
    assert_eq!(s, 200);
    let uri = v["uri"].as_str().unwrap().to_string();
    let authorize = "/emulator/v1/oauth/authorize";
    let (s, _) = open_checked(
        &doc,
        &format!(
            "{}{authorize}{q}&provider_id=fake&redirect_uri={cb}",
            emu.base
        ),
        authorize,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = open_checked(&doc, &format!("{}{authorize}{q}", emu.base), authorize).await;
    assert_eq!(s, 400);
    let (s, _) = open_checked(
        &doc,
        &format!("{}{authorize}{q}&provider_id=x&redirect_uri={cb}", emu.base),
        authorize,
    )
    .await;
    assert_eq!(s, 404);
    let code = |location: Option<String>| {
        let url = reqwest::Url::parse(&location.unwrap()).unwrap();
        url.query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned()
    };
    let (s, loc) = open_checked(&doc, &uri, authorize).await;
    assert_eq!(s, 302);
    let grant = |code: &str| json!({"provider_id": "fake", "provider_redirect_uri": "http://localhost:3000/cb", "provider_code": code});
    let first = code(loc);
    let (s, t) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/provider/token",
        &q,
        None,
        grant(&first),
    )
    .await;
    assert_eq!(s, 200);
    for (method, body, want) in [
        (Method::POST, grant(&first), 400),
        (
            Method::POST,
            json!({"provider_id": "nope", "provider_code": "x"}),
            404,
        ),
        (
            Method::PATCH,
            json!({"provider_token": t["provider_token"]}),
            200,
        ),
        (Method::PATCH, json!({"provider_token": "x"}), 400),
    ] {
        let (s, v) = call(
            &emu,
            &doc,
            method,
            "/auth/v1/provider/token",
            &q,
            None,
            body,
        )
        .await;
        assert_eq!(s, want, "{v}");
    }
    let (s, c) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/signin/with/provider",
        &q,
        None,
        json!({"provider_token": t["provider_token"]}),
    )
    .await;
    assert_eq!(s, 200);
    let tok = c["access_token"].as_str();
    let (_, me) = call(
        &emu,
        &doc,
        Method::GET,
        "/auth/v1/user/me",
        "",
        tok,
        json!({}),
    )
    .await;
    assert_eq!(me["created_from"], "fake");
    assert_eq!(me["providers"][0]["provider_user_id"], "alice");
    let (_, list) = call(
        &emu,
        &doc,
        Method::GET,
        "/auth/v1/user/provider",
        "",
        tok,
        json!({}),
    )
    .await;
    assert_eq!(list["total"], 1);
    // Bind the identity to another user (409), then a fake2 identity to this one (200).
    let other = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    let (_, loc) = open_checked(&doc, &uri, authorize).await;
    let (_, t) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/provider/token",
        &q,
        None,
        grant(&code(loc)),
    )
    .await;
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/user/provider/bind",
        "",
        other["access_token"].as_str(),
        json!({"provider_token": t["provider_token"]}),
    )
    .await;
    assert_eq!(s, 409);
    let (s, _) = call(
        &emu,
        &doc,
        Method::DELETE,
        "/auth/v1/user/provider/{provider_id}",
        "",
        tok,
        json!({}),
    )
    .await;
    assert_eq!(s, 404);
    let (_, loc) = open_checked(
        &doc,
        &format!(
            "{}{authorize}{q}&provider_id=fake2&redirect_uri={cb}&prompt=none",
            emu.base
        ),
        authorize,
    )
    .await;
    let (_, t) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/provider/token",
        &q,
        None,
        json!({"provider_id": "fake2", "provider_redirect_uri": "http://localhost:3000/cb", "provider_code": code(loc)}),
    )
    .await;
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/user/provider/bind",
        "",
        tok,
        json!({"provider_token": t["provider_token"]}),
    )
    .await;
    assert_eq!(s, 200);
    // Unbinding: fake goes (fake2 remains), then fake2 is the only way to sign in.
    for (id, want) in [("fake", 200), ("fake2", 400)] {
        let (s, v) = emu
            .send(
                Method::DELETE,
                &format!("/auth/v1/user/provider/{id}"),
                tok,
                "",
            )
            .await;
        check_answer(
            &doc,
            "delete",
            "/auth/v1/user/provider/{provider_id}",
            s,
            &v,
        );
        assert_eq!(s, want, "{v}");
    }
}
