//! CloudBase authentication for the web, in Rust compiled to WebAssembly.
//!
//! - [`core`]: the platform-free client (flows, sessions, tokens, events, errors).
//! - `web` (wasm32 only): adapters of the core's platform traits to browser APIs.
//! - `js` (wasm32 only): the wasm-bindgen surface used by the npm package's JS entry.
//!
//! The crate uses the standard library, in the npm package's wasm module too; its `alloc` names
//! are gathered in one prelude that every module imports. The package's module allocates with
//! talc (the `talc` feature), which is smaller than std's dlmalloc; a Rust app that uses the crate
//! keeps the allocator it chose.

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

/// The npm package's allocator: talc on the module's single thread, growing the memory by pages
/// as it needs them.
#[cfg(all(target_arch = "wasm32", feature = "talc"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
