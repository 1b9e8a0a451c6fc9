//! Load benchmark of the CloudBase auth emulator.
//!
//! Starts the emulator (`scripts/emulator.sh`) unless `EMULATOR_URL` is given, raises its rate
//! limits through the dev API, then drives N keep-alive connections for D seconds per scenario:
//!
//! - `refresh`:  `POST /auth/v1/token` with the rotated refresh token of the previous answer;
//! - `otp`:      send a code to a new phone, read it from the dev inbox, verify it, sign up
//!   (four requests, counted as one operation);
//! - `password`: `POST /auth/v1/signin` with username and password.
//!
//! Prints a markdown table (scenario, operations, ops/s, p50, p99, errors), a per-request table
//! and the machine. Any answer with an `error` field, a non-2xx status, a non-JSON body or a
//! transport failure is an error: counted, and listed by kind below the tables.
use clap::{Parser, ValueEnum};
use http_body_util::{BodyExt, Full};
use hyper::Method;
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Load benchmark of the CloudBase auth emulator.
#[derive(Parser, Debug)]
#[command(about)]
struct Cli {
    /// Concurrent connections (one worker each).
    #[arg(short = 'c', long, default_value_t = 32)]
    connections: usize,
    /// Measured seconds per scenario.
    #[arg(short = 'd', long, default_value_t = 10)]
    duration: u64,
    /// Unmeasured warm-up seconds before each scenario's measured window.
    #[arg(short = 'w', long, default_value_t = 2)]
    warmup: u64,
    /// Scenarios to run, in order.
    #[arg(
        short = 's',
        long,
        value_delimiter = ',',
        default_value = "refresh,otp,password"
    )]
    scenarios: Vec<Scenario>,
    /// Use a running emulator instead of starting one.
    #[arg(long, env = "EMULATOR_URL")]
    url: Option<String>,
    /// Database of the emulator started here: `:memory:`, a file path, or `file` (a temporary
    /// file under target/run/, removed afterwards).
    #[arg(long, env = "EMULATOR_DB", default_value = ":memory:")]
    db: String,
    /// Port of the emulator started here (default: a free one).
    #[arg(long, env = "EMULATOR_PORT")]
    port: Option<u16>,
    /// Threads of the load generator (it shares the machine with the emulator).
    #[arg(short = 't', long, default_value_t = 2)]
    threads: usize,
    /// Process id of the emulator at EMULATOR_URL, to report its CPU time (known without this
    /// for an emulator started here).
    #[arg(long)]
    emulator_pid: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scenario {
    Refresh,
    Otp,
    Password,
}

