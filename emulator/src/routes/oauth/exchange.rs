//! The code exchange (`POST`/`PATCH /auth/v1/provider/token`) and the provider tokens it issues.
use super::redirect::redirect_key;
use super::{PROVIDER_TOKEN_TTL_SECS, Profile, provider};
use crate::error::{ApiError, ApiResult};
use crate::routes::{Params, body, env};
use crate::state::AppState;
use crate::{ids, secret};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::{ProviderToken, ProviderTokenGrant, ProviderTokenPatch};
use rusqlite::{Connection, OptionalExtension, params};

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
        secret::digest(&token),
        p.provider_id,
        p.sub,
        p.name,
        p.email,
        p.picture,
        now + PROVIDER_TOKEN_TTL_SECS * 1000
    ])?;
    Ok(token)
}

/// `POST /v1/provider/token` `{provider_id, provider_redirect_uri, provider_code}` →
/// `{provider_token, expires_in, provider_profile}`. The code is consumed; a wrong, expired or
/// used code, another provider's code, or a redirect URI other than the authorization's is
/// `invalid_grant` (and leaves the code as it was).
#[utoipa::path(
    post,
    path = "/auth/v1/provider/token",
    tag = "auth",
    operation_id = "grantProviderToken",
    summary = "Provider token from an OAuth code",
    description = "Exchanges the `code` of the fake provider's redirect for a provider token (single use, valid 10 minutes) and the identity's profile. The code is consumed; a failed exchange leaves it as it was.",
    params(crate::openapi_parts::ClientId),
    request_body(content((ProviderTokenGrant = "application/json"), (ProviderTokenGrant = "text/plain"))),
    responses(
        (status = 200, description = "Provider token", body = ProviderToken),
        (status = 400, response = crate::openapi_parts::BadGrant),
        (status = 404, response = crate::openapi_parts::NotFound),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn grant(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<ProviderToken>> {
    let req: ProviderTokenGrant = body(&bytes)?;
    let env = env(&q)?;
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
    let redirect_uri = req
        .provider_redirect_uri
        .filter(|r| !r.is_empty())
        .ok_or_else(|| ApiError::invalid("provider_redirect_uri is required"))?;
    let now = st.now_ms();
    let mut db = st.db();
    let tx = db.transaction()?;
    let row = tx
        .prepare_cached(
            "SELECT provider_id, sub, name, email, picture, redirect_uri FROM oauth_codes
             WHERE env=?1 AND code=?2 AND expires_at>?3",
        )?
        .query_row(params![env, secret::digest(&code), now], |r| {
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
    if redirect_key(&redirect_uri) != redirect {
        return Err(ApiError::invalid_grant(
            "provider_redirect_uri does not match the redirect_uri of the authorization",
        ));
    }
    tx.execute(
        "DELETE FROM oauth_codes WHERE env=?1 AND code=?2",
        params![env, secret::digest(&code)],
    )?;
    let token = issue_token(&tx, &env, now, &profile)?;
    tx.commit()?;
    Ok(Json(ProviderToken {
        provider_token: token,
        expires_in: Some(PROVIDER_TOKEN_TTL_SECS),
        provider_profile: Some(profile.to_wire()),
    }))
}

/// `PATCH /v1/provider/token` `{provider_token, provider_params?}` →
/// `{provider_token, expires_in, provider_profile}`: the fake provider has nothing to add, so the
/// same live token comes back with its remaining lifetime and profile; nothing is consumed.
#[utoipa::path(
    patch,
    path = "/auth/v1/provider/token",
    tag = "auth",
    operation_id = "patchProviderToken",
    summary = "Complete a provider token",
    description = "The fake providers have nothing to add: answers the same live token with its remaining lifetime and profile, consuming nothing. An unknown, expired or used token is `invalid_argument`.",
    params(crate::openapi_parts::ClientId),
    request_body(content((ProviderTokenPatch = "application/json"), (ProviderTokenPatch = "text/plain"))),
    responses(
        (status = 200, description = "Provider token", body = ProviderToken),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn patch(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<ProviderToken>> {
    let req: ProviderTokenPatch = body(&bytes)?;
    let env = env(&q)?;
    let now = st.now_ms();
    let (profile, expires_at) = live_token(&st.db(), &env, &req.provider_token, now)?;
    let remaining = (expires_at - now + 999) / 1000;
    Ok(Json(ProviderToken {
        provider_token: req.provider_token,
        expires_in: Some(remaining),
        provider_profile: Some(profile.to_wire()),
    }))
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
    .query_row(params![env, secret::digest(token), now], |r| {
        Ok((Profile::from_row(r)?, r.get(5)?))
    })
    .optional()?
    .ok_or_else(invalid_provider_token)
}

/// Consumes a provider token.
pub fn consume_token(db: &Connection, env: &str, token: &str) -> ApiResult<()> {
    db.prepare_cached("DELETE FROM provider_tokens WHERE env=?1 AND token=?2")?
        .execute(params![env, secret::digest(token)])?;
    Ok(())
}
