//! Browser tests: the SDK in headless Chromium, over real `fetch`, against a running emulator
//! (`EMULATOR_URL` at compile time, default `http://127.0.0.1:8787`). Run with
//! `wasm-pack test --headless --chrome` (scripts/test.sh starts the emulator first).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/support.rs"]
mod support;

#[path = "web/flows.rs"]
mod flows;

#[path = "web/session.rs"]
mod session;

#[path = "web/bridge.rs"]
mod bridge;

#[path = "web/oauth.rs"]
mod oauth;

#[path = "web/codes.rs"]
mod codes;

#[path = "web/signup.rs"]
mod signup;
