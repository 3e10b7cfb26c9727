//! The inbox's views: Mine, Unassigned, All, per operator, by status, by tag, by account, with
//! live counts in the sidebar, combined with a search box over names, phones and message text
//! (the list stays keyset-paged and fast at 100k conversations); supervisors acting on several
//! conversations at once; starting a conversation with a new customer.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader, Scope};
use crate::api::{AssignConversation, ConversationRef, Empty, SendMessage};
use crate::conversation::{Conversation, ConversationStatus};
use crate::engine::Engine;
use crate::error::{ApiError, Error, Result};
use crate::message::{Content, OperatorRef};
use crate::operator::Role;
use crate::store::Db;
use crate::tags::TagConversation;
use crate::workflow::SetConversationStatus;

/// What views say to people.
pub mod said {
    crate::phrases! {
        BULK_TOO_MANY = "views.bulk_too_many": "At most {max} conversations at once ({count} were chosen)";
        BULK_NONE = "views.bulk_none": "Choose at least one conversation";
    }
}

/// The most conversations one bulk update changes.
pub const MAX_BULK: usize = 500;

/// A search box's text: what to look for in contacts' names and phones and in message text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchTerms {
    /// An FTS5 query over `contacts_fts` (names and phones, by trigram); none when the text is
    /// too short for trigrams (under 3 characters) and is no phone fragment.
    pub contacts: Option<String>,
    /// An FTS5 query over message text (each word, the last one as a prefix).
    pub messages: Option<String>,
    /// The text as typed (trimmed), for the store to expand the last word's prefix into the
    /// whole words it covers (see `store::messages`).
    pub text: String,
}

/// A quoted FTS5 string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

impl SearchTerms {
    /// What `text` means in each index: a substring of a name (3 characters or more), the
    /// digits of a phone in any common form (`8 903 …`, `+7 (903) …`, a fragment of 3 digits or
    /// more), words of the messages. None for blank text.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let mut contacts = Vec::new();
        if text.chars().count() >= 3 {
            contacts.push(format!("name : {}", quoted(text)));
        }
        let phone_like = text.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | ' ' | '\u{a0}')
        });
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if phone_like && digits.len() >= 3 {
            contacts.push(format!("phone : {}", quoted(&digits)));
            // The Russian trunk prefix: `8 903 …` is +7 903 …, from the number's start.
            if !text.starts_with('+')
                && let Some(national) = digits.strip_prefix('8')
                && national.len() >= 3
            {
                contacts.push(format!("phone : {}", quoted(&format!("+7{national}"))));
            }
        }
        let words: Vec<String> = text.split_whitespace().map(quoted).collect();
        let messages = (!words.is_empty()).then(|| format!("{}*", words.join(" ")));
        Some(Self {
            contacts: (!contacts.is_empty()).then(|| contacts.join(" OR ")),
            messages,
            text: text.to_owned(),
        })
    }
}

/// What one page of a view holds, as the store filters it: every part must hold (AND).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewFilter {
    /// Each a range of the assignee index to merge (`None`: unassigned); absent: anyone's,
    /// without looking at the assignee. An empty list: nothing at all.
    pub assignees: Option<Vec<Option<i64>>>,
    pub account_id: Option<i64>,
    pub status: Option<ConversationStatus>,
    pub tag_id: Option<i64>,
    pub search: Option<SearchTerms>,
}

/// The assignee ranges a view covers for a caller in `scope`: never a conversation outside
/// the scope (a manager asking for a colleague's gets nothing), and for a manager never a walk
/// through colleagues' rows (their own range and the unassigned one, each read in order).
pub fn assignee_ranges(
    filter: Option<AssigneeFilter>,
    scope: Scope,
    me: i64,
) -> Option<Vec<Option<i64>>> {
    match (filter.unwrap_or(AssigneeFilter::Anyone), scope) {
        (AssigneeFilter::Mine, _) => Some(vec![Some(me)]),
        (AssigneeFilter::Unassigned, _) => Some(vec![None]),
        (AssigneeFilter::Anyone, Scope::All) => None,
        (AssigneeFilter::Anyone, Scope::Own(own)) => Some(vec![Some(own), None]),
        (AssigneeFilter::Operator { operator_id }, scope) => {
            Some(if scope.sees(Some(operator_id)) {
                vec![Some(operator_id)]
            } else {
                Vec::new()
            })
        }
    }
}

