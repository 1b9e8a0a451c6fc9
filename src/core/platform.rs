//! The small set of capabilities the core needs from its host.
//!
//! The core never touches `web-sys`, `js-sys` or `gloo`: everything that
//! depends on the browser goes through these traits. `src/web/` implements
//! them over `fetch`, `localStorage`, `Date.now`, `setTimeout` and
//! `crypto.getRandomValues`; native tests implement them with in-memory fakes.
//!
//! The traits are deliberately not `Send`: a browser page is single-threaded,
//! and so are the core's futures.

use crate::prelude::*;

use ::core::future::Future;
use ::core::pin::Pin;

/// A boxed, single-threaded future, as handed to [`Spawn::spawn_local`].
pub type LocalTask = Pin<Box<dyn Future<Output = ()> + 'static>>;

/// HTTP method of a [`HttpRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request, fully formed by the core (URL with query, headers, body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Request method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Header names and values, sent as given.
    pub headers: Vec<(String, String)>,
    /// Body text (JSON), or `None` for no body. No `Content-Type` is implied:
    /// like the JS SDK, the web transport sends it as `text/plain`.
    pub body: Option<String>,
    /// How long the host may wait for the answer before it abandons the request (ms).
    pub timeout_ms: u32,
}

/// The server's answer: status and body text, whatever they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code (informational: the body decides success).
    pub status: u16,
    /// Body text; may be empty or not JSON at all.
    pub body: String,
}

/// Sends HTTP requests. An `Err` means the request did not complete
/// (network failure, CORS, abort); its text becomes the error message.
pub trait Transport {
    /// Sends `request` and waits for the whole response body.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, String>>;
}

/// JSON text in and out: server bodies, stored values, tab messages. The browser host uses the
/// page's own `JSON.parse`/`JSON.stringify` (through serde-wasm-bindgen), so no JSON parser or
/// writer is compiled into the module; native hosts use serde_json ([`super::json_native`]).
pub trait Json {
    /// A parsed JSON document (the page's own JS value; a serde_json value natively), read as
    /// several types without parsing the text again.
    type Doc: 'static;
    /// Parses `text`; `Err` with the reason when it is not JSON.
    fn parse(&self, text: &str) -> Result<Self::Doc, String>;
    /// Reads a parsed document as a `T`; `Err` with the reason when it is not of that shape.
    fn read<T: serde::de::DeserializeOwned>(&self, doc: &Self::Doc) -> Result<T, String>;
    /// Reads `text` as a `T` (parsed, then read).
    fn decode<T: serde::de::DeserializeOwned>(&self, text: &str) -> Result<T, String> {
        self.read(&self.parse(text)?)
    }
    /// Writes `value` as JSON text (absent optional fields as the type's serde attributes say).
    fn encode<T: serde::Serialize>(&self, value: &T) -> String;
}

/// Persistent key/value storage (localStorage on the web).
///
/// Implementations never panic: a failing backend behaves as empty on read
/// and reports failure on write so the caller can fall back to memory.
pub trait Storage {
    /// Reads a value; `None` when missing or unreadable.
    fn get(&self, key: &str) -> Option<String>;
    /// Writes a value; `false` when the backend refused (full, disabled).
    fn set(&self, key: &str, value: &str) -> bool;
    /// Removes a value; missing keys are fine.
    fn remove(&self, key: &str);
    /// Whether the other tabs of the origin see the same values (`localStorage` does;
    /// `sessionStorage` and memory do not). When they do not, each tab's session is its own
    /// and nothing about it is posted to the other tabs.
    fn shared_across_tabs(&self) -> bool {
        true
    }
}

/// The longest wait a browser timer honours (2^31 − 1 ms, about 24.8 days): `setTimeout` runs a
/// longer one at once. Hosts clamp to it; the core waits longer in chunks of at most this.
pub const MAX_TIMER_MS: u32 = 0x7FFF_FFFF;

/// Wall-clock time.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
}

/// Runs detached single-threaded tasks (event delivery, background work).
pub trait Spawn {
    /// Schedules `task` to run soon, after the current call stack unwinds.
    fn spawn_local(&self, task: LocalTask);
}

/// Cryptographically secure randomness.
pub trait Random {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

/// Everything the core needs from its host, bundled so that
/// `AuthClient<P: Platform>` takes one type parameter.
pub trait Platform: 'static {
    /// HTTP transport.
    type Transport: Transport;
    /// Persistent storage.
    type Storage: Storage;
    /// JSON text in and out.
    type Json: Json;

    /// The HTTP transport.
    fn transport(&self) -> &Self::Transport;
    /// The persistent storage.
    fn storage(&self) -> &Self::Storage;
    /// The JSON reader and writer.
    fn json(&self) -> &Self::Json;
    /// The clock.
    fn clock(&self) -> &dyn Clock;
    /// The task spawner.
    fn spawner(&self) -> &dyn Spawn;
    /// The random source.
    fn random(&self) -> &dyn Random;
    /// Waits `ms` milliseconds.
    fn sleep(&self, ms: u32) -> impl Future<Output = ()>;

    /// Takes the cross-tab lock `name`, waiting at most `timeout_ms`. `None` when the host
    /// has no such locks or the wait timed out: the caller then goes on without it (a lock
    /// that cannot be had must never hang the page). Dropping the guard releases the lock.
    fn lock(
        &self,
        _name: &str,
        _timeout_ms: u32,
    ) -> Pin<Box<dyn Future<Output = Option<LockGuard>>>> {
        Box::pin(async { None })
    }

    /// Posts `message` to the other tabs of this origin on `channel`.
    fn broadcast(&self, _channel: &str, _message: &str) {}

    /// Calls `handler` with each message other tabs post on `channel`.
    fn listen(&self, _channel: &str, _handler: Box<dyn Fn(String)>) {}

    /// Calls `handler` [`STORAGE_SETTLE_MS`] after another page of this origin changed or
    /// removed the text stored under `key` (or cleared the storage), once for the changes made
    /// meanwhile. Never called where the storage tells nobody of such changes (a host without
    /// storage events, storage of one tab).
    fn watch(&self, _key: &str, _handler: Box<dyn Fn()>) {}

    /// Standard base64 (padded) of `bytes`: the Basic authorization header. The browser host has
    /// the page's `btoa` do it; this default is the crate's encoder.
    fn base64_encode(&self, bytes: &[u8]) -> String {
        super::encode::base64(bytes)
    }

    /// Decodes base64url `text` (padding optional) to its bytes; `None` when it is not
    /// base64url. The browser host has the page's `atob` do it; this default is the crate's
    /// decoder.
    fn base64url_decode(&self, text: &str) -> Option<Vec<u8>> {
        super::encode::base64url_decode(text)
    }

    /// False while the page is hidden (background refresh waits until it is visible again).
    fn is_visible(&self) -> bool {
        true
    }
}

/// How long after another page's change of the stored session it is read again. A tab of this
/// SDK posts its message (which names the event: `SIGNED_IN` again for the same user, say) just
/// after its write; by then the message has come, and the change is no longer news.
pub const STORAGE_SETTLE_MS: u32 = 100;

/// A held cross-tab lock: released when dropped.
pub type LockGuard = Box<dyn ::core::any::Any>;
