//! What the desktop app itself says: choosing between the inbox on this computer and a team
//! server, and talking to that server. Only the phrases live in this file, so the generator of
//! the UI's phrase catalog (crates/server/tests/bindings.rs) can include it without linking the
//! desktop app.

switchboard_core::phrases! {
    /// An API command before the user chose solo or team.
    NOT_CHOSEN = "desktop.not_chosen": "Choose first: your own inbox on this computer, or a team server";
    /// The local engine did not start (choosing solo).
    SOLO_FAILED = "desktop.solo_failed": "Your inbox on this computer could not start: {detail}";
    /// Choosing solo while the window is a team server's client.
    TEAM_CONNECTED = "desktop.team_connected": "This window is connected to the team server {server}: leave the team first";
    /// desktop.json could not be written.
    NOT_SAVED = "desktop.not_saved": "Could not save your choice in {path}: {detail}";
    /// The address typed is not a web address.
    BAD_ADDRESS = "desktop.team.bad_address": "'{address}' is not a server address: type it as https://crm.example.com";
    /// A plain-HTTP address of another machine: the password would cross the network readable.
    PLAIN_HTTP = "desktop.team.plain_http": "{server} is a plain http:// address: your password and session would cross the network unencrypted. Use the server's https:// address (plain http:// is only for a server on this computer)";
    /// No answer: down, a wrong address, no network, a certificate not trusted.
    UNREACHABLE = "desktop.team.unreachable": "Could not reach the team server {server}: {detail}";
    /// An answer that is not Switchboard's (a proxy's error page, another web site).
    NOT_SWITCHBOARD = "desktop.team.not_switchboard": "{server} answered HTTP {status}, which is not how a Switchboard server answers: check the address";
    /// Signed in, but the session cannot be kept where the next start finds it.
    KEYCHAIN = "desktop.team.keychain": "The session could not be kept in the OS keychain ({detail}): unlock or start the keychain (on Linux, a Secret Service such as gnome-keyring), then connect again";
    /// The server no longer knows this window's session (signed out elsewhere, expired, disabled).
    SIGNED_OUT = "desktop.team.signed_out": "You are signed out of {server}: sign in again";
}