/// Whose conversations a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssigneeFilter {
    /// Assigned to the caller.
    Mine,
    Unassigned,
    /// Everything the caller may see.
    Anyone,
    /// Assigned to this operator (supervisors and reviewers).
    Operator {
        operator_id: i64,
    },
}

/// Open conversations per operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OperatorCount {
    pub operator: OperatorRef,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: ConversationStatus,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCount {
    pub tag_id: i64,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountCount {
    pub account_id: i64,
    pub count: u32,
}

/// The sidebar's counts, of what the caller may see. Assignee, tag and account counts are of
/// open conversations; `by_status` counts every status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ViewCounts {
    pub mine: u32,
    pub unassigned: u32,
    /// Open conversations the caller may see (none for a manager who sees only their own).
    pub all: Option<u32>,
    /// Supervisors and reviewers only (empty for managers).
    pub by_operator: Vec<OperatorCount>,
    pub by_status: Vec<StatusCount>,
    pub by_tag: Vec<TagCount>,
    pub by_account: Vec<AccountCount>,
}

/// What to do to several conversations at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkAction {
    /// Give them to an operator, or to nobody.
    Assign {
        operator_id: Option<i64>,
    },
    Tag {
        tag_id: i64,
    },
    Untag {
        tag_id: i64,
    },
    /// Open, pending or resolved (a snooze needs its own time: one at a time).
    Status {
        status: ConversationStatus,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulkUpdate {
    /// At most 500.
    pub conversation_ids: Vec<i64>,
    pub action: BulkAction,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct BulkFailure {
    pub conversation_id: i64,
    pub error: ApiError,
}

/// Each conversation is changed on its own: one that cannot be does not stop the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct BulkOutcome {
    pub updated: Vec<Conversation>,
    pub failed: Vec<BulkFailure>,
}

/// Writes first to a customer: the phone in any common form, the account, then what to send
/// (a template where the gateway's 24-hour rule requires one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StartConversation {
    pub account_id: i64,
    pub phone: String,
    pub content: Content,
}

