//! The served OpenAPI document matches the router: every route is described, every described
//! operation exists and answers a documented status, and real bodies fit the documented schemas.
#![allow(clippy::unwrap_used)]
mod common;
use cloudbase_auth_emulator::{OPENAPI, Verb, routes};
use common::{Emu, start};
use reqwest::Method;
use serde_json::{Value, json};

const ENV: &str = "test-env-1";
const OPS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn doc() -> Value {
    serde_json::from_str(OPENAPI).unwrap()
}

/// Follows a local `$ref`.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("unresolved $ref {r}"));
            deref(doc, target)
        }
        None => v,
    }
}

/// Checks a value against the subset of JSON Schema the document uses. Objects with
/// `properties` may not carry undeclared keys, so the document cannot miss a field.
fn conforms(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let schema = deref(doc, schema);
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {e:?}"));
        }
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let ok = match ty {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        _ => true,
    };
    if !ok {
        return Err(format!("{at}: {v} is not {ty:?}"));
    }
    if let (Some(obj), Some(props)) = (
        v.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let req = req.as_str().unwrap();
            if !obj.contains_key(req) {
                return Err(format!("{at}: missing {req}"));
            }
        }
        for (k, val) in obj {
            let sub = props
                .get(k)
                .ok_or_else(|| format!("{at}: undocumented field {k}"))?;
            conforms(doc, sub, val, &format!("{at}.{k}"))?;
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, it) in arr.iter().enumerate() {
            conforms(doc, items, it, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Checks a real answer against the document: the status is documented for the operation and
/// the body fits its schema.
fn check_answer(doc: &Value, method: &str, path: &str, status: u16, body: &Value) {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not documented");
    let res = op["responses"]
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{method} {path}: status {status} is not documented: {body}"));
    let res = deref(doc, res);
    let schema = &res["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status}: no JSON schema"
    );
    if let Err(e) = conforms(doc, schema, body, "body") {
        panic!("{method} {path} {status}: {e}: {body}");
    }
}

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
                        schema["$ref"], "#/components/schemas/Error",
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

/// Fills path parameters.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        out.push('x');
        rest = &rest[rest[i..].find('}').unwrap() + i + 1..];
    }
    out.push_str(rest);
    out
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

async fn call(
    emu: &Emu,
    doc: &Value,
    method: Method,
    path: &str,
    query: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let (s, v) = emu
        .send(
            method.clone(),
            &format!("{}{query}", concrete(path)),
            token,
            body.to_string(),
        )
        .await;
    check_answer(doc, &method.as_str().to_ascii_lowercase(), path, s, &v);
    (s, v)
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
        json!({"provider_id": "fake2", "provider_code": code(loc)}),
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

#[tokio::test]
async fn served_document_is_the_file() {
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
    assert_eq!(res.text().await.unwrap(), OPENAPI);
}
