//! The audit log, append-only: sign-ins (and failures), sign-outs, operator and role changes,
//! assignments and take-overs, status changes, notes deleted, exports, account and setting
//! changes, and every time a supervisor or reviewer opens a conversation not assigned to them.
//! Read from the same stored facts as the activity lines and reports, plus what only the audit
//! keeps; nothing in the API edits or deletes an entry.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::reports::ExportFile;
use crate::time::Timestamp;

/// What the audit log says to people.
pub mod said {
    crate::phrases! {}
}

/// Which entries to list, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AuditQuery {
    /// Who acted.
    pub actor_id: Option<i64>,
    /// What kind of action (an `AuditAction`'s `kind`).
    pub kind: Option<String>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    /// The `next` of the previous page.
    pub before: Option<String>,
    /// At most 500; 100 when absent.
    pub limit: Option<u32>,
}

/// One entry: who did what, when, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    /// Unique across the log's sources.
    pub id: String,
    pub at: Timestamp,
    /// None: the system (automatic assignment, a snooze ending) or an unknown login.
    pub actor: Option<OperatorRef>,
    /// The client's address, where the action came over the network.
    pub address: Option<String>,
    pub conversation_id: Option<i64>,
    /// What was done, with its particulars (as the kind has them).
    #[ts(type = "Record<string, unknown>")]
    pub action: serde_json::Value,
    /// The kind of action (`sign_in`, `sign_in_failed`, `assigned`, `status`, `export` …).
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}

impl Engine {
    pub async fn audit_log(&self, _who: &Caller, _req: AuditQuery) -> Result<AuditPage> {
        Err(Error::internal("audit_log is being built"))
    }

    /// The entries a query finds as CSV (the export itself is audited).
    pub async fn export_audit(
        self: &std::sync::Arc<Self>,
        _who: &Caller,
        _req: AuditQuery,
    ) -> Result<ExportFile> {
        Err(Error::internal("export_audit is being built"))
    }
}
