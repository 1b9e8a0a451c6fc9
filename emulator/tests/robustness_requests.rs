//! Hostile queries, paths and headers get JSON errors (or a lenient answer), never a 500.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_json_error, signed_in, start};
use reqwest::Method;

#[tokio::test]
async fn hostile_queries_paths_and_headers_get_json_errors() {
    let emu = start().await;
    let token = signed_in(&emu).await;
    let tok = Some(token.as_str());
    // Bad percent-encodings in queries are decoded leniently (invalid UTF-8 becomes U+FFFD).
    for path in [
        "/auth/v1/checkIfUserExist?username=%FF%FE",
        "/auth/v1/checkIfUserExist?client_id=a&username=%ZZ%",
        "/emulator/v1/inbox?to=%FF",
    ] {
        let (s, v) = emu.get(path, None).await;
        assert_eq!(s, 200, "{path}: {v}");
    }
    // ...but a client_id (an environment) must be plain: `%ZZ` stays `%ZZ`, which is refused.
    let (s, v) = emu
        .get("/auth/v1/checkIfUserExist?client_id=%ZZ&username=a", None)
        .await;
    common::assert_err(s, &v, 400, "invalid_argument", 3);
    // The last `username` wins, and an empty one is refused.
    let path = "/auth/v1/checkIfUserExist?username=%00&&&=&username";
    let (s, v) = emu.get(path, None).await;
    common::assert_err(s, &v, 400, "invalid_argument", 3);
    let cases: Vec<(Method, String, Option<&str>)> = vec![
        (
            Method::POST,
            "/auth/v1/signin?client_id=%C0%AF".into(),
            None,
        ),
        (
            Method::DELETE,
            "/auth/v1/user/me?sudo_token=%00".into(),
            tok,
        ),
        (
            Method::DELETE,
            format!("/auth/v1/user/me?sudo_token={}", "x".repeat(10_000)),
            tok,
        ),
        (
            Method::DELETE,
            "/auth/v1/user/me?sudo_token=%FF".into(),
            tok,
        ),
        (Method::DELETE, "/auth/v1/user/me".into(), tok),
        (Method::DELETE, "/auth/v1/user/provider/%FF".into(), tok),
        (
            Method::DELETE,
            format!("/auth/v1/user/provider/{}", "%F0%9F%92%A5".repeat(500)),
            tok,
        ),
        (Method::PUT, "/auth/v1/signin".into(), None),
        (Method::GET, "/auth/v1/user/password".into(), tok),
    ];
    for (method, path, tok) in cases {
        let mut req = emu
            .http
            .request(method.clone(), format!("{}{path}", emu.base));
        if let Some(t) = tok {
            req = req.bearer_auth(t);
        }
        let short: String = path.chars().take(80).collect();
        assert_json_error(req.send().await.unwrap(), &format!("{method} {short}")).await;
    }
    // Authorization headers that are not a valid access token.
    let b64 = |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    };
    let forged = format!(
        "{}.{}.",
        b64("{\"alg\":\"none\"}"),
        b64("{\"sub\":\"x\",\"aud\":\"test-env-1\",\"exp\":99999999999}")
    );
    let mut sig_swapped = token.rsplitn(2, '.').last().unwrap().to_string();
    sig_swapped.push_str(".AAAA");
    let headers: Vec<reqwest::header::HeaderValue> = vec![
        "Bearer".parse().unwrap(),
        "Bearer ".parse().unwrap(),
        "Bearer a.b.c".parse().unwrap(),
        "Bearer a.b.c.d".parse().unwrap(),
        format!("Bearer {forged}").parse().unwrap(),
        format!("Bearer {sig_swapped}").parse().unwrap(),
        format!("Bearer {}", "x".repeat(20_000)).parse().unwrap(),
        format!("Basic {}", b64("test-env-1:")).parse().unwrap(),
        reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
    ];
    for h in headers {
        for (method, path) in [
            (Method::GET, "/auth/v1/user/me"),
            (Method::POST, "/auth/v1/user/signout"),
            (Method::GET, "/auth/v1/user/provider"),
        ] {
            let res = emu
                .http
                .request(method.clone(), format!("{}{path}", emu.base))
                .header("authorization", h.clone())
                .body("{}")
                .send()
                .await
                .unwrap();
            let what = format!("{method} {path} with {h:?}");
            assert_eq!(assert_json_error(res, &what).await, 401, "{what}");
        }
    }
    let (s, _) = emu.get("/auth/v1/user/me", Some(&token)).await;
    assert_eq!(s, 200);
}
