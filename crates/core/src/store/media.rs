//! The `media` table: uploads for gateways to fetch, and incoming media to download.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result};
use crate::media::{MediaInfo, MediaState};
use crate::time::Timestamp;

/// One media file's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaRow {
    pub id: i64,
    pub token: String,
    pub incoming: bool,
    pub account_id: i64,
    pub message_id: Option<i64>,
    pub source_url: Option<String>,
    pub name: String,
    pub mime: Option<String>,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    pub state: MediaState,
    pub note: Option<crate::phrase::Phrase>,
    pub attempts: u32,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
}

impl MediaRow {
    pub fn info(&self) -> MediaInfo {
        MediaInfo {
            state: self.state,
            mime: self.mime.clone(),
            size: self.size,
            name: self.name.clone(),
            note: self.note.clone(),
            attempts: self.attempts,
        }
    }
}

/// A file uploaded to be sent, already written to disk.
#[derive(Clone, Debug)]
pub struct NewUpload {
    pub token: String,
    pub account_id: i64,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub sha256: String,
    pub expires_at: Timestamp,
}

const COLUMNS: &str = "id, token, direction, account_id, message_id, source_url, name, mime, size,
    sha256, state, note, attempts, created_at, expires_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<MediaRow> {
    Ok(MediaRow {
        id: r.get(0)?,
        token: r.get(1)?,
        incoming: r.get::<_, String>(2)? == "in",
        account_id: r.get(3)?,
        message_id: r.get(4)?,
        source_url: r.get(5)?,
        name: r.get(6)?,
        mime: r.get(7)?,
        size: r.get::<_, Option<i64>>(8)?.map(|s| s.max(0) as u64),
        sha256: r.get(9)?,
        state: MediaState::parse(&r.get::<_, String>(10)?),
        note: r.get(11)?,
        attempts: r.get(12)?,
        created_at: Timestamp::from_millis(r.get(13)?),
        expires_at: r.get::<_, Option<i64>>(14)?.map(Timestamp::from_millis),
    })
}

impl Db {
    pub fn insert_upload(conn: &Connection, u: &NewUpload, now: Timestamp) -> Result<i64> {
        conn.execute(
            "INSERT INTO media (token, direction, account_id, name, mime, size, sha256, state,
                                created_at, expires_at)
             VALUES (?1, 'out', ?2, ?3, ?4, ?5, ?6, 'ready', ?7, ?8)",
            params![
                u.token,
                u.account_id,
                u.name,
                u.mime,
                u.size as i64,
                u.sha256,
                now.as_millis(),
                u.expires_at.as_millis()
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// An upload by its token, whether or not it expired.
    pub fn upload_by_token(conn: &Connection, token: &str) -> Result<Option<MediaRow>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM media WHERE token = ?1 AND direction = 'out'"
            ))?
            .query_row([token], from_row)
            .optional()?)
    }

    /// Records an incoming message's media for the download worker. Called inside ingest's
    /// transaction, so a stored message never lacks its download.
    pub fn queue_download(
        conn: &Connection,
        account_id: i64,
        message_row: i64,
        source_url: &str,
        name: &str,
        now: Timestamp,
    ) -> Result<()> {
        conn.execute(
            "INSERT INTO media (token, direction, account_id, message_id, source_url, name, state,
                                next_attempt_at, created_at)
             VALUES (?1, 'in', ?2, ?3, ?4, ?5, 'pending', ?6, ?6)
             ON CONFLICT (message_id) DO NOTHING",
            params![
                crate::media::new_token(),
                account_id,
                message_row,
                source_url,
                name,
                now.as_millis()
            ],
        )?;
        Ok(())
    }

    pub fn media_of_message(conn: &Connection, message_row: i64) -> Result<Option<MediaRow>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM media WHERE message_id = ?1"
            ))?
            .query_row([message_row], from_row)
            .optional()?)
    }

    /// Downloads whose time has come, oldest first.
    pub fn due_downloads(conn: &Connection, now: Timestamp, limit: u32) -> Result<Vec<MediaRow>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM media WHERE state = 'pending' AND next_attempt_at <= ?1
             ORDER BY next_attempt_at, id LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![now.as_millis(), limit], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// When the next pending download is due, if any is.
    pub fn next_download_at(conn: &Connection) -> Result<Option<Timestamp>> {
        let at: Option<i64> = conn.query_row(
            "SELECT MIN(next_attempt_at) FROM media WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )?;
        Ok(at.map(Timestamp::from_millis))
    }

    pub fn download_done(
        conn: &Connection,
        id: i64,
        name: &str,
        mime: &str,
        size: u64,
        sha256: &str,
    ) -> Result<()> {
        conn.execute(
            "UPDATE media SET state = 'ready', name = ?2, mime = ?3, size = ?4, sha256 = ?5,
                              note = NULL, attempts = attempts + 1, next_attempt_at = NULL
             WHERE id = ?1",
            params![id, name, mime, size as i64, sha256],
        )?;
        Ok(())
    }

    /// Records a failed try: another at `retry_at`, or none (`failed`) when it is `None`.
    pub fn download_failed(
        conn: &Connection,
        id: i64,
        note: &crate::phrase::Phrase,
        size: Option<u64>,
        retry_at: Option<Timestamp>,
    ) -> Result<()> {
        conn.execute(
            "UPDATE media SET state = ?2, note = ?3, size = COALESCE(?4, size),
                              attempts = attempts + 1, next_attempt_at = ?5
             WHERE id = ?1",
            params![
                id,
                if retry_at.is_some() {
                    "pending"
                } else {
                    "failed"
                },
                note,
                size.map(|s| s as i64),
                retry_at.map(Timestamp::as_millis)
            ],
        )?;
        Ok(())
    }

    /// Queues a message's failed download again, its tries counted afresh. False when the
    /// message has no failed download.
    pub fn retry_download(conn: &Connection, message_row: i64, now: Timestamp) -> Result<bool> {
        let changed = conn.execute(
            "UPDATE media SET state = 'pending', attempts = 0, next_attempt_at = ?2, note = ?3
             WHERE message_id = ?1 AND state = 'failed'",
            params![
                message_row,
                now.as_millis(),
                crate::phrase::core::DOWNLOAD_AGAIN.phrase()
            ],
        )?;
        Ok(changed > 0)
    }

    /// Uploads whose URL has expired: their files are removed, then their rows.
    pub fn expired_uploads(conn: &Connection, now: Timestamp) -> Result<Vec<(i64, String)>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, token FROM media WHERE direction = 'out' AND expires_at <= ?1",
        )?;
        let rows = stmt
            .query_map([now.as_millis()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn delete_media(conn: &Connection, id: i64) -> Result<()> {
        conn.execute("DELETE FROM media WHERE id = ?1", [id])?;
        Ok(())
    }
}
