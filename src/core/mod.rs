//! The platform-free core: flows, session and token lifecycle, events, validation, errors.
//! Nothing here touches the browser; see [`platform`] for what the host provides.

pub mod account;
mod announce;
pub mod client;
pub mod code_errors;
pub mod config;
pub mod encode;
pub mod error;
pub mod events;
pub mod flows;
pub mod handoff;
pub mod http;
#[cfg(any(test, not(target_arch = "wasm32")))]
pub mod json_native;
pub mod oauth;
pub mod params;
pub mod platform;
pub mod refresh;
pub mod session;
pub mod sign_in;
pub mod single_flight;
pub mod task;
pub mod time;
pub mod user;
pub mod v2;
pub mod validate;
mod watch;

#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;

pub use client::{AuthClient, Subscription};
pub use config::Config;
pub use error::{AuthError, Category, ErrorDetails};
pub use events::{AuthChangeEvent, Listener};
pub use params::{
    Contact, OtpChallenge, OtpOptions, SignInWithOtpParams, SignInWithPasswordParams,
    SignOutParams, SignUpParams, VerifyOtpParams,
};
pub use session::{Session, SignedIn};
pub use task::AuthFuture;
pub use user::User;
