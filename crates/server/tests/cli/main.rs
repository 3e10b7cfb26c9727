//! End-to-end tests of the `switchboard` executable: every test runs the real binary (one-shot
//! commands and `serve` as child processes) against a Devino simulator in the test process.

mod accounts;
mod crash;
mod files;
mod harness;
mod inbox;
mod operators;
mod public_address;
mod report;
mod sandbox;
mod send;
mod upgrade;
