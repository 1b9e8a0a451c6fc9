//! Helpers for the fake OAuth provider flow over loopback HTTP: provider/uri, the authorize
//! page (its 302 followed by hand), provider/token and signin/with/provider.
use super::Emu;
use reqwest::Url;
use serde_json::{Value, json};
use std::collections::HashMap;

pub const ENV: &str = "test-env-1";
pub const CALLBACK: &str = "http://localhost:3000/callback";

/// A client that does not follow redirects.
pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn query(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// `GET /auth/v1/provider/uri`; asserts success and answers the authorize URL.
pub async fn provider_uri(emu: &Emu, provider: &str, state: &str, extra: &str) -> Url {
    let (s, v) = emu
        .get(
            &format!(
                "/auth/v1/provider/uri?client_id={ENV}&provider_id={provider}&redirect_uri={}&state={state}&scope=openid%20email&response_type=code{extra}",
                urlencode(CALLBACK)
            ),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    Url::parse(v["uri"].as_str().unwrap()).unwrap()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Opens the authorize URL without following the redirect; answers the status and `Location`.
pub async fn open(url: &Url) -> (u16, Option<String>, String) {
    let res = no_redirects().get(url.clone()).send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, location, res.text().await.unwrap())
}

/// The authorization code of a redirect to the callback, checking `state`.
pub fn code_of(location: &str, state: &str) -> String {
    let url = Url::parse(location).unwrap();
    assert_eq!(
        url.as_str().split('?').next().unwrap(),
        CALLBACK,
        "{location}"
    );
    let q = query(&url);
    assert_eq!(
        q.get("state").map(String::as_str),
        Some(state),
        "{location}"
    );
    q["code"].clone()
}

/// Runs provider/uri and the authorize page for `login_hint`; answers the code.
pub async fn authorize(emu: &Emu, provider: &str, login_hint: &str) -> String {
    let mut url = provider_uri(emu, provider, "st-1", "").await;
    url.query_pairs_mut().append_pair("login_hint", login_hint);
    let (s, loc, body) = open(&url).await;
    assert_eq!(s, 302, "{body}");
    code_of(&loc.unwrap(), "st-1")
}

/// Exchanges a code; asserts success and answers the response.
pub async fn exchange(emu: &Emu, provider: &str, code: &str) -> Value {
    let (s, v) = emu
        .post(
            "/auth/v1/provider/token",
            ENV,
            json!({"provider_id": provider, "provider_redirect_uri": CALLBACK, "provider_code": code}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

/// A fresh provider token for an identity.
pub async fn provider_token(emu: &Emu, provider: &str, login_hint: &str) -> String {
    let code = authorize(emu, provider, login_hint).await;
    let v = exchange(emu, provider, &code).await;
    v["provider_token"].as_str().unwrap().to_string()
}

/// Signs in with a provider token; asserts success and answers the credentials.
pub async fn signin(emu: &Emu, token: &str) -> Value {
    let (s, v) = emu
        .post(
            "/auth/v1/signin/with/provider",
            ENV,
            json!({"provider_token": token}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v
}
