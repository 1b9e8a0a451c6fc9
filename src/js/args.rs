//! The bridge's argument type that is not the core's own, a serde type read from the JS
//! object the entry passes.

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
