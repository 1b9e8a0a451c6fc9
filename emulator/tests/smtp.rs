//! Email codes sent through an SMTP server: a tiny SMTP server inside the test on 127.0.0.1
//! captures what the emulator sends; unreachable and silent servers never fail the request; the
//! settings through the dev API and the command line.
#![allow(clippy::unwrap_used)]
mod common;
use base64::Engine;
use cloudbase_auth_emulator::config::{Limits, Smtp, SmtpSecurity};
use common::{Emu, assert_err, start, start_with};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const ENV: &str = "test-env-1";

/// One message as the test SMTP server received it.
#[derive(Debug, Default)]
struct Captured {
    auth: Option<String>,
    mail_from: String,
    rcpt_to: Vec<String>,
    data: String,
}

impl Captured {
    /// The value of a header of the message.
    fn header(&self, name: &str) -> Option<&str> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        head.lines().find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
        })
    }
    /// The body of the message.
    fn body(&self) -> &str {
        self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b)
    }
}

/// A plain SMTP server on 127.0.0.1:0 that accepts every message and hands it over. With
/// `auth`, it offers `AUTH PLAIN` and records the credentials.
async fn smtp_server(auth: bool) -> (u16, mpsc::UnboundedReceiver<Captured>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 test.local ESMTP\r\n").await.unwrap();
                let mut msg = Captured::default();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        if auth {
                            b"250-test.local\r\n250 AUTH PLAIN\r\n"
                        } else {
                            b"250 test.local\r\n"
                        }
                    } else if upper.starts_with("HELO") {
                        b"250 test.local\r\n"
                    } else if upper.starts_with("AUTH PLAIN ") {
                        msg.auth = Some(line[11..].to_string());
                        b"235 2.7.0 accepted\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        msg.mail_from = line[10..].trim().to_string();
                        b"250 2.1.0 ok\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        msg.rcpt_to.push(line[8..].trim().to_string());
                        b"250 2.1.5 ok\r\n"
                    } else if upper == "DATA" {
                        w.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            msg.data.push_str(&l);
                            msg.data.push_str("\r\n");
                        }
                        let _ = tx.send(std::mem::take(&mut msg));
                        b"250 2.0.0 queued\r\n"
                    } else if upper == "QUIT" {
                        let _ = w.write_all(b"221 2.0.0 bye\r\n").await;
                        break;
                    } else if upper == "RSET" || upper == "NOOP" {
                        b"250 ok\r\n"
                    } else {
                        b"500 unknown command\r\n"
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, rx)
}

/// The next captured message, within 10 s.
async fn next_message(rx: &mut mpsc::UnboundedReceiver<Captured>) -> Captured {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("no message reached the SMTP server")
        .unwrap()
}

