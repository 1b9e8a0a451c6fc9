//! Browser adapters of the core's platform traits (wasm32 only): `fetch` (answers read by gloo-net),
//! `localStorage`, `Date.now`, `setTimeout`, `crypto.getRandomValues`, `atob`, the page's
//! `JSON.parse`/`JSON.stringify` (through serde-wasm-bindgen), and wasm-bindgen-futures for the
//! tasks and the promises awaited.

mod base64;
mod json;
mod storage;
mod tabs;
mod transport;

use ::core::future::Future;
use ::core::pin::Pin;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::prelude::*;

use crate::core::platform::{Clock, LocalTask, LockGuard, MAX_TIMER_MS, Platform, Random, Spawn};

pub use json::PageJson;
pub use storage::WebStorage;
pub use transport::FetchTransport;

/// `Date.now()`.
pub struct DateClock;

impl Clock for DateClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

/// Tasks run from the microtask queue ([`wasm_bindgen_futures::spawn_local`]).
pub struct LocalSpawner;

impl Spawn for LocalSpawner {
    fn spawn_local(&self, task: LocalTask) {
        wasm_bindgen_futures::spawn_local(task);
    }
}

/// `crypto.getRandomValues`, with `Math.random` as a last resort where it is missing.
pub struct CryptoRandom;

thread_local! {
    /// The global's `crypto`, looked up once.
    static CRYPTO: Option<web_sys::Crypto> =
        js_sys::Reflect::get(&global(), &JsValue::from_str("crypto"))
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok());
}

impl Random for CryptoRandom {
    fn fill(&self, buf: &mut [u8]) {
        let filled = CRYPTO.with(|crypto| {
            crypto
                .as_ref()
                .is_some_and(|c| c.get_random_values_with_u8_array(buf).is_ok())
        });
        if filled {
            return;
        }
        for b in buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: u32) -> JsValue;

    /// `addEventListener` of the global object (an error where it has none, as in Node).
    #[wasm_bindgen(js_name = addEventListener, catch)]
    fn add_event_listener(kind: &str, callback: &js_sys::Function) -> Result<(), JsValue>;

    /// `globalThis` (the window, a worker's `self`, Node's `global`).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: JsValue;
}

/// The global object, where storage, crypto, locks and the document are looked up.
pub fn global() -> JsValue {
    GLOBAL_THIS.with(JsValue::clone)
}

/// Resolves `ms` milliseconds after it is made (`setTimeout`), at most
/// [`MAX_TIMER_MS`] later: browsers run a longer timer at once.
pub fn sleep(ms: u32) -> Sleep {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms.min(MAX_TIMER_MS));
    });
    Sleep(JsFuture::from(promise))
}

/// The future of [`sleep`]: the timer's promise awaited (a plain future rather than an
/// `async fn`, so that the loops that wait do not carry a state machine of it).
pub struct Sleep(JsFuture);

impl Future for Sleep {
    type Output = ();
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut ::core::task::Context<'_>,
    ) -> ::core::task::Poll<()> {
        // The promise only ever resolves.
        Pin::new(&mut self.0).poll(cx).map(drop)
    }
}

/// The browser platform.
#[derive(Default)]
pub struct WebPlatform {
    transport: FetchTransport,
    storage: WebStorage,
    channels: tabs::Channels,
}

impl WebPlatform {
    /// The browser platform keeping the session in `storage`.
    pub fn with_storage(storage: WebStorage) -> Self {
        WebPlatform {
            storage,
            ..Default::default()
        }
    }
}

impl Platform for WebPlatform {
    type Transport = FetchTransport;
    type Storage = WebStorage;
    type Json = PageJson;

    fn transport(&self) -> &FetchTransport {
        &self.transport
    }
    fn storage(&self) -> &WebStorage {
        &self.storage
    }
    fn json(&self) -> &PageJson {
        &PageJson
    }
    fn clock(&self) -> &dyn Clock {
        &DateClock
    }
    fn spawner(&self) -> &dyn Spawn {
        &LocalSpawner
    }
    fn random(&self) -> &dyn Random {
        &CryptoRandom
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        sleep(ms)
    }
    fn lock(
        &self,
        name: &str,
        timeout_ms: u32,
    ) -> Pin<Box<dyn Future<Output = Option<LockGuard>>>> {
        tabs::lock(name, timeout_ms)
    }
    fn broadcast(&self, channel: &str, message: &str) {
        self.channels.post(channel, message);
    }
    fn listen(&self, channel: &str, handler: Box<dyn Fn(String)>) {
        self.channels.listen(channel, handler);
    }
    fn base64_encode(&self, bytes: &[u8]) -> String {
        base64::base64_encode(bytes)
    }
    fn base64url_decode(&self, text: &str) -> Option<Vec<u8>> {
        base64::base64url_decode(text)
    }
    fn watch(&self, key: &str, handler: Box<dyn Fn()>) {
        if let Some(area) = self.storage.events_area() {
            tabs::watch_storage(area, key.to_owned(), handler);
        }
    }
    fn is_visible(&self) -> bool {
        tabs::is_visible()
    }
}
