//! `fetch` behind the core's `Transport` trait. The body goes out as text, so browsers send
//! `text/plain` like the JS SDK (the service reads JSON whatever the content type).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
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

/// The parts of `fetch` that can throw, each answered with the exception.
fn request_of(request: &HttpRequest) -> Result<Request, JsValue> {
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
    Ok(req)
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let req = request_of(&request).map_err(message)?;
        let response: Response = JsFuture::from(global_fetch(&req))
            .await
            .and_then(JsCast::dyn_into)
            .map_err(message)?;
        let status = response.status();
        let date = response.headers().get("date").ok().flatten();
        let text = response.text().map_err(message)?;
        let body = JsFuture::from(text).await.map_err(message)?;
        Ok(HttpResponse {
            status,
            date,
            body: body.as_string().unwrap_or_default(),
        })
    }
}
