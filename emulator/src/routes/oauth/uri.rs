//! `GET /auth/v1/provider/uri`: the authorize URL of the fake provider.
use super::redirect::{check_redirect_uri, with_query};
use super::{AUTHORIZE_PATH, PASSED_THROUGH, param, provider};
use crate::error::{ApiError, ApiResult};
use crate::routes::{Params, env};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use cloudbase_auth_wire::ProviderUri;

/// `scheme://host` of this emulator as the client reached it: `Host`, or with `trust_forwarded`
/// (`--trust-forwarded-headers`, behind a proxy) `X-Forwarded-Host` and `X-Forwarded-Proto`;
/// empty (a relative URL) without a usable host.
fn origin(headers: &HeaderMap, trust_forwarded: bool) -> String {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or_default().trim())
            .filter(|v| !v.is_empty())
    };
    let forwarded = |name: &str| get(name).filter(|_| trust_forwarded);
    let host = forwarded("x-forwarded-host").or_else(|| get(header::HOST.as_str()));
    let Some(host) = host.filter(|h| {
        h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
    }) else {
        return String::new();
    };
    let scheme = if forwarded("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"))
    {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// `GET /v1/provider/uri?client_id&provider_id&redirect_uri&state&scope&response_type&other_params[k]=`
/// → `{uri}`: the authorize URL of the fake provider on this emulator.
#[utoipa::path(
    get,
    path = "/auth/v1/provider/uri",
    tag = "auth",
    operation_id = "genProviderRedirectUri",
    summary = "OAuth authorization URI",
    description = "The authorize URL of a fake provider, served by the emulator itself: `GET /emulator/v1/oauth/authorize` with `response_type=code`, `client_id`, `provider_id`, `redirect_uri`, `state` and `scope`, plus `login_hint`, `prompt`, `name`, `email` and `picture` taken from `other_params[...]` (other `other_params` are ignored). The host is the request's (`Host`, or `X-Forwarded-Host`/`X-Forwarded-Proto`).",
    params(
        crate::openapi_parts::ClientId,
        ("provider_id" = String, Query, description = "`fake` or `fake2`; another id is `not_found`."),
        ("redirect_uri" = String, Query, description = "Where the authorize page redirects: an `http` or `https` URL to this machine (`localhost`, `127.0.0.0/8`, `[::1]`) or to an origin allowed with `--redirect-origin`; anything else is `invalid_argument`. `provider_redirect_uri` is accepted too."),
        ("state" = Option<String>, Query, description = "Returned unchanged in the redirect."),
        ("scope" = Option<String>, Query, description = "Accepted and ignored."),
        ("response_type" = Option<String>, Query, description = "`code` (the only one) when given."),
    ),
    responses(
        (status = 200, description = "The authorize URL", body = ProviderUri),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 404, response = crate::openapi_parts::NotFound),
    ),
)]
pub async fn uri(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> ApiResult<Json<ProviderUri>> {
    let env = env(&q)?;
    let provider = provider(param(&q, "provider_id")?.unwrap_or_default())?;
    let redirect = match param(&q, "redirect_uri")? {
        Some(r) => r,
        None => param(&q, "provider_redirect_uri")?
            .ok_or_else(|| ApiError::invalid("redirect_uri is required"))?,
    };
    check_redirect_uri(&st, redirect)?;
    if let Some(rt) = param(&q, "response_type")? {
        if rt != "code" {
            return Err(ApiError::invalid(format!(
                "unsupported response_type {rt:?}: the fake provider answers \"code\""
            )));
        }
    }
    let mut pairs: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", &env),
        ("provider_id", provider.id),
        ("redirect_uri", redirect),
    ];
    for key in ["state", "scope"] {
        if let Some(v) = param(&q, key)? {
            pairs.push((key, v));
        }
    }
    let extra: Vec<(&str, String)> = PASSED_THROUGH
        .iter()
        .map(|k| (*k, format!("other_params[{k}]")))
        .collect();
    for (k, name) in &extra {
        if let Some(v) = param(&q, name)? {
            pairs.push((k, v));
        }
    }
    let uri = with_query(
        &format!(
            "{}{AUTHORIZE_PATH}",
            origin(&headers, st.options().trust_forwarded_headers)
        ),
        &pairs,
    );
    Ok(Json(ProviderUri {
        uri,
        signout_uri: None,
    }))
}
