//! The served OpenAPI document matches the router: every route is described, every described
//! operation exists and answers a documented status, and real bodies fit the documented schemas.
#![allow(clippy::unwrap_used)]
mod common;
use cloudbase_auth_emulator::{Verb, openapi, routes};
use common::openapi::{call, check_answer, concrete, deref, doc};
use common::start;
use reqwest::Method;
use serde_json::{Value, json};

const ENV: &str = "test-env-1";
const OPS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[test]
fn document_is_openapi_3_and_refs_resolve() {
    let doc = doc();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["info"]["title"].is_string());
    fn walk(doc: &Value, v: &Value) {
        match v {
            Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                    assert!(
                        r.starts_with("#/") && doc.pointer(&r[1..]).is_some(),
                        "unresolved {r}"
                    );
                }
                o.values().for_each(|v| walk(doc, v));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(doc, v)),
            _ => {}
        }
    }
    walk(&doc, &doc);
    // Every operation answers something; every error response is the Error schema.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (m, op) in item.as_object().unwrap() {
            if !OPS.contains(&m.as_str()) {
                continue;
            }
            let responses = op["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{m} {path}");
            for (code, res) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    let schema = &deref(&doc, res)["content"]["application/json"]["schema"];
                    assert_eq!(
                        schema["$ref"], "#/components/schemas/ErrorBody",
                        "{m} {path} {code}"
                    );
                }
            }
        }
    }
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let doc = doc();
    let paths = doc["paths"].as_object().unwrap();
    let routes = routes();
    assert!(routes.len() > 50, "{}", routes.len());
    for route in &routes {
        let item = paths
            .get(route.path)
            .unwrap_or_else(|| panic!("{} is not in the OpenAPI document", route.path));
        let documented: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| OPS.contains(k))
            .collect();
        if route.methods == [Verb::Any] {
            assert!(!documented.is_empty(), "{}", route.path);
            for m in &documented {
                assert!(
                    item[*m]["responses"]["501"].is_object(),
                    "{m} {}: an unavailable endpoint answers 501",
                    route.path
                );
            }
        } else {
            let mut want: Vec<&str> = route.methods.iter().map(|v| v.as_str()).collect();
            let mut got = documented.clone();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "methods of {}", route.path);
        }
    }
    for path in paths.keys() {
        assert!(
            routes.iter().any(|r| r.path == path),
            "{path} is documented but not routed"
        );
    }
    // Every /auth/v1 endpoint of the contract that the emulator implements is in the router.
    for path in [
        "/auth/v1/verification",
        "/auth/v1/verification/verify",
        "/auth/v1/signup",
        "/auth/v1/signin",
        "/auth/v1/signin/anonymously",
        "/auth/v1/signin/custom",
        "/auth/v1/token",
        "/auth/v1/revoke",
        "/auth/v1/user/signout",
        "/auth/v1/user/me",
        "/auth/v1/user/basic/edit",
        "/auth/v1/user/sudo",
        "/auth/v1/user/password",
        "/auth/v1/user/contact",
        "/auth/v1/user/provider",
        "/auth/v1/user/provider/bind",
        "/auth/v1/user/provider/{provider_id}",
        "/auth/v1/provider/uri",
        "/auth/v1/provider/token",
        "/emulator/v1/oauth/authorize",
        "/auth/v1/reset",
        "/auth/v1/checkIfUserExist",
        "/auth/v1/certs",
    ] {
        assert!(routes.iter().any(|r| r.path == path), "{path}");
    }
}

#[tokio::test]
async fn every_documented_operation_answers_a_documented_status() {
    let emu = start().await;
    let doc = doc();
    let mut n = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in item.as_object().unwrap().keys() {
            if !OPS.contains(&m.as_str()) {
                continue;
            }
            let method = Method::from_bytes(m.to_ascii_uppercase().as_bytes()).unwrap();
            let url = format!("{}?client_id={ENV}", concrete(path));
            let (s, v) = emu.send(method, &url, None, "{}").await;
            if path.as_str() == "/emulator/v1/openapi.json" {
                assert_eq!(s, 200);
                assert_eq!(v, doc);
            } else {
                check_answer(&doc, m, path, s, &v);
            }
            n += 1;
        }
    }
    assert!(n > 50, "{n}");
}

