//! `fetch` behind the core's `Transport` trait. The body goes out as text, so browsers send
//! `text/plain` like the JS SDK (the service reads JSON whatever the content type).

use super::exec::Promised;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Request, RequestInit, Response};

use crate::core::platform::{HttpRequest, HttpResponse, Transport};
use crate::prelude::*;

/// HTTP over `fetch`.
#[derive(Default)]
pub struct FetchTransport;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window or worker).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

/// The message of a JS exception (a `TypeError: Failed to fetch`, say).
fn message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".to_owned())
}

async fn fetch(request: HttpRequest) -> Result<HttpResponse, JsValue> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let req = Request::new_with_str_and_init(&request.url, &init)?;
    let headers = req.headers();
    for (k, v) in &request.headers {
        headers.set(k, v)?;
    }
    let response: Response = Promised::new(&global_fetch(&req)).await?.dyn_into()?;
    let status = response.status();
    let date = response.headers().get("date").ok().flatten();
    let body = Promised::new(&response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse { status, date, body })
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        fetch(request).await.map_err(message)
    }
}
