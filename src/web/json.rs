//! JSON text through the page's `JSON.parse` and `JSON.stringify`, with serde-wasm-bindgen
//! between the JS values and the core's serde types: the module carries no JSON parser or
//! writer of its own (docs/ARCHITECTURE.md, "Size of the package").

use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::platform::Json;
use crate::prelude::*;

/// [`Json`] over the page's `JSON` object.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageJson;

/// The message of a JS exception (`SyntaxError: Unexpected token ...`).
fn message(e: &JsValue) -> String {
    js_sys::Error::from(e.clone())
        .message()
        .as_string()
        .unwrap_or_else(|| "not JSON".to_owned())
}

impl Json for PageJson {
    type Doc = JsValue;

    fn parse(&self, text: &str) -> Result<JsValue, String> {
        js_sys::JSON::parse(text).map_err(|e| message(&e))
    }

    fn read<T: serde::de::DeserializeOwned>(&self, doc: &JsValue) -> Result<T, String> {
        // A clone of a `JsValue` is another handle to the same JS value, not a copy of it.
        serde_wasm_bindgen::from_value(doc.clone()).map_err(why)
    }

    fn encode<T: Serialize>(&self, value: &T) -> String {
        // `json_compatible`: maps as plain objects, `None` as `null`, 64-bit integers as numbers.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        text_of(value.serialize(&serializer).ok())
    }
}

/// Why serde-wasm-bindgen could not read a value (one copy for every type read).
#[inline(never)]
fn why(e: serde_wasm_bindgen::Error) -> String {
    e.to_string()
}

/// The JSON text of a written value (one copy for every type written); empty when there is
/// none.
#[inline(never)]
fn text_of(value: Option<JsValue>) -> String {
    value
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
