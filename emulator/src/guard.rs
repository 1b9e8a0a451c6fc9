//! Protection of the dev API (`/emulator/v1/*`) from the web pages a developer opens.
//!
//! The emulator listens on the developer's machine, where any page in the browser can send it
//! requests. The auth API (`/auth/v1/*`) answers every origin, as the real service does; the dev
//! API can read codes, mint tickets and change or wipe everything, so:
//!
//! - it sends CORS headers only to loopback origins (`http(s)://127.0.0.1:*`, `localhost`,
//!   `[::1]`): other pages cannot read its answers;
//! - a request from another origin that could change something (any method but `GET` and
//!   `HEAD`, preflights included) is refused with `permission_denied` (403);
//! - a write must have a JSON body type (`application/json`), so that the requests a page can
//!   send without a preflight (`text/plain`, forms) are refused (415) even from an origin that
//!   hides itself (`Origin: null`, no header from old browsers).
//!
//! Requests without an `Origin` header (scripts, curl, tests) are served as before. And the dev
//! API answers only requests whose `Host` is an IP address, a `localhost` name or a name given
//! with `--allowed-host`: a page of a hostile name made to resolve to this machine (DNS
//! rebinding) is same-origin with the emulator, and would otherwise read the inbox. That holds
//! on any bind address: one that other machines reach (`0.0.0.0`) is reached by the
//! developer's browser too.
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Path prefix of the dev API.
pub const DEV_PREFIX: &str = "/emulator/v1/";

/// Whether an `Origin` value is a loopback origin: `http` or `https`, host `127.0.0.1`,
/// `localhost` or `[::1]`, any port.
pub fn is_loopback_origin(origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.strip_prefix("[::1]") {
        Some(port) => return port.is_empty() || is_port(port),
        None => rest,
    };
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost");
    name_ok && port.is_none_or(|p| is_port(&format!(":{p}")))
}

/// `:` followed by 1 to 5 digits.
fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|d| (1..=5).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a dev API request may be served to its origin: no `Origin` header, or a loopback one.
fn origin_allowed(headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .is_none_or(|o| is_loopback_origin(o.as_bytes()))
}

/// Whether the `Host` header names an IP address, `localhost` (or a name under it) or one of
/// the `allowed` names, or is missing: names that a DNS-rebinding page cannot take.
fn host_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(h, _)| h),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.parse::<std::net::IpAddr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.contains(&name)
}

/// Whether the request's body type is JSON (`application/json`, parameters allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// `permission_denied` (7, HTTP 403).
fn forbidden(d: &str) -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        error: "permission_denied",
        code: 7,
        description: d.into(),
        retry_after: None,
    }
}

/// The outer middleware (around the CORS layer): for `/emulator/v1/*`, refuses a `Host` that is
/// a DNS name (see the module) and, for an origin that is not allowed, refuses preflights and
/// writes with `permission_denied` and strips every CORS header
/// from the answers to reads. Other paths and allowed origins pass untouched.
pub async fn dev_api_origins(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(DEV_PREFIX) {
        return next.run(req).await;
    }
    if !host_allowed(req.headers(), &st.options().allowed_hosts) {
        return forbidden(
            "the dev API answers only requests to an IP address, localhost or a name given with --allowed-host (Host header)",
        )
        .into_response();
    }
    if origin_allowed(req.headers()) {
        return next.run(req).await;
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return forbidden(
            "the dev API accepts changes only from loopback origins (http://127.0.0.1:*, http://localhost:*, http://[::1]:*) or from clients that send no Origin",
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    let cors: Vec<_> = res
        .headers()
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for k in cors {
        res.headers_mut().remove(k);
    }
    res
}

/// The inner middleware (inside the CORS layer, so that an allowed page can read the error):
/// refuses `/emulator/v1/*` writes whose body type is not JSON (415).
pub async fn dev_api_json(req: Request, next: Next) -> Response {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if write && req.uri().path().starts_with(DEV_PREFIX) && !is_json(req.headers()) {
        let mut e =
            ApiError::invalid("the dev API takes writes with Content-Type: application/json");
        e.status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return e.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "https://localhost",
            "http://LOCALHOST:1",
            "http://[::1]:5173",
            "http://127.0.0.1",
        ] {
            assert!(is_loopback_origin(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "null",
            "https://evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example:80",
            "http://127.0.0.1:80x",
            "http://[::1].evil",
            "file://",
            "ftp://localhost",
            "http://evil.example#127.0.0.1",
        ] {
            assert!(!is_loopback_origin(bad.as_bytes()), "{bad}");
        }
    }
}
