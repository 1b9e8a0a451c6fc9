//! The wasm-bindgen surface used by the JS entry: JSON in, `{data, error}` JSON out, never a
//! rejection or a panic.

use cloudbase_auth_wasm::js::WasmAuth;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::*;

async fn reply(p: js_sys::Promise) -> Value {
    let v = JsFuture::from(p).await.expect("never rejects");
    serde_json::from_str(&v.as_string().expect("a JSON string")).expect("JSON")
}

fn wasm_auth(env: &str) -> WasmAuth {
    let config = serde_json::json!({"env": env, "apiOrigin": EMULATOR}).to_string();
    WasmAuth::new(&config, JsValue::UNDEFINED).expect("valid config")
}

#[wasm_bindgen_test]
fn bad_config_is_an_error_not_a_panic() {
    for bad in ["", "{", "[]", r#"{"env": ""}"#, r#"{"env": 5}"#] {
        let e: JsValue = WasmAuth::new(bad, JsValue::UNDEFINED)
            .err()
            .expect("refused");
        let v: Value = serde_json::from_str(&e.as_string().expect("text")).expect("JSON");
        assert_eq!(v["error"]["code"], "invalid_argument", "{bad}");
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

    let r = reply(auth.sign_in_with_password("not json".into())).await;
    assert_eq!(r["error"]["code"], "invalid_argument");
    assert_eq!(r["data"], Value::Null);
    let r =
        reply(auth.sign_in_with_password(r#"{"phone": 13800000000, "password": []}"#.into())).await;
    assert_eq!(r["error"]["code"], "invalid_argument");

    let phone = new_phone();
    let r = reply(
        auth.sign_up(serde_json::json!({"phone": phone, "password": "abc12345"}).to_string()),
    )
    .await;
    let challenge = r["data"]["challenge"].to_string();
    let r = reply(auth.verify_challenge(challenge.clone(), "not-a-code".into())).await;
    assert_eq!(r["error"]["category"], "VERIFICATION_FAILED", "{r}");
    let r = reply(auth.verify_challenge(challenge, latest_code(&phone).await)).await;
    let user = &r["data"]["user"];
    assert_eq!(user["phone"], phone.as_str());
    assert_eq!(r["data"]["session"]["user"]["id"], user["id"]);
    assert!(
        r["data"]["session"]["expires_at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );

    let r = reply(auth.sign_in_with_password(
        serde_json::json!({"phone": phone, "password": "nope12345"}).to_string(),
    ))
    .await;
    assert_eq!(r["error"]["code"], "invalid_password");
    assert_eq!(r["error"]["category"], "INVALID_CREDENTIALS");
    assert!(r["error"]["requestId"].is_string());

    let r = reply(auth.sign_out(String::new())).await;
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
    assert_eq!(auth.current_session(), "null");
}

#[wasm_bindgen_test]
async fn persistence_session_and_a_custom_storage_object() {
    // sessionStorage: nothing lands in localStorage.
    let env = new_env();
    let config = serde_json::json!({"env": env, "apiOrigin": EMULATOR, "persistence": "session"})
        .to_string();
    let auth = WasmAuth::new(&config, JsValue::UNDEFINED).expect("valid config");
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
    let key = format!("credentials_{env}");
    assert_eq!(get(&key), None);
    let session = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage");
    assert!(session.get_item(&key).ok().flatten().is_some());
    reply(auth.sign_out(String::new())).await;

    // An app-supplied object: a Map behind getItem/setItem/removeItem.
    let env = new_env();
    let store: js_sys::Object = js_sys::Function::new_no_args(
        "const m = new Map(); return { m, getItem: (k) => m.has(k) ? m.get(k) : null, \
         setItem: (k, v) => { m.set(k, v); }, removeItem: (k) => { m.delete(k); } };",
    )
    .call0(&JsValue::NULL)
    .expect("object")
    .into();
    let config = serde_json::json!({"env": env, "apiOrigin": EMULATOR}).to_string();
    let auth = WasmAuth::new(&config, store.clone().into()).expect("valid config");
    let r = reply(auth.sign_in_anonymously()).await;
    assert!(r["error"].is_null(), "{r}");
    let map: js_sys::Map = js_sys::Reflect::get(&store, &"m".into())
        .expect("map")
        .into();
    assert!(map.has(&format!("credentials_{env}").into()));
    assert_eq!(get(&format!("credentials_{env}")), None);
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
        &serde_json::json!({"env": new_env(), "apiOrigin": EMULATOR}).to_string(),
        throwing.into(),
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
