//! Who claims outbox messages, and whether a claimant is still alive.
//!
//! A claim names its process so that a send cut short by a crash is noticed at once, not only
//! when its lease runs out. Tests run several "processes" in one: they name each engine
//! themselves and decide which of them died.

use std::sync::Arc;

/// Tells whether the process behind a claim is known to be gone.
pub trait Liveness: Send + Sync {
    /// `claimant` is another claimant's name (never our own).
    fn is_gone(&self, claimant: &str) -> bool;
}

/// This engine as outbox claims name it.
#[derive(Clone)]
pub struct Claimant {
    name: String,
    liveness: Arc<dyn Liveness>,
}

impl Claimant {
    /// This OS process: `pid:random`, checked against the process table.
    pub fn this_process() -> Self {
        Self {
            name: format!("{}:{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            liveness: Arc::new(OsProcesses),
        }
    }

    /// A claimant named `name` whose peers' liveness `liveness` decides (tests).
    pub fn new(name: impl Into<String>, liveness: Arc<dyn Liveness>) -> Self {
        Self {
            name: name.into(),
            liveness,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether a claim by `claimant` was abandoned: its process is gone.
    pub fn abandoned(&self, claimant: &str) -> bool {
        claimant != self.name && self.liveness.is_gone(claimant)
    }
}

/// Claims named `pid:random`. Where the OS lists processes under /proc a dead claimant is known
/// at once; elsewhere the claim's lease decides.
struct OsProcesses;

impl Liveness for OsProcesses {
    fn is_gone(&self, claimant: &str) -> bool {
        let Some((pid, _)) = claimant.split_once(':') else {
            return false;
        };
        // Our own pid under another claim: an earlier process that had this pid is gone.
        if pid == std::process::id().to_string() {
            return true;
        }
        let proc = std::path::Path::new("/proc");
        if !proc.join("self").exists() {
            return false;
        }
        // A process that died but was not yet reaped (a zombie) still has an entry: state Z or X.
        match std::fs::read_to_string(proc.join(pid).join("stat")) {
            Ok(stat) => stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_some_and(|state| state == "Z" || state == "X"),
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_claim_is_never_abandoned_and_a_dead_pid_is() {
        let me = Claimant::this_process();
        assert!(!me.abandoned(me.name()));
        let earlier_run = format!("{}:someone-else", std::process::id());
        assert!(
            me.abandoned(&earlier_run),
            "an earlier run of our pid is gone"
        );
        assert!(
            !me.abandoned("not-a-pid-claim"),
            "unknown shapes wait for the lease"
        );
    }
}
