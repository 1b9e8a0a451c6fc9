//! `POST /v1/signup`, in the service's three scenarios:
//!
//! 1. a phone number and the `verification_token` of a code sent to it;
//! 2. an email address and the `verification_token` of a code sent to it;
//! 3. a `provider_token` from a third-party sign-in (`POST /v1/provider/token`): the new user is
//!    bound to that identity and takes its name, picture and (unless another user has it) email.
//!
//! Each takes an optional `username`, `password` and profile fields. A `provider_token` given
//! with a phone or email binds that identity to the new user as well. Nothing is stored on
//! failure, and the verification or provider token is used up only on success.
use super::oauth::{self, Profile};
use super::verification::address;
use super::{Login, Params, body, env, new_session, peek_vtoken, provider, require_login};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{ids, password, validate};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use cloudbase_auth_wire::{Credentials, SignUp};
use rusqlite::{Connection, OptionalExtension, params};

/// A verified phone number or email the user signs up with.
struct Contact {
    /// The normalised address.
    addr: String,
    /// `sms` or `email`.
    channel: &'static str,
    /// The verification token bound to `addr`.
    vtoken: String,
}

/// A non-empty string field.
fn given(f: Option<String>) -> Option<String> {
    f.filter(|s| !s.is_empty())
}

/// The contact of a phone or email sign-up, checked up to its (unconsumed) verification token.
fn contact(st: &AppState, req: &mut SignUp) -> ApiResult<Contact> {
    let (addr, channel) = address(req.phone_number.as_deref(), req.email.as_deref())?;
    require_login(st, Login::of_channel(channel))?;
    let vtoken = given(req.verification_token.take())
        .ok_or_else(|| ApiError::invalid("verification_token is required"))?;
    Ok(Contact {
        addr,
        channel,
        vtoken,
    })
}

/// Creates a user in one of the three scenarios.
#[utoipa::path(
    post,
    path = "/auth/v1/signup",
    tag = "auth",
    operation_id = "signUp",
    summary = "Sign up with a verified phone or email, or a provider token",
    description = "Creates a user and signs it in: from a verification token of its phone or email, or from a provider token of a third-party sign-in (the user is bound to that identity). A username and password alone are refused. On failure nothing is stored and no token is used up.",
    params(crate::openapi_parts::ClientId),
    request_body(content((SignUp = "application/json"), (SignUp = "text/plain"))),
    responses(
        (status = 200, description = "Signed up and signed in", body = Credentials),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::LoginDisabled),
        (status = 409, response = crate::openapi_parts::Conflict),
        (status = 413, response = crate::openapi_parts::TooLarge),
    ),
)]
pub async fn signup(
    State(st): State<AppState>,
    Query(q): Query<Params>,
    bytes: Bytes,
) -> ApiResult<Json<Credentials>> {
    let mut req: SignUp = body(&bytes)?;
    let env = env(&q)?;
    let provider_token = given(req.provider_token.take());
    let contact = if req.phone_number.as_deref().is_some_and(|s| !s.is_empty())
        || req.email.as_deref().is_some_and(|s| !s.is_empty())
    {
        Some(contact(&st, &mut req)?)
    } else if provider_token.is_some() {
        None
    } else {
        return Err(ApiError::invalid(
            "sign-up needs a verified phone_number or email, or a provider_token: a username and password alone are not accepted",
        ));
    };
    let username = given(req.username.take());
    if let Some(u) = &username {
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
    // The tokens are checked before the password is hashed, and again in the transaction.
    if let Some(c) = &contact {
        if peek_vtoken(&st, &env, &c.vtoken)? != c.addr {
            return Err(ApiError::invalid(
                "verification_token was issued for another phone or email",
            ));
        }
    }
    if let Some(t) = &provider_token {
        oauth::live_token(&st.db(), &env, t, st.now_ms())?;
    }
    let hash = match req.password.take() {
        Some(p) => Some(password::hash(&st, p).await?),
        None => None,
    };
    let id = ids::hex_id(12);
    let now = st.now_ms();
    {
        let mut db = st.db();
        let tx = db.transaction()?;
        let identity = match &provider_token {
            Some(t) => Some(unbound_identity(&tx, &env, t, now)?),
            None => None,
        };
        if let Some(c) = &contact {
            if user_with(&tx, &env, "phone=?2 OR email=?2", &c.addr)? {
                return Err(ApiError::already_exists("user already exists"));
            }
        }
        if let Some(u) = &username {
            if user_with(&tx, &env, "username=?2", u)? {
                return Err(ApiError::already_exists("username already exists"));
            }
        }
        if let Some(c) = &contact {
            super::check_vtoken(
                super::read_vtoken(&tx, &env, &c.vtoken)?,
                now,
                Some(&c.addr),
            )?;
            tx.execute(
                "UPDATE vtokens SET used=1 WHERE env=?1 AND token=?2",
                params![env, crate::secret::digest(&c.vtoken)],
            )?;
        }
        let (phone, email, created_from) = match (&contact, &identity) {
            (Some(c), _) if c.channel == "sms" => (Some(c.addr.clone()), None, "phone".into()),
            (Some(c), _) => (None, Some(c.addr.clone()), "email".into()),
            (None, Some(p)) => {
                let free = !p.email.is_empty() && !user_with(&tx, &env, "email=?2", &p.email)?;
                (None, free.then(|| p.email.clone()), p.provider_id.clone())
            }
            (None, None) => return Err(ApiError::internal("sign-up without a contact")),
        };
        let from_identity = |f: fn(&Profile) -> String| identity.as_ref().map(f);
        let name = given(req.name)
            .or_else(|| from_identity(|p| p.name.clone()))
            .unwrap_or_default();
        let picture = given(req.picture)
            .or_else(|| from_identity(|p| p.picture.clone()))
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO users (env, id, username, email, phone, password_hash, name, picture, gender, locale, created_from, created_at, updated_at)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)",
            params![
                env, id, username, email, phone, hash, name, picture, gender,
                req.locale.unwrap_or_default(), created_from, now
            ],
        )?;
        if let (Some(p), Some(t)) = (&identity, &provider_token) {
            provider::insert_identity(&tx, &env, &id, p, now)?;
            oauth::consume_token(&tx, &env, t)?;
        }
        tx.commit()?;
    }
    Ok(Json(new_session(&st, &env, &id, "user")?))
}

/// Whether a user of `env` matches `cond` (`?2` is `value`).
fn user_with(db: &Connection, env: &str, cond: &str, value: &str) -> ApiResult<bool> {
    let found: Option<String> = db
        .prepare_cached(&format!(
            "SELECT id FROM users WHERE env=?1 AND ({cond}) LIMIT 1"
        ))?
        .query_row(params![env, value], |r| r.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// The identity of a live provider token, which must be bound to no user yet.
fn unbound_identity(db: &Connection, env: &str, token: &str, now: i64) -> ApiResult<Profile> {
    let (p, _) = oauth::live_token(db, env, token, now)?;
    if provider::bound_user(db, env, &p)?.is_some() {
        return Err(ApiError::already_exists(format!(
            "this {} identity is already bound to a user: sign in with it instead",
            p.provider_id
        )));
    }
    Ok(p)
}
