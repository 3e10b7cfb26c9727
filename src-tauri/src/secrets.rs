//! Where the desktop keeps gateway secrets: the OS keychain, or the data directory's
//! `secrets.json` (readable only by you) when the user chose it — `SWITCHBOARD_SECRETS=file`,
//! or secrets kept there already (`switchboard --secrets file`).
//!
//! A keychain that does not answer is never traded for the file behind the user's back: the
//! app keeps the keychain, logs why it cannot be used, and every attempt to keep a secret
//! (adding an account, a tunnel secret) is refused with that reason and how to choose the file,
//! which the window shows.

use std::path::Path;
use std::sync::Arc;

use switchboard_core::host::{SecretError, SecretStore};
use switchboard_server::secrets::{Keychain, SecretsFile};

/// A key no account uses: reading it tells whether the keychain answers at all.
const PROBE: &str = "switchboard-desktop-probe";

#[derive(Debug, PartialEq, Eq)]
enum Choice {
    Keychain,
    File,
}

/// What to use, given `SWITCHBOARD_SECRETS`, whether `secrets.json` exists and whether the
/// keychain answered. The keychain's trouble alone never chooses the file.
fn decide(forced: Option<&str>, file_exists: bool) -> Choice {
    match forced {
        Some("file") => Choice::File,
        Some("keychain") => Choice::Keychain,
        // Chosen earlier: the secrets are there, not in the keychain.
        _ if file_exists => Choice::File,
        _ => Choice::Keychain,
    }
}

pub fn choose(data_dir: &Path) -> Arc<dyn SecretStore> {
    let file = data_dir.join("secrets.json");
    let forced = std::env::var("SWITCHBOARD_SECRETS").ok();
    match decide(forced.as_deref(), file.exists()) {
        Choice::File => {
            tracing::info!("gateway secrets are kept in {}", file.display());
            Arc::new(SecretsFile::new(file))
        }
        Choice::Keychain => {
            if let Err(SecretError::Unavailable(reason) | SecretError::Failed(reason)) =
                KEYCHAIN.get(PROBE)
            {
                tracing::error!(
                    "the OS keychain cannot be used ({reason}); gateway secrets are not moved to \
                     a file without your say: unlock or start the keychain, or start Switchboard \
                     with SWITCHBOARD_SECRETS=file to keep them in {}, readable only by you",
                    file.display()
                );
            }
            Arc::new(KEYCHAIN)
        }
    }
}

/// The keychain, its refusals saying how the desktop app is told to use the file instead.
const KEYCHAIN: Keychain = Keychain::offering(
    "or, to keep gateway secrets in a file in the data directory that only you can read \
     instead, quit Switchboard and start it with SWITCHBOARD_SECRETS=file",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_used_only_when_chosen() {
        assert_eq!(
            decide(None, false),
            Choice::Keychain,
            "an unreachable keychain is reported, never swapped for a file silently"
        );
        assert_eq!(decide(None, true), Choice::File, "chosen earlier");
        assert_eq!(decide(Some("file"), false), Choice::File);
        assert_eq!(decide(Some("keychain"), true), Choice::Keychain);
    }
}
