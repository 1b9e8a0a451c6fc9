//! Server configuration and tunable limits.
use std::path::PathBuf;

/// Limits of the service (configurable so tests run fast).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Lifetime of a verification code and of a verification token, seconds.
    pub code_ttl_secs: i64,
    /// Minimum gap between two codes sent to one address, seconds.
    pub resend_gap_secs: i64,
    /// Codes per address per calendar day (UTC).
    pub codes_per_day: i64,
    /// Wrong attempts after which a code is dead.
    pub max_attempts: i64,
    /// Access token lifetime, seconds.
    pub access_ttl_secs: i64,
    /// Grace window in which a rotated refresh token is still accepted, seconds.
    pub refresh_grace_secs: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            code_ttl_secs: 600,
            resend_gap_secs: 30,
            codes_per_day: 10,
            max_attempts: 5,
            access_ttl_secs: 7200,
            refresh_grace_secs: 10,
        }
    }
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind.
    pub host: String,
    /// Port (0 = any).
    pub port: u16,
    /// SQLite path, or `:memory:`.
    pub db: PathBuf,
    /// Service limits.
    pub limits: Limits,
}
