//! The document's `ConfigView`, `SmtpView`, `ConfigPatch` and `SmtpPatch` schemas name exactly
//! the fields of `GET` and `PATCH /emulator/v1/config`.
#![allow(clippy::unwrap_used)]
mod common;
use common::start;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

fn properties(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn config_schemas_match_the_handlers() {
    let doc: Value = serde_json::from_str(cloudbase_auth_emulator::openapi::json()).unwrap();
    let emu = start().await;

    // Without SMTP: every required field, no smtp.
    let (_, plain) = emu.get("/emulator/v1/config", None).await;
    let config = schema(&doc, "ConfigView");
    let required: BTreeSet<String> = config["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys(&plain), required);
    assert!(!required.contains("smtp"));

    // With SMTP: `smtp` is documented, with exactly the fields answered.
    let answer = emu
        .config(
            json!({"smtp": {"host": "127.0.0.1", "port": 2525, "security": "none",
            "user": "u", "password": "p", "from": "noreply@example.com"}}),
        )
        .await;
    assert_eq!(keys(&answer), properties(config));
    let status = schema(&doc, "SmtpView");
    assert_eq!(keys(&answer["smtp"]), properties(status));
    assert_eq!(answer["smtp"]["password_set"], true);

    // PATCH accepts every documented field (ConfigPatch and SmtpPatch) and refuses others.
    let patch = schema(&doc, "ConfigPatch");
    assert_eq!(properties(patch), properties(config));
    let smtp_patch = properties(schema(&doc, "SmtpPatch"));
    assert_eq!(
        smtp_patch,
        ["from", "host", "password", "port", "security", "user"]
            .map(String::from)
            .into()
    );
    for field in &smtp_patch {
        let value = match field.as_str() {
            "port" => json!(25),
            "security" => json!("starttls"),
            "from" => json!("a@example.com"),
            "host" => json!("localhost"),
            _ => json!("x"),
        };
        let (s, v) = emu
            .patch(
                "/emulator/v1/config",
                None,
                // A new host, port or user needs the password again.
                json!({"smtp": {field.as_str(): value, "password": "x"}}),
            )
            .await;
        assert_eq!(s, 200, "smtp.{field}: {v}");
    }
    let (s, _) = emu
        .patch(
            "/emulator/v1/config",
            None,
            json!({"smtp": {"hostname": "x"}}),
        )
        .await;
    assert_eq!(s, 400);
    let (s, v) = emu
        .patch("/emulator/v1/config", None, json!({"smtp": null}))
        .await;
    assert_eq!(s, 200, "{v}");
    assert!(v.get("smtp").is_none());
}
