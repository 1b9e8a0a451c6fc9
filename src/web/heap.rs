//! The allocator and panic handler of the npm package's wasm module, which is built without
//! the standard library (`--no-default-features`, see `scripts/build-pkg.sh`).
//!
//! The allocator hands out blocks of power-of-two sizes (8 bytes up), each aligned to its size
//! (4 KiB at most), from free lists per size or else from the end of the heap, which grows
//! with `memory.grow`. A freed block goes back to the list of its size. That is all an auth
//! client needs (a few live objects, the same shapes over and over) for a few hundred bytes
//! of code, where dlmalloc costs kilobytes. A page is single-threaded: the state is a plain
//! cell (this module is only built for wasm32 without atomics).
//!
//! A panic cannot happen on any input (the core checks everything and returns errors); if one
//! did, the handler stops the module with a trap, without formatting a message.

use ::core::alloc::{GlobalAlloc, Layout};
use ::core::cell::UnsafeCell;
use ::core::ptr::null_mut;

const PAGE: usize = 65_536;
/// Largest alignment a block gets (larger requests are refused).
const MAX_ALIGN: usize = 4096;
const CLASSES: usize = usize::BITS as usize;

struct State {
    /// Heads of the free lists, by size class (block size `1 << class`).
    free: [*mut u8; CLASSES],
    /// The unused part at the end of the heap: `next..end`.
    next: usize,
    end: usize,
}

/// The global allocator (see the module docs).
pub struct Heap(UnsafeCell<State>);

// SAFETY: wasm32 without atomics runs on one thread; nothing is shared between threads.
unsafe impl Sync for Heap {}

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new(State {
    free: [null_mut(); CLASSES],
    next: 0,
    end: 0,
}));

/// The size class of `layout`: the smallest power of two (at least 8) that holds its size
/// and alignment.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl State {
    /// Puts the block at `at` of class `class` on its free list.
    ///
    /// SAFETY: `at` is an unused block of that class, aligned to at least 8.
    unsafe fn push(&mut self, at: *mut u8, class: usize) {
        // SAFETY: the block is unused and holds at least 8 bytes; its first word links it.
        let class = class & (CLASSES - 1);
        unsafe { at.cast::<*mut u8>().write(self.free[class]) };
        self.free[class] = at;
    }

    /// A block of class `class` from the end of the heap, growing memory when needed.
    unsafe fn carve(&mut self, class: usize) -> *mut u8 {
        let size = 1usize << class;
        let align = size.min(MAX_ALIGN);
        // Move `next` up to the alignment, putting the gap on the free lists as blocks of
        // their own natural sizes (`next` is always a multiple of 8).
        while self.next % align != 0 && self.next < self.end {
            let piece = 1usize << self.next.trailing_zeros();
            // SAFETY: `next..next + piece` is unused heap, aligned to `piece` (>= 8).
            unsafe { self.push(self.next as *mut u8, piece.trailing_zeros() as usize) };
            self.next += piece;
        }
        if self.end - self.next < size {
            let pages = (size + align).div_ceil(PAGE);
            let old = ::core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            let start = old * PAGE;
            if start != self.end {
                self.next = start;
            }
            self.end = start + pages * PAGE;
            // `start` is page-aligned, so aligning `next` from here needs no gap pieces.
            self.next = self.next.next_multiple_of(align);
        }
        let at = self.next;
        self.next += size;
        at as *mut u8
    }
}

// SAFETY: every block is handed out once until freed, is at least as large and as aligned as
// its layout asks (its class covers both), and goes back to the list of the same class.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > MAX_ALIGN {
            return null_mut();
        }
        let class = class(layout) & (CLASSES - 1);
        // SAFETY: single-threaded, and no reference into the state outlives this call.
        let state = unsafe { &mut *self.0.get() };
        let head = state.free[class];
        if head.is_null() {
            // SAFETY: see `carve`.
            return unsafe { state.carve(class) };
        }
        // SAFETY: `head` is a free block of this class; its first word links the next one.
        state.free[class] = unsafe { head.cast::<*mut u8>().read() };
        head
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout, so it is a block of this class.
        unsafe { (*self.0.get()).push(ptr, class(layout)) };
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new) == class(layout) {
            return ptr;
        }
        // SAFETY: as `alloc` and `dealloc`; the two blocks do not overlap.
        unsafe {
            let to = self.alloc(new);
            if !to.is_null() {
                ::core::ptr::copy_nonoverlapping(ptr, to, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            to
        }
    }
}

#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
