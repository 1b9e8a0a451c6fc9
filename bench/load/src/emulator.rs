//! Process control: the emulator started for a run (by `scripts/emulator.sh`), stopped when
//! the run ends or is interrupted.
use std::path::{Path, PathBuf};
use std::process::Command;

/// The emulator started by this run; stopped on drop.
pub struct Emulator {
    root: PathBuf,
    port: u16,
    db_to_remove: Option<PathBuf>,
}

fn remove_db(p: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
    }
}

/// Runs `scripts/emulator.sh stop` for the emulator on `port`.
fn stop(root: &Path, port: u16) {
    let _ = Command::new(root.join("scripts/emulator.sh"))
        .arg("stop")
        .current_dir(root)
        .env("EMULATOR_PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .status();
}

impl Emulator {
    /// Builds and starts the emulator on 127.0.0.1:`port` with database `db` (`file`: a
    /// temporary file under target/run/).
    pub fn start(root: &Path, port: u16, db: &str) -> Result<Self, String> {
        let (db, db_to_remove) = if db == "file" {
            let p = root.join(format!("target/run/bench-load-{port}.sqlite"));
            let _ = std::fs::create_dir_all(root.join("target/run"));
            remove_db(&p);
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

    /// The process id `scripts/emulator.sh` wrote.
    pub fn pid(&self) -> Option<u32> {
        let pid_file = self
            .root
            .join(format!("target/run/emulator-{}.pid", self.port));
        std::fs::read_to_string(pid_file).ok()?.trim().parse().ok()
    }

    /// On Ctrl-C: stops the emulator and leaves with status 130. (The load itself is goose's:
    /// its own handler stops the users.)
    pub fn stop_on_interrupt(&self) {
        let (root, port) = (self.root.clone(), self.port);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop(&root, port);
                std::process::exit(130);
            }
        });
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        stop(&self.root, self.port);
        if let Some(p) = &self.db_to_remove {
            remove_db(p);
        }
    }
}

/// A free port on 127.0.0.1.
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// `host:port` of an `http://host[:port]` URL without a path.
pub fn host_port(url: &str) -> Result<String, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_takes_plain_http_urls_only() {
        assert_eq!(
            host_port("http://127.0.0.1:8787/").as_deref(),
            Ok("127.0.0.1:8787")
        );
        assert_eq!(host_port("http://localhost").as_deref(), Ok("localhost:80"));
        assert!(host_port("https://127.0.0.1:8787").is_err());
        assert!(host_port("http://127.0.0.1:8787/auth").is_err());
    }
}
