//! HTTP handlers and their shared helpers.
pub mod account;
pub mod config;
pub mod custom;
pub mod dev;
pub mod oauth;
pub mod provider;
pub mod signin;
pub mod signup;
pub mod token;
pub mod user;
pub mod verification;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::tokens::{self, Claims};
use axum::http::HeaderMap;
use cloudbase_auth_wire::Credentials;
use rusqlite::{OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::net::IpAddr;

/// Query parameters.
pub type Params = HashMap<String, String>;

/// The address a request came from: the peer of the connection, or with
/// `--trust-forwarded-headers` the last address of `X-Forwarded-For`, the one the trusted proxy
/// appended (the ones before it are whatever the client sent); unspecified when unknown (a
/// server started without connection info).
pub struct ClientIp(pub IpAddr);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        st: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = st
            .options()
            .trust_forwarded_headers
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(
            forwarded
                .or(peer)
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

/// Longest string accepted anywhere in a request body, in characters.
pub const MAX_STRING: usize = 4096;

/// Parses a JSON body whatever the content type; empty means `{}`. The body must be an object,
/// and no string in it (key or value) may hold a control character other than tab, line feed
/// and carriage return, or exceed [`MAX_STRING`].
pub fn body<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::invalid(format!("invalid request body: {e}")))?;
    if !value.is_object() {
        return Err(ApiError::invalid(
            "invalid request body: expected a JSON object",
        ));
    }
    check_strings(&value)?;
    serde_json::from_value(value)
        .map_err(|e| ApiError::invalid(format!("invalid request body: {e}")))
}

/// Refuses control characters and overlong strings anywhere in a JSON value.
fn check_strings(v: &Value) -> ApiResult<()> {
    let check = |s: &str| {
        if s.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            Err(ApiError::invalid(
                "invalid request body: strings may not contain control characters",
            ))
        } else if s.chars().nth(MAX_STRING).is_some() {
            Err(ApiError::invalid(format!(
                "invalid request body: strings may not exceed {MAX_STRING} characters"
            )))
        } else {
            Ok(())
        }
    };
    match v {
        Value::String(s) => check(s),
        Value::Array(a) => a.iter().try_for_each(check_strings),
        Value::Object(o) => o.iter().try_for_each(|(k, v)| {
            check(k)?;
            check_strings(v)
        }),
        _ => Ok(()),
    }
}

/// Longest accepted environment id (`client_id`), in characters.
pub const MAX_ENV: usize = 64;

/// The environment of a non-bearer call (`client_id` query; `default` when missing or empty),
/// checked by [`check_env`].
pub fn env(q: &Params) -> ApiResult<String> {
    match q.get("client_id").filter(|s| !s.is_empty()) {
        Some(id) => check_env(id),
        None => Ok("default".into()),
    }
}

/// Checks an environment id: 1 to [`MAX_ENV`] ASCII letters, digits, `-` and `_` (CloudBase env
/// ids are `name-suffix`, e.g. `test-env-1a2b3c`); anything else is `invalid_argument`. Every
/// row carries its environment, so an unbounded one would let any page fill the database.
pub fn check_env(id: &str) -> ApiResult<String> {
    let ok = (1..=MAX_ENV).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(id.to_string())
    } else {
        Err(ApiError::invalid(format!(
            "client_id must be 1 to {MAX_ENV} characters of A-Z, a-z, 0-9, - and _"
        )))
    }
}

/// A login method that the config can switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    /// A code sent to a phone.
    Sms,
    /// A code sent to an email address.
    Email,
    /// A password.
    Password,
    /// Anonymous.
    Anonymous,
}

impl Login {
    /// The login method of a verification channel (`sms` or `email`).
    pub fn of_channel(channel: &str) -> Self {
        if channel == "sms" {
            Self::Sms
        } else {
            Self::Email
        }
    }
}

/// Fails with `login_type_disabled` when the config has switched the method off.
pub fn require_login(state: &AppState, method: Login) -> ApiResult<()> {
    let lim = state.limits();
    let (on, what, key) = match method {
        Login::Sms => (lim.sms_login, "SMS code login", "sms_login"),
        Login::Email => (lim.email_login, "email code login", "email_login"),
        Login::Password => (lim.password_login, "password login", "password_login"),
        Login::Anonymous => (lim.anonymous_login, "anonymous login", "anonymous_login"),
    };
    if on {
        Ok(())
    } else {
        Err(ApiError::login_disabled(format!(
            "{what} is disabled in this environment (emulator config `{key}`)"
        )))
    }
}

/// Extracts a bearer token, if any.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (kind, tok) = v.split_once(' ')?;
    kind.eq_ignore_ascii_case("bearer")
        .then(|| tok.trim().to_string())
}

