//! Giving freed memory back to the operating system.

/// Hands the allocator's free memory back to the system (glibc's `malloc_trim`), so that a
/// reset of a large in-memory database shrinks the process; does nothing on other platforms.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointers and only walks the allocator's own free lists; it
    // is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
