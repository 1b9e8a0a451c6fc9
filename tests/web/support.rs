//! Shared helpers: unique environments and addresses, the emulator's dev inbox, a platform
//! that counts requests.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use cloudbase_auth_wasm::core::http::TIMEOUT_MS;
use cloudbase_auth_wasm::core::platform::{
    Clock, HttpRequest, HttpResponse, Method, Platform, Random, Spawn, Transport,
};
use cloudbase_auth_wasm::core::{AuthChangeEvent, AuthClient, Config};
use cloudbase_auth_wasm::web::{
    CryptoRandom, FetchTransport, PageJson, WebPlatform, WebStorage, sleep,
};

/// Where the emulator listens.
pub const EMULATOR: &str = match option_env!("EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// Random lower-case hex.
pub fn rand_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    CryptoRandom.fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Random decimal digits.
pub fn rand_digits(n: usize) -> String {
    let mut b = vec![0u8; n];
    CryptoRandom.fill(&mut b);
    b.iter().map(|x| char::from(b'0' + x % 10)).collect()
}

/// A fresh environment id, so that tests never see each other's users.
pub fn new_env() -> String {
    format!("wt-{}", rand_hex(6))
}

/// A fresh phone number (normalised form).
pub fn new_phone() -> String {
    format!("+86 139{}", rand_digits(8))
}

/// A fresh email address.
pub fn new_email() -> String {
    format!("wt-{}@example.com", rand_hex(5))
}

/// The config of a client for `env` on the emulator.
pub fn config(env: &str) -> Config {
    Config {
        api_origin: Some(EMULATOR.to_owned()),
        ..Config::new(env)
    }
}

/// A client on the real browser platform.
pub fn client(env: &str) -> AuthClient<WebPlatform> {
    AuthClient::new(config(env), WebPlatform::default())
}

/// The newest code the emulator sent to `to`.
pub async fn latest_code(to: &str) -> String {
    let url = format!(
        "{EMULATOR}/emulator/v1/inbox?to={}",
        js_sys::encode_uri_component(to)
    );
    let request = HttpRequest {
        method: Method::Get,
        url,
        headers: Vec::new(),
        body: None,
        timeout_ms: TIMEOUT_MS,
    };
    let resp = FetchTransport.send(request).await.expect("inbox reachable");
    let v: serde_json::Value = serde_json::from_str(&resp.body).expect("inbox JSON");
    v["messages"][0]["code"]
        .as_str()
        .expect("a code in the inbox")
        .to_owned()
}

/// A code that is not `right`.
pub fn wrong_code(right: &str) -> &'static str {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// Lets spawned tasks (event delivery) run.
pub async fn settle() {
    sleep(50).await;
}

/// Collects `event:user-id` strings from a client's listener.
pub fn record(client: &AuthClient<impl Platform>) -> Rc<RefCell<Vec<String>>> {
    let log = Rc::new(RefCell::new(Vec::new()));
    let sink = log.clone();
    // The subscription lives as long as the client: dropping the handle does not unsubscribe.
    let _sub = client.on_auth_state_change(Rc::new(move |e: AuthChangeEvent, s| {
        let who = s.map(|s| s.user.id.clone()).unwrap_or_else(|| "-".into());
        sink.borrow_mut().push(format!("{}:{who}", e.as_str()));
    }));
    log
}

/// Writes straight to localStorage.
pub fn put(key: &str, value: &str) {
    use cloudbase_auth_wasm::core::platform::Storage;
    WebStorage::Local.set(key, value);
}

/// Reads straight from localStorage.
pub fn get(key: &str) -> Option<String> {
    use cloudbase_auth_wasm::core::platform::Storage;
    WebStorage::Local.get(key)
}

/// The browser platform, counting the requests it sends (by path).
#[derive(Default)]
pub struct CountingPlatform {
    web: WebPlatform,
    transport: CountingTransport,
}

/// `fetch` that records the URL of every request.
#[derive(Default)]
pub struct CountingTransport {
    inner: FetchTransport,
    /// URLs sent so far.
    pub urls: RefCell<Vec<String>>,
}

impl Transport for CountingTransport {
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, String>> {
        self.urls.borrow_mut().push(request.url.clone());
        self.inner.send(request)
    }
}

impl CountingPlatform {
    /// Requests sent whose URL contains `path`.
    pub fn count(&self, path: &str) -> usize {
        self.transport
            .urls
            .borrow()
            .iter()
            .filter(|u| u.split('?').next().is_some_and(|p| p.ends_with(path)))
            .count()
    }
}

impl Platform for CountingPlatform {
    type Transport = CountingTransport;
    type Storage = WebStorage;
    type Json = PageJson;
    fn transport(&self) -> &CountingTransport {
        &self.transport
    }
    fn storage(&self) -> &WebStorage {
        self.web.storage()
    }
    fn json(&self) -> &PageJson {
        self.web.json()
    }
    fn clock(&self) -> &dyn Clock {
        self.web.clock()
    }
    fn spawner(&self) -> &dyn Spawn {
        self.web.spawner()
    }
    fn random(&self) -> &dyn Random {
        self.web.random()
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        sleep(ms)
    }
}
