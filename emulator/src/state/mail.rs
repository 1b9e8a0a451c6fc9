//! Email verification codes sent as real messages through the configured SMTP server
//! ([`Limits::smtp`](crate::config::Limits::smtp)), and how those deliveries went.
//!
//! Every code reaches the dev inbox and the log whatever happens here.
use super::AppState;
use crate::config::{Smtp, SmtpSecurity};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Longest time one delivery may take, from connecting to the server's answer to the message.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Subject of a verification email.
pub const SUBJECT: &str = "Your verification code";

/// A failed delivery (`{at, to, message}` in `GET /emulator/v1/config`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MailError {
    /// When it failed, unix milliseconds (emulator clock).
    pub at: i64,
    /// The recipient.
    pub to: String,
    /// What went wrong, starting with `host:port`.
    pub message: String,
}

/// Counts of deliveries through the SMTP server since the start, and the last failure.
#[derive(Debug, Default)]
pub struct MailStatus {
    sent: AtomicU64,
    failed: AtomicU64,
    last_error: Mutex<Option<MailError>>,
}

impl MailStatus {
    /// Messages the server accepted.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
    /// Messages that could not be delivered (refused, unreachable server, timeout).
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }
    /// The latest failure.
    pub fn last_error(&self) -> Option<MailError> {
        self.last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    /// Counts an email that was not sent and keeps why as the last error.
    pub(crate) fn record_failure(&self, error: MailError) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(error);
    }
}

/// "10 minutes", "1 minute": a code lifetime rounded up to whole minutes (at least one).
fn minutes(ttl_secs: i64) -> String {
    let m = ((ttl_secs + 59) / 60).max(1);
    if m == 1 {
        "1 minute".into()
    } else {
        format!("{m} minutes")
    }
}

/// The verification email: from the configured sender to `to`, subject [`SUBJECT`], a plain
/// text body with the code and how many minutes it is valid.
pub fn code_message(smtp: &Smtp, to: &str, code: &str, ttl_secs: i64) -> Result<Message, String> {
    let to: Mailbox = to
        .parse()
        .map_err(|e| format!("recipient {to:?} is not an email address: {e}"))?;
    let body = format!(
        "Your verification code is {code}.\n\nIt is valid for {}. If you did not ask for it, ignore this message.\n",
        minutes(ttl_secs)
    );
    Message::builder()
        .from(smtp.from_mailbox()?)
        .to(to)
        .subject(SUBJECT)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| format!("cannot build the message: {e}"))
}

/// A connection to the server per message (no pool: codes are rare).
fn transport(smtp: &Smtp) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = |host: &str| {
        TlsParameters::new(host.to_string()).map_err(|e| format!("TLS setup for {host}: {e}"))
    };
    let tls = match smtp.security {
        SmtpSecurity::Ssl => Tls::Wrapper(tls(&smtp.host)?),
        SmtpSecurity::Starttls => Tls::Required(tls(&smtp.host)?),
        SmtpSecurity::None => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str())
        .port(smtp.port())
        .tls(tls)
        .timeout(Some(SEND_TIMEOUT));
    if let (Some(user), Some(password)) = (&smtp.user, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// Sends one message, within [`SEND_TIMEOUT`].
async fn deliver(smtp: &Smtp, message: Message) -> Result<(), String> {
    let mailer = transport(smtp)?;
    match tokio::time::timeout(SEND_TIMEOUT, mailer.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", SEND_TIMEOUT.as_secs())),
    }
}

/// Emails a verification code through `smtp`, in a background task.
///
/// The request that asked for the code does not wait for the server and never fails because
/// of it: the code is already stored and in the dev inbox, as a real service has accepted the
/// code once it answers, whatever the mail relay does later. A slow server would otherwise hold
/// every verification request for up to [`SEND_TIMEOUT`], and a broken one would turn them into
/// errors that the real service never gives. Failures (unreachable or refusing server, bad
/// credentials, TLS errors, timeouts) are logged as warnings and counted in [`MailStatus`]
/// (`smtp.failed` and `smtp.last_error` in `GET /emulator/v1/config`).
pub fn send_code(st: &AppState, smtp: Smtp, to: String, code: String, ttl_secs: i64) {
    let st = st.clone();
    tokio::spawn(async move {
        let server = format!("{}:{}", smtp.host, smtp.port());
        let result = match code_message(&smtp, &to, &code, ttl_secs) {
            Ok(message) => deliver(&smtp, message).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                st.mail().sent.fetch_add(1, Ordering::Relaxed);
                tracing::info!("verification email to {to} sent through {server}");
            }
            Err(e) => {
                let message = format!("{server}: {e}");
                tracing::warn!("verification email to {to} not sent: {message}");
                st.mail().record_failure(MailError {
                    at: st.now_ms(),
                    to,
                    message,
                });
            }
        }
    });
}
