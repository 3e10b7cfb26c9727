//! The data directory: the database, the API token, and (when chosen) the secrets file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The OS's per-user data directory for Switchboard.
pub fn default_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    if cfg!(target_os = "macos") {
        return home.join("Library/Application Support/Switchboard");
    }
    if cfg!(windows)
        && let Some(appdata) = std::env::var_os("APPDATA")
    {
        return PathBuf::from(appdata).join("Switchboard");
    }
    match std::env::var_os("XDG_DATA_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d).join("switchboard"),
        _ => home.join(".local/share/switchboard"),
    }
}

pub fn database(dir: &Path) -> PathBuf {
    dir.join("switchboard.sqlite3")
}

pub fn ensure(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Writes a file only its owner can read.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// The token that guards this data directory's API, made on first use.
pub fn api_token(dir: &Path) -> std::io::Result<String> {
    let path = dir.join("api-token");
    match std::fs::read_to_string(&path) {
        Ok(t) if !t.trim().is_empty() => Ok(t.trim().to_owned()),
        Ok(_) | Err(_) => {
            let token = format!("{}", uuid::Uuid::new_v4().simple());
            write_private(&path, token.as_bytes())?;
            Ok(token)
        }
    }
}
