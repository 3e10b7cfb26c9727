//! `switchboard_gateways::fuzzing::meta_send`: its properties are documented there.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| switchboard_gateways::fuzzing::meta_send(data));
