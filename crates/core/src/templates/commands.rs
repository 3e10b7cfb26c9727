//! The templates' API commands, as methods of the engine.

use std::sync::Arc;

use super::{
    ImportOutcome, ImportTemplates, SaveTemplate, Template, TemplateCatalog, TemplateDraft,
    TemplateExport, TemplatePreview, TemplateQuery, TemplateRef, TemplateSync,
};
use crate::access::Caller;
use crate::api::AccountRef;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::phrase::VERBATIM;

/// Phase one of the templates' work declares the commands; their bodies follow.
fn not_yet() -> Error {
    Error::Unsupported(VERBATIM.with("text", "templates: not implemented yet"))
}

impl Engine {
    pub async fn list_templates(
        &self,
        _who: &Caller,
        _req: TemplateQuery,
    ) -> Result<TemplateCatalog> {
        Err(not_yet())
    }

    pub async fn save_template(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SaveTemplate,
    ) -> Result<Template> {
        Err(not_yet())
    }

    pub async fn delete_template(self: &Arc<Self>, _who: &Caller, _req: TemplateRef) -> Result<()> {
        Err(not_yet())
    }

    pub async fn import_templates(
        self: &Arc<Self>,
        _who: &Caller,
        _req: ImportTemplates,
    ) -> Result<ImportOutcome> {
        Err(not_yet())
    }

    pub async fn export_templates(
        &self,
        _who: &Caller,
        _req: AccountRef,
    ) -> Result<TemplateExport> {
        Err(not_yet())
    }

    pub async fn sync_templates(
        self: &Arc<Self>,
        _who: &Caller,
        _req: AccountRef,
    ) -> Result<TemplateSync> {
        Err(not_yet())
    }

    pub async fn preview_template(
        &self,
        _who: &Caller,
        _req: TemplateDraft,
    ) -> Result<TemplatePreview> {
        Err(not_yet())
    }
}
