//! HTTP behind the core's `Transport` trait, sent by gloo-net: the request is made from the
//! core's method, URL, headers and text body; gloo-net fetches it and reads the status and the
//! body text. The body goes out as text and nothing adds a
//! `Content-Type`, so browsers send `text/plain` like the JS SDK (the service reads JSON
//! whatever the content type).
//!
//! The `fetch` request is made here and handed to gloo-net as a `gloo_net::http::Request`
//! rather than made by its `RequestBuilder`, for two reasons: the builder rebuilds the URL to
//! add its own query parameters and leaves a trailing `&` on a URL that already has a query
//! (most of the core's calls carry `client_id=`), and its header setter throws (a JS exception
//! through the module) on a value `fetch` refuses, where this returns the error.

use gloo_net::http::Request;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::RequestInit;

use crate::core::platform::{HttpRequest, HttpResponse, Transport};
use crate::prelude::*;

/// HTTP over `fetch`, through gloo-net.
#[derive(Default)]
pub struct FetchTransport;

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
    let made = web_sys::Request::new_with_str_and_init(&request.url, &init)?;
    let headers = made.headers();
    for (name, value) in &request.headers {
        headers.set(name, value)?;
    }
    Ok(Request::from(made))
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let response = request_of(&request)
            .map_err(message)?
            .send()
            .await
            .map_err(gloo_message)?;
        let body = response.text().await.map_err(gloo_message)?;
        Ok(HttpResponse {
            status: response.status(),
            body,
        })
    }
}