/// Authenticates a bearer call: valid signature, not expired, session not revoked, user exists.
pub fn authenticate(state: &AppState, headers: &HeaderMap) -> ApiResult<Claims> {
    let tok = bearer(headers).ok_or_else(|| ApiError::unauthenticated("missing access token"))?;
    let claims = tokens::verify(state.key(), &tok, state.now_ms() / 1000)?;
    let db = state.db();
    let revoked: Option<i64> = db
        .prepare_cached("SELECT revoked FROM sessions WHERE env=?1 AND id=?2")?
        .query_row(params![claims.aud, claims.sid], |r| r.get(0))
        .optional()?;
    match revoked {
        Some(0) => Ok(claims),
        _ => Err(ApiError::unauthenticated("access token revoked")),
    }
}

/// Issues a new access token for a session and returns the credentials.
pub fn credentials(
    state: &AppState,
    env: &str,
    session: &str,
    user: &str,
    scope: &str,
    refresh: &str,
) -> Credentials {
    let now = state.now_ms() / 1000;
    let ttl = state.limits().access_ttl_secs;
    let claims = Claims {
        iss: format!("https://{env}.api.tcloudbasegateway.com"),
        sub: user.into(),
        aud: env.into(),
        exp: now + ttl,
        iat: now,
        scope: scope.into(),
        project_id: env.into(),
        user_id: user.into(),
        groups: vec!["user".into()],
        sid: session.into(),
        jti: crate::ids::hex_id(8),
    };
    Credentials {
        token_type: Some("Bearer".into()),
        access_token: tokens::sign(state.key(), &claims),
        refresh_token: Some(refresh.into()),
        expires_in: Some(ttl),
        scope: Some(scope.into()),
        sub: Some(user.into()),
        groups: Some(vec!["user".into()]),
        id_token: None,
        expires_at: None,
    }
}

/// Starts a session for a user and returns its credentials.
pub fn new_session(state: &AppState, env: &str, user: &str, scope: &str) -> ApiResult<Credentials> {
    let session = crate::ids::hex_id(16);
    let refresh = crate::ids::hex_id(32);
    let db = state.db();
    db.prepare_cached("INSERT INTO sessions (env, id, user_id, scope) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![env, session, user, scope])?;
    db.prepare_cached("INSERT INTO refresh_tokens (env, token, session_id) VALUES (?1, ?2, ?3)")?
        .execute(params![env, crate::secret::digest(&refresh), session])?;
    drop(db);
    Ok(credentials(state, env, &session, user, scope, &refresh))
}

/// Reads a verification token: `(address, expires_at, used)`.
pub fn read_vtoken(
    db: &rusqlite::Connection,
    env: &str,
    token: &str,
) -> ApiResult<Option<(String, i64, i64)>> {
    Ok(db
        .prepare_cached("SELECT to_addr, expires_at, used FROM vtokens WHERE env=?1 AND token=?2")?
        .query_row(params![env, crate::secret::digest(token)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

/// Checks a verification token read by [`read_vtoken`] and returns its address: unknown is
/// `invalid_argument`, used is `failed_precondition`, expired is `invalid_verification_code`,
/// and one issued for another address than `addr` is `invalid_argument`.
pub fn check_vtoken(
    row: Option<(String, i64, i64)>,
    now: i64,
    addr: Option<&str>,
) -> ApiResult<String> {
    let Some((to, exp, used)) = row else {
        return Err(ApiError::invalid("verification_token is invalid"));
    };
    if used != 0 {
        return Err(ApiError::code_used_up("verification_token already used"));
    }
    if exp <= now {
        return Err(ApiError::code_expired("verification_token expired"));
    }
    if addr.is_some_and(|a| a != to) {
        return Err(ApiError::invalid(
            "verification_token was issued for another phone or email",
        ));
    }
    Ok(to)
}

/// Consumes a verification token bound to `addr` (single use, unexpired).
pub fn consume_vtoken(
    state: &AppState,
    env: &str,
    token: &str,
    addr: Option<&str>,
) -> ApiResult<String> {
    let db = state.db();
    let to = check_vtoken(read_vtoken(&db, env, token)?, state.now_ms(), addr)?;
    db.prepare_cached("UPDATE vtokens SET used=1 WHERE env=?1 AND token=?2")?
        .execute(params![env, crate::secret::digest(token)])?;
    Ok(to)
}

/// Checks a verification token without consuming it; returns its address.
pub fn peek_vtoken(state: &AppState, env: &str, token: &str) -> ApiResult<String> {
    let db = state.db();
    check_vtoken(read_vtoken(&db, env, token)?, state.now_ms(), None)
}

/// Finds a user id by phone, email or username.
pub fn find_user(
    state: &AppState,
    env: &str,
    login: &str,
) -> ApiResult<Option<(String, Option<String>)>> {
    let db = state.db();
    let row = db
        .prepare_cached(
            // Written as three indexed lookups: `env=?1 AND (a OR b OR c)` would scan the whole env.
            "SELECT id, password_hash FROM users WHERE (env=?1 AND phone=?2) OR (env=?1 AND email=?3) OR (env=?1 AND username=?2)",
        )?
        .query_row(params![env, login, login.to_ascii_lowercase()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row)
}
