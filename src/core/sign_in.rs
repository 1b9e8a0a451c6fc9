//! Signing in: the credentials of a [`Grant`] (a sign-in call's answer, or the app's), the
//! user of their token, both stored, then `SIGNED_IN`.

use crate::prelude::*;

use cloudbase_auth_wire::{Credentials as WireCredentials, UserInfo};

use super::client::AuthClient;
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::http::Call;
use super::platform::Platform;
use super::session::{Credentials, Session, SignedIn};
use super::task::AuthFuture;
use super::time::{format_iso, parse_iso};
use super::user::User;

/// Where the credentials of a sign-in come from.
pub enum Grant {
    /// The service's answer to this call.
    Call(Call),
    /// Handed over by the app (v2 `setCredentials`).
    Given(WireCredentials),
}

impl<P: Platform> AuthClient<P> {
    /// Sends `call` (a sign-in of some kind), fetches the user of the token it answers with,
    /// stores both, and delivers `SIGNED_IN`.
    pub(crate) fn sign_in_call(
        &self,
        call: Call,
        version: Option<&'static str>,
    ) -> AuthFuture<SignedIn> {
        self.sign_in_grant(Grant::Call(call), version)
    }

    /// [`sign_in_call`](Self::sign_in_call) of credentials from `grant`.
    pub(crate) fn sign_in_grant(
        &self,
        grant: Grant,
        version: Option<&'static str>,
    ) -> AuthFuture<SignedIn> {
        let me = self.clone();
        Box::pin(async move {
            // The credentials and the user info are stored once both are in, one after the
            // other in one task: storage never pairs the new token with the previous user, and
            // a failure leaves whatever session was there as it was. Storage writes on the web
            // also cost the page's thread beyond the call itself (bench/README.md): done after
            // the last answer, that cost no longer delays the second request.
            let (credentials, info) = me.signed_in_answer(grant, version).await?;
            me.store_credentials(&credentials);
            let user = User::from_info(&me.store_user_info(info), "");
            let session = Session { credentials, user };
            me.emit_session(AuthChangeEvent::SignedIn, Some(&session));
            Ok(session.into())
        })
    }

    /// The credentials of `grant` (a sign-in call's answer, or the app's) and the user of their
    /// token (`GET /v1/user/me`, the token sent as given), nothing stored.
    pub(crate) async fn signed_in_answer(
        &self,
        grant: Grant,
        version: Option<&'static str>,
    ) -> Result<(Credentials, UserInfo), AuthError> {
        let (answer, given_expiry) = match grant {
            Grant::Call(call) => (self.read(&self.send(&call).await?)?, None),
            Grant::Given(given) => {
                let at = given.expires_at.as_deref().and_then(parse_iso);
                (given, at)
            }
        };
        let mut credentials = Credentials::from_response(answer, self.now(), version)?;
        // The app's credentials keep an expiry of their own (what `getCredentials()` gave) when
        // it comes sooner than `expires_in` from now: never later, whatever clock wrote it.
        if let Some(at) = given_expiry.filter(|&at| at < credentials.expires_at_ms()) {
            credentials.expires_at = format_iso(at);
        }
        let me_call = Call::get("/v1/user/me").bearer(&credentials.access_token);
        let info = self.read::<UserInfo>(&self.send(&me_call).await?)?;
        // The token's user is the one the service names (an app's credentials may carry none,
        // or another's id).
        credentials.sub.clone_from(&info.sub);
        Ok((credentials, info))
    }
}
