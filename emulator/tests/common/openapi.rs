//! The OpenAPI document in tests: parsing, `$ref`s, a small schema check and checked calls.
use super::Emu;
use cloudbase_auth_emulator::openapi;
use reqwest::Method;
use serde_json::Value;

/// The generated document, as served.
pub fn doc() -> Value {
    serde_json::from_str(openapi::json()).unwrap()
}

/// Follows a local `$ref`.
pub fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("unresolved $ref {r}"));
            deref(doc, target)
        }
        None => v,
    }
}

/// Whether `v` is of the JSON Schema type `ty`.
fn of_type(ty: &str, v: &Value) -> bool {
    match ty {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// Checks a value against the subset of JSON Schema the document uses (OpenAPI 3.1: `type` a
/// name or a list of names, `oneOf` for nullable references). Objects with `properties` may not
/// carry undeclared keys, so the document cannot miss a field.
pub fn conforms(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let schema = deref(doc, schema);
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let Some(any) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = any
            .iter()
            .filter(|s| conforms(doc, s, v, at).is_ok())
            .count();
        if fits != 1 {
            return Err(format!("{at}: {v} fits {fits} of the oneOf schemas"));
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| of_type(t, v)) {
        return Err(format!("{at}: {v} is not {types:?}"));
    }
    if let (Some(n), Some(min)) = (v.as_i64(), schema.get("minimum").and_then(Value::as_i64)) {
        if n < min {
            return Err(format!("{at}: {n} is below {min}"));
        }
    }
    if let (Some(obj), Some(props)) = (
        v.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let req = req.as_str().unwrap();
            if !obj.contains_key(req) {
                return Err(format!("{at}: missing {req}"));
            }
        }
        for (k, val) in obj {
            let sub = props
                .get(k)
                .ok_or_else(|| format!("{at}: undocumented field {k}"))?;
            conforms(doc, sub, val, &format!("{at}.{k}"))?;
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, it) in arr.iter().enumerate() {
            conforms(doc, items, it, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Checks a real answer against the document: the status is documented for the operation and
/// the body fits its schema.
pub fn check_answer(doc: &Value, method: &str, path: &str, status: u16, body: &Value) {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not documented");
    let res = op["responses"]
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{method} {path}: status {status} is not documented: {body}"));
    let res = deref(doc, res);
    let schema = &res["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status}: no JSON schema"
    );
    if let Err(e) = conforms(doc, schema, body, "body") {
        panic!("{method} {path} {status}: {e}: {body}");
    }
}

pub async fn call(
    emu: &Emu,
    doc: &Value,
    method: Method,
    path: &str,
    query: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let (s, v) = emu
        .send(
            method.clone(),
            &format!("{}{query}", concrete(path)),
            token,
            body.to_string(),
        )
        .await;
    check_answer(doc, &method.as_str().to_ascii_lowercase(), path, s, &v);
    (s, v)
}

/// Fills path parameters.
pub fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        out.push('x');
        rest = &rest[rest[i..].find('}').unwrap() + i + 1..];
    }
    out.push_str(rest);
    out
}
