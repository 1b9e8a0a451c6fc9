//! Server configuration and tunable limits.
use std::path::PathBuf;

/// Limits of the service (configurable so tests run fast) and the login methods switched on.
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
    /// Sign-up and sign-in with a code sent to a phone.
    pub sms_login: bool,
    /// Sign-up and sign-in with a code sent to an email address.
    pub email_login: bool,
    /// Sign-in with a password.
    pub password_login: bool,
    /// Anonymous sign-in.
    pub anonymous_login: bool,
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
            sms_login: true,
            email_login: true,
            password_login: true,
            anonymous_login: true,
        }
    }
}

/// Largest accepted value of a duration or count limit (about 31 years in seconds).
pub const MAX_LIMIT: i64 = 1_000_000_000;

impl Limits {
    /// Checks that every limit is in range: durations and counts within `0..=MAX_LIMIT`, and
    /// lifetimes and the attempt count at least 1.
    pub fn check(&self) -> Result<(), String> {
        let fields = [
            ("code_ttl_secs", self.code_ttl_secs, 1),
            ("resend_gap_secs", self.resend_gap_secs, 0),
            ("codes_per_day", self.codes_per_day, 0),
            ("max_attempts", self.max_attempts, 1),
            ("access_ttl_secs", self.access_ttl_secs, 1),
            ("refresh_grace_secs", self.refresh_grace_secs, 0),
        ];
        for (name, value, min) in fields {
            if !(min..=MAX_LIMIT).contains(&value) {
                return Err(format!("{name} must be within {min}..={MAX_LIMIT}"));
            }
        }
        Ok(())
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
