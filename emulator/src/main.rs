//! The `cloudbase-auth-emulator` binary.
use clap::Parser;
use cloudbase_auth_emulator::config::{Config, Limits, Smtp, SmtpSecurity};
use std::path::PathBuf;

/// Local emulator of the CloudBase auth HTTP service.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// SQLite database file, or `:memory:` (kept in memory, at most 1 GiB, gone when the
    /// emulator stops).
    #[arg(long, default_value = ".emulator/auth.sqlite")]
    db: PathBuf,
    /// SMTP server that email codes are also sent through (they always reach the dev inbox and
    /// the log). Needs --smtp-from.
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_HOST",
        requires = "smtp_from",
        help_heading = "Email"
    )]
    smtp_host: Option<String>,
    /// SMTP port [default: 465 for ssl, 587 for starttls, 25 for none].
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_PORT",
        requires = "smtp_host",
        value_parser = clap::value_parser!(u16).range(1..),
        help_heading = "Email"
    )]
    smtp_port: Option<u16>,
    /// SMTP connection security.
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_SECURITY",
        value_enum,
        default_value = "ssl",
        help_heading = "Email"
    )]
    smtp_security: SmtpSecurity,
    /// SMTP login user (with a password).
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_USER",
        requires = "smtp_host",
        help_heading = "Email"
    )]
    smtp_user: Option<String>,
    /// SMTP login password; prefer the environment variable, which other users of the machine
    /// cannot read from the process list.
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_PASSWORD",
        hide_env_values = true,
        requires = "smtp_host",
        help_heading = "Email"
    )]
    smtp_password: Option<String>,
    /// Sender address of the emails: noreply@example.com or "Name <noreply@example.com>".
    #[arg(
        long,
        env = "CLOUDBASE_EMULATOR_SMTP_FROM",
        requires = "smtp_host",
        help_heading = "Email"
    )]
    smtp_from: Option<String>,
    /// Believe X-Forwarded-Host, X-Forwarded-Proto and X-Forwarded-For (only behind a proxy
    /// that sets them; otherwise any client could choose them).
    #[arg(long)]
    trust_forwarded_headers: bool,
    /// An origin (https://app.example.com) that OAuth redirect URIs may point to besides this
    /// machine; repeat for several.
    #[arg(long = "redirect-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    redirect_origins: Vec<String>,
    /// A host name the dev API (/emulator/v1) answers to besides IP addresses and localhost
    /// (a name other machines or containers reach this one by); repeat for several. Other
    /// names are refused: a web page's own name made to resolve here (DNS rebinding) must
    /// not read the codes.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Anonymous sign-ins accepted from one IP address per minute.
    #[arg(long, value_name = "N", default_value_t = Limits::default().anonymous_signins_per_minute)]
    anonymous_signins_per_minute: i64,
    /// Wrong passwords accepted from one IP address per minute before its password sign-ins
    /// are refused for the rest of the minute.
    #[arg(long, value_name = "N", default_value_t = Limits::default().wrong_passwords_per_minute)]
    wrong_passwords_per_minute: i64,
    /// Verification codes sent at the request of one IP address per minute, in all
    /// environments.
    #[arg(long, value_name = "N", default_value_t = Limits::default().codes_per_minute)]
    codes_per_minute: i64,
}

/// Parses a `--redirect-origin`.
fn parse_origin(s: &str) -> Result<String, String> {
    cloudbase_auth_emulator::routes::oauth::redirect::normalise_origin(s)
        .ok_or_else(|| format!("{s:?} is not an origin: http(s)://host[:port]"))
}

impl Cli {
    /// The SMTP settings given, if any (empty user or password count as none).
    fn smtp(&self) -> Option<Smtp> {
        let host = self.smtp_host.clone()?;
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        Some(Smtp {
            host,
            port: self.smtp_port,
            security: self.smtp_security,
            user: nonempty(&self.smtp_user),
            password: nonempty(&self.smtp_password),
            from: self.smtp_from.clone().unwrap_or_default(),
        })
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let limits = Limits {
        smtp: cli.smtp(),
        anonymous_signins_per_minute: cli.anonymous_signins_per_minute,
        wrong_passwords_per_minute: cli.wrong_passwords_per_minute,
        codes_per_minute: cli.codes_per_minute,
        ..Limits::default()
    };
    if let Err(e) = limits.check() {
        eprintln!("error: invalid settings: {e}");
        return std::process::ExitCode::from(2);
    }
    if let Some(s) = &limits.smtp {
        tracing::info!(
            "email codes also go through smtp://{}:{} ({}) from {}",
            s.host,
            s.port(),
            s.security.as_str(),
            s.from
        );
    }
    let config = Config {
        host: cli.host,
        port: cli.port,
        db: cli.db,
        limits,
        trust_forwarded_headers: cli.trust_forwarded_headers,
        redirect_origins: cli.redirect_origins,
        allowed_hosts: cli.allowed_hosts,
    };
    match cloudbase_auth_emulator::serve(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("emulator failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
