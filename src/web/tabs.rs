//! What ties tabs together: `BroadcastChannel` for events, `storage` events for other pages'
//! changes, Web Locks for the refresh, and the page's visibility. Each one is looked up at run
//! time and simply absent where the browser lacks it (the core then works per tab).

use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll};

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::BroadcastChannel;

use crate::core::platform::{LockGuard, STORAGE_SETTLE_MS};
use crate::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

thread_local! {
    /// Messages waiting to be posted, in order. `postMessage` copies its message (a structured
    /// clone) at once, so a post is made after the current task, off the path of the call that
    /// caused it; a Web Lock is released only after the messages posted under it.
    static PENDING: RefCell<Vec<(BroadcastChannel, String)>> = RefCell::default();

    /// [`post_pending`] as a JS function, made once: the timer that posts the messages, and
    /// the page's `pagehide` listener, so that a page that goes away before the timer (a
    /// navigation started in the task that signed in, say) still tells the other tabs.
    static POST_PENDING: JsValue = {
        let post = Closure::<dyn FnMut()>::new(post_pending).into_js_value();
        let _ = super::add_event_listener("pagehide", post.unchecked_ref());
        post
    };
}

/// Posts the waiting messages.
fn post_pending() {
    for (c, message) in PENDING.with(RefCell::take) {
        // A closed or unserialisable channel loses the message; the tabs still work.
        let _ = c.post_message(&JsValue::from_str(&message));
    }
}

/// Open channels by name (one per client id), kept for the life of the page.
#[derive(Default)]
pub struct Channels {
    open: RefCell<Vec<(String, BroadcastChannel)>>,
}

impl Channels {
    fn channel(&self, name: &str) -> Option<BroadcastChannel> {
        if let Some(c) = self
            .open
            .borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.clone())
        {
            return Some(c);
        }
        let c = BroadcastChannel::new(name).ok()?;
        self.open.borrow_mut().push((name.to_owned(), c.clone()));
        Some(c)
    }

    /// Posts `message` on `name` after the current task (see [`PENDING`]).
    pub fn post(&self, name: &str, message: &str) {
        let Some(c) = self.channel(name) else { return };
        let first = PENDING.with(|p| {
            let mut pending = p.borrow_mut();
            pending.push((c, message.to_owned()));
            pending.len() == 1
        });
        if first {
            POST_PENDING.with(|post| super::set_timeout(post.unchecked_ref(), 0));
        }
    }

    /// Calls `handler` with each text message on `name` from another tab.
    pub fn listen(&self, name: &str, handler: Box<dyn Fn(String)>) {
        let Some(c) = self.channel(name) else { return };
        // The same closure type as the promise callbacks' (one set of wasm-bindgen shims);
        // the message event's `data` is read by name.
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if let Some(text) = get(&e, "data").and_then(|d| d.as_string()) {
                handler(text);
            }
        });
        c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The listener lives as long as the page (like the client it serves).
        on_message.forget();
    }
}

/// Calls `handler` [`STORAGE_SETTLE_MS`] after another page changed or removed the text under
/// `key` in `area` (a page's `Storage`), or cleared it (the window's `storage` event), once for
/// the changes made meanwhile. The listener is added after the current task (a page's first
/// `storage` listener costs its task 0.2-3 ms, and the client is often made on the way to a
/// page's first answer), storage read once more then, and it lives as long as the page.
pub fn watch_storage(area: JsValue, key: String, handler: Box<dyn Fn()>) {
    let waiting = Rc::new(Cell::new(false));
    let settled = {
        let waiting = Rc::clone(&waiting);
        Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            waiting.set(false);
            handler();
        })
        .into_js_value()
    };
    let first = settled.clone();
    let on_storage = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let changed = match get(&e, "key") {
            // `clear()`.
            None => true,
            Some(k) => k.as_string().is_some_and(|k| k == key),
        };
        if changed && get(&e, "storageArea").is_some_and(|a| a == area) && !waiting.replace(true) {
            super::set_timeout(settled.unchecked_ref(), STORAGE_SETTLE_MS);
        }
    })
    .into_js_value();
    // A change between the client's first read and the listener is read once it is added.
    let add = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        let _ = super::add_event_listener("storage", on_storage.unchecked_ref());
        super::set_timeout(first.unchecked_ref(), STORAGE_SETTLE_MS);
    })
    .into_js_value();
    super::set_timeout(add.unchecked_ref(), 0);
}

/// Releases a Web Lock when dropped.
struct Held {
    release: Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        // What was announced under the lock reaches the other tabs before they can take it.
        post_pending();
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// Takes the Web Lock `name` (`navigator.locks.request`), waiting at most `timeout_ms`.
pub fn lock(name: &str, timeout_ms: u32) -> Pin<Box<dyn Future<Output = Option<LockGuard>>>> {
    Box::pin(Locking(
        start_lock(name, timeout_ms).map(|(acquired, release)| (JsFuture::from(acquired), release)),
    ))
}

/// Waits for the grant (or the failure) of a lock request.
struct Locking(Option<(JsFuture, Function)>);

impl Future for Locking {
    type Output = Option<LockGuard>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some((acquired, _)) = self.0.as_mut() else {
            return Poll::Ready(None);
        };
        let Poll::Ready(granted) = Pin::new(acquired).poll(cx) else {
            return Poll::Pending;
        };
        let Some((_, release)) = self.0.take() else {
            return Poll::Ready(None);
        };
        match granted {
            Ok(_) => Poll::Ready(Some(Box::new(Held { release }) as LockGuard)),
            Err(_) => {
                // Timed out or refused: make sure a late grant is given back at once.
                let _ = release.call0(&JsValue::NULL);
                Poll::Ready(None)
            }
        }
    }
}

/// Starts the lock request; returns a promise that resolves when the lock is held (or
/// rejects on timeout), and the function that releases it.
fn start_lock(name: &str, timeout_ms: u32) -> Option<(Promise, Function)> {
    let global = super::global();
    let locks = get(&global, "navigator").and_then(|n| get(&n, "locks"))?;
    let request: Function = get(&locks, "request")?.dyn_into().ok()?;

    // `held` is what the lock callback returns: the lock is kept until it resolves.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let release = release?;
    let mut granted: Option<Function> = None;
    let acquired = Promise::new(&mut |resolve, _| granted = Some(resolve));
    let granted = granted?;
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = granted.call0(&JsValue::NULL);
        held.into()
    });

    let options = Object::new();
    let timeout = get(&global, "AbortSignal")
        .and_then(|a| get(&a, "timeout"))
        .and_then(|t| t.dyn_into::<Function>().ok());
    if let Some(timeout) = timeout {
        if let Ok(signal) = timeout.call1(&JsValue::NULL, &JsValue::from(timeout_ms)) {
            let _ = Reflect::set(&options, &JsValue::from_str("signal"), &signal);
        }
    }
    let pending = request
        .call3(&locks, &JsValue::from_str(name), &options, &callback)
        .ok()?;
    let pending: Promise = pending.dyn_into().ok()?;
    // Whichever comes first: the grant, or the request failing (timeout, no permission).
    let race = Promise::race(&js_sys::Array::of2(&acquired, &pending));
    Some((race, release))
}

/// False while `document.visibilityState` is `hidden`.
pub fn is_visible() -> bool {
    get(&super::global(), "document")
        .and_then(|d| get(&d, "visibilityState"))
        .and_then(|v| v.as_string())
        .is_none_or(|v| v != "hidden")
}
