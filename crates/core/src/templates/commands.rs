//! The templates' API commands, as methods of the engine.

use std::sync::Arc;

use super::{
    ImportOutcome, ImportProblem, ImportTemplates, SaveTemplate, Template, TemplateCatalog,
    TemplateExport, TemplateFile, TemplateQuery, TemplateRef, TemplateSource, TemplateSpec,
    TemplateStatus, said, spec,
};
use crate::access::Caller;
use crate::api::AccountRef;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::gateway::CatalogSource;
use crate::store::{AccountRow, Db};

fn not_found() -> Error {
    Error::NotFound(said::NOT_FOUND.phrase())
}

impl Engine {
    /// An account whose gateway sends templates, with where its catalog comes from; refused
    /// (with the gateway's name) for the others.
    pub(crate) async fn catalog_account(
        &self,
        account_id: i64,
    ) -> Result<(AccountRow, CatalogSource)> {
        let account = self.account_row(account_id).await?;
        let source = self
            .connector
            .capabilities(account.gateway)
            .ok_or_else(|| Error::no_adapter(account.gateway))?
            .template_catalog;
        if source == CatalogSource::None {
            return Err(Error::Unsupported(
                said::UNSUPPORTED.with("gateway", account.gateway.display_name()),
            ));
        }
        Ok((account, source))
    }

    /// An account whose templates are registered here: supervisors edit them.
    async fn registered_account(&self, account_id: i64) -> Result<AccountRow> {
        match self.catalog_account(account_id).await? {
            (account, CatalogSource::Registered) => Ok(account),
            (account, _) => Err(Error::Unsupported(
                said::SYNCED_READ_ONLY.with("gateway", account.gateway.display_name()),
            )),
        }
    }

    pub(crate) async fn catalog_template(&self, id: i64) -> Result<Template> {
        self.db
            .read(move |c| Db::template(c, id))
            .await?
            .ok_or_else(not_found)
    }

    pub async fn list_templates(
        &self,
        _who: &Caller,
        req: TemplateQuery,
    ) -> Result<TemplateCatalog> {
        let (account, source) = self.catalog_account(req.account_id).await?;
        let id = account.id;
        let (mut templates, sync) = self
            .db
            .read(move |c| Ok((Db::templates(c, id)?, Db::template_sync(c, id)?)))
            .await?;
        if let Some(words) = req
            .search
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
        {
            templates.retain(|t| {
                t.name.to_lowercase().contains(&words) || t.body.to_lowercase().contains(&words)
            });
        }
        let (synced_at, sync_error) = match sync {
            Some(row) => (row.synced_at, row.error),
            None => (None, None),
        };
        Ok(TemplateCatalog {
            account_id: id,
            source,
            templates,
            synced_at,
            sync_error,
        })
    }

    pub async fn save_template(
        self: &Arc<Self>,
        _who: &Caller,
        req: SaveTemplate,
    ) -> Result<Template> {
        let account = self.registered_account(req.account_id).await?;
        if let Some(id) = req.id {
            let before = self.catalog_template(id).await?;
            if before.account_id != account.id {
                return Err(not_found());
            }
        }
        let spec = spec::tidy(req.template);
        if let Some(problem) = spec::problems(&spec).into_iter().next() {
            return Err(Error::BadRequest(problem));
        }
        if let Some(problem) = self.unsendable(&account, &spec).await?.into_iter().next() {
            return Err(Error::BadRequest(problem));
        }
        let (account_id, id, now) = (account.id, req.id, self.now());
        let saved = self
            .db
            .transact(move |tx| {
                let taken = Db::template_id_named(tx, account_id, &spec.name, &spec.language)?;
                if taken.is_some_and(|t| Some(t) != id) {
                    return Ok(Err(Error::Conflict(
                        said::TAKEN
                            .with("name", &spec.name)
                            .arg("language", &spec.language),
                    )));
                }
                let category = spec.category.unwrap_or_default();
                let id = Db::save_template(
                    tx,
                    id,
                    account_id,
                    TemplateSource::Registered,
                    TemplateStatus::Approved,
                    category,
                    &spec,
                    now,
                )?;
                Ok(Db::template(tx, id)?.ok_or_else(not_found))
            })
            .await??;
        self.host.events.emit(&Event::Templates {
            account_id: account.id,
        });
        Ok(saved)
    }

