//! Third-party providers, and the endpoints the emulator does not offer.
//!
//! The emulator talks to no identity provider, so it never issues a provider token: every
//! `provider_token` it is given is unknown, and no user has a bound provider.
use super::{authenticate, body};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use serde::Deserialize;
use serde_json::Value;

/// The error for any provider token.
pub fn unknown_provider_token() -> ApiError {
    ApiError::invalid(
        "provider_token is invalid or expired (the emulator issues no provider tokens)",
    )
}

#[derive(Deserialize)]
struct ProviderTokenReq {
    provider_token: String,
}

/// `POST /v1/user/provider/bind` `{provider_token}`.
pub async fn bind(
    State(st): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<Value>> {
    let req: ProviderTokenReq = body(&bytes)?;
    authenticate(&st, &headers)?;
    if req.provider_token.is_empty() {
        return Err(ApiError::invalid("provider_token is required"));
    }
    Err(unknown_provider_token())
}

/// `DELETE /v1/user/provider/{provider_id}`: nothing is ever bound.
pub async fn unbind(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
) -> ApiResult<Json<Value>> {
    authenticate(&st, &headers)?;
    Err(ApiError::not_found(format!(
        "provider {provider_id:?} is not bound to this user"
    )))
}

/// `POST /v1/signin/with/provider` `{provider_token}`.
pub async fn signin(bytes: Bytes) -> ApiResult<Json<Value>> {
    let req: ProviderTokenReq = body(&bytes)?;
    if req.provider_token.is_empty() {
        return Err(ApiError::invalid("provider_token is required"));
    }
    Err(unknown_provider_token())
}

/// Endpoints of the service that the emulator does not offer (answered `unimplemented`, 501).
pub const UNAVAILABLE: &[&str] = &[
    "/auth/v1/provider/uri",
    "/auth/v1/provider/token",
    "/auth/v1/signin/wechat/noauth",
    "/auth/v1/plugin/weda/userinfo",
    "/auth/v1/qrcode/generate",
    "/auth/v1/qrcode/get/status",
    "/auth/v1/device/code",
    "/auth/v1/user/device/authorize",
    "/auth/v1/user/authorize",
    "/auth/v1/user/authorize/info",
    "/auth/v1/user/authorized/devices/{id}",
    "/auth/v1/user/revoke/all",
    "/auth/v1/user/security/history",
    "/auth/v1/user/profile",
    "/auth/v1/user/query",
    "/auth/v1/user/provider/{provider_id}/trans",
    "/auth/v1/user/trans/by/provider",
    "/auth/v1/checkUsername",
    "/auth/v1/captcha/data",
    "/auth/v1/captcha/data/verify",
    "/auth/v1/mgr/provider/providerSubType",
    "/auth/v2/signin/verificationcode",
    "/auth/v2/signin/publichkey",
    "/auth/v2/signin/username",
    "/auth/v2/signin/with/provider",
    "/auth/v2/signin/password/update",
    "/auth/v2/token",
    "/auth/v2/user/me",
];

/// Answers `unimplemented` for an endpoint of [`UNAVAILABLE`].
pub async fn unavailable(method: Method, uri: Uri) -> ApiError {
    ApiError::unimplemented(format!(
        "{method} {} is not available in the emulator",
        uri.path()
    ))
}