#[tokio::test]
async fn real_answers_fit_the_documented_schemas() {
    let emu = start().await;
    let doc = doc();
    let q = format!("?client_id={ENV}");
    let phone = "+86 13800000000";
    let (s, sent) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/verification",
        &q,
        None,
        json!({"phone_number": phone}),
    )
    .await;
    assert_eq!(s, 200);
    let (_, inbox) = call(
        &emu,
        &doc,
        Method::GET,
        "/emulator/v1/inbox",
        "?to=%2B86%2013800000000",
        None,
        json!({}),
    )
    .await;
    let code = inbox["messages"][0]["code"].clone();
    let (_, vt) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/verification/verify",
        &q,
        None,
        json!({"verification_id": sent["verification_id"], "verification_code": code}),
    )
    .await;
    let (s, creds) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/signup",
        &q,
        None,
        json!({"phone_number": phone, "verification_token": vt["verification_token"], "password": "Passw0rd!", "username": "alice"}),
    )
    .await;
    assert_eq!(s, 200);
    let at = creds["access_token"].as_str().unwrap().to_string();
    let tok = Some(at.as_str());
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/verification",
        &q,
        None,
        json!({"phone_number": phone}),
    )
    .await;
    assert_eq!(s, 429);
    for (method, path, query, token, body) in [
        (Method::GET, "/auth/v1/user/me", "", tok, json!({})),
        (Method::GET, "/auth/v1/user/provider", "", tok, json!({})),
        (Method::GET, "/auth/v1/certs", "", None, json!({})),
        (
            Method::GET,
            "/auth/v1/checkIfUserExist",
            "?username=alice",
            None,
            json!({}),
        ),
        (
            Method::POST,
            "/auth/v1/user/basic/edit",
            "",
            tok,
            json!({"nickname": "Al"}),
        ),
        (
            Method::POST,
            "/auth/v1/signin",
            q.as_str(),
            None,
            json!({"username": "alice", "password": "Passw0rd!"}),
        ),
        (
            Method::POST,
            "/auth/v1/token",
            q.as_str(),
            None,
            json!({"grant_type": "refresh_token", "refresh_token": creds["refresh_token"]}),
        ),
        (
            Method::POST,
            "/auth/v1/signin/anonymously",
            q.as_str(),
            None,
            json!({}),
        ),
        (
            Method::POST,
            "/emulator/v1/users",
            q.as_str(),
            None,
            json!({"username": "bob", "password": "Passw0rd!"}),
        ),
        (Method::GET, "/emulator/v1/config", "", None, json!({})),
        (
            Method::PATCH,
            "/emulator/v1/config",
            "",
            None,
            json!({"sms_login": true}),
        ),
        (Method::GET, "/emulator/v1/health", "", None, json!({})),
        (
            Method::DELETE,
            "/auth/v1/user/provider/{provider_id}",
            "",
            tok,
            json!({}),
        ),
        (
            Method::POST,
            "/auth/v1/user/provider/bind",
            "",
            tok,
            json!({"provider_token": "x"}),
        ),
    ] {
        let (s, v) = call(&emu, &doc, method.clone(), path, query, token, body).await;
        assert!(s < 500, "{method} {path}: {v}");
    }
    let (_, sudo) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/user/sudo",
        "",
        tok,
        json!({"password": "Passw0rd!"}),
    )
    .await;
    let (s, _) = call(
        &emu,
        &doc,
        Method::PATCH,
        "/auth/v1/user/password",
        "",
        tok,
        json!({"new_password": "N3wPassword", "sudo_token": sudo["sudo_token"]}),
    )
    .await;
    assert_eq!(s, 200);
    let (_, t) = call(
        &emu,
        &doc,
        Method::POST,
        "/emulator/v1/tickets",
        &q,
        None,
        json!({"uid": "custom-1"}),
    )
    .await;
    let (s, c) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/signin/custom",
        &q,
        None,
        json!({"provider_id": "custom", "ticket": t["ticket"]}),
    )
    .await;
    assert_eq!(s, 200);
    let ct = c["access_token"].as_str();
    let (_, me) = call(
        &emu,
        &doc,
        Method::GET,
        "/auth/v1/user/me",
        "",
        ct,
        json!({}),
    )
    .await;
    assert_eq!(me["created_from"], "custom");
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/user/signout",
        "",
        ct,
        json!({}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/revoke",
        &q,
        None,
        json!({"token": at}),
    )
    .await;
    assert_eq!(s, 200);
    emu.config(json!({"anonymous_login": false})).await;
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/auth/v1/signin/anonymously",
        &q,
        None,
        json!({}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = call(
        &emu,
        &doc,
        Method::POST,
        "/emulator/v1/reset",
        "",
        None,
        json!({}),
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn served_document_is_the_generated_one() {
    let emu = start().await;
    let res = emu
        .http
        .get(format!("{}/emulator/v1/openapi.json", emu.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(res.text().await.unwrap(), openapi::json());
}
