//! Sign-in and identity linking through an OAuth identity provider: the provider's authorize
//! URI (`signInWithOAuth`, `linkIdentity`), and the callback's code exchanged for a provider
//! token that signs in or is bound to the signed-in user (`verifyOAuth`).
//!
//! The browser side (the `state` kept in sessionStorage, the redirect, reading and cleaning the
//! callback URL) belongs to the host: the npm package's JS entry does it.

use crate::prelude::*;

use super::client::AuthClient;
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::http::{Call, random_hex};
use super::platform::Platform;
use super::session::SignedIn;
use super::task::{AuthFuture, failed, non_empty};
use super::validate;
use cloudbase_auth_wire as wire;

impl<P: Platform> AuthClient<P> {
    /// The provider's authorize URI (`GET /v1/provider/uri`) for `provider`, returning to
    /// `redirect_uri` with `state`.
    pub fn oauth_uri(&self, provider: &str, redirect_uri: &str, state: &str) -> AuthFuture<String> {
        let mut call = Call::get("/v1/provider/uri");
        for (key, value) in [
            ("provider_id", provider),
            ("redirect_uri", redirect_uri),
            ("state", state),
        ] {
            if let Err(e) = validate::required(Some(value), key) {
                return failed(e);
            }
            call = call.query(key, value);
        }
        let sent = self.send(&call);
        let me = self.clone();
        Box::pin(async move {
            let answer: wire::ProviderUri = me.read(&sent.await?)?;
            let uri = non_empty(answer.uri, "uri")?;
            // The page is sent there: a `javascript:` or `data:` URI from a hostile or
            // intercepted answer would run on the app's origin.
            let lower = uri.trim_start().to_ascii_lowercase();
            let web = ["http://", "https://", "http%3a", "https%3a"]
                .iter()
                .any(|scheme| lower.starts_with(scheme));
            if web {
                Ok(uri)
            } else {
                Err(AuthError::internal(
                    "the service answered with a provider URI that is not http(s)",
                ))
            }
        })
    }

    /// A fresh OAuth `state` for `provider`: `prd-{provider}-` and 16 bytes of the platform's
    /// secure randomness in hex (the state is what ties a callback to the tab that started it).
    pub fn oauth_state(&self, provider: &str) -> String {
        ["prd-", provider, "-", &random_hex(&self.inner.platform, 16)].concat()
    }

    /// Finishes an OAuth callback: the provider's `code` (for the page at `redirect_uri`) is
    /// exchanged for a provider token (`/v1/provider/token`), which signs in (`Some`, as
    /// [`sign_in_with_id_token`](Self::sign_in_with_id_token)) or, when `bind`, is bound to
    /// the signed-in user (`/v1/user/provider/bind`, then `BIND_IDENTITY`; `None`).
    pub fn verify_oauth(
        &self,
        provider: &str,
        code: &str,
        redirect_uri: &str,
        bind: bool,
    ) -> AuthFuture<Option<SignedIn>> {
        let checked = validate::required(Some(provider), "provider")
            .and_then(|_| validate::required(Some(code), "code"));
        if let Err(e) = checked {
            return failed(e);
        }
        // A code is single use: it is not spent on a bind that cannot happen.
        if bind && self.stored_credentials().is_none() {
            return failed(AuthError::unauthenticated("not signed in"));
        }
        let granted = self.grant_provider_token(provider, code, redirect_uri);
        let me = self.clone();
        Box::pin(async move {
            let token = granted.await?;
            if bind {
                me.bind_provider(&token).await.map(|()| None)
            } else {
                me.sign_in_with_id_token(&token).await.map(Some)
            }
        })
    }

    /// v2 `grantProviderToken`: the provider token (`POST /v1/provider/token`) for the
    /// provider's `code`, given to the page at `redirect_uri`.
    pub fn grant_provider_token(
        &self,
        provider: &str,
        code: &str,
        redirect_uri: &str,
    ) -> AuthFuture<String> {
        let body = wire::ProviderTokenGrant {
            provider_id: provider.to_owned(),
            provider_redirect_uri: Some(redirect_uri.to_owned()),
            provider_code: Some(code.to_owned()),
            ..Default::default()
        };
        let sent = self.send(&self.post("/v1/provider/token", &body));
        let me = self.clone();
        Box::pin(async move {
            let answer: wire::ProviderToken = me.read(&sent.await?)?;
            non_empty(answer.provider_token, "provider_token")
        })
    }

    /// v2 `bindWithProvider`: binds the identity of a provider token to the signed-in user
    /// (`POST /v1/user/provider/bind`), then delivers `BIND_IDENTITY` (the JS entry gives
    /// that event itself, with its outcome, for `linkIdentity` only).
    pub fn bind_provider(&self, provider_token: &str) -> AuthFuture<()> {
        let body = wire::ProviderBind {
            provider_token: provider_token.to_owned(),
        };
        let sent = self.send_authed(self.post("/v1/user/provider/bind", &body));
        let me = self.clone();
        Box::pin(async move {
            sent.await?;
            me.emit(AuthChangeEvent::BindIdentity);
            Ok(())
        })
    }
}
