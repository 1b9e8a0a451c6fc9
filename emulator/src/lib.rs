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
use axum::routing::{get, post};
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
        .route("/v1/user/me", get(user::me))
        .route("/v1/certs", get(certs));
    let dev = Router::new()
        .route("/v1/inbox", get(dev::inbox))
        .route("/v1/reset", post(dev::reset))
        .route("/v1/health", get(dev::health));
    Router::new()
        .nest("/auth", auth)
        .nest("/emulator", dev)
        .fallback(fallback)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(cors)
        .layer(axum::middleware::map_response(preflight_204))
        .with_state(state)
}

/// CORS preflights are answered 204 (tower-http answers 200).
async fn preflight_204(mut res: axum::response::Response) -> axum::response::Response {
    if res.status() == axum::http::StatusCode::OK
        && res.headers().contains_key("access-control-max-age")
    {
        *res.status_mut() = axum::http::StatusCode::NO_CONTENT;
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
