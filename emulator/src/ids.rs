//! Random identifiers and codes.
use rand::{Rng, RngCore};

/// A random lowercase hex id of `bytes` bytes.
pub fn hex_id(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut raw);
    base16ct::lower::encode_string(&raw)
}

/// A random 6-digit verification code.
pub fn code6() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_are_lowercase_hex_and_differ() {
        let a = hex_id(32);
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_ne!(a, hex_id(32));
        assert_eq!(hex_id(0), "");
    }
}
