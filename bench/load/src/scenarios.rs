//! The scenarios as goose scenarios: each simulated user (one keep-alive connection) repeats
//! one operation; its state (session, next phone, username) is prepared before the run.
//!
//! - refresh: `POST /auth/v1/token` with the rotated refresh token of the previous answer;
//! - otp: send a code to a new phone, read it from the dev inbox, verify it, sign up (four
//!   requests, one operation);
//! - password: `POST /auth/v1/signin` with username and password.
use crate::cli::Scenario;
use crate::http::{Admin, CallError, call, field, url_encode};
use crate::stats::{Stats, Window};
use goose::prelude::{GooseMethod, GooseUser, Transaction, TransactionFunction};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Bench-pass-2024";

/// Per-user state carried across operations.
pub enum UserState {
    /// The refresh token the next refresh sends.
    Refresh {
        /// The latest refresh token of this user's session.
        refresh_token: String,
    },
    /// The next phone number (a block of a million per user).
    Otp {
        /// The next number, before reduction to 8 digits.
        next_phone: u64,
    },
    /// A user made for this run.
    Password {
        /// Its username.
        username: String,
    },
}

/// What the users of one scenario share.
pub struct Shared {
    /// Environment id (`client_id`) of the run.
    pub env: String,
    /// The measured window.
    pub window: Window,
    /// One state per user, by goose's user index.
    pub users: Vec<tokio::sync::Mutex<UserState>>,
    /// What was measured.
    pub stats: Mutex<Stats>,
}

/// Starts an anonymous session through the admin client, returns its refresh token.
async fn new_session_admin(admin: &Admin, env: &str) -> Result<String, CallError> {
    let path = format!("/auth/v1/signin/anonymously?client_id={env}");
    let v = admin
        .call(
            "signin/anonymously",
            reqwest::Method::POST,
            &path,
            Some(&json!({})),
        )
        .await?;
    field("signin/anonymously", &v, "refresh_token")
}

/// Prepares user `index` for a scenario (not measured).
pub async fn setup(
    scenario: Scenario,
    index: usize,
    phone_base: u64,
    admin: &Admin,
    env: &str,
) -> Result<UserState, CallError> {
    Ok(match scenario {
        Scenario::Refresh => UserState::Refresh {
            refresh_token: new_session_admin(admin, env).await?,
        },
        // Phones "+86 139" + 8 digits: each user its own block of a million numbers.
        Scenario::Otp => UserState::Otp {
            next_phone: phone_base + index as u64 * 1_000_000,
        },
        Scenario::Password => {
            let username = format!("bench{index}x{}", &env[6..]);
            let path = format!("/emulator/v1/users?client_id={env}");
            let body = json!({"username": username, "password": PASSWORD});
            admin
                .call("emulator/users", reqwest::Method::POST, &path, Some(&body))
                .await?;
            UserState::Password { username }
        }
    })
}

