//! CloudBase authentication for the web, in Rust compiled to WebAssembly.
//!
//! - [`core`]: the platform-free client (flows, sessions, tokens, events, errors).
//! - `web` (wasm32 only): adapters of the core's platform traits to browser APIs.
//! - `js` (wasm32 only): the wasm-bindgen surface used by the npm package's JS entry.
//!
//! The crate is `no_std` (it needs `alloc` only), so that the npm package's wasm module
//! carries no part of the standard library it does not use.

#![no_std]

extern crate alloc;
#[cfg(any(test, feature = "std", not(target_arch = "wasm32")))]
extern crate std;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub mod js;

/// The `alloc` names every module uses (what `std`'s prelude would give).
pub(crate) mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::rc::Rc;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}
