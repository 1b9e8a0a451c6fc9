//! `POST /v1/verification` and `POST /v1/verification/verify`.
use super::{ClientIp, Login, Params, body, env, find_user, require_login};
use crate::error::{ApiError, ApiResult};
use crate::state::throttle::Kind;
use crate::state::{AppState, mail};
use crate::{ids, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use cloudbase_auth_wire::{Verification, VerificationRequest, VerifyAnswer, VerifyRequest};
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

/// Resolves the address of a request: `(normalised address, channel)`.
pub fn address(phone: Option<&str>, email: Option<&str>) -> ApiResult<(String, &'static str)> {
    match (
        phone.filter(|s| !s.is_empty()),
        email.filter(|s| !s.is_empty()),
    ) {
        (Some(p), None) => Ok((validate::phone(p)?, "sms")),
        (None, Some(e)) => Ok((validate::email(e)?, "email")),
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "give either phone_number or email, not both",
        )),
        (None, None) => Err(ApiError::invalid("phone_number or email is required")),
    }
}

/// Sends a verification code: always to the dev inbox and the log, and email codes also through
/// the SMTP server when one is configured (in the background: see [`mail::send_code`]).
#[utoipa::path(
    post,
    path = "/auth/v1/verification",
    tag = "auth",
    operation_id = "sendVerification",
    summary = "Send a verification code",
    description = "Sends a 6-digit code to a phone (\"+CC digits\") or an email address. The code is delivered to the dev inbox (`GET /emulator/v1/inbox`) and the log. One code per address per `resend_gap_secs`, `codes_per_day` per day; and `codes_per_minute` codes per minute per IP address, in all environments. Carries a bearer token when the client is signed in; the environment is then the token's. With `sms_login`/`email_login` off, only `target: CUR_USER` with a valid bearer token is served.",
    params(crate::openapi_parts::ClientId),
    request_body(content((VerificationRequest = "application/json"), (VerificationRequest = "text/plain"))),
    responses(
        (status = 200, description = "Code sent", body = Verification),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::LoginDisabled),
        (status = 404, response = crate::openapi_parts::NotFound),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 429, response = crate::openapi_parts::RateLimited),
    ),
)]
pub async fn send(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(q): Query<Params>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Verification>> {
    let req: VerificationRequest = body(&bytes)?;
    let signed_in = match super::bearer(&headers) {
        Some(_) => super::authenticate(&st, &headers).ok(),
        None => None,
    };
    let env = match signed_in.as_ref() {
        Some(c) => c.aud.clone(),
        None => env(&q)?,
    };
    let (to, channel) = address(req.phone_number.as_deref(), req.email.as_deref())?;
    let target = req.target.as_deref().unwrap_or("ANY");
    // A code for the signed-in user's own re-authentication or contact change is not a login.
    if !(target == "CUR_USER" && signed_in.is_some()) {
        require_login(&st, Login::of_channel(channel))?;
    }
    let is_user = find_user(&st, &env, &to)?.is_some();
    match target {
        "ANY" | "CUR_USER" => {}
        "USER" if !is_user => return Err(ApiError::not_found("user not found")),
        "USER" => {}
        other => return Err(ApiError::invalid(format!("unknown target {other:?}"))),
    }
    let lim = st.limits();
    let now = st.now_ms();
    let day_start = now - now.rem_euclid(86_400_000);
    let db = st.db();
    let (last, today): (Option<i64>, i64) = db
        .prepare_cached(
            "SELECT MAX(sent_at), SUM(CASE WHEN sent_at >= ?3 THEN 1 ELSE 0 END) FROM codes WHERE env=?1 AND to_addr=?2",
        )?
        .query_row(params![env, to, day_start], |r| {
            Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0)))
        })?;
    if let Some(last) = last {
        let wait_ms = last + lim.resend_gap_secs * 1000 - now;
        if wait_ms > 0 {
            return Err(ApiError::rate_limited(((wait_ms + 999) / 1000) as u64));
        }
    }
    if today >= lim.codes_per_day {
        return Err(ApiError::rate_limited(
            ((day_start + 86_400_000 - now + 999) / 1000) as u64,
        ));
    }
    // The limits above are per environment and address; a new `client_id` or address each time
    // would pass them, so an address also gets `codes_per_minute` codes a minute in all.
    super::signin::reserve(&st, Kind::Code, ip)?;
    let id = ids::hex_id(16);
    let code = ids::code6();
    let expires_at = now + lim.code_ttl_secs * 1000;
    db.prepare_cached(
        "INSERT INTO codes (env, id, to_addr, channel, code, sent_at, expires_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?
    .execute(params![env, id, to, channel, code, now, expires_at])?;
    // Each `client_id` is an environment with limits of its own, which alone would let any
    // page mail an address without end through the configured SMTP server: across
    // environments an address gets at most `codes_per_day` emails a day (the codes beyond
    // are still made, and in the dev inbox).
    let smtp = match (lim.smtp, channel) {
        (Some(smtp), "email") => Some(smtp),
        _ => None,
    };
    let mailed_today: i64 = match smtp {
        Some(_) => db
            .prepare_cached("SELECT COUNT(*) FROM codes WHERE to_addr=?1 AND sent_at >= ?2")?
            .query_row(params![to, day_start], |r| r.get(0))?,
        None => 0,
    };
    drop(db);
    tracing::info!(?env, "verification code {code} for {to}");
    if let Some(smtp) = smtp {
        if mailed_today <= lim.codes_per_day {
            mail::send_code(&st, smtp, to, code, lim.code_ttl_secs);
        } else {
            let message = format!(
                "not sent: over codes_per_day ({}) codes to this address today across environments (client_id); the code is in the dev inbox",
                lim.codes_per_day
            );
            tracing::warn!("verification email to {to} {message}");
            st.mail().record_failure(mail::MailError {
                at: now,
                to,
                message,
            });
        }
    }
    Ok(Json(Verification {
        verification_id: id,
        is_user,
        expires_in: Some(lim.code_ttl_secs),
    }))
}

