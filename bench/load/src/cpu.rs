//! CPU time from `/proc`: the emulator process, this process and the whole machine.
use std::time::Instant;

/// CPU seconds at one instant: the emulator, this process, the whole machine (busy time).
#[derive(Clone, Copy)]
pub struct CpuSample {
    emulator: Option<f64>,
    generator: f64,
    machine_busy: f64,
    at: Instant,
}

/// CPU used over a window, in cores (CPU seconds per second).
pub struct CpuWindow {
    /// Length of the window, seconds.
    pub secs: f64,
    /// The emulator's cores, if its process id is known.
    pub emulator: Option<f64>,
    /// This process's cores.
    pub generator: f64,
    /// Busy cores of the whole machine.
    pub machine_busy: f64,
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
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

/// Reads the CPU counters now; `None` where `/proc` cannot be read.
pub fn sample(emulator_pid: Option<u32>) -> Option<CpuSample> {
    Some(CpuSample {
        emulator: emulator_pid.and_then(|p| process_cpu(&p.to_string())),
        generator: process_cpu("self")?,
        machine_busy: machine_busy()?,
        at: Instant::now(),
    })
}

/// The CPU used between two samples.
pub fn window(a: CpuSample, b: CpuSample) -> CpuWindow {
    let secs = b.at.duration_since(a.at).as_secs_f64().max(1e-9);
    CpuWindow {
        secs,
        emulator: a.emulator.zip(b.emulator).map(|(x, y)| (y - x) / secs),
        generator: (b.generator - a.generator) / secs,
        machine_busy: (b.machine_busy - a.machine_busy) / secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_time_this_process_spends_shows_in_its_window() {
        let a = sample(Some(std::process::id())).expect("/proc is readable");
        // Spin until 0.2 s of CPU time is spent (the machine may be busy: bounded by 30 s).
        let spin = Instant::now();
        let mut x = 0u64;
        while process_cpu("self").expect("/proc/self/stat") - a.generator < 0.2
            && spin.elapsed().as_secs() < 30
        {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
        let b = sample(Some(std::process::id())).expect("/proc is readable");
        let w = window(a, b);
        let spent = w.generator * w.secs;
        assert!(
            (0.2..0.5).contains(&spent),
            "spinning spent {spent} s of CPU"
        );
        let same = w.emulator.expect("the emulator pid is this process") * w.secs;
        assert!((same - spent).abs() < 0.05, "{same} vs {spent}");
        assert!(
            w.machine_busy * w.secs >= spent * 0.9,
            "the machine was busier than this process"
        );
    }
}
