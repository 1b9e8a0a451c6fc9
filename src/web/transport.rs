//! `fetch` (through gloo-net) behind the core's `Transport` trait. The body goes out as
//! text, so browsers send `text/plain` like the JS SDK (the service reads JSON regardless).

use gloo_net::http::{Method as FetchMethod, RequestBuilder};

use crate::core::platform::{HttpRequest, HttpResponse, Method, Transport};

/// HTTP over `fetch`.
#[derive(Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Patch => FetchMethod::PATCH,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url).method(method);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        let built = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        };
        let response = built
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let date = response.headers().get("date");
        let body = response.text().await.map_err(|e| e.to_string())?;
        Ok(HttpResponse { status, date, body })
    }
}
