//! Refresh-token rotation (one chain within the grace window, the family revoked after it) and
//! tokens at rest (only SHA-256 digests in the database file).
#![allow(clippy::unwrap_used)]
mod common;
use common::oauth::{authorize, provider_token};
use common::{Emu, start, start_file, temp_db};
use serde_json::json;
use std::collections::BTreeSet;

const ENV: &str = "test-env-1";

async fn refresh(emu: &Emu, token: &str) -> (u16, serde_json::Value) {
    emu.post(
        "/auth/v1/token",
        ENV,
        json!({"grant_type": "refresh_token", "refresh_token": token}),
    )
    .await
}

async fn anonymous(emu: &Emu) -> serde_json::Value {
    let (s, v) = emu
        .post("/auth/v1/signin/anonymously", ENV, json!({}))
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_stay_one_chain() {
    let emu = start().await;
    let first = anonymous(&emu).await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let calls = (0..20).map(|_| {
        let (http, url) = (
            emu.http.clone(),
            format!("{}/auth/v1/token?client_id={ENV}", emu.base),
        );
        let body = json!({"grant_type": "refresh_token", "refresh_token": first}).to_string();
        async move {
            let res = http.post(url).body(body).send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.unwrap())
        }
    });
    let answers = join_all(calls).await;
    let successors: BTreeSet<String> = answers
        .iter()
        .map(|(s, v)| {
            assert_eq!(*s, 200, "{v}");
            v["refresh_token"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(successors.len(), 1, "{successors:?}");
    let next = successors.into_iter().next().unwrap();
    assert_ne!(next, first);
    // The successor works and rotates on; the chain has exactly two refresh tokens so far.
    assert_eq!(emu.count("refresh_tokens"), 2);
    let (s, v) = refresh(&emu, &next).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(emu.count("refresh_tokens"), 3);
}

/// Runs futures concurrently (no extra crate: one task each).
async fn join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_reuse_after_the_grace_window_revokes_the_family() {
    let emu = start().await;
    let creds = anonymous(&emu).await;
    let first = creds["refresh_token"].as_str().unwrap().to_string();
    let (_, v) = refresh(&emu, &first).await;
    let second = v["refresh_token"].as_str().unwrap().to_string();
    let (_, v) = refresh(&emu, &second).await;
    let third = v["refresh_token"].as_str().unwrap().to_string();
    let access = v["access_token"].as_str().unwrap().to_string();
    // Within the grace window the old token answers its own successor, not a new one.
    let (s, v) = refresh(&emu, &first).await;
    assert_eq!(
        (s, v["refresh_token"].as_str()),
        (200, Some(second.as_str()))
    );
    emu.state.advance_clock(11_000);
    let (s, v) = refresh(&emu, &first).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "{v}"
    );
    // Every token of the family is dead, the newest included, and so is its access token.
    for token in [&second, &third] {
        let (s, v) = refresh(&emu, token).await;
        assert_eq!(
            (s, v["error"].as_str()),
            (400, Some("invalid_grant")),
            "{v}"
        );
    }
    let (s, _) = emu.get("/auth/v1/user/me", Some(&access)).await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn no_issued_token_is_stored_in_clear() {
    let db = temp_db("tokens");
    let emu = start_file(&db).await;
    let mut issued: Vec<String> = Vec::new();
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap().to_string();
    // Refresh tokens: the first (rotated) and its successor.
    let creds = anonymous(&emu).await;
    issued.push(text(&creds, "refresh_token"));
    let (_, v) = refresh(&emu, &text(&creds, "refresh_token")).await;
    issued.push(text(&v, "refresh_token"));
    // A signed-up user: its refresh token and the (used) verification token; an unused one.
    let user = emu.signup_phone(ENV, "+86 13800000001", "Passw0rd!").await;
    issued.push(text(&user, "refresh_token"));
    issued.push(emu.verified(ENV, "phone_number", "+86 13800000002").await);
    // A sudo token, a custom-login ticket, an OAuth code and a provider token (all unused).
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            &text(&user, "access_token"),
            json!({"password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    issued.push(text(&v, "sudo_token"));
    let (s, v) = emu
        .post("/emulator/v1/tickets", ENV, json!({"uid": "custom-1"}))
        .await;
    assert_eq!(s, 200, "{v}");
    issued.push(text(&v, "ticket"));
    issued.push(authorize(&emu, "fake", "ann").await);
    issued.push(provider_token(&emu, "fake", "bob").await);
    for table in [
        "refresh_tokens",
        "vtokens",
        "sudo_tokens",
        "tickets",
        "oauth_codes",
        "provider_tokens",
    ] {
        assert!(emu.count(table) > 0, "{table} is empty");
    }
    // Every byte the database wrote (main file, write-ahead log): no token text in it.
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        bytes.extend(std::fs::read(&path).unwrap_or_default());
    }
    assert!(bytes.len() > 4096, "nothing written");
    let stored = String::from_utf8_lossy(&bytes);
    for token in &issued {
        assert!(token.len() >= 32, "{token}");
        assert!(
            !stored.contains(token.as_str()),
            "{token} is stored in clear"
        );
        let digest = cloudbase_auth_emulator::secret::digest(token);
        assert!(
            stored.contains(&digest),
            "the digest of {token} is not stored"
        );
    }
    drop(emu);
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

#[tokio::test]
async fn tokens_stored_in_clear_by_an_older_emulator_are_hashed_on_start() {
    let db = temp_db("old");
    let old_token = "0123456789abcdef".repeat(4);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE sessions (env TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL,
               scope TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (env, id));
             CREATE TABLE refresh_tokens (env TEXT NOT NULL, token TEXT NOT NULL,
               session_id TEXT NOT NULL, rotated_at INTEGER, PRIMARY KEY (env, token));
             INSERT INTO sessions VALUES ('{ENV}', 's1', 'u1', 'anonymous', 0);
             INSERT INTO refresh_tokens VALUES ('{ENV}', '{old_token}', 's1', NULL);"
        ))
        .unwrap();
    }
    let emu = start_file(&db).await;
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        bytes.extend(std::fs::read(&path).unwrap_or_default());
    }
    assert!(!String::from_utf8_lossy(&bytes).contains(&old_token));
    // The session goes on: the token is found by its digest.
    let (s, v) = refresh(&emu, &old_token).await;
    assert_eq!(s, 200, "{v}");
    drop(emu);
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}
