//! Reconciles what the simulators received with what the database says of each send.
//!
//! Each send ends as exactly one of: delivered once (done, and the gateway has one copy),
//! unconfirmed (the ambiguity handed to the user; the gateway may or may not have it), failed
//! with a reason (the gateway has no copy). Anything else breaks an invariant: a copy delivered
//! twice, a send said done that the gateway never got, one said failed that it did get, one
//! still waiting at the end, one missing.

use std::collections::HashMap;

use crate::common::Verdict;
use crate::proxy::{Fault, Seen};
use crate::queue::{Gateway, Queue};

/// A send as the database has it.
pub struct Row {
    pub state: String,
    pub attempts: u32,
    /// Why it failed, or why its last attempt did.
    pub reason: Option<String>,
}

/// What one gateway's sends became.
#[derive(Default, Debug)]
pub struct Tally {
    pub sent: usize,
    pub delivered_once: usize,
    pub unconfirmed: usize,
    /// Unconfirmed sends the gateway does have.
    pub unconfirmed_delivered: usize,
    pub failed: usize,
    /// Sends delivered more than once (by the gateway's own log).
    pub duplicates: usize,
    /// Acknowledged by the API, but missing, or said done without the gateway having it.
    pub lost: usize,
    /// Still queued or sending at the end.
    pub unsettled: usize,
    /// Said failed (or failed without a reason) although the gateway has it.
    pub failed_wrongly: usize,
    /// Sends whose requests met a fault after the gateway accepted them.
    pub ambiguous: usize,
    pub attempts: u64,
}

/// What each gateway holds: copies per our id.
pub struct Received {
    pub rapporto: HashMap<String, usize>,
    pub devino: HashMap<String, usize>,
}

impl Received {
    fn copies(&self, gateway: Gateway, uid: &str) -> usize {
        let log = match gateway {
            Gateway::Rapporto => &self.rapporto,
            Gateway::Devino => &self.devino,
        };
        log.get(uid).copied().unwrap_or(0)
    }
}

/// Tallies both gateways' sends, and prints the first sends that break an invariant.
pub fn reconcile(
    queue: &Queue,
    rows: &HashMap<String, Row>,
    received: &Received,
    seen: &[Seen],
) -> [(Gateway, Tally); 2] {
    let mut faults: HashMap<&str, Vec<Fault>> = HashMap::new();
    for s in seen {
        if let Some(id) = &s.our_id {
            faults.entry(id.as_str()).or_default().push(s.fault);
        }
    }
    let mut tallies = [
        (Gateway::Rapporto, Tally::default()),
        (Gateway::Devino, Tally::default()),
    ];
    let mut examples: Vec<String> = Vec::new();
    for (send, uid) in queue.sends.iter().zip(queue.uids()) {
        let tally = &mut tallies[match send.gateway {
            Gateway::Rapporto => 0,
            Gateway::Devino => 1,
        }]
        .1;
        tally.sent += 1;
        let Some(uid) = uid else {
            tally.lost += 1;
            examples.push(format!("{:?} was refused by the API", send.text));
            continue;
        };
        let met = faults.get(uid.as_str()).cloned().unwrap_or_default();
        if met
            .iter()
            .any(|f| matches!(f, Fault::HangAfterAccept | Fault::CloseAfterAccept))
        {
            tally.ambiguous += 1;
        }
        let copies = received.copies(send.gateway, &uid);
        let Some(row) = rows.get(&uid) else {
            tally.lost += 1;
            examples.push(format!("{uid} was queued but is not in the database"));
            continue;
        };
        tally.attempts += u64::from(row.attempts);
        let what = format!(
            "{} {uid}: {} with {copies} copies at the gateway after {} attempts, faults {met:?}",
            send.gateway.name(),
            row.state,
            row.attempts
        );
        if copies > 1 {
            tally.duplicates += 1;
            examples.push(format!("delivered twice: {what}"));
        }
        match row.state.as_str() {
            "done" if copies >= 1 => tally.delivered_once += usize::from(copies == 1),
            "done" => {
                tally.lost += 1;
                examples.push(format!("said sent, never arrived: {what}"));
            }
            "unconfirmed" => {
                tally.unconfirmed += 1;
                tally.unconfirmed_delivered += usize::from(copies > 0);
            }
            "failed" if copies == 0 && row.reason.is_some() => tally.failed += 1,
            "failed" => {
                tally.failed += 1;
                tally.failed_wrongly += 1;
                examples.push(format!(
                    "failed, reason {:?}, yet at the gateway: {what}",
                    row.reason
                ));
            }
            _ => {
                tally.unsettled += 1;
                examples.push(format!("not settled at the end: {what}"));
            }
        }
    }
    for e in examples.iter().take(20) {
        eprintln!("  {e}");
    }
    if examples.len() > 20 {
        eprintln!("  … and {} more", examples.len() - 20);
    }
    tallies
}

/// Records every broken invariant in `verdict`.
pub fn check(tallies: &[(Gateway, Tally); 2], verdict: &mut Verdict) {
    for (gateway, t) in tallies {
        let name = gateway.name();
        verdict.check(t.lost == 0, format!("{name}: {} sends lost", t.lost));
        verdict.check(
            t.duplicates == 0,
            format!("{name}: {} sends delivered twice", t.duplicates),
        );
        verdict.check(
            t.unsettled == 0,
            format!("{name}: {} sends still waiting at the end", t.unsettled),
        );
        verdict.check(
            t.failed_wrongly == 0,
            format!(
                "{name}: {} sends failed without a reason or although delivered",
                t.failed_wrongly
            ),
        );
    }
}

/// Prints the table of figures.
pub fn print(tallies: &[(Gateway, Tally); 2]) {
    println!(
        "  {:<9} {:>6} {:>15} {:>12} {:>18} {:>7} {:>11} {:>5} {:>10} {:>9} {:>9}",
        "gateway",
        "sent",
        "delivered once",
        "unconfirmed",
        "(gateway has it)",
        "failed",
        "duplicates",
        "lost",
        "unsettled",
        "ambiguous",
        "attempts"
    );
    for (gateway, t) in tallies {
        println!(
            "  {:<9} {:>6} {:>15} {:>12} {:>18} {:>7} {:>11} {:>5} {:>10} {:>9} {:>9}",
            gateway.name(),
            t.sent,
            t.delivered_once,
            t.unconfirmed,
            t.unconfirmed_delivered,
            t.failed,
            t.duplicates,
            t.lost,
            t.unsettled,
            t.ambiguous,
            t.attempts
        );
    }
}
