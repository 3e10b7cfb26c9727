-- Search-as-you-type sends the last word as a prefix. FTS5 answers a prefix by merging the
-- lists of every term it covers before returning the first row (half a second at 5 000 000
-- messages for "hel"), while one whole term, or an OR of a few, streams newest first and
-- stops at the limit. So search expands a prefix into the whole terms it covers, from this
-- list of every term messages_fts has indexed (terms of deleted messages may linger: an
-- expansion to a term without messages finds nothing more).
CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

-- The terms come from SQLite's own tokenizer, configured as messages_fts's, so the list holds
-- exactly the index's terms (no second tokenizer to drift). A new message's text goes to this
-- stage, whose vocabulary is moved into search_terms every 256th message: harvesting per
-- message (a vocabulary read and a 'delete-all' each) would make ingest several times slower.
-- Until then search reads the stage's few terms as well.
CREATE VIRTUAL TABLE search_terms_stage USING fts5 (
    body, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_terms_stage_vocab USING fts5vocab (search_terms_stage, 'row');

CREATE TRIGGER search_terms_stage_insert AFTER INSERT ON messages BEGIN
    INSERT INTO search_terms_stage (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_terms_stage_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO search_terms_stage (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_terms_harvest AFTER INSERT ON messages WHEN new.id % 256 = 0 BEGIN
    INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_terms_stage_vocab;
    INSERT INTO search_terms_stage (search_terms_stage) VALUES ('delete-all');
END;

-- The backfill: every term already indexed (seconds at 5 000 000 messages: it walks the index).
CREATE VIRTUAL TABLE temp.search_terms_backfill USING fts5vocab (main, messages_fts, 'row');
INSERT INTO search_terms (term) SELECT term FROM temp.search_terms_backfill;
DROP TABLE temp.search_terms_backfill;
