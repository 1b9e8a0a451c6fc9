//! HTTP behind the core's `Transport` trait: the core's method, headers and text body become
//! `fetch`'s options, given with the URL to the global `fetch`, with a signal that abandons the
//! request after its timeout (15 s unless `init({ timeout })` says otherwise; a timed-out
//! request is not sent again: the service may have handled it); gloo-net reads the answer's status and body text. The body goes out as text and nothing
//! adds a `Content-Type`, so browsers send `text/plain` like the JS SDK (the service reads JSON
//! whatever the content type).
//!
//! `fetch(url, options)`, as an app calls it, the options a plain object (`RequestInit`'s
//! setters are bindings of their own, which cost glue): `fetch` makes its `Request` from them.
//! A `Request` made here first cost its construction and then `fetch`'s copy of it
//! (`bench/README.md`, "Where a sign-in's own time goes"); the headers are a plain object,
//! which `fetch` reads key by key (a `Headers` object would be read through the iterator
//! protocol). gloo-net's `RequestBuilder` is not used: it rebuilds the URL to add its own query parameters (leaving a
//! trailing `&` on a URL that already has a query, as most of the core's calls do) and its
//! header setter throws (a JS exception through the module) on a value `fetch` refuses, where
//! `fetch` rejects and this returns the error. Nor is gloo-net's `Request::send`, which panics
//! when `fetch` resolves to something that is not a `Response` (an app's mock of `fetch`, a
//! `Response` of another realm): a panic would leave the module unusable for the whole page,
//! where this is an `unreachable` error.

use gloo_net::http::Response;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::platform::{HttpRequest, HttpResponse, Transport};
use crate::prelude::*;

/// HTTP over `fetch`, the answers read by gloo-net.
#[derive(Default)]
pub struct FetchTransport;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (a page's or a worker's), given the URL and the request's options.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch_with(url: &str, init: &js_sys::Object) -> Result<js_sys::Promise, JsValue>;
    /// `AbortSignal.timeout(ms)`: a signal that aborts after `ms` (an error where there is
    /// none, in older browsers: the request then has no timeout).
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    fn abort_after(ms: u32) -> Result<JsValue, JsValue>;
}

/// The message of a JS exception (a `TypeError: Failed to fetch`, say).
fn message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".to_owned())
}

/// The message of a gloo-net failure: the JS exception's message, as [`message`] gives it.
fn gloo_message(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(e) => e.message,
        other => other.to_string(),
    }
}

/// The `fetch` options of `request`, a plain object as an app writes them: its method, body,
/// headers (`fetch` refuses a header it cannot send) and the timeout's signal.
fn init_of(request: &HttpRequest) -> Result<js_sys::Object, JsValue> {
    let set = |object: &js_sys::Object, key: &str, value: &JsValue| {
        js_sys::Reflect::set(object, &JsValue::from_str(key), value).map(drop)
    };
    let init = js_sys::Object::new();
    set(&init, "method", &JsValue::from_str(request.method.as_str()))?;
    if let Some(body) = &request.body {
        set(&init, "body", &JsValue::from_str(body))?;
    }
    let headers = js_sys::Object::new();
    for (name, value) in &request.headers {
        set(&headers, name, &JsValue::from_str(value))?;
    }
    set(&init, "headers", &headers)?;
    if let Ok(signal) = abort_after(request.timeout_ms) {
        set(&init, "signal", &signal)?;
    }
    Ok(init)
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let init = init_of(&request).map_err(message)?;
        let answer = JsFuture::from(fetch_with(&request.url, &init).map_err(message)?)
            .await
            .map_err(message)?;
        let response = Response::from(
            answer
                .dyn_into::<web_sys::Response>()
                .map_err(|_| "fetch did not resolve to a Response".to_owned())?,
        );
        let body = response.text().await.map_err(gloo_message)?;
        Ok(HttpResponse {
            status: response.status(),
            body,
        })
    }
}