/// Polls `GET /emulator/v1/config` until `smtp` satisfies `done` (10 s at most).
async fn smtp_status(emu: &Emu, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (s, v) = emu.get("/emulator/v1/config", None).await;
        assert_eq!(s, 200, "{v}");
        if done(&v["smtp"]) {
            return v["smtp"].clone();
        }
        assert!(Instant::now() < deadline, "smtp status never settled: {v}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Asks for an email code; answers the response body and the code in the dev inbox.
async fn email_code(emu: &Emu, to: &str) -> (Value, String) {
    let (s, v) = emu
        .post("/auth/v1/verification", ENV, json!({"email": to}))
        .await;
    assert_eq!(s, 200, "{v}");
    let code = emu.latest_code(to).await;
    (v, code)
}

#[tokio::test]
async fn email_code_is_sent_through_the_smtp_server() {
    let (port, mut rx) = smtp_server(false).await;
    let emu = start().await;
    let cfg = emu
        .config(json!({"smtp": {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "from": "CloudBase Test <noreply@example.com>",
        }}))
        .await;
    assert_eq!(cfg["smtp"]["port"], port, "{cfg}");
    // Codes to phones are not emailed.
    let (s, v) = emu
        .post(
            "/auth/v1/verification",
            ENV,
            json!({"phone_number": "+86 13800000000"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, code) = email_code(&emu, "user@example.com").await;
    let msg = next_message(&mut rx).await;
    assert_eq!(msg.mail_from, "<noreply@example.com>");
    assert_eq!(msg.rcpt_to, ["<user@example.com>"]);
    assert_eq!(msg.header("To"), Some("user@example.com"), "{}", msg.data);
    let from = msg.header("From").unwrap();
    assert!(
        from.contains("CloudBase Test") && from.contains("<noreply@example.com>"),
        "{from}"
    );
    assert_eq!(msg.header("Subject"), Some("Your verification code"));
    assert!(
        msg.header("Content-Type")
            .is_some_and(|c| c.starts_with("text/plain")),
        "{}",
        msg.data
    );
    assert!(msg.auth.is_none());
    let body = msg.body();
    assert!(body.contains(&code), "{body}");
    assert!(body.contains("10 minutes"), "{body}");
    let status = smtp_status(&emu, |s| s["sent"] == 1).await;
    assert_eq!(status["failed"], 0, "{status}");
    assert_eq!(status["last_error"], Value::Null, "{status}");
}

#[tokio::test]
async fn an_address_gets_codes_per_day_emails_across_environments() {
    let (port, mut rx) = smtp_server(false).await;
    let emu = start().await;
    emu.config(json!({"codes_per_day": 2, "smtp": {
        "host": "127.0.0.1", "port": port, "security": "none", "from": "noreply@example.com",
    }}))
    .await;
    // Any page may name a new `client_id` (an environment) each time; the address's emails
    // are counted across them.
    let to = "victim@example.com";
    for env in ["env-a", "env-b", "env-c"] {
        let (s, v) = emu
            .post("/auth/v1/verification", env, json!({"email": to}))
            .await;
        assert_eq!(s, 200, "{v}");
    }
    for _ in 0..2 {
        assert_eq!(
            next_message(&mut rx).await.rcpt_to,
            ["<victim@example.com>"]
        );
    }
    let status = smtp_status(&emu, |s| s["sent"] == 2 && s["failed"] == 1).await;
    let why = status["last_error"]["message"].as_str().unwrap_or_default();
    assert!(why.contains("across environments"), "{status}");
    // The code is made all the same: it is in the dev inbox.
    assert_eq!(emu.latest_code(to).await.len(), 6);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), rx.recv())
            .await
            .is_err(),
        "a third email was sent"
    );
}

#[tokio::test]
async fn smtp_login_uses_the_configured_user_and_password() {
    let (port, mut rx) = smtp_server(true).await;
    let emu = start_with(Limits {
        code_ttl_secs: 90,
        smtp: Some(Smtp {
            port: Some(port),
            security: SmtpSecurity::None,
            user: Some("mailer".into()),
            password: Some("s3cret-pass".into()),
            ..Smtp::new("127.0.0.1", "noreply@example.com")
        }),
        ..Limits::default()
    })
    .await;
    let (s, cfg) = emu.get("/emulator/v1/config", None).await;
    assert_eq!(s, 200);
    assert_eq!(cfg["smtp"]["user"], "mailer", "{cfg}");
    assert_eq!(cfg["smtp"]["password_set"], true, "{cfg}");
    assert!(cfg["smtp"].get("password").is_none(), "{cfg}");
    assert!(!cfg.to_string().contains("s3cret-pass"), "{cfg}");
    let (sent, code) = email_code(&emu, "login@example.com").await;
    assert_eq!(sent["expires_in"], 90);
    let msg = next_message(&mut rx).await;
    let auth = base64::engine::general_purpose::STANDARD
        .decode(msg.auth.as_deref().unwrap())
        .unwrap();
    assert_eq!(auth, b"\0mailer\0s3cret-pass");
    assert_eq!(msg.header("From"), Some("noreply@example.com"));
    assert!(msg.body().contains(&code), "{}", msg.data);
    assert!(msg.body().contains("2 minutes"), "{}", msg.data);
}

#[tokio::test]
async fn unreachable_smtp_server_does_not_fail_the_request() {
    // A port that nothing listens on.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let emu = start().await;
    emu.config(json!({"smtp": {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "from": "noreply@example.com",
    }}))
    .await;
    let (sent, code) = email_code(&emu, "nobody@example.com").await;
    assert!(sent["verification_id"].is_string(), "{sent}");
    assert_eq!(code.len(), 6);
    let status = smtp_status(&emu, |s| s["failed"] == 1).await;
    assert_eq!(status["sent"], 0, "{status}");
    let err = &status["last_error"];
    assert_eq!(err["to"], "nobody@example.com", "{status}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("127.0.0.1:{port}: ")),
        "{status}"
    );
    assert!(err["at"].is_i64(), "{status}");
    // The code still works.
    let (s, v) = emu
        .post(
            "/auth/v1/verification/verify",
            ENV,
            json!({"verification_id": sent["verification_id"], "verification_code": code}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn silent_smtp_server_does_not_hold_the_request() {
    // Accepts connections and never says a word.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let emu = start().await;
    emu.config(json!({"smtp": {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "from": "noreply@example.com",
    }}))
    .await;
    let t = Instant::now();
    let (_, code) = email_code(&emu, "slow@example.com").await;
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_eq!(code.len(), 6);
    let (_, cfg) = emu.get("/emulator/v1/config", None).await;
    assert_eq!(cfg["smtp"]["sent"], 0, "{cfg}");
}

#[tokio::test]
async fn smtp_settings_through_the_config_api() {
    let emu = start().await;
    let (_, cfg) = emu.get("/emulator/v1/config", None).await;
    assert!(cfg.get("smtp").is_none(), "{cfg}");
    let bad = [
        (json!({"host": "smtp.example.com"}), "smtp from"),
        (json!({"from": "noreply@example.com"}), "smtp host"),
        (
            json!({"host": "smtp example.com", "from": "noreply@example.com"}),
            "smtp host",
        ),
        (
            json!({"host": "smtp.example.com", "from": "nobody"}),
            "smtp from",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "port": 0}),
            "smtp.port",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "port": 70000}),
            "smtp.port",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "security": "tls"}),
            "smtp.security",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "user": "u"}),
            "without a password",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "password_set": true}),
            "read-only",
        ),
        (
            json!({"host": "smtp.example.com", "from": "a@example.com", "pass": "x"}),
            "unknown field smtp.pass",
        ),
        (json!("smtp.example.com"), "object or null"),
    ];
    for (smtp, want) in bad {
        let (s, v) = emu
            .patch(
                "/emulator/v1/config",
                None,
                json!({"smtp": smtp, "code_ttl_secs": 60}),
            )
            .await;
        assert_err(s, &v, 400, "invalid_argument", 3);
        let d = v["error_description"].as_str().unwrap();
        assert!(d.contains(want), "{smtp}: {d}");
    }
    // Nothing changed.
    let (_, cfg) = emu.get("/emulator/v1/config", None).await;
    assert!(cfg.get("smtp").is_none(), "{cfg}");
    assert_eq!(cfg["code_ttl_secs"], 600, "{cfg}");

    let cfg = emu
        .config(json!({"smtp": {
            "host": "smtp.example.com",
            "from": "noreply@example.com",
            "user": "mailer",
            "password": "pw-123456",
        }}))
        .await;
    assert_eq!(
        cfg["smtp"],
        json!({
            "host": "smtp.example.com",
            "port": 465,
            "security": "ssl",
            "user": "mailer",
            "from": "noreply@example.com",
            "password_set": true,
            "sent": 0,
            "failed": 0,
            "last_error": null,
        })
    );
    // A patch changes only the fields it names; the port follows the security unless set.
    let cfg = emu.config(json!({"smtp": {"security": "starttls"}})).await;
    assert_eq!(cfg["smtp"]["port"], 587, "{cfg}");
    assert_eq!(cfg["smtp"]["host"], "smtp.example.com", "{cfg}");
    assert_eq!(cfg["smtp"]["password_set"], true, "{cfg}");
    let cfg = emu
        .config(json!({"smtp": {"port": 2525, "password": "pw-123456"}}))
        .await;
    assert_eq!(cfg["smtp"]["port"], 2525, "{cfg}");
    let cfg = emu
        .config(json!({"smtp": {"port": null, "security": "none", "user": null, "password": ""}}))
        .await;
    assert_eq!(cfg["smtp"]["port"], 25, "{cfg}");
    assert_eq!(cfg["smtp"]["user"], Value::Null, "{cfg}");
    assert_eq!(cfg["smtp"]["password_set"], false, "{cfg}");
    let cfg = emu.config(json!({"smtp": null})).await;
    assert!(cfg.get("smtp").is_none(), "{cfg}");
}
