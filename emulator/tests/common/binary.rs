//! The emulator binary as a child process, with its output lines.
#![allow(clippy::unwrap_used, dead_code)]

/// A running emulator process, killed when dropped.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// Runs the binary; answers the process and a receiver of its output lines.
pub fn run_binary(
    args: &[&str],
    envs: &[(&str, &str)],
) -> (Running, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cloudbase-auth-emulator"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for var in ["HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM"] {
        cmd.env_remove(format!("CLOUDBASE_EMULATOR_SMTP_{var}"));
    }
    cmd.envs(envs.iter().copied());
    let mut child = cmd.spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send(l);
        }
    });
    (Running(child), rx)
}

/// Waits up to 20 s for the `listening on http://ADDR` line; answers `http://ADDR` and the lines
/// read until then.
pub fn wait_listening(rx: &std::sync::mpsc::Receiver<String>) -> (Option<String>, Vec<String>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut lines = Vec::new();
    while std::time::Instant::now() < deadline {
        let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(100)) else {
            continue;
        };
        let base = line.split_once("listening on http://").map(|(_, rest)| {
            let addr: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || ".:[]".contains(*c))
                .collect();
            format!("http://{addr}")
        });
        lines.push(line);
        if base.is_some() {
            return (base, lines);
        }
    }
    (None, lines)
}
