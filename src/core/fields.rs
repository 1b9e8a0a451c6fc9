//! Reading typed fields out of JSON objects by hand.
//!
//! Arguments from JS, stored sessions and server bodies are parsed into a `serde_json::Value`
//! once and then read field by field here, rather than through derived `Deserialize` impls:
//! one parser instead of one per type keeps the wasm module small, and every problem becomes
//! a clear [`AuthError`] naming the field.

use serde_json::{Map, Value};

use super::error::{AuthError, json_problem};

/// Types built from a JSON value (JS arguments, stored values).
pub trait FromJson: Sized {
    /// Builds `Self` from `value`; a missing or mistyped field is an `invalid_argument` error.
    fn from_json(value: &Value) -> Result<Self, AuthError>;

    /// Parses JSON text; empty text means `{}`.
    fn from_json_text(text: &str) -> Result<Self, AuthError> {
        if text.trim().is_empty() {
            return Self::from_json(&Value::Object(Map::new()));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            AuthError::invalid_argument(format!("invalid arguments: {}", json_problem(&e)))
        })?;
        Self::from_json(&value)
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        Ok(Fields::of(value, "arguments")?.map().clone())
    }
}

/// The fields of one JSON object.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    what: &'static str,
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

impl<'a> Fields<'a> {
    /// The object `value`; `null` reads as `{}`; anything else is an error naming `what`.
    pub fn of(value: &'a Value, what: &'static str) -> Result<Self, AuthError> {
        match value {
            Value::Object(map) => Ok(Fields { map, what }),
            Value::Null => Ok(Fields { map: &EMPTY, what }),
            _ => Err(AuthError::invalid_argument(format!(
                "{what} must be an object"
            ))),
        }
    }

    /// The fields of `map`.
    pub fn of_map(map: &'a Map<String, Value>, what: &'static str) -> Self {
        Fields { map, what }
    }

    /// The underlying map.
    pub fn map(&self) -> &'a Map<String, Value> {
        self.map
    }

    fn wrong(&self, key: &str, kind: &str) -> AuthError {
        AuthError::invalid_argument(format!("{}: `{key}` must be {kind}", self.what))
    }

    /// A text field; integers are accepted and written out (`123456` → `"123456"`);
    /// `null` or missing → `None`.
    pub fn text(&self, key: &str) -> Result<Option<String>, AuthError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Ok(Some(u.to_string())),
                (None, Some(i)) => Ok(Some(i.to_string())),
                _ => Err(self.wrong(key, "a string")),
            },
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    /// The first of `keys` that is present, as text.
    pub fn text_any(&self, keys: &[&str]) -> Result<Option<String>, AuthError> {
        for key in keys {
            if let Some(v) = self.text(key)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// A boolean field; `null` or missing → `None`.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, AuthError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(key, "true or false")),
        }
    }

    /// A number field; `null` or missing → `None`.
    pub fn number(&self, key: &str) -> Result<Option<f64>, AuthError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "a number")),
        }
    }

    /// A nested object (`null` or missing → empty).
    pub fn object(&self, key: &str) -> Result<Fields<'a>, AuthError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(Fields {
                map: &EMPTY,
                what: self.what,
            }),
            Some(Value::Object(map)) => Ok(Fields {
                map,
                what: self.what,
            }),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// Every field except `known`, as given.
    pub fn rest(&self, known: &[&str]) -> Map<String, Value> {
        self.map
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_checks_types() {
        let v = json!({"a": "x", "n": 123456, "f": 1.5, "b": true, "o": {"k": 1}, "z": null});
        let f = Fields::of(&v, "args").expect("object");
        assert_eq!(f.text("a"), Ok(Some("x".into())));
        assert_eq!(f.text("n"), Ok(Some("123456".into())));
        assert_eq!(f.text("z"), Ok(None));
        assert_eq!(f.text("missing"), Ok(None));
        assert_eq!(
            f.text("f").map_err(|e| e.code),
            Err("invalid_argument".into())
        );
        assert_eq!(
            f.text("b").map_err(|e| e.message),
            Err("args: `b` must be a string".into())
        );
        assert_eq!(f.flag("b"), Ok(Some(true)));
        assert!(f.flag("a").is_err());
        assert_eq!(f.number("f"), Ok(Some(1.5)));
        assert!(f.object("o").is_ok_and(|o| o.map().len() == 1));
        assert!(f.object("a").is_err());
        assert_eq!(f.rest(&["a", "n", "f", "b", "o"]).len(), 1);
        assert!(Fields::of(&json!([1]), "args").is_err());
        assert!(Fields::of(&Value::Null, "args").is_ok());
    }
}
