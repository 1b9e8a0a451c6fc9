//! HTTP behind the core's `Transport` trait: the request is made from the core's method, URL,
//! headers and text body and given to the global `fetch`; gloo-net reads the answer's status
//! and body text. The body goes out as text and nothing adds a `Content-Type`, so browsers send
//! `text/plain` like the JS SDK (the service reads JSON whatever the content type).
//!
//! The request is made here rather than by gloo-net's `RequestBuilder`, which rebuilds the URL
//! to add its own query parameters (leaving a trailing `&` on a URL that already has a query,
//! as most of the core's calls do) and whose header setter throws (a JS exception through the
//! module) on a value `fetch` refuses, where this returns the error. And `fetch` is called here
//! rather than by gloo-net's `Request::send`, which panics when `fetch` resolves to something
//! that is not a `Response` (an app's mock of `fetch`, a `Response` of another realm): a panic
//! would leave the module unusable for the whole page, where this is an `unreachable` error.

use gloo_net::http::Response;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit};

use crate::core::platform::{HttpRequest, HttpResponse, Transport};
use crate::prelude::*;

/// HTTP over `fetch`, the answers read by gloo-net.
#[derive(Default)]
pub struct FetchTransport;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (a page's or a worker's), given a request.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch_request(request: &Request) -> Result<js_sys::Promise, JsValue>;
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

/// The `fetch` request of `request`, or the exception of the part that threw (a malformed
/// URL, a header name or value `fetch` refuses).
///
/// The headers are set on the request's own `Headers` once it is made: a `Headers` object given
/// to the constructor would be copied into it through the iterator protocol, header by header.
fn request_of(request: &HttpRequest) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let made = Request::new_with_str_and_init(&request.url, &init)?;
    let headers = made.headers();
    for (name, value) in &request.headers {
        headers.set(name, value)?;
    }
    Ok(made)
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let made = request_of(&request).map_err(message)?;
        let answer = JsFuture::from(fetch_request(&made).map_err(message)?)
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
