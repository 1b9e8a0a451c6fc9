//! SMTP settings on the command line and in the environment: refused when incomplete or invalid,
//! shown in the config (never the password) when valid.
#![allow(clippy::unwrap_used)]
mod common;
use common::binary::run_binary;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Command-line arguments, environment variables and a piece of the expected error.
type CliCase<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn cli_refuses_incomplete_or_invalid_smtp_settings() {
    let cases: [CliCase; 4] = [
        (&["--smtp-host", "smtp.example.com"], &[], "--smtp-from"),
        (
            &["--smtp-host", "smtp.example.com"],
            &[("CLOUDBASE_EMULATOR_SMTP_FROM", "nobody")],
            "smtp from",
        ),
        (
            &[
                "--smtp-host",
                "smtp.example.com",
                "--smtp-from",
                "a@example.com",
            ],
            &[("CLOUDBASE_EMULATOR_SMTP_SECURITY", "tls")],
            "--smtp-security",
        ),
        (
            &[
                "--smtp-host",
                "smtp.example.com",
                "--smtp-from",
                "a@example.com",
                "--smtp-user",
                "mailer",
            ],
            &[],
            "without a password",
        ),
    ];
    for (args, envs, want) in cases {
        let mut all = vec!["--db", ":memory:", "--port", "0"];
        all.extend_from_slice(args);
        let (mut child, rx) = run_binary(&all, envs);
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = child.0.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                panic!("{args:?} {envs:?}: the emulator started");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(2), "{args:?} {envs:?}");
        std::thread::sleep(Duration::from_millis(50));
        let out: Vec<String> = rx.try_iter().collect();
        assert!(
            out.iter().any(|l| l.contains(want)),
            "{args:?} {envs:?}: {out:?}"
        );
    }
}

#[tokio::test]
async fn cli_smtp_flags_and_environment_reach_the_config() {
    let (child, rx) = run_binary(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--smtp-host",
            "smtp.example.com",
            "--smtp-security",
            "starttls",
            "--smtp-user",
            "mailer",
            "--smtp-from",
            "Example <noreply@example.com>",
        ],
        &[("CLOUDBASE_EMULATOR_SMTP_PASSWORD", "env-s3cret")],
    );
    let mut base = None;
    let deadline = Instant::now() + Duration::from_secs(20);
    while base.is_none() && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
            base = line.split_once("http://").map(|(_, rest)| {
                let addr: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                    .collect();
                format!("http://{addr}")
            });
        }
    }
    {
        let base = base.expect("the emulator did not start");
        let cfg: Value = reqwest::get(format!("{base}/emulator/v1/config"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            cfg["smtp"],
            json!({
                "host": "smtp.example.com",
                "port": 587,
                "security": "starttls",
                "user": "mailer",
                "from": "Example <noreply@example.com>",
                "password_set": true,
                "sent": 0,
                "failed": 0,
                "last_error": null,
            })
        );
        assert!(!cfg.to_string().contains("env-s3cret"));
    }
    drop(child);
    let logs: Vec<String> = rx.try_iter().collect();
    assert!(!logs.iter().any(|l| l.contains("env-s3cret")), "{logs:?}");
}
