//! Each account's message templates, and how the last refresh from the gateway went.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result, StoreError};
use crate::phrase::Phrase;
use crate::templates::{
    ListedTemplate, Template, TemplateCategory, TemplateSource, TemplateSpec, TemplateStatus,
};
use crate::time::Timestamp;

const COLUMNS: &str =
    "id, account_id, source, name, language, gateway_id, category, status, spec, updated_at";

/// A row as read, before its JSON is.
struct Raw {
    id: i64,
    account_id: i64,
    source: String,
    category: String,
    status: String,
    spec: String,
    updated_at: i64,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        account_id: r.get(1)?,
        source: r.get(2)?,
        category: r.get(6)?,
        status: r.get(7)?,
        spec: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

fn template(raw: Raw) -> Result<Template> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("template {}: {what}", raw.id));
    let spec: TemplateSpec =
        serde_json::from_str(&raw.spec).map_err(|e| corrupt(&e.to_string()))?;
    let source = TemplateSource::from_column(&raw.source).ok_or_else(|| corrupt("source"))?;
    Ok(Template::from_spec(
        raw.id,
        raw.account_id,
        source,
        TemplateStatus::from_column(&raw.status),
        TemplateCategory::from_column(&raw.category),
        spec,
        Timestamp::from_millis(raw.updated_at),
    ))
}

fn spec_json(spec: &TemplateSpec) -> Result<String> {
    serde_json::to_string(spec).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn collect(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(args, raw)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(template).collect()
}

/// A listed template as the catalog would give it back, to compare with the one kept.
fn normalized(kept: &Template, listed: &ListedTemplate) -> TemplateSpec {
    Template::from_spec(
        kept.id,
        kept.account_id,
        kept.source,
        listed.status,
        listed.category,
        listed.spec.clone(),
        kept.updated_at,
    )
    .spec()
}

/// How an account's refreshes from the gateway went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateSyncRow {
    /// The last refresh that succeeded.
    pub synced_at: Option<Timestamp>,
    pub attempted_at: Timestamp,
    /// Why the last attempt failed, when it did.
    pub error: Option<Phrase>,
}

/// What a refresh changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replaced {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
}

