//! The built-in fake OAuth identity provider and the endpoints that talk to it.
//!
//! The providers `fake` and `fake2` stand in for third-party identity providers, so that OAuth
//! sign-in and identity linking work end to end with no outside service:
//!
//! 1. `GET /auth/v1/provider/uri` answers the provider's authorize URL, which is served by the
//!    emulator itself (`GET /emulator/v1/oauth/authorize`).
//! 2. The authorize page redirects (302) to `redirect_uri?code=&state=` for the identity named by
//!    `login_hint` (or, with `prompt=none`, the default identity `fake-user`); otherwise it shows
//!    a small form to enter one. Codes are single use and live [`CODE_TTL_SECS`].
//! 3. `POST /auth/v1/provider/token` exchanges the code for a provider token (single use, lives
//!    [`PROVIDER_TOKEN_TTL_SECS`]) and the identity's profile.
//! 4. `POST /auth/v1/signin/with/provider` or `POST /auth/v1/user/provider/bind` consumes the
//!    provider token (see [`super::provider`]).
//!
//! Redirect URIs are `http` or `https` URLs to this machine or to an origin allowed on the command
//! line ([`redirect`]); the code exchange requires the redirect URI of the authorization.
pub(crate) mod authorize;
pub(crate) mod exchange;
pub mod redirect;
pub(crate) mod uri;

pub use authorize::authorize;
pub use exchange::{consume_token, grant, invalid_provider_token, live_token, patch};
pub use uri::uri;

use super::{MAX_STRING, Params};
use crate::error::{ApiError, ApiResult};
use cloudbase_auth_wire::ProviderProfile;

/// Lifetime of an authorization code, seconds.
pub const CODE_TTL_SECS: i64 = 300;
/// Lifetime of a provider token, seconds.
pub const PROVIDER_TOKEN_TTL_SECS: i64 = 600;
/// Path of the fake provider's authorize page.
pub const AUTHORIZE_PATH: &str = "/emulator/v1/oauth/authorize";
/// Subject of the identity chosen by `prompt=none` without a `login_hint`.
pub const DEFAULT_SUBJECT: &str = "fake-user";

/// A fake identity provider.
#[derive(Debug)]
pub struct FakeProvider {
    /// The `provider_id`.
    pub id: &'static str,
    /// Display name (`name` in `GET /auth/v1/user/provider`).
    pub name: &'static str,
}

/// The identity providers of the emulator.
pub const PROVIDERS: &[FakeProvider] = &[
    FakeProvider {
        id: "fake",
        name: "Fake",
    },
    FakeProvider {
        id: "fake2",
        name: "Fake 2",
    },
];

/// The provider `id`: `invalid_argument` when empty, `not_found` when unknown.
pub fn provider(id: &str) -> ApiResult<&'static FakeProvider> {
    if id.is_empty() {
        return Err(ApiError::invalid("provider_id is required"));
    }
    PROVIDERS.iter().find(|p| p.id == id).ok_or_else(|| {
        let known: Vec<&str> = PROVIDERS.iter().map(|p| p.id).collect();
        ApiError::not_found(format!(
            "provider {id:?} is not configured in the emulator (available: {})",
            known.join(", ")
        ))
    })
}

/// The display name of a provider id (the id itself if unknown).
pub fn provider_name(id: &str) -> &str {
    PROVIDERS.iter().find(|p| p.id == id).map_or(id, |p| p.name)
}

/// An identity at a fake provider. Empty strings stand for unset values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The provider.
    pub provider_id: String,
    /// The provider's user id.
    pub sub: String,
    /// Display name.
    pub name: String,
    /// Email address (lowercase), or empty.
    pub email: String,
    /// Picture URL, or empty.
    pub picture: String,
}

impl Profile {
    /// The `provider_profile` of the code exchange's answer.
    pub fn to_wire(&self) -> ProviderProfile {
        ProviderProfile {
            provider_id: Some(self.provider_id.clone()),
            sub: Some(self.sub.clone()),
            name: Some(self.name.clone()),
            email: Some(self.email.clone()),
            picture: Some(self.picture.clone()),
        }
    }

    pub(super) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            provider_id: r.get(0)?,
            sub: r.get(1)?,
            name: r.get(2)?,
            email: r.get(3)?,
            picture: r.get(4)?,
        })
    }
}

/// Query parameters of the authorize URL that `provider/uri` takes from `other_params[...]`.
const PASSED_THROUGH: &[&str] = &["login_hint", "prompt", "name", "email", "picture"];

/// A query parameter: `None` when missing or empty; refused with control characters or over
/// [`MAX_STRING`] characters.
pub(super) fn param<'a>(q: &'a Params, key: &str) -> ApiResult<Option<&'a str>> {
    let Some(v) = q.get(key).map(String::as_str).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().any(char::is_control) {
        return Err(ApiError::invalid(format!(
            "{key} may not contain control characters"
        )));
    }
    if v.chars().nth(MAX_STRING).is_some() {
        return Err(ApiError::invalid(format!(
            "{key} may not exceed {MAX_STRING} characters"
        )));
    }
    Ok(Some(v))
}

/// A required query parameter.
pub(super) fn required<'a>(q: &'a Params, key: &str) -> ApiResult<&'a str> {
    param(q, key)?.ok_or_else(|| ApiError::invalid(format!("{key} is required")))
}
