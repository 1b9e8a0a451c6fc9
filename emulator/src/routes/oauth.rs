//! The built-in fake OAuth identity provider and the endpoints that talk to it.
//!
//! The providers `fake` and `fake2` stand in for third-party identity providers, so that OAuth
//! sign-in and identity linking work end to end with no outside service:
//!
//! 1. `GET /auth/v1/provider/uri` answers the provider's authorize URL, which is served by the
//!    emulator itself (`GET /emulator/v1/oauth/authorize`).
//! 2. The authorize page redirects (302) to `redirect_uri?code=&state=` for the identity named by
//!    `login_hint` (or, with `prompt=none`, the default identity `fake-user`); otherwise it shows
//!    a small form to enter one. Codes are single use and live [`CODE_TTL_SECS`].
//! 3. `POST /auth/v1/provider/token` exchanges the code for a provider token (single use, lives
//!    [`PROVIDER_TOKEN_TTL_SECS`]) and the identity's profile.
//! 4. `POST /auth/v1/signin/with/provider` or `POST /auth/v1/user/provider/bind` consumes the
//!    provider token (see [`super::provider`]).
use super::{MAX_STRING, Params, body, env};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{ids, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Lifetime of an authorization code, seconds.
pub const CODE_TTL_SECS: i64 = 300;
/// Lifetime of a provider token, seconds.
pub const PROVIDER_TOKEN_TTL_SECS: i64 = 600;
/// Path of the fake provider's authorize page.
pub const AUTHORIZE_PATH: &str = "/emulator/v1/oauth/authorize";
/// Subject of the identity chosen by `prompt=none` without a `login_hint`.
pub const DEFAULT_SUBJECT: &str = "fake-user";

/// A fake identity provider.
#[derive(Debug)]
pub struct FakeProvider {
    /// The `provider_id`.
    pub id: &'static str,
    /// Display name (`name` in `GET /auth/v1/user/provider`).
    pub name: &'static str,
}

/// The identity providers of the emulator.
pub const PROVIDERS: &[FakeProvider] = &[
    FakeProvider {
        id: "fake",
        name: "Fake",
    },
    FakeProvider {
        id: "fake2",
        name: "Fake 2",
    },
];

/// The provider `id`: `invalid_argument` when empty, `not_found` when unknown.
pub fn provider(id: &str) -> ApiResult<&'static FakeProvider> {
    if id.is_empty() {
        return Err(ApiError::invalid("provider_id is required"));
    }
    PROVIDERS.iter().find(|p| p.id == id).ok_or_else(|| {
        let known: Vec<&str> = PROVIDERS.iter().map(|p| p.id).collect();
        ApiError::not_found(format!(
            "provider {id:?} is not configured in the emulator (available: {})",
            known.join(", ")
        ))
    })
}

/// The display name of a provider id (the id itself if unknown).
pub fn provider_name(id: &str) -> &str {
    PROVIDERS.iter().find(|p| p.id == id).map_or(id, |p| p.name)
}

/// An identity at a fake provider. Empty strings stand for unset values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The provider.
    pub provider_id: String,
    /// The provider's user id.
    pub sub: String,
    /// Display name.
    pub name: String,
    /// Email address (lowercase), or empty.
    pub email: String,
    /// Picture URL, or empty.
    pub picture: String,
}

impl Profile {
    /// The `provider_profile` JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "provider_id": self.provider_id,
            "sub": self.sub,
            "name": self.name,
            "email": self.email,
            "picture": self.picture,
        })
    }

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            provider_id: r.get(0)?,
            sub: r.get(1)?,
            name: r.get(2)?,
            email: r.get(3)?,
            picture: r.get(4)?,
        })
    }
}

/// A query parameter: `None` when missing or empty; refused with control characters or over
/// [`MAX_STRING`] characters.
fn param<'a>(q: &'a Params, key: &str) -> ApiResult<Option<&'a str>> {
    let Some(v) = q.get(key).map(String::as_str).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().any(char::is_control) {
        return Err(ApiError::invalid(format!(
            "{key} may not contain control characters"
        )));
    }
    if v.chars().nth(MAX_STRING).is_some() {
        return Err(ApiError::invalid(format!(
            "{key} may not exceed {MAX_STRING} characters"
        )));
    }
    Ok(Some(v))
}

/// A required query parameter.
fn required<'a>(q: &'a Params, key: &str) -> ApiResult<&'a str> {
    param(q, key)?.ok_or_else(|| ApiError::invalid(format!("{key} is required")))
}

