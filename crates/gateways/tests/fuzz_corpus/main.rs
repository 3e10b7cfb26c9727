//! Every fuzz target's corpus (`fuzz/corpus/<target>/`: the seeds taken from the simulators'
//! traffic, and every input that once failed) replayed through the same checks the targets
//! run (`switchboard_gateways::fuzzing`), so that a regression is caught by an ordinary
//! `cargo test` on any machine, without nightly or cargo-fuzz.

mod engine;
mod regressions;
mod seeds;

use std::path::{Path, PathBuf};

use switchboard_gateways::fuzzing::TARGETS;

/// The end-to-end target, beside the parsers' ones.
const ENGINE: &str = "engine_webhook";

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// The inputs of a target's corpus, in a stable order.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, bytes)
        })
        .collect()
}

fn replay(target: &str, check: switchboard_gateways::fuzzing::Check) {
    let inputs = corpus(target);
    assert!(!inputs.is_empty(), "{target} has a seed corpus");
    for (path, bytes) in inputs {
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(
            outcome.is_ok(),
            "{target}: {} fails its check (replay it with `cargo +nightly fuzz run {target} {}`)",
            path.display(),
            path.display()
        );
    }
}

/// One test per target, so a failure names it.
macro_rules! replays {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                let check = TARGETS
                    .iter()
                    .find(|(name, _)| *name == stringify!($target))
                    .map(|(_, check)| *check)
                    .expect("a target of the fuzzing module");
                replay(stringify!($target), check);
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let replayed = [$(stringify!($target)),*];
            for (name, _) in TARGETS {
                assert!(replayed.contains(name), "{name} has no replay test here");
            }
        }
    };
}

replays!(
    devino_status,
    devino_incoming,
    decision_telecom_status,
    rapporto_status,
    meta_events,
    meta_handshake,
    phone_bridge_result,
    phone_bridge_incoming,
    phone_bridge_auth,
    devino_send,
    decision_telecom_answer,
    rapporto_send,
    meta_send,
    wamm_answer,
    retry_after,
    phone,
    sniff,
);

#[test]
fn engine_webhook() {
    replay(ENGINE, engine::check);
}

#[test]
fn every_target_in_fuzz_has_a_check_here() {
    let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    for entry in
        std::fs::read_dir(&targets).unwrap_or_else(|e| panic!("{}: {e}", targets.display()))
    {
        let path = entry.expect("an entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        assert!(
            name == ENGINE || TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz target {name} has no check in switchboard_gateways::fuzzing"
        );
    }
}
