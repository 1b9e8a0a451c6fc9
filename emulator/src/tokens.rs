//! ES256 access tokens (JWT) and the published JWK.
use crate::error::ApiError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use cloudbase_auth_wire::{Jwk, KeySet};
use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair,
    UnparsedPublicKey,
};
use serde::{Deserialize, Serialize};

/// Key id of the signing key.
pub const KID: &str = "emulator-es256";

/// The ECDSA P-256 key that signs access tokens (ES256: SHA-256, the 64-byte `r || s` form
/// of RFC 7518), made at start-up and never stored.
pub struct SigningKey {
    pair: EcdsaKeyPair,
    rng: SystemRandom,
    /// The encoded JWT header, the same for every token.
    header: String,
}

impl SigningKey {
    /// A new random key.
    pub fn generate() -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .expect("the system random source works");
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .expect("a generated PKCS#8 document parses");
        let header = JwtHeader {
            alg: "ES256",
            typ: "JWT",
            kid: KID,
        };
        let header = B64.encode(serde_json::to_string(&header).unwrap_or_default());
        Self { pair, rng, header }
    }
    /// The public key as an uncompressed SEC1 point: `0x04 || x || y`.
    fn public(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }
}

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// User id.
    pub sub: String,
    /// Environment id.
    pub aud: String,
    /// Expiry, unix seconds.
    pub exp: i64,
    /// Issued at, unix seconds.
    pub iat: i64,
    /// `user` or `anonymous`.
    pub scope: String,
    /// Environment id.
    pub project_id: String,
    /// User id.
    pub user_id: String,
    /// Groups.
    pub groups: Vec<String>,
    /// Session id (revocation).
    pub sid: String,
    /// Token id: random, so that every issued token is unique (even two in one second).
    #[serde(default)]
    pub jti: String,
}

/// Signs claims into a compact JWT.
pub fn sign(key: &SigningKey, claims: &Claims) -> String {
    let payload = serde_json::to_vec(claims).unwrap_or_default();
    let mut input = String::with_capacity(key.header.len() + 1 + payload.len() * 4 / 3 + 92);
    input.push_str(&key.header);
    input.push('.');
    B64.encode_string(payload, &mut input);
    let sig = key.pair.sign(&key.rng, input.as_bytes());
    input.push('.');
    // ring fails only when the system random source does: the token then never verifies.
    if let Ok(sig) = sig {
        B64.encode_string(sig.as_ref(), &mut input);
    }
    input
}

/// Verifies the signature and expiry of a JWT and returns its claims.
pub fn verify(key: &SigningKey, token: &str, now_secs: i64) -> Result<Claims, ApiError> {
    let bad = || ApiError::unauthenticated("invalid access token");
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let sig = B64.decode(s).map_err(|_| bad())?;
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public())
        .verify(format!("{h}.{p}").as_bytes(), &sig)
        .map_err(|_| bad())?;
    let claims: Claims =
        serde_json::from_slice(&B64.decode(p).map_err(|_| bad())?).map_err(|_| bad())?;
    if claims.exp <= now_secs {
        return Err(ApiError::unauthenticated("access token expired"));
    }
    Ok(claims)
}

/// Reads claims without checking the signature's freshness (used by revoke).
pub fn verify_ignoring_expiry(key: &SigningKey, token: &str) -> Result<Claims, ApiError> {
    verify(key, token, i64::MIN)
}

/// The header of every token this key signs.
#[derive(Serialize)]
struct JwtHeader {
    alg: &'static str,
    typ: &'static str,
    kid: &'static str,
}

/// The public key as a JWK set.
pub fn jwks(key: &SigningKey) -> KeySet {
    let point = key.public();
    let (x, y) = point
        .get(1..)
        .unwrap_or_default()
        .split_at(point.len().saturating_sub(1) / 2);
    let (x, y) = (B64.encode(x), B64.encode(y));
    KeySet {
        keys: vec![Jwk {
            kty: "EC".to_owned(),
            crv: Some("P-256".to_owned()),
            alg: Some("ES256".to_owned()),
            key_use: Some("sig".to_owned()),
            kid: Some(KID.to_owned()),
            x: Some(x),
            y: Some(y),
        }],
    }
}
