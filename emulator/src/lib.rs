//! A local emulator of the CloudBase auth HTTP service (`/auth/v1/*`) with a dev API
//! (`/emulator/v1/*`). Data is scoped by environment id.
pub mod config;
pub mod error;
pub mod ids;
pub mod password;
pub mod routes;
pub mod state;
pub mod store;
pub mod tokens;
pub mod validate;

use axum::Router;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{any, delete, get, patch, post};
use config::Config;
pub use state::AppState;
use std::time::Duration;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 64 * 1024;

async fn certs(State(st): State<AppState>) -> axum::Json<serde_json::Value> {
    axum::Json(tokens::jwks(st.key()))
}

async fn fallback() -> error::ApiError {
    error::ApiError::not_found("no such endpoint")
}

/// Builds the router.
pub fn router(state: AppState) -> Router {
    use routes::*;
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .max_age(Duration::from_secs(600));
    let auth = Router::new()
        .route("/v1/verification", post(verification::send))
        .route("/v1/verification/verify", post(verification::verify))
        .route("/v1/signup", post(signup::signup))
        .route("/v1/signin", post(signin::signin))
        .route("/v1/signin/anonymously", post(signin::anonymously))
        .route("/v1/token", post(token::token))
        .route("/v1/revoke", post(token::revoke))
        .route("/v1/user/signout", post(user::signout))
        .route("/v1/user/me", get(user::me).delete(account::delete_me))
        .route("/v1/user/basic/edit", post(account::basic_edit))
        .route("/v1/user/sudo", post(account::sudo))
        .route("/v1/user/password", patch(account::set_password))
        .route("/v1/reset", post(account::reset_password))
        .route("/v1/user/contact", patch(account::contact))
        .route("/v1/user/provider", get(user::providers))
        .route("/v1/user/provider/bind", post(provider::bind))
        .route("/v1/user/provider/{provider_id}", delete(provider::unbind))
        .route("/v1/signin/custom", post(custom::signin))
        .route("/v1/signin/with/provider", post(provider::signin))
        .route("/v1/checkIfUserExist", get(user::exists))
        .route("/v1/certs", get(certs));
    let auth = provider::UNAVAILABLE
        .iter()
        .fold(auth, |r, path| r.route(path, any(provider::unavailable)));
    let dev = Router::new()
        .route("/v1/inbox", get(dev::inbox))
        .route("/v1/reset", post(dev::reset))
        .route("/v1/health", get(dev::health))
        .route("/v1/users", post(dev::create_user))
        .route("/v1/tickets", post(custom::issue))
        .route("/v1/config", get(dev::get_config).patch(dev::patch_config));
    Router::new()
        .nest("/auth", auth)
        .nest("/emulator", dev)
        .fallback(fallback)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(cors)
        .layer(axum::middleware::map_response(preflight_204))
        .with_state(state)
}

/// CORS preflights are answered 204 (tower-http answers 200).
async fn preflight_204(mut res: axum::response::Response) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    if res.status() == StatusCode::OK && res.headers().contains_key("access-control-max-age") {
        *res.status_mut() = StatusCode::NO_CONTENT;
    }
    // Errors produced by layers (body too large, wrong method, bad query) get the JSON error body.
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_json && (res.status().is_client_error() || res.status().is_server_error()) {
        let status = res.status();
        let mut err = match status {
            StatusCode::PAYLOAD_TOO_LARGE => error::ApiError::invalid("request body too large"),
            StatusCode::METHOD_NOT_ALLOWED => error::ApiError::not_found("method not allowed"),
            s if s.is_server_error() => error::ApiError::internal("internal error"),
            _ => error::ApiError::invalid("invalid request"),
        };
        err.status = status;
        let headers = res.headers().clone();
        let mut out = err.into_response();
        for (k, v) in headers
            .iter()
            .filter(|(k, _)| k.as_str().starts_with("access-control-"))
        {
            out.headers_mut().insert(k.clone(), v.clone());
        }
        return out;
    }
    res
}

/// Opens the database and builds the state for a config.
pub fn state_for(config: &Config) -> rusqlite::Result<AppState> {
    Ok(AppState::new(
        store::open(&config.db)?,
        config.limits.clone(),
    ))
}

/// Binds and serves until the process ends.
pub async fn serve(config: Config) -> std::io::Result<()> {
    let state = state_for(&config).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    tracing::info!(
        "CloudBase auth emulator listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, router(state)).await
}
