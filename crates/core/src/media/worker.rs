//! The media worker: downloads incoming messages' media into the cache, apart from ingest (a
//! webhook is answered as soon as the message is stored), and removes expired uploads.
//!
//! Downloads go through the account's gateway adapter, which knows how to turn its own media
//! references into bytes (Meta's media ids need the account's token). Every try is recorded:
//! a passing failure is tried again with a growing pause, a lasting one (or running out of
//! tries) leaves the message with a note and a retry action.

use std::sync::Arc;
use std::time::Duration;

use crate::engine::Engine;
use crate::event::Event;
use crate::gateway::SendError;
use crate::media::{MediaSettings, safe_file_name, sha256_hex, sniff, write_file};
use crate::phrase::{Phrase, core as said};
use crate::store::{Db, MediaRow};

/// With nothing due, the worker still looks this often: for downloads queued by another
/// process and for uploads that expired.
const IDLE: Duration = Duration::from_secs(30);

/// Downloads taken per round; the rest wait for the next.
const BATCH: u32 = 4;

/// How one try ended.
enum Outcome {
    Ready {
        name: String,
        mime: String,
        size: u64,
        sha256: String,
    },
    Retry(Phrase),
    Failed {
        note: Phrase,
        size: Option<u64>,
    },
}

impl Engine {
    pub(crate) fn spawn_media_worker(self: &Arc<Self>) {
        self.spawn_background(
            "media worker",
            self.media_wake.clone(),
            IDLE,
            |engine| async move { engine.media_round().await },
        );
    }

    /// One round: expired uploads removed, due downloads tried. Answers how long to sleep.
    async fn media_round(self: &Arc<Self>) -> crate::error::Result<Duration> {
        let now = self.now();
        let expired = self.db.read(move |c| Db::expired_uploads(c, now)).await?;
        for (id, token) in expired {
            if let Some(path) = crate::media::file_of(&self.media_dir, &token)
                && let Err(e) = std::fs::remove_file(&path)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!("could not remove expired upload {}: {e}", path.display());
                continue;
            }
            self.db.write(move |c| Db::delete_media(c, id)).await?;
        }
        let due = self
            .db
            .read(move |c| Db::due_downloads(c, now, BATCH))
            .await?;
        let worked = !due.is_empty();
        for row in due {
            self.download(row).await?;
        }
        if worked {
            return Ok(Duration::ZERO);
        }
        let next = self.db.read(Db::next_download_at).await?;
        Ok(match next {
            Some(at) => {
                let ms = at.millis_since(self.now()).max(0) as u64;
                Duration::from_millis(ms).min(IDLE)
            }
            None => IDLE,
        })
    }

    /// Tries one download and records how it went.
    async fn download(self: &Arc<Self>, row: MediaRow) -> crate::error::Result<()> {
        let settings = self.media_settings();
        let outcome = self.try_download(&row, &settings).await;
        let now = self.now();
        let id = row.id;
        match outcome {
            Outcome::Ready {
                name,
                mime,
                size,
                sha256,
            } => {
                self.db
                    .write(move |c| Db::download_done(c, id, &name, &mime, size, &sha256))
                    .await?;
            }
            Outcome::Retry(reason) => {
                let tries = row.attempts + 1;
                let (note, retry_at) = if tries >= settings.download_attempts {
                    (
                        said::DOWNLOAD_GAVE_UP
                            .with("tries", tries)
                            .nest("reason", reason),
                        None,
                    )
                } else {
                    let pause =
                        settings.retry_after.as_millis() as i64 * (1i64 << (tries - 1).min(16));
                    (
                        said::DOWNLOAD_RETRYING.phrase().nest("reason", reason),
                        Some(now.plus_millis(pause)),
                    )
                };
                self.db
                    .write(move |c| Db::download_failed(c, id, &note, None, retry_at))
                    .await?;
            }
            Outcome::Failed { note, size } => {
                self.db
                    .write(move |c| Db::download_failed(c, id, &note, size, None))
                    .await?;
            }
        }
        self.announce_media(row.message_id).await;
        Ok(())
    }

    async fn try_download(&self, row: &MediaRow, settings: &MediaSettings) -> Outcome {
        let Some(url) = row.source_url.clone() else {
            return Outcome::Failed {
                note: said::DOWNLOAD_NO_FILE.phrase(),
                size: None,
            };
        };
        let account_id = row.account_id;
        let account = match self
            .db
            .read(move |c| Db::account_by_id(c, account_id))
            .await
        {
            Ok(Some(a)) => a,
            Ok(None) => {
                return Outcome::Failed {
                    note: said::DOWNLOAD_NO_ACCOUNT.phrase(),
                    size: None,
                };
            }
            Err(e) => return Outcome::Retry(crate::Error::from(e).phrase()),
        };
        let gateway = match self.gateway(&account).await {
            Ok(g) => g,
            Err(e) => return Outcome::Retry(e.phrase()),
        };
        let max = settings.incoming_max_bytes;
        let fetched =
            tokio::time::timeout(settings.download_timeout, gateway.fetch_media(&url, max));
        let media = match fetched.await {
            Err(_) => {
                return Outcome::Retry(
                    said::DOWNLOAD_TIMEOUT.with("seconds", settings.download_timeout.as_secs()),
                );
            }
            Ok(Err(SendError::Retryable { reason, .. } | SendError::AnswerLost { reason })) => {
                return Outcome::Retry(reason);
            }
            Ok(Err(SendError::Rejected { reason, .. })) => {
                return Outcome::Failed {
                    note: reason,
                    size: None,
                };
            }
            Ok(Ok(m)) => m,
        };
        let size = media.bytes.len() as u64;
        // The adapter stops reading past the limit; this guards adapters that do not.
        if size > max {
            return Outcome::Failed {
                note: said::DOWNLOAD_TOO_LARGE.with("max_bytes", max),
                size: Some(size),
            };
        }
        let mime = sniff(&media.bytes);
        let name = safe_file_name(Some(&row.name), &mime);
        let sha256 = sha256_hex(&media.bytes);
        let (dir, token, bytes) = (self.media_dir.clone(), row.token.clone(), media.bytes);
        let written = tokio::task::spawn_blocking(move || write_file(&dir, &token, &bytes)).await;
        match written {
            Ok(Ok(_)) => Outcome::Ready {
                name,
                mime,
                size,
                sha256,
            },
            Ok(Err(e)) => Outcome::Retry(said::DOWNLOAD_WRITE_FAILED.with("detail", e)),
            Err(e) => Outcome::Retry(said::INTERNAL.with("detail", e)),
        }
    }

    /// Shows the message's new media state in open threads.
    pub(crate) async fn announce_media(&self, message_row: Option<i64>) {
        let Some(row) = message_row else { return };
        match self.db.read(move |c| Db::message_by_row(c, row)).await {
            Ok(Some(message)) => self.host.events.emit(&Event::Message { message }),
            Ok(None) => {}
            Err(e) => tracing::warn!("could not load message {row} for a live event: {e}"),
        }
    }
}
