//! Team mode: the window is a client of a team's `switchboard serve`. Its commands go to the
//! server over HTTPS with the operator's session token, kept in the OS keychain; its live
//! events come from the server's event stream. Nothing of the inbox is kept on this computer.

pub mod address;
pub mod backoff;
pub mod keychain;
pub mod relay;
pub mod server;
pub mod session;
pub mod sse;

use relay::Connection;

/// What a team session tells the window.
pub trait Window: Send + Sync + 'static {
    /// An event, as the server's `Event` JSON.
    fn event(&self, event: serde_json::Value);
    /// Events were missed: whatever the window shows must be reloaded.
    fn resync(&self, missed: Option<u64>);
    fn connection(&self, connection: Connection);
    /// The server no longer takes the session: the user must sign in again.
    fn signed_out(&self);
}
