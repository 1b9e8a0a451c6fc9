//! Test helpers: round trips of real bodies.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads `text` as `T`, writes it back and checks that the same JSON comes out (same fields,
/// same values); returns the value read.
pub fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> T {
    let read: T = serde_json::from_str(text).expect("the body reads");
    let written = serde_json::to_value(&read).expect("the body writes");
    let original: Value = serde_json::from_str(text).expect("the example is JSON");
    assert_eq!(written, original, "round trip of {text}");
    read
}

/// Reads `text` as `T` (which may drop fields it does not know) and writes it back as JSON.
pub fn rewrite<T: Serialize + DeserializeOwned>(text: &str) -> Value {
    let read: T = serde_json::from_str(text).expect("the body reads");
    serde_json::to_value(&read).expect("the body writes")
}

/// Whether `text` fails to read as `T`.
pub fn refused<T: DeserializeOwned>(text: &str) -> bool {
    serde_json::from_str::<T>(text).is_err()
}
