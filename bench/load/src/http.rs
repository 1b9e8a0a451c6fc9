//! Requests to the emulator and what counts as a failed one: any answer with an `error` field, a
//! non-2xx status, a non-JSON body, or a transport failure. Load requests go through the goose
//! user (its own keep-alive connection, counted in goose's metrics); the few set-up requests
//! through a plain client.
use goose::prelude::{GooseMethod, GooseRequest, GooseUser};
use serde_json::Value;
use std::fmt::Write as _;

/// A failed call: its kind (grouping key) and an example description.
#[derive(Debug)]
pub struct CallError {
    /// What failed, e.g. `token: HTTP 400 invalid_grant`; errors are counted by kind.
    pub kind: String,
    /// The first description seen, e.g. the answer's `error_description`.
    pub detail: String,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

fn transport(endpoint: &str, what: &str, e: impl ToString) -> CallError {
    CallError {
        kind: format!("{endpoint}: transport: {what}"),
        detail: e.to_string(),
    }
}

/// The answer `raw` with status `status` as JSON; `Ok` only for a 2xx JSON answer without an
/// `error` field.
pub fn classify(endpoint: &str, status: u16, raw: &[u8]) -> Result<Value, CallError> {
    let Ok(v) = serde_json::from_slice::<Value>(raw) else {
        return Err(CallError {
            kind: format!("{endpoint}: HTTP {status} non-JSON body"),
            detail: String::from_utf8_lossy(raw).chars().take(200).collect(),
        });
    };
    if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
        let code = err.as_str().map(str::to_string).unwrap_or(err.to_string());
        return Err(CallError {
            kind: format!("{endpoint}: HTTP {status} {code}"),
            detail: v
                .get("error_description")
                .map(|d| d.as_str().map(str::to_string).unwrap_or(d.to_string()))
                .unwrap_or_default(),
        });
    }
    if !(200..300).contains(&status) {
        return Err(CallError {
            kind: format!("{endpoint}: HTTP {status}"),
            detail: v.to_string().chars().take(200).collect(),
        });
    }
    Ok(v)
}

/// One request of a goose user, named `endpoint` in goose's metrics.
pub async fn call(
    user: &mut GooseUser,
    endpoint: &'static str,
    method: GooseMethod,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, CallError> {
    let builder = user
        .get_request_builder(&method, path)
        .map_err(|e| transport(endpoint, "request", e))?;
    let builder = match body {
        Some(b) => builder.json(b),
        None => builder,
    };
    let request = GooseRequest::builder()
        .method(method)
        .path(path)
        .name(endpoint)
        .set_request_builder(builder)
        .build();
    let goose = user
        .request(request)
        .await
        .map_err(|e| transport(endpoint, "send", e))?;
    let res = goose.response.map_err(|e| transport(endpoint, "send", e))?;
    let status = res.status().as_u16();
    let raw = res
        .bytes()
        .await
        .map_err(|e| transport(endpoint, "body", e))?;
    classify(endpoint, status, &raw)
}

/// A client for the requests made outside the load: configuration and per-user set-up.
#[derive(Clone)]
pub struct Admin {
    client: reqwest::Client,
    base: String,
}

impl Admin {
    /// A client for the emulator at `http://{addr}`.
    pub fn new(addr: &str) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            client,
            base: format!("http://{addr}"),
        })
    }

    /// One request; `Ok` only for a 2xx JSON answer without an `error` field.
    pub async fn call(
        &self,
        endpoint: &'static str,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req
            .send()
            .await
            .map_err(|e| transport(endpoint, "send", e))?;
        let status = res.status().as_u16();
        let raw = res
            .bytes()
            .await
            .map_err(|e| transport(endpoint, "body", e))?;
        classify(endpoint, status, &raw)
    }
}

/// Reads a string field of an answer, or an "unexpected answer" error.
pub fn field(endpoint: &'static str, v: &Value, name: &str) -> Result<String, CallError> {
    v.get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallError {
            kind: format!("{endpoint}: answer without {name}"),
            detail: v.to_string().chars().take(200).collect(),
        })
}

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_field_fails_even_with_status_200() {
        let e = classify(
            "token",
            200,
            br#"{"error":"invalid_grant","error_description":"gone"}"#,
        )
        .expect_err("an error field is a failure");
        assert_eq!(e.kind, "token: HTTP 200 invalid_grant");
        assert_eq!(e.detail, "gone");
    }

    #[test]
    fn non_2xx_and_non_json_answers_fail() {
        let e = classify("signin", 503, br#"{"busy":true}"#).expect_err("503 fails");
        assert_eq!(e.kind, "signin: HTTP 503");
        let e = classify("signin", 200, b"<html>").expect_err("HTML fails");
        assert_eq!(e.kind, "signin: HTTP 200 non-JSON body");
        let v = classify("signin", 200, br#"{"access_token":"a","error":null}"#).expect("ok");
        assert_eq!(field("signin", &v, "access_token").expect("present"), "a");
        assert!(field("signin", &v, "refresh_token").is_err());
    }

    #[test]
    fn url_encode_escapes_everything_but_unreserved() {
        assert_eq!(url_encode("+86 139-0.0_~"), "%2B86%20139-0.0_~");
    }
}
