//! Reading typed fields out of JSON objects by hand.
//!
//! Arguments from JS, stored sessions and server bodies are parsed into a [`Value`] once and
//! then read field by field here, rather than through derived deserialisers: one parser
//! keeps the wasm module small, and every problem becomes a clear [`AuthError`] naming the
//! field.

use alloc::borrow::Cow;

use crate::prelude::*;

use super::error::AuthError;
use super::text::cat;
use super::value::{self, Map, Value};

/// Types built from a JSON value (JS arguments, stored values).
pub trait FromJson: Sized {
    /// Builds `Self` from `value`; a missing or mistyped field is an `invalid_argument` error.
    fn from_json(value: &Value) -> Result<Self, AuthError>;

    /// Parses JSON text; empty text means `{}`.
    fn from_json_text(text: &str) -> Result<Self, AuthError> {
        Self::from_json(&parse_args(text)?)
    }
}

/// Parses JSON arguments; empty text means `{}`, unreadable text is `invalid_argument`.
pub fn parse_args(text: &str) -> Result<Value, AuthError> {
    if text.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    value::parse(text)
        .map_err(|e| AuthError::invalid_argument(cat(&["invalid arguments: ", &e.to_string()])))
}

impl FromJson for Map {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        Ok(Fields::of(value, "arguments")?.map())
    }
}

/// The fields of one JSON object.
pub struct Fields<'a> {
    /// `None` for `null` or a missing object (read as `{}`).
    map: Option<&'a Map>,
    what: &'static str,
}

impl<'a> Fields<'a> {
    /// The object `value`; `null` reads as `{}`; anything else is an error naming `what`.
    pub fn of(value: &'a Value, what: &'static str) -> Result<Self, AuthError> {
        match value {
            Value::Object(map) => Ok(Fields {
                map: Some(map),
                what,
            }),
            Value::Null => Ok(Fields { map: None, what }),
            _ => Err(AuthError::invalid_argument(cat(&[
                what,
                " must be an object",
            ]))),
        }
    }

    /// The fields of `map`.
    pub fn of_map(map: &'a Map, what: &'static str) -> Self {
        Fields {
            map: Some(map),
            what,
        }
    }

    /// The underlying map (a copy).
    pub fn map(&self) -> Map {
        self.map.cloned().unwrap_or_default()
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key))
    }

    fn wrong(&self, key: &str, kind: &str) -> AuthError {
        AuthError::invalid_argument(cat(&[self.what, ": `", key, "` must be ", kind]))
    }

    /// A text field; integers are accepted and written out (`123456` → `"123456"`);
    /// `null` or missing → `None`.
    pub fn text(&self, key: &str) -> Result<Option<String>, AuthError> {
        Ok(self.str(key)?.map(Cow::into_owned))
    }

    /// The first of `keys` that is present, as text.
    pub fn text_any(&self, keys: &[&str]) -> Result<Option<String>, AuthError> {
        Ok(self.str_any(keys)?.map(Cow::into_owned))
    }

    /// [`text`](Self::text), borrowed from the object where it can be.
    pub fn str(&self, key: &str) -> Result<Option<Cow<'a, str>>, AuthError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s))),
            Some(Value::Number(n)) if !n.is_f64() => Ok(Some(Cow::Owned(n.to_string()))),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    /// [`text_any`](Self::text_any), borrowed from the object.
    pub fn str_any(&self, keys: &[&str]) -> Result<Option<Cow<'a, str>>, AuthError> {
        for key in keys {
            if let Some(v) = self.str(key)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// A boolean field; `null` or missing → `None`.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, AuthError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(key, "true or false")),
        }
    }

    /// A number field; `null` or missing → `None`.
    pub fn number(&self, key: &str) -> Result<Option<f64>, AuthError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "a number")),
        }
    }

    /// A nested object (`null` or missing → empty).
    pub fn object(&self, key: &str) -> Result<Fields<'a>, AuthError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(Fields {
                map: None,
                what: self.what,
            }),
            Some(Value::Object(map)) => Ok(Fields {
                map: Some(map),
                what: self.what,
            }),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// Every field except `known`, as given.
    pub fn rest(&self, known: &[&str]) -> Map {
        let mut m = self.map();
        m.retain(|k, _| !known.contains(&k.as_str()));
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::j;
    use serde_json::json;

    #[test]
    fn reads_and_checks_types() {
        let v = j(json!({"a": "x", "n": 123456, "f": 1.5, "b": true, "o": {"k": 1}, "z": null}));
        let f = Fields::of(&v, "args").expect("object");
        assert_eq!(f.text("a"), Ok(Some("x".into())));
        assert_eq!(f.text("n"), Ok(Some("123456".into())));
        assert_eq!(f.text("z"), Ok(None));
        assert_eq!(f.text("missing"), Ok(None));
        assert_eq!(
            f.text("f").map_err(|e| e.code.clone()),
            Err("invalid_argument".into())
        );
        assert_eq!(
            f.text("b").map_err(|e| e.message.clone()),
            Err("args: `b` must be a string".into())
        );
        assert_eq!(f.flag("b"), Ok(Some(true)));
        assert!(f.flag("a").is_err());
        assert_eq!(f.number("f"), Ok(Some(1.5)));
        assert!(f.object("o").is_ok_and(|o| o.map().len() == 1));
        assert!(f.object("a").is_err());
        assert_eq!(f.rest(&["a", "n", "f", "b", "o"]).len(), 1);
        assert!(Fields::of(&j(json!([1])), "args").is_err());
        assert!(Fields::of(&Value::Null, "args").is_ok());
        assert_eq!(
            parse_args("{").map_err(|e| e.message.clone()),
            Err("invalid arguments: EOF while parsing an object at line 1 column 1".into())
        );
    }
}
