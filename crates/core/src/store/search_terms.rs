//! Search's word list: a prefix typed as the last word expanded into the whole indexed words
//! it covers (`search_terms`, migration 019), for message search and the list's search box.

use rusqlite::{Connection, params};

use super::Result;

/// The most whole terms a prefix is expanded into; a prefix covering more (a digit or two of
/// the numbers in the messages) goes to FTS5 as typed.
const PREFIX_TERMS: usize = 64;

pub(super) enum Expansion {
    /// The words, the last one's prefix as an OR of the whole terms it covers.
    Query(String),
    /// No indexed term starts with the prefix: nothing matches.
    Nothing,
    /// The query [`crate::views::SearchTerms`] made.
    AsTyped,
}

/// The FTS5 query for `text` with the last word's prefix expanded into whole terms from
/// `search_terms` (see migration 019): FTS5 merges the lists of every term a prefix covers
/// before its first row, while an OR of whole terms streams newest first and stops at the
/// limit. Only for a last word FTS5 reads as one token folded the way `to_lowercase` folds it
/// (ASCII letters and digits, the Russian alphabet — `unicode61 remove_diacritics 2` keeps ё
/// and й): for anything else the prefix goes as typed, so the matches are always the same.
pub(super) fn expanded(conn: &Connection, text: &str) -> Result<Expansion> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some((last, before)) = words.split_last() else {
        return Ok(Expansion::AsTyped);
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, 'А'..='я' | 'Ё' | 'ё');
    if !last.chars().all(plain) {
        return Ok(Expansion::AsTyped);
    }
    let prefix = last.to_lowercase();
    // Terms starting with the prefix: from the prefix up to (not including) the prefix with
    // its last character's successor (UTF-8 sorts as code points; none here is the last one).
    let mut end: Vec<char> = prefix.chars().collect();
    let Some(next) = end.last().and_then(|c| char::from_u32(*c as u32 + 1)) else {
        return Ok(Expansion::AsTyped);
    };
    *end.last_mut().expect("a character") = next;
    let end: String = end.into_iter().collect();
    let mut stmt = conn.prepare_cached(
        "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2
         UNION SELECT term FROM search_terms_stage_vocab WHERE term >= ?1 AND term < ?2
         LIMIT ?3",
    )?;
    let terms = stmt
        .query_map(params![prefix, end, PREFIX_TERMS as i64 + 1], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if terms.is_empty() {
        return Ok(Expansion::Nothing);
    }
    if terms.len() > PREFIX_TERMS {
        return Ok(Expansion::AsTyped);
    }
    let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    // FTS5 has no implicit AND before a parenthesis: every part joined by AND.
    let mut parts: Vec<String> = before.iter().map(|w| quoted(w)).collect();
    let any: Vec<String> = terms.iter().map(|t| quoted(t)).collect();
    parts.push(format!("({})", any.join(" OR ")));
    Ok(Expansion::Query(parts.join(" AND ")))
}

#[cfg(test)]
mod prefix_tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use rusqlite::{Connection, params};

    use super::{Expansion, expanded};

    /// Migrated, with one conversation to write messages into.
    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        super::super::schema::migrate(&mut conn, Path::new(":memory:")).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, name, gateway, sender, base_url, webhook_token, secret_ref, created_at)
                 VALUES (1, 'Shop', 'devino', 'Shop', '', 't', 's', 0);
             INSERT INTO contacts (id, phone) VALUES (1, '+79000000001');
             INSERT INTO conversations (id, account_id, contact_id, last_activity) VALUES (1, 1, 1, 0);",
        )
        .unwrap();
        conn
    }

    fn write(conn: &Connection, id: i64, body: &str) {
        conn.execute(
            "INSERT INTO messages (id, uid, conversation_id, account_id, direction, kind, body,
                                   content, sort_ts, received_at, status)
             VALUES (?1, 'u' || ?1, 1, 1, 'in', 'text', ?2, '{}', ?1, ?1, 'received')",
            params![id, body],
        )
        .unwrap();
    }

    const BODIES: &[&str] = &[
        "Hello there, about the order 12",
        "help! HELLO again, order 120 and 1200",
        "Привет, заказ номер 7 готов",
        "ПРИВЕТСТВУЮ, Ёлка и йогурт, ещё заказ",
        "café naïve Ångström résumé",
        "phone +7 (900) 050-00-12, 8 900 050 00 13",
        "orders ordinal ORDNANCE",
    ];

    fn terms(conn: &Connection, sql: &str) -> BTreeSet<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn fts(conn: &Connection, q: &str) -> Vec<i64> {
        let mut stmt = conn
            .prepare(
                "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC",
            )
            .unwrap();
        stmt.query_map([q], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_term_list_holds_every_indexed_term_past_harvests_and_edits() {
        let conn = db();
        for id in 1..=600 {
            write(&conn, id, BODIES[id as usize % BODIES.len()]);
        }
        write(&conn, 601, "only once: zanzibar");
        conn.execute(
            "UPDATE messages SET body = 'edited to quixotic' WHERE id = 3",
            [],
        )
        .unwrap();
        let harvested = terms(&conn, "SELECT term FROM search_terms");
        assert!(
            harvested.contains("привет"),
            "moved out of the stage at 256 and 512"
        );
        let listed: BTreeSet<String> = harvested
            .union(&terms(&conn, "SELECT term FROM search_terms_stage_vocab"))
            .cloned()
            .collect();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE temp.indexed USING fts5vocab (main, messages_fts, 'row')",
        )
        .unwrap();
        let indexed = terms(&conn, "SELECT term FROM temp.indexed");
        assert!(indexed.contains("quixotic") && indexed.contains("zanzibar"));
        assert_eq!(
            indexed.difference(&listed).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "every term the index has, SQLite's tokenizer deciding"
        );
    }

    #[test]
    fn an_expanded_prefix_matches_what_the_prefix_matched() {
        let conn = db();
        for id in 1..=300 {
            write(&conn, id, BODIES[id as usize % BODIES.len()]);
        }
        let mut expanded_any = 0;
        for typed in [
            "h",
            "hel",
            "HEL",
            "hello",
            "help",
            "ord",
            "ORD",
            "order 12",
            "about ord",
            "1",
            "12",
            "при",
            "ПРИВ",
            "привет",
            "ёл",
            "Ёл",
            "йо",
            "caf",
            "CAF",
            "ang",
            "resu",
            "050-00",
            "+7",
            "zzz",
            "привет зак",
            "hello ёл",
            "naï",
        ] {
            let q = crate::views::SearchTerms::parse(typed)
                .and_then(|t| t.messages)
                .unwrap();
            let before = fts(&conn, &q);
            let now = match expanded(&conn, typed).unwrap() {
                Expansion::Query(q) => {
                    expanded_any += 1;
                    fts(&conn, &q)
                }
                Expansion::Nothing => Vec::new(),
                Expansion::AsTyped => before.clone(),
            };
            assert_eq!(now, before, "{typed:?}");
        }
        assert!(
            expanded_any >= 15,
            "the plain prefixes are expanded: {expanded_any}"
        );
        assert!(matches!(
            expanded(&conn, "zzz").unwrap(),
            Expansion::Nothing
        ));
        assert!(matches!(
            expanded(&conn, "050-00").unwrap(),
            Expansion::AsTyped
        ));
    }
}
