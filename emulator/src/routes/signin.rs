//! `POST /v1/signin` and `POST /v1/signin/anonymously`.
use super::{
    ClientIp, Login, Params, body, consume_vtoken, env, find_user, new_session, require_login,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::state::throttle::{Kind, Reservation};
use crate::{ids, password, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::{AnonymousSignIn, Credentials, SignIn};
use rusqlite::params;

/// Normalises a login name: a phone ("+CC ...", or digits alone for a mainland number), an
/// email, or a username (never all digits).
fn login_name(raw: &str) -> ApiResult<String> {
    let digits = !raw.trim().is_empty() && raw.trim().bytes().all(|b| b.is_ascii_digit());
    if raw.starts_with('+') {
        validate::phone(raw)
    } else if digits {
        Ok(validate::phone(raw).unwrap_or_else(|_| raw.trim().to_string()))
    } else if raw.contains('@') {
        validate::email(raw)
    } else {
        Ok(raw.trim().to_string())
    }
}

/// The per-minute limit of `kind` per address.
fn limit_of(st: &AppState, kind: Kind) -> i64 {
    let lim = st.limits();
    match kind {
        Kind::Anonymous => lim.anonymous_signins_per_minute,
        Kind::WrongPassword => lim.wrong_passwords_per_minute,
        Kind::Code => lim.codes_per_minute,
    }
}

/// Refuses a request of `kind` from `ip` once its per-minute limit is reached (counts nothing).
pub(super) fn throttle(st: &AppState, kind: Kind, ip: std::net::IpAddr) -> ApiResult<()> {
    st.throttles()
        .check(kind, ip, limit_of(st, kind), st.now_ms())
        .map_err(ApiError::rate_limited)
}

/// Counts a request of `kind` from `ip`, or refuses it (`resource_exhausted`) when the
/// per-minute limit is reached: check and count are one step, so parallel requests cannot all
/// pass.
pub(super) fn reserve(st: &AppState, kind: Kind, ip: std::net::IpAddr) -> ApiResult<Reservation> {
    st.throttles()
        .reserve(kind, ip, limit_of(st, kind), st.now_ms())
        .map_err(ApiError::rate_limited)
}

/// Checks `pw` against the stored `hash`; a wrong password counts towards `ip`'s
/// `wrong_passwords_per_minute` and is `invalid_password`. The attempt is counted before the
/// (slow) hash and given back when the password is right, so that parallel guesses cannot
/// outrun the limit: once it is reached, this is `resource_exhausted` without hashing. (Right
/// passwords still being hashed count too: more parallel sign-ins from one address than the
/// limit are refused until they are done.)
pub(super) async fn check_password(
    st: &AppState,
    ip: std::net::IpAddr,
    pw: String,
    hash: String,
) -> ApiResult<()> {
    let attempt = reserve(st, Kind::WrongPassword, ip)?;
    match password::verify(st, pw, hash).await {
        Ok(false) => Err(ApiError::invalid_password("password is incorrect")),
        // A right password, or a failure to check it, is no wrong guess.
        right_or_failed => {
            st.throttles().release(attempt);
            right_or_failed?;
            Ok(())
        }
    }
}

/// Signs in with a password or a verification token. Password sign-ins are refused
/// (`resource_exhausted`) from an address that gave `wrong_passwords_per_minute` wrong
/// passwords in the current minute.
#[utoipa::path(
    post,
    path = "/auth/v1/signin",
    tag = "auth",
    operation_id = "signIn",
    summary = "Sign in with a password or a verification token",
    description = "`username` is a username, an email or a \"+CC digits\" phone.",
    params(crate::openapi_parts::ClientId),
    request_body(content((SignIn = "application/json"), (SignIn = "text/plain"))),
    responses(
        (status = 200, description = "Signed in", body = Credentials),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::LoginDisabled),
        (status = 404, response = crate::openapi_parts::NotFound),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 429, response = crate::openapi_parts::Throttled),
    ),
)]
pub async fn signin(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Credentials>> {
    let req: SignIn = body(&bytes)?;
    let env = env(&q)?;
    let login = login_name(&req.username)?;
    if login.is_empty() {
        return Err(ApiError::invalid("username is required"));
    }
    // A verification token is bound to a phone or email; for a username it cannot match anyway.
    let method = match (&req.password, &req.verification_token) {
        (Some(_), None) => Some(Login::Password),
        (None, Some(_)) if login.starts_with('+') => Some(Login::Sms),
        (None, Some(_)) if login.contains('@') => Some(Login::Email),
        (None, Some(_)) => None,
        _ => {
            return Err(ApiError::invalid(
                "give either password or verification_token",
            ));
        }
    };
    if let Some(m) = method {
        require_login(&st, m)?;
    }
    let user = find_user(&st, &env, &login)?;
    match (req.password, req.verification_token) {
        (Some(pw), None) => {
            throttle(&st, Kind::WrongPassword, ip)?;
            let Some((id, hash)) = user else {
                return Err(ApiError::not_found("user not found"));
            };
            let Some(hash) = hash else {
                return Err(ApiError::invalid_password("password is not set"));
            };
            check_password(&st, ip, pw, hash).await?;
            Ok(Json(new_session(&st, &env, &id, "user")?))
        }
        (None, Some(tok)) => {
            let Some((id, _)) = user else {
                return Err(ApiError::not_found("user not found"));
            };
            consume_vtoken(&st, &env, &tok, Some(&login))?;
            Ok(Json(new_session(&st, &env, &id, "user")?))
        }
        _ => Err(ApiError::invalid(
            "give either password or verification_token",
        )),
    }
}

/// Creates an anonymous user and signs it in; at most `anonymous_signins_per_minute` per
/// address.
#[utoipa::path(
    post,
    path = "/auth/v1/signin/anonymously",
    tag = "auth",
    operation_id = "signInAnonymously",
    summary = "Sign in anonymously",
    description = "Creates an anonymous user (scope `anonymous`). A `provider_token` is refused: the emulator issues none.",
    params(crate::openapi_parts::ClientId),
    request_body(content((AnonymousSignIn = "application/json"), (AnonymousSignIn = "text/plain"))),
    responses(
        (status = 200, description = "Signed in", body = Credentials),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::LoginDisabled),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 429, response = crate::openapi_parts::Throttled),
    ),
)]
pub async fn anonymously(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Credentials>> {
    let req: AnonymousSignIn = body(&bytes)?;
    require_login(&st, Login::Anonymous)?;
    if req.provider_token.is_some_and(|t| !t.is_empty()) {
        return Err(super::provider::unknown_provider_token());
    }
    let env = env(&q)?;
    reserve(&st, Kind::Anonymous, ip)?;
    let id = ids::hex_id(12);
    let now = st.now_ms();
    st.db()
        .prepare_cached(
            "INSERT INTO users (env, id, name, created_from, anonymous, created_at, updated_at) VALUES (?1,?2,'anonymous','anonymous',1,?3,?3)",
        )?
        .execute(params![env, id, now])?;
    Ok(Json(new_session(&st, &env, &id, "anonymous")?))
}
