//! Account maintenance: basic info edit, sudo, password change/reset, deletion.
use super::signin::{check_password, throttle};
use super::{ClientIp, Params, authenticate, body, consume_vtoken, env};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::state::throttle::Kind;
use crate::{ids, password, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use cloudbase_auth_wire::{
    BasicEdit, ContactChange, Empty, PasswordChange, PasswordReset, SudoAnswer, SudoRequest,
};
use rusqlite::{OptionalExtension, params};

/// Lifetime of a sudo token, milliseconds.
const SUDO_TTL_MS: i64 = 600_000;

/// `POST /v1/user/basic/edit`: name, username, picture, gender; and a new `email` or `phone`
/// (`phone_number`) with the `verification_token` of a code sent to it (how `updateUser({email})`
/// finishes). Nothing changes on failure.
#[utoipa::path(
    post,
    path = "/auth/v1/user/basic/edit",
    tag = "auth",
    operation_id = "editBasicInfo",
    summary = "Edit the user's basic information",
    description = "Changes the fields given. A new `email` or `phone` needs the `verification_token` of a code sent to it (how `updateUser({email})` finishes); an address another user has is `already_exists`. Nothing changes on failure.",
    request_body(content((BasicEdit = "application/json"), (BasicEdit = "text/plain"))),
    responses(
        (status = 200, description = "Edited", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 409, response = crate::openapi_parts::Conflict),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn basic_edit(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Empty>> {
    let req: BasicEdit = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    let phone = match (req.phone, req.phone_number) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "give either phone or phone_number, not both",
            ));
        }
        (phone, phone_number) => phone.or(phone_number),
    };
    if let Some(u) = &req.username {
        validate::username(u)?;
    }
    if let Some(g) = req.gender.as_deref() {
        if !matches!(g, "MALE" | "FEMALE" | "UNKNOWN") {
            return Err(ApiError::invalid(format!("invalid gender {g:?}")));
        }
    }
    let contact = match (phone.as_deref(), req.email.as_deref()) {
        (None, None) => None,
        (phone, email) => {
            let (addr, channel) = super::verification::address(phone, email)?;
            let token = req.verification_token.as_deref().unwrap_or_default();
            if token.is_empty() {
                return Err(ApiError::invalid(
                    "verification_token is required to change the email or phone",
                ));
            }
            Some((addr, channel, token))
        }
    };
    let now = st.now_ms();
    let mut db = st.db();
    let tx = db.transaction()?;
    if let Some((addr, channel, token)) = &contact {
        address_is_free(&tx, &c.aud, &c.sub, addr, channel)?;
        set_verified_contact(&tx, &c.aud, &c.sub, addr, channel, token, now)?;
    }
    if let Some(u) = &req.username {
        let other: Option<String> = tx
            .query_row(
                "SELECT id FROM users WHERE env=?1 AND username=?2 AND id<>?3",
                params![c.aud, u, c.sub],
                |r| r.get(0),
            )
            .optional()?;
        if other.is_some() {
            return Err(ApiError::already_exists("username already exists"));
        }
    }
    tx.execute(
        "UPDATE users SET name=COALESCE(?3,name), username=COALESCE(?4,username),
         picture=COALESCE(?5,picture), gender=COALESCE(?6,gender), updated_at=?7 WHERE env=?1 AND id=?2",
        params![c.aud, c.sub, req.nickname, req.username, req.avatar_url, req.gender, now],
    )?;
    tx.commit()?;
    Ok(Json(Empty {}))
}

