//! Inputs the fuzzers found failing, each a named test (its bytes are in the target's corpus
//! too, so the replay keeps them as well).

use crate::engine;

/// Inputs that fail because of a bug outside the gateways, kept apart from the corpus (whose
/// replay must pass) until it is fixed; then the file moves to `fuzz/corpus/<target>/` and the
/// test loses its `ignore`.
fn known(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/known")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Found by `engine_webhook`: Devino posts a customer's message whose `ts` is from 2003 (not
/// believable, so ingest uses the arrival time); the same message posted again moves the
/// contact's `name_at` to the second arrival, though nothing else changes. Ingest upserts the
/// contact before it finds the message already stored. (Core's `store/ingest.rs`.)
#[test]
#[ignore = "fails until core's ingest leaves a replayed message's contact alone"]
fn a_replayed_message_with_an_implausible_time_changes_nothing() {
    engine::check_strictly(&known(
        "engine_webhook/replayed-implausible-time-moves-name-at",
    ));
}

/// Found by `engine_webhook`: Devino reports a status for a message we do not know yet, with a
/// `ts` in 2083 (not believable, so ingest uses the arrival time); each time the same report
/// comes again, one more orphan status is stored. (Core's `store/ingest.rs`.)
#[test]
#[ignore = "fails until core's ingest stores a replayed implausible status once"]
fn a_replayed_orphan_status_with_an_implausible_time_is_stored_once() {
    engine::check_strictly(&known("engine_webhook/replayed-implausible-orphan-status"));
}