/// Checks a redirect URI: an absolute URI (`scheme:...`) whose scheme is not `javascript`,
/// `data`, `vbscript` or `file`.
fn check_redirect_uri(uri: &str) -> ApiResult<()> {
    let bad = || {
        ApiError::invalid(format!(
            "redirect_uri must be an absolute URL, e.g. http://localhost:3000/callback (got {uri:?})"
        ))
    };
    let (scheme, rest) = uri.split_once(':').ok_or_else(bad)?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    let scheme = scheme.to_ascii_lowercase();
    if !scheme_ok
        || rest.is_empty()
        || ["javascript", "data", "vbscript", "file"].contains(&scheme.as_str())
    {
        return Err(bad());
    }
    Ok(())
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
fn encode_uri(s: &str) -> String {
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
fn redirect_key(uri: &str) -> String {
    let end = uri.find(['?', '#']).unwrap_or(uri.len());
    encode_uri(&uri[..end])
}

/// `uri` with query parameters added (before any fragment).
fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
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

/// `scheme://host` of this emulator as the client reached it (`Host`, or `X-Forwarded-Host` and
/// `X-Forwarded-Proto` behind a proxy); empty (a relative URL) without a usable host.
fn origin(headers: &HeaderMap) -> String {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or_default().trim())
            .filter(|v| !v.is_empty())
    };
    let host = get("x-forwarded-host").or_else(|| get(header::HOST.as_str()));
    let Some(host) = host.filter(|h| {
        h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
    }) else {
        return String::new();
    };
    let scheme = if get("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https")) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Query parameters of the authorize URL that `provider/uri` takes from `other_params[...]`.
const PASSED_THROUGH: &[&str] = &["login_hint", "prompt", "name", "email", "picture"];

/// `GET /v1/provider/uri?client_id&provider_id&redirect_uri&state&scope&response_type&other_params[k]=`
/// → `{uri}`: the authorize URL of the fake provider on this emulator.
pub async fn uri(headers: HeaderMap, Query(q): Query<Params>) -> ApiResult<Json<Value>> {
    let env = env(&q);
    let provider = provider(param(&q, "provider_id")?.unwrap_or_default())?;
    let redirect = match param(&q, "redirect_uri")? {
        Some(r) => r,
        None => param(&q, "provider_redirect_uri")?
            .ok_or_else(|| ApiError::invalid("redirect_uri is required"))?,
    };
    check_redirect_uri(redirect)?;
    if let Some(rt) = param(&q, "response_type")? {
        if rt != "code" {
            return Err(ApiError::invalid(format!(
                "unsupported response_type {rt:?}: the fake provider answers \"code\""
            )));
        }
    }
    let mut pairs: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", &env),
        ("provider_id", provider.id),
        ("redirect_uri", redirect),
    ];
    for key in ["state", "scope"] {
        if let Some(v) = param(&q, key)? {
            pairs.push((key, v));
        }
    }
    let extra: Vec<(&str, String)> = PASSED_THROUGH
        .iter()
        .map(|k| (*k, format!("other_params[{k}]")))
        .collect();
    for (k, name) in &extra {
        if let Some(v) = param(&q, name)? {
            pairs.push((k, v));
        }
    }
    let uri = with_query(&format!("{}{AUTHORIZE_PATH}", origin(&headers)), &pairs);
    Ok(Json(json!({ "uri": uri })))
}

/// The identity asked for on the authorize page: subject from `login_hint`, optional `name`,
/// `email` and `picture`.
fn profile(
    provider: &FakeProvider,
    sub: &str,
    name: Option<&str>,
    email: Option<&str>,
    picture: Option<&str>,
) -> ApiResult<Profile> {
    let sub_ok = (1..=64).contains(&sub.len())
        && sub
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._@+-".contains(&b));
    if !sub_ok {
        return Err(ApiError::invalid(format!(
            "invalid login_hint {sub:?}: 1-64 letters, digits or ._@+-"
        )));
    }
    let email = match email {
        Some(e) => validate::email(e)?,
        None if sub.contains('@') => validate::email(sub)?,
        None => String::new(),
    };
    let name = match name {
        Some(n) if n.chars().count() > 64 => {
            return Err(ApiError::invalid("name may not exceed 64 characters"));
        }
        Some(n) => n.trim().to_string(),
        None => sub.split('@').next().unwrap_or(sub).to_string(),
    };
    Ok(Profile {
        provider_id: provider.id.into(),
        sub: sub.into(),
        name,
        email,
        picture: picture.unwrap_or_default().into(),
    })
}

