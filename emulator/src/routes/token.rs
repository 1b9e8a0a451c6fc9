//! `POST /v1/token` (refresh with rotation) and `POST /v1/revoke`.
use super::{Params, body, credentials, env};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{ids, secret, tokens};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::{Credentials, Empty, RefreshRequest, RevokeRequest};
use rusqlite::{OptionalExtension, params};

/// A refresh token's row with its session: session id, rotation time, sealed successor, user,
/// scope, revoked.
type RefreshRow = (String, Option<i64>, Option<String>, String, String, i64);

/// Exchanges a refresh token for new credentials. The refresh token is rotated; a rotated token
/// reused within the grace window answers the successor already issued (two tabs racing stay on
/// one chain), after it the whole session (the token family) is revoked.
#[utoipa::path(
    post,
    path = "/auth/v1/token",
    tag = "auth",
    operation_id = "refreshToken",
    summary = "Refresh the credentials",
    description = "Rotates the refresh token. A rotated token reused within `refresh_grace_secs` still works; later, the whole session is revoked (`invalid_grant`). The environment is `client_id` of the body, else of the query.",
    params(crate::openapi_parts::ClientId),
    request_body(content((RefreshRequest = "application/json"), (RefreshRequest = "text/plain"))),
    responses(
        (status = 200, description = "New credentials", body = Credentials),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn token(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Credentials>> {
    let req: RefreshRequest = body(&bytes)?;
    if req.grant_type != "refresh_token" {
        return Err(ApiError::invalid(format!(
            "unsupported grant_type {:?}",
            req.grant_type
        )));
    }
    let env = req
        .client_id
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| env(&q));
    let rt = req
        .refresh_token
        .ok_or_else(|| ApiError::invalid("refresh_token is required"))?;
    let now = st.now_ms();
    let grace = st.limits().refresh_grace_secs * 1000;
    let key = secret::digest(&rt);
    let mut db = st.db();
    let tx = db.transaction()?;
    let row: Option<RefreshRow> = tx
        .query_row(
            "SELECT r.session_id, r.rotated_at, r.successor, s.user_id, s.scope, s.revoked
             FROM refresh_tokens r JOIN sessions s ON s.env=r.env AND s.id=r.session_id
             WHERE r.env=?1 AND r.token=?2",
            params![env, key],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    let Some((session, rotated_at, successor, user, scope, revoked)) = row else {
        return Err(ApiError::invalid_grant("refresh token is invalid"));
    };
    if revoked != 0 {
        return Err(ApiError::invalid_grant("refresh token is revoked"));
    }
    let reused = rotated_at.map(|at| (at, successor.and_then(|s| secret::open(&rt, &s))));
    let fresh = match reused {
        // Within the grace window (two tabs racing): the successor already issued, so that the
        // session stays one chain.
        Some((at, Some(next))) if now - at <= grace => next,
        Some(_) => {
            tx.execute(
                "UPDATE sessions SET revoked=1 WHERE env=?1 AND id=?2",
                params![env, session],
            )?;
            tx.commit()?;
            tracing::warn!(env = %env, "refresh token reuse: session revoked");
            return Err(ApiError::invalid_grant("refresh token was already used"));
        }
        None => {
            let fresh = ids::hex_id(32);
            tx.execute(
                "UPDATE refresh_tokens SET rotated_at=?3, successor=?4 WHERE env=?1 AND token=?2",
                params![env, key, now, secret::seal(&rt, &fresh)],
            )?;
            tx.execute(
                "INSERT INTO refresh_tokens (env, token, session_id) VALUES (?1,?2,?3)",
                params![env, secret::digest(&fresh), session],
            )?;
            fresh
        }
    };
    tx.commit()?;
    drop(db);
    Ok(Json(credentials(
        &st, &env, &session, &user, &scope, &fresh,
    )))
}

/// Revokes the session of an access token (and so its refresh tokens).
#[utoipa::path(
    post,
    path = "/auth/v1/revoke",
    tag = "auth",
    operation_id = "revoke",
    summary = "Revoke the session of an access token",
    description = "The token goes in the body (no bearer header); an expired token is accepted.",
    params(crate::openapi_parts::ClientId),
    request_body(content((RevokeRequest = "application/json"), (RevokeRequest = "text/plain"))),
    responses(
        (status = 200, description = "Revoked", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn revoke(State(st): State<AppState>, bytes: Bytes) -> ApiResult<Json<Empty>> {
    let req: RevokeRequest = body(&bytes)?;
    let claims = tokens::verify_ignoring_expiry(st.key(), &req.token)
        .map_err(|_| ApiError::invalid("token is invalid"))?;
    st.db()
        .prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND id=?2")?
        .execute(params![claims.aud, claims.sid])?;
    Ok(Json(Empty {}))
}
