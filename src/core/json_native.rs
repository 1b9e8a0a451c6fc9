//! JSON text through serde_json, for hosts other than the browser (native tests, servers).

use crate::prelude::*;

use super::platform::Json;

/// [`Json`] over serde_json.
#[derive(Debug, Default, Clone, Copy)]
pub struct SerdeJson;

impl Json for SerdeJson {
    type Doc = serde_json::Value;

    fn parse(&self, text: &str) -> Result<serde_json::Value, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn read<T: serde::de::DeserializeOwned>(&self, doc: &serde_json::Value) -> Result<T, String> {
        T::deserialize(doc).map_err(|e| e.to_string())
    }

    fn encode<T: serde::Serialize>(&self, value: &T) -> String {
        // Serializing our own values to a string cannot fail (string keys, finite numbers).
        serde_json::to_string(value).unwrap_or_default()
    }
}