/// `POST /v1/user/sudo`: re-authenticates with a password or verification token. Wrong
/// passwords count towards the address's `wrong_passwords_per_minute`, as at sign-in: a token
/// holder cannot guess the password (and so get a sudo token) without limit.
#[utoipa::path(
    post,
    path = "/auth/v1/user/sudo",
    tag = "auth",
    operation_id = "sudo",
    summary = "Re-authenticate for a sudo token",
    description = "With the password, or a verification token of the user's phone or email. The sudo token is single use and valid 10 minutes. Wrong passwords count towards the address's per-minute limit, as at sign-in.",
    request_body(content((SudoRequest = "application/json"), (SudoRequest = "text/plain"))),
    responses(
        (status = 200, description = "Sudo token", body = SudoAnswer),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 429, response = crate::openapi_parts::Throttled),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn sudo(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<SudoAnswer>> {
    let req: SudoRequest = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    let (hash, phone, email): (Option<String>, Option<String>, Option<String>) = st
        .db()
        .prepare_cached("SELECT password_hash, phone, email FROM users WHERE env=?1 AND id=?2")?
        .query_row(params![c.aud, c.sub], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    match (req.password, req.verification_token) {
        (Some(pw), None) => {
            throttle(&st, Kind::WrongPassword, ip)?;
            let hash = hash.ok_or_else(|| ApiError::invalid_password("password is not set"))?;
            check_password(&st, ip, pw, hash).await?;
        }
        (None, Some(tok)) => {
            // Checked before it is used up: another user's token stays valid for its owner.
            let to = super::peek_vtoken(&st, &c.aud, &tok)?;
            if Some(&to) != phone.as_ref() && Some(&to) != email.as_ref() {
                return Err(ApiError::invalid("verification_token is not for this user"));
            }
            consume_vtoken(&st, &c.aud, &tok, Some(&to))?;
        }
        _ => {
            return Err(ApiError::invalid(
                "give either password or verification_token",
            ));
        }
    }
    let token = ids::hex_id(24);
    st.db()
        .prepare_cached(
            "INSERT INTO sudo_tokens (env, token, user_id, expires_at) VALUES (?1,?2,?3,?4)",
        )?
        .execute(params![
            c.aud,
            crate::secret::digest(&token),
            c.sub,
            st.now_ms() + SUDO_TTL_MS
        ])?;
    Ok(Json(SudoAnswer { sudo_token: token }))
}

/// Consumes a sudo token of this user.
fn use_sudo(st: &AppState, env: &str, user: &str, token: &str) -> ApiResult<()> {
    let n = st
        .db()
        .prepare_cached(
            "DELETE FROM sudo_tokens WHERE env=?1 AND token=?2 AND user_id=?3 AND expires_at>?4",
        )?
        .execute(params![
            env,
            crate::secret::digest(token),
            user,
            st.now_ms()
        ])?;
    if n == 1 {
        Ok(())
    } else {
        Err(ApiError::invalid("sudo_token is invalid or expired"))
    }
}

/// `PATCH /v1/user/password`: sets a new password with a sudo token and revokes the user's
/// other sessions (the calling one stays signed in).
#[utoipa::path(
    patch,
    path = "/auth/v1/user/password",
    tag = "auth",
    operation_id = "setPassword",
    summary = "Set a new password",
    description = "Needs a sudo token (`POST /auth/v1/user/sudo`). Revokes every other session of the user; the session of the bearer token stays signed in.",
    request_body(content((PasswordChange = "application/json"), (PasswordChange = "text/plain"))),
    responses(
        (status = 200, description = "Password set", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn set_password(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Empty>> {
    let req: PasswordChange = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    validate::password(&req.new_password)?;
    use_sudo(&st, &c.aud, &c.sub, &req.sudo_token)?;
    let hash = password::hash(&st, req.new_password).await?;
    let db = st.db();
    db.prepare_cached("UPDATE users SET password_hash=?3, updated_at=?4 WHERE env=?1 AND id=?2")?
        .execute(params![c.aud, c.sub, hash, st.now_ms()])?;
    // Whoever knew the old password may hold a session: it ends with it. The session that made
    // the change goes on (the SDK keeps using it).
    db.prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND user_id=?2 AND id<>?3")?
        .execute(params![c.aud, c.sub, c.sid])?;
    Ok(Json(Empty {}))
}

/// `DELETE /v1/user/me?sudo_token=`: deletes the user and its sessions.
#[utoipa::path(
    delete,
    path = "/auth/v1/user/me",
    tag = "auth",
    operation_id = "deleteUser",
    summary = "Delete the signed-in user",
    description = "Needs a sudo token (`POST /auth/v1/user/sudo`); revokes every session of the user.",
    params(("sudo_token" = String, Query, min_length = 1)),
    responses(
        (status = 200, description = "Deleted", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn delete_me(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> ApiResult<Json<Empty>> {
    let c = authenticate(&st, &headers)?;
    let sudo = q.get("sudo_token").map(String::as_str).unwrap_or_default();
    use_sudo(&st, &c.aud, &c.sub, sudo)?;
    let db = st.db();
    db.prepare_cached("DELETE FROM users WHERE env=?1 AND id=?2")?
        .execute(params![c.aud, c.sub])?;
    db.prepare_cached("DELETE FROM identities WHERE env=?1 AND user_id=?2")?
        .execute(params![c.aud, c.sub])?;
    db.prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND user_id=?2")?
        .execute(params![c.aud, c.sub])?;
    Ok(Json(Empty {}))
}

/// `POST /v1/reset`: sets a new password with a verification token; revokes all sessions.
#[utoipa::path(
    post,
    path = "/auth/v1/reset",
    tag = "auth",
    operation_id = "resetPassword",
    summary = "Reset a password with a verification token",
    description = "Revokes every session of the user.",
    params(crate::openapi_parts::ClientId),
    request_body(content((PasswordReset = "application/json"), (PasswordReset = "text/plain"))),
    responses(
        (status = 200, description = "Password reset", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 404, response = crate::openapi_parts::NotFound),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn reset_password(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Empty>> {
    let req: PasswordReset = body(&bytes)?;
    let env = env(&q)?;
    let (addr, _) =
        super::verification::address(req.phone_number.as_deref(), req.email.as_deref())?;
    validate::password(&req.new_password)?;
    let Some((id, _)) = super::find_user(&st, &env, &addr)? else {
        return Err(ApiError::not_found("user not found"));
    };
    super::peek_vtoken(&st, &env, &req.verification_token)?;
    let hash = password::hash(&st, req.new_password).await?;
    consume_vtoken(&st, &env, &req.verification_token, Some(&addr))?;
    let db = st.db();
    db.prepare_cached("UPDATE users SET password_hash=?3, updated_at=?4 WHERE env=?1 AND id=?2")?
        .execute(params![env, id, hash, st.now_ms()])?;
    db.prepare_cached("UPDATE sessions SET revoked=1 WHERE env=?1 AND user_id=?2")?
        .execute(params![env, id])?;
    Ok(Json(Empty {}))
}

/// `PATCH /v1/user/contact`: sets the user's phone or email to a verified address. Needs a sudo
/// token; an address used by another user is `already_exists`. Nothing changes on failure.
#[utoipa::path(
    patch,
    path = "/auth/v1/user/contact",
    tag = "auth",
    operation_id = "changeContact",
    summary = "Change the user's phone or email",
    description = "Sets the phone or the email to an address proven by a verification token, with a sudo token. An address used by another user is `already_exists`. Nothing changes on failure.",
    request_body(content((ContactChange = "application/json"), (ContactChange = "text/plain"))),
    responses(
        (status = 200, description = "Changed", body = Empty),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 401, response = crate::openapi_parts::Unauthenticated),
        (status = 409, response = crate::openapi_parts::Conflict),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
    security(("bearerAuth" = [])),
)]
pub async fn contact(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Empty>> {
    let req: ContactChange = body(&bytes)?;
    let c = authenticate(&st, &headers)?;
    let (addr, channel) =
        super::verification::address(req.phone_number.as_deref(), req.email.as_deref())?;
    let now = st.now_ms();
    let mut db = st.db();
    let tx = db.transaction()?;
    address_is_free(&tx, &c.aud, &c.sub, &addr, channel)?;
    let sudo = tx.execute(
        "DELETE FROM sudo_tokens WHERE env=?1 AND token=?2 AND user_id=?3 AND expires_at>?4",
        params![c.aud, crate::secret::digest(&req.sudo_token), c.sub, now],
    )?;
    if sudo != 1 {
        return Err(ApiError::invalid("sudo_token is invalid or expired"));
    }
    set_verified_contact(
        &tx,
        &c.aud,
        &c.sub,
        &addr,
        channel,
        &req.verification_token,
        now,
    )?;
    tx.commit()?;
    Ok(Json(Empty {}))
}

/// Refuses a phone number or email (`channel` `sms` or `email`) that another user has.
fn address_is_free(
    tx: &rusqlite::Transaction<'_>,
    env: &str,
    user: &str,
    addr: &str,
    channel: &str,
) -> ApiResult<()> {
    let other: Option<String> = tx
        .query_row(
            "SELECT id FROM users WHERE env=?1 AND (phone=?2 OR email=?2) AND id<>?3",
            params![env, addr, user],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() {
        let what = if channel == "sms" {
            "phone number"
        } else {
            "email"
        };
        return Err(ApiError::already_exists(format!(
            "{what} is already used by another user"
        )));
    }
    Ok(())
}

/// Uses up `token` (a verification token bound to `addr`) and sets the user's phone or email.
fn set_verified_contact(
    tx: &rusqlite::Transaction<'_>,
    env: &str,
    user: &str,
    addr: &str,
    channel: &str,
    token: &str,
    now: i64,
) -> ApiResult<()> {
    super::check_vtoken(super::read_vtoken(tx, env, token)?, now, Some(addr))?;
    tx.execute(
        "UPDATE vtokens SET used=1 WHERE env=?1 AND token=?2",
        params![env, crate::secret::digest(token)],
    )?;
    let column = if channel == "sms" { "phone" } else { "email" };
    tx.execute(
        &format!("UPDATE users SET {column}=?3, updated_at=?4 WHERE env=?1 AND id=?2"),
        params![env, user, addr, now],
    )?;
    Ok(())
}
