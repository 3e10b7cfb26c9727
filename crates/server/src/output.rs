//! Human-readable CLI output (`--json` prints the API's own shapes instead).

use switchboard_core::account::Account;
use switchboard_core::api::Thread;
use switchboard_core::conversation::Conversation;
use switchboard_core::message::{Direction, Message};
use switchboard_core::store::SearchHit;

fn who(c: &switchboard_core::conversation::Contact) -> String {
    match &c.name {
        Some(n) => format!("{n} ({})", c.phone),
        None => c.phone.to_string(),
    }
}

pub fn accounts(accounts: &[Account]) {
    if accounts.is_empty() {
        println!(
            "no accounts yet: `switchboard account add` one, or run `switchboard serve` for the sandbox"
        );
    }
    for a in accounts {
        let sandbox = if a.sandbox { "  [SANDBOX]" } else { "" };
        println!(
            "{:<28} {:<18} sender {:<16} {}{sandbox}",
            a.name,
            a.gateway.display_name(),
            a.sender,
            a.base_url
        );
    }
}

pub fn conversations(list: &[Conversation]) {
    for c in list {
        let unread = if c.unread > 0 {
            format!(" [{} unread]", c.unread)
        } else {
            String::new()
        };
        let last = c
            .last_message
            .as_ref()
            .map_or(String::new(), |m| m.text.chars().take(60).collect());
        println!(
            "{}  {}  via {}{unread}\n    {last}",
            c.last_activity.rfc3339(),
            who(&c.contact),
            c.account_name
        );
    }
}

pub fn message_line(m: &Message) {
    let arrow = match m.direction {
        Direction::In => "<-",
        Direction::Out => "->",
    };
    let error = m
        .error
        .as_ref()
        .map_or(String::new(), |e| format!("  ({})", e.message));
    println!(
        "{} {arrow} [{}] {}{error}",
        m.timestamp.rfc3339(),
        m.status,
        m.text
    );
}

pub fn thread(t: &Thread) {
    println!(
        "{} via {}",
        who(&t.conversation.contact),
        t.conversation.account_name
    );
    for m in &t.messages {
        message_line(m);
    }
}

pub fn search(hits: &[SearchHit]) {
    for h in hits {
        println!(
            "{}  {}: {}",
            h.message.timestamp.rfc3339(),
            who(&h.contact),
            h.snippet
        );
    }
}
