//! Body sizes and text: oversized bodies (with a length or chunked) get JSON errors, and free
//! text keeps unicode and line breaks.
#![allow(clippy::unwrap_used)]
mod common;
use common::{Emu, assert_json_error, content_type, signed_in, start};
use serde_json::{Value, json};

const ENV: &str = "test-env-1";

#[tokio::test]
async fn oversized_bodies_get_json_errors() {
    let emu = start().await;
    // With a content-length.
    for path in ["/auth/v1/signin", "/auth/v1/signup", "/emulator/v1/config"] {
        let body = format!("{{\"username\": \"{}\"}}", "x".repeat(64 * 1024));
        let res = emu
            .http
            .post(format!("{}{path}?client_id={ENV}", emu.base))
            .header("content-type", content_type(path))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            assert_json_error(res, &format!("{path} 64k")).await,
            413,
            "{path}"
        );
    }
    // Exactly at the limit is still parsed (and refused for its content).
    let pad = cloudbase_auth_emulator::BODY_LIMIT - "{\"username\": \"\"}".len();
    let body = format!("{{\"username\": \"{}\"}}", "x".repeat(pad));
    assert_eq!(body.len(), cloudbase_auth_emulator::BODY_LIMIT);
    let res = emu
        .http
        .post(format!("{}/auth/v1/signin?client_id={ENV}", emu.base))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_json_error(res, "at the limit").await, 400);
    // Chunked, without a content-length.
    let (status, ctype, body) = raw_chunked(&emu, "/auth/v1/signin", 80 * 1024).await;
    assert_eq!(status, 413, "{body}");
    assert!(ctype.starts_with("application/json"), "{ctype}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"], "invalid_argument", "{v}");
    let (status, _, body) = raw_chunked(&emu, "/auth/v1/signin", 1024).await;
    assert_eq!(status, 400, "{body}");
}

/// Sends `size` bytes of `x` with chunked transfer encoding over a raw socket; answers the
/// status, content type and body.
async fn raw_chunked(emu: &Emu, path: &str, size: usize) -> (u16, String, String) {
    use std::io::{Read, Write};
    let addr = emu.base.trim_start_matches("http://").to_string();
    let path = path.to_string();
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut wr = stream.try_clone().unwrap();
        let head = format!(
            "POST {path}?client_id={ENV} HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        // The server may answer (and stop reading) before the body ends: write from a thread.
        let writer = std::thread::spawn(move || {
            let _ = wr.write_all(head.as_bytes());
            let chunk = vec![b'x'; 4096];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len());
                let frame = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
                if wr.write_all(&frame).is_err() {
                    return;
                }
                left -= n;
            }
            let _ = wr.write_all(b"0\r\n\r\n");
        });
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let _ = writer.join();
        raw
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let ctype = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, ctype, body.to_string())
}

#[tokio::test]
async fn free_text_accepts_unicode_and_line_breaks() {
    let emu = start().await;
    let token = signed_in(&emu).await;
    let name = "Zoë 💥\u{202e}\tline\r\nbreak";
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/basic/edit",
            &token,
            json!({"nickname": name, "avatar_url": "https://例え.jp/🙂.png"}),
        )
        .await;
    assert_eq!((s, v), (200, json!({})));
    let (_, me) = emu.get("/auth/v1/user/me", Some(&token)).await;
    assert_eq!(me["name"], name);
    assert_eq!(me["picture"], "https://例え.jp/🙂.png");
    // Other control characters are refused.
    let (s, v) = emu
        .post_auth(
            "/auth/v1/user/basic/edit",
            &token,
            json!({"nickname": "bell\u{7}"}),
        )
        .await;
    common::assert_err(s, &v, 400, "invalid_argument", 3);
    let (_, me) = emu.get("/auth/v1/user/me", Some(&token)).await;
    assert_eq!(me["name"], name);
}
