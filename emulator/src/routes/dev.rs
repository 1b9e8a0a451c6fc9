//! Dev API under `/emulator/v1`: inbox, reset, health, users, config.
use super::Params;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use rusqlite::params;
use serde::Deserialize;
use serde_json::{Value, json};

/// `GET /emulator/v1/inbox?to=`: codes sent to a phone or email, newest first.
pub async fn inbox(State(st): State<AppState>, Query(q): Query<Params>) -> ApiResult<Json<Value>> {
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
        Ok(json!({
            "to": r.get::<_, String>(0)?,
            "channel": r.get::<_, String>(1)?,
            "code": r.get::<_, String>(2)?,
            "verification_id": r.get::<_, String>(3)?,
            "sent_at": r.get::<_, i64>(4)?,
            "expires_at": r.get::<_, i64>(5)?,
        }))
    })?;
    let messages = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(Json(json!({"messages": messages})))
}

/// `POST /emulator/v1/reset`: clears everything. The body, if any, must be an empty JSON object.
pub async fn reset(State(st): State<AppState>, bytes: Bytes) -> ApiResult<Json<Value>> {
    let body: serde_json::Map<String, Value> = super::body(&bytes)?;
    if let Some(field) = body.keys().next() {
        return Err(ApiError::invalid(format!("unknown field {field:?}")));
    }
    crate::store::reset(&mut st.db())?;
    st.throttles().prune(st.now_ms(), true);
    crate::memory::trim();
    Ok(Json(json!({})))
}

/// `GET /emulator/v1/health`.
pub async fn health() -> Json<Value> {
    Json(json!({"ok": true}))
}

#[derive(Deserialize)]
struct NewUser {
    username: String,
    password: String,
    phone_number: Option<String>,
    email: Option<String>,
}

/// `POST /emulator/v1/users?client_id=`: creates a username/password user (no verification).
pub async fn create_user(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Value>> {
    let req: NewUser = super::body(&bytes)?;
    let env = super::env(&q);
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
    Ok(Json(json!({"sub": id, "username": req.username})))
}

/// The config as JSON: the limits and switches, and `smtp` (settings without the password,
/// plus the delivery counts) when an SMTP server is configured.
fn config_json(st: &AppState) -> Value {
    let limits = st.limits();
    let mut v = serde_json::to_value(&limits).unwrap_or_default();
    if let (Some(smtp), Some(obj)) = (&limits.smtp, v.as_object_mut()) {
        let mut s = smtp.to_json();
        if let (Some(s), Value::Object(status)) = (s.as_object_mut(), st.mail().to_json()) {
            s.extend(status);
        }
        obj.insert("smtp".into(), s);
    }
    v
}

/// `GET /emulator/v1/config`: the current limits, login switches and SMTP server.
pub async fn get_config(State(st): State<AppState>) -> Json<Value> {
    Json(config_json(&st))
}

/// `PATCH /emulator/v1/config`: changes some limits, switches or SMTP settings (fields as in
/// `GET`; `smtp` as in [`Smtp::patched`](crate::config::Smtp::patched)). Nothing changes
/// unless all of it is valid.
pub async fn patch_config(State(st): State<AppState>, bytes: Bytes) -> ApiResult<Json<Value>> {
    let mut patch: serde_json::Map<String, Value> = super::body(&bytes)?;
    let invalid = |e: String| crate::error::ApiError::invalid(format!("invalid config: {e}"));
    let old = st.limits();
    let smtp = match patch.remove("smtp") {
        Some(p) => crate::config::Smtp::patched(old.smtp.as_ref(), &p).map_err(invalid)?,
        None => old.smtp.clone(),
    };
    let mut current = serde_json::to_value(&old).unwrap_or_default();
    if let Some(obj) = current.as_object_mut() {
        obj.extend(patch);
    }
    let mut limits: crate::config::Limits =
        serde_json::from_value(current).map_err(|e| invalid(e.to_string()))?;
    limits.smtp = smtp;
    limits.check().map_err(invalid)?;
    if limits.smtp != old.smtp {
        match &limits.smtp {
            Some(s) => tracing::info!(
                "email codes now also go through smtp://{}:{} ({})",
                s.host,
                s.port(),
                s.security.as_str()
            ),
            None => tracing::info!("email codes no longer go through an SMTP server"),
        }
    }
    st.set_limits(limits);
    Ok(Json(config_json(&st)))
}
