//! The wasm-bindgen surface used by the JS entry: typed methods whose promises resolve to the
//! data or reject with the `AuthError` (an instance of the class given, a real `Error`), never
//! a panic.

use cloudbase_auth_wasm::js::{ErrorClass, WasmAuth};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::*;

/// A JS value as JSON (what `JSON.stringify` keeps).
fn json_of(v: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(v).expect("JSON").as_string();
    serde_json::from_str(&text.unwrap_or_else(|| "null".into())).expect("JSON")
}

/// A JS value made from JSON.
fn js(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("JSON")
}

/// The class the JS entry hands over, as its `AuthError` does: `new AuthError(fields)`.
fn error_class() -> ErrorClass {
    js_sys::Function::new_no_args(
        "return class AuthError extends Error { constructor(e) { super(e.message); \
         this.name = 'AuthError'; Object.assign(this, e); } };",
    )
    .call0(&JsValue::NULL)
    .expect("a class")
    .unchecked_into()
}

/// A call's outcome as `{data, error}` JSON: the data it resolved to, or the fields of the
/// `AuthError` it rejected with (checked to be an instance of the class given, an `Error`).
async fn reply(p: js_sys::Promise) -> Value {
    match JsFuture::from(p).await {
        Ok(data) => serde_json::json!({"data": json_of(&data), "error": null}),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "an Error");
            let class: js_sys::Function = error_class_of(&e);
            assert_eq!(class.name(), "AuthError");
            serde_json::json!({"data": null, "error": json_of(&e)})
        }
    }
}

/// The constructor of `e`.
fn error_class_of(e: &JsValue) -> js_sys::Function {
    js_sys::Reflect::get(e, &"constructor".into())
        .expect("constructor")
        .unchecked_into()
}

fn wasm_auth(env: &str) -> WasmAuth {
    let config = js(serde_json::json!({"env": env, "apiOrigin": EMULATOR}));
    WasmAuth::new(config, JsValue::UNDEFINED, error_class()).expect("valid config")
}

#[wasm_bindgen_test]
fn bad_config_is_an_error_not_a_panic() {
    for bad in [
        "null",
        "{}",
        "[]",
        r#"{"env": ""}"#,
        r#"{"env": 5}"#,
        r#"{"env": "e", "lang": []}"#,
    ] {
        let options = js(serde_json::from_str(bad).expect("JSON"));
        let e: JsValue = WasmAuth::new(options, JsValue::UNDEFINED, error_class())
            .err()
            .expect("refused");
        assert_eq!(error_class_of(&e).name(), "AuthError", "{bad}");
        assert_eq!(json_of(&e)["code"], "invalid_argument", "{bad}");
    }
}

