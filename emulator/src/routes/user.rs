//! Bearer endpoints under `/v1/user`.
use super::{authenticate, body};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use cloudbase_auth_wire::{
    self as wire, SignOutAnswer, SignOutRequest, UserGroup, UserInfo, UsernameExists,
};
use rusqlite::{OptionalExtension, params};

/// Formats unix milliseconds as RFC 3339 (UTC, seconds).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil-from-days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `GET /v1/user/me`.
#[utoipa::path(
    get,
    path = "/auth/v1/user/me",
    tag = "auth",
    operation_id = "getUser",
    summary = "The signed-in user",
    responses(
        (status = 200, description = "The user", body = UserInfo),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn me(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Json<UserInfo>> {
    let c = authenticate(&st, &headers)?;
    let db = st.db();
    let row = db
        .prepare_cached(
            "SELECT name, picture, username, email, phone, gender, created_from, created_at, updated_at, password_hash IS NOT NULL, locale
             FROM users WHERE env=?1 AND id=?2",
        )?
        .query_row(params![c.aud, c.sub], |r| {
            let email: Option<String> = r.get(3)?;
            Ok(UserInfo {
                sub: c.sub.clone(),
                name: Some(r.get(0)?),
                picture: Some(r.get(1)?),
                username: Some(r.get::<_, Option<String>>(2)?.unwrap_or_default()),
                email_verified: Some(email.is_some()),
                email: Some(email.unwrap_or_default()),
                phone_number: Some(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
                gender: Some(r.get(5)?),
                locale: Some(r.get(10)?),
                groups: Some(vec![UserGroup {
                    id: "user".into(),
                    expires_at: None,
                }]),
                created_from: Some(r.get(6)?),
                created_at: Some(rfc3339(r.get(7)?)),
                updated_at: Some(rfc3339(r.get(8)?)),
                password: r.get::<_, bool>(9)?.then(|| "SET".into()),
                ..UserInfo::default()
            })
        })
        .optional()?;
    let Some(mut user) = row else {
        return Err(ApiError::unauthenticated("user no longer exists"));
    };
    user.providers = Some(super::provider::user_providers(&db, &c.aud, &c.sub)?);
    Ok(Json(user))
}

/// `POST /v1/user/signout`: revokes the session; a `redirect_uri` is answered back only if the
/// OAuth flow would redirect to it (else `invalid_argument`, the session revoked all the same).
#[utoipa::path(
    post,
    path = "/auth/v1/user/signout",
    tag = "auth",
    operation_id = "signOut",
    summary = "Sign out",
    description = "Revokes the session of the bearer token and answers `redirect_uri` (empty for none). A `redirect_uri` must be one the OAuth flow accepts (an http(s) URL of this machine or of an origin allowed with `--redirect-origin`); any other is `invalid_argument` (the session is revoked all the same: the SDK forgets it whatever the answer).",
    request_body(content((SignOutRequest = "application/json"), (SignOutRequest = "text/plain"))),
    responses(
        (status = 200, description = "Signed out", body = SignOutAnswer),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn signout(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<SignOutAnswer>> {
    let req: SignOutRequest = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    // The session ends whatever else is wrong with the request: the SDK forgets it anyway.
    st.db()
        .prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND id=?2")?
        .execute(params![c.aud, c.sid])?;
    // Answered to the page to go to: only where the OAuth flow may send a user (never
    // `javascript:` or another site).
    let redirect_uri = req.redirect_uri.unwrap_or_default();
    if !redirect_uri.is_empty() {
        super::oauth::redirect::check_redirect_uri(&st, &redirect_uri)?;
    }
    Ok(Json(SignOutAnswer {
        redirect_uri: Some(redirect_uri),
    }))
}

/// `GET /v1/checkIfUserExist?username=`: `{exist}`.
#[utoipa::path(
    get,
    path = "/auth/v1/checkIfUserExist",
    tag = "auth",
    operation_id = "checkIfUserExist",
    summary = "Whether a username is taken",
    params(crate::openapi_parts::ClientId, ("username" = String, Query, min_length = 1)),
    responses(
        (status = 200, description = "Answer", body = UsernameExists),
        (status = 400, response = crate::openapi_parts::BadRequest),
    ),
)]
pub async fn exists(
    State(st): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<super::Params>,
) -> ApiResult<Json<UsernameExists>> {
    let env = super::env(&q)?;
    let name = q
        .get("username")
        .map(String::as_str)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::invalid("username is required"))?;
    let exist: bool = st
        .db()
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE env=?1 AND username=?2)")?
        .query_row(params![env, name], |r| r.get(0))?;
    Ok(Json(UsernameExists { exist }))
}

/// `GET /v1/certs`: the JWK set of the key that signs access tokens.
#[utoipa::path(
    get,
    path = "/auth/v1/certs",
    tag = "auth",
    operation_id = "certs",
    summary = "Public key of the access tokens",
    description = "A JWK set with the ES256 key that signs access tokens (`kid` `emulator-es256`); a new key per emulator start.",
    responses((status = 200, description = "Key set", body = wire::KeySet)),
)]
pub async fn certs(State(st): State<AppState>) -> Json<wire::KeySet> {
    Json(crate::tokens::jwks(st.key()))
}
