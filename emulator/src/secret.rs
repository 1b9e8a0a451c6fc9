//! Bearer-like tokens at rest: stored as SHA-256 digests and looked up by them, so that the
//! database holds nothing that can be presented to the emulator.
use sha2::{Digest, Sha256};

/// The stored form of a token: the lowercase hex SHA-256 of its text.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// The key stream that seals a successor token under the token it replaces:
/// SHA-256 of a label and the old token, as many blocks as needed.
fn stream(key: &str, len: usize) -> Vec<u8> {
    (0u32..)
        .map(|i| {
            Sha256::new()
                .chain_update(b"cloudbase-emulator successor")
                .chain_update(i.to_be_bytes())
                .chain_update(key.as_bytes())
                .finalize()
        })
        .flat_map(|block| block.into_iter())
        .take(len)
        .collect()
}

/// `successor` sealed under `key` (the token it replaces): hex of the bytes XORed with a key
/// stream derived from `key`. Only a holder of `key` can open it, so the row of a rotated
/// refresh token can name its successor without storing a usable token.
pub fn seal(key: &str, successor: &str) -> String {
    let plain = successor.as_bytes();
    let ks = stream(key, plain.len());
    hex(&plain
        .iter()
        .zip(ks)
        .map(|(a, b)| a ^ b)
        .collect::<Vec<u8>>())
}

/// Opens what [`seal`] made with the same `key`; `None` if it is not well formed.
pub fn open(key: &str, sealed: &str) -> Option<String> {
    let bytes = base16ct::mixed::decode_vec(sealed).ok()?;
    let ks = stream(key, bytes.len());
    String::from_utf8(bytes.iter().zip(ks).map(|(a, b)| a ^ b).collect()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_seals() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let succ = "0123456789abcdef".repeat(4);
        let sealed = seal("old-token", &succ);
        assert_ne!(sealed, succ);
        assert!(!sealed.contains(&succ));
        assert_eq!(open("old-token", &sealed).as_deref(), Some(succ.as_str()));
        assert_ne!(open("other-token", &sealed).as_deref(), Some(succ.as_str()));
        assert_eq!(open("old-token", "zz"), None);
    }
}