/// Checks a code and returns a single-use verification token.
#[utoipa::path(
    post,
    path = "/auth/v1/verification/verify",
    tag = "auth",
    operation_id = "verifyCode",
    summary = "Check a code",
    description = "Checks a code and returns a single-use verification token bound to the address. A wrong code is `invalid_argument` (\"verification code does not match\") and counts against `max_attempts`; a code already used or with `max_attempts` wrong attempts is used up: `failed_precondition` (error_code 9); an expired code is `invalid_verification_code` (error_code 3). Used up is reported before expired.",
    params(crate::openapi_parts::ClientId),
    request_body(content((VerifyRequest = "application/json"), (VerifyRequest = "text/plain"))),
    responses(
        (status = 200, description = "Code accepted", body = VerifyAnswer),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 404, response = crate::openapi_parts::NotFound),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn verify(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<VerifyAnswer>> {
    let req: VerifyRequest = body(&bytes)?;
    let env = env(&q)?;
    let lim = st.limits();
    let now = st.now_ms();
    let db = st.db();
    let row: Option<(String, String, i64, i64, i64)> = db
        .prepare_cached(
            "SELECT to_addr, code, attempts, expires_at, verified FROM codes WHERE env=?1 AND id=?2",
        )?
        .query_row(params![env, req.verification_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((to, code, attempts, expires_at, verified)) = row else {
        return Err(ApiError::not_found("verification not found"));
    };
    if verified != 0 {
        return Err(ApiError::code_used_up("verification code already used"));
    }
    if attempts >= lim.max_attempts {
        return Err(ApiError::code_used_up(
            "verification code attempt limit reached",
        ));
    }
    if expires_at <= now {
        return Err(ApiError::code_expired("verification code expired"));
    }
    // Compared in constant time: how long a wrong code takes says nothing of the right one.
    if !bool::from(
        code.as_bytes()
            .ct_eq(req.verification_code.trim().as_bytes()),
    ) {
        db.prepare_cached("UPDATE codes SET attempts = attempts + 1 WHERE env=?1 AND id=?2")?
            .execute(params![env, req.verification_id])?;
        return Err(ApiError::invalid("verification code does not match"));
    }
    db.prepare_cached("UPDATE codes SET verified=1 WHERE env=?1 AND id=?2")?
        .execute(params![env, req.verification_id])?;
    let token = ids::hex_id(24);
    db.prepare_cached(
        "INSERT INTO vtokens (env, token, to_addr, expires_at) VALUES (?1,?2,?3,?4)",
    )?
    .execute(params![
        env,
        crate::secret::digest(&token),
        to,
        now + lim.code_ttl_secs * 1000
    ])?;
    Ok(Json(VerifyAnswer {
        verification_token: token,
        expires_in: Some(lim.code_ttl_secs),
    }))
}
