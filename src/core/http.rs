//! Requests to the auth service, the way the JS SDK sends them: URL `{origin}/auth{path}`,
//! `client_id` in the query of every call without a bearer token, the SDK headers, the body
//! as JSON text, the HTTP status ignored and the body deciding success. Network failures and
//! bodies that are not JSON are `unreachable` and retried (3 attempts, 1 s apart).

use crate::prelude::*;

use super::encode::{hex, url_component};
use super::error::AuthError;
use super::platform::{HttpRequest, Json, Method, Platform, Storage};
use cloudbase_auth_wire::ErrorBody;
use std::cell::RefCell;

/// `X-SDK-Version` header value.
pub const SDK_VERSION: &str = concat!("cloudbase-auth-wasm/", env!("CARGO_PKG_VERSION"));

/// Storage key of the persistent device id (shared with the JS SDK).
pub const DEVICE_ID_KEY: &str = "device_id";

/// Attempts for a call that fails as `unreachable`.
pub(crate) const ATTEMPTS: u32 = 3;
/// Pause between attempts, in milliseconds.
pub(crate) const RETRY_PAUSE_MS: u32 = 1000;
/// How long a request may take before the host abandons it, unless `init({timeout})` says
/// otherwise (the JS SDK's default): a request the network swallowed then never holds a
/// refresh, and its cross-tab lock, for as long as the browser would wait. It fails as
/// `unreachable` and is not sent again: the service may have handled it (a refresh sent twice
/// would reuse a rotated refresh token).
pub const TIMEOUT_MS: u32 = 15_000;

/// How a call authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials: `client_id` goes in the query.
    Client,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic base64(client_id:)` plus `client_id` in the query.
    Basic,
}

/// One call to the auth service.
#[derive(Debug, Clone)]
pub struct Call {
    /// HTTP method.
    pub method: Method,
    /// Path below `/auth`, e.g. `/v1/signin`.
    pub path: String,
    /// Extra query parameters (unencoded).
    pub query: Vec<(String, String)>,
    /// The body as JSON text (written by the platform's [`Json`]), if any.
    pub body: Option<String>,
    /// Credentials to send.
    pub auth: Auth,
}

impl Call {
    /// A `POST` of the JSON text `body`, with no credentials.
    pub fn post(path: &str, body: String) -> Self {
        Call {
            method: Method::Post,
            path: path.to_owned(),
            query: Vec::new(),
            body: Some(body),
            auth: Auth::Client,
        }
    }

    /// A `GET` with no credentials.
    pub fn get(path: &str) -> Self {
        Call {
            method: Method::Get,
            path: path.to_owned(),
            query: Vec::new(),
            body: None,
            auth: Auth::Client,
        }
    }

    /// The same call with the query parameter `key=value`.
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The same call with a bearer token.
    pub fn bearer(mut self, token: &str) -> Self {
        self.auth = Auth::Bearer(token.to_owned());
        self
    }

    /// The same call with Basic client authentication.
    pub fn basic(mut self) -> Self {
        self.auth = Auth::Basic;
        self
    }
}

/// Request settings shared by every call of one client.
pub struct Api {
    origin: RefCell<String>,
    client_id: String,
    lang: String,
    timeout_ms: u32,
    device_id: RefCell<Option<String>>,
}

impl Api {
    /// A new API handle for `origin` (`scheme://host[:port]`), its requests abandoned after
    /// `timeout_ms`.
    pub fn new(origin: String, client_id: String, lang: String, timeout_ms: u32) -> Self {
        Api {
            origin: RefCell::new(origin),
            client_id,
            lang,
            timeout_ms,
            device_id: RefCell::new(None),
        }
    }

    /// Changes the origin for the calls that follow.
    pub fn set_origin(&self, origin: String) {
        *self.origin.borrow_mut() = origin;
    }

    /// The current origin.
    pub fn origin(&self) -> String {
        self.origin.borrow().clone()
    }

    /// The client id sent with every call.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The request of `call`, with the request id `request_id`.
    pub(crate) fn build<P: Platform>(
        &self,
        platform: &P,
        call: &Call,
        request_id: &str,
    ) -> HttpRequest {
        let mut url = [self.origin.borrow().as_str(), "/auth", &call.path].concat();
        let mut query: Vec<(&str, &str)> = call
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !matches!(call.auth, Auth::Bearer(_)) && !call.path.contains("client_id=") {
            query.push(("client_id", &self.client_id));
        }
        for (i, (k, v)) in query.iter().enumerate() {
            let sep = if i == 0 && !url.as_bytes().contains(&b'?') {
                '?'
            } else {
                '&'
            };
            url.push(sep);
            url.push_str(&url_component(k));
            url.push('=');
            url.push_str(&url_component(v));
        }
        let mut headers = vec![
            ("X-SDK-Version".to_owned(), SDK_VERSION.to_owned()),
            ("Accept-Language".to_owned(), self.lang.clone()),
            ("x-request-id".to_owned(), request_id.to_owned()),
            ("x-device-id".to_owned(), self.device_id(platform)),
        ];
        match &call.auth {
            Auth::Client => {}
            Auth::Bearer(token) => {
                headers.push(("Authorization".to_owned(), ["Bearer ", token].concat()))
            }
            Auth::Basic => headers.push((
                "Authorization".to_owned(),
                [
                    "Basic ",
                    &platform.base64_encode([&self.client_id, ":"].concat().as_bytes()),
                ]
                .concat(),
            )),
        }
        HttpRequest {
            method: call.method,
            url,
            headers,
            body: call.body.clone(),
            timeout_ms: self.timeout_ms,
        }
    }

    /// The persistent device id: the stored one when it has a plausible length (16 to 48),
    /// otherwise a new 32-hex id, stored for next time.
    fn device_id<P: Platform>(&self, platform: &P) -> String {
        if let Some(id) = self.device_id.borrow().clone() {
            return id;
        }
        let id = match platform.storage().get(DEVICE_ID_KEY) {
            // Only a header-safe id is sent; anything else (a line break would make every
            // request fail) is replaced.
            Some(id) if is_device_id(&id) => id,
            _ => {
                let id = random_hex(platform, 16);
                platform.storage().set(DEVICE_ID_KEY, &id);
                id
            }
        };
        *self.device_id.borrow_mut() = Some(id.clone());
        id
    }
}