#[wasm_bindgen_test]
async fn replies_are_data_or_error() {
    let env = new_env();
    let auth = wasm_auth(&env);
    let r = reply(auth.get_session()).await;
    assert_eq!(
        r,
        serde_json::json!({"data": {"session": null, "user": null}, "error": null})
    );

    let r = reply(auth.sign_in_with_password("not an object".into())).await;
    assert_eq!(r["error"]["code"], "invalid_argument");
    assert_eq!(r["data"], Value::Null);
    let r = reply(auth.sign_in_with_password(js(
        serde_json::json!({"phone": 13800000000u64, "password": []}),
    )))
    .await;
    assert_eq!(r["error"]["code"], "invalid_argument");
    // A cyclic object is refused before it is read (reading it would overflow the stack),
    // and the client goes on working.
    let cyclic = js_sys::Function::new_no_args("const o = {}; o.self = o; return o;")
        .call0(&JsValue::NULL)
        .expect("an object");
    let r = reply(auth.sign_up(cyclic)).await;
    assert_eq!(r["error"]["code"], "internal", "{r}");
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let deep = js_sys::JSON::parse(&nested).expect("JSON");
    let r = reply(auth.update_user(deep)).await;
    assert_eq!(r["error"]["code"], "internal", "{r}");

    let phone = new_phone();
    let r = reply(auth.sign_up(js(
        serde_json::json!({"phone": phone, "password": "abc12345"}),
    )))
    .await;
    let challenge = r["data"].clone();
    let r = reply(auth.verify_challenge(js(challenge.clone()), "not-a-code")).await;
    assert_eq!(r["error"]["category"], "VERIFICATION_FAILED", "{r}");
    let r = reply(auth.verify_challenge(js(challenge), &latest_code(&phone).await)).await;
    let user = &r["data"]["user"];
    assert_eq!(user["phone"], phone.as_str());
    assert_eq!(r["data"]["session"]["user"]["id"], user["id"]);
    assert!(
        r["data"]["session"]["expires_at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );

    let r = reply(auth.sign_in_with_password(js(
        serde_json::json!({"phone": phone, "password": "nope12345"}),
    )))
    .await;
    assert_eq!(r["error"]["code"], "invalid_password");
    assert_eq!(r["error"]["category"], "INVALID_CREDENTIALS");
    assert!(r["error"]["requestId"].is_string());

    let r = reply(auth.sign_out(JsValue::UNDEFINED)).await;
    assert_eq!(r, serde_json::json!({"data": {}, "error": null}));
}

#[wasm_bindgen_test]
async fn a_corrupt_session_reads_as_signed_out_through_the_bridge() {
    let env = new_env();
    put(&format!("credentials_{env}"), "\u{0}{{{");
    let auth = wasm_auth(&env);
    let r = reply(auth.get_session()).await;
    assert_eq!(r["data"]["session"], Value::Null);
    assert_eq!(r["error"], Value::Null);
    assert!(auth.current_session().is_null());
}

#[wasm_bindgen_test]
async fn persistence_session_and_a_custom_storage_object() {
    // sessionStorage: nothing lands in localStorage.
    let env = new_env();
    let config =
        js(serde_json::json!({"env": env, "apiOrigin": EMULATOR, "persistence": "session"}));
    let auth = WasmAuth::new(config, JsValue::UNDEFINED, error_class()).expect("valid config");
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
    let key = format!("credentials_{env}");
    assert_eq!(get(&key), None);
    let session = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage");
    assert!(session.get_item(&key).ok().flatten().is_some());
    // The stored login state is read from the session's own storage.
    assert_eq!(
        json_of(&auth.current_user_info())["uid"],
        r["data"]["user"]["id"]
    );
    assert_eq!(
        json_of(&auth.current_session())["access_token"],
        r["data"]["session"]["access_token"]
    );
    reply(auth.sign_out(JsValue::UNDEFINED)).await;

    // An app-supplied object: a Map behind getItem/setItem/removeItem.
    let env = new_env();
    let store: js_sys::Object = js_sys::Function::new_no_args(
        "const m = new Map(); return { m, getItem: (k) => m.has(k) ? m.get(k) : null, \
         setItem: (k, v) => { m.set(k, v); }, removeItem: (k) => { m.delete(k); } };",
    )
    .call0(&JsValue::NULL)
    .expect("object")
    .into();
    let config = js(serde_json::json!({"env": env, "apiOrigin": EMULATOR}));
    let auth = WasmAuth::new(config, store.clone().into(), error_class()).expect("valid config");
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
    let map: js_sys::Map = js_sys::Reflect::get(&store, &"m".into())
        .expect("map")
        .into();
    assert!(map.has(&format!("credentials_{env}").into()));
    assert_eq!(get(&format!("credentials_{env}")), None);
    assert!(!auth.current_user_info().is_null(), "read from the object");
    let r = reply(auth.get_session()).await;
    assert!(r["data"]["session"]["access_token"].is_string());

    // A storage object that throws reads as empty and falls back to memory.
    let throwing: js_sys::Object = js_sys::Function::new_no_args(
        "return { getItem() { throw new Error('no'); }, setItem() { throw new Error('full'); }, removeItem() {} };",
    )
    .call0(&JsValue::NULL)
    .expect("object")
    .into();
    let auth = WasmAuth::new(
        js(serde_json::json!({"env": new_env(), "apiOrigin": EMULATOR})),
        throwing.into(),
        error_class(),
    )
    .expect("valid config");
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
    let r = reply(auth.get_session()).await;
    assert!(
        r["data"]["session"]["access_token"].is_string(),
        "kept in memory: {r}"
    );
}

#[wasm_bindgen_test]
async fn get_claims_decodes_the_access_token_of_the_session() {
    let env = new_env();
    let auth = wasm_auth(&env);
    let r = reply(auth.get_claims()).await;
    assert_eq!(r["error"]["code"], "unauthenticated", "{r}");
    assert_eq!(r["data"], Value::Null);
    let r = reply(auth.sign_in_anonymously()).await;
    let user_id = r["data"]["user"]["id"].as_str().expect("an id").to_owned();
    let r = reply(auth.get_claims()).await;
    assert_eq!(r["error"], Value::Null, "{r}");
    assert_eq!(r["data"]["claims"]["sub"], user_id.as_str());
    assert_eq!(r["data"]["header"]["alg"], "ES256");
    assert!(
        r["data"]["signature"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
}

#[wasm_bindgen_test]
async fn typed_methods_give_their_values() {
    let auth = wasm_auth(&new_env());
    let r = reply(auth.sign_in_anonymously()).await;
    let id = r["data"]["user"]["id"].clone();
    assert!(id.is_string(), "{r}");
    // The user, the identities and a yes/no cross as themselves.
    let r = reply(auth.get_user()).await;
    assert_eq!(r["data"]["id"], id, "{r}");
    assert_eq!(r["data"]["is_anonymous"], true);
    let r = reply(auth.get_user_identities()).await;
    assert!(r["data"].is_array(), "{r}");
    let taken = format!("nobody_{}", rand_hex(4));
    let r = reply(auth.is_username_registered(&taken)).await;
    assert_eq!(r["data"], false, "{r}");
    // A wrong code for an unknown verification is the service's error, not a panic.
    let r = reply(auth.verify("no-such-id", "123456")).await;
    assert!(r["error"]["code"].is_string(), "{r}");
    let r = reply(auth.update_user(js(serde_json::json!({})))).await;
    assert_eq!(r["error"]["code"], "invalid_argument", "{r}");
    // The session in memory and in storage, then signed out with the user sign-out form.
    assert_eq!(json_of(&auth.current_session())["user"]["id"], id);
    let r = reply(auth.sign_out(js(serde_json::json!({})))).await;
    assert_eq!(r, serde_json::json!({"data": {}, "error": null}));
    assert!(auth.current_session().is_null());
    assert!(auth.current_user_info().is_null());
}

#[wasm_bindgen_test]
async fn a_fetch_that_resolves_to_no_response_is_an_error_not_a_panic() {
    // An app's mock of `fetch` (a plain object for an answer), as in its own tests.
    let global = js_sys::global();
    let real = js_sys::Reflect::get(&global, &"fetch".into()).expect("fetch");
    let mock = js_sys::Function::new_no_args(
        "return () => Promise.resolve({ ok: true, status: 200, text: async () => '{}' });",
    )
    .call0(&JsValue::NULL)
    .expect("a mock");
    js_sys::Reflect::set(&global, &"fetch".into(), &mock).expect("mocked");
    let auth = wasm_auth(&new_env());
    let r = reply(auth.sign_in_anonymously()).await;
    js_sys::Reflect::set(&global, &"fetch".into(), &real).expect("restored");
    // gloo-net's own `send` panicked here, which left the module unusable.
    assert_eq!(r["error"]["code"], "unreachable", "{r}");
    // The module goes on working.
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
}
