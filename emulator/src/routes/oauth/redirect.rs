//! Redirect URIs: which are allowed, how they are compared, and how query parameters are added.
use crate::config::is_loopback_host;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Checks a redirect URI: an `http` or `https` URL whose host is this machine (`localhost`,
/// `127.0.0.0/8`, `[::1]`) or whose origin was allowed with `--redirect-origin`. Anything else
/// (other schemes, user info, other hosts) is `invalid_argument`, so that the fake provider never
/// sends a code to a page that the developer did not name.
pub fn check_redirect_uri(st: &AppState, uri: &str) -> ApiResult<()> {
    let bad = |why: &str| {
        ApiError::invalid(format!(
            "redirect_uri {uri:?} is not allowed: {why} (e.g. http://localhost:3000/callback, or an origin given with --redirect-origin)"
        ))
    };
    let (scheme, rest) = uri
        .split_once("://")
        .ok_or_else(|| bad("it must be an absolute http or https URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(bad("only http and https are accepted"));
    }
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.is_empty() || authority.contains(['@', '\\', '%']) {
        return Err(bad("the host is missing or malformed"));
    }
    // `host` or `[v6]`, then nothing or `:` and the port's digits.
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| bad("the host is missing or malformed"))?;
            match after {
                "" => (host, None),
                p => (
                    host,
                    Some(
                        p.strip_prefix(':')
                            .ok_or_else(|| bad("the host is missing or malformed"))?,
                    ),
                ),
            }
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err()) {
        return Err(bad("the port is malformed"));
    }
    if is_loopback_host(host) {
        return Ok(());
    }
    let origin = format!("{scheme}://{}", authority.to_ascii_lowercase());
    if st.options().redirect_origins.contains(&origin) {
        return Ok(());
    }
    Err(bad("its host is not this machine nor an allowed origin"))
}

/// Normalises an origin given with `--redirect-origin`: `http(s)://host[:port]`, lowercase, no
/// path; `None` if it is not one.
pub fn normalise_origin(origin: &str) -> Option<String> {
    let o = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = o.split_once("://")?;
    let ok = matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    ok.then_some(o)
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes the bytes of a URI that may not appear in one (non-ASCII, spaces, quotes...),
/// leaving the rest (and existing escapes) as they are.
pub(super) fn encode_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A redirect URI as compared between the authorization and the code exchange: without query
/// and fragment, with the characters a URI may not hold percent-encoded.
pub(super) fn redirect_key(uri: &str) -> String {
    let end = uri.find(['?', '#']).unwrap_or(uri.len());
    encode_uri(&uri[..end])
}

/// `uri` with query parameters added (before any fragment).
pub(super) fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let (base, fragment) = match uri.find('#') {
        Some(i) => uri.split_at(i),
        None => (uri, ""),
    };
    let mut out = encode_uri(base);
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    if !query.is_empty() {
        out.push(if base.contains('?') { '&' } else { '?' });
        out.push_str(&query.join("&"));
    }
    out.push_str(&encode_uri(fragment));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_building_and_redirect_keys() {
        assert_eq!(
            with_query("http://h/cb", &[("code", "a b"), ("state", "x&y=z")]),
            "http://h/cb?code=a%20b&state=x%26y%3Dz"
        );
        assert_eq!(
            with_query("http://h/cb?x=1#frag", &[("code", "c")]),
            "http://h/cb?x=1&code=c#frag"
        );
        assert_eq!(with_query("http://h/é", &[]), "http://h/%C3%A9");
        assert_eq!(redirect_key("http://h/é?q=1#f"), "http://h/%C3%A9");
        assert_eq!(redirect_key("http://h/%C3%A9"), "http://h/%C3%A9");
        let st = AppState::with_options(
            crate::store::open(std::path::Path::new(":memory:")).expect("an in-memory database"),
            crate::config::Limits::default(),
            crate::state::Options {
                trust_forwarded_headers: false,
                redirect_origins: vec!["https://app.example.com".into()],
                allowed_hosts: Vec::new(),
            },
        );
        for ok in [
            "http://localhost:3000/cb",
            "http://127.0.0.1/cb?x=1",
            "http://127.9.9.9:1/",
            "https://[::1]:8443/cb",
            "HTTP://LOCALHOST/cb",
            "https://app.example.com/cb",
            "https://APP.example.com/x#y",
        ] {
            assert!(check_redirect_uri(&st, ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/cb",
            "cb",
            "javascript:alert(1)",
            "DATA:x",
            "myapp://cb",
            "http:",
            "http://",
            "https://evil.example/steal",
            "http://app.example.com/cb",
            "https://app.example.com:444/cb",
            "http://localhost@evil.example/",
            "http://127.0.0.1\\@evil.example/",
            "http://127.0.0.1%2eevil.example/",
            "http://localhost.evil.example/",
            "http://localhost:99999/",
            "http://localhost:x/",
            "http://[::1]evil.example/cb",
            "http://[::1]:80evil/cb",
            "http://[::1]:/cb",
            "http://[::1/cb",
            "http://localhost:80:90/cb",
            "http://localhost:/cb",
            "http://127.0.0.1:+80/cb",
        ] {
            assert!(check_redirect_uri(&st, bad).is_err(), "{bad}");
        }
        assert_eq!(
            normalise_origin("HTTPS://App.Example.com/").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(normalise_origin("app.example.com"), None);
        assert_eq!(normalise_origin("https://a.b/path"), None);
    }
}
