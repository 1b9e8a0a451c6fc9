//! [`WasmAuth::handoff`]: the session for the next page (see `crate::core::handoff`), with the
//! name of the page storage its texts are in (where the JS entry keeps it).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::WasmAuth;
use super::convert::to_js;
use crate::core::Session;
use crate::core::handoff::{Handoff, StoredText};
use crate::core::platform::Platform;
use crate::web::WebStorage;

/// A [`Handoff`] and the global name of the storage that holds its texts.
#[derive(Serialize)]
struct PageHandoff<'a> {
    /// `localStorage` or `sessionStorage`.
    storage: &'static str,
    /// The handoff's stored texts.
    values: &'a [StoredText],
    /// The handoff's session (`null`: signed out).
    session: Option<&'a Session>,
}

#[wasm_bindgen]
impl WasmAuth {
    /// `{ storage, values: [{ key, text | null }, ...], session | null }`: the stored session
    /// (`null` when signed out) and the texts it was read from, in the page's `storage`;
    /// `null` when the stored session is expired or unreadable, held only in memory, or not
    /// kept in `localStorage` or `sessionStorage` (an app's own storage object,
    /// `persistence: 'none'`).
    #[wasm_bindgen(js_name = handoff)]
    pub fn handoff(&self) -> JsValue {
        let storage = match self.client.platform().storage() {
            WebStorage::Local => "localStorage",
            WebStorage::Session => "sessionStorage",
            WebStorage::Object(_) | WebStorage::Memory => return JsValue::NULL,
        };
        self.client
            .handoff()
            .and_then(|Handoff { values, session }| {
                to_js(&PageHandoff {
                    storage,
                    values: &values,
                    session: session.as_ref(),
                })
                .ok()
            })
            .unwrap_or(JsValue::NULL)
    }
}
