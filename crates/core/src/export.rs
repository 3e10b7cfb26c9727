//! Files people take away: CSV written the way spreadsheets read it ([`csv`]), a
//! conversation's transcript ([`Engine::export_transcript`]), and the one place every export
//! is recorded in the audit log.

mod csv;
mod report;
mod transcript;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::engine::Engine;
use crate::reports::ExportFile;
use crate::time::Timestamp;

pub use self::csv::{BOM, Cell, Csv, csv};
pub use self::report::{
    EPISODE_COLUMNS, day_bound, episodes_csv, operators_columns, operators_csv, report_file_name,
};
pub use self::transcript::{TRANSCRIPT_COLUMNS, transcript_csv};

/// What exports say to people.
pub mod said {
    crate::phrases! {}
}

/// The MIME type of every CSV export.
pub const CSV_MIME: &str = "text/csv; charset=utf-8";

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

/// A CSV file for the caller to save.
pub(crate) fn csv_file(name: String, text: String) -> ExportFile {
    ExportFile {
        name,
        mime: CSV_MIME.to_owned(),
        text,
    }
}

/// `YYYY-MM-DD` of an instant, in UTC, for file names.
pub(crate) fn file_date(at: Timestamp) -> String {
    at.rfc3339().chars().take(10).collect()
}

impl Engine {
    /// Records an export in the audit log: what was exported (`detail`: `what`, its filters,
    /// its `rows`), by whom. Every export of this module goes through here, before its file is
    /// answered: no entry, no file (and exactly one entry per export).
    pub(crate) async fn audit_export(
        &self,
        who: &Caller,
        detail: serde_json::Value,
    ) -> crate::error::Result<()> {
        self.try_audit(Some(who), None, "export", detail).await
    }
}
