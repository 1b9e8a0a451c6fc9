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

/// Byte index of the first `needle` in `hay` (a plain scan: the texts searched are short).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// The parts before and after the first `needle`.
pub fn split_once<'a>(text: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = find(text, needle)?;
    Some((text.get(..i)?, text.get(i + needle.len()..)?))
}

/// The parts before and after the first of the characters `at`.
pub fn split_at_any<'a>(text: &'a str, at: &[char]) -> Option<(&'a str, &'a str)> {
    let (i, c) = text.char_indices().find(|(_, c)| at.contains(c))?;
    Some((text.get(..i)?, text.get(i + c.len_utf8()..)?))
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
        assert_eq!(split_once("http://h:1", "://"), Some(("http", "h:1")));
        assert_eq!(split_once("h", "://"), None);
        assert_eq!(
            split_at_any("+86\u{a0}138", &['\u{a0}']),
            Some(("+86", "138"))
        );
        assert_eq!(split_at_any("a.b.c", &['.']), Some(("a", "b.c")));
    }
}