/// Stores a single-use authorization code for an identity and a redirect URI.
fn issue_code(st: &AppState, env: &str, redirect_uri: &str, p: &Profile) -> ApiResult<String> {
    let code = ids::hex_id(16);
    let now = st.now_ms();
    let db = st.db();
    db.prepare_cached("DELETE FROM oauth_codes WHERE expires_at<=?1")?
        .execute(params![now])?;
    db.prepare_cached(
        "INSERT INTO oauth_codes (env, code, provider_id, sub, name, email, picture, redirect_uri, expires_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?
    .execute(params![
        env,
        code,
        p.provider_id,
        p.sub,
        p.name,
        p.email,
        p.picture,
        redirect_key(redirect_uri),
        now + CODE_TTL_SECS * 1000
    ])?;
    Ok(code)
}

/// Escapes text for HTML.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The sign-in form of the authorize page: it submits to the page again with a `login_hint`.
fn form(provider: &FakeProvider, q: &Params, cancel: &str) -> String {
    let mut keys: Vec<&String> = q
        .keys()
        .filter(|k| !PASSED_THROUGH.contains(&k.as_str()))
        .collect();
    keys.sort();
    let hidden: String = keys
        .iter()
        .map(|k| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                html_escape(k),
                html_escape(&q[*k])
            )
        })
        .collect();
    let name = html_escape(provider.name);
    format!(
        "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">
<title>Sign in with {name}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0}}input{{display:block;width:100%;padding:.4rem;box-sizing:border-box}}
button{{padding:.5rem 1.2rem;margin-right:1rem}}</style></head>
<body><h1>Sign in with {name}</h1>
<p>The fake identity provider of the CloudBase auth emulator: any identity is accepted.</p>
<form method=\"get\" action=\"{AUTHORIZE_PATH}\">{hidden}
<label>Subject (the provider's user id)<input name=\"login_hint\" value=\"{DEFAULT_SUBJECT}\" required maxlength=\"64\" pattern=\"[A-Za-z0-9._@+\\-]+\"></label>
<label>Name<input name=\"name\" maxlength=\"64\" placeholder=\"the subject\"></label>
<label>Email<input name=\"email\" type=\"email\" placeholder=\"none\"></label>
<button type=\"submit\">Continue</button><a href=\"{}\">Cancel</a>
</form></body></html>
",
        html_escape(cancel)
    )
}

