//! `POST /v1/signup`.
use super::verification::address;
use super::{Login, Params, body, env, new_session, peek_vtoken, require_login};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{ids, password, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct SignupReq {
    phone_number: Option<String>,
    email: Option<String>,
    verification_token: Option<String>,
    password: Option<String>,
    username: Option<String>,
    name: Option<String>,
    gender: Option<String>,
    picture: Option<String>,
    locale: Option<String>,
}

/// Creates a user from a verified phone or email; nothing is stored on failure.
pub async fn signup(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Value>> {
    let req: SignupReq = body(&bytes)?;
    let env = env(&q);
    let given = |f: &Option<String>| f.as_deref().is_some_and(|s| !s.is_empty());
    if !given(&req.phone_number)
        && !given(&req.email)
        && (given(&req.username) || given(&req.password))
    {
        return Err(ApiError::invalid(
            "sign-up needs a verified phone_number or email: a username and password alone are not accepted",
        ));
    }
    let (addr, channel) = address(req.phone_number.as_deref(), req.email.as_deref())?;
    require_login(&st, Login::of_channel(channel))?;
    let vtoken = req
        .verification_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::invalid("verification_token is required"))?;
    if let Some(u) = req.username.as_deref().filter(|u| !u.is_empty()) {
        validate::username(u)?;
    }
    if let Some(p) = req.password.as_deref() {
        validate::password(p)?;
    }
    let gender = match req.gender.as_deref().unwrap_or("UNKNOWN") {
        g @ ("MALE" | "FEMALE" | "UNKNOWN") => g.to_string(),
        "" => "UNKNOWN".into(),
        g => return Err(ApiError::invalid(format!("invalid gender {g:?}"))),
    };
    let bound = peek_vtoken(&st, &env, &vtoken)?;
    if bound != addr {
        return Err(ApiError::invalid(
            "verification_token was issued for another phone or email",
        ));
    }
    let hash = match req.password {
        Some(p) => Some(password::hash(&st, p).await?),
        None => None,
    };
    let username = req.username.filter(|u| !u.is_empty());
    let id = ids::hex_id(12);
    let now = st.now_ms();
    {
        let mut db = st.db();
        let tx = db.transaction()?;
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM users WHERE env=?1 AND (phone=?2 OR email=?2)",
                params![env, addr],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(ApiError::already_exists("user already exists"));
        }
        if let Some(u) = &username {
            let dup: Option<String> = tx
                .query_row(
                    "SELECT id FROM users WHERE env=?1 AND username=?2",
                    params![env, u],
                    |r| r.get(0),
                )
                .optional()?;
            if dup.is_some() {
                return Err(ApiError::already_exists("username already exists"));
            }
        }
        super::check_vtoken(super::read_vtoken(&tx, &env, &vtoken)?, now, Some(&addr))?;
        tx.execute(
            "UPDATE vtokens SET used=1 WHERE env=?1 AND token=?2",
            params![env, crate::secret::digest(&vtoken)],
        )?;
        let (phone, email) = if channel == "sms" {
            (Some(&addr), None)
        } else {
            (None, Some(&addr))
        };
        tx.execute(
            "INSERT INTO users (env, id, username, email, phone, password_hash, name, picture, gender, locale, created_from, created_at, updated_at)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)",
            params![
                env, id, username, email, phone, hash,
                req.name.unwrap_or_default(), req.picture.unwrap_or_default(), gender,
                req.locale.unwrap_or_default(), if channel == "sms" { "phone" } else { "email" }, now
            ],
        )?;
        tx.commit()?;
    }
    Ok(Json(new_session(&st, &env, &id, "user")?))
}
