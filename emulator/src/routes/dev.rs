//! Dev API under `/emulator/v1`: inbox, reset, health.
use super::Params;
use crate::error::ApiResult;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use rusqlite::params;
use serde_json::{Value, json};

/// `GET /emulator/v1/inbox?to=`: codes sent to a phone or email, newest first.
pub async fn inbox(State(st): State<AppState>, Query(q): Query<Params>) -> ApiResult<Json<Value>> {
    let mut to = q
        .get("to")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    // An unencoded `+` arrives as a space and is trimmed away: put it back.
    if to.starts_with(|c: char| c.is_ascii_digit()) && to.contains(' ') {
        to.insert(0, '+');
    }
    let to = crate::validate::phone(&to)
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

/// `POST /emulator/v1/reset`: clears everything.
pub async fn reset(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    crate::store::reset(&st.db())?;
    Ok(Json(json!({})))
}

/// `GET /emulator/v1/health`.
pub async fn health() -> Json<Value> {
    Json(json!({"ok": true}))
}
