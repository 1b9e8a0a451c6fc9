//! Custom login: `POST /v1/signin/custom` with tickets from the dev API
//! (`POST /emulator/v1/tickets`), standing in for the tickets an app server signs.
use super::{Params, body, env, new_session};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::{Credentials, CustomSignIn};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// Lifetime of a ticket, seconds.
pub const TICKET_TTL_SECS: i64 = 300;

/// Custom user ids: 4-32 characters of ASCII letters, digits and `_-#@(){}[]:.,<>+~`, as
/// CloudBase accepts them.
pub fn check_uid(uid: &str) -> ApiResult<()> {
    let ok = (4..=32).contains(&uid.len())
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-#@(){}[]:.,<>+~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "invalid uid: 4-32 letters, digits or _-#@(){}[]:.,<>+~",
        ))
    }
}

/// Creates the custom user `uid` unless it exists.
fn ensure_user(st: &AppState, env: &str, uid: &str) -> ApiResult<()> {
    let now = st.now_ms();
    st.db()
        .prepare_cached(
            "INSERT OR IGNORE INTO users (env, id, created_from, created_at, updated_at) VALUES (?1,?2,'custom',?3,?3)",
        )?
        .execute(params![env, uid, now])?;
    Ok(())
}

/// The dev API's ticket request: `{uid}`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TicketRequest {
    uid: String,
}

/// The dev API's ticket: `{ticket, expires_in}`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Ticket {
    /// Signs in once at `POST /auth/v1/signin/custom`.
    pub ticket: String,
    /// Lifetime, seconds.
    pub expires_in: i64,
}

/// `POST /emulator/v1/tickets?client_id=` `{uid}` → `{ticket, expires_in}`: a single-use ticket
/// for `uid`, valid 5 minutes; creates the user `uid` if missing.
#[utoipa::path(
    post,
    path = "/emulator/v1/tickets",
    tag = "emulator",
    operation_id = "issueTicket",
    summary = "Issue a custom login ticket",
    description = "A single-use ticket for `POST /auth/v1/signin/custom`, valid 5 minutes. Creates the user `uid` (its `sub`) if missing.",
    params(crate::openapi_parts::ClientId),
    request_body(content((TicketRequest = "application/json"))),
    responses(
        (status = 200, description = "Ticket", body = Ticket),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 415, response = crate::openapi_parts::UnsupportedMediaType),
    ),
)]
pub async fn issue(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Ticket>> {
    let req: TicketRequest = body(&bytes)?;
    let env = env(&q)?;
    check_uid(&req.uid)?;
    ensure_user(&st, &env, &req.uid)?;
    let ticket = ids::hex_id(24);
    st.db()
        .prepare_cached("INSERT INTO tickets (env, ticket, uid, expires_at) VALUES (?1,?2,?3,?4)")?
        .execute(params![
            env,
            crate::secret::digest(&ticket),
            req.uid,
            st.now_ms() + TICKET_TTL_SECS * 1000
        ])?;
    Ok(Json(Ticket {
        ticket,
        expires_in: TICKET_TTL_SECS,
    }))
}

/// Marks a live ticket used and returns its uid.
fn take_ticket(st: &AppState, env: &str, ticket: &str) -> ApiResult<Option<String>> {
    let db = st.db();
    let mut stmt = db.prepare_cached(
        "UPDATE tickets SET used=1 WHERE env=?1 AND ticket=?2 AND used=0 AND expires_at>?3 RETURNING uid",
    )?;
    let uid = stmt
        .query_row(
            params![env, crate::secret::digest(ticket), st.now_ms()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(uid)
}

/// `POST /v1/signin/custom` `{provider_id: "custom", ticket}`: consumes the ticket and signs its
/// user in (creating it again if it was deleted meanwhile).
#[utoipa::path(
    post,
    path = "/auth/v1/signin/custom",
    tag = "auth",
    operation_id = "signInWithCustomTicket",
    summary = "Sign in with a custom login ticket",
    description = "Consumes a single-use ticket issued by `POST /emulator/v1/tickets` (valid 5 minutes) and signs its user in.",
    params(crate::openapi_parts::ClientId),
    request_body(content((CustomSignIn = "application/json"), (CustomSignIn = "text/plain"))),
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
    let req: CustomSignIn = body(&bytes)?;
    let env = env(&q)?;
    if req.provider_id != "custom" {
        return Err(ApiError::invalid(format!(
            "unsupported provider_id {:?}: expected \"custom\"",
            req.provider_id
        )));
    }
    let uid = take_ticket(&st, &env, &req.ticket)?;
    let Some(uid) = uid else {
        return Err(ApiError::invalid(
            "ticket is invalid, expired or already used",
        ));
    };
    ensure_user(&st, &env, &uid)?;
    Ok(Json(new_session(&st, &env, &uid, "user")?))
}
