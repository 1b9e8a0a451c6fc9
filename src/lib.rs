//! CloudBase authentication for the web, in Rust compiled to WebAssembly.
//!
//! - [`core`]: the platform-free client (flows, sessions, tokens, events, errors).
//! - `web` (wasm32 only): adapters of the core's platform traits to browser APIs.
//! - `js` (wasm32 only): the wasm-bindgen surface used by the npm package's JS entry.
//!
//! The crate uses the standard library and its allocator, in the npm package's wasm module
//! too; its `alloc` names are gathered in one prelude that every module imports.

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub mod js;

/// The `alloc` names every module uses (those of `std`'s prelude), imported by each module.
pub(crate) mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::rc::Rc;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}