/// A stored device id we send as it is: 16 to 48 ASCII letters, digits, `-` or `_` (the JS
/// SDK's ids and ours are of this shape).
fn is_device_id(id: &str) -> bool {
    (16..=48).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `n` random bytes as lower-case hex.
pub fn random_hex<P: Platform>(platform: &P, n: usize) -> String {
    let mut bytes = vec![0u8; n];
    platform.random().fill(&mut bytes);
    hex(&bytes)
}

/// The members of an error body ([`ErrorBody`]'s fields, `"error` covering `error_code` and
/// `error_description`), as they appear in JSON text.
const ERROR_MEMBERS: [&str; 6] = [
    "\"error",
    "\"code\"",
    "\"message\"",
    "\"retry_after\"",
    "\"requestId\"",
    "\"request_id\"",
];

/// Whether a JSON object's text may have a member of an error body: it names one, or has a
/// `\u` escape (which could spell a name).
fn may_be_error(body: &str) -> bool {
    body.contains("\\u") || ERROR_MEMBERS.iter().any(|m| body.contains(m))
}

/// Reads a response body, parsed once: not JSON → `unreachable` (retried, like the JS SDK);
/// an error body (an object with `error`, or the `{code, message}` form) → that error;
/// anything else → the parsed answer, for the caller to read as the type it expects
/// ([`read_answer`]). An empty body is `{}`. The body is read as an error only when its text
/// names a member of one: an answer that names none is no error, and is not read twice.
pub(crate) fn read_body<J: Json>(json: &J, body: &str) -> Result<J::Doc, AuthError> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    let doc = json.parse(body).map_err(|e| {
        AuthError::unreachable(["the server answered with a body that is not JSON: ", &e].concat())
    })?;
    if !body.trim_start().starts_with('{') || !may_be_error(body) {
        // Not an object, or an object without error members: not an error body.
        return Ok(doc);
    }
    match json.read::<ErrorBody>(&doc) {
        Ok(e) if e.is_error() => Err(AuthError::from(e)),
        Ok(_) => Ok(doc),
        // JSON whose error fields are of the wrong types: neither an answer nor an error that
        // can be read.
        Err(why) => Err(AuthError::internal(
            ["the server answered with an unreadable error: ", &why].concat(),
        )),
    }
}

