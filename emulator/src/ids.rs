//! Random identifiers and codes.
use rand::Rng;

/// A random lowercase hex id of `bytes` bytes.
pub fn hex_id(bytes: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..bytes)
        .map(|_| format!("{:02x}", rng.r#gen::<u8>()))
        .collect()
}

/// A random 6-digit verification code.
pub fn code6() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}
