//! The data directory: the database, the API token, and (when chosen) the secrets file.

use std::path::{Path, PathBuf};

use switchboard_core::private_files;

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

/// What Switchboard keeps in a data directory (and the secrets file's temporary twin).
const OURS: &[&str] = &[
    "switchboard.sqlite3",
    "switchboard.sqlite3-wal",
    "switchboard.sqlite3-shm",
    "switchboard.sqlite3-journal",
    "api-token",
    "secrets.json",
    "desktop.json",
    "media",
];

/// Creates the data directory readable only by its owner, or makes one an earlier version left
/// readable by others private: the folder, the API token and the secrets file (the database
/// and media files are the core's to tighten). A folder that holds other things (say, the home
/// directory given as `--data-dir`) is not changed, only warned about.
pub fn ensure(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        return private_files::create_dir(dir);
    }
    if is_ours(dir)? {
        if private_files::tighten_dir(dir)? {
            tracing::info!("{} is now readable only by you", dir.display());
        }
    } else if loose(dir) {
        tracing::warn!(
            "the data directory {} holds other files and is readable by other users; \
             Switchboard's own files in it are private, but consider a folder of its own",
            dir.display()
        );
    }
    for file in ["api-token", "secrets.json"] {
        private_files::tighten_file(&dir.join(file))?;
    }
    Ok(())
}

fn is_ours(dir: &Path) -> std::io::Result<bool> {
    let default_name = dir
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("switchboard"));
    if default_name {
        return Ok(true);
    }
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if !(OURS.contains(&name.as_ref()) || name.starts_with(".secrets.json.")) {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(unix)]
fn loose(dir: &Path) -> bool {
    private_files::mode(dir).is_ok_and(|m| m & 0o077 != 0)
}

#[cfg(not(unix))]
fn loose(_: &Path) -> bool {
    false
}

/// Writes a file only its owner can read, whole or not at all.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    private_files::write_atomically(path, contents)
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
