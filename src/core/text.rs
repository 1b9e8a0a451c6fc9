//! Building and searching text without `core::fmt` (whose machinery would cost the wasm
//! module kilobytes for what is only ever joining a few strings).

use crate::prelude::*;

/// The parts joined into one string.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// True when `needle` occurs in `hay` (a plain scan: the texts searched are short).
pub fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_finds() {
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert!(contains("the verification code", "code"));
        assert!(contains("验证码错误", "验证码"));
        assert!(!contains("ab", "abc"));
        assert!(contains("x", ""));
    }
}
