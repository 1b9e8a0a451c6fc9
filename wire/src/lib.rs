//! The request and response bodies of the CloudBase auth service (`/auth/v1`) as serde types,
//! shared by the SDK (which writes the requests and reads the answers) and the emulator (which
//! reads the requests and writes the answers).
//!
//! The wire protocol is the one of `@cloudbase/js-sdk` 3.7.0. The types are kept cheap for the
//! SDK's wasm module and lenient for its readers:
//! - no `#[serde(flatten)]`, no untagged or internally tagged enums, no `deny_unknown_fields`
//!   (unknown fields are ignored);
//! - a field the service may leave out is an `Option` that is neither required when read nor
//!   written when `None`;
//! - integers where the wire has integers.
//!
//! With the `openapi` feature every type also derives `utoipa::ToSchema` (the emulator's API
//! document); the SDK does not enable it.
pub mod account;
pub mod credentials;
pub mod error;
pub mod oauth;
pub mod provider;
pub mod signin;
pub mod signup;
pub mod token;
pub mod user;
pub mod verification;

#[cfg(test)]
mod testing;

pub use account::{
    BasicEdit, ContactChange, PasswordChange, PasswordReset, SudoAnswer, SudoRequest,
};
pub use credentials::Credentials;
pub use error::ErrorBody;
pub use oauth::{
    ProviderProfile, ProviderToken, ProviderTokenGrant, ProviderTokenPatch, ProviderUri,
};
pub use provider::{Identity, IdentityList, ProviderBind};
pub use signin::{AnonymousSignIn, CustomSignIn, ProviderSignIn, SignIn};
pub use signup::SignUp;
pub use token::{RefreshRequest, RevokeRequest, SignOutAnswer, SignOutRequest};
pub use user::{UserGroup, UserInfo, UserProvider, UsernameExists};
pub use verification::{Verification, VerificationRequest, VerifyAnswer, VerifyRequest};

use serde::{Deserialize, Serialize};

/// `{}`: the answer of an endpoint that returns nothing (`/v1/revoke`, `/v1/user/basic/edit`,
/// `/v1/user/password`, ...), and the body of a request that carries nothing. Any fields in a
/// read body are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Empty {}
