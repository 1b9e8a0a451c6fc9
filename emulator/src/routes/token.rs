//! `POST /v1/token` (refresh with rotation) and `POST /v1/revoke`.
use super::{Params, body, credentials, env};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{ids, secret, store, tokens};
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
    let env = match req.client_id.filter(|c| !c.is_empty()) {
        Some(id) => super::check_env(&id)?,
        None => env(&q)?,
    };
    let rt = req
        .refresh_token
        .ok_or_else(|| ApiError::invalid("refresh_token is required"))?;
    let now = st.now_ms();
    let grace = st.limit(|l| l.refresh_grace_secs) * 1000;
    let key = secret::digest(&rt);
    let outcome = store::transaction(&st.db(), |db| rotate(db, &env, &rt, &key, now, grace))?;
    let (session, user, scope, fresh) = match outcome {
        Rotation::Issued {
            session,
            user,
            scope,
            fresh,
        } => (session, user, scope, fresh),
        Rotation::Unknown => return Err(ApiError::invalid_grant("refresh token is invalid")),
        Rotation::Revoked => return Err(ApiError::invalid_grant("refresh token is revoked")),
        Rotation::Reused => {
            tracing::warn!(?env, "refresh token reuse: session revoked");
            return Err(ApiError::invalid_grant("refresh token was already used"));
        }
    };
    Ok(Json(credentials(
        &st, &env, &session, &user, &scope, &fresh,
    )))
}

/// What a refresh token's rotation came to.
enum Rotation {
    /// The next refresh token of the session (new, or the one already issued within the grace
    /// window).
    Issued {
        session: String,
        user: String,
        scope: String,
        fresh: String,
    },
    /// No such refresh token.
    Unknown,
    /// Its session is revoked.
    Revoked,
    /// A rotated token used after the grace window: its session has just been revoked.
    Reused,
}

/// Rotates refresh token `rt` (stored as `key`) inside the caller's transaction, through cached
/// statements: one row read, and for a first use the token marked rotated (with its successor
/// sealed under it) and the successor's row added.
fn rotate(
    db: &rusqlite::Connection,
    env: &str,
    rt: &str,
    key: &str,
    now: i64,
    grace: i64,
) -> rusqlite::Result<Rotation> {
    let row: Option<RefreshRow> = db
        .prepare_cached(
            "SELECT r.session_id, r.rotated_at, r.successor, s.user_id, s.scope, s.revoked
             FROM refresh_tokens r JOIN sessions s ON s.env=r.env AND s.id=r.session_id
             WHERE r.env=?1 AND r.token=?2",
        )?
        .query_row(params![env, key], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((session, rotated_at, successor, user, scope, revoked)) = row else {
        return Ok(Rotation::Unknown);
    };
    if revoked != 0 {
        return Ok(Rotation::Revoked);
    }
    let reused = rotated_at.map(|at| (at, successor.and_then(|s| secret::open(rt, &s))));
    let fresh = match reused {
        // Within the grace window (two tabs racing): the successor already issued, so that the
        // session stays one chain.
        Some((at, Some(next))) if now - at <= grace => next,
        Some(_) => {
            db.prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND id=?2")?
                .execute(params![env, session])?;
            return Ok(Rotation::Reused);
        }
        None => {
            let fresh = ids::hex_id(32);
            db.prepare_cached(
                "UPDATE refresh_tokens SET rotated_at=?3, successor=?4 WHERE env=?1 AND token=?2",
            )?
            .execute(params![env, key, now, secret::seal(rt, &fresh)])?;
            db.prepare_cached(
                "INSERT INTO refresh_tokens (env, token, session_id) VALUES (?1,?2,?3)",
            )?
            .execute(params![env, secret::digest(&fresh), session])?;
            fresh
        }
    };
    Ok(Rotation::Issued {
        session,
        user,
        scope,
        fresh,
    })
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
