//! JSON values (serde_json's `Value`, without its parser: text is read and written by the
//! platform's [`Json`](super::platform::Json)), and a builder for request bodies.

use crate::prelude::*;

pub use serde_json::{Number, Value};

/// A JSON object: keys sorted, each once.
pub type Map = serde_json::Map<String, Value>;

/// `{k: v, ...}` from its pairs (a later duplicate key replaces an earlier one).
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}