impl Db {
    /// An account's templates by name, then language.
    pub fn templates(conn: &Connection, account_id: i64) -> Result<Vec<Template>> {
        collect(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM templates WHERE account_id = ?1
                 ORDER BY name COLLATE NOCASE, language, id"
            ),
            [account_id],
        )
    }

    /// How many templates the account's catalog holds.
    pub fn template_count(conn: &Connection, account_id: i64) -> Result<u32> {
        Ok(conn
            .prepare_cached("SELECT count(*) FROM templates WHERE account_id = ?1")?
            .query_row([account_id], |r| r.get(0))?)
    }

    pub fn template(conn: &Connection, id: i64) -> Result<Option<Template>> {
        let raw = conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM templates WHERE id = ?1"))?
            .query_row([id], raw)
            .optional()?;
        raw.map(template).transpose()
    }

    /// The templates messages name `gateway_id` (one per language).
    pub fn templates_sent_as(
        conn: &Connection,
        account_id: i64,
        gateway_id: &str,
    ) -> Result<Vec<Template>> {
        collect(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM templates WHERE account_id = ?1 AND gateway_id = ?2
                 ORDER BY language, id"
            ),
            params![account_id, gateway_id],
        )
    }

    /// The id of the account's template `name` in `language`.
    pub fn template_id_named(
        conn: &Connection,
        account_id: i64,
        name: &str,
        language: &str,
    ) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(
                "SELECT id FROM templates WHERE account_id = ?1 AND name = ?2 AND language = ?3",
            )?
            .query_row(params![account_id, name, language], |r| r.get(0))
            .optional()?)
    }

    /// Stores a new template (`id` none) or changes one; its id.
    #[allow(clippy::too_many_arguments)]
    pub fn save_template(
        conn: &Connection,
        id: Option<i64>,
        account_id: i64,
        source: TemplateSource,
        status: TemplateStatus,
        category: TemplateCategory,
        spec: &TemplateSpec,
        at: Timestamp,
    ) -> Result<i64> {
        let json = spec_json(spec)?;
        let gateway_id = spec.sent_as();
        Ok(match id {
            None => conn
                .prepare_cached(
                    "INSERT INTO templates (account_id, source, name, language, gateway_id,
                         category, status, spec, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                )?
                .query_row(
                    params![
                        account_id,
                        source.column(),
                        spec.name,
                        spec.language,
                        gateway_id,
                        category.column(),
                        status.column(),
                        json,
                        at.as_millis()
                    ],
                    |r| r.get(0),
                )?,
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE templates SET name = ?2, language = ?3, gateway_id = ?4,
                         category = ?5, status = ?6, spec = ?7, updated_at = ?8
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    spec.name,
                    spec.language,
                    gateway_id,
                    category.column(),
                    status.column(),
                    json,
                    at.as_millis()
                ])?;
                id
            }
        })
    }

    pub fn delete_template(conn: &Connection, id: i64) -> Result<bool> {
        Ok(conn
            .prepare_cached("DELETE FROM templates WHERE id = ?1")?
            .execute([id])?
            > 0)
    }

    /// Makes the account's synced templates exactly `listed`: new ones added, changed ones
    /// updated (keeping their ids), the ones no longer listed removed.
    pub fn replace_synced_templates(
        conn: &Connection,
        account_id: i64,
        listed: &[ListedTemplate],
        at: Timestamp,
    ) -> Result<Replaced> {
        let kept = Self::templates(conn, account_id)?;
        let mut out = Replaced::default();
        let mut seen = std::collections::HashSet::new();
        for t in listed {
            let key = (t.spec.name.as_str(), t.spec.language.as_str());
            if !seen.insert(key) {
                continue;
            }
            let before = kept
                .iter()
                .find(|k| k.name == t.spec.name && k.language == t.spec.language);
            match before {
                None => out.added += 1,
                Some(k) if k.status == t.status && k.spec() == normalized(k, t) => continue,
                Some(_) => out.updated += 1,
            }
            Self::save_template(
                conn,
                before.map(|k| k.id),
                account_id,
                TemplateSource::Synced,
                t.status,
                t.category,
                &t.spec,
                at,
            )?;
        }
        for k in &kept {
            let listed = seen.contains(&(k.name.as_str(), k.language.as_str()));
            if k.source == TemplateSource::Synced && !listed {
                Self::delete_template(conn, k.id)?;
                out.removed += 1;
            }
        }
        Ok(out)
    }

    /// The last successful refresh, the last attempt, and why it failed (when it did).
    pub fn template_sync(conn: &Connection, account_id: i64) -> Result<Option<TemplateSyncRow>> {
        Ok(conn
            .prepare_cached(
                "SELECT synced_at, attempted_at, error FROM template_syncs WHERE account_id = ?1",
            )?
            .query_row([account_id], |r| {
                Ok(TemplateSyncRow {
                    synced_at: r.get::<_, Option<i64>>(0)?.map(Timestamp::from_millis),
                    attempted_at: Timestamp::from_millis(r.get(1)?),
                    error: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Records a refresh: done at `at` (no error), or failed with `error` (the last success
    /// stays as it was).
    pub fn record_template_sync(
        conn: &Connection,
        account_id: i64,
        at: Timestamp,
        error: Option<&Phrase>,
    ) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO template_syncs (account_id, synced_at, attempted_at, error)
             VALUES (?1, CASE WHEN ?3 IS NULL THEN ?2 END, ?2, ?3)
             ON CONFLICT (account_id) DO UPDATE SET
                 synced_at = CASE WHEN ?3 IS NULL THEN ?2 ELSE synced_at END,
                 attempted_at = ?2,
                 error = ?3",
        )?
        .execute(params![account_id, at.as_millis(), error])?;
        Ok(())
    }
}
