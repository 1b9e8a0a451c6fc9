//! [`SingleFlight`]: runs one operation at a time and hands its result to every caller that
//! asked while it was running (used so that an expired token is refreshed once, however many
//! calls need it at the same moment).
//!
//! If the running operation is dropped before it finishes (its caller went away), the next
//! waiter takes over instead of waiting forever.

use crate::prelude::*;

use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, Waker};

struct State<T> {
    running: bool,
    generation: u64,
    last: Option<T>,
    waiters: Vec<Waker>,
}

/// De-duplicates concurrent runs of one operation.
pub struct SingleFlight<T: Clone> {
    state: RefCell<State<T>>,
}

impl<T: Clone> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight {
            state: RefCell::new(State {
                running: false,
                generation: 0,
                last: None,
                waiters: Vec::new(),
            }),
        }
    }
}

impl<T: Clone> SingleFlight<T> {
    /// Runs `op`, or, if a run is already under way, waits for it and returns its result.
    pub async fn run<F, Fut>(&self, op: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        while let Some(seen) = self.claim() {
            self.wait(seen).await;
            if let Some(v) = self.result_since(seen) {
                return v;
            }
            // The leader was dropped without a result: try to lead.
        }
        let guard = self.lead();
        let value = op().await;
        guard.finish(value.clone());
        value
    }

    /// The steps of [`run`](Self::run), for callers that write its loop in their own future:
    /// `None` when the caller leads (then [`lead`](Self::lead)), or the run to wait for.
    pub(crate) fn claim(&self) -> Option<u64> {
        let mut s = self.state.borrow_mut();
        if !s.running {
            s.running = true;
            return None;
        }
        Some(s.generation)
    }

    /// Resolves when the run `seen` has finished or was abandoned.
    pub(crate) fn wait(&self, seen: u64) -> impl Future<Output = ()> + '_ {
        Wait { flight: self, seen }
    }

    /// The result of a run finished since `seen`, if any.
    pub(crate) fn result_since(&self, seen: u64) -> Option<T> {
        let s = self.state.borrow();
        match &s.last {
            Some(v) if s.generation != seen => Some(v.clone()),
            _ => None,
        }
    }

    /// Leads the run claimed with [`claim`](Self::claim): finish the guard with the result.
    pub(crate) fn lead(&self) -> Guard<'_, T> {
        Guard {
            flight: self,
            done: false,
        }
    }

    fn wake_all(&self) {
        let waiters = ::core::mem::take(&mut self.state.borrow_mut().waiters);
        for w in waiters {
            w.wake();
        }
    }
}

/// The leader's claim on a run: [`finish`](Guard::finish) it; dropped unfinished, it lets a
/// waiter lead instead.
pub(crate) struct Guard<'a, T: Clone> {
    flight: &'a SingleFlight<T>,
    done: bool,
}

impl<T: Clone> Guard<'_, T> {
    pub(crate) fn finish(mut self, value: T) {
        {
            let mut s = self.flight.state.borrow_mut();
            s.running = false;
            s.generation += 1;
            s.last = Some(value);
        }
        self.done = true;
        self.flight.wake_all();
    }
}

impl<T: Clone> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        if !self.done {
            self.flight.state.borrow_mut().running = false;
            self.flight.wake_all();
        }
    }
}

struct Wait<'a, T: Clone> {
    flight: &'a SingleFlight<T>,
    seen: u64,
}

impl<T: Clone> Future for Wait<'_, T> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.flight.state.borrow_mut();
        if s.generation != self.seen || !s.running {
            return Poll::Ready(());
        }
        s.waiters.push(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::cell::Cell;
    use std::prelude::rust_2024::*;
    use std::rc::Rc;

    /// A future that is pending until `open` is set (re-polled by the pool each time).
    struct Gate(Rc<Cell<bool>>, Rc<RefCell<Vec<Waker>>>);
    impl Future for Gate {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0.get() {
                Poll::Ready(())
            } else {
                self.1.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    #[test]
    fn concurrent_callers_share_one_run() {
        let mut pool = LocalPool::new();
        let flight = Rc::new(SingleFlight::<u32>::default());
        let runs = Rc::new(Cell::new(0));
        let open = Rc::new(Cell::new(false));
        let wakers = Rc::new(RefCell::new(Vec::new()));
        let results = Rc::new(RefCell::new(Vec::new()));
        for _ in 0..3 {
            let (flight, runs, open, wakers, results) = (
                flight.clone(),
                runs.clone(),
                open.clone(),
                wakers.clone(),
                results.clone(),
            );
            pool.spawner()
                .spawn_local(async move {
                    let v = flight
                        .run(|| async {
                            runs.set(runs.get() + 1);
                            Gate(open, wakers).await;
                            42
                        })
                        .await;
                    results.borrow_mut().push(v);
                })
                .expect("spawned");
        }
        pool.run_until_stalled();
        assert_eq!(runs.get(), 1);
        open.set(true);
        for w in wakers.borrow_mut().drain(..) {
            w.wake();
        }
        pool.run_until_stalled();
        assert_eq!(*results.borrow(), vec![42, 42, 42]);
        // A later call runs again.
        let v = futures::executor::block_on(flight.run(|| async { 7 }));
        assert_eq!(v, 7);
    }
}
