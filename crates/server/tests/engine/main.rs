//! End-to-end tests of the engine behind the HTTP server, against the Devino simulator.
//!
//! Every test starts its own app in-process (simulator, engine on a real SQLite file, server on
//! a real port) and waits for conditions by polling with a bounded timeout; nothing asserts on
//! timing.

mod contacts;
mod harness;
mod incoming;
mod media;
mod replay;
mod search;
mod sending;
mod statuses;
mod webhooks;
