//! Identities of third-party providers: sign-in with a provider token, bind, unbind and list,
//! and the endpoints the emulator does not offer.
//!
//! Provider tokens come from the built-in fake providers (`POST /auth/v1/provider/token`, see
//! [`super::oauth`]). An identity (provider id and the provider's user id) is bound to at most one
//! user, and a user has at most one identity per provider. Signing in with an identity that is
//! bound to no user creates a new user; an email address in the profile never links to an
//! existing user (it is copied to the new user only when no user has it).
use super::oauth::{self, Profile};
use super::{Params, authenticate, body, env, new_session};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use cloudbase_auth_wire::{
    Credentials, Empty, Identity, IdentityList, ProviderBind, ProviderSignIn, UserProvider,
};
use rusqlite::{Connection, OptionalExtension, params};

/// The error for a provider token where the emulator takes none (anonymous sign-in).
pub fn unknown_provider_token() -> ApiError {
    ApiError::invalid(
        "provider_token is not accepted here: the emulator signs in with a provider token only at /auth/v1/signin/with/provider",
    )
}

/// `failed_precondition` (9, HTTP 400).
fn failed_precondition(d: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::BAD_REQUEST,
        error: "failed_precondition",
        code: 9,
        description: d.into(),
        retry_after: None,
    }
}

/// The user an identity is bound to, if that user exists.
pub fn bound_user(db: &Connection, env: &str, p: &Profile) -> ApiResult<Option<String>> {
    let user = db
        .prepare_cached(
            "SELECT i.user_id FROM identities i JOIN users u ON u.env=i.env AND u.id=i.user_id
             WHERE i.env=?1 AND i.provider_id=?2 AND i.provider_user_id=?3",
        )?
        .query_row(params![env, p.provider_id, p.sub], |r| r.get(0))
        .optional()?;
    Ok(user)
}

/// Binds an identity to a user (replacing a binding left by a deleted user).
pub fn insert_identity(
    db: &Connection,
    env: &str,
    user: &str,
    p: &Profile,
    now: i64,
) -> ApiResult<()> {
    db.prepare_cached(
        "DELETE FROM identities WHERE env=?1 AND provider_id=?2 AND provider_user_id=?3",
    )?
    .execute(params![env, p.provider_id, p.sub])?;
    db.prepare_cached(
        "INSERT INTO identities (env, provider_id, provider_user_id, user_id, name, email, picture, created_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?
    .execute(params![env, p.provider_id, p.sub, user, p.name, p.email, p.picture, now])?;
    Ok(())
}

/// Creates a user from a provider profile: name and picture, and the email unless another user
/// has it; `created_from` is the provider id.
fn create_user(db: &Connection, env: &str, p: &Profile, now: i64) -> ApiResult<String> {
    let id = ids::hex_id(12);
    let email_taken: bool = !p.email.is_empty()
        && db
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE env=?1 AND email=?2)")?
            .query_row(params![env, p.email], |r| r.get(0))?;
    let email = (!p.email.is_empty() && !email_taken).then_some(&p.email);
    db.prepare_cached(
        "INSERT INTO users (env, id, email, name, picture, created_from, created_at, updated_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?7)",
    )?
    .execute(params![
        env,
        id,
        email,
        p.name,
        p.picture,
        p.provider_id,
        now
    ])?;
    insert_identity(db, env, &id, p, now)?;
    Ok(id)
}

