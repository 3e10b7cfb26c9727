//! `switchboard_gateways::fuzzing::wamm_answer`: its properties are documented there.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| switchboard_gateways::fuzzing::wamm_answer(data));
