//! Dev API under `/emulator/v1`: inbox, reset, health, users, config.
use super::Params;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::Empty;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// A code in the dev inbox.
#[derive(Serialize, ToSchema)]
pub struct Message {
    /// The normalised phone number or email address.
    pub to: String,
    /// `sms` or `email`.
    pub channel: String,
    /// The code.
    pub code: String,
    /// Names the code in `POST /auth/v1/verification/verify`.
    pub verification_id: String,
    /// When the code was sent, unix milliseconds.
    pub sent_at: i64,
    /// When the code expires, unix milliseconds.
    pub expires_at: i64,
}

/// `GET /emulator/v1/inbox`: `{messages}`, newest first.
#[derive(Serialize, ToSchema)]
pub struct Inbox {
    /// The codes sent to the address.
    pub messages: Vec<Message>,
}

/// `GET /emulator/v1/health`: `{ok: true}`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always true.
    pub ok: bool,
}

/// `POST /emulator/v1/users`: `{sub, username}` of the new user.
#[derive(Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user id.
    pub sub: String,
    /// The username.
    pub username: String,
}

/// `GET /emulator/v1/inbox?to=`: codes sent to a phone or email, newest first.
#[utoipa::path(
    get,
    path = "/emulator/v1/inbox",
    tag = "emulator",
    operation_id = "inbox",
    summary = "Codes sent to an address",
    description = "Newest first, every environment. Phones match whatever their spelling (\"+8613800000000\", \"13800000000\" and \"+86 13800000000\" find the same codes); an unencoded `+` is accepted.",
    params(("to" = String, Query, min_length = 1)),
    responses(
        (status = 200, description = "Messages", body = Inbox),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
    ),
)]
pub async fn inbox(State(st): State<AppState>, Query(q): Query<Params>) -> ApiResult<Json<Inbox>> {
    let mut to = q
        .get("to")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid("to is required"))?;
    // An unencoded `+` arrives as a space and is trimmed away: put it back.
    if to.starts_with(|c: char| c.is_ascii_digit()) && to.contains(' ') {
        to.insert(0, '+');
    }
    let to = crate::validate::phone(&to)
        .or_else(|_| crate::validate::phone(&format!("+{to}")))
        .or_else(|_| crate::validate::email(&to))
        .unwrap_or(to);
    let db = st.db();
    let mut stmt = db.prepare_cached(
        "SELECT to_addr, channel, code, id, sent_at, expires_at FROM codes WHERE to_addr=?1 ORDER BY sent_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map(params![to], |r| {
        Ok(Message {
            to: r.get(0)?,
            channel: r.get(1)?,
            code: r.get(2)?,
            verification_id: r.get(3)?,
            sent_at: r.get(4)?,
            expires_at: r.get(5)?,
        })
    })?;
    let messages = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Inbox { messages }))
}

/// `POST /emulator/v1/reset`: clears everything. The body, if any, must be an empty JSON object.
#[utoipa::path(
    post,
    path = "/emulator/v1/reset",
    tag = "emulator",
    operation_id = "reset",
    summary = "Clear every user, code, token and ticket",
    request_body(content((Empty = "application/json"))),
    responses(
        (status = 200, description = "Cleared", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 415, response = crate::openapi_parts::UnsupportedMediaType),
    ),
)]
pub async fn reset(State(st): State<AppState>, bytes: Bytes) -> ApiResult<Json<Empty>> {
    let body: serde_json::Map<String, Value> = super::body(&bytes)?;
    if let Some(field) = body.keys().next() {
        return Err(ApiError::invalid(format!("unknown field {field:?}")));
    }
    crate::store::reset(&mut st.db())?;
    st.throttles().prune(st.now_ms(), true);
    crate::memory::trim();
    Ok(Json(Empty {}))
}

/// `GET /emulator/v1/health`.
#[utoipa::path(
    get,
    path = "/emulator/v1/health",
    tag = "emulator",
    operation_id = "health",
    summary = "Liveness",
    responses(
        (status = 200, description = "Alive", body = Health),
        (status = 403, response = crate::openapi_parts::Forbidden),
    ),
)]
pub async fn health() -> Json<Health> {
    Json(Health { ok: true })
}

/// `POST /emulator/v1/users` `{username, password, phone_number?, email?}`.
#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    username: String,
    password: String,
    phone_number: Option<String>,
    email: Option<String>,
}

/// `POST /emulator/v1/users?client_id=`: creates a username/password user (no verification).
#[utoipa::path(
    post,
    path = "/emulator/v1/users",
    tag = "emulator",
    operation_id = "createUser",
    summary = "Create a username/password user",
    description = "No verification; phone and email are optional.",
    params(crate::openapi_parts::ClientId),
    request_body(content((NewUser = "application/json"))),
    responses(
        (status = 200, description = "Created", body = CreatedUser),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
        (status = 409, response = crate::openapi_parts::Conflict),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 415, response = crate::openapi_parts::UnsupportedMediaType),
    ),
)]
pub async fn create_user(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<CreatedUser>> {
    let req: NewUser = super::body(&bytes)?;
    let env = super::env(&q)?;
    crate::validate::username(&req.username)?;
    crate::validate::password(&req.password)?;
    let phone = req
        .phone_number
        .as_deref()
        .map(crate::validate::phone)
        .transpose()?;
    let email = req
        .email
        .as_deref()
        .map(crate::validate::email)
        .transpose()?;
    let hash = crate::password::hash(&st, req.password).await?;
    let id = crate::ids::hex_id(12);
    let now = st.now_ms();
    let inserted = st
        .db()
        .prepare_cached(
            "INSERT OR IGNORE INTO users (env, id, username, email, phone, password_hash, created_from, created_at, updated_at)
             VALUES (?1,?2,?3,?4,?5,?6,'username',?7,?7)",
        )?
        .execute(params![env, id, req.username, email, phone, hash, now])?;
    if inserted == 0 {
        return Err(crate::error::ApiError::already_exists(
            "user already exists",
        ));
    }
    Ok(Json(CreatedUser {
        sub: id,
        username: req.username,
    }))
}
