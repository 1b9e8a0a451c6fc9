//! The command line of the benchmark.
use clap::{Parser, ValueEnum};

/// Load benchmark of the CloudBase auth emulator.
#[derive(Parser, Debug)]
#[command(about)]
pub struct Cli {
    /// Concurrent connections (one simulated user each, with its own keep-alive connection).
    #[arg(short = 'c', long, default_value_t = 32)]
    pub connections: usize,
    /// Measured seconds per scenario.
    #[arg(short = 'd', long, default_value_t = 10)]
    pub duration: u64,
    /// Unmeasured warm-up seconds before each scenario's measured window.
    #[arg(short = 'w', long, default_value_t = 2)]
    pub warmup: u64,
    /// Scenarios to run, in order.
    #[arg(
        short = 's',
        long,
        value_delimiter = ',',
        default_value = "refresh,otp,password"
    )]
    pub scenarios: Vec<Scenario>,
    /// Use a running emulator instead of starting one.
    #[arg(long, env = "EMULATOR_URL")]
    pub url: Option<String>,
    /// Database of the emulator started here: `:memory:`, a file path, or `file` (a temporary
    /// file under target/run/, removed afterwards).
    #[arg(long, env = "EMULATOR_DB", default_value = ":memory:")]
    pub db: String,
    /// Port of the emulator started here (default: a free one).
    #[arg(long, env = "EMULATOR_PORT")]
    pub port: Option<u16>,
    /// Threads of the load generator (it shares the machine with the emulator).
    #[arg(short = 't', long, default_value_t = 2)]
    pub threads: usize,
    /// Process id of the emulator at EMULATOR_URL, to report its CPU time (known without this
    /// for an emulator started here).
    #[arg(long)]
    pub emulator_pid: Option<u32>,
}

/// A load scenario: what one operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// `POST /auth/v1/token` with the rotated refresh token of the previous answer.
    Refresh,
    /// Code to a new phone, read from the dev inbox, verified, sign-up (four requests).
    Otp,
    /// `POST /auth/v1/signin` with username and password.
    Password,
}

impl Scenario {
    /// The scenario's row title in the report.
    pub fn title(self) -> &'static str {
        match self {
            Scenario::Refresh => "token refresh (rotating)",
            Scenario::Otp => "SMS code send + inbox + verify + sign-up",
            Scenario::Password => "password sign-in (argon2id)",
        }
    }
}
