//! Benchmarks live in the bench targets; see README.md. This library holds
//! the timing harness the side-by-side peer binaries (`*_peers.rs`) share.

/// Timing and memory readings for the peer binaries: each implementation
/// runs in its own process, timed in wall time and in this thread's on-CPU
/// time (`/proc/thread-self/schedstat`, robust to time slices lost on a busy
/// machine).
pub mod peers {
    use serde_json::{json, Value};
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    /// `VmRSS` and `VmHWM` of this process, in KiB.
    pub fn rss_kib() -> (u64, u64) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// The median (NaN for no samples).
    pub fn median(v: &[f64]) -> f64 {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            return f64::NAN;
        }
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    }

    /// Milliseconds.
    pub fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }

    /// On-CPU nanoseconds of this thread so far (`/proc/thread-self/schedstat`),
    /// which time slices lost to other processes on a busy machine do not count.
    pub fn cpu_ns() -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// Wall and on-CPU samples of one measurement.
    #[derive(Default)]
    pub struct Samples {
        /// Wall-time samples.
        pub wall: Vec<f64>,
        /// On-CPU samples.
        pub cpu: Vec<f64>,
    }

    impl Samples {
        /// `{"<name>": median wall, "<name>_all": [..], "<name>_cpu": median cpu}`.
        pub fn put(&self, out: &mut serde_json::Map<String, Value>, name: &str) {
            let round = |x: f64| (x * 1e6).round() / 1e6;
            out.insert(name.to_string(), json!(round(median(&self.wall))));
            out.insert(
                format!("{name}_all"),
                json!(self.wall.iter().map(|&x| round(x)).collect::<Vec<_>>()),
            );
            out.insert(format!("{name}_cpu"), json!(round(median(&self.cpu))));
        }
    }

    /// Times `reps` builds (ms); the previous value is dropped before each
    /// build, outside the timed region. Returns the samples and the last value.
    pub fn time_build<T>(reps: usize, mut build: impl FnMut() -> T) -> (Samples, T) {
        let mut out = Samples::default();
        let mut last: Option<T> = None;
        for _ in 0..reps {
            drop(last.take());
            let cpu = cpu_ns();
            let start = Instant::now();
            let value = black_box(build());
            out.wall.push(ms(start.elapsed()));
            out.cpu.push((cpu_ns() - cpu) as f64 / 1e6);
            last = Some(value);
        }
        (out, last.expect("reps > 0"))
    }

    /// Calibrates the number of passes so that one round takes about
    /// `round_ms`, then runs `rounds` rounds; returns the time per item (a
    /// pass does `n` items) per round, in units of `unit_ns` nanoseconds.
    /// `pass` does one pass and returns a checksum.
    pub fn time_items(
        n: usize,
        rounds: usize,
        round_ms: u64,
        unit_ns: f64,
        mut pass: impl FnMut() -> u64,
    ) -> Samples {
        let target = Duration::from_millis(round_ms);
        let mut sink = 0u64;
        let mut passes = 1usize;
        loop {
            let start = Instant::now();
            for _ in 0..passes {
                sink = sink.wrapping_add(pass());
            }
            let took = start.elapsed();
            if took >= target / 4 {
                let scale = target.as_secs_f64() / took.as_secs_f64();
                passes = ((passes as f64 * scale).ceil() as usize).max(1);
                break;
            }
            passes *= 2;
        }
        let mut out = Samples::default();
        for _ in 0..rounds {
            let cpu = cpu_ns();
            let start = Instant::now();
            for _ in 0..passes {
                sink = sink.wrapping_add(pass());
            }
            let items = (passes * n.max(1)) as f64;
            out.wall
                .push(start.elapsed().as_nanos() as f64 / unit_ns / items);
            out.cpu.push((cpu_ns() - cpu) as f64 / unit_ns / items);
        }
        black_box(sink);
        out
    }
}
