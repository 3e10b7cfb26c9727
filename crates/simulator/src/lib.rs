//! In-process HTTP servers that speak each gateway's documented protocol byte for byte.
//!
//! They serve two purposes: tests drive real adapters against them (faults included), and the
//! product's sandbox account talks to one so a newcomer can try Switchboard without credentials.
//! Each simulator binds a real TCP port, so the app under test may run in another process.

pub mod decision_telecom;
mod delivery;
pub mod devino;
pub mod meta_cloud;
pub mod phone_bridge;
pub mod rapporto;
mod server;
pub mod wamm;

pub use devino::{
    CallbackAttempt, DevinoConfig, DevinoHandle, DevinoSimulator, Fault, IncomingMessage,
    ReceivedMessage, ScriptedCustomer,
};
pub use meta_cloud::{MetaConfig, MetaHandle, MetaSimulator};
pub use phone_bridge::{
    PhoneAuth, PhoneConfig, PhoneCustomer, PhoneFault, PhoneHandle, PhoneMessage, PhoneRequest,
    PhoneSimulator,
};
pub use wamm::{WammConfig, WammCustomer, WammHandle, WammSimulator};