    pub async fn delete_template(self: &Arc<Self>, _who: &Caller, req: TemplateRef) -> Result<()> {
        let template = self.catalog_template(req.template_id).await?;
        self.registered_account(template.account_id).await?;
        let id = template.id;
        if !self
            .db
            .transact(move |tx| Db::delete_template(tx, id))
            .await?
        {
            return Err(not_found());
        }
        self.host.events.emit(&Event::Templates {
            account_id: template.account_id,
        });
        Ok(())
    }

    /// All or nothing: every entry is checked first, and with any problem nothing is stored.
    /// Entries equal to a kept template (same name and language) change nothing.
    pub async fn import_templates(
        self: &Arc<Self>,
        _who: &Caller,
        req: ImportTemplates,
    ) -> Result<ImportOutcome> {
        let account = self.registered_account(req.account_id).await?;
        let entries = spec::read_file(&req.json).map_err(Error::BadRequest)?;
        let mut problems = Vec::new();
        let mut specs: Vec<TemplateSpec> = Vec::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let entry_no = i as u32 + 1;
            let spec = match entry {
                Ok(spec) => spec::tidy(spec),
                Err(phrase) => {
                    problems.push(ImportProblem {
                        entry: entry_no,
                        name: None,
                        language: None,
                        phrase,
                    });
                    continue;
                }
            };
            let mut found = spec::problems(&spec);
            if found.is_empty() {
                found = self.unsendable(&account, &spec).await?;
            }
            if specs
                .iter()
                .any(|s| s.name == spec.name && s.language == spec.language)
            {
                found.push(
                    said::IMPORT_TWICE
                        .with("name", &spec.name)
                        .arg("language", &spec.language),
                );
            }
            problems.extend(found.into_iter().map(|phrase| ImportProblem {
                entry: entry_no,
                name: Some(spec.name.clone()).filter(|n| !n.is_empty()),
                language: Some(spec.language.clone()).filter(|l| !l.is_empty()),
                phrase,
            }));
            specs.push(spec);
        }
        if !problems.is_empty() {
            return Ok(ImportOutcome {
                problems,
                ..ImportOutcome::default()
            });
        }
        let (account_id, now) = (account.id, self.now());
        let outcome = self
            .db
            .transact(move |tx| {
                let mut outcome = ImportOutcome::default();
                for spec in &specs {
                    let kept = Db::template_id_named(tx, account_id, &spec.name, &spec.language)?
                        .map(|id| Db::template(tx, id))
                        .transpose()?
                        .flatten();
                    let category = spec.category.unwrap_or_default();
                    match &kept {
                        Some(k) if k.category == category && same(&k.spec(), spec) => {
                            outcome.unchanged += 1;
                            continue;
                        }
                        Some(_) => outcome.updated += 1,
                        None => outcome.added += 1,
                    }
                    Db::save_template(
                        tx,
                        kept.map(|k| k.id),
                        account_id,
                        TemplateSource::Registered,
                        TemplateStatus::Approved,
                        category,
                        spec,
                        now,
                    )?;
                }
                Ok(outcome)
            })
            .await?;
        if outcome.added + outcome.updated > 0 {
            self.host.events.emit(&Event::Templates { account_id });
        }
        Ok(outcome)
    }

    /// The account's templates as the JSON file [`Engine::import_templates`] reads.
    pub async fn export_templates(&self, _who: &Caller, req: AccountRef) -> Result<TemplateExport> {
        let (account, _) = self.catalog_account(req.account_id).await?;
        let id = account.id;
        let templates = self.db.read(move |c| Db::templates(c, id)).await?;
        let file = TemplateFile {
            templates: templates.iter().map(Template::spec).collect(),
        };
        let json = serde_json::to_string_pretty(&file).map_err(crate::error::Error::internal)?;
        let slug: String = account
            .name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        Ok(TemplateExport {
            name: format!("templates-{}.json", slug.trim_matches('-')),
            mime: "application/json".to_owned(),
            json: json + "\n",
        })
    }
}

/// Whether two specs are the same template, the category compared apart (absent in a file
/// means the default).
fn same(kept: &TemplateSpec, entry: &TemplateSpec) -> bool {
    TemplateSpec {
        category: None,
        ..kept.clone()
    } == TemplateSpec {
        category: None,
        ..entry.clone()
    }
}