/// Reads an answer (from [`read_body`]) as `T`; an answer of another shape is an `internal`
/// error naming what was wrong.
pub(crate) fn read_answer<J: Json, T: serde::de::DeserializeOwned>(
    json: &J,
    answer: &J::Doc,
) -> Result<T, AuthError> {
    json.read(answer).map_err(unexpected)
}

/// The error of an answer of another shape (one copy for every type read).
#[inline(never)]
fn unexpected(why: String) -> AuthError {
    AuthError::internal(["unexpected answer from the service: ", &why].concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json_native::SerdeJson;

    fn read_body(body: &str) -> Result<serde_json::Value, AuthError> {
        super::read_body(&SerdeJson, body)
    }

    #[test]
    fn every_error_member_is_looked_for() {
        let all = ErrorBody {
            error: "e".into(),
            error_code: Some(1),
            error_description: Some("d".into()),
            retry_after: Some(1),
            code: Some("c".into()),
            message: Some("m".into()),
            request_id: Some("r".into()),
        };
        let text = serde_json::to_value(&all).expect("written");
        let members = text.as_object().expect("an object");
        assert_eq!(
            members.len(),
            7,
            "a new member of ErrorBody: add it to ERROR_MEMBERS"
        );
        for name in members.keys().chain(["request_id".to_owned()].iter()) {
            let body = serde_json::json!({ name: null }).to_string();
            assert!(may_be_error(&body), "{name}");
        }
        assert!(!may_be_error(r#"{"access_token":"a","sub":"u"}"#));
    }

    #[test]
    fn bodies() {
        assert_eq!(read_body("").ok(), Some(serde_json::json!({})));
        assert_eq!(
            read_body("<html>").map_err(|e| e.code.clone()),
            Err("unreachable".to_owned())
        );
        assert_eq!(
            read_body(r#"{"error":"not_found"}"#).map_err(|e| e.code.clone()),
            Err("not_found".to_owned())
        );
        assert_eq!(
            read_body(r#"{"code":"SOME_ERROR","message":"boom"}"#).map_err(|e| e.code.clone()),
            Err("some_error".to_owned())
        );
        assert_eq!(
            read_body(r#"{"error":"x","error_code":"3"}"#).map_err(|e| e.code.clone()),
            Err("internal".to_owned())
        );
        // Each member of an error body is read as one, also when spelled with escapes, and
        // one of the wrong type makes the body unreadable.
        assert_eq!(
            read_body(r#"{"\u0065rror":"not_found"}"#).map_err(|e| e.code.clone()),
            Err("not_found".to_owned())
        );
        for body in [
            r#"{"error_code":"3"}"#,
            r#"{"error_description":3}"#,
            r#"{"code":3}"#,
            r#"{"message":3}"#,
            r#"{"retry_after":"soon"}"#,
            r#"{"requestId":3}"#,
            r#"{"request_id":3}"#,
        ] {
            assert_eq!(
                read_body(body).map_err(|e| e.code.clone()),
                Err("internal".to_owned()),
                "{body}"
            );
        }
        assert!(read_body(r#"{"code":"","message":"fine"}"#).is_ok());
        let answer = read_body(r#"{"a":1}"#).expect("an answer");
        assert_eq!(answer, serde_json::json!({"a": 1}));
        assert_eq!(read_body("[1]").ok(), Some(serde_json::json!([1])));
        let n: Result<serde_json::Value, _> = read_answer(&SerdeJson, &answer);
        assert_eq!(n.ok().and_then(|v| v["a"].as_i64()), Some(1));
        let wrong: Result<cloudbase_auth_wire::Verification, _> = read_answer(&SerdeJson, &answer);
        assert_eq!(
            wrong.map_err(|e| e.code.clone()),
            Err("internal".to_owned())
        );
    }
}
