//! Shared server state: database, signing key, clock, limits, mail delivery status.
pub mod mail;
pub mod throttle;

use crate::config::Limits;
use crate::tokens::SigningKey;
use rusqlite::Connection;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use tokio::sync::Semaphore;

/// State shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: Mutex<Connection>,
    key: SigningKey,
    clock_offset_ms: AtomicI64,
    limits: RwLock<Limits>,
    hashing: Semaphore,
    mail: mail::MailStatus,
    options: Options,
    throttles: throttle::Throttles,
}

/// Settings of the server that the dev API does not change (command-line flags).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Believe `X-Forwarded-*` headers (behind a trusted proxy).
    pub trust_forwarded_headers: bool,
    /// Origins besides loopback ones that OAuth redirect URIs may point to (`https://host[:port]`,
    /// lowercase, no trailing slash).
    pub redirect_origins: Vec<String>,
    /// Host names (lowercase) the dev API answers to besides IP addresses and `localhost`
    /// names.
    pub allowed_hosts: Vec<String>,
}

impl AppState {
    /// Builds the state around an open connection.
    pub fn new(db: Connection, limits: Limits) -> Self {
        Self::with_options(db, limits, Options::default())
    }
    /// Builds the state around an open connection, with server options.
    pub fn with_options(db: Connection, limits: Limits, options: Options) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            inner: Arc::new(Inner {
                db: Mutex::new(db),
                key: SigningKey::generate(),
                clock_offset_ms: AtomicI64::new(0),
                limits: RwLock::new(limits),
                hashing: Semaphore::new(cores),
                mail: mail::MailStatus::default(),
                options,
                throttles: throttle::Throttles::default(),
            }),
        }
    }
    /// Locks the database connection (a poisoned lock is recovered).
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.inner.db.lock().unwrap_or_else(|p| p.into_inner())
    }
    /// The token signing key.
    pub fn key(&self) -> &SigningKey {
        &self.inner.key
    }
    /// The service limits (a copy).
    pub fn limits(&self) -> Limits {
        self.inner
            .limits
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    /// One value read from the service limits, without copying them (a hot path's read).
    pub fn limit<T>(&self, read: impl FnOnce(&Limits) -> T) -> T {
        read(&self.inner.limits.read().unwrap_or_else(|p| p.into_inner()))
    }
    /// Replaces the service limits (dev API).
    pub fn set_limits(&self, limits: Limits) {
        *self.inner.limits.write().unwrap_or_else(|p| p.into_inner()) = limits;
    }
    /// How deliveries through the SMTP server went.
    pub fn mail(&self) -> &mail::MailStatus {
        &self.inner.mail
    }
    /// The server options.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }
    /// The per-IP throttles.
    pub fn throttles(&self) -> &throttle::Throttles {
        &self.inner.throttles
    }
    /// Bounds concurrent password hashing.
    pub fn hashing(&self) -> &Semaphore {
        &self.inner.hashing
    }
    /// Current time in unix milliseconds (wall clock plus the test offset).
    pub fn now_ms(&self) -> i64 {
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        wall + self.inner.clock_offset_ms.load(Ordering::Relaxed)
    }
    /// Moves the clock forward (tests, dev API).
    pub fn advance_clock(&self, ms: i64) {
        self.inner.clock_offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}
