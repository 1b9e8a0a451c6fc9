//! CloudBase authentication for the web, in Rust compiled to WebAssembly.
//!
//! - [`core`]: the platform-free client (flows, sessions, tokens, events, errors).
//! - `web` (wasm32 only): adapters of the core's platform traits to browser APIs.
//! - `js` (wasm32 only): the wasm-bindgen surface used by the npm package's JS entry.

// `AuthError` carries the service's whole error (code, message, request id, ...) by value:
// errors are rare and handed straight to JS, so boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub mod js;
