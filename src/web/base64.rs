//! base64url decoding by the page's own `atob` (a JWT's parts, for `getClaims`): the module
//! carries no base64 decoder (the crate's cost 1.4 KB gzipped).

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `atob`: standard base64 to a string of one char per byte; throws on what is
    /// not base64.
    #[wasm_bindgen(catch, js_name = atob)]
    fn atob(text: &str) -> Result<String, JsValue>;
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
