//! base64 by the page's own `btoa` and `atob` (the Basic authorization header; a JWT's parts,
//! for `getClaims`): the module carries no base64 code (the crate's decoder cost 1.4 KB
//! gzipped, its encoder 0.6 KB).

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `atob`: standard base64 to a string of one char per byte; throws on what is
    /// not base64.
    #[wasm_bindgen(catch, js_name = atob)]
    fn atob(text: &str) -> Result<String, JsValue>;
    /// The global `btoa`: a string of one char per byte (U+0000 to U+00FF) to standard base64.
    #[wasm_bindgen(catch, js_name = btoa)]
    fn btoa(bytes: &str) -> Result<String, JsValue>;
}

/// Standard base64 (padded) of `bytes`, by `btoa`: each byte given as the char of that code,
/// which `btoa` takes whatever the byte. Empty where the host has no `btoa` (the service then
/// refuses the header) rather than a panic.
pub fn base64_encode(bytes: &[u8]) -> String {
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    btoa(&binary).unwrap_or_default()
}

/// Decodes base64url (padding optional): its alphabet mapped to the standard one, then `atob`.
/// `None` on anything `atob` refuses.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let standard: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            // What base64url does not have is refused, as the crate refuses it (`atob` would
            // take the standard alphabet's two and skip white space).
            '+' | '/' => '!',
            c if c.is_ascii_whitespace() => '!',
            c => c,
        })
        .collect();
    // Each char of `atob`'s answer is one byte (U+0000 to U+00FF).
    atob(&standard)
        .ok()
        .map(|bytes| bytes.chars().map(|c| c as u8).collect())
}
