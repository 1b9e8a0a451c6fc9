//! Hostile input at every endpoint that takes a body: malformed JSON, wrong types, missing
//! fields, oversized strings, control characters and unicode garbage. Every answer must be a JSON
//! error body (`error`, `error_code`, `error_description`) with a status below 500.
#![allow(clippy::unwrap_used)]
mod common;
use common::{assert_json_error, signed_in, start};
use reqwest::Method;
use serde_json::{Map, Value, json};

const ENV: &str = "test-env-1";

/// How a field is typed and used.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A required string.
    Req,
    /// An optional string with rules (an address, a token, an enum...).
    Opt,
    /// Optional free text (a name, a URL): any valid unicode may be accepted.
    Text,
    /// An integer (dev config).
    Int,
    /// A boolean (dev config).
    Bool,
}
use Kind::*;

struct Endpoint {
    method: Method,
    path: &'static str,
    bearer: bool,
    /// Well-typed but refused (bogus tokens, unknown users, invalid values), so that no case
    /// below can succeed and change state.
    template: Value,
    fields: &'static [(&'static str, Kind)],
}

fn endpoints() -> Vec<Endpoint> {
    let e = |method: Method,
             path: &'static str,
             bearer: bool,
             template: Value,
             fields: &'static [(&'static str, Kind)]| Endpoint {
        method,
        path,
        bearer,
        template,
        fields,
    };
    vec![
        e(
            Method::POST,
            "/auth/v1/verification",
            false,
            json!({"phone_number": "+86 13811111111", "target": "USER"}),
            &[
                ("phone_number", Opt),
                ("email", Opt),
                ("target", Opt),
                ("usage", Opt),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/verification/verify",
            false,
            json!({"verification_id": "nope", "verification_code": "123456"}),
            &[("verification_id", Req), ("verification_code", Req)],
        ),
        e(
            Method::POST,
            "/auth/v1/signup",
            false,
            json!({"phone_number": "+86 13811111111", "verification_token": "bogus", "password": "Passw0rd!"}),
            &[
                ("phone_number", Opt),
                ("email", Opt),
                ("verification_token", Req),
                ("password", Opt),
                ("username", Opt),
                ("name", Text),
                ("gender", Opt),
                ("picture", Text),
                ("locale", Text),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/signin",
            false,
            json!({"username": "nobody", "password": "Passw0rd!"}),
            &[
                ("username", Req),
                ("password", Opt),
                ("verification_token", Opt),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/signin/anonymously",
            false,
            json!({"provider_token": "bogus"}),
            &[("provider_token", Opt)],
        ),
        e(
            Method::POST,
            "/auth/v1/signin/custom",
            false,
            json!({"provider_id": "custom", "ticket": "bogus"}),
            &[("provider_id", Req), ("ticket", Req)],
        ),
        e(
            Method::POST,
            "/auth/v1/signin/with/provider",
            false,
            json!({"provider_token": "bogus"}),
            &[("provider_token", Req)],
        ),
        e(
            Method::POST,
            "/auth/v1/token",
            false,
            json!({"grant_type": "refresh_token", "refresh_token": "bogus", "client_id": ENV}),
            &[
                ("grant_type", Req),
                ("refresh_token", Req),
                ("client_id", Opt),
                ("client_secret", Text),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/revoke",
            false,
            json!({"token": "bogus"}),
            &[("token", Req)],
        ),
        e(
            Method::POST,
            "/auth/v1/reset",
            false,
            json!({"phone_number": "+86 13811111111", "new_password": "N3wPassword", "verification_token": "bogus"}),
            &[
                ("phone_number", Opt),
                ("email", Opt),
                ("new_password", Req),
                ("verification_token", Req),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/user/signout",
            true,
            json!({}),
            &[("redirect_uri", Text), ("state", Text)],
        ),
        e(
            Method::POST,
            "/auth/v1/user/basic/edit",
            true,
            json!({"username": "12345"}),
            &[
                ("nickname", Text),
                ("username", Opt),
                ("avatar_url", Text),
                ("gender", Opt),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/user/sudo",
            true,
            json!({"password": "wrong1234", "verification_token": "bogus"}),
            &[("password", Opt), ("verification_token", Opt)],
        ),
        e(
            Method::PATCH,
            "/auth/v1/user/password",
            true,
            json!({"new_password": "N3wPassword", "sudo_token": "bogus"}),
            &[("new_password", Req), ("sudo_token", Req)],
        ),
        e(
            Method::PATCH,
            "/auth/v1/user/contact",
            true,
            json!({"phone_number": "+86 13822222222", "sudo_token": "bogus", "verification_token": "bogus"}),
            &[
                ("phone_number", Opt),
                ("email", Opt),
                ("sudo_token", Req),
                ("verification_token", Req),
                ("conflict_resolution", Opt),
            ],
        ),
        e(
            Method::POST,
            "/auth/v1/user/provider/bind",
            true,
            json!({"provider_token": "bogus"}),
            &[("provider_token", Req)],
        ),
        e(
            Method::POST,
            "/emulator/v1/users",
            false,
            json!({"username": "12345", "password": "Passw0rd!"}),
            &[
                ("username", Req),
                ("password", Req),
                ("phone_number", Opt),
                ("email", Opt),
            ],
        ),
        e(
            Method::POST,
            "/emulator/v1/tickets",
            false,
            json!({"uid": "abc"}),
            &[("uid", Req)],
        ),
        e(
            Method::POST,
            "/emulator/v1/reset",
            false,
            json!({"never": "sent"}),
            &[],
        ),
        e(
            Method::PATCH,
            "/emulator/v1/config",
            false,
            json!({"code_ttl_secs": 0}),
            &[
                ("code_ttl_secs", Int),
                ("resend_gap_secs", Int),
                ("codes_per_day", Int),
                ("max_attempts", Int),
                ("access_ttl_secs", Int),
                ("refresh_grace_secs", Int),
                ("sms_login", Bool),
                ("email_login", Bool),
                ("password_login", Bool),
                ("anonymous_login", Bool),
            ],
        ),
    ]
}

/// Bodies that are not JSON, or not a JSON object.
fn malformed() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = [
        "{",
        "}",
        "{\"a\":",
        "[1,",
        "nul",
        "tru",
        "{'a': 1}",
        "{\"a\":1}}",
        "{\"a\":1} trailing",
        "{\"a\" 1}",
        "{a: 1}",
        "{\"a\": NaN}",
        "{\"a\": Infinity}",
        "{\"a\": 1e999999}",
        "{\"a\": 01}",
        "{\"a\": \"\\x41\"}",
        "{\"a\": \"\\ud800\"}",
        "{\"a\": \"\\udc00\\ud800\"}",
        "{\"a\": \"unterminated}",
        "{\"a\": \"raw\ncontrol\"}",
        "\u{feff}{}",
        "<xml/>",
        "a=1&b=2",
        "[]",
        "[{}]",
        "null",
        "5",
        "-0",
        "1.5",
        "\"string\"",
        "true",
        "false",
    ]
    .iter()
    .map(|s| (format!("malformed {s:?}"), s.as_bytes().to_vec()))
    .collect();
    out.push((
        "invalid utf-8".into(),
        vec![b'{', b'"', b'a', b'"', b':', b'"', 0xff, 0xfe, b'"', b'}'],
    ));
    out.push(("nul byte".into(), b"{\0}".to_vec()));
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
    out.push(("deep nesting".into(), deep.into_bytes()));
    let deep_obj = format!("{{{}}}", "\"a\":{".repeat(3000) + &"}".repeat(3000));
    out.push(("deep objects".into(), deep_obj.into_bytes()));
    out
}

/// Strings refused everywhere: control characters (but tab, CR, LF) and overlong ones.
fn refused_strings() -> Vec<(&'static str, String)> {
    vec![
        ("nul", "a\u{0}b".into()),
        ("escape", "\u{1b}[31mred".into()),
        ("del", "\u{7f}".into()),
        ("c1", "next\u{85}line".into()),
        ("5k", "x".repeat(5000)),
        ("5k unicode", "é".repeat(4097)),
        ("100k", "x".repeat(100 * 1024)),
        ("100k unicode", "💥".repeat(25 * 1024)),
    ]
}

/// Valid strings that no field with rules accepts.
fn garbage() -> Vec<&'static str> {
    vec![
        " ",
        "line\nbreak",
        "tab\there",
        "\r\n",
        "\u{202e}gnp.exe",
        "Z\u{334}\u{321}a\u{337}l\u{338}g\u{335}o\u{336}",
        "💥🔥\u{200d}👨\u{200d}👩\u{200d}👧",
        "\u{fffd}\u{fffe}\u{ffff}",
        "\u{10ffff}",
        "𝕒𝕓𝕔@𝕕.𝕖",
        "＋８６ １３８００００００００",
        "+86 １３８００００００００",
        "١٢٣٤٥٦",
        "İİİ@example.com",
        "\u{301}",
        "' OR 1=1 --",
        "%00%0a",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "null\u{200b}",
    ]
}

/// Values of the wrong JSON type for a field.
fn wrong_types(kind: Kind) -> Vec<Value> {
    let mut v = vec![json!([]), json!(["x"]), json!({}), json!({"a": "b"})];
    match kind {
        Int => v.extend([
            json!("5"),
            json!(true),
            json!(1.5),
            json!(1e300),
            json!(-1e20),
            json!(u64::MAX),
            json!(null),
        ]),
        Bool => v.extend([json!("true"), json!(1), json!(0), json!(null)]),
        _ => v.extend([
            json!(5),
            json!(-1),
            json!(1.5),
            json!(u64::MAX),
            json!(true),
            json!(false),
        ]),
    }
    v
}

/// Every hostile body for an endpoint, labelled.
fn cases(ep: &Endpoint) -> Vec<(String, Vec<u8>)> {
    let mut out = malformed();
    let base = ep.template.as_object().unwrap().clone();
    let with = |field: &str, v: Value| {
        let mut m: Map<String, Value> = base.clone();
        m.insert(field.into(), v);
        serde_json::to_vec(&Value::Object(m)).unwrap()
    };
    let required: Vec<&str> = ep
        .fields
        .iter()
        .filter(|(_, k)| *k == Req)
        .map(|(f, _)| *f)
        .collect();
    if !required.is_empty() {
        out.push(("empty object".into(), b"{}".to_vec()));
        out.push(("empty body".into(), Vec::new()));
        out.push(("whitespace body".into(), b" \r\n\t ".to_vec()));
    }
    for f in &required {
        let mut m = base.clone();
        m.remove(*f);
        out.push((
            format!("missing {f}"),
            serde_json::to_vec(&Value::Object(m)).unwrap(),
        ));
        out.push((format!("{f} null"), with(f, Value::Null)));
        out.push((format!("{f} empty"), with(f, json!(""))));
    }
    for (f, kind) in ep.fields {
        for v in wrong_types(*kind) {
            out.push((format!("{f} = {v}"), with(f, v)));
        }
        for (label, s) in refused_strings() {
            out.push((format!("{f} {label}"), with(f, json!(s))));
        }
        if *kind != Text {
            for g in garbage() {
                out.push((format!("{f} = {g:?}"), with(f, json!(g))));
            }
        }
        // Bad keys.
        let mut m = base.clone();
        m.insert(format!("{f}\u{0}"), json!("x"));
        out.push((
            format!("{f} key with nul"),
            serde_json::to_vec(&Value::Object(m)).unwrap(),
        ));
    }
    let mut m = base.clone();
    m.insert("x".repeat(5000), json!("x"));
    out.push((
        "overlong key".into(),
        serde_json::to_vec(&Value::Object(m)).unwrap(),
    ));
    out
}

#[tokio::test]
async fn hostile_bodies_get_json_errors() {
    let emu = start().await;
    let token = signed_in(&emu).await;
    let users = emu.count("users");
    let codes = emu.count("codes");
    let sessions = emu.count("sessions");
    let (_, config) = emu.get("/emulator/v1/config", None).await;
    let mut total = 0;
    for ep in endpoints() {
        let tokens: &[Option<&str>] = if ep.bearer {
            &[Some(token.as_str()), None]
        } else {
            &[None]
        };
        for (label, body) in cases(&ep) {
            for tok in tokens {
                let mut req = emu
                    .http
                    .request(
                        ep.method.clone(),
                        format!("{}{}?client_id={ENV}", emu.base, ep.path),
                    )
                    .header("content-type", "text/plain;charset=UTF-8")
                    .body(body.clone());
                if let Some(t) = tok {
                    req = req.bearer_auth(t);
                }
                let what = format!(
                    "{} {} ({}): {label}",
                    ep.method,
                    ep.path,
                    if tok.is_some() { "bearer" } else { "no bearer" }
                );
                assert_json_error(req.send().await.unwrap(), &what).await;
                total += 1;
            }
        }
    }
    assert!(total > 2000, "{total}");
    // Nothing was stored or changed, and the session is intact.
    assert_eq!(emu.count("users"), users);
    assert_eq!(emu.count("codes"), codes);
    assert_eq!(emu.count("sessions"), sessions);
    assert_eq!(emu.count("tickets"), 0);
    assert_eq!(emu.get("/emulator/v1/config", None).await.1, config);
    let (s, me) = emu.get("/auth/v1/user/me", Some(&token)).await;
    assert_eq!(s, 200, "{me}");
}
