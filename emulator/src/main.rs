//! The `cloudbase-auth-emulator` binary.
use clap::Parser;
use cloudbase_auth_emulator::config::{Config, Limits};
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
    /// SQLite database file, or `:memory:`.
    #[arg(long, default_value = ".emulator/auth.sqlite")]
    db: PathBuf,
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
    let config = Config {
        host: cli.host,
        port: cli.port,
        db: cli.db,
        limits: Limits::default(),
    };
    match cloudbase_auth_emulator::serve(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("emulator failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
