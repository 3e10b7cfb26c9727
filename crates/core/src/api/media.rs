//! Media commands: uploading a local file for a gateway to fetch, reading a message's cached
//! media, retrying a failed download; and the look-up behind the public media route.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine as _;

use super::types::*;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::gateway::ValidationError;
use crate::media::{self, MediaState};
use crate::message::{Content, Message};
use crate::phrase::core as said;
use crate::public_address::is_loopback;
use crate::store::{AccountRow, Db, NewUpload};

/// An upload the public media route may serve.
#[derive(Clone, Debug)]
pub struct ServedMedia {
    pub path: PathBuf,
    pub mime: String,
    pub size: u64,
}

fn base64_engine() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    )
}

impl Engine {
    /// The public base media URLs are built on, or what to set up to have one. A gateway out
    /// on the internet cannot fetch from this machine's loopback address; one running here (a
    /// simulator, the sandbox) can.
    fn media_base(&self, account: &AccountRow) -> Result<String> {
        let Some(base) = self.callback_base() else {
            return Err(Error::BadRequest(said::MEDIA_NEEDS_ADDRESS.phrase()));
        };
        let gateway_here = account.sandbox || is_loopback(&account.base_url);
        if is_loopback(&base) && !gateway_here {
            return Err(Error::BadRequest(
                said::MEDIA_ADDRESS_UNREACHABLE
                    .with("base", &base)
                    .arg("gateway", account.gateway.display_name()),
            ));
        }
        Ok(base)
    }

    pub async fn upload_media(
        &self,
        _: &crate::access::Caller,
        req: UploadMedia,
    ) -> Result<UploadedMedia> {
        let account_id = req.account_id;
        let account = self
            .db
            .read(move |c| Db::account_by_id(c, account_id))
            .await?
            .ok_or_else(|| Error::NotFound(said::ACCOUNT_NOT_FOUND.with("id", account_id)))?;
        let gateway_name = account.gateway.display_name();
        let caps = self
            .connector
            .capabilities(account.gateway)
            .ok_or_else(|| Error::no_adapter(account.gateway))?;
        if caps.media_types.is_empty() {
            return Err(Error::Unsupported(
                said::MEDIA_TEXT_ONLY.with("gateway", gateway_name),
            ));
        }
        let base = self.media_base(&account)?;
        let bytes = base64_engine()
            .decode(req.data_base64.trim())
            .map_err(|e| Error::BadRequest(said::MEDIA_BAD_BASE64.with("detail", e)))?;
        if bytes.is_empty() {
            return Err(Error::BadRequest(said::MEDIA_EMPTY.with("name", &req.name)));
        }
        let mime = media::sniff(&bytes);
        let shown = if req.name.trim().is_empty() {
            "—"
        } else {
            req.name.trim()
        };
        if !caps.accepts_media(&mime) {
            let phrase = match req.mime.as_deref() {
                Some(claimed) if !media::mime_essence_eq(claimed, &mime) => {
                    said::MEDIA_TYPE_MISNAMED.with("claimed", claimed)
                }
                _ => said::MEDIA_TYPE_REFUSED.phrase(),
            };
            return Err(ValidationError(
                phrase
                    .arg("gateway", gateway_name)
                    .arg("name", shown)
                    .arg("mime", &mime)
                    .arg("accepted", caps.media_types.join(", ")),
            )
            .into());
        }
        let size = bytes.len() as u64;
        if let Some(max) = caps.max_media_bytes(&mime)
            && size > max
        {
            return Err(ValidationError(
                said::MEDIA_TOO_LARGE
                    .with("name", shown)
                    .arg("size_bytes", size)
                    .arg("gateway", gateway_name)
                    .arg("mime", &mime)
                    .arg("max_bytes", max),
            )
            .into());
        }
        let name = media::safe_file_name(Some(&req.name), &mime);
        let token = media::new_token();
        let sha256 = media::sha256_hex(&bytes);
        let (dir, file_token) = (self.media_dir.clone(), token.clone());
        tokio::task::spawn_blocking(move || media::write_file(&dir, &file_token, &bytes))
            .await
            .map_err(Error::internal)?
            .map_err(|e| Error::Internal(said::MEDIA_NOT_STORED.with("detail", e)))?;
        let now = self.now();
        let ttl = self.media_settings().upload_ttl.as_millis() as i64;
        let upload = NewUpload {
            token: token.clone(),
            account_id,
            name: name.clone(),
            mime: mime.clone(),
            size,
            sha256,
            expires_at: now.plus_millis(ttl),
        };
        let expires_at = upload.expires_at;
        let media_id = self
            .db
            .write(move |c| Db::insert_upload(c, &upload, now))
            .await?;
        Ok(UploadedMedia {
            media_id,
            url: format!("{base}/media/{token}/{name}"),
            mime,
            name,
            size,
            expires_at,
        })
    }

