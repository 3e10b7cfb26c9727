//! Numbered migrations, applied in order inside one transaction each; `user_version` records
//! how far a database file has come.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_sync.sql"),
    include_str!("migrations/003_contact_names.sql"),
    include_str!("migrations/004_observed_statuses.sql"),
    include_str!("migrations/005_media.sql"),
    include_str!("migrations/006_send_states.sql"),
    include_str!("migrations/007_plausible_times.sql"),
    include_str!("migrations/008_webhook_token_rotation.sql"),
    include_str!("migrations/009_orphan_age.sql"),
    include_str!("migrations/010_team.sql"),
    include_str!("migrations/011_operator_changes.sql"),
    include_str!("migrations/012_conversation_states.sql"),
    include_str!("migrations/013_team_tools.sql"),
    include_str!("migrations/014_views.sql"),
    include_str!("migrations/015_audit_reviews.sql"),
    include_str!("migrations/016_reports.sql"),
    include_str!("migrations/017_report_resolutions.sql"),
    include_str!("migrations/018_templates.sql"),
    include_str!("migrations/019_search_terms.sql"),
];

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(StoreError::TooNew {
            path: path.display().to_string(),
            found,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // IMMEDIATE: two processes starting at once must not both apply the same migration.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{MIGRATIONS, migrate};

    /// A database as schema 5 left it, with one send that was cut short.
    fn schema_5_with_an_unconfirmed_send() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, name, gateway, sender, base_url, webhook_token, secret_ref, created_at)
                 VALUES (1, 'Shop', 'devino', 'Shop', '', 't', 's', 0);
             INSERT INTO contacts (id, phone) VALUES (1, '+79000000001');
             INSERT INTO conversations (id, account_id, contact_id, last_activity) VALUES (1, 1, 1, 0);
             INSERT INTO messages (id, uid, conversation_id, account_id, direction, kind, body, content,
                                   sort_ts, received_at, status, error_code, error_reason)
                 VALUES (1, 'u1', 1, 1, 'out', 'text', 'hi', '{}', 0, 0, 'queued',
                         'unconfirmed', 'Switchboard stopped while sending');
             INSERT INTO outbox (message_id, account_id, state, attempts, next_attempt_at, enqueued_at)
                 VALUES (1, 1, 'unconfirmed', 1, 0, 0);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn unconfirmed_moves_from_the_error_code_to_the_outbox_state_alone() {
        let mut conn = schema_5_with_an_unconfirmed_send();
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let (state, code): (String, Option<String>) = conn
            .query_row(
                "SELECT o.state, m.error_code FROM outbox o JOIN messages m ON m.id = o.message_id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(state, "unconfirmed", "the rebuilt outbox keeps its rows");
        assert_eq!(
            code, None,
            "the state says it; the error code no longer does"
        );
        conn.execute("UPDATE outbox SET state = 'discarded'", [])
            .expect("the rebuilt table takes the new state");
        conn.execute(
            "INSERT INTO outbox_pauses (account_id, paused_until, reason, since) VALUES (1, 5, 'x', 0)",
            [],
        )
        .expect("pauses are kept");
        conn.execute("DELETE FROM accounts", [])
            .expect("and go with their account");
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM outbox_pauses", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn a_forged_far_future_time_stored_earlier_is_brought_back_to_its_arrival() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        // 2026: a message that claimed the year 2100, read; then a real one, not read.
        let (now, forged) = (1_767_225_600_000_i64, 4_102_444_800_000_i64);
        conn.execute_batch(&format!(
            "INSERT INTO accounts (id, name, gateway, sender, base_url, webhook_token, secret_ref, created_at)
                 VALUES (1, 'Shop', 'devino', 'Shop', '', 't', 's', 0);
             INSERT INTO contacts (id, phone, name, name_at) VALUES (1, '+79000000001', 'Forged', {forged});
             INSERT INTO conversations (id, account_id, contact_id, last_activity, unread, read_upto, last_customer_at)
                 VALUES (1, 1, 1, {forged}, 0, {forged}, {forged});
             INSERT INTO messages (id, uid, conversation_id, account_id, direction, kind, body, content,
                                   sort_ts, received_at, status)
                 VALUES (1, 'u1', 1, 1, 'in', 'text', 'forged', '{{}}', {forged}, {now}, 'received'),
                        (2, 'u2', 1, 1, 'in', 'text', 'real', '{{}}', {now} + 1000, {now} + 1000, 'received');"
        ))
        .unwrap();
        let mut conn = conn;
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let (sort_ts, last_activity, read_upto, last_customer_at): (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT m.sort_ts, c.last_activity, c.read_upto, c.last_customer_at
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(sort_ts, now, "the forged message takes the time it arrived");
        assert_eq!(last_activity, now + 1000, "the real message leads again");
        assert_eq!(last_customer_at, now + 1000);
        assert_eq!(
            read_upto,
            now + 1000,
            "what counted as read stays so (the unread count agrees); later messages count again"
        );
        let name_at: i64 = conn
            .query_row("SELECT name_at FROM contacts", [], |r| r.get(0))
            .unwrap();
        assert!(name_at < forged, "a newer profile name can win again");
    }

    /// A team's data from before teams: the local operator's unread counts, the answered
    /// state and the statuses carry over.
    #[test]
    fn a_solo_inbox_becomes_a_teams_with_its_counts_and_statuses() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..9] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 9).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, name, gateway, sender, base_url, webhook_token, secret_ref, created_at)
                 VALUES (1, 'Shop', 'devino', 'Shop', '', 't', 's', 0);
             INSERT INTO contacts (id, phone) VALUES (1, '+79000000001');
             INSERT INTO conversations (id, account_id, contact_id, last_activity, unread, read_upto, last_customer_at, status)
                 VALUES (1, 1, 1, 30, 1, 10, 30, 'resolved');
             INSERT INTO messages (id, uid, conversation_id, account_id, direction, kind, body, content,
                                   sort_ts, received_at, status)
                 VALUES (1, 'u1', 1, 1, 'in', 'text', 'a', '{}', 10, 10, 'received'),
                        (2, 'u2', 1, 1, 'out', 'text', 'b', '{}', 20, 20, 'sent'),
                        (3, 'u3', 1, 1, 'in', 'text', 'c', '{}', 30, 30, 'received');",
        )
        .unwrap();
        let mut conn = conn;
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let (incoming, last_reply, state): (i64, i64, String) = conn
            .query_row(
                "SELECT incoming_count, last_reply_at, state FROM conversations WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((incoming, last_reply), (2, 20));
        assert_eq!(state, "resolved");
        let read: i64 = conn
            .query_row(
                "SELECT read_count FROM reads WHERE operator_id = 1 AND conversation_id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            incoming - read,
            1,
            "the local operator still has one unread"
        );
    }
}