impl Scenario {
    fn title(self) -> &'static str {
        match self {
            Scenario::Refresh => "token refresh (rotating)",
            Scenario::Otp => "SMS code send + inbox + verify + sign-up",
            Scenario::Password => "password sign-in (argon2id)",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP client: one HTTP/1.1 keep-alive connection per worker.

#[derive(Clone)]
struct Target {
    /// `host:port` to connect to.
    addr: String,
    /// Environment id (`client_id`).
    env: String,
}

struct Conn {
    target: Target,
    sender: Option<SendRequest<Full<Bytes>>>,
}

/// A failed call: its kind (grouping key) and an example description.
struct CallError {
    kind: String,
    detail: String,
}

impl Conn {
    fn new(target: Target) -> Self {
        Self {
            target,
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<(), CallError> {
        let fail = |e: String| CallError {
            kind: "transport: connect".into(),
            detail: e,
        };
        let stream = tokio::net::TcpStream::connect(&self.target.addr)
            .await
            .map_err(|e| fail(e.to_string()))?;
        stream.set_nodelay(true).map_err(|e| fail(e.to_string()))?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| fail(e.to_string()))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        self.sender = Some(sender);
        Ok(())
    }

    /// One request; `Ok` only for a 2xx JSON answer without an `error` field.
    async fn call(
        &mut self,
        endpoint: &'static str,
        method: Method,
        path_and_query: &str,
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            self.connect().await?;
        }
        let transport = |what: &str, e: String| CallError {
            kind: format!("{endpoint}: transport: {what}"),
            detail: e,
        };
        let Some(sender) = self.sender.as_mut() else {
            return Err(transport("connect", "no connection".into()));
        };
        if let Err(e) = sender.ready().await {
            self.sender = None;
            return Err(transport("ready", e.to_string()));
        }
        let bytes = body.map(|b| b.to_string()).unwrap_or_default();
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(path_and_query)
            .header(hyper::header::HOST, &self.target.addr);
        if body.is_some() {
            req = req.header(hyper::header::CONTENT_TYPE, "application/json");
        }
        let req = req
            .body(Full::new(Bytes::from(bytes)))
            .map_err(|e| transport("request", e.to_string()))?;
        let res = match sender.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                self.sender = None;
                return Err(transport("send", e.to_string()));
            }
        };
        let status = res.status();
        let raw = match res.into_body().collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                self.sender = None;
                return Err(transport("body", e.to_string()));
            }
        };
        let Ok(v) = serde_json::from_slice::<Value>(&raw) else {
            return Err(CallError {
                kind: format!("{endpoint}: HTTP {} non-JSON body", status.as_u16()),
                detail: String::from_utf8_lossy(&raw).chars().take(200).collect(),
            });
        };
        if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
            let code = err.as_str().map(str::to_string).unwrap_or(err.to_string());
            return Err(CallError {
                kind: format!("{endpoint}: HTTP {} {code}", status.as_u16()),
                detail: v
                    .get("error_description")
                    .map(|d| d.as_str().map(str::to_string).unwrap_or(d.to_string()))
                    .unwrap_or_default(),
            });
        }
        if !status.is_success() {
            return Err(CallError {
                kind: format!("{endpoint}: HTTP {}", status.as_u16()),
                detail: v.to_string().chars().take(200).collect(),
            });
        }
        Ok(v)
    }
}

/// Reads a string field of an answer, or an "unexpected answer" error.
fn field(endpoint: &'static str, v: &Value, name: &str) -> Result<String, CallError> {
    v.get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallError {
            kind: format!("{endpoint}: answer without {name}"),
            detail: v.to_string().chars().take(200).collect(),
        })
}

/// Percent-encodes a query value.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

const PASSWORD: &str = "Bench-pass-2024";

/// Per-worker state carried across operations.
enum WorkerState {
    Refresh { refresh_token: String },
    Otp { next_phone: u64 },
    Password { username: String },
}

/// Starts an anonymous session, returns its refresh token.
async fn new_session(conn: &mut Conn) -> Result<String, CallError> {
    let path = format!("/auth/v1/signin/anonymously?client_id={}", conn.target.env);
    let v = conn
        .call("signin/anonymously", Method::POST, &path, Some(&json!({})))
        .await?;
    field("signin/anonymously", &v, "refresh_token")
}

/// Prepares a worker for a scenario (not measured).
async fn setup(
    scenario: Scenario,
    worker: usize,
    phone_base: u64,
    conn: &mut Conn,
) -> Result<WorkerState, CallError> {
    Ok(match scenario {
        Scenario::Refresh => WorkerState::Refresh {
            refresh_token: new_session(conn).await?,
        },
        // Phones "+86 139" + 8 digits: each worker its own block of a million numbers.
        Scenario::Otp => WorkerState::Otp {
            next_phone: phone_base + worker as u64 * 1_000_000,
        },
        Scenario::Password => {
            let username = format!("bench{worker}x{}", &conn.target.env[6..]);
            let path = format!("/emulator/v1/users?client_id={}", conn.target.env);
            conn.call(
                "emulator/users",
                Method::POST,
                &path,
                Some(&json!({"username": username, "password": PASSWORD})),
            )
            .await?;
            WorkerState::Password { username }
        }
    })
}

