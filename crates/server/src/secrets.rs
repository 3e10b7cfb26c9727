//! Where gateway secrets live: the OS keychain (Secret Service, macOS Keychain, Windows
//! Credential Manager) through `keyring`, or — only when the user asks for it — a file in the
//! data directory that only they can read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use switchboard_core::gateway::Secret;
use switchboard_core::host::{SecretError, SecretStore};

const SERVICE: &str = "switchboard";

pub struct Keychain {
    /// What a refusal offers instead, in the host's terms.
    instead: &'static str,
}

impl Keychain {
    /// The command line's keychain: a refusal names `--secrets file`.
    pub const CLI: Self = Self::offering(
        "or run switchboard with `--secrets file` to keep gateway secrets in the data directory \
         in a file only you can read",
    );

    /// The keychain, its refusals offering `instead` ("or …") as the way to a secrets file.
    pub const fn offering(instead: &'static str) -> Self {
        Self { instead }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(SERVICE, key).map_err(|e| self.unavailable(e))
    }

    fn unavailable(&self, e: keyring::Error) -> SecretError {
        match e {
            keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
                SecretError::Unavailable(format!(
                    "no OS keychain is reachable ({e}). Start one (on Linux: a Secret Service \
                     such as gnome-keyring, unlocked), {}.",
                    self.instead
                ))
            }
            other => SecretError::Failed(other.to_string()),
        }
    }
}

impl SecretStore for Keychain {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(s) => Ok(Some(Secret::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.unavailable(e)),
        }
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(|e| self.unavailable(e))
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.unavailable(e)),
        }
    }
}

/// The explicit alternative for machines without a keychain: `DATA_DIR/secrets.json`, mode 0600,
/// rewritten atomically (a crash mid-write leaves the previous secrets, never none).
pub struct SecretsFile {
    path: PathBuf,
    lock: Mutex<()>,
}

impl SecretsFile {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }

    fn load(&self) -> Result<BTreeMap<String, String>, SecretError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                SecretError::Failed(format!("{} is damaged: {e}", self.path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(SecretError::Failed(format!(
                "cannot read {}: {e}",
                self.path.display()
            ))),
        }
    }

    fn save(&self, map: &BTreeMap<String, String>) -> Result<(), SecretError> {
        let bytes =
            serde_json::to_vec_pretty(map).map_err(|e| SecretError::Failed(e.to_string()))?;
        crate::datadir::write_private(&self.path, &bytes)
            .map_err(|e| SecretError::Failed(format!("cannot write {}: {e}", self.path.display())))
    }
}

impl SecretStore for SecretsFile {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        Ok(self.load()?.get(key).map(|s| Secret::new(s.clone())))
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map = self.load()?;
        map.insert(key.to_owned(), secret.expose().to_owned());
        self.save(&map)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map = self.load()?;
        if map.remove(key).is_some() {
            self.save(&map)?;
        }
        Ok(())
    }
}
