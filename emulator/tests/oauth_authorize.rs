//! The fake provider's authorize page: the form without `login_hint`, `prompt=none`, and errors
//! answered as JSON before any redirect.
#![allow(clippy::unwrap_used)]
mod common;
use common::oauth::*;
use common::start;
use reqwest::Url;
use serde_json::{Value, json};

#[tokio::test]
async fn authorize_page_form_prompt_and_errors() {
    let emu = start().await;
    let state = "s <\"&'> é";
    let url = provider_uri(&emu, "fake2", &urlencode(state), "").await;
    // Without login_hint: an HTML form that submits to the page again.
    let (s, loc, html) = open(&url).await;
    assert_eq!((s, loc), (200, None));
    assert!(html.contains("<form method=\"get\" action=\"/emulator/v1/oauth/authorize\">"));
    assert!(html.contains("name=\"login_hint\" value=\"fake-user\""));
    assert!(html.contains("Sign in with Fake 2"));
    assert!(
        html.contains("value=\"s &lt;&quot;&amp;&#39;&gt; é\""),
        "{html}"
    );
    assert!(html.contains("error=access_denied"));
    assert!(!html.contains(state));
    // Submitting the form (its hidden fields plus the identity) redirects.
    let mut submit = url.clone();
    submit
        .query_pairs_mut()
        .append_pair("login_hint", "ivan")
        .append_pair("name", "")
        .append_pair("email", "");
    let (s, loc, _) = open(&submit).await;
    assert_eq!(s, 302);
    let code = code_of(&loc.unwrap(), state);
    let v = exchange(&emu, "fake2", &code).await;
    assert_eq!(
        v["provider_profile"],
        json!({"provider_id": "fake2", "sub": "ivan", "name": "ivan", "email": "", "picture": ""})
    );
    // prompt=none: the default identity at once.
    let mut silent = url.clone();
    silent.query_pairs_mut().append_pair("prompt", "none");
    let (s, loc, _) = open(&silent).await;
    assert_eq!(s, 302);
    let code = code_of(&loc.unwrap(), state);
    let v = exchange(&emu, "fake2", &code).await;
    assert_eq!(v["provider_profile"]["sub"], "fake-user");
    // A callback with a query keeps it; other_params pass through provider/uri.
    let (_, v) = emu
        .get(
            &format!(
                "/auth/v1/provider/uri?client_id={ENV}&provider_id=fake&redirect_uri={}&state=s2&other_params[login_hint]=judy&other_params[email]=judy%40example.com&other_params[sign_out_uri]=",
                urlencode("http://localhost:3000/cb?tab=1")
            ),
            None,
        )
        .await;
    let url = Url::parse(v["uri"].as_str().unwrap()).unwrap();
    assert_eq!(query(&url)["login_hint"], "judy");
    let (s, loc, _) = open(&url).await;
    assert_eq!(s, 302);
    let loc = Url::parse(&loc.unwrap()).unwrap();
    let q = query(&loc);
    assert_eq!(q["tab"], "1");
    assert_eq!(q["state"], "s2");
    let (_, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            json!({"provider_id": "fake", "provider_redirect_uri": "http://localhost:3000/cb", "provider_code": q["code"]}),
        )
        .await;
    assert_eq!(v["provider_profile"]["email"], "judy@example.com");

    // Errors are JSON, before any redirect.
    let authorize = "/emulator/v1/oauth/authorize";
    let cb = urlencode(CALLBACK);
    for (path, status, error) in [
        (
            format!("{authorize}?provider_id=fake"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?redirect_uri={cb}"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=github&redirect_uri={cb}"),
            404,
            "not_found",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri=javascript%3Aalert(1)"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri=%2Fcallback"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri={cb}&response_type=token"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri={cb}&login_hint=a%20b"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri={cb}&login_hint=a&email=nope"),
            400,
            "invalid_argument",
        ),
        (
            format!("{authorize}?provider_id=fake&redirect_uri={cb}&state=a%0Ab"),
            400,
            "invalid_argument",
        ),
        (
            format!("/auth/v1/provider/uri?client_id={ENV}&redirect_uri={cb}"),
            400,
            "invalid_argument",
        ),
        (
            format!("/auth/v1/provider/uri?client_id={ENV}&provider_id=wx_open&redirect_uri={cb}"),
            404,
            "not_found",
        ),
        (
            format!("/auth/v1/provider/uri?client_id={ENV}&provider_id=fake"),
            400,
            "invalid_argument",
        ),
        (
            format!("/auth/v1/provider/uri?client_id={ENV}&provider_id=fake&redirect_uri=data%3Ax"),
            400,
            "invalid_argument",
        ),
    ] {
        let res = no_redirects()
            .get(format!("{}{path}", emu.base))
            .send()
            .await
            .unwrap();
        let s = res.status().as_u16();
        let v: Value = res.json().await.unwrap();
        assert_eq!(
            (s, v["error"].as_str().unwrap()),
            (status, error),
            "{path}: {v}"
        );
    }
    assert_eq!(emu.count("oauth_codes"), 0);
}
