//! `switchboard_gateways::fuzzing::phone_bridge_incoming`: its properties are documented there.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| switchboard_gateways::fuzzing::phone_bridge_incoming(data)
);
