//! Tests of the stored session: its shapes, corrupt values, storage that refuses.

use super::*;
use crate::core::http::read_answer;
use crate::core::json_native::SerdeJson;
use crate::core::testing::MemoryStorage;
use serde_json::json;

const NOW: f64 = 1_800_000_000_000.0;

/// The credentials of a token answer, read as the client reads it.
fn from_answer(body: serde_json::Value, version: Option<&str>) -> Result<Credentials, AuthError> {
    let answer = read_answer(&SerdeJson, &body)?;
    Credentials::from_response(answer, NOW, version)
}

#[test]
fn expiry_is_expires_in_minus_thirty_seconds() {
    let c = from_answer(
        json!({"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":7200,"scope":"user","sub":"u1","groups":["user"]}),
        Some("v1"),
    )
    .expect("valid credentials");
    assert_eq!(c.expires_at_ms(), NOW + 7170.0 * 1000.0);
    assert!(!c.is_expired(NOW));
    assert!(c.is_expired(NOW + 7171.0 * 1000.0));
    let v: serde_json::Value = serde_json::from_str(&SerdeJson.encode(&c)).expect("stored as JSON");
    assert_eq!(v["version"], "v1");
    assert_eq!(v["expires_in"], 7200);
    assert_eq!(v["groups"], json!(["user"]));
    assert_eq!(v["expires_at"], format_iso(NOW + 7170.0 * 1000.0));
}

#[test]
fn session_is_the_credentials_and_user() {
    for body in [
        json!({"access_token":"a","expires_in":100}),
        json!({"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":7200,
            "scope":"user","sub":"u1","groups":["user"],"id_token":"i"}),
    ] {
        let credentials = from_answer(body, Some("v1")).expect("valid");
        let user = User::from_info(&UserInfo::default(), "u1");
        let session = Session {
            credentials: credentials.clone(),
            user: user.clone(),
        };
        let mut expected = serde_json::to_value(&credentials).expect("written");
        expected["user"] = serde_json::to_value(&user).expect("written");
        let written = serde_json::to_value(&session).expect("written");
        assert_eq!(written, expected);
    }
}

#[test]
fn wrong_shapes_are_internal_errors() {
    for body in [
        json!([]),
        json!({"access_token": ""}),
        json!({"access_token": 5}),
        json!({"access_token":"a","scope":7}),
    ] {
        let e = from_answer(body, None).expect_err("rejected");
        assert_eq!(e.code, "internal");
    }
}

#[test]
fn corrupt_values_read_as_signed_out_and_are_removed() {
    let storage = MemoryStorage::default();
    let store = SessionStore::new("c1", "e1");
    for bad in [
        "{",
        "null",
        "[]",
        r#"{"access_token":"a"}"#,
        r#"{"access_token":"a","expires_at":"soon"}"#,
    ] {
        storage.set("credentials_c1", bad);
        storage.set("user_info_e1", "{}");
        assert_eq!(store.credentials(&storage, &SerdeJson), None, "{bad}");
        assert_eq!(storage.get("credentials_c1"), None);
        assert_eq!(storage.get("user_info_e1"), None);
    }
}

#[test]
fn reads_the_js_sdk_shape() {
    let storage = MemoryStorage::default();
    let store = SessionStore::new("env-1", "env-1");
    storage.set(
        "credentials_env-1",
        r#"{"token_type":"Bearer","access_token":"eyJ","refresh_token":"rt","expires_in":7200,"scope":"user","sub":"u1","groups":["user"],"version":"v1","expires_at":"2026-11-22T10:25:23.002Z","id_token":"x"}"#,
    );
    let c = store.credentials(&storage, &SerdeJson).expect("readable");
    assert_eq!(c.sub, "u1");
    assert_eq!(c.id_token.as_deref(), Some("x"));
    assert_eq!(c.groups, Some(vec!["user".to_owned()]));
    storage.set(
        "user_info_env-1",
        r#"{"version":"localCachev1","content":{"sub":"u1","uid":"u1"}}"#,
    );
    assert_eq!(
        store.user_info(&storage, &SerdeJson).and_then(|u| u.uid),
        Some("u1".into())
    );
}

#[test]
fn the_same_user_info_is_not_written_again() {
    let storage = MemoryStorage::default();
    let store = SessionStore::new("c", "e");
    let info = || UserInfo {
        sub: "u1".into(),
        ..Default::default()
    };
    store.set_user_info(&storage, &SerdeJson, info());
    let stored = storage.get("user_info_e");
    assert!(stored.is_some());
    // A write now would be refused and kept in memory: none is made.
    storage.refuse_writes(true);
    store.set_user_info(&storage, &SerdeJson, info());
    assert!(store.memory.borrow().is_empty());
    assert_eq!(storage.get("user_info_e"), stored);
    // Other info is written (here: refused, so kept in memory).
    let other = UserInfo {
        name: Some("N".into()),
        ..info()
    };
    store.set_user_info(&storage, &SerdeJson, other);
    assert_eq!(store.memory.borrow().len(), 1);
}

#[test]
fn falls_back_to_memory_when_storage_refuses() {
    let storage = MemoryStorage::default();
    storage.refuse_writes(true);
    let store = SessionStore::new("c", "e");
    let c = from_answer(json!({"access_token":"a","expires_in":100}), None).expect("valid");
    store.set_credentials(&storage, &SerdeJson, &c);
    assert_eq!(storage.get("credentials_c"), None);
    assert_eq!(
        store
            .credentials(&storage, &SerdeJson)
            .map(|c| c.access_token),
        Some("a".to_owned())
    );
    store.clear(&storage);
    assert_eq!(store.credentials(&storage, &SerdeJson), None);
    // A text stored before (a full storage keeps it) is not read instead of the newer one.
    storage.refuse_writes(false);
    store.set_credentials(&storage, &SerdeJson, &c);
    storage.refuse_writes(true);
    let newer = from_answer(json!({"access_token":"b","expires_in":100}), None).expect("valid");
    store.set_credentials(&storage, &SerdeJson, &newer);
    let read = store.credentials(&storage, &SerdeJson);
    assert_eq!(read.map(|c| c.access_token), Some("b".to_owned()));
}
