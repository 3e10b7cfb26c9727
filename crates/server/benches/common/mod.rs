//! What the crash benchmarks share: the CLI tests' harness (the real `switchboard`, `serve`
//! children killed with SIGKILL, read-only looks at the database), the scale of a run, its
//! deadline and verdict.

use std::future::Future;
use std::time::Duration;

// The same harness the CLI's crash test drives `serve` with; each benchmark uses part of it.
#[allow(dead_code)]
#[path = "../../tests/cli/harness.rs"]
pub mod harness;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then a small run
/// proves the benchmark still works without taking minutes.
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A number from the environment (`SWITCHBOARD_BENCH_...`), or `default`.
pub fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// What a run found wrong: each broken invariant in a sentence.
#[derive(Debug, Default)]
pub struct Verdict {
    broken: Vec<String>,
}

impl Verdict {
    /// Records `what` unless `holds`.
    pub fn check(&mut self, holds: bool, what: impl Into<String>) {
        if !holds {
            self.broken.push(what.into());
        }
    }

    pub fn is_clean(&self) -> bool {
        self.broken.is_empty()
    }

    /// Prints what broke.
    pub fn report(&self) {
        for what in &self.broken {
            eprintln!("BROKEN: {what}");
        }
    }
}

/// Runs `bench` on a two-thread runtime for at most `limit`, then exits: 0 when no invariant
/// broke, 1 when one did, 2 when the run did not finish in time. `bench` owns its `serve`
/// children, which are killed when it finishes or is dropped at the deadline.
pub fn run_bounded(limit: Duration, bench: impl Future<Output = Verdict>) -> ! {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(async { tokio::time::timeout(limit, bench).await });
    // Simulators and proxies still waiting on a socket must not hold the exit up.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let code = match outcome {
        Ok(verdict) if verdict.is_clean() => 0,
        Ok(verdict) => {
            verdict.report();
            1
        }
        Err(_) => {
            eprintln!("BROKEN: the run did not finish within {limit:?}");
            2
        }
    };
    std::process::exit(code)
}

/// `d` in milliseconds, for the figures.
pub fn ms(d: Duration) -> u128 {
    d.as_millis()
}
