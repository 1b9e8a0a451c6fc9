//! Storage behind the core's `Storage` trait: `localStorage` (default), `sessionStorage`, any
//! object with `getItem`/`setItem`/`removeItem` supplied by the app, or nothing (memory only,
//! handled by the core). Looked up on the global object at each use, so it also works in
//! workers and in Node with a shim. Every failure (storage disabled, quota exceeded, a custom
//! object that throws) reads as empty or reports a refused write.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::platform::Storage;
use crate::prelude::*;

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

impl WebStorage {
    /// The storage for a `persistence` option: `local` (default), `session` or `none`.
    pub fn for_persistence(persistence: Option<&str>) -> Self {
        match persistence {
            Some("session") => WebStorage::Session,
            Some("none") => WebStorage::Memory,
            _ => WebStorage::Local,
        }
    }

    fn target(&self) -> Option<JsValue> {
        let global = super::global();
        let target = match self {
            WebStorage::Local => Reflect::get(&global, &JsValue::from_str("localStorage")).ok()?,
            WebStorage::Session => {
                Reflect::get(&global, &JsValue::from_str("sessionStorage")).ok()?
            }
            WebStorage::Object(o) => o.clone(),
            WebStorage::Memory => return None,
        };
        (!target.is_undefined() && !target.is_null()).then_some(target)
    }

    fn call(&self, method: &str, args: &[&str]) -> Option<JsValue> {
        let target = self.target()?;
        let f: Function = Reflect::get(&target, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let result = match args {
            [key] => f.call1(&target, &JsValue::from_str(key)),
            [key, value] => f.call2(&target, &JsValue::from_str(key), &JsValue::from_str(value)),
            _ => return None,
        };
        result.ok()
    }
}

impl Storage for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.call("getItem", &[key])?.as_string()
    }

    fn shared_across_tabs(&self) -> bool {
        matches!(self, WebStorage::Local | WebStorage::Object(_))
    }

    fn set(&self, key: &str, value: &str) -> bool {
        self.call("setItem", &[key, value]).is_some()
    }

    fn remove(&self, key: &str) {
        self.call("removeItem", &[key]);
    }
}
