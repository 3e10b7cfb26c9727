//! Seeds a data directory's database with a long history before `switchboard serve` starts on
//! it, for the browser tests (tests/browser/search.mjs): a test tool, not a product command.
//!
//!   seed-history DB_PATH MESSAGES CONVERSATIONS [INDEX=TEXT …]
//!
//! Writes through the core's own ingest (contacts, conversations, the full-text index), in
//! transactions of 2 000 messages, on the database's sandbox account (start `serve --sandbox`
//! on the directory once first, so it exists). Customer `c` is «Клиент c» on +7903{c:07};
//! message `i` goes to customer `i % CONVERSATIONS`, one second after message `i - 1`, the
//! newest a minute ago, and says «здравствуйте, номер i, заказ i % 97» unless an `INDEX=TEXT`
//! argument gives its text. The text is Russian so a Russian screen showing it stays Russian.

use std::path::PathBuf;
use std::process::ExitCode;

use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::store::Db;
use switchboard_core::time::Timestamp;

const BATCH: usize = 2000;

struct Plan {
    db: PathBuf,
    messages: usize,
    conversations: usize,
    said: Vec<(usize, String)>,
}

fn plan() -> Result<Plan, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: seed-history DB_PATH MESSAGES CONVERSATIONS [INDEX=TEXT …]";
    let [db, messages, conversations, said @ ..] = args.as_slice() else {
        return Err(usage.into());
    };
    let number = |s: &str| {
        s.parse::<usize>()
            .map_err(|e| format!("{s}: {e} ({usage})"))
    };
    let said = said
        .iter()
        .map(|arg| {
            let (index, text) = arg.split_once('=').ok_or(usage)?;
            Ok((number(index)?, text.to_owned()))
        })
        .collect::<Result<_, String>>()?;
    let conversations = number(conversations)?.max(1);
    Ok(Plan {
        db: PathBuf::from(db),
        messages: number(messages)?,
        conversations,
        said,
    })
}

fn event(plan: &Plan, i: usize, newest: i64) -> Result<IngestEvent, String> {
    let c = i % plan.conversations;
    let text = plan.said.iter().find(|(at, _)| *at == i).map_or_else(
        || format!("здравствуйте, номер {i}, заказ {}", i % 97),
        |(_, t)| t.clone(),
    );
    Ok(IngestEvent::Message(GatewayMessage {
        gateway_message_id: format!("seed-{i}"),
        direction: if i.is_multiple_of(3) {
            Direction::Out
        } else {
            Direction::In
        },
        phone: Phone::parse(&format!("+7903{c:07}")).map_err(|e| e.to_string())?,
        profile_name: Some(format!("Клиент {c}")),
        content: Content::Text { text },
        at: Timestamp::from_millis(newest - (plan.messages - 1 - i) as i64 * 1000),
        status: None,
    }))
}

async fn seed(plan: Plan) -> Result<(), String> {
    let db = Db::open(&plan.db).map_err(|e| e.to_string())?;
    let account = db
        .read(Db::accounts)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|a| a.sandbox)
        .ok_or("no sandbox account: start `switchboard serve --sandbox` on the directory once")?;
    let newest = Timestamp::now().as_millis() - 60_000;
    let mut i = 0;
    while i < plan.messages {
        let batch = (i..(i + BATCH).min(plan.messages))
            .map(|n| event(&plan, n, newest))
            .collect::<Result<Vec<_>, _>>()?;
        let now = Timestamp::now();
        db.transact(move |tx| {
            Db::ingest(tx, account.id, &batch, now)?;
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;
        i += BATCH;
    }
    println!(
        "seeded {} messages in {} conversations",
        plan.messages, plan.conversations
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match plan() {
        Ok(plan) => seed(plan).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seed-history: {e}");
            ExitCode::FAILURE
        }
    }
}
