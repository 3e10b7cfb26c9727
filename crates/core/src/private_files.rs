//! Files and folders only their owner can read: the data directory, the database and its WAL,
//! the media cache, the API token and the secrets file hold customers' conversations and the
//! keys to gateways, so other local users get nothing.
//!
//! Modes are set explicitly (0700 folders, 0600 files), whatever the process's umask, and
//! files written earlier with looser modes are tightened when Switchboard starts. On systems
//! without Unix modes (Windows) the user's profile folders are private already; these do
//! nothing more there.

use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and missing parents) readable only by its owner. A folder that exists is left
/// as it is: see [`tighten_dir`].
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(dir)?;
    // The umask may have taken bits the mode asked for; the result must be exactly 0700.
    set_mode(dir, DIR_MODE)
}

/// Makes a folder that is Switchboard's own readable only by its owner (an earlier version
/// created them 0755). Answers whether it changed anything.
pub fn tighten_dir(dir: &Path) -> std::io::Result<bool> {
    tighten(dir, DIR_MODE)
}

/// Makes an existing file readable only by its owner; a missing one is fine. Answers whether
/// it changed anything.
pub fn tighten_file(path: &Path) -> std::io::Result<bool> {
    tighten(path, FILE_MODE)
}

/// Creates an empty file readable only by its owner, unless it exists (then it is tightened).
pub fn create_file(path: &Path) -> std::io::Result<()> {
    match open_new(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten_file(path).map(drop),
        Err(e) => Err(e),
    }
}

/// Replaces `path` with `contents` whole or not at all: a crash or a failed write leaves the
/// old file as it was. The new file is written beside it (same folder, so the rename is
/// atomic), readable only by its owner, flushed to disk, renamed over the old one, and the
/// folder flushed so that the rename itself survives a power cut.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |file| file.write_all(contents))
}

/// [`write_atomically`] with the writing done by `write` (tests make it fail halfway).
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file path"))?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut file = open_new(&tmp)?;
        write(&mut file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(&dir)
}

fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    let file = options.open(path)?;
    set_mode(path, FILE_MODE)?;
    Ok(file)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn tighten(path: &Path, mode: u32) -> std::io::Result<bool> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // A link is not followed: whatever it points at is not ours to change.
    if meta.file_type().is_symlink() || meta.permissions().mode() & 0o777 == mode {
        return Ok(false);
    }
    set_mode(path, mode).map(|()| true)
}

#[cfg(not(unix))]
fn tighten(_: &Path, _: u32) -> std::io::Result<bool> {
    Ok(false)
}

/// The permission bits of `path` (tests check them).
#[cfg(unix)]
pub fn mode(path: &Path) -> std::io::Result<u32> {
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        write_atomically(&path, b"{\"old\":\"secret\"}").unwrap();
        let failed = write_atomically_with(&path, |file| {
            file.write_all(b"{\"new\":")?;
            Err(std::io::Error::other("the disk is full"))
        });
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"old\":\"secret\"}",
            "the old secrets are intact"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            ["secrets.json"],
            "no half-written file is left behind"
        );
        write_atomically(&path, b"{\"new\":\"secret\"}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"new\":\"secret\"}");
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_private_whatever_existed() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_dir(&nested).unwrap();
        assert_eq!(mode(&nested).unwrap(), DIR_MODE);
        let file = nested.join("f");
        std::fs::write(&file, b"x").unwrap();
        set_mode(&file, 0o644).unwrap();
        write_atomically(&file, b"y").unwrap();
        assert_eq!(mode(&file).unwrap(), FILE_MODE, "a rewrite is private");
        set_mode(&file, 0o666).unwrap();
        assert!(tighten_file(&file).unwrap());
        assert_eq!(mode(&file).unwrap(), FILE_MODE);
        assert!(!tighten_file(&file).unwrap(), "nothing to do twice");
        assert!(!tighten_file(&nested.join("missing")).unwrap());
        set_mode(&nested, 0o755).unwrap();
        assert!(tighten_dir(&nested).unwrap());
        assert_eq!(mode(&nested).unwrap(), DIR_MODE);
        let fresh = nested.join("db");
        create_file(&fresh).unwrap();
        assert_eq!(mode(&fresh).unwrap(), FILE_MODE);
    }
}
