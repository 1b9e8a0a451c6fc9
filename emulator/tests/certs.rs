//! Access tokens verify against the published key (`GET /auth/v1/certs`), checked with an
//! independent ES256 implementation (the `p256` crate).
#![allow(clippy::unwrap_used)]
mod common;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use common::start;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use serde_json::json;

#[tokio::test]
async fn tokens_verify_against_the_published_key() {
    let emu = start().await;
    let (s, jwks) = emu.get("/auth/v1/certs", None).await;
    assert_eq!(s, 200, "{jwks}");
    let jwk = &jwks["keys"][0];
    assert_eq!(
        (&jwk["kty"], &jwk["crv"], &jwk["alg"], &jwk["use"]),
        (
            &json!("EC"),
            &json!("P-256"),
            &json!("ES256"),
            &json!("sig")
        )
    );
    let x = B64.decode(jwk["x"].as_str().unwrap()).unwrap();
    let y = B64.decode(jwk["y"].as_str().unwrap()).unwrap();
    assert_eq!((x.len(), y.len()), (32, 32));
    let point = [&[4u8][..], &x, &y].concat();
    let key = VerifyingKey::from_sec1_bytes(&point).unwrap();

    let (s, creds) = emu
        .post("/auth/v1/signin/anonymously", "test-env-1", json!({}))
        .await;
    assert_eq!(s, 200, "{creds}");
    let token = creds["access_token"].as_str().unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&B64.decode(input.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], jwk["kid"]);
    let sig = Signature::from_slice(&B64.decode(sig).unwrap()).unwrap();
    key.verify(input.as_bytes(), &sig).unwrap();
    // A changed payload does not verify.
    let mut forged = input.as_bytes().to_vec();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    assert!(key.verify(&forged, &sig).is_err());
}
