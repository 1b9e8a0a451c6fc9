//! The service's public keys: `GET /v1/certs`, a JWK set (RFC 7517) with the key that signs
//! the access tokens.

use serde::{Deserialize, Serialize};

/// `{keys: [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeySet {
    /// The keys.
    #[serde(default)]
    pub keys: Vec<Jwk>,
}

/// One public key of a [`KeySet`] (an elliptic-curve key: `x`, `y` in base64url).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    /// Key type: `EC`.
    pub kty: String,
    /// Curve: `P-256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// Algorithm: `ES256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Use: `sig`.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// Key id, as in the tokens' header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The point's x coordinate (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// The point's y coordinate (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::round_trip;

    #[test]
    fn a_key_set_round_trips() {
        let set: KeySet = round_trip(
            r#"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"emulator-es256","x":"eA","y":"eQ"}]}"#,
        );
        assert_eq!(set.keys[0].key_use.as_deref(), Some("sig"));
    }
}
