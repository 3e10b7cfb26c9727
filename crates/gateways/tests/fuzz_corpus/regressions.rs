//! Inputs the fuzzers found failing, each a named test (its bytes are in the target's corpus
//! too, so the replay keeps them as well).

use crate::engine;

/// A regression input, kept in its target's corpus (so the replay and the fuzzer start from it).
fn known(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Found by `engine_webhook`: Devino posts a customer's message whose `ts` is from 2003 (not
/// believable, so ingest uses the arrival time); the same message posted again moves the
/// contact's `name_at` to the second arrival, though nothing else changes. Ingest upserts the
/// contact before it found the message already stored. (Fixed in core's `store/ingest.rs`.)
#[test]
fn a_replayed_message_with_an_implausible_time_changes_nothing() {
    engine::check(&known(
        "engine_webhook/regression-replayed-implausible-time-moves-name-at",
    ));
}

/// Found by `engine_webhook`: Devino reports a status for a message we do not know yet, with a
/// `ts` in 2083 (not believable, so ingest uses the arrival time); each time the same report
/// came again, one more orphan status was stored. (Fixed in core's `store/status.rs`.)
#[test]
fn a_replayed_orphan_status_with_an_implausible_time_is_stored_once() {
    engine::check(&known(
        "engine_webhook/regression-replayed-implausible-orphan-status",
    ));
}
