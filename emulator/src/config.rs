//! Server configuration and tunable limits.
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Limits of the service (configurable so tests run fast), the login methods switched on and
/// the mail server: everything `GET`/`PATCH /emulator/v1/config` reads and changes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Lifetime of a verification code and of a verification token, seconds.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub code_ttl_secs: i64,
    /// Minimum gap between two codes sent to one address, seconds.
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub resend_gap_secs: i64,
    /// Codes per address per calendar day (UTC).
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub codes_per_day: i64,
    /// Wrong attempts after which a code is dead.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub max_attempts: i64,
    /// Access token lifetime, seconds.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub access_ttl_secs: i64,
    /// Grace window in which a rotated refresh token is still accepted, seconds.
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub refresh_grace_secs: i64,
    /// Sign-up and sign-in with a code sent to a phone.
    pub sms_login: bool,
    /// Sign-up and sign-in with a code sent to an email address.
    pub email_login: bool,
    /// Sign-in with a password.
    pub password_login: bool,
    /// Anonymous sign-in.
    pub anonymous_login: bool,
    /// Anonymous sign-ins accepted from one IP address per minute (then `resource_exhausted`).
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub anonymous_signins_per_minute: i64,
    /// Wrong passwords accepted from one IP address per minute; after that, password sign-ins
    /// from the address are refused (`resource_exhausted`) until the minute is over.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub wrong_passwords_per_minute: i64,
    /// Verification codes sent at the request of one IP address per minute, in all environments
    /// and to all addresses (then `resource_exhausted`): `resend_gap_secs` and `codes_per_day`
    /// count per environment and address, which a new `client_id` each time would pass.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub codes_per_minute: i64,
    /// The SMTP server that email codes are also sent through; `None` keeps them in the dev
    /// inbox and the log only. Not (de)serialized with the rest: its JSON form, with the
    /// password write-only, is the dev API's `SmtpView` and [`Smtp::patched`].
    #[serde(skip)]
    pub smtp: Option<Smtp>,
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
            anonymous_signins_per_minute: 300,
            wrong_passwords_per_minute: 10,
            codes_per_minute: 30,
            smtp: None,
        }
    }
}

/// Largest accepted value of a duration or count limit (about 31 years in seconds).
pub const MAX_LIMIT: i64 = 1_000_000_000;

impl Limits {
    /// Checks that every limit is in range (durations and counts within `0..=MAX_LIMIT`, and
    /// lifetimes and the attempt count at least 1) and the SMTP settings, if any.
    pub fn check(&self) -> Result<(), String> {
        let fields = [
            ("code_ttl_secs", self.code_ttl_secs, 1),
            ("resend_gap_secs", self.resend_gap_secs, 0),
            ("codes_per_day", self.codes_per_day, 0),
            ("max_attempts", self.max_attempts, 1),
            ("access_ttl_secs", self.access_ttl_secs, 1),
            ("refresh_grace_secs", self.refresh_grace_secs, 0),
            (
                "anonymous_signins_per_minute",
                self.anonymous_signins_per_minute,
                1,
            ),
            (
                "wrong_passwords_per_minute",
                self.wrong_passwords_per_minute,
                1,
            ),
            ("codes_per_minute", self.codes_per_minute, 1),
        ];
        for (name, value, min) in fields {
            if !(min..=MAX_LIMIT).contains(&value) {
                return Err(format!("{name} must be within {min}..={MAX_LIMIT}"));
            }
        }
        self.smtp.as_ref().map_or(Ok(()), Smtp::check)
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
    /// Whether `X-Forwarded-Host`, `X-Forwarded-Proto` and `X-Forwarded-For` are believed (the
    /// emulator runs behind a proxy that sets them); otherwise they are ignored.
    pub trust_forwarded_headers: bool,
    /// Origins (`https://app.example.com`) that OAuth redirect URIs may point to besides
    /// loopback ones.
    pub redirect_origins: Vec<String>,
    /// Host names (`emulator`, `devbox.lan`) the dev API answers to besides IP addresses and
    /// `localhost` names (see [`crate::guard`]).
    pub allowed_hosts: Vec<String>,
}

/// Whether a host name or IP address (brackets allowed around IPv6) is the local machine:
/// `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How the connection to the SMTP server is secured (the CloudBase console's "SSL" and
/// "STARTTLS", plus none for local test servers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// TLS from the first byte (SMTPS, usually port 465).
    Ssl,
    /// Plain connection upgraded by `STARTTLS`, which the server must offer (usually port 587).
    Starttls,
    /// No encryption at all (usually port 25); for local test servers.
    None,
}

impl SmtpSecurity {
    /// Every value, as written in flags and JSON.
    pub const NAMES: &'static str = "ssl, starttls or none";

    /// The name used in flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ssl => "ssl",
            Self::Starttls => "starttls",
            Self::None => "none",
        }
    }
    /// Parses a name as written in flags and JSON.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ssl" => Some(Self::Ssl),
            "starttls" => Some(Self::Starttls),
            "none" => Some(Self::None),
            _ => Option::None,
        }
    }
    /// The usual port: 465, 587 or 25.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Ssl => 465,
            Self::Starttls => 587,
            Self::None => 25,
        }
    }
}

