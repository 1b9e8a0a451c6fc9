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
    WasmAuth::new(&config).expect("valid config")
}

#[wasm_bindgen_test]
fn bad_config_is_an_error_not_a_panic() {
    for bad in ["", "{", "[]", r#"{"env": ""}"#, r#"{"env": 5}"#] {
        let e: JsValue = WasmAuth::new(bad).err().expect("refused");
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
