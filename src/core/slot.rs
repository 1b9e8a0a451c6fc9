//! [`Slot`]: interior mutability without `RefCell`'s borrow flag and its panics (each of
//! which costs the wasm module a branch and a panic location). The value is taken out for the
//! length of a closure and put back; nothing in the SDK re-enters a slot it is using.

use ::core::cell::Cell;

/// A value that is read and changed through [`with`](Slot::with).
#[derive(Default)]
pub struct Slot<T: Default>(Cell<T>);

impl<T: Default> Slot<T> {
    /// A slot holding `value`.
    pub const fn new(value: T) -> Self {
        Slot(Cell::new(value))
    }

    /// Runs `f` on the value.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut value = self.0.take();
        let result = f(&mut value);
        self.0.set(value);
        result
    }

    /// Replaces the value.
    pub fn set(&self, value: T) {
        self.0.set(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn reads_and_writes() {
        let slot = Slot::new(vec![1]);
        slot.with(|v| v.push(2));
        assert_eq!(slot.with(|v| v.clone()), vec![1, 2]);
        slot.set(Vec::new());
        assert!(slot.with(|v| v.is_empty()));
    }
}
