//! Load benchmark of the CloudBase auth emulator, on goose.
//!
//! Starts the emulator (`scripts/emulator.sh`) unless `EMULATOR_URL` is given, raises its rate
//! limits through the dev API, then runs each scenario as a goose load test: N users, each with
//! its own keep-alive connection, for a warm-up and D measured seconds:
//!
//! - `refresh`:  `POST /auth/v1/token` with the rotated refresh token of the previous answer;
//! - `otp`:      send a code to a new phone, read it from the dev inbox, verify it, sign up
//!   (four requests, counted as one operation);
//! - `password`: `POST /auth/v1/signin` with username and password.
//!
//! Prints markdown tables (scenario, operations, ops/s, p50, p99, errors; per request; CPU of
//! the emulator per operation from `/proc`) and the machine. Any answer with an `error` field,
//! a non-2xx status, a non-JSON body or a transport failure is an error: counted, and listed by
//! kind below the tables.
mod cli;
mod cpu;
mod emulator;
mod http;
mod report;
mod run;
mod scenarios;
mod stats;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads.max(1))
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run::run(cli)) {
        Ok(report) => {
            println!("{report}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
