//! Where the desktop keeps gateway secrets: the OS keychain, or — when none is reachable, or
//! the user chose it before — the data directory's `secrets.json` that only they can read.

use std::path::Path;
use std::sync::Arc;

use switchboard_core::host::{SecretError, SecretStore};
use switchboard_server::secrets::{Keychain, SecretsFile};

/// A key no account uses: reading it tells whether the keychain answers at all.
const PROBE: &str = "switchboard-desktop-probe";

pub fn choose(data_dir: &Path) -> Arc<dyn SecretStore> {
    let file = data_dir.join("secrets.json");
    match std::env::var("SWITCHBOARD_SECRETS").as_deref() {
        Ok("file") => return Arc::new(SecretsFile::new(file)),
        Ok("keychain") => return Arc::new(Keychain),
        _ => {}
    }
    if file.exists() {
        // Chosen earlier (`switchboard --secrets file`, or a machine without a keychain): the
        // secrets are there, not in the keychain.
        tracing::info!("gateway secrets are kept in {}", file.display());
        return Arc::new(SecretsFile::new(file));
    }
    match Keychain.get(PROBE) {
        Ok(_) => Arc::new(Keychain),
        Err(SecretError::Unavailable(reason) | SecretError::Failed(reason)) => {
            tracing::warn!(
                "the OS keychain cannot be used ({reason}); gateway secrets will be kept in {}, \
                 readable only by you",
                file.display()
            );
            Arc::new(SecretsFile::new(file))
        }
    }
}
