//! The pieces of the OpenAPI document that the handlers' `#[utoipa::path]` attributes name: the
//! `client_id` query parameter and the error responses. (The document itself is
//! [`crate::openapi`].)
mod responses;

pub use responses::{
    BadGrant, BadRequest, Conflict, FailedPrecondition, Forbidden, LoginDisabled, NotFound,
    RateLimited, Throttled, TooLarge, Unauthenticated, Unimplemented, UnsupportedMediaType,
};

/// The `client_id` query parameter of the calls without a bearer token.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientId {
    /// Environment id (the SDK's clientId, default the env); "default" when missing or empty.
    /// 1 to 64 ASCII letters, digits, `-` and `_`; anything else is `invalid_argument`.
    #[param(max_length = 64, pattern = "^[A-Za-z0-9_-]*$")]
    pub client_id: Option<String>,
}
