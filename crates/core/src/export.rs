//! Files people take away: CSV written the way spreadsheets read it (UTF-8 with a byte-order
//! mark, quoted as RFC 4180 says, and a cell that starts like a formula defused so opening the
//! file runs nothing), and a conversation's transcript.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::reports::ExportFile;

/// What exports say to people.
pub mod said {
    crate::phrases! {}
}

/// A conversation's transcript: every message, note and activity line with times, authors
/// and statuses, notes marked internal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptFormat {
    Csv,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTranscript {
    pub conversation_id: i64,
    pub format: TranscriptFormat,
}

impl Engine {
    /// A conversation's transcript (audited).
    pub async fn export_transcript(
        self: &Arc<Self>,
        _who: &Caller,
        _req: ExportTranscript,
    ) -> Result<ExportFile> {
        Err(Error::internal("export_transcript is being built"))
    }
}
