//! Media files: uploads that gateways fetch from our public media route, and the cache of
//! incoming messages' media, downloaded apart from ingest ([`worker`]).
//!
//! Files live in the data directory's `media/` folder, each named by its token (64 hex
//! characters holding the 244 random bits of two v4 UUIDs): a name from outside never reaches
//! the disk.

mod sniff;
pub(crate) mod worker;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use sniff::{extension, safe_file_name, sniff};

/// Where a message's media file stands in our cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MediaState {
    /// Not downloaded yet (or waiting for its next try).
    Pending,
    /// Here, readable with `media_content`.
    Ready,
    /// Given up on; `retry_media` tries again.
    Failed,
}

impl MediaState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Ready => "ready",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "ready" => Self::Ready,
            "pending" => Self::Pending,
            _ => Self::Failed,
        }
    }
}

/// A message's cached media, as the thread shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaInfo {
    pub state: MediaState,
    /// Sniffed from the bytes once downloaded.
    pub mime: Option<String>,
    pub size: Option<u64>,
    /// A safe file name for saving.
    pub name: String,
    /// Why the download failed or is being retried, for people.
    pub note: Option<crate::phrase::Phrase>,
    pub attempts: u32,
}

/// Limits of the media store; the defaults suit production, tests shorten them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaSettings {
    /// How long an uploaded file's public URL works: gateways fetch soon after the send.
    pub upload_ttl: Duration,
    /// The largest incoming file downloaded.
    pub incoming_max_bytes: u64,
    /// How long one download may take.
    pub download_timeout: Duration,
    /// Downloads tried this many times before the message shows a failure.
    pub download_attempts: u32,
    /// Pause before the second try; it doubles with every further one.
    pub retry_after: Duration,
    /// The largest file whose bytes `media_content` answers with.
    pub content_max_bytes: u64,
}

impl Default for MediaSettings {
    fn default() -> Self {
        Self {
            upload_ttl: Duration::from_secs(24 * 3600),
            incoming_max_bytes: 100 * MB,
            download_timeout: Duration::from_secs(120),
            download_attempts: 5,
            retry_after: Duration::from_secs(5),
            content_max_bytes: 100 * MB,
        }
    }
}

pub const MB: u64 = 1024 * 1024;

/// A fresh token: the 244 random bits of two v4 UUIDs (122 each), as 64 hex characters.
pub(crate) fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether `s` has a token's shape; anything else is refused before it comes near a path.
pub fn is_token(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The file of a token inside `dir`; `None` for anything that is not a token.
pub(crate) fn file_of(dir: &Path, token: &str) -> Option<PathBuf> {
    is_token(token).then(|| dir.join(token))
}

/// The token of one of our media URLs (`…/media/{token}/{name}`), whatever public base it was
/// built on.
pub(crate) fn token_in_url(url: &str) -> Option<&str> {
    let (_, rest) = url.rsplit_once("/media/")?;
    let token = rest.split('/').next()?;
    is_token(token).then_some(token)
}

/// Whether two MIME types are the same, ignoring case and parameters.
pub fn mime_essence_eq(a: &str, b: &str) -> bool {
    crate::gateway::mime_essence(a) == crate::gateway::mime_essence(b)
}

/// `1.5 MB`, `300 KB`: sizes in readable errors.
pub fn human_size(bytes: u64) -> String {
    if bytes >= MB {
        let mb = bytes as f64 / MB as f64;
        if mb.fract() < 0.05 {
            format!("{mb:.0} MB")
        } else {
            format!("{mb:.1} MB")
        }
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// The sha256 of `bytes` in hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Writes a file whole or not at all (a crash never leaves half a file under a token),
/// readable only by its owner.
pub(crate) fn write_file(dir: &Path, token: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = file_of(dir, token).ok_or_else(|| std::io::Error::other("not a media token"))?;
    crate::private_files::create_dir(dir)?;
    crate::private_files::write_atomically(&path, bytes)?;
    Ok(path)
}

/// Makes a media folder an earlier version left readable by others private, with its files.
pub(crate) fn make_private(dir: &Path) -> std::io::Result<()> {
    if !crate::private_files::tighten_dir(dir)? {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        crate::private_files::tighten_file(&entry?.path())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unguessable_hex_and_nothing_else_passes() {
        let t = new_token();
        assert!(is_token(&t), "{t}");
        assert_ne!(t, new_token());
        assert!(!is_token("../../etc/passwd"));
        assert!(!is_token(&t.to_uppercase()));
        assert!(!is_token(&t[..63]));
        assert_eq!(
            token_in_url(&format!("https://x.example/media/{t}/a.png")),
            Some(t.as_str())
        );
        assert_eq!(token_in_url("https://x.example/media/abc/a.png"), None);
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(5 * MB), "5 MB");
        assert_eq!(human_size(5 * MB + MB / 2), "5.5 MB");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
