//! Running futures in the page: [`spawn_local`] (tasks polled from the browser's microtask
//! queue) and [`Promised`] (a JS promise as a future).
//!
//! This is what wasm-bindgen-futures does, cut down to what the SDK uses: one queue of tasks,
//! run in order, all in one microtask (tasks woken or spawned meanwhile run in the same one);
//! a promise is awaited through `then(ok, err)`. No `RefCell`: a page is single-threaded
//! and nothing here re-enters the state it is changing.

use ::core::cell::{Cell, UnsafeCell};
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::platform::LocalTask;
use crate::core::slot::Slot;
use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &JsValue);
}

/// A spawned future and whether it is waiting in the queue.
struct Task {
    future: Slot<Option<LocalTask>>,
    queued: Cell<bool>,
}

/// The run queue and the JS callback that drains it.
#[derive(Default)]
struct Queue {
    tasks: Slot<Vec<Rc<Task>>>,
    scheduled: Cell<bool>,
    run: Slot<Option<JsValue>>,
}

/// The page's one queue.
struct Global(UnsafeCell<Option<Queue>>);

// SAFETY: wasm32 runs the SDK on one thread (no atomics), so the queue is never shared.
unsafe impl Sync for Global {}

static QUEUE: Global = Global(UnsafeCell::new(None));

fn queue() -> &'static Queue {
    // SAFETY: single-threaded (see `Global`); the queue is created once and never replaced,
    // and only shared references to it are handed out.
    unsafe { (*QUEUE.0.get()).get_or_insert_with(Queue::default) }
}

/// Runs `future` to completion in the background (from a microtask, after the current JS
/// call stack unwinds).
pub fn spawn_local(future: LocalTask) {
    schedule(Rc::new(Task {
        future: Slot::new(Some(future)),
        queued: Cell::new(false),
    }));
}

fn schedule(task: Rc<Task>) {
    if task.queued.replace(true) {
        return;
    }
    let q = queue();
    q.tasks.with(|tasks| tasks.push(task));
    if !q.scheduled.replace(true) {
        let callback = q.run.with(|run| {
            // Typed like the promise callbacks (one set of wasm-bindgen shims); no argument.
            run.get_or_insert_with(|| {
                Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| run_tasks()).into_js_value()
            })
            .clone()
        });
        queue_microtask(&callback);
    }
}

/// Polls queued tasks, in order, until none is left.
fn run_tasks() {
    let q = queue();
    loop {
        // The tasks queued so far, in order; those queued meanwhile come in the next round.
        let batch = q.tasks.with(::core::mem::take);
        if batch.is_empty() {
            break;
        }
        for task in batch {
            task.queued.set(false);
            let Some(mut future) = task.future.with(Option::take) else {
                continue;
            };
            let waker = waker(&task);
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
            {
                task.future.set(Some(future));
            }
        }
    }
    q.scheduled.set(false);
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone_waker, wake, wake_by_ref, drop_waker);

/// A waker that queues `task` again.
fn waker(task: &Rc<Task>) -> Waker {
    let data = Rc::into_raw(Rc::clone(task)).cast::<()>();
    // SAFETY: `data` is an `Rc<Task>` given up to the waker; the vtable's functions take it
    // back exactly once (`wake`, `drop_waker`) or only borrow it (`clone_waker`, `wake_by_ref`).
    unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
}

unsafe fn clone_waker(data: *const ()) -> RawWaker {
    // SAFETY: `data` is a live `Rc<Task>` of a waker (see `waker`).
    unsafe { Rc::increment_strong_count(data.cast::<Task>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake(data: *const ()) {
    // SAFETY: the waker's own reference, taken back once.
    schedule(unsafe { Rc::from_raw(data.cast::<Task>()) });
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: a live `Rc<Task>` of a waker; a new reference is made for the queue.
    unsafe {
        Rc::increment_strong_count(data.cast::<Task>());
        wake(data);
    }
}

unsafe fn drop_waker(data: *const ()) {
    // SAFETY: the waker's own reference, given back once.
    drop(unsafe { Rc::from_raw(data.cast::<Task>()) });
}

/// What a promise settled with, and who waits for it.
#[derive(Default)]
struct Settled {
    result: Slot<Option<Result<JsValue, JsValue>>>,
    waiter: Slot<Option<Waker>>,
}

/// A JS promise as a future: its value, or what it was rejected with.
pub struct Promised {
    settled: Rc<Settled>,
    /// The `then` callbacks, kept alive until the future is dropped.
    _callbacks: [Closure<dyn FnMut(JsValue)>; 2],
}

impl Promised {
    /// Waits for `promise`.
    pub fn new(promise: &Promise) -> Self {
        let settled = Rc::new(Settled::default());
        let callback = |ok: bool| {
            let settled = Rc::clone(&settled);
            Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
                settled
                    .result
                    .set(Some(if ok { Ok(value) } else { Err(value) }));
                if let Some(w) = settled.waiter.with(Option::take) {
                    w.wake();
                }
            })
        };
        let callbacks = [callback(true), callback(false)];
        let _ = promise.then2(&callbacks[0], &callbacks[1]);
        Promised {
            settled,
            _callbacks: callbacks,
        }
    }
}

impl Future for Promised {
    type Output = Result<JsValue, JsValue>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.settled.result.with(Option::take) {
            Some(result) => Poll::Ready(result),
            None => {
                self.settled.waiter.set(Some(cx.waker().clone()));
                Poll::Pending
            }
        }
    }
}
