//! A loud warning when the emulator listens on an address other machines can reach.
#![allow(clippy::unwrap_used)]
mod common;
use common::binary::{run_binary, wait_listening};
use std::time::Duration;

/// Starts the binary on `host`; answers every output line up to shortly after it listens.
fn output_of(host: &str) -> Vec<String> {
    let (child, rx) = run_binary(&["--db", ":memory:", "--port", "0", "--host", host], &[]);
    let (base, mut lines) = wait_listening(&rx);
    assert!(base.is_some(), "the emulator did not start: {lines:?}");
    // Stop it, then read everything it wrote (the readers end with its output).
    drop(child);
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        lines.push(line);
    }
    lines
}

#[test]
fn a_non_loopback_bind_is_warned_about_on_the_log_and_stderr() {
    let lines = output_of("0.0.0.0");
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("WARNING") && l.contains("other machines can reach"))
        .collect();
    // Once through the log (tracing, level WARN) and once on stderr as it is.
    assert_eq!(warnings.len(), 2, "{lines:?}");
    assert!(warnings.iter().any(|l| l.contains("WARN ")), "{lines:?}");
    assert!(
        warnings.iter().any(|l| l.starts_with("WARNING")),
        "{lines:?}"
    );
}

#[test]
fn a_loopback_bind_is_quiet() {
    let lines = output_of("127.0.0.1");
    assert!(!lines.iter().any(|l| l.contains("WARN")), "{lines:?}");
}

#[test]
fn the_warning_names_the_exposed_address() {
    let exposed = cloudbase_auth_emulator::exposed_warning(&"0.0.0.0:8787".parse().unwrap());
    assert!(exposed.unwrap().contains("0.0.0.0:8787"));
    for quiet in ["127.0.0.1:8787", "[::1]:8787"] {
        assert!(
            cloudbase_auth_emulator::exposed_warning(&quiet.parse().unwrap()).is_none(),
            "{quiet}"
        );
    }
}