/// Times one request into `steps` (successful ones only).
async fn timed(
    steps: &mut Vec<(&'static str, Duration)>,
    user: &mut GooseUser,
    endpoint: &'static str,
    method: GooseMethod,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, CallError> {
    let t = Instant::now();
    let r = call(user, endpoint, method, path, body).await;
    if r.is_ok() {
        steps.push((endpoint, t.elapsed()));
    }
    r
}

/// The code of message `vid` in an inbox answer.
fn code_in_inbox(v: &Value, vid: &str) -> Result<String, CallError> {
    v.get("messages")
        .and_then(Value::as_array)
        .and_then(|m| {
            m.iter()
                .find(|m| m.get("verification_id").and_then(Value::as_str) == Some(vid))
        })
        .and_then(|m| m.get("code"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallError {
            kind: "emulator/inbox: code not in the inbox".into(),
            detail: v.to_string().chars().take(200).collect(),
        })
}

/// One operation of a scenario.
async fn operation(
    state: &mut UserState,
    user: &mut GooseUser,
    env: &str,
    steps: &mut Vec<(&'static str, Duration)>,
) -> Result<(), CallError> {
    match state {
        UserState::Refresh { refresh_token } => {
            let body = json!({
                "client_id": env, "client_secret": "", "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            });
            let path = format!("/auth/v1/token?client_id={env}");
            let v = timed(steps, user, "token", GooseMethod::Post, &path, Some(&body)).await?;
            field("token", &v, "access_token")?;
            *refresh_token = field("token", &v, "refresh_token")?;
        }
        UserState::Otp { next_phone } => {
            let phone = format!("+86 139{:08}", *next_phone % 100_000_000);
            *next_phone += 1;
            let path = format!("/auth/v1/verification?client_id={env}");
            let body = json!({"phone_number": phone});
            let v = timed(
                steps,
                user,
                "verification",
                GooseMethod::Post,
                &path,
                Some(&body),
            );
            let vid = field("verification", &v.await?, "verification_id")?;
            let path = format!("/emulator/v1/inbox?to={}", url_encode(&phone));
            let v = timed(steps, user, "emulator/inbox", GooseMethod::Get, &path, None).await?;
            let code = code_in_inbox(&v, &vid)?;
            let path = format!("/auth/v1/verification/verify?client_id={env}");
            let body = json!({"verification_id": vid, "verification_code": code});
            let v = timed(
                steps,
                user,
                "verification/verify",
                GooseMethod::Post,
                &path,
                Some(&body),
            );
            let vtoken = field("verification/verify", &v.await?, "verification_token")?;
            let path = format!("/auth/v1/signup?client_id={env}");
            let body = json!({"phone_number": phone, "verification_token": vtoken});
            let v = timed(steps, user, "signup", GooseMethod::Post, &path, Some(&body)).await?;
            field("signup", &v, "access_token")?;
        }
        UserState::Password { username } => {
            let path = format!("/auth/v1/signin?client_id={env}");
            let body = json!({"username": username, "password": PASSWORD});
            let v = timed(steps, user, "signin", GooseMethod::Post, &path, Some(&body)).await?;
            field("signin", &v, "access_token")?;
        }
    }
    Ok(())
}

/// A new anonymous session for a refresh user whose refresh failed (not timed).
async fn renew_session(user: &mut GooseUser, env: &str) -> Result<String, CallError> {
    let path = format!("/auth/v1/signin/anonymously?client_id={env}");
    let v = call(
        user,
        "signin/anonymously",
        GooseMethod::Post,
        &path,
        Some(&json!({})),
    )
    .await?;
    field("signin/anonymously", &v, "refresh_token")
}

/// One turn of a goose user: an operation while the window lasts, recorded in `shared`.
async fn turn(shared: &Shared, user: &mut GooseUser) {
    let t0 = Instant::now();
    let slot = shared.users.get(user.weighted_users_index);
    let (Some(slot), true) = (slot, t0 < shared.window.end) else {
        // The window is over (goose stops the users at its run time), or not a user of ours.
        tokio::time::sleep(Duration::from_millis(50)).await;
        return;
    };
    let mut state = slot.lock().await;
    let mut steps = Vec::with_capacity(4);
    let r = operation(&mut state, user, &shared.env, &mut steps).await;
    let dt = t0.elapsed();
    // A failed refresh may have lost the session: start a new one.
    let mut renewal_error = None;
    if let (Err(_), UserState::Refresh { refresh_token }) = (&r, &mut *state) {
        match renew_session(user, &shared.env).await {
            Ok(rt) => *refresh_token = rt,
            Err(e) => renewal_error = Some(e),
        }
    }
    drop(state);
    let window = &shared.window;
    let mut renewal_failed = false;
    if let Ok(mut stats) = shared.stats.lock() {
        match r {
            Ok(()) => stats.operation(window, t0, dt, &steps),
            Err(e) => stats.error(window, t0, e),
        }
        if let Some(e) = renewal_error.take() {
            stats.error(window, t0, e);
            renewal_failed = true;
        }
    }
    if renewal_failed {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The goose scenario of `scenario`: one transaction, repeated by every user.
pub fn goose_scenario(scenario: Scenario, shared: Arc<Shared>) -> goose::prelude::Scenario {
    let repeat: TransactionFunction = Arc::new(move |user| {
        let shared = Arc::clone(&shared);
        Box::pin(async move {
            turn(&shared, user).await;
            Ok(())
        })
    });
    goose::prelude::Scenario::new(&format!("{scenario:?}"))
        .register_transaction(Transaction::new(repeat).set_name("operation"))
}
