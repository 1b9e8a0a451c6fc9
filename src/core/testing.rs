//! In-memory fakes of the platform traits, for native tests of the core.

use crate::prelude::*;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::executor::{LocalPool, LocalSpawner};
use futures::task::LocalSpawnExt;

use super::json_native::SerdeJson;
use super::platform::{
    Clock, HttpRequest, HttpResponse, LocalTask, Platform, Random, Spawn, Storage, Transport,
};

/// A map behind the [`Storage`] trait; can be told to refuse writes (a full localStorage).
#[derive(Default, Clone)]
pub struct MemoryStorage {
    map: Rc<RefCell<HashMap<String, String>>>,
    refuse: Rc<Cell<bool>>,
    tab_only: Rc<Cell<bool>>,
}

impl MemoryStorage {
    /// Makes every later `set` fail.
    pub fn refuse_writes(&self, refuse: bool) {
        self.refuse.set(refuse);
    }

    /// Makes it storage of one tab only (`sessionStorage`, memory).
    pub fn tab_only(&self, tab_only: bool) {
        self.tab_only.set(tab_only);
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> bool {
        if self.refuse.get() {
            return false;
        }
        self.map
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        true
    }
    fn remove(&self, key: &str) {
        self.map.borrow_mut().remove(key);
    }
    fn shared_across_tabs(&self) -> bool {
        !self.tab_only.get()
    }
}

/// The fake server: answers each request with a status and body, or a transport error.
pub type Handler = Box<dyn Fn(&HttpRequest) -> Result<(u16, String), String>>;

/// A transport that records requests and answers through a [`Handler`], after yielding once
/// (so that concurrent callers really overlap).
#[derive(Clone)]
pub struct FakeTransport {
    /// Every request sent, in order.
    pub log: Rc<RefCell<Vec<HttpRequest>>>,
    handler: Rc<RefCell<Handler>>,
}

impl FakeTransport {
    /// A transport answering through `handler`.
    pub fn new(handler: Handler) -> Self {
        FakeTransport {
            log: Rc::default(),
            handler: Rc::new(RefCell::new(handler)),
        }
    }

    /// Replaces the handler.
    pub fn answer(&self, handler: Handler) {
        *self.handler.borrow_mut() = handler;
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.log.borrow().clone()
    }

    /// Paths (without origin and query) of the requests sent so far.
    pub fn paths(&self) -> Vec<String> {
        self.log
            .borrow()
            .iter()
            .map(|r| {
                let after = r.url.split_once("/auth").map(|(_, p)| p).unwrap_or(&r.url);
                after.split('?').next().unwrap_or_default().to_owned()
            })
            .collect()
    }
}

struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Transport for FakeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        self.log.borrow_mut().push(request.clone());
        YieldOnce(false).await;
        let (status, body) = (self.handler.borrow())(&request)?;
        Ok(HttpResponse { status, body })
    }
}

/// A clock that only moves when told.
#[derive(Clone)]
pub struct ManualClock(pub Rc<Cell<f64>>);

impl Clock for ManualClock {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
}

/// Spawns onto a [`LocalPool`].
pub struct PoolSpawner(LocalSpawner);

impl Spawn for PoolSpawner {
    fn spawn_local(&self, task: LocalTask) {
        // A pool that is gone can no longer run anything; nothing to do then.
        let _ = self.0.spawn_local(task);
    }
}

/// Counts upwards: distinct, predictable "random" bytes.
#[derive(Default)]
pub struct CountingRandom(Cell<u8>);

impl Random for CountingRandom {
    fn fill(&self, buf: &mut [u8]) {
        for b in buf {
            self.0.set(self.0.get().wrapping_add(1));
            *b = self.0.get();
        }
    }
}

/// A handler of messages from other tabs.
pub type TabHandler = Box<dyn Fn(String)>;

/// A watcher of other pages' storage changes.
pub type Watcher = Box<dyn Fn()>;

