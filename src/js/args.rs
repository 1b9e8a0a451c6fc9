//! The bridge's argument types that are not the core's own: serde types read from the JS
//! objects the entry passes.

use serde::Deserialize;

use crate::core::params::text;
use crate::prelude::*;

/// `{email | phone | phone_number, type?}`: where a code goes (`resend`, an address change).
#[derive(Deserialize)]
pub(super) struct AddressArgs {
    #[serde(default, deserialize_with = "text")]
    pub(super) email: Option<String>,
    #[serde(default, alias = "phone_number", deserialize_with = "text")]
    pub(super) phone: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "text")]
    pub(super) kind: Option<String>,
}

/// `{verification_id, verification_code}` of the v2 `verify`.
#[derive(Deserialize)]
pub(super) struct VerifyArgs {
    #[serde(default, deserialize_with = "text")]
    pub(super) verification_id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(super) verification_code: Option<String>,
}