/// `POST /v1/signin/with/provider` `{provider_token, provider_id?}`: consumes the provider token
/// and signs in the user bound to its identity, creating one if none is.
#[utoipa::path(
    post,
    path = "/auth/v1/signin/with/provider",
    tag = "auth",
    operation_id = "signInWithProvider",
    summary = "Sign in with a provider token",
    description = "Consumes a provider token and signs in the user bound to its identity. An identity bound to no user creates one: name and picture from the profile, the email unless another user has it (an email never links to an existing user), `created_from` the provider id. An unknown, expired or used token is `invalid_argument`.",
    params(crate::openapi_parts::ClientId),
    request_body(content((ProviderSignIn = "application/json"), (ProviderSignIn = "text/plain"))),
    responses(
        (status = 200, description = "Signed in", body = Credentials),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn signin(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Credentials>> {
    let req: ProviderSignIn = body(&bytes)?;
    let env = env(&q)?;
    let now = st.now_ms();
    let user = {
        let mut db = st.db();
        let tx = db.transaction()?;
        let (p, _) = oauth::live_token(&tx, &env, &req.provider_token, now)?;
        if let Some(id) = req.provider_id.filter(|id| !id.is_empty()) {
            if id != p.provider_id {
                return Err(ApiError::invalid(format!(
                    "provider_token was issued by provider {:?}, not {id:?}",
                    p.provider_id
                )));
            }
        }
        let user = match bound_user(&tx, &env, &p)? {
            Some(user) => {
                tx.execute(
                    "UPDATE identities SET name=?4, email=?5, picture=?6
                     WHERE env=?1 AND provider_id=?2 AND provider_user_id=?3",
                    params![env, p.provider_id, p.sub, p.name, p.email, p.picture],
                )?;
                user
            }
            None => create_user(&tx, &env, &p, now)?,
        };
        oauth::consume_token(&tx, &env, &req.provider_token)?;
        tx.commit()?;
        user
    };
    Ok(Json(new_session(&st, &env, &user, "user")?))
}

/// `POST /v1/user/provider/bind` `{provider_token}`: binds the token's identity to the signed-in
/// user and consumes the token. `already_exists` when the identity is bound to another user or
/// the user has another identity of that provider; binding again to the same user succeeds.
#[utoipa::path(
    post,
    path = "/auth/v1/user/provider/bind",
    tag = "auth",
    operation_id = "bindProvider",
    summary = "Bind a provider",
    description = "Binds the provider token's identity to the signed-in user and consumes the token. `already_exists` when the identity is bound to another user or the user has another identity of that provider (the token then stays usable); binding again to the same user succeeds. An unknown, expired or used token is `invalid_argument`.",
    request_body(content((ProviderBind = "application/json"), (ProviderBind = "text/plain"))),
    responses(
        (status = 200, description = "Bound", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 409, response = crate::openapi_parts::Conflict),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn bind(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Empty>> {
    let req: ProviderBind = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    let now = st.now_ms();
    let mut db = st.db();
    let tx = db.transaction()?;
    let (p, _) = oauth::live_token(&tx, &c.aud, &req.provider_token, now)?;
    match bound_user(&tx, &c.aud, &p)? {
        Some(user) if user == c.sub => {}
        Some(_) => {
            return Err(ApiError::already_exists(format!(
                "this {} identity is already bound to another user",
                p.provider_id
            )));
        }
        None => {
            let other: Option<String> = tx
                .prepare_cached(
                    "SELECT provider_user_id FROM identities WHERE env=?1 AND user_id=?2 AND provider_id=?3",
                )?
                .query_row(params![c.aud, c.sub, p.provider_id], |r| r.get(0))
                .optional()?;
            if other.is_some() {
                return Err(ApiError::already_exists(format!(
                    "the user already has a {} identity: unbind it first",
                    p.provider_id
                )));
            }
            insert_identity(&tx, &c.aud, &c.sub, &p, now)?;
        }
    }
    oauth::consume_token(&tx, &c.aud, &req.provider_token)?;
    tx.commit()?;
    Ok(Json(Empty {}))
}

/// `DELETE /v1/user/provider/{provider_id}`: unbinds the user's identity of that provider.
/// `not_found` when none is bound; `failed_precondition` when it is the user's only way to sign
/// in (no password, phone, email, other identity, nor custom login).
#[utoipa::path(
    delete,
    path = "/auth/v1/user/provider/{provider_id}",
    tag = "auth",
    operation_id = "unbindProvider",
    summary = "Unbind a provider",
    description = "Unbinds the user's identity of the provider. `not_found` when none is bound; `failed_precondition` when it is the user's only way to sign in (no password, phone, email, other identity, nor custom login).",
    params(("provider_id" = String, Path)),
    responses(
        (status = 200, description = "Unbound", body = Empty),
        (status = 400, response = crate::openapi_parts::FailedPrecondition),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 404, response = crate::openapi_parts::NotFound),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn unbind(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
) -> ApiResult<Json<Empty>> {
    let c = authenticate(&st, &headers)?;
    let db = st.db();
    let bound: bool = db
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM identities WHERE env=?1 AND user_id=?2 AND provider_id=?3)",
        )?
        .query_row(params![c.aud, c.sub, provider_id], |r| r.get(0))?;
    if !bound {
        return Err(ApiError::not_found(format!(
            "provider {provider_id:?} is not bound to this user"
        )));
    }
    let other_way: bool = db
        .prepare_cached(
            "SELECT password_hash IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL
               OR created_from='custom'
               OR EXISTS(SELECT 1 FROM identities WHERE env=?1 AND user_id=?2 AND provider_id<>?3)
             FROM users WHERE env=?1 AND id=?2",
        )?
        .query_row(params![c.aud, c.sub, provider_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    if !other_way {
        return Err(failed_precondition(format!(
            "provider {provider_id:?} is the only way this user can sign in: set a password, phone, email or another identity first"
        )));
    }
    db.prepare_cached("DELETE FROM identities WHERE env=?1 AND user_id=?2 AND provider_id=?3")?
        .execute(params![c.aud, c.sub, provider_id])?;
    Ok(Json(Empty {}))
}

/// `GET /v1/user/provider`: `{total, data: [{id, name, provider_user_name, bind: true}]}`, the
/// identities bound to the user (`name` is the provider's, `provider_user_name` the identity's).
#[utoipa::path(
    get,
    path = "/auth/v1/user/provider",
    tag = "auth",
    operation_id = "getProviders",
    summary = "Providers bound to the user",
    description = "The identities bound to the user, ordered by provider id.",
    responses(
        (status = 200, description = "Bound providers", body = IdentityList),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn list(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Json<IdentityList>> {
    let c = authenticate(&st, &headers)?;
    let db = st.db();
    let mut stmt = db.prepare_cached(
        "SELECT provider_id, name FROM identities WHERE env=?1 AND user_id=?2 ORDER BY provider_id",
    )?;
    let data = stmt
        .query_map(params![c.aud, c.sub], |r| {
            let id: String = r.get(0)?;
            Ok(Identity {
                name: Some(oauth::provider_name(&id).into()),
                id,
                provider_user_name: Some(r.get(1)?),
                bind: Some(true),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(IdentityList {
        total: Some(data.len() as u64),
        data,
    }))
}

/// The `providers` of `GET /v1/user/me`: `[{id, provider_user_id, name}]` for the user's
/// identities (`name` is the identity's).
pub fn user_providers(
    db: &Connection,
    env: &str,
    user: &str,
) -> rusqlite::Result<Vec<UserProvider>> {
    let mut stmt = db.prepare_cached(
        "SELECT provider_id, provider_user_id, name FROM identities WHERE env=?1 AND user_id=?2 ORDER BY provider_id",
    )?;
    stmt.query_map(params![env, user], |r| {
        Ok(UserProvider {
            id: r.get(0)?,
            provider_user_id: Some(r.get(1)?),
            name: Some(r.get(2)?),
        })
    })?
    .collect()
}

/// Endpoints of the service that the emulator does not offer (answered `unimplemented`, 501).
pub const UNAVAILABLE: &[&str] = &[
    "/auth/v1/signin/wechat/noauth",
    "/auth/v1/plugin/weda/userinfo",
    "/auth/v1/qrcode/generate",
    "/auth/v1/qrcode/get/status",
    "/auth/v1/device/code",
    "/auth/v1/user/device/authorize",
    "/auth/v1/user/authorize",
    "/auth/v1/user/authorize/info",
    "/auth/v1/user/authorized/devices/{id}",
    "/auth/v1/user/revoke/all",
    "/auth/v1/user/security/history",
    "/auth/v1/user/profile",
    "/auth/v1/user/query",
    "/auth/v1/user/provider/{provider_id}/trans",
    "/auth/v1/user/trans/by/provider",
    "/auth/v1/checkUsername",
    "/auth/v1/captcha/data",
    "/auth/v1/captcha/data/verify",
    "/auth/v1/mgr/provider/providerSubType",
    "/auth/v2/signin/verificationcode",
    "/auth/v2/signin/publichkey",
    "/auth/v2/signin/username",
    "/auth/v2/signin/with/provider",
    "/auth/v2/signin/password/update",
    "/auth/v2/token",
    "/auth/v2/user/me",
];

/// Answers `unimplemented` for an endpoint of [`UNAVAILABLE`].
pub async fn unavailable(method: Method, uri: Uri) -> ApiError {
    ApiError::unimplemented(format!(
        "{method} {} is not available in the emulator",
        uri.path()
    ))
}