/// The SMTP server that verification emails are sent through: the custom mail server settings
/// of the CloudBase console (host, port, SSL or STARTTLS, user, password, sender address).
#[derive(Clone, PartialEq, Eq)]
pub struct Smtp {
    /// Host name or IP address.
    pub host: String,
    /// Port; `None` means the usual one for `security`.
    pub port: Option<u16>,
    /// Connection security.
    pub security: SmtpSecurity,
    /// Login user; `None` (or empty) sends without authenticating.
    pub user: Option<String>,
    /// Login password; write-only in the dev API.
    pub password: Option<String>,
    /// Sender address, `noreply@example.com` or `Name <noreply@example.com>`.
    pub from: String,
}

/// Never prints the password.
impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port())
            .field("security", &self.security)
            .field("user", &self.user)
            .field("password_set", &self.password.is_some())
            .field("from", &self.from)
            .finish()
    }
}

/// Keys of the `smtp` object of `GET /emulator/v1/config` that cannot be written.
const SMTP_READ_ONLY: [&str; 4] = ["password_set", "sent", "failed", "last_error"];

impl Smtp {
    /// Settings for `host` and `from` with the defaults: SSL on port 465, no login.
    pub fn new(host: impl Into<String>, from: impl Into<String>) -> Self {
        Self {
            host: host.into(),
            port: None,
            security: SmtpSecurity::Ssl,
            user: None,
            password: None,
            from: from.into(),
        }
    }
    /// The port connected to.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or_else(|| self.security.default_port())
    }
    /// The sender as a mailbox.
    pub fn from_mailbox(&self) -> Result<lettre::message::Mailbox, String> {
        self.from.trim().parse().map_err(|_| {
            format!(
                "smtp from {:?} is not an email address (noreply@example.com or \"Name <noreply@example.com>\")",
                self.from
            )
        })
    }
    /// Checks the settings; the error says which one is wrong and why.
    pub fn check(&self) -> Result<(), String> {
        let host = self.host.as_str();
        if host.is_empty() {
            return Err("smtp host is required".into());
        }
        if host.len() > 253
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b))
        {
            return Err(format!(
                "smtp host {host:?} is not a host name or IP address"
            ));
        }
        if self.port == Some(0) {
            return Err("smtp port must be within 1..=65535".into());
        }
        if self.from.trim().is_empty() {
            return Err("smtp from (the sender address) is required".into());
        }
        self.from_mailbox()?;
        match (&self.user, &self.password) {
            (Some(_), None) => Err("smtp user is set without a password".into()),
            (None, Some(_)) => Err("smtp password is set without a user".into()),
            (Some(_), Some(_))
                if self.security == SmtpSecurity::None && !is_loopback_host(host) =>
            {
                Err(format!(
                    "smtp security none would send the login in clear to {host}: use ssl or starttls (none is for servers on this machine)"
                ))
            }
            _ => Ok(()),
        }
    }
    /// Applies the `smtp` value of a `PATCH /emulator/v1/config` to the current settings:
    /// `null` removes the server; an object changes the fields it names (`host`, `port`,
    /// `security`, `user`, `password`, `from`) and keeps the others, `null` or `""` clearing
    /// `port` (back to the usual one), `user` and `password`. Without current settings, `host`
    /// and `from` are required. A change of `host`, `port` or `user` drops the stored password
    /// unless the same patch gives one, so that it never reaches another server or account. The
    /// result is checked.
    pub fn patched(current: Option<&Smtp>, patch: &Value) -> Result<Option<Smtp>, String> {
        let obj: &Map<String, Value> = match patch {
            Value::Null => return Ok(None),
            Value::Object(o) => o,
            _ => return Err("smtp must be an object or null".into()),
        };
        let mut s = current.cloned().unwrap_or_else(|| Smtp::new("", ""));
        let text = |key: &str, v: &Value| match v {
            Value::String(t) => Ok(t.trim().to_string()),
            _ => Err(format!("smtp.{key} must be a string")),
        };
        let optional = |key: &str, v: &Value| match v {
            Value::Null => Ok(None),
            v => text(key, v).map(|t| Some(t).filter(|t| !t.is_empty())),
        };
        for (key, v) in obj {
            match key.as_str() {
                "host" => s.host = text(key, v)?,
                "from" => s.from = text(key, v)?,
                "port" => {
                    s.port = match v {
                        Value::Null => None,
                        v => Some(
                            v.as_u64()
                                .and_then(|p| u16::try_from(p).ok())
                                .filter(|p| *p > 0)
                                .ok_or("smtp.port must be an integer within 1..=65535")?,
                        ),
                    }
                }
                "security" => {
                    s.security = v
                        .as_str()
                        .and_then(SmtpSecurity::parse)
                        .ok_or(format!("smtp.security must be {}", SmtpSecurity::NAMES))?
                }
                "user" => s.user = optional(key, v)?,
                "password" => s.password = optional(key, v)?,
                k if SMTP_READ_ONLY.contains(&k) => {
                    return Err(format!("smtp.{k} is read-only"));
                }
                k => {
                    return Err(format!(
                        "unknown field smtp.{k} (expected host, port, security, user, password or from)"
                    ));
                }
            }
        }
        if let Some(old) = current {
            let moved = old.host != s.host || old.port != s.port || old.user != s.user;
            if moved && !obj.contains_key("password") {
                s.password = None;
                if s.user.is_some() {
                    return Err(
                        "smtp.password must be given again when host, port or user change (the stored one is not sent to another server or account)"
                            .into(),
                    );
                }
            }
        }
        s.check()?;
        Ok(Some(s))
    }
}
