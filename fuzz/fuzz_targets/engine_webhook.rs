//! `Engine::webhook` end to end on a SQLite file: the check is shared with the corpus replay
//! in `crates/gateways/tests/fuzz_corpus/engine.rs`, which documents its properties.
#![no_main]

#[path = "../../crates/gateways/tests/fuzz_corpus/engine.rs"]
mod engine;

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine::check(data));
