//! The report: markdown tables of the scenarios, their requests, completions per second, CPU,
//! errors, and the machine.
use crate::cli::Scenario;
use crate::cpu::CpuWindow;
use crate::stats::{Stats, percentile_ms};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What one scenario measured.
pub struct Outcome {
    /// The scenario.
    pub scenario: Scenario,
    /// Its measurements.
    pub stats: Stats,
    /// Measured window: from the end of the warm-up to the last operation's end.
    pub elapsed: Duration,
    /// CPU used during the measured window, if it could be read.
    pub cpu: Option<CpuWindow>,
}

/// The tables of `outcomes` (sorts their latencies).
pub fn report(outcomes: &mut [Outcome]) -> String {
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

fn sh(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// The machine, the load on it, the toolchain, the date and the commit, as list items.
pub fn machine(root: &Path) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Window;
    use std::time::Instant;

    #[test]
    fn the_tables_carry_throughput_percentiles_endpoints_and_cpu_per_operation() {
        let from = Instant::now();
        let window = Window {
            from,
            end: from + Duration::from_secs(1),
        };
        let mut stats = Stats::default();
        for ms in 1..=100u64 {
            let at = from + Duration::from_millis(ms * 9);
            let step = [("token", Duration::from_millis(ms))];
            stats.operation(&window, at, Duration::from_millis(ms), &step);
        }
        let elapsed = stats.close(&window, 1);
        let cpu = CpuWindow {
            secs: 1.0,
            emulator: Some(0.5),
            generator: 0.25,
            machine_busy: 1.0,
        };
        let mut outcomes = [Outcome {
            scenario: Scenario::Refresh,
            stats,
            elapsed,
            cpu: Some(cpu),
        }];
        let text = report(&mut outcomes);
        // 100 operations over 1 s (the last ends at 1.0 s): 100/s, p50 51 ms, p99 99 ms.
        assert!(
            text.contains("| token refresh (rotating) | 100 | 100 | 51.00 | 99.00 | 0 |"),
            "{text}"
        );
        assert!(
            text.contains("| Refresh | token | 100 | 100 | 51.00 | 99.00 |"),
            "{text}"
        );
        // 0.5 cores for 1 s over 100 operations: 5000 µs each.
        assert!(
            text.contains("| Refresh | 0.50 | 5000 | 0.25 | 0.25 |"),
            "{text}"
        );
        assert!(text.contains("Errors: none."), "{text}");
    }
}
