//! Expired rows are pruned, and a reset gives the space back.
#![allow(clippy::unwrap_used)]
mod common;
use common::oauth::{authorize, provider_token};
use common::{Emu, start, start_file, temp_db};
use serde_json::json;

const ENV: &str = "test-env-1";

/// Pages of the database (its size in 4 KiB pages).
fn pages(emu: &Emu) -> i64 {
    emu.state
        .db()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap()
}

/// Leaves one of every kind of short-lived row: a code and its verification token, a sudo
/// token, a ticket, an OAuth code, a provider token, a rotated refresh token and a signed-out
/// session.
async fn leave_short_lived_rows(emu: &Emu) {
    let user = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    let access = user["access_token"].as_str().unwrap();
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/sudo",
            access,
            json!({"password": "Passw0rd!"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = emu
        .post("/emulator/v1/tickets", ENV, json!({"uid": "custom-1"}))
        .await;
    assert_eq!(s, 200);
    authorize(emu, "fake", "ann").await;
    provider_token(emu, "fake", "bob").await;
    let (s, _) = emu
        .post(
            "/auth/v1/token",
            ENV,
            json!({"grant_type": "refresh_token", "refresh_token": user["refresh_token"]}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, anon) = emu
        .post("/auth/v1/signin/anonymously", ENV, json!({}))
        .await;
    let (s, _) = emu
        .post_auth(
            "/auth/v1/user/signout",
            anon["access_token"].as_str().unwrap(),
            json!({}),
        )
        .await;
    assert_eq!(s, 200);
}

const SHORT_LIVED: [&str; 6] = [
    "codes",
    "vtokens",
    "sudo_tokens",
    "tickets",
    "oauth_codes",
    "provider_tokens",
];

#[tokio::test]
async fn expired_rows_are_pruned_and_live_ones_kept() {
    let emu = start().await;
    leave_short_lived_rows(&emu).await;
    for table in SHORT_LIVED {
        assert!(emu.count(table) > 0, "{table}");
    }
    assert_eq!(emu.count("refresh_tokens"), 3);
    assert_eq!(emu.count("sessions"), 2);
    // Right away only the signed-out session and its refresh token go (both were dead); the
    // rest stays, so that a late use still gets its precise error.
    assert_eq!(cloudbase_auth_emulator::prune(&emu.state).unwrap(), 2);
    assert_eq!(emu.count("sessions"), 1);
    assert_eq!(emu.count("refresh_tokens"), 2);
    for table in SHORT_LIVED {
        assert!(emu.count(table) > 0, "{table}");
    }
    // A day after everything expired, it is all gone but the live session's current token.
    emu.state.advance_clock(25 * 3_600_000);
    let live = emu.signup_phone(ENV, "+86 13800000009", "Passw0rd!").await;
    cloudbase_auth_emulator::prune(&emu.state).unwrap();
    for table in ["sudo_tokens", "tickets", "oauth_codes", "provider_tokens"] {
        assert_eq!(emu.count(table), 0, "{table}");
    }
    // The fresh sign-up's code and verification token are not expired: they stay.
    assert_eq!((emu.count("codes"), emu.count("vtokens")), (1, 1));
    assert_eq!(
        emu.count("refresh_tokens"),
        2,
        "the two live sessions' tokens"
    );
    assert_eq!(emu.count("sessions"), 2);
    let (s, v) = emu
        .post(
            "/auth/v1/token",
            ENV,
            json!({"grant_type": "refresh_token", "refresh_token": live["refresh_token"]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
}

/// Signs in `n` anonymous users, each with a 4,000-character name and picture (about 8 KB a
/// user: the largest strings a request may carry; environment ids are short).
async fn fill(emu: &Emu, n: usize) {
    emu.config(json!({"anonymous_signins_per_minute": 1_000_000}))
        .await;
    let big = "x".repeat(4000);
    for _ in 0..n {
        let (s, v) = emu
            .post("/auth/v1/signin/anonymously", ENV, json!({}))
            .await;
        assert_eq!(s, 200, "{v}");
        let at = v["access_token"].as_str().unwrap();
        let (s, v) = emu
            .post_auth(
                "/auth/v1/user/basic/edit",
                at,
                json!({"nickname": big, "avatar_url": big}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
}

#[tokio::test]
async fn a_reset_gives_the_space_back() {
    let emu = start().await;
    let empty = pages(&emu);
    fill(&emu, 400).await;
    let full = pages(&emu);
    assert!(full > empty + 600, "{empty} -> {full} pages");
    let (s, _) = emu.post("/emulator/v1/reset", ENV, json!({})).await;
    assert_eq!(s, 200);
    let after = pages(&emu);
    assert!(after <= empty + 2, "{empty} -> {full} -> {after} pages");
}

#[tokio::test]
async fn a_reset_shrinks_the_database_file() {
    let db = temp_db("reset");
    let emu = start_file(&db).await;
    let size = || {
        ["", "-wal"]
            .iter()
            .map(|suffix| {
                let mut path = db.clone().into_os_string();
                path.push(suffix);
                std::fs::metadata(path).map_or(0, |m| m.len())
            })
            .sum::<u64>()
    };
    fill(&emu, 300).await;
    let full = size();
    assert!(full > 2_000_000, "{full} bytes");
    let (s, _) = emu.post("/emulator/v1/reset", ENV, json!({})).await;
    assert_eq!(s, 200);
    let after = size();
    assert!(after < 300_000, "{full} -> {after} bytes");
    drop(emu);
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}
