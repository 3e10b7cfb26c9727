//! Data people take away: a report, a conversation's transcript or the audit log as an
//! [`ExportTable`], computed once here and rendered where it is read. The UI writes the CSV (or
//! prints the transcript) in the reader's language and time zone; the CLI and scripts get the
//! English CSV [`ExportTable::csv`] writes ([`csv`]: what spreadsheets read). Every export is
//! recorded in the audit log, in one place ([`Engine::audit_export`]).

mod csv;
mod report;
mod transcript;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::audit::AuditEntry;
use crate::conversation::Activity;
use crate::engine::Engine;
use crate::message::OperatorRef;
use crate::phrase::Phrase;
use crate::time::Timestamp;

pub use self::csv::{BOM, Cell, Csv, csv};
pub use self::report::{
    EPISODE_COLUMNS, day_bound, episodes_table, operators_columns, operators_table,
    report_file_stem,
};
pub use self::transcript::{TRANSCRIPT_COLUMNS, activity_english, transcript_table};

/// What exports say to people.
pub mod said {
    crate::phrases! {}
}

/// What a transcript is exported for: a CSV file, or the printed transcript the browser saves
/// as a PDF (the same table; the audit entry says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptFormat {
    Csv,
    Pdf,
}

/// A conversation's transcript: every message, note and activity line with times, authors
/// and statuses, notes marked internal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTranscript {
    pub conversation_id: i64,
    pub format: TranscriptFormat,
}

/// A table to save or print: what an export answers. Words are not chosen here: column keys,
/// labels and activity lines are stable keys and structures the reader's UI translates (the
/// CLI writes them as the English [`ExportTable::csv`]), an audit entry's particulars are the
/// entry the UI words as its Audit screen does, times are instants the reader places in
/// their own time zone, numbers stay numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportTable {
    /// The file name's stem, in no language (dates, an id): the UI puts the words around it
    /// in the reader's language (`report-…-operators.csv`, `отчёт-…-операторы.csv`).
    pub name: String,
    /// The columns' stable keys (`time`, `first_response_median_s` …): the English CSV's header.
    pub columns: Vec<String>,
    /// Each row as wide as `columns`.
    pub rows: Vec<Vec<ExportCell>>,
}

/// One cell of an [`ExportTable`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportCell {
    /// Nothing: an absent value (a median of no samples, an unresolved episode).
    Empty,
    /// Words from people or gateways (a message, a contact's name), never translated.
    Text { text: String },
    /// A whole number (seconds, a count, an id).
    Integer { value: i64 },
    /// A decimal number (a median score of 4.5); always finite (an absent one is empty).
    Decimal { value: f64 },
    /// An instant, shown in the reader's time zone (the English CSV: RFC 3339 in UTC).
    Time { at: Timestamp },
    /// A value of the column's closed vocabulary (a snake_case key: `message`, `internal`,
    /// `resolved`, an audit entry's kind), translated by the UI as the column has it;
    /// `reason`: why (a message's failure, in words the UI translates too).
    Label {
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        reason: Option<Phrase>,
    },
    /// An operator: named as stored, except the app's own ("This computer" in the UI).
    Operator { operator: OperatorRef },
    /// A conversation's activity line, as the thread has it: the UI words it with the thread's
    /// own rendering, so the transcript and the thread say the same.
    Activity { activity: Activity },
    /// An audit log entry's particulars (its `action`), worded by the UI as the Audit screen
    /// words the entry (which needs the entry's kind and actor too, so the cell carries the
    /// whole entry); the English CSV keeps the particulars as JSON, for scripts.
    Audit { entry: AuditEntry },
}

impl ExportCell {
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text { text: s.into() }
    }

    pub fn label(key: impl Into<String>) -> Self {
        Self::Label {
            key: key.into(),
            reason: None,
        }
    }

    /// A number, or empty when there is none.
    pub fn int(n: Option<impl Into<i64>>) -> Self {
        n.map_or(Self::Empty, |value| Self::Integer {
            value: value.into(),
        })
    }

    /// A decimal, or empty when there is none (or it is not finite: JSON has no NaN).
    pub fn decimal(n: Option<f64>) -> Self {
        n.filter(|n| n.is_finite())
            .map_or(Self::Empty, |value| Self::Decimal { value })
    }

    pub fn time(at: Option<Timestamp>) -> Self {
        at.map_or(Self::Empty, |at| Self::Time { at })
    }

    pub fn operator(o: Option<&OperatorRef>) -> Self {
        o.map_or(Self::Empty, |o| Self::Operator {
            operator: o.clone(),
        })
    }

    /// The cell as the English CSV writes it.
    fn english(&self) -> Cell {
        match self {
            Self::Empty => Cell::Empty,
            Self::Text { text } => Cell::text(text.clone()),
            Self::Integer { value } => Cell::Integer(*value),
            Self::Decimal { value } => Cell::Decimal(*value),
            Self::Time { at } => Cell::text(at.rfc3339()),
            Self::Label { key, reason: None } => Cell::text(key.clone()),
            Self::Label {
                key,
                reason: Some(reason),
            } => Cell::text(format!("{key}: {}", reason.text)),
            Self::Operator { operator } => Cell::text(operator.name.clone()),
            Self::Activity { activity } => Cell::text(activity_english(activity)),
            Self::Audit { entry } => Cell::text(entry.action.to_string()),
        }
    }
}

impl ExportTable {
    /// The English CSV (the CLI's, a script's): the column keys as its header, labels as their
    /// keys, activity lines in English, times in RFC 3339 UTC, numbers as numbers.
    pub fn csv(&self) -> String {
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let mut out = Csv::new(&header);
        for row in &self.rows {
            out.row(row.iter().map(ExportCell::english));
        }
        out.finish()
    }
}

/// `YYYY-MM-DD` of an instant, in UTC, for file names.
pub(crate) fn file_date(at: Timestamp) -> String {
    at.rfc3339().chars().take(10).collect()
}

impl Engine {
    /// Records an export in the audit log: what was exported (`detail`: `what`, its filters,
    /// its `rows`), by whom. Every export of this module goes through here, before its table
    /// is answered: no entry, no table (and exactly one entry per export).
    pub(crate) async fn audit_export(
        &self,
        who: &Caller,
        detail: serde_json::Value,
    ) -> crate::error::Result<()> {
        self.try_audit(Some(who), None, "export", detail).await
    }
}
