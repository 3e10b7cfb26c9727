//! What this process uses as Linux accounts it: memory (`/proc/self/status`, in kB) and CPU time
//! (`/proc/self/stat`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resident memory now.
pub fn rss_kb() -> u64 {
    status_kb("VmRSS").unwrap_or(0)
}

/// The peak of resident memory since the process started or [`reset_peak`].
pub fn peak_kb() -> u64 {
    status_kb("VmHWM").unwrap_or(0)
}

/// Starts the peak afresh from the current RSS (Linux 4.0 and later), so that what setting up
/// cost (Argon2 takes 19 MiB per hash while operators sign in) is not counted as the run's.
/// False where the kernel does not allow it; then [`Sampler`]'s figure is the one to trust.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Polls RSS on a thread of its own and keeps the highest: a second opinion on the peak that
/// needs no kernel support, but can miss a spike shorter than its period.
pub struct Sampler {
    highest: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sampler {
    pub fn start(every: Duration) -> Self {
        let highest = Arc::new(AtomicU64::new(rss_kb()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (highest, stop) = (highest.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    highest.fetch_max(rss_kb(), Ordering::Relaxed);
                    std::thread::sleep(every);
                }
            })
        };
        Self {
            highest,
            stop,
            thread: Some(thread),
        }
    }

    /// Stops polling; the highest RSS seen.
    pub fn finish(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.highest.load(Ordering::Relaxed)
    }
}

/// kB as MiB, for the figures.
pub fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// CPU time this process has used, user and system, in seconds.
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The command name (field 2) may hold spaces; the fields after its ")" are plain numbers.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15, so 11 and 12 after the state (field 3).
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<f64>().ok())
        .sum();
    // USER_HZ is 100 on every Linux this runs on (the kernel's ABI, whatever HZ is).
    ticks / 100.0
}