/// A future that never completes (a timer past the end of the test).
struct Never;
impl Future for Never {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

/// Everything in memory. `sleep` moves the manual clock forward and returns at once, up to
/// `sleeps_left` times; after that timers never fire (so background loops stop).
pub struct FakePlatform {
    /// The transport.
    pub transport: FakeTransport,
    /// The storage.
    pub storage: MemoryStorage,
    /// The clock.
    pub clock: ManualClock,
    /// Milliseconds slept so far.
    pub slept: Rc<Cell<u64>>,
    /// The longest single `sleep` asked for.
    pub longest_sleep: Cell<u32>,
    /// How many more `sleep` calls complete.
    pub sleeps_left: Cell<u32>,
    /// What `is_visible` answers.
    pub visible: Cell<bool>,
    /// Messages posted to other tabs, as `(channel, message)`.
    pub broadcasts: RefCell<Vec<(String, String)>>,
    /// Handlers of messages from other tabs, by channel.
    pub handlers: RefCell<Vec<(String, TabHandler)>>,
    /// Watchers of other pages' storage changes, by key.
    pub watchers: RefCell<Vec<(String, Watcher)>>,
    /// Keys other pages changed since the last [`settle`](Self::settle).
    changed: RefCell<Vec<String>>,
    spawner: PoolSpawner,
    random: CountingRandom,
}

impl FakePlatform {
    /// A platform on `pool`, answering requests through `handler`, at time `now_ms`.
    pub fn new(pool: &LocalPool, handler: Handler, now_ms: f64) -> Self {
        FakePlatform {
            transport: FakeTransport::new(handler),
            storage: MemoryStorage::default(),
            clock: ManualClock(Rc::new(Cell::new(now_ms))),
            slept: Rc::default(),
            longest_sleep: Cell::new(0),
            sleeps_left: Cell::new(100),
            visible: Cell::new(true),
            broadcasts: RefCell::default(),
            handlers: RefCell::default(),
            watchers: RefCell::default(),
            changed: RefCell::default(),
            spawner: PoolSpawner(pool.spawner()),
            random: CountingRandom::default(),
        }
    }
}

impl FakePlatform {
    /// Delivers `message` as if another tab had posted it on `channel`.
    pub fn deliver(&self, channel: &str, message: &str) {
        for (c, h) in self.handlers.borrow().iter() {
            if c == channel {
                h(message.to_owned());
            }
        }
    }
}

impl FakePlatform {
    /// Stores `value` under `key` (removes it when `None`) as another page would; the watchers
    /// of `key` are told at the next [`settle`](Self::settle).
    pub fn change_elsewhere(&self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self
                .storage
                .map
                .borrow_mut()
                .insert(key.to_owned(), v.to_owned()),
            None => self.storage.map.borrow_mut().remove(key),
        };
        let mut changed = self.changed.borrow_mut();
        if !changed.iter().any(|k| k == key) {
            changed.push(key.to_owned());
        }
    }

    /// The settling time after other pages' changes is over: tells each watcher of a changed
    /// key once.
    pub fn settle(&self) {
        let changed = self.changed.take();
        for (k, w) in self.watchers.borrow().iter() {
            if changed.contains(k) {
                w();
            }
        }
    }
}

impl Platform for FakePlatform {
    type Transport = FakeTransport;
    type Storage = MemoryStorage;
    type Json = SerdeJson;
    fn transport(&self) -> &FakeTransport {
        &self.transport
    }
    fn storage(&self) -> &MemoryStorage {
        &self.storage
    }
    fn json(&self) -> &SerdeJson {
        &SerdeJson
    }
    fn clock(&self) -> &dyn Clock {
        &self.clock
    }
    fn spawner(&self) -> &dyn Spawn {
        &self.spawner
    }
    fn random(&self) -> &dyn Random {
        &self.random
    }
    async fn sleep(&self, ms: u32) {
        if self.sleeps_left.get() == 0 {
            Never.await;
        }
        self.sleeps_left.set(self.sleeps_left.get() - 1);
        self.longest_sleep.set(self.longest_sleep.get().max(ms));
        self.slept.set(self.slept.get() + u64::from(ms));
        self.clock.0.set(self.clock.0.get() + f64::from(ms));
    }
    fn broadcast(&self, channel: &str, message: &str) {
        self.broadcasts
            .borrow_mut()
            .push((channel.to_owned(), message.to_owned()));
    }
    fn listen(&self, channel: &str, handler: Box<dyn Fn(String)>) {
        self.handlers
            .borrow_mut()
            .push((channel.to_owned(), handler));
    }
    fn watch(&self, key: &str, handler: Box<dyn Fn()>) {
        self.watchers.borrow_mut().push((key.to_owned(), handler));
    }
    fn is_visible(&self) -> bool {
        self.visible.get()
    }
}