impl Engine {
    /// The sidebar's live counts for the caller, of what they may see: `mine`, `unassigned`,
    /// `all`, `by_operator`, `by_tag` and `by_account` count open conversations, `by_status`
    /// every status. Two grouped reads: the counts index, and the tags.
    pub async fn view_counts(&self, who: &Caller, _req: Empty) -> Result<ViewCounts> {
        let scope = self.scope(who);
        let (me, sees_all) = (who.id(), scope == Scope::All);
        let per_operator = who.role() != Role::Manager;
        let (groups, tags, operators, accounts) = self
            .db
            .read(move |c| {
                let operators = if per_operator {
                    Db::assignable_operators(c)?
                } else {
                    Vec::new()
                };
                Ok((
                    Db::counted_groups(c, scope)?,
                    Db::open_per_tag(c, scope)?,
                    operators,
                    Db::account_ids(c)?,
                ))
            })
            .await?;
        // Open conversations of the groups whose (assignee, account) `f` takes.
        let sum = |f: &dyn Fn(Option<i64>, i64) -> bool| -> u32 {
            groups
                .iter()
                .filter(|g| g.status == ConversationStatus::Open && f(g.assignee_id, g.account_id))
                .map(|g| g.count)
                .sum()
        };
        Ok(ViewCounts {
            mine: sum(&|assignee, _| assignee == Some(me)),
            unassigned: sum(&|assignee, _| assignee.is_none()),
            all: sees_all.then(|| sum(&|_, _| true)),
            by_operator: operators
                .into_iter()
                .map(|operator| OperatorCount {
                    count: sum(&|assignee, _| assignee == Some(operator.id)),
                    operator,
                })
                .collect(),
            by_status: ConversationStatus::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    count: groups
                        .iter()
                        .filter(|g| g.status == status)
                        .map(|g| g.count)
                        .sum(),
                })
                .collect(),
            by_tag: tags
                .into_iter()
                .map(|(tag_id, count)| TagCount { tag_id, count })
                .collect(),
            by_account: accounts
                .into_iter()
                .map(|account_id| AccountCount {
                    account_id,
                    count: sum(&|_, account| account == account_id),
                })
                .collect(),
        })
    }

    /// Assigns, tags, untags or sets the status of several conversations, each through the
    /// same command as one at a time (its rules, facts and live events); one that cannot be
    /// changed is answered with its error and does not stop the others.
    pub async fn bulk_update(
        self: &Arc<Self>,
        who: &Caller,
        req: BulkUpdate,
    ) -> Result<BulkOutcome> {
        let mut ids = req.conversation_ids;
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        if ids.is_empty() {
            return Err(Error::BadRequest(said::BULK_NONE.phrase()));
        }
        if ids.len() > MAX_BULK {
            return Err(Error::BadRequest(
                said::BULK_TOO_MANY
                    .with("max", MAX_BULK)
                    .arg("count", ids.len()),
            ));
        }
        let mut outcome = BulkOutcome {
            updated: Vec::new(),
            failed: Vec::new(),
        };
        for conversation_id in ids {
            let done = match req.action {
                BulkAction::Assign { operator_id } => {
                    self.assign_conversation(
                        who,
                        AssignConversation {
                            conversation_id,
                            operator_id,
                        },
                    )
                    .await
                }
                BulkAction::Tag { tag_id } | BulkAction::Untag { tag_id } => {
                    self.tag_conversation(
                        who,
                        TagConversation {
                            conversation_id,
                            tag_id,
                            tagged: matches!(req.action, BulkAction::Tag { .. }),
                        },
                    )
                    .await
                }
                BulkAction::Status { status } => {
                    self.set_conversation_status(
                        who,
                        SetConversationStatus {
                            conversation_id,
                            status,
                            snoozed_until: None,
                        },
                    )
                    .await
                }
            };
            match done {
                Ok(conversation) => outcome.updated.push(conversation),
                Err(error) => outcome.failed.push(BulkFailure {
                    conversation_id,
                    error: error.into(),
                }),
            }
        }
        Ok(outcome)
    }

    /// Starts (or continues) the conversation with a customer by sending them a message; a
    /// manager or supervisor who starts an unassigned one takes it.
    ///
    /// The message goes the way of `send_message`, with its checks (the phone in any common
    /// form, the account, what the gateway accepts, a colleague's conversation being none of
    /// a manager's business) and its one 24-hour rule: the core queues it and a gateway that
    /// allows only a template outside the window refuses a free-form message with its reason
    /// (the composer warns before; the templates issue adds the picker).
    pub async fn start_conversation(
        self: &Arc<Self>,
        who: &Caller,
        req: StartConversation,
    ) -> Result<Conversation> {
        let message = self
            .send_message(
                who,
                SendMessage {
                    account_id: req.account_id,
                    to: req.phone,
                    content: req.content,
                },
            )
            .await?;
        let id = message.conversation_id;
        let assignee = self
            .db
            .read(move |c| Db::conversation_assignee(c, id))
            .await?;
        if assignee == Some(None) && matches!(who.role(), Role::Manager | Role::Supervisor) {
            match self
                .take_conversation(
                    who,
                    ConversationRef {
                        conversation_id: id,
                    },
                )
                .await
            {
                Ok(conversation) => return Ok(conversation),
                // Someone took it in the meantime: the message is sent all the same, and the
                // conversation is answered if the caller may still see it.
                Err(Error::Conflict(reason)) => {
                    tracing::info!(conversation = id, "started, taken by another: {reason}");
                }
                Err(e) => return Err(e),
            }
        }
        self.visible_conversation(who, id).await?;
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(crate::phrase::core::CONVERSATION_NOT_FOUND.phrase()))
    }
}
