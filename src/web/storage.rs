//! Storage behind the core's `Storage` trait: `localStorage` (default), `sessionStorage`, any
//! object with `getItem`/`setItem`/`removeItem` supplied by the app, or nothing (memory only,
//! handled by the core). Every failure (storage missing or disabled, quota exceeded, a custom
//! object that throws) reads as empty or reports a refused write.
//!
//! The window's storages come from gloo-storage (`LocalStorage::raw()`,
//! `SessionStorage::raw()`: the raw `web_sys::Storage`, values stay the text the core gives,
//! under the JS SDK's keys; the crate's typed `get`/`set` would JSON-encode them again, with
//! serde_json). Its `raw()` throws (a JS exception through the module) where the window has no
//! such storage or refuses it (disabled, sandboxed), so it is only asked once the window has
//! given it. Where the global object is no `Window` (a worker, Node with a shim) the global's
//! `localStorage` / `sessionStorage` property is used, if any. A storage once found is kept for
//! the page's later calls. Every storage is then called through the typed binding
//! [`JsStorage`].

use gloo_storage::{LocalStorage, SessionStorage, Storage as _};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::platform::Storage;
use crate::prelude::*;
use std::cell::RefCell;

#[wasm_bindgen]
extern "C" {
    /// An object with the Web Storage methods: a `Storage`, or the app's own `storage`.
    /// Calls are made by name on the object itself; each one's exception is returned.
    #[derive(Clone)]
    type JsStorage;

    /// `getItem(key)`: the text stored under `key`, or `null`.
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item(this: &JsStorage, key: &str) -> Result<JsValue, JsValue>;

    /// `setItem(key, value)`.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item(this: &JsStorage, key: &str, value: &str) -> Result<(), JsValue>;

    /// `removeItem(key)`.
    #[wasm_bindgen(method, catch, js_name = removeItem)]
    fn remove_item(this: &JsStorage, key: &str) -> Result<(), JsValue>;
}

/// Where the session is kept.
#[derive(Default, Clone)]
pub enum WebStorage {
    /// `localStorage`: survives reloads and is shared by the tabs of the origin.
    #[default]
    Local,
    /// `sessionStorage`: this tab only, until it is closed.
    Session,
    /// An app-supplied object with `getItem(key)`, `setItem(key, value)`, `removeItem(key)`.
    Object(JsValue),
    /// Nothing: the session lives in memory and ends with the page.
    Memory,
}

/// `value` unless it is `undefined` or `null`.
fn present(value: JsValue) -> Option<JsStorage> {
    (!value.is_undefined() && !value.is_null()).then(|| value.unchecked_into())
}

thread_local! {
    /// The page's `localStorage` and `sessionStorage` once found: a page's storages stay the
    /// same objects, so each is looked up once rather than on every call.
    static FOUND: RefCell<[Option<JsStorage>; 2]> = RefCell::default();
}

/// The page's `localStorage` (or `sessionStorage` when `session`), if it has one it can use.
fn page_storage(session: bool) -> Option<JsStorage> {
    let slot = usize::from(session);
    if let Some(found) = FOUND.with(|f| f.borrow()[slot].clone()) {
        return Some(found);
    }
    let found = find_page_storage(session)?;
    FOUND.with(|f| f.borrow_mut()[slot] = Some(found.clone()));
    Some(found)
}

/// Looks up the page's `localStorage` (or `sessionStorage` when `session`).
fn find_page_storage(session: bool) -> Option<JsStorage> {
    let Some(window) = web_sys::window() else {
        let name = if session {
            "sessionStorage"
        } else {
            "localStorage"
        };
        return present(Reflect::get(&super::global(), &JsValue::from_str(name)).ok()?);
    };
    let available = if session {
        window.session_storage()
    } else {
        window.local_storage()
    };
    // gloo-storage's `raw()` throws unless the window gives the storage.
    matches!(available, Ok(Some(_))).then(|| {
        let storage = if session {
            SessionStorage::raw()
        } else {
            LocalStorage::raw()
        };
        storage.unchecked_into()
    })
}

impl WebStorage {
    /// The storage for a `persistence` option: `local` (default), `session` or `none`.
    pub fn for_persistence(persistence: Option<&str>) -> Self {
        match persistence {
            Some("session") => WebStorage::Session,
            Some("none") => WebStorage::Memory,
            _ => WebStorage::Local,
        }
    }

    /// The storage to call, if there is one.
    fn target(&self) -> Option<JsStorage> {
        match self {
            WebStorage::Local => page_storage(false),
            WebStorage::Session => page_storage(true),
            WebStorage::Object(object) => present(object.clone()),
            WebStorage::Memory => None,
        }
    }
}

impl WebStorage {
    /// The object whose changes by other pages `storage` events report (the `storageArea`
    /// they name): `localStorage`, or the app's own object (events name it only if it is a
    /// page's `Storage`). `None` for storage of one tab.
    pub fn events_area(&self) -> Option<JsValue> {
        match self {
            WebStorage::Local => page_storage(false).map(JsValue::from),
            WebStorage::Object(object) => present(object.clone()).map(JsValue::from),
            WebStorage::Session | WebStorage::Memory => None,
        }
    }
}

impl Storage for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.target()?.get_item(key).ok()?.as_string()
    }

    fn shared_across_tabs(&self) -> bool {
        matches!(self, WebStorage::Local | WebStorage::Object(_))
    }

    fn set(&self, key: &str, value: &str) -> bool {
        self.target()
            .is_some_and(|storage| storage.set_item(key, value).is_ok())
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = self.target() {
            // A storage that refuses leaves the value; the core has already dropped its copy.
            let _ = storage.remove_item(key);
        }
    }
}
