//! `serve` facing a network: the accept loop's limits (slow heads and bodies cut off, a cap on
//! connections), the API's Host and Origin guard, TLS, a trusted reverse proxy's forwarded
//! headers, and the refusal to serve plain HTTP beyond this machine. Every server is real, on
//! 127.0.0.1 port 0, with limits shortened so that each test takes well under a second or two;
//! tests check what happened (a connection closed, a request refused), never how long it took.

mod guard;
mod harness;
mod limits;
mod options;
mod proxy;
mod tls;
