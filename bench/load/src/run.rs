//! One benchmark run: the emulator (started here or given), its limits raised for the run and
//! put back after, each scenario driven by goose while `/proc` is sampled, and the report.
use crate::cli::{Cli, Scenario};
use crate::cpu::{self, CpuWindow};
use crate::emulator::{self, Emulator};
use crate::http::{Admin, CallError};
use crate::report::{self, Outcome};
use crate::scenarios::{self, Shared};
use crate::stats::{Stats, Window};
use goose::config::GooseConfiguration;
use goose::prelude::{GooseAttack, GooseDefault, GooseDefaultType};
use serde_json::json;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A random-enough 64-bit number without a rand dependency.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    h.finish()
}

fn goose_error(e: goose::GooseError) -> String {
    format!("goose: {e:?}")
}

/// The goose attack of one scenario: `users` users started at once, for `run_time` seconds,
/// against `host`; goose's own report and controllers off (it writes no files).
fn attack(
    scenario: Scenario,
    shared: Arc<Shared>,
    users: usize,
    run_time: usize,
    host: &str,
) -> Result<GooseAttack, String> {
    let users_per_second = (users * 1000).to_string();
    let a = GooseAttack::initialize_with_config(GooseConfiguration::default())
        .map_err(goose_error)?
        .register_scenario(scenarios::goose_scenario(scenario, shared))
        .set_default(GooseDefault::Host, host)
        .and_then(|a| a.set_default(GooseDefault::Users, users))
        .and_then(|a| a.set_default(GooseDefault::IncreaseRate, users_per_second.as_str()))
        .and_then(|a| a.set_default(GooseDefault::RunTime, run_time))
        .and_then(|a| a.set_default(GooseDefault::Quiet, 1usize))
        .and_then(|a| a.set_default(GooseDefault::NoTelnet, true))
        .and_then(|a| a.set_default(GooseDefault::NoPrintMetrics, true))
        .and_then(|a| a.set_default(GooseDefault::NoResetMetrics, true))
        .and_then(|a| a.set_default(GooseDefault::NoGzip, true))
        .map_err(goose_error)?;
    Ok(*a)
}

/// What every scenario of a run uses.
struct Target {
    /// The emulator's `host:port`.
    addr: String,
    /// Environment id (`client_id`) of the run.
    env: String,
    /// Client for the set-up requests.
    admin: Admin,
    /// First phone number of the otp scenario.
    phone_base: u64,
    /// The emulator's process id, for its CPU time.
    emulator_pid: Option<u32>,
}

/// Runs one scenario: set-up of every user, all at once (not measured), then goose for the
/// warm-up and the measured window, with the CPU sampled at the window's ends.
async fn run_scenario(cli: &Cli, scenario: Scenario, t: &Target) -> Result<Outcome, String> {
    let setups: Vec<_> = (0..cli.connections)
        .map(|i| {
            let (admin, env, base) = (t.admin.clone(), t.env.clone(), t.phone_base);
            tokio::spawn(async move { scenarios::setup(scenario, i, base, &admin, &env).await })
        })
        .collect();
    let mut users = Vec::with_capacity(cli.connections);
    for s in setups {
        let state = s
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("setup of {scenario:?} failed: {e}"))?;
        users.push(tokio::sync::Mutex::new(state));
    }
    let start = Instant::now();
    let from = start + Duration::from_secs(cli.warmup);
    let window = Window {
        from,
        end: from + Duration::from_secs(cli.duration),
    };
    let shared = Arc::new(Shared {
        env: t.env.clone(),
        window,
        users,
        stats: Mutex::new(Stats::default()),
    });
    // One second more than the window: goose counts its run time from when the users started.
    let run_time = (cli.warmup + cli.duration + 1) as usize;
    let host = format!("http://{}", t.addr);
    let goose = attack(
        scenario,
        Arc::clone(&shared),
        cli.connections,
        run_time,
        &host,
    )?;
    let emulator_pid = t.emulator_pid;
    let sampler = tokio::spawn(async move {
        tokio::time::sleep_until(window.from.into()).await;
        let a = cpu::sample(emulator_pid);
        tokio::time::sleep_until(window.end.into()).await;
        let b = cpu::sample(emulator_pid);
        a.zip(b).map(|(a, b)| cpu::window(a, b))
    });
    let result = goose.execute().await;
    if Instant::now() < window.end {
        sampler.abort();
        result.map_err(goose_error)?;
        return Err(format!(
            "{scenario:?} stopped before the end of its window (interrupted)"
        ));
    }
    result.map_err(goose_error)?;
    let cpu: Option<CpuWindow> = sampler.await.map_err(|e| e.to_string())?;
    let mut stats = match Arc::try_unwrap(shared) {
        Ok(s) => s.stats.into_inner().map_err(|e| e.to_string())?,
        Err(shared) => std::mem::take(&mut *shared.stats.lock().map_err(|e| e.to_string())?),
    };
    let elapsed = stats.close(&window, cli.duration);
    Ok(Outcome {
        scenario,
        stats,
        elapsed,
        cpu,
    })
}

