//! Phrases in columns: stored as their JSON, so what a gateway said is kept with its key and
//! arguments and shown later in the reader's language.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::phrase::Phrase;

impl ToSql for Phrase {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let json = serde_json::to_string(self)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(ToSqlOutput::from(json))
    }
}

impl FromSql for Phrase {
    /// Text stored before phrases existed (English sentences) reads as verbatim words, so an
    /// old database still opens and shows them.
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Ok(serde_json::from_str(text).unwrap_or_else(|_| Phrase::verbatim(text)))
    }
}

#[cfg(test)]
mod tests {
    use crate::phrase::core as said;
    use rusqlite::Connection;

    #[test]
    fn phrases_round_trip_and_old_text_reads_as_verbatim() {
        let c = Connection::open_in_memory().unwrap();
        let p = said::CONTACT_NAME_TOO_LONG.with("max", 250);
        let back: super::Phrase = c.query_row("SELECT ?1", [&p], |r| r.get(0)).unwrap();
        assert_eq!(back, p);
        let old: super::Phrase = c
            .query_row("SELECT 'Devino says the phone number is wrong'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(old.key, "verbatim");
        assert_eq!(old.text, "Devino says the phone number is wrong");
    }
}
