//! The SMTP login: the stored password never follows a change of server, port or user, and is
//! never sent in clear to another machine.
#![allow(clippy::unwrap_used)]
mod common;
use common::binary::run_binary;
use common::{assert_err, start};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// `smtp.password_set` in the current config.
async fn password_set(emu: &common::Emu) -> Value {
    emu.get("/emulator/v1/config", None).await.1["smtp"]["password_set"].clone()
}

#[tokio::test]
async fn the_password_is_dropped_when_host_port_or_user_change() {
    let emu = start().await;
    let base = json!({"smtp": {
        "host": "smtp.example.com",
        "from": "noreply@example.com",
        "user": "mailer",
        "password": "s3cret-pw",
    }});
    // A change of host, port or user without the password again: refused, nothing changes
    // (the stored password would otherwise go to the new server or account).
    for change in [
        json!({"host": "smtp.evil.example"}),
        json!({"port": 2525}),
        json!({"user": "someone-else"}),
        json!({"host": "smtp.evil.example", "security": "starttls"}),
    ] {
        emu.config(base.clone()).await;
        let (s, v) = emu
            .patch("/emulator/v1/config", None, json!({ "smtp": change }))
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        assert!(
            v["error_description"]
                .as_str()
                .unwrap()
                .contains("password"),
            "{v}"
        );
        let (_, cfg) = emu.get("/emulator/v1/config", None).await;
        assert_eq!(cfg["smtp"]["host"], "smtp.example.com", "{change}: {cfg}");
        assert_eq!(cfg["smtp"]["port"], 465, "{change}: {cfg}");
        assert_eq!(cfg["smtp"]["user"], "mailer", "{change}: {cfg}");
    }
    // Without a login the new server gets none: the password is gone.
    emu.config(base.clone()).await;
    let cfg = emu
        .config(json!({"smtp": {"host": "smtp.evil.example", "user": null}}))
        .await;
    assert_eq!(cfg["smtp"]["password_set"], false, "{cfg}");
    // Naming the old user again does not bring the old password back.
    let (s, v) = emu
        .patch(
            "/emulator/v1/config",
            None,
            json!({"smtp": {"host": "smtp.example.com", "user": "mailer"}}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
    assert_eq!(password_set(&emu).await, false);
}

#[tokio::test]
async fn the_password_stays_when_the_server_stays_or_is_given_again() {
    let emu = start().await;
    emu.config(json!({"smtp": {
        "host": "smtp.example.com",
        "from": "noreply@example.com",
        "user": "mailer",
        "password": "s3cret-pw",
    }}))
    .await;
    let cfg = emu
        .config(json!({"smtp": {"from": "other@example.com", "security": "starttls"}}))
        .await;
    assert_eq!(cfg["smtp"]["password_set"], true, "{cfg}");
    let cfg = emu
        .config(json!({"smtp": {"host": "smtp2.example.com", "password": "new-pw-1"}}))
        .await;
    assert_eq!(cfg["smtp"]["host"], "smtp2.example.com", "{cfg}");
    assert_eq!(cfg["smtp"]["password_set"], true, "{cfg}");
}

#[tokio::test]
async fn no_login_in_clear_to_another_machine() {
    let emu = start().await;
    for host in ["smtp.example.com", "192.0.2.1", "[2001:db8::1]"] {
        let (s, v) = emu
            .patch(
                "/emulator/v1/config",
                None,
                json!({"smtp": {
                    "host": host,
                    "from": "noreply@example.com",
                    "security": "none",
                    "user": "mailer",
                    "password": "s3cret-pw",
                }}),
            )
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        assert!(
            v["error_description"].as_str().unwrap().contains("clear"),
            "{v}"
        );
    }
    // A server on this machine (a local test server) may take the login without TLS, and
    // another machine may be reached without TLS when there is no login to leak.
    for (host, user) in [
        ("127.0.0.1", json!("mailer")),
        ("localhost", json!("mailer")),
        ("[::1]", json!("mailer")),
        ("smtp.example.com", Value::Null),
    ] {
        let password = if user.is_null() {
            Value::Null
        } else {
            json!("pw")
        };
        emu.config(json!({"smtp": null})).await;
        emu.config(json!({"smtp": {
            "host": host,
            "from": "noreply@example.com",
            "security": "none",
            "user": user,
            "password": password,
        }}))
        .await;
    }
    // Switching an existing login to no encryption is refused too.
    emu.config(json!({"smtp": {
        "host": "smtp.example.com",
        "security": "ssl",
        "user": "mailer",
        "password": "s3cret-pw",
    }}))
    .await;
    let (s, v) = emu
        .patch(
            "/emulator/v1/config",
            None,
            json!({"smtp": {"security": "none"}}),
        )
        .await;
    assert_err(s, &v, 400, "invalid_argument", 3);
}

#[test]
fn the_command_line_refuses_a_login_in_clear_to_another_machine() {
    let (mut child, rx) = run_binary(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--smtp-host",
            "smtp.example.com",
            "--smtp-security",
            "none",
            "--smtp-user",
            "mailer",
            "--smtp-from",
            "noreply@example.com",
        ],
        &[("CLOUDBASE_EMULATOR_SMTP_PASSWORD", "s3cret-pw")],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the emulator started");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(2));
    // The readers end at the end of the output: wait for them rather than race them.
    let mut out = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        out.push(line);
    }
    assert!(out.iter().any(|l| l.contains("in clear")), "{out:?}");
    assert!(!out.iter().any(|l| l.contains("s3cret-pw")), "{out:?}");
}