    /// The upload behind `/media/{token}/…`, while its URL works; `None` for anything else
    /// (unknown, expired, an incoming file, not a token), so a guesser learns nothing.
    pub async fn served_media(&self, token: &str) -> Option<ServedMedia> {
        let path = media::file_of(&self.media_dir, token)?;
        let key = token.to_owned();
        let row = self
            .db
            .read(move |c| Db::upload_by_token(c, &key))
            .await
            .ok()??;
        let live = row.expires_at.is_some_and(|at| self.now() < at);
        (live && row.state == MediaState::Ready).then(|| ServedMedia {
            path,
            mime: row
                .mime
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: row.size.unwrap_or_default(),
        })
    }

    pub async fn media_content(
        &self,
        who: &crate::access::Caller,
        req: MediaRef,
    ) -> Result<MediaContent> {
        self.visible_message(who, &req.message_id).await?;
        let uid = req.message_id.clone();
        let (message, row) = self
            .db
            .read(move |c| {
                let Some(message) = Db::message_by_uid(c, &uid)? else {
                    return Ok(None);
                };
                let row = match (&message.content, message.direction) {
                    (_, crate::message::Direction::In) => match Db::message_row(c, &uid)? {
                        Some(id) => Db::media_of_message(c, id)?,
                        None => None,
                    },
                    // Our own uploads, while they are kept.
                    (Content::Media { url, .. }, _) => match media::token_in_url(url) {
                        Some(token) => Db::upload_by_token(c, token)?,
                        None => None,
                    },
                    _ => None,
                };
                Ok(Some((message, row)))
            })
            .await?
            .ok_or_else(|| Error::NotFound(said::MESSAGE_NOT_FOUND.phrase()))?;
        let Some(row) = row else {
            let note = match message.content {
                Content::Media { .. } => said::MEDIA_NOT_KEPT.phrase(),
                _ => said::MEDIA_NONE.phrase(),
            };
            return Ok(MediaContent {
                state: MediaState::Failed,
                mime: None,
                name: String::new(),
                size: None,
                note: Some(note),
                data_base64: None,
            });
        };
        let settings = self.media_settings();
        let mut content = MediaContent {
            state: row.state,
            mime: row.mime.clone(),
            name: row.name.clone(),
            size: row.size,
            note: row.note.clone(),
            data_base64: None,
        };
        if row.state == MediaState::Ready {
            if row.size.unwrap_or(0) > settings.content_max_bytes {
                content.note =
                    Some(said::MEDIA_TOO_LARGE_TO_SHOW.with("size_bytes", row.size.unwrap_or(0)));
                return Ok(content);
            }
            let path = media::file_of(&self.media_dir, &row.token)
                .ok_or_else(|| Error::NotFound(said::MEDIA_FILE_GONE.phrase()))?;
            let read = tokio::task::spawn_blocking(move || std::fs::read(&path))
                .await
                .map_err(Error::internal)?;
            match read {
                Ok(bytes) => content.data_base64 = Some(base64_engine().encode(bytes)),
                Err(e) => {
                    content.state = MediaState::Failed;
                    content.note = Some(said::MEDIA_UNREADABLE.with("detail", e));
                }
            }
        }
        Ok(content)
    }

    pub async fn retry_media(
        self: &Arc<Self>,
        who: &crate::access::Caller,
        req: MediaRef,
    ) -> Result<Message> {
        // A message that does not exist is not found, not in the wrong state.
        self.visible_message(who, &req.message_id).await?;
        let uid = req.message_id.clone();
        let now = self.now();
        let row = self
            .db
            .write(move |c| match Db::message_row(c, &uid)? {
                Some(id) => Ok(Db::retry_download(c, id, now)?.then_some(id)),
                None => Ok(None),
            })
            .await?
            .ok_or_else(|| Error::Conflict(said::MEDIA_RETRY_NOT_ALLOWED.phrase()))?;
        self.media_wake.notify_one();
        self.announce_media(Some(row)).await;
        self.message(&req.message_id).await
    }
}

#[cfg(test)]
mod tests {
    use crate::public_address::is_loopback;

    #[test]
    fn loopback_hosts_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8765"));
        assert!(is_loopback("http://localhost/x"));
        assert!(is_loopback("http://[::1]:80"));
        assert!(!is_loopback("https://inbox.example.com"));
        assert!(!is_loopback("https://api.devino.online"));
    }
}