/// `GET /emulator/v1/oauth/authorize?client_id&provider_id&redirect_uri&state&scope&login_hint&prompt&name&email&picture`:
/// the fake provider's authorize page. With a `login_hint` (or `prompt=none`, for the identity
/// `fake-user`) it redirects (302) to `redirect_uri?code=&state=`; otherwise it answers a form
/// to pick the identity. Errors are JSON, before any redirect.
pub async fn authorize(State(st): State<AppState>, Query(q): Query<Params>) -> ApiResult<Response> {
    let env = env(&q);
    let provider = provider(param(&q, "provider_id")?.unwrap_or_default())?;
    let redirect = required(&q, "redirect_uri")?;
    check_redirect_uri(redirect)?;
    if let Some(rt) = param(&q, "response_type")? {
        if rt != "code" {
            return Err(ApiError::invalid(format!(
                "unsupported response_type {rt:?}: the fake provider answers \"code\""
            )));
        }
    }
    let state = param(&q, "state")?;
    param(&q, "scope")?;
    let (name, email, picture) = (
        param(&q, "name")?,
        param(&q, "email")?,
        param(&q, "picture")?,
    );
    let sub = match (param(&q, "login_hint")?, param(&q, "prompt")?) {
        (Some(hint), _) => hint.trim(),
        (None, Some("none")) => DEFAULT_SUBJECT,
        _ => {
            let mut cancel = vec![("error", "access_denied")];
            cancel.extend(state.map(|s| ("state", s)));
            let page = form(provider, &q, &with_query(redirect, &cancel));
            return Ok(([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response());
        }
    };
    let p = profile(provider, sub, name, email, picture)?;
    let code = issue_code(&st, &env, redirect, &p)?;
    let mut pairs = vec![("code", code.as_str())];
    pairs.extend(state.map(|s| ("state", s)));
    let location = with_query(redirect, &pairs);
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response())
}

#[derive(Deserialize)]
struct GrantReq {
    provider_id: String,
    provider_redirect_uri: Option<String>,
    provider_code: Option<String>,
    provider_access_token: Option<String>,
    provider_id_token: Option<String>,
}

/// Issues a provider token for an identity (inside the caller's transaction).
fn issue_token(db: &Connection, env: &str, now: i64, p: &Profile) -> ApiResult<String> {
    let token = ids::hex_id(24);
    db.prepare_cached("DELETE FROM provider_tokens WHERE expires_at<=?1")?
        .execute(params![now])?;
    db.prepare_cached(
        "INSERT INTO provider_tokens (env, token, provider_id, sub, name, email, picture, expires_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?
    .execute(params![
        env,
        token,
        p.provider_id,
        p.sub,
        p.name,
        p.email,
        p.picture,
        now + PROVIDER_TOKEN_TTL_SECS * 1000
    ])?;
    Ok(token)
}

/// `POST /v1/provider/token` `{provider_id, provider_redirect_uri?, provider_code}` →
/// `{provider_token, expires_in, provider_profile}`. The code is consumed; a wrong, expired or
/// used code, another provider's code, or a redirect URI other than the authorization's is
/// `invalid_grant` (and leaves the code as it was).
pub async fn grant(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Value>> {
    let req: GrantReq = body(&bytes)?;
    let env = env(&q);
    let provider = provider(&req.provider_id)?;
    let Some(code) = req.provider_code.filter(|c| !c.is_empty()) else {
        let other = req.provider_access_token.is_some_and(|t| !t.is_empty())
            || req.provider_id_token.is_some_and(|t| !t.is_empty());
        return Err(ApiError::invalid(if other {
            "the fake provider accepts only provider_code (no access or id tokens)"
        } else {
            "provider_code is required"
        }));
    };
    let now = st.now_ms();
    let mut db = st.db();
    let tx = db.transaction()?;
    let row = tx
        .prepare_cached(
            "SELECT provider_id, sub, name, email, picture, redirect_uri FROM oauth_codes
             WHERE env=?1 AND code=?2 AND expires_at>?3",
        )?
        .query_row(params![env, code, now], |r| {
            Ok((Profile::from_row(r)?, r.get::<_, String>(5)?))
        })
        .optional()?;
    let Some((profile, redirect)) = row else {
        return Err(ApiError::invalid_grant(
            "provider_code is invalid, expired or already used",
        ));
    };
    if profile.provider_id != provider.id {
        return Err(ApiError::invalid_grant(format!(
            "provider_code was issued by provider {:?}",
            profile.provider_id
        )));
    }
    if let Some(r) = req.provider_redirect_uri.filter(|r| !r.is_empty()) {
        if redirect_key(&r) != redirect {
            return Err(ApiError::invalid_grant(
                "provider_redirect_uri does not match the redirect_uri of the authorization",
            ));
        }
    }
    tx.execute(
        "DELETE FROM oauth_codes WHERE env=?1 AND code=?2",
        params![env, code],
    )?;
    let token = issue_token(&tx, &env, now, &profile)?;
    tx.commit()?;
    Ok(Json(json!({
        "provider_token": token,
        "expires_in": PROVIDER_TOKEN_TTL_SECS,
        "provider_profile": profile.to_json(),
    })))
}

#[derive(Deserialize)]
struct PatchReq {
    provider_token: String,
    #[allow(dead_code)]
    provider_params: Option<Map<String, Value>>,
}

/// `PATCH /v1/provider/token` `{provider_token, provider_params?}` →
/// `{provider_token, expires_in, provider_profile}`: the fake provider has nothing to add, so the
/// same live token comes back with its remaining lifetime and profile; nothing is consumed.
pub async fn patch(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Value>> {
    let req: PatchReq = body(&bytes)?;
    let env = env(&q);
    let now = st.now_ms();
    let (profile, expires_at) = live_token(&st.db(), &env, &req.provider_token, now)?;
    let remaining = (expires_at - now + 999) / 1000;
    Ok(Json(json!({
        "provider_token": req.provider_token,
        "expires_in": remaining,
        "provider_profile": profile.to_json(),
    })))
}

/// The error for a provider token that is not live in the environment.
pub fn invalid_provider_token() -> ApiError {
    ApiError::invalid("provider_token is invalid, expired or already used")
}

/// The identity of a live provider token and its expiry (unix ms); `invalid_argument` when the
/// token is empty, unknown, expired or used.
pub fn live_token(db: &Connection, env: &str, token: &str, now: i64) -> ApiResult<(Profile, i64)> {
    if token.is_empty() {
        return Err(ApiError::invalid("provider_token is required"));
    }
    db.prepare_cached(
        "SELECT provider_id, sub, name, email, picture, expires_at FROM provider_tokens
         WHERE env=?1 AND token=?2 AND expires_at>?3",
    )?
    .query_row(params![env, token, now], |r| {
        Ok((Profile::from_row(r)?, r.get(5)?))
    })
    .optional()?
    .ok_or_else(invalid_provider_token)
}

/// Consumes a provider token.
pub fn consume_token(db: &Connection, env: &str, token: &str) -> ApiResult<()> {
    db.prepare_cached("DELETE FROM provider_tokens WHERE env=?1 AND token=?2")?
        .execute(params![env, token])?;
    Ok(())
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
        for ok in ["http://localhost:3000/cb", "https://a.b/", "myapp://cb"] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/cb",
            "cb",
            "javascript:alert(1)",
            "DATA:x",
            "1http://x",
            "http:",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
        assert_eq!(
            html_escape("<a href=\"x\">'&"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }
}
