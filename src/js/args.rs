//! Reading the bridge's JSON arguments (serde derive).

use serde::Deserialize;

use crate::core::AuthError;
use crate::core::params::{from_json_text, text_arg};
use crate::core::value::Map;
use crate::prelude::*;

/// Parses JSON arguments; anything unreadable is an `invalid_argument` error.
pub(super) fn args<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, AuthError> {
    from_json_text(text, "call")
}

/// `{email | phone | phone_number, type?}`: where a code goes (`resend`, an address change).
#[derive(Deserialize)]
pub(super) struct AddressArgs {
    #[serde(default, deserialize_with = "crate::core::params::text")]
    pub(super) email: Option<String>,
    #[serde(
        default,
        alias = "phone_number",
        deserialize_with = "crate::core::params::text"
    )]
    pub(super) phone: Option<String>,
    #[serde(
        default,
        rename = "type",
        deserialize_with = "crate::core::params::text"
    )]
    pub(super) kind: Option<String>,
}

/// `{verification_id, verification_code}` of the v2 `verify`.
#[derive(Deserialize)]
pub(super) struct VerifyArgs {
    #[serde(default, deserialize_with = "crate::core::params::text")]
    pub(super) verification_id: Option<String>,
    #[serde(default, deserialize_with = "crate::core::params::text")]
    pub(super) verification_code: Option<String>,
}

/// The text field `key` of the JSON arguments `params` (`""` when missing; an integer is
/// written out).
pub(super) fn field(params: &str, key: &str) -> Result<String, AuthError> {
    let fields: Map = args(params)?;
    Ok(text_arg(&fields, key)?.unwrap_or_default())
}
