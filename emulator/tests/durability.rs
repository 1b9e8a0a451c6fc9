//! Durability: the real emulator binary, on a SQLite file, is killed with SIGKILL in the middle
//! of concurrent sign-ups and restarted on the same file; every sign-up whose credentials had
//! reached its client must still be there (its user signs in with the same password and gets the
//! same `sub`), and the database must pass `PRAGMA integrity_check`.
#![allow(clippy::unwrap_used)]
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const ENV: &str = "durability-env";
const PASSWORD: &str = "Durab1lity";
/// Concurrent clients signing up.
const TASKS: usize = 8;
/// Load runs at least this long...
const MIN_LOAD: Duration = Duration::from_secs(2);
/// ...and until this many sign-ups were acknowledged (so the check means something on a slow
/// machine too), but never longer than `MAX_LOAD`.
const MIN_ACKED: usize = 4;
const MAX_LOAD: Duration = Duration::from_secs(12);

/// A running emulator process; killed (SIGKILL) when dropped.
struct Emulator {
    child: Child,
    base: String,
    log: Arc<Mutex<String>>,
}

impl Emulator {
    /// Starts the binary on a free port (`--port 0`; the bound address is read from its log) and
    /// waits until `/emulator/v1/health` answers.
    async fn start(db: &Path) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cloudbase-auth-emulator"))
            .args(["--host", "127.0.0.1", "--port", "0", "--db"])
            .arg(db)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the emulator binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<String>();
        // Both pipes are drained for the whole life of the process (a full pipe would block it);
        // the first `http://host:port` seen is the address it listens on.
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for pipe in pipes {
            let (tx, log) = (tx.clone(), log.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("http://") {
                        let url: String = line[at..]
                            .chars()
                            .take_while(|c| !c.is_whitespace() && !c.is_control())
                            .collect();
                        let _ = tx.send(url);
                    }
                    let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut emu = Emulator {
            child,
            base: String::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(url) = rx.try_recv() {
                emu.base = url;
                break;
            }
            if let Ok(Some(status)) = emu.child.try_wait() {
                panic!("the emulator exited ({status}):\n{}", emu.log());
            }
            assert!(
                Instant::now() < deadline,
                "the emulator did not print its address:\n{}",
                emu.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let url = format!("{}/emulator/v1/health", emu.base);
        loop {
            if let Ok(res) = http.get(&url).send().await
                && res.status().is_success()
                && res.json::<Value>().await.is_ok_and(|v| v["ok"] == true)
            {
                return emu;
            }
            if let Ok(Some(status)) = emu.child.try_wait() {
                panic!("the emulator exited ({status}):\n{}", emu.log());
            }
            assert!(
                Instant::now() < deadline,
                "the emulator at {} never became healthy:\n{}",
                emu.base,
                emu.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What it printed so far.
    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// SIGKILL (std's `Child::kill` on Unix), then reaps the process.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.kill();
    }
}

/// POSTs a JSON body as text/plain (as the SDK does); answers the status and the JSON body.
async fn post(http: &reqwest::Client, url: String, body: Value) -> Result<(u16, Value), String> {
    let res = http
        .post(url)
        .header("content-type", "text/plain;charset=UTF-8")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = res.json().await.map_err(|e| e.to_string())?;
    Ok((status, body))
}

fn ok(step: &str, status: u16, body: &Value) -> Result<(), String> {
    if status == 200 {
        Ok(())
    } else {
        Err(format!("{step}: HTTP {status} {body}"))
    }
}

/// One full sign-up: send a code, read it from the dev inbox, verify it, sign up with a password.
/// `Ok(sub)` once the credentials have arrived.
async fn sign_up(http: &reqwest::Client, base: &str, phone: &str) -> Result<String, String> {
    let q = format!("?client_id={ENV}");
    let (s, v) = post(
        http,
        format!("{base}/auth/v1/verification{q}"),
        json!({"phone_number": phone, "target": "ANY"}),
    )
    .await?;
    ok("verification", s, &v)?;
    let res = http
        .get(format!("{base}/emulator/v1/inbox"))
        .query(&[("to", phone)])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let (s, inbox): (u16, Value) = (
        res.status().as_u16(),
        res.json().await.map_err(|e| e.to_string())?,
    );
    ok("inbox", s, &inbox)?;
    let code = inbox["messages"][0]["code"].clone();
    let (s, v) = post(
        http,
        format!("{base}/auth/v1/verification/verify{q}"),
        json!({"verification_id": v["verification_id"], "verification_code": code}),
    )
    .await?;
    ok("verify", s, &v)?;
    let (s, creds) = post(
        http,
        format!("{base}/auth/v1/signup{q}"),
        json!({"phone_number": phone, "verification_token": v["verification_token"], "password": PASSWORD}),
    )
    .await?;
    ok("signup", s, &creds)?;
    match (creds["sub"].as_str(), creds["access_token"].as_str()) {
        (Some(sub), Some(_)) => Ok(sub.to_string()),
        _ => Err(format!("signup: no credentials in {creds}")),
    }
}

/// Removes the database and its WAL files.
fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_signups_survive_sigkill() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let db = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("durability-{}-{nanos}.sqlite", std::process::id()));
    remove_db(&db);

    // 1. Start on a fresh file; lift the per-address limits.
    let mut emu = Emulator::start(&db).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let res = http
        .patch(format!("{}/emulator/v1/config", emu.base))
        .header("content-type", "application/json")
        .body(json!({"resend_gap_secs": 0, "codes_per_day": 1_000_000}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());

    // 2. Concurrent sign-ups until the kill. A client stops at its first failure: before the
    //    kill any failure is a bug; after it every in-flight request may fail.
    let killed = Arc::new(AtomicBool::new(false));
    let next_phone = Arc::new(AtomicU64::new(0));
    let acked = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..TASKS {
        let (http, base) = (http.clone(), emu.base.clone());
        let (killed, next_phone, acked) = (killed.clone(), next_phone.clone(), acked.clone());
        tasks.spawn(async move {
            loop {
                let n = next_phone.fetch_add(1, Ordering::Relaxed);
                let phone = format!("+86 139{n:08}");
                match sign_up(&http, &base, &phone).await {
                    Ok(sub) => acked.lock().unwrap().push((phone, sub)),
                    Err(_) if killed.load(Ordering::SeqCst) => return None,
                    Err(e) => return Some(format!("{phone}: {e}")),
                }
            }
        });
    }
    let started = Instant::now();
    while started.elapsed() < MIN_LOAD
        || (acked.lock().unwrap().len() < MIN_ACKED && started.elapsed() < MAX_LOAD)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
        // A client that stopped before the kill has failed: no need to wait further.
        if tasks.len() < TASKS {
            break;
        }
    }
    killed.store(true, Ordering::SeqCst);
    emu.kill();
    let load_time = started.elapsed();
    let mut early_failures = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Some(e) = r.unwrap() {
            early_failures.push(e);
        }
    }
    assert!(
        early_failures.is_empty(),
        "sign-ups failed before the kill: {early_failures:#?}\nemulator log:\n{}",
        emu.log()
    );
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let attempted = next_phone.load(Ordering::Relaxed);
    assert!(
        acked.len() >= MIN_ACKED,
        "only {} sign-ups acknowledged in {load_time:?}",
        acked.len()
    );
    drop(emu);

    // 3. Restart on the same file; every acknowledged sign-up signs in, with the same sub.
    let emu = Emulator::start(&db).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut checks = tokio::task::JoinSet::new();
    let queue = Arc::new(Mutex::new(acked.clone()));
    for _ in 0..4 {
        let (http, base, queue) = (http.clone(), emu.base.clone(), queue.clone());
        checks.spawn(async move {
            let mut lost = Vec::new();
            loop {
                let Some((phone, sub)) = queue.lock().unwrap().pop() else {
                    return lost;
                };
                let got = post(
                    &http,
                    format!("{base}/auth/v1/signin?client_id={ENV}"),
                    json!({"username": phone, "password": PASSWORD}),
                )
                .await;
                match got {
                    Ok((200, v)) if v["sub"] == sub.as_str() => {}
                    other => lost.push(format!("{phone} (sub {sub}): {other:?}")),
                }
            }
        });
    }
    let mut lost = Vec::new();
    while let Some(r) = checks.join_next().await {
        lost.extend(r.unwrap());
    }
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged sign-ups lost after SIGKILL: {lost:#?}",
        lost.len(),
        acked.len()
    );
    drop(emu);

    // 4. The file itself is sound.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    eprintln!(
        "durability: {} of {attempted} sign-ups acknowledged in {load_time:?} before SIGKILL; all present after restart",
        acked.len()
    );
    remove_db(&db);
}