/// Times one request into `steps`.
async fn timed(
    steps: &mut Vec<(&'static str, Duration)>,
    conn: &mut Conn,
    endpoint: &'static str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, CallError> {
    let t = Instant::now();
    let r = conn.call(endpoint, method, path, body).await;
    if r.is_ok() {
        steps.push((endpoint, t.elapsed()));
    }
    r
}

/// One operation of a scenario.
async fn operation(
    state: &mut WorkerState,
    conn: &mut Conn,
    steps: &mut Vec<(&'static str, Duration)>,
) -> Result<(), CallError> {
    let env = conn.target.env.clone();
    match state {
        WorkerState::Refresh { refresh_token } => {
            let body = json!({
                "client_id": env, "client_secret": "", "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            });
            let path = format!("/auth/v1/token?client_id={env}");
            let v = timed(steps, conn, "token", Method::POST, &path, Some(&body)).await?;
            field("token", &v, "access_token")?;
            *refresh_token = field("token", &v, "refresh_token")?;
            Ok(())
        }
        WorkerState::Otp { next_phone } => {
            let phone = format!("+86 139{:08}", *next_phone % 100_000_000);
            *next_phone += 1;
            let path = format!("/auth/v1/verification?client_id={env}");
            let v = timed(
                steps,
                conn,
                "verification",
                Method::POST,
                &path,
                Some(&json!({"phone_number": phone})),
            )
            .await?;
            let vid = field("verification", &v, "verification_id")?;
            let path = format!("/emulator/v1/inbox?to={}", url_encode(&phone));
            let v = timed(steps, conn, "emulator/inbox", Method::GET, &path, None).await?;
            let code = v
                .get("messages")
                .and_then(Value::as_array)
                .and_then(|m| {
                    m.iter()
                        .find(|m| m.get("verification_id").and_then(Value::as_str) == Some(&vid))
                })
                .and_then(|m| m.get("code"))
                .and_then(Value::as_str)
                .ok_or_else(|| CallError {
                    kind: "emulator/inbox: code not in the inbox".into(),
                    detail: v.to_string().chars().take(200).collect(),
                })?
                .to_string();
            let path = format!("/auth/v1/verification/verify?client_id={env}");
            let v = timed(
                steps,
                conn,
                "verification/verify",
                Method::POST,
                &path,
                Some(&json!({"verification_id": vid, "verification_code": code})),
            )
            .await?;
            let vtoken = field("verification/verify", &v, "verification_token")?;
            let path = format!("/auth/v1/signup?client_id={env}");
            let v = timed(
                steps,
                conn,
                "signup",
                Method::POST,
                &path,
                Some(&json!({"phone_number": phone, "verification_token": vtoken})),
            )
            .await?;
            field("signup", &v, "access_token")?;
            Ok(())
        }
        WorkerState::Password { username } => {
            let path = format!("/auth/v1/signin?client_id={env}");
            let body = json!({"username": username, "password": PASSWORD});
            let v = timed(steps, conn, "signin", Method::POST, &path, Some(&body)).await?;
            field("signin", &v, "access_token")?;
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Measurement.

#[derive(Default)]
struct Stats {
    /// Latency of each successful operation, microseconds.
    ops_us: Vec<u32>,
    /// Completions per second of the measured window.
    per_second: Vec<u64>,
    /// Latency of each successful request, by endpoint, microseconds.
    steps_us: BTreeMap<&'static str, Vec<u32>>,
    errors: u64,
    /// Error kind -> (count, first description).
    error_kinds: BTreeMap<String, (u64, String)>,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.ops_us.extend(other.ops_us);
        if self.per_second.len() < other.per_second.len() {
            self.per_second.resize(other.per_second.len(), 0);
        }
        for (i, n) in other.per_second.into_iter().enumerate() {
            self.per_second[i] += n;
        }
        for (k, v) in other.steps_us {
            self.steps_us.entry(k).or_default().extend(v);
        }
        self.errors += other.errors;
        for (k, (n, d)) in other.error_kinds {
            self.error_kinds.entry(k).or_insert((0, d)).0 += n;
        }
    }
    fn error(&mut self, e: CallError) {
        self.errors += 1;
        self.error_kinds.entry(e.kind).or_insert((0, e.detail)).0 += 1;
    }
}

fn us(d: Duration) -> u32 {
    d.as_micros().min(u32::MAX as u128) as u32
}

async fn run_worker(
    mut conn: Conn,
    mut state: WorkerState,
    measure_from: Instant,
    end: Instant,
) -> Stats {
    let mut stats = Stats::default();
    let mut steps = Vec::with_capacity(4);
    loop {
        let t0 = Instant::now();
        if t0 >= end {
            break;
        }
        steps.clear();
        let r = operation(&mut state, &mut conn, &mut steps).await;
        let dt = t0.elapsed();
        let measured = t0 >= measure_from;
        match r {
            Ok(()) if measured => {
                stats.ops_us.push(us(dt));
                let second = (t0 + dt).duration_since(measure_from).as_secs() as usize;
                if stats.per_second.len() <= second {
                    stats.per_second.resize(second + 1, 0);
                }
                stats.per_second[second] += 1;
                for (name, d) in &steps {
                    stats.steps_us.entry(name).or_default().push(us(*d));
                }
            }
            Ok(()) => {}
            Err(e) => {
                if measured {
                    stats.error(e);
                }
                // A failed refresh may have lost the session: start a new one (not timed).
                if let WorkerState::Refresh { refresh_token } = &mut state {
                    match new_session(&mut conn).await {
                        Ok(rt) => *refresh_token = rt,
                        Err(e) => {
                            if measured {
                                stats.error(e);
                            }
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                    }
                }
            }
        }
    }
    stats
}

struct Outcome {
    scenario: Scenario,
    stats: Stats,
    /// Measured window: from the end of the warm-up to the last operation's end.
    elapsed: Duration,
    /// CPU used during the measured window, if it could be read.
    cpu: Option<CpuWindow>,
}

/// CPU seconds at one instant: the emulator, this process, the whole machine (busy time).
#[derive(Clone, Copy)]
struct CpuSample {
    emulator: Option<f64>,
    generator: f64,
    machine_busy: f64,
    at: Instant,
}

/// CPU used over a window, in cores (CPU seconds per second).
struct CpuWindow {
    secs: f64,
    emulator: Option<f64>,
    generator: f64,
    machine_busy: f64,
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        sh("getconf", &["CLK_TCK"])
            .and_then(|s| s.parse().ok())
            .unwrap_or(100.0)
    })
}

/// utime + stime of a process (all its threads), seconds.
fn process_cpu(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_comm = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after_comm.split_whitespace().collect();
    // Fields 14 and 15 of stat; after the comm field the state is field 3, index 0 here.
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
}

/// Busy CPU seconds of the whole machine (all cores, everything but idle and iowait).
fn machine_busy() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu = stat.lines().next()?.strip_prefix("cpu ")?;
    let v: Vec<f64> = cpu
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy: f64 = v.iter().take(8).sum::<f64>() - v.get(3)? - v.get(4)?;
    Some(busy / clock_ticks())
}

fn cpu_sample(emulator_pid: Option<u32>) -> Option<CpuSample> {
    Some(CpuSample {
        emulator: emulator_pid.and_then(|p| process_cpu(&p.to_string())),
        generator: process_cpu("self")?,
        machine_busy: machine_busy()?,
        at: Instant::now(),
    })
}

fn cpu_window(a: CpuSample, b: CpuSample) -> CpuWindow {
    let secs = b.at.duration_since(a.at).as_secs_f64().max(1e-9);
    CpuWindow {
        secs,
        emulator: a.emulator.zip(b.emulator).map(|(x, y)| (y - x) / secs),
        generator: (b.generator - a.generator) / secs,
        machine_busy: (b.machine_busy - a.machine_busy) / secs,
    }
}

async fn run_scenario(
    cli: &Cli,
    scenario: Scenario,
    target: &Target,
    phone_base: u64,
    emulator_pid: Option<u32>,
) -> Result<Outcome, String> {
    // Setup (not measured), all workers at once.
    let mut setups = Vec::new();
    for w in 0..cli.connections {
        let target = target.clone();
        setups.push(tokio::spawn(async move {
            let mut conn = Conn::new(target);
            let state = setup(scenario, w, phone_base, &mut conn).await;
            state.map(|s| (conn, s))
        }));
    }
    let mut ready = Vec::new();
    for s in setups {
        match s.await.map_err(|e| e.to_string())? {
            Ok(x) => ready.push(x),
            Err(e) => {
                return Err(format!(
                    "setup of {scenario:?} failed: {}: {}",
                    e.kind, e.detail
                ));
            }
        }
    }
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(cli.warmup);
    let end = measure_from + Duration::from_secs(cli.duration);
    let workers: Vec<_> = ready
        .into_iter()
        .map(|(conn, state)| tokio::spawn(run_worker(conn, state, measure_from, end)))
        .collect();
    let sampler = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from.into()).await;
        let a = cpu_sample(emulator_pid);
        tokio::time::sleep_until(end.into()).await;
        let b = cpu_sample(emulator_pid);
        a.zip(b).map(|(a, b)| cpu_window(a, b))
    });
    let mut stats = Stats::default();
    for w in workers {
        stats.merge(w.await.map_err(|e| e.to_string())?);
    }
    let elapsed = Instant::now().saturating_duration_since(measure_from);
    let seconds = (cli.duration as usize).max(stats.per_second.len());
    stats.per_second.resize(seconds, 0);
    let cpu = sampler.await.map_err(|e| e.to_string())?;
    Ok(Outcome {
        scenario,
        stats,
        elapsed,
        cpu,
    })
}

fn percentile_ms(sorted: &[u32], p: f64) -> String {
    if sorted.is_empty() {
        return "-".into();
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    format!("{:.2}", sorted[i] as f64 / 1000.0)
}

fn report(outcomes: &mut [Outcome]) -> String {
    let mut out = String::new();
    out.push_str("| scenario | operations | ops/s | p50 ms | p99 ms | errors |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for o in outcomes.iter_mut() {
        o.stats.ops_us.sort_unstable();
        let n = o.stats.ops_us.len();
        let secs = o.elapsed.as_secs_f64().max(1e-9);
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} | {} | {} |",
            o.scenario.title(),
            n,
            n as f64 / secs,
            percentile_ms(&o.stats.ops_us, 0.50),
            percentile_ms(&o.stats.ops_us, 0.99),
            o.stats.errors,
        );
    }
    out.push_str("\nPer request (successful requests only):\n\n");
    out.push_str("| scenario | endpoint | requests | req/s | p50 ms | p99 ms |\n");
    out.push_str("|---|---|---:|---:|---:|---:|\n");
    for o in outcomes.iter_mut() {
        let secs = o.elapsed.as_secs_f64().max(1e-9);
        for (name, v) in o.stats.steps_us.iter_mut() {
            v.sort_unstable();
            let _ = writeln!(
                out,
                "| {:?} | {} | {} | {:.0} | {} | {} |",
                o.scenario,
                name,
                v.len(),
                v.len() as f64 / secs,
                percentile_ms(v, 0.50),
                percentile_ms(v, 0.99),
            );
        }
    }
    out.push_str(
        "\nOperations completed in each second of the measured window \
         (a last, extra number counts those in flight when it closed):\n\n",
    );
    for o in outcomes.iter() {
        let series: Vec<String> = o.stats.per_second.iter().map(u64::to_string).collect();
        let _ = writeln!(out, "- {:?}: {}", o.scenario, series.join(" "));
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get() as f64)
        .unwrap_or(1.0);
    let _ = writeln!(
        out,
        "\nCPU during the measured window, in cores of {cores} (other = the rest of the machine):\n"
    );
    out.push_str("| scenario | emulator | emulator CPU µs/op | load generator | other | idle |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for o in outcomes.iter() {
        let Some(c) = &o.cpu else { continue };
        let ops = o.stats.ops_us.len() as f64;
        let em = c.emulator.map(|e| format!("{e:.2}")).unwrap_or("?".into());
        let per_op = c
            .emulator
            .filter(|_| ops > 0.0)
            .map(|e| format!("{:.0}", e * c.secs / ops * 1e6))
            .unwrap_or("?".into());
        let other = c.machine_busy - c.emulator.unwrap_or(0.0) - c.generator;
        let _ = writeln!(
            out,
            "| {:?} | {em} | {per_op} | {:.2} | {} | {:.2} |",
            o.scenario,
            c.generator,
            if c.emulator.is_some() {
                format!("{:.2}", other.max(0.0))
            } else {
                "?".into()
            },
            (cores - c.machine_busy).max(0.0),
        );
    }
    let errors: Vec<_> = outcomes
        .iter()
        .flat_map(|o| o.stats.error_kinds.iter().map(move |e| (o.scenario, e)))
        .collect();
    if errors.is_empty() {
        out.push_str("\nErrors: none.\n");
    } else {
        out.push_str("\nErrors (kind, count, first description):\n\n");
        for (s, (kind, (n, detail))) in errors {
            let _ = writeln!(out, "- {s:?}: `{kind}` × {n}: {detail}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Machine and emulator.

fn sh(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn machine(root: &Path) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "?".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let commit = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".into());
    let dirty = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--", "emulator", "Cargo.lock"])
        .output()
        .ok()
        .is_some_and(|o| !o.stdout.is_empty());
    let commit = if dirty {
        format!("{commit} + uncommitted emulator changes")
    } else {
        commit
    };
    format!(
        "- machine: nproc {nproc}, CPU {model}, RAM {mem}, load average before the run {load}\n\
         - kernel: {}, rustc: {}, date: {}, commit: {commit}\n",
        sh("uname", &["-sr"]).unwrap_or_default(),
        sh("rustc", &["--version"]).unwrap_or_default(),
        sh("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]).unwrap_or_default(),
    )
}

/// The emulator started by this run; stopped on drop.
struct Emulator {
    root: PathBuf,
    port: u16,
    db_to_remove: Option<PathBuf>,
}

impl Emulator {
    fn start(root: &Path, port: u16, db: &str) -> Result<Self, String> {
        let (db, db_to_remove) = if db == "file" {
            let p = root.join(format!("target/run/bench-load-{port}.sqlite"));
            let _ = std::fs::create_dir_all(root.join("target/run"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
            (p.display().to_string(), Some(p))
        } else {
            (db.to_string(), None)
        };
        eprintln!("building and starting the emulator on port {port} (db {db}) ...");
        let status = Command::new(root.join("scripts/emulator.sh"))
            .arg("start")
            .current_dir(root)
            .env("EMULATOR_PORT", port.to_string())
            .env("EMULATOR_DB", &db)
            .status()
            .map_err(|e| format!("scripts/emulator.sh: {e}"))?;
        let em = Self {
            root: root.to_path_buf(),
            port,
            db_to_remove,
        };
        if !status.success() {
            return Err(format!("scripts/emulator.sh start failed ({status})"));
        }
        Ok(em)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = Command::new(self.root.join("scripts/emulator.sh"))
            .arg("stop")
            .current_dir(&self.root)
            .env("EMULATOR_PORT", self.port.to_string())
            .stdout(std::process::Stdio::null())
            .status();
        if let Some(p) = &self.db_to_remove {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
        }
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

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

fn host_port(url: &str) -> Result<String, String> {
    let rest = url
        .trim_end_matches('/')
        .strip_prefix("http://")
        .ok_or_else(|| format!("EMULATOR_URL must be http://host:port, not {url:?}"))?;
    if rest.contains('/') {
        return Err(format!("EMULATOR_URL must have no path: {url:?}"));
    }
    Ok(if rest.contains(':') {
        rest.to_string()
    } else {
        format!("{rest}:80")
    })
}

async fn run(cli: Cli) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .map_err(|e| e.to_string())?;
    if cli.connections == 0 || cli.duration == 0 {
        return Err("connections and duration must be at least 1".into());
    }
    let machine = machine(&root);
    let (addr, emulator, db_desc) = match &cli.url {
        Some(url) => (host_port(url)?, None, "as configured".to_string()),
        None => {
            let port = match cli.port {
                Some(p) => p,
                None => free_port()?,
            };
            let em = Emulator::start(&root, port, &cli.db)?;
            let desc = if cli.db == "file" {
                "file (temporary)".to_string()
            } else {
                cli.db.clone()
            };
            (format!("127.0.0.1:{port}"), Some(em), desc)
        }
    };
    // Ctrl-C: stop the emulator started here, then leave.
    if let Some(em) = &emulator {
        let (root, port) = (em.root.clone(), em.port);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = Command::new(root.join("scripts/emulator.sh"))
                    .arg("stop")
                    .current_dir(&root)
                    .env("EMULATOR_PORT", port.to_string())
                    .status();
                std::process::exit(130);
            }
        });
    }
    let emulator_pid = cli.emulator_pid.or_else(|| {
        let em = emulator.as_ref()?;
        let pid_file = em.root.join(format!("target/run/emulator-{}.pid", em.port));
        std::fs::read_to_string(pid_file).ok()?.trim().parse().ok()
    });
    let rnd = random_u64();
    let target = Target {
        addr: addr.clone(),
        env: format!("bench-{:012x}", rnd & 0xffff_ffff_ffff),
    };
    let mut admin = Conn::new(target.clone());
    let fail = |e: CallError| format!("{}: {}", e.kind, e.detail);
    let config_path = format!("/emulator/v1/config?client_id={}", target.env);
    let original = admin
        .call("emulator/config", Method::GET, &config_path, None)
        .await
        .map_err(fail)?;
    let raised = json!({
        "resend_gap_secs": 0,
        "codes_per_day": 1_000_000_000,
        "max_attempts": 1_000_000,
        "code_ttl_secs": 3600,
    });
    admin
        .call(
            "emulator/config",
            Method::PATCH,
            &config_path,
            Some(&raised),
        )
        .await
        .map_err(fail)?;
    eprintln!(
        "emulator at http://{addr}, env {}; {} connections, {} s warm-up + {} s per scenario",
        target.env, cli.connections, cli.warmup, cli.duration
    );
    let phone_base = (rnd >> 16) % 100_000_000;
    let mut outcomes = Vec::new();
    let mut result = Ok(());
    for &s in &cli.scenarios {
        eprintln!("running {s:?} ...");
        match run_scenario(&cli, s, &target, phone_base, emulator_pid).await {
            Ok(o) => outcomes.push(o),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    // Put the limits back (matters for a shared emulator).
    let restore = admin
        .call(
            "emulator/config",
            Method::PATCH,
            &config_path,
            Some(&original),
        )
        .await;
    drop(emulator);
    result?;
    restore.map_err(|e| format!("restoring the config: {}", fail(e)))?;
    let mut out = format!(
        "Emulator load benchmark: {} connections, {} s measured per scenario after {} s warm-up, \
         load generator on {} threads, emulator db {db_desc}, loopback.\n\n",
        cli.connections, cli.duration, cli.warmup, cli.threads
    );
    out.push_str(&report(&mut outcomes));
    out.push('\n');
    out.push_str(&machine);
    Ok(out)
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
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
    match rt.block_on(run(cli)) {
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
