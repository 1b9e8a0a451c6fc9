//! Per-IP throttles: anonymous sign-ins, wrong passwords and verification codes per address per
//! minute.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Length of a throttle window, milliseconds.
pub const WINDOW_MS: i64 = 60_000;

/// What a throttle counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Anonymous sign-ins.
    Anonymous,
    /// Wrong passwords.
    WrongPassword,
    /// Verification codes sent (in any environment).
    Code,
}

/// An event counted ahead by [`Throttles::reserve`], which [`Throttles::release`] can give back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    kind: Kind,
    ip: IpAddr,
    window_start: i64,
}

/// Whole seconds from `now` until `end` (unix ms), rounded up: what `retry_after` says.
fn seconds_until(end: i64, now: i64) -> u64 {
    u64::try_from((end - now + 999) / 1000).unwrap_or(1)
}

/// Counts per kind and address in fixed one-minute windows (emulator clock).
#[derive(Debug, Default)]
pub struct Throttles {
    windows: Mutex<HashMap<(Kind, IpAddr), (i64, i64)>>,
}

impl Throttles {
    /// The count of the current window of `(kind, ip)` and when it ends (unix ms).
    fn current(&self, kind: Kind, ip: IpAddr, now: i64) -> (i64, i64) {
        let map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&(kind, ip)) {
            Some((start, n)) if now < start + WINDOW_MS => (*n, start + WINDOW_MS),
            _ => (0, now + WINDOW_MS),
        }
    }
    /// `Err(seconds to wait)` when `(kind, ip)` has reached `limit` in the current window.
    pub fn check(&self, kind: Kind, ip: IpAddr, limit: i64, now: i64) -> Result<(), u64> {
        let (n, end) = self.current(kind, ip, now);
        if n >= limit {
            Err(seconds_until(end, now))
        } else {
            Ok(())
        }
    }
    /// Counts one event of `kind` from `ip` unless `limit` is reached, in one step under the
    /// lock, so that parallel requests cannot all pass a check before any is counted: `Err(seconds
    /// to wait)` when the limit is reached (nothing counted).
    pub fn reserve(
        &self,
        kind: Kind,
        ip: IpAddr,
        limit: i64,
        now: i64,
    ) -> Result<Reservation, u64> {
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.entry((kind, ip)).or_insert((now, 0));
        if now >= entry.0 + WINDOW_MS {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            return Err(seconds_until(entry.0 + WINDOW_MS, now));
        }
        entry.1 += 1;
        Ok(Reservation {
            kind,
            ip,
            window_start: entry.0,
        })
    }
    /// Gives back an event counted by [`Throttles::reserve`] (e.g. the password was right), if
    /// its window is still the current one.
    pub fn release(&self, r: Reservation) {
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((start, n)) = map.get_mut(&(r.kind, r.ip)) {
            if *start == r.window_start && *n > 0 {
                *n -= 1;
            }
        }
    }
    /// Forgets windows that are over (called by the pruning task) and, with `all`, every count.
    pub fn prune(&self, now: i64, all: bool) {
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (start, _)| !all && now < *start + WINDOW_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_address_and_window() {
        let t = Throttles::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(t.check(Kind::Anonymous, a, 3, 1000).is_ok());
            assert!(t.reserve(Kind::Anonymous, a, 3, 1000).is_ok());
        }
        assert_eq!(t.check(Kind::Anonymous, a, 3, 1000), Err(60));
        assert_eq!(t.reserve(Kind::Anonymous, a, 3, 1000), Err(60));
        assert!(t.check(Kind::Anonymous, b, 3, 1000).is_ok());
        assert!(t.check(Kind::WrongPassword, a, 3, 1000).is_ok());
        assert!(t.check(Kind::Anonymous, a, 3, 1000 + WINDOW_MS).is_ok());
        t.prune(1000 + WINDOW_MS, false);
        assert!(t.windows.lock().map(|m| m.is_empty()).unwrap_or(false));
    }

    #[test]
    fn a_released_reservation_is_given_back_in_its_window_only() {
        let t = Throttles::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let r = t
            .reserve(Kind::WrongPassword, a, 1, 1000)
            .unwrap_or_else(|_| panic!());
        assert_eq!(t.reserve(Kind::WrongPassword, a, 1, 1000), Err(60));
        t.release(r);
        let r = t
            .reserve(Kind::WrongPassword, a, 1, 1000)
            .unwrap_or_else(|_| panic!());
        // In the next window the old reservation is not subtracted from the new count.
        assert!(
            t.reserve(Kind::WrongPassword, a, 1, 1000 + WINDOW_MS)
                .is_ok()
        );
        t.release(r);
        assert!(
            t.reserve(Kind::WrongPassword, a, 1, 1000 + WINDOW_MS)
                .is_err()
        );
    }
}
