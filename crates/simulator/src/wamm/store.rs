//! The account's messages, address book and the world that moves them along: our sends go
//! sending → delivered → viewed a step apart, and a scripted customer answers what it read.
//!
//! The world moves lazily, when a request or the handle looks at it, so no task runs in the
//! background and a test that sets states by hand is never raced.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::Duration;

use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::{Fault, WammCustomer};

/// A message as WAMM keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WammMessage {
    pub msg_id: u64,
    pub from_me: bool,
    /// Digits.
    pub phone: String,
    /// `textMessage` or `file_link`.
    pub tip_msg: String,
    pub text: String,
    pub link: String,
    /// Milliseconds since the epoch; shown on the wire as wall time in the account's zone.
    pub date_ins: i64,
    pub date_upd: i64,
    pub state: String,
    /// The name WhatsApp knows for the chat (the address book's name wins).
    pub chat_name: Option<String>,
    /// States move on their own (our API sends); otherwise only by hand.
    pub auto: bool,
    /// Sent through the API (`msg_to`, `file_to`), not from the phone or by the customer.
    pub via_api: bool,
    pub answered: bool,
}

#[derive(Default)]
pub(super) struct State {
    pub messages: Vec<WammMessage>,
    pub next_id: u64,
    pub book: BTreeMap<String, String>,
    pub checked: HashSet<String>,
    /// Numbers ending in 0503 that already failed a check once.
    pub check_failed: HashSet<String>,
    pub faults: VecDeque<Fault>,
    pub send_errors: VecDeque<String>,
    pub calls: Vec<String>,
    pub authorized: bool,
    pub daily_limit: Option<u32>,
    pub customer: Option<WammCustomer>,
    pub next_reply: usize,
    pub step: Duration,
}

impl State {
    pub fn push(&mut self, mut message: WammMessage) -> u64 {
        self.next_id += 1;
        message.msg_id = self.next_id;
        self.messages.push(message);
        self.next_id
    }

    pub fn sent_via_api(&self) -> u32 {
        let count = self.messages.iter().filter(|m| m.via_api).count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Moves every automatic message to the state its age gives it, and lets the customer
    /// answer what it has read.
    pub fn advance(&mut self, now: i64) {
        let step = i64::try_from(self.step.as_millis()).unwrap_or(i64::MAX);
        let mut replies = Vec::new();
        for m in self.messages.iter_mut().filter(|m| m.auto) {
            let age = now.saturating_sub(m.date_ins);
            let (state, since) = if age >= step.saturating_mul(2) {
                ("viewed", m.date_ins.saturating_add(step.saturating_mul(2)))
            } else if age >= step {
                ("delivered", m.date_ins.saturating_add(step))
            } else {
                ("sending", m.date_ins)
            };
            if m.state != state {
                m.state = state.to_owned();
                m.date_upd = since;
            }
            if let Some(customer) = &self.customer
                && state == "viewed"
                && !m.answered
                && now >= since.saturating_add(ms(customer.delay))
                && !customer.replies.is_empty()
            {
                m.answered = true;
                replies.push(m.phone.clone());
            }
        }
        for phone in replies {
            let Some(customer) = self.customer.clone() else {
                break;
            };
            let text = customer.replies[self.next_reply % customer.replies.len()].clone();
            self.next_reply += 1;
            self.push(incoming(&phone, &text, Some(customer.name.clone()), now));
        }
    }

    /// A message as the lists show it.
    pub fn wire(&self, m: &WammMessage, zone: &TimeZone) -> Value {
        let chat_name = self
            .book
            .get(&m.phone)
            .cloned()
            .or_else(|| m.chat_name.clone())
            .unwrap_or_else(|| m.phone.clone());
        json!({
            "msg_id": m.msg_id.to_string(),
            "from_me": if m.from_me { "1" } else { "0" },
            "phone": m.phone,
            "chat_name": chat_name,
            "tip_msg": m.tip_msg,
            "msg_text": m.text,
            "msg_link": m.link,
            "date_ins": wall(m.date_ins, zone),
            "date_upd": wall(m.date_upd, zone),
            "state": m.state,
        })
    }
}

pub(super) fn incoming(phone: &str, text: &str, name: Option<String>, at: i64) -> WammMessage {
    WammMessage {
        msg_id: 0,
        from_me: false,
        phone: phone.to_owned(),
        tip_msg: "textMessage".to_owned(),
        text: text.to_owned(),
        link: String::new(),
        date_ins: at,
        date_upd: at,
        state: "received".to_owned(),
        chat_name: name,
        auto: false,
        via_api: false,
        answered: false,
    }
}

/// `2021-01-24 19:52:00` in `zone`.
pub fn wall(ms: i64, zone: &TimeZone) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(t) => zone
            .to_datetime(t)
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => String::new(),
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

const NAMES: [&str; 8] = [
    "Олег Иванов",
    "Anna Petrova",
    "Мария Смирнова",
    "Ivan Sidorov",
    "Екатерина",
    "Dmitry K.",
    "Светлана Орлова",
    "Pavel",
];

/// The number of generated contact `c`.
pub fn history_phone(c: usize) -> String {
    format!("7900{:07}", 1_000 + c)
}

/// The name WAMM shows for generated contact `c`; every fifth has none (the number is shown).
pub fn history_name(c: usize) -> Option<String> {
    (c % 5 != 4).then(|| format!("{} {}", NAMES[c % NAMES.len()], c))
}

/// The text of generated message `k` with contact `c`; every seventh carries a smiley code.
pub fn history_text(c: usize, k: usize) -> String {
    if k % 7 == 3 {
        format!("Message {k} with contact {c} :sm16:")
    } else {
        format!("Message {k} with contact {c}")
    }
}

/// Whether generated message `k` with contact `c` was sent by the manager.
pub fn history_from_me(c: usize, k: usize) -> bool {
    (c + k).is_multiple_of(3)
}

/// `contacts` × `per_contact` messages, a minute apart and interleaved so that the newest
/// messages of the account touch every contact, the last a minute before `now` (the phone was
/// in use just now).
pub(super) fn generate(state: &mut State, contacts: usize, per_contact: usize, now: i64) {
    let total = i64::try_from(contacts * per_contact).unwrap_or(i64::MAX);
    let start = now - total.saturating_mul(60_000);
    let mut i = 0i64;
    for k in 0..per_contact {
        for c in 0..contacts {
            let at = start + i * 60_000;
            i += 1;
            let from_me = history_from_me(c, k);
            let mut m = incoming(&history_phone(c), &history_text(c, k), history_name(c), at);
            if from_me {
                m.from_me = true;
                m.state = "viewed".to_owned();
                m.date_upd = at + 30_000;
            }
            state.push(m);
        }
    }
}
