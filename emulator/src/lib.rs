//! A local emulator of the CloudBase auth HTTP service (`/auth/v1/*`) with a dev API
//! (`/emulator/v1/*`). Data is scoped by environment id.
pub mod config;
pub mod error;
pub mod guard;
pub mod ids;
pub mod memory;
pub mod openapi;
pub mod openapi_parts;
pub mod password;
pub mod phone;
pub mod routes;
pub mod secret;
pub mod state;
pub mod store;
pub mod tokens;
pub mod validate;

use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{MethodRouter, any, delete, get, patch, post};
use config::Config;
pub use state::AppState;
use std::time::Duration;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 64 * 1024;

async fn fallback() -> error::ApiError {
    error::ApiError::not_found("no such endpoint")
}

/// An HTTP method of a route; `Any` answers every method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// Every method.
    Any,
}

impl Verb {
    /// Lowercase name, as an OpenAPI operation key (`any` for [`Verb::Any`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Patch => "patch",
            Self::Delete => "delete",
            Self::Any => "any",
        }
    }
}

/// A route of the router: its path (an axum and OpenAPI path template) and methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Path, e.g. `/auth/v1/user/provider/{provider_id}`.
    pub path: &'static str,
    /// Methods answered.
    pub methods: Vec<Verb>,
}

/// The router and the list of its routes, built together so that the list cannot drift.
struct Table {
    router: Router<AppState>,
    routes: Vec<Route>,
}

/// One method of a route and its handler.
fn op<H, T>(verb: Verb, handler: H) -> (Verb, MethodRouter<AppState>)
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let mr = match verb {
        Verb::Get => get(handler),
        Verb::Post => post(handler),
        Verb::Patch => patch(handler),
        Verb::Delete => delete(handler),
        Verb::Any => any(handler),
    };
    (verb, mr)
}

impl Table {
    fn route<const N: usize>(
        mut self,
        path: &'static str,
        ops: [(Verb, MethodRouter<AppState>); N],
    ) -> Self {
        let mut methods = Vec::with_capacity(N);
        let mut merged = MethodRouter::new();
        for (verb, mr) in ops {
            methods.push(verb);
            merged = merged.merge(mr);
        }
        self.router = self.router.route(path, merged);
        self.routes.push(Route { path, methods });
        self
    }
}

fn table() -> Table {
    use Verb::*;
    use routes::*;
    let t = Table {
        router: Router::new(),
        routes: Vec::new(),
    }
    .route("/auth/v1/verification", [op(Post, verification::send)])
    .route(
        "/auth/v1/verification/verify",
        [op(Post, verification::verify)],
    )
    .route("/auth/v1/signup", [op(Post, signup::signup)])
    .route("/auth/v1/signin", [op(Post, signin::signin)])
    .route(
        "/auth/v1/signin/anonymously",
        [op(Post, signin::anonymously)],
    )
    .route("/auth/v1/signin/custom", [op(Post, custom::signin)])
    .route(
        "/auth/v1/signin/with/provider",
        [op(Post, provider::signin)],
    )
    .route("/auth/v1/token", [op(Post, token::token)])
    .route("/auth/v1/revoke", [op(Post, token::revoke)])
    .route("/auth/v1/user/signout", [op(Post, user::signout)])
    .route(
        "/auth/v1/user/me",
        [op(Get, user::me), op(Delete, account::delete_me)],
    )
    .route("/auth/v1/user/basic/edit", [op(Post, account::basic_edit)])
    .route("/auth/v1/user/sudo", [op(Post, account::sudo)])
    .route("/auth/v1/user/password", [op(Patch, account::set_password)])
    .route("/auth/v1/user/contact", [op(Patch, account::contact)])
    .route("/auth/v1/reset", [op(Post, account::reset_password)])
    .route("/auth/v1/user/provider", [op(Get, provider::list)])
    .route("/auth/v1/user/provider/bind", [op(Post, provider::bind)])
    .route(
        "/auth/v1/user/provider/{provider_id}",
        [op(Delete, provider::unbind)],
    )
    .route("/auth/v1/provider/uri", [op(Get, oauth::uri)])
    .route(
        "/auth/v1/provider/token",
        [op(Post, oauth::grant), op(Patch, oauth::patch)],
    )
    .route("/auth/v1/checkIfUserExist", [op(Get, user::exists)])
    .route("/auth/v1/certs", [op(Get, user::certs)])
    .route("/emulator/v1/inbox", [op(Get, dev::inbox)])
    .route("/emulator/v1/reset", [op(Post, dev::reset)])
    .route("/emulator/v1/health", [op(Get, dev::health)])
    .route("/emulator/v1/users", [op(Post, dev::create_user)])
    .route("/emulator/v1/tickets", [op(Post, custom::issue)])
    .route(oauth::AUTHORIZE_PATH, [op(Get, oauth::authorize)])
    .route(
        "/emulator/v1/config",
        [
            op(Get, routes::config::get_config),
            op(Patch, routes::config::patch_config),
        ],
    )
    .route("/emulator/v1/openapi.json", [op(Get, openapi::serve)]);
    provider::UNAVAILABLE
        .iter()
        .fold(t, |t, path| t.route(path, [op(Any, provider::unavailable)]))
}

/// Every route of the router, in registration order.
pub fn routes() -> Vec<Route> {
    table().routes
}

/// Builds the router.
pub fn router(state: AppState) -> Router {
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
    table()
        .router
        .fallback(fallback)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(axum::middleware::from_fn(guard::dev_api_json))
        .layer(cors)
        .layer(axum::middleware::map_response(preflight_204))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::dev_api_origins,
        ))
        // Answers carry tokens, codes and user data: never stored by a browser or a proxy
        // (RFC 6749 §5.1).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::PRAGMA,
            HeaderValue::from_static("no-cache"),
        ))
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
    Ok(AppState::with_options(
        store::open(&config.db)?,
        config.limits.clone(),
        state::Options {
            trust_forwarded_headers: config.trust_forwarded_headers,
            redirect_origins: config.redirect_origins.clone(),
            allowed_hosts: config
                .allowed_hosts
                .iter()
                .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        },
    ))
}

/// How often expired rows are pruned by [`serve`].
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Deletes expired rows ([`store::prune`]) and finished throttle windows.
pub fn prune(state: &AppState) -> rusqlite::Result<usize> {
    let now = state.now_ms();
    state.throttles().prune(now, false);
    store::prune(&state.db(), now)
}

/// The warning printed when the emulator listens on an address other machines can reach.
pub fn exposed_warning(addr: &std::net::SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| {
        format!(
            "WARNING: the emulator listens on {addr}, which other machines can reach. It is a development server: anyone who can connect can read every verification code, mint custom-login tickets and change or wipe its data through /emulator/v1 (by IP address, or by a name given with --allowed-host). Bind 127.0.0.1 (the default) unless this network is yours alone."
        )
    })
}

/// Binds and serves until the process ends, pruning expired rows every [`PRUNE_EVERY`].
pub async fn serve(config: Config) -> std::io::Result<()> {
    let state = state_for(&config).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    if let Some(warning) = exposed_warning(&addr) {
        tracing::warn!("{warning}");
        eprintln!("{warning}");
    }
    tracing::info!("CloudBase auth emulator listening on http://{addr}");
    let pruned = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PRUNE_EVERY);
        loop {
            every.tick().await;
            match prune(&pruned) {
                Ok(0) => {}
                Ok(n) => tracing::debug!("pruned {n} expired rows"),
                Err(e) => tracing::warn!("pruning failed: {e}"),
            }
        }
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}
