//! What a scenario measured: latencies of operations and of each request, completions per
//! second, and errors by kind. Times are kept in microseconds (goose's own metrics round to
//! milliseconds, and coarser above 100 ms).
use crate::http::CallError;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The measured window of a scenario.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Start of the measured window (the warm-up before it is not counted).
    pub from: Instant,
    /// End of the measured window: operations that start later are not run.
    pub end: Instant,
}

/// The measurements of one scenario.
#[derive(Default)]
pub struct Stats {
    /// Latency of each successful operation, microseconds.
    pub ops_us: Vec<u32>,
    /// Completions per second of the measured window (one more for those in flight at its end).
    pub per_second: Vec<u64>,
    /// Latency of each successful request, by endpoint, microseconds.
    pub steps_us: BTreeMap<&'static str, Vec<u32>>,
    /// Failed operations and set-up calls in the window.
    pub errors: u64,
    /// Error kind -> (count, first description).
    pub error_kinds: BTreeMap<String, (u64, String)>,
    /// When the last measured operation ended.
    pub last_end: Option<Instant>,
}

/// Microseconds, saturating.
fn us(d: Duration) -> u32 {
    d.as_micros().min(u32::MAX as u128) as u32
}

impl Stats {
    /// Counts a successful operation that started at `t0` and took `dt`, made of `steps`
    /// (endpoint, latency), if it started inside the window.
    pub fn operation(
        &mut self,
        window: &Window,
        t0: Instant,
        dt: Duration,
        steps: &[(&'static str, Duration)],
    ) {
        if t0 < window.from {
            return;
        }
        self.ops_us.push(us(dt));
        let done = t0 + dt;
        let second = done.duration_since(window.from).as_secs() as usize;
        if self.per_second.len() <= second {
            self.per_second.resize(second + 1, 0);
        }
        self.per_second[second] += 1;
        for (name, d) in steps {
            self.steps_us.entry(name).or_default().push(us(*d));
        }
        self.last_end = Some(self.last_end.map_or(done, |l| l.max(done)));
    }

    /// Counts a failure at `t0`, if inside the window.
    pub fn error(&mut self, window: &Window, t0: Instant, e: CallError) {
        if t0 < window.from {
            return;
        }
        self.errors += 1;
        self.error_kinds.entry(e.kind).or_insert((0, e.detail)).0 += 1;
    }

    /// Length of the measured window: to the end of the last operation, at least `duration`'s
    /// worth of whole seconds in `per_second`.
    pub fn close(&mut self, window: &Window, duration: u64) -> Duration {
        let seconds = (duration as usize).max(self.per_second.len());
        self.per_second.resize(seconds, 0);
        let end = self.last_end.unwrap_or(window.end);
        end.saturating_duration_since(window.from)
    }
}

/// The `p` quantile (0..=1) of sorted microseconds, in milliseconds with two decimals.
pub fn percentile_ms(sorted: &[u32], p: f64) -> String {
    if sorted.is_empty() {
        return "-".into();
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    format!("{:.2}", sorted[i] as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        let from = Instant::now();
        Window {
            from,
            end: from + Duration::from_secs(2),
        }
    }

    #[test]
    fn warm_up_operations_are_not_counted() {
        let w = window();
        let mut s = Stats::default();
        let before = w.from - Duration::from_millis(5);
        s.operation(
            &w,
            before,
            Duration::from_millis(10),
            &[("token", Duration::from_millis(10))],
        );
        let fail = || CallError {
            kind: "token: HTTP 400 invalid_grant".into(),
            detail: "first".into(),
        };
        s.error(&w, before, fail());
        assert!(s.ops_us.is_empty() && s.steps_us.is_empty() && s.errors == 0);

        s.operation(
            &w,
            w.from,
            Duration::from_millis(3),
            &[("token", Duration::from_millis(3))],
        );
        s.operation(
            &w,
            w.from + Duration::from_millis(1500),
            Duration::from_millis(4),
            &[],
        );
        s.error(&w, w.from, fail());
        s.error(
            &w,
            w.from,
            CallError {
                detail: "second".into(),
                ..fail()
            },
        );
        assert_eq!(s.ops_us, [3000, 4000]);
        assert_eq!(s.per_second, [1, 1]);
        assert_eq!(s.steps_us["token"], [3000]);
        assert_eq!(
            s.error_kinds["token: HTTP 400 invalid_grant"],
            (2, "first".to_string())
        );
        assert_eq!(s.close(&w, 3), Duration::from_millis(1504));
        assert_eq!(s.per_second, [1, 1, 0]);
    }

    #[test]
    fn percentiles_pick_the_nearest_rank() {
        let v: Vec<u32> = (1..=100).map(|i| i * 1000).collect();
        assert_eq!(percentile_ms(&v, 0.50), "51.00");
        assert_eq!(percentile_ms(&v, 0.99), "99.00");
        assert_eq!(percentile_ms(&[], 0.5), "-");
    }
}
