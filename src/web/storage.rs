//! `window.localStorage` behind the core's `Storage` trait. Every failure (no window,
//! storage disabled, quota exceeded) reads as empty or reports a refused write.

use wasm_bindgen::JsCast;

use crate::core::platform::Storage;

/// `window.localStorage`.
#[derive(Default)]
pub struct LocalStorage;

fn local_storage() -> Option<web_sys::Storage> {
    js_sys::global()
        .dyn_into::<web_sys::Window>()
        .ok()?
        .local_storage()
        .ok()?
}

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok()?
    }

    fn set(&self, key: &str, value: &str) -> bool {
        local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    fn remove(&self, key: &str) {
        if let Some(s) = local_storage() {
            // Removing cannot meaningfully fail; a disabled storage holds nothing anyway.
            let _ = s.remove_item(key);
        }
    }
}
