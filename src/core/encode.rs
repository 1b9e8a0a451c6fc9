//! Encodings of the calls: hex ids, URL query components (percent-encoding), base64 (the Basic
//! authorization header, and base64url for reading JWTs).

use crate::prelude::*;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a query component keeps as it is: `A-Z a-z 0-9 - _ . ~` (RFC 3986's unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Percent-encodes a query component (everything but `A-Z a-z 0-9 - _ . ~`).
pub fn url_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes base64url (padding optional). `None` on any invalid character.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(url_component("+86 138"), "%2B86%20138");
        assert_eq!(url_component("a-b_c.d~"), "a-b_c.d~");
        assert_eq!(url_component("码"), "%E7%A0%81");
        assert_eq!(base64url_decode("eyJhIjoxfQ"), Some(br#"{"a":1}"#.to_vec()));
        assert_eq!(
            base64url_decode("eyJhIjoxfQ=="),
            Some(br#"{"a":1}"#.to_vec())
        );
        assert_eq!(base64url_decode("c2ln"), Some(b"sig".to_vec()));
        assert_eq!(base64url_decode("a b"), None);
        assert_eq!(base64(b"env-1:"), "ZW52LTE6");
        assert_eq!(base64(b"ab:"), "YWI6");
        assert_eq!(base64(b"a:"), "YTo=");
        assert_eq!(base64(b"abcd:"), "YWJjZDo=");
    }
}