/// The whole run; the report, or why it failed.
pub async fn run(cli: Cli) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .map_err(|e| e.to_string())?;
    if cli.connections == 0 || cli.duration == 0 {
        return Err("connections and duration must be at least 1".into());
    }
    let machine = report::machine(&root);
    let (addr, emulator, db_desc) = match &cli.url {
        Some(url) => (emulator::host_port(url)?, None, "as configured".to_string()),
        None => {
            let port = match cli.port {
                Some(p) => p,
                None => emulator::free_port()?,
            };
            let em = Emulator::start(&root, port, &cli.db)?;
            em.stop_on_interrupt();
            let desc = if cli.db == "file" {
                "file (temporary)".to_string()
            } else {
                cli.db.clone()
            };
            (format!("127.0.0.1:{port}"), Some(em), desc)
        }
    };
    let emulator_pid = cli.emulator_pid.or_else(|| emulator.as_ref()?.pid());
    let rnd = random_u64();
    let env = format!("bench-{:012x}", rnd & 0xffff_ffff_ffff);
    let admin = Admin::new(&addr)?;
    let fail = |e: CallError| e.to_string();
    let config_path = format!("/emulator/v1/config?client_id={env}");
    let original = admin
        .call("emulator/config", reqwest::Method::GET, &config_path, None)
        .await
        .map_err(fail)?;
    let raised = json!({
        "resend_gap_secs": 0,
        "codes_per_day": 1_000_000_000,
        "max_attempts": 1_000_000,
        "code_ttl_secs": 3600,
        "anonymous_signins_per_minute": 1_000_000_000,
        "codes_per_minute": 1_000_000_000,
        "wrong_passwords_per_minute": 1_000_000_000,
    });
    admin
        .call(
            "emulator/config",
            reqwest::Method::PATCH,
            &config_path,
            Some(&raised),
        )
        .await
        .map_err(fail)?;
    eprintln!(
        "emulator at http://{addr}, env {env}; {} connections, {} s warm-up + {} s per scenario",
        cli.connections, cli.warmup, cli.duration
    );
    let target = Target {
        addr,
        env,
        admin,
        phone_base: (rnd >> 16) % 100_000_000,
        emulator_pid,
    };
    let mut outcomes = Vec::new();
    let mut result = Ok(());
    for &s in &cli.scenarios {
        eprintln!("running {s:?} ...");
        match run_scenario(&cli, s, &target).await {
            Ok(o) => outcomes.push(o),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    // Put the limits back (matters for a shared emulator).
    let restore = target
        .admin
        .call(
            "emulator/config",
            reqwest::Method::PATCH,
            &config_path,
            Some(&original),
        )
        .await;
    drop(emulator);
    result?;
    restore.map_err(|e| format!("restoring the config: {}", fail(e)))?;
    let mut out = format!(
        "Emulator load benchmark (load by goose): {} connections, {} s measured per scenario after {} s \
         warm-up, load generator on {} threads, emulator db {db_desc}, loopback.\n\n",
        cli.connections, cli.duration, cli.warmup, cli.threads
    );
    out.push_str(&report::report(&mut outcomes));
    out.push('\n');
    out.push_str(&machine);
    Ok(out)
}
