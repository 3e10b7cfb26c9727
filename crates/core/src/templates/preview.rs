//! The template form's preview and the check of a template message before it is queued: one
//! implementation, so that what the form says is what sending says.
//!
//! The rules every gateway shares (counts, empty values, the header's kind, the body's length)
//! are [`render::problems`]; what one gateway refuses in a value (Devino: no line breaks, tabs
//! or four spaces; Meta: the text header's 60 characters, a header file's https link) is that
//! gateway's own `Gateway::validate`, asked once per field so each problem lands on its field.

use std::sync::Arc;

use super::render::{self, Filled};
use super::{
    FieldProblem, HeaderKind, Template, TemplateDraft, TemplatePreview, TemplateSource,
    TemplateSpec, TemplateStatus, said,
};
use crate::access::Caller;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::gateway::{CatalogSource, Gateway, OutgoingMessage};
use crate::message::{ButtonKind, Content, TemplateButton, TemplateHeader};
use crate::phone::Phone;
use crate::phrase::Phrase;
use crate::store::{AccountRow, Db};

/// A value the gateway accepts in any parameter, to stand in for the others while one field
/// is asked about.
const HARMLESS: &str = "x";

/// The message `template` makes with these values.
fn message_of(template: &Template, filled: Filled<'_>) -> Content {
    Content::Template {
        id: template.gateway_id.clone(),
        params: filled.params.to_vec(),
        language: Some(template.language.clone()),
        header: filled.header.cloned(),
        buttons: filled.buttons.to_vec(),
        rendered: Some(Box::new(render::render(template, filled))),
    }
}

/// What `gateway` refuses of the message, field by field: the template alone (with harmless
/// values) first; then each body parameter, the header and each button with the others
/// harmless. Fields that already have a problem of ours are not asked about again.
fn gateway_problems(
    gateway: &dyn Gateway,
    to: &Phone,
    template: &Template,
    filled: Filled<'_>,
    ours: &[FieldProblem],
) -> Vec<FieldProblem> {
    let refuses =
        |params: &[String], header: Option<&TemplateHeader>, buttons: &[TemplateButton]| {
            let message = OutgoingMessage {
                our_id: String::new(),
                to: to.clone(),
                content: message_of(
                    template,
                    Filled {
                        params,
                        header,
                        buttons,
                    },
                ),
                callback_url: None,
            };
            gateway.validate(&message).err().map(|e| e.0)
        };
    let expected = template.expects.body as usize;
    let harmless: Vec<String> = vec![HARMLESS.to_owned(); expected];
    let mut out = Vec::new();
    if let Some(phrase) = refuses(&harmless, None, &[]) {
        // The template itself (its name, its language) is refused: values cannot help.
        if !ours.iter().any(|p| p.field == "template") {
            out.push(FieldProblem {
                field: "template".to_owned(),
                phrase,
            });
        }
        return out;
    }
    let has = |field: &str| ours.iter().any(|p| p.field == field);
    for (i, value) in filled.params.iter().enumerate().take(expected) {
        let field = format!("params.{i}");
        if has(&field) {
            continue;
        }
        let mut params = harmless.clone();
        params[i] = value.clone();
        if let Some(phrase) = refuses(&params, None, &[]) {
            out.push(FieldProblem { field, phrase });
        }
    }
    if let Some(header) = filled.header
        && !has("header")
        && let Some(phrase) = refuses(&harmless, Some(header), &[])
    {
        out.push(FieldProblem {
            field: "header".to_owned(),
            phrase,
        });
    }
    for button in filled.buttons {
        let field = format!("buttons.{}", button.index);
        if has(&field) {
            continue;
        }
        if let Some(phrase) = refuses(&harmless, None, std::slice::from_ref(button)) {
            out.push(FieldProblem { field, phrase });
        }
    }
    out
}

/// A customer's number for asking a gateway about a template: the rules asked never depend
/// on who receives it, but the message needs someone.
fn anyone() -> Phone {
    Phone::parse("+10000000000").unwrap_or_else(|_| unreachable!("a valid number"))
}

/// A stand-in for each value `template` takes, the gateway's rules permitting any of them.
fn stand_ins(template: &Template) -> (Vec<String>, Option<TemplateHeader>, Vec<TemplateButton>) {
    let params = vec![HARMLESS.to_owned(); template.expects.body as usize];
    let link = |file: &str| format!("https://example.com/{file}");
    let header = template.expects.header.and_then(|kind| match kind {
        HeaderKind::Text => Some(TemplateHeader::Text {
            text: HARMLESS.to_owned(),
        }),
        HeaderKind::Image => Some(TemplateHeader::Image { url: link("a.jpg") }),
        HeaderKind::Video => Some(TemplateHeader::Video { url: link("a.mp4") }),
        HeaderKind::Document => Some(TemplateHeader::Document {
            url: link("a.pdf"),
            name: None,
        }),
        HeaderKind::Location => None,
    });
    let buttons = template
        .expects
        .buttons
        .iter()
        .map(|&index| TemplateButton {
            index,
            sub_type: ButtonKind::Url,
            value: HARMLESS.to_owned(),
        })
        .collect();
    (params, header, buttons)
}

impl Engine {
    /// Everything wrong with `filled` for `template` on `account`: ours, then the gateway's.
    async fn template_problems(
        &self,
        account: &AccountRow,
        to: &Phone,
        template: &Template,
        filled: Filled<'_>,
    ) -> Result<Vec<FieldProblem>> {
        let mut problems = render::problems(template, filled);
        let gateway = self.gateway(account).await?;
        let more = gateway_problems(gateway.as_ref(), to, template, filled, &problems);
        problems.extend(more);
        Ok(problems)
    }

    /// What makes a registered template unsendable through `account`'s gateway whatever the
    /// values (Devino takes body parameters only: a header parameter or a link's suffix could
    /// never go out), so saving or importing it is refused up front rather than at the form.
    pub(crate) async fn unsendable(
        &self,
        account: &AccountRow,
        spec: &TemplateSpec,
    ) -> Result<Vec<Phrase>> {
        let template = Template::from_spec(
            0,
            account.id,
            TemplateSource::Registered,
            TemplateStatus::Approved,
            spec.category.unwrap_or_default(),
            spec.clone(),
            self.now(),
        );
        let (params, header, buttons) = stand_ins(&template);
        let filled = Filled {
            params: &params,
            header: header.as_ref(),
            buttons: &buttons,
        };
        let gateway = self.gateway(account).await?;
        let found = gateway_problems(gateway.as_ref(), &anyone(), &template, filled, &[]);
        Ok(found.into_iter().map(|p| p.phrase).collect())
    }

    pub async fn preview_template(
        &self,
        who: &Caller,
        req: TemplateDraft,
    ) -> Result<TemplatePreview> {
        let (account, _) = self.catalog_account(req.account_id).await?;
        let template = self.catalog_template(req.template_id).await?;
        if template.account_id != account.id {
            return Err(Error::NotFound(said::NOT_FOUND.phrase()));
        }
        let mut params = req.params;
        if let Some(conversation_id) = req.conversation_id {
            self.visible_conversation(who, conversation_id).await?;
            let values = self
                .contact_values(who, conversation_id, &template.params)
                .await?;
            params.resize(params.len().max(values.len()), String::new());
            for (param, value) in params.iter_mut().zip(values) {
                if param.trim().is_empty()
                    && let Some(value) = value
                {
                    *param = value;
                }
            }
        }
        let filled = Filled {
            params: &params,
            header: req.header.as_ref(),
            buttons: &req.buttons,
        };
        let problems = self
            .template_problems(&account, &anyone(), &template, filled)
            .await?;
        Ok(TemplatePreview {
            rendered: render::render(&template, filled),
            expects: template.expects.clone(),
            content: message_of(&template, filled),
            params: params.clone(),
            problems,
        })
    }

    /// Each mapped parameter's value from the conversation's contact card (none: unmapped or
    /// no value), as canned replies fill theirs.
    async fn contact_values(
        &self,
        who: &Caller,
        conversation_id: i64,
        sources: &[Option<String>],
    ) -> Result<Vec<Option<String>>> {
        let names: Vec<Option<String>> = sources.to_vec();
        let (contact, fields) = self
            .db
            .read(move |c| {
                let Some(cv) = Db::conversation(c, conversation_id)? else {
                    return Ok(None);
                };
                let fields = Db::contact_field_values(c, cv.contact.id)?;
                Ok(Some((cv.contact, fields)))
            })
            .await?
            .ok_or_else(|| Error::NotFound(crate::phrase::core::CONVERSATION_NOT_FOUND.phrase()))?;
        let operator = who.operator.name.clone();
        Ok(names
            .into_iter()
            .map(|source| {
                let source = source?.trim().to_lowercase();
                let value = match source.as_str() {
                    "contact.name" => contact.name.clone(),
                    "contact.phone" => Some(contact.phone.e164().to_owned()),
                    "operator.name" => Some(operator.clone()),
                    other => {
                        let key = other.strip_prefix("contact.")?;
                        fields
                            .iter()
                            .find(|f| f.field.key.eq_ignore_ascii_case(key))
                            .and_then(|f| f.value.clone())
                    }
                };
                value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
            })
            .collect())
    }

    /// A template message checked against the account's catalog and its gateway before it is
    /// queued, with what the customer will see filled in from the catalog (whatever the client
    /// sent as `rendered` is replaced). Other messages pass unchanged; so do templates of
    /// accounts without a catalog (gateways that send none refuse them in their own check),
    /// less any `rendered` a client made up.
    pub(crate) async fn checked_template(
        self: &Arc<Self>,
        account: &AccountRow,
        to: &Phone,
        content: Content,
    ) -> Result<Content> {
        let Content::Template {
            id,
            params,
            language,
            header,
            buttons,
            ..
        } = content
        else {
            return Ok(content);
        };
        let source = self
            .connector
            .capabilities(account.gateway)
            .map_or(CatalogSource::None, |c| c.template_catalog);
        let account_id = account.id;
        // An account with no catalog yet (nothing synced or registered) sends by the gateway's
        // ID with the gateway's checks alone, as before catalogs existed; once it has one, the
        // catalog decides.
        let no_catalog = source == CatalogSource::None
            || self
                .db
                .read(move |c| Db::template_count(c, account_id))
                .await?
                == 0;
        if no_catalog {
            return Ok(Content::Template {
                id,
                params,
                language,
                header,
                buttons,
                rendered: None,
            });
        }
        let sent_as = id.trim().to_owned();
        let candidates = self
            .db
            .read(move |c| Db::templates_sent_as(c, account_id, &sent_as))
            .await?;
        let default_language = account
            .options
            .get("language")
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let wanted = language.as_deref().map(str::trim).filter(|l| !l.is_empty());
        let template = match wanted.or(default_language) {
            Some(l) => candidates.into_iter().find(|t| t.language == l),
            // One language only: no doubt which is meant.
            None if candidates.len() == 1 => candidates.into_iter().next(),
            None => None,
        };
        let Some(template) = template else {
            return Err(Error::Invalid(
                said::NOT_IN_CATALOG
                    .with("name", id.trim())
                    .arg("language", wanted.or(default_language).unwrap_or("—"))
                    .into(),
            ));
        };
        let filled = Filled {
            params: &params,
            header: header.as_ref(),
            buttons: &buttons,
        };
        let problems = self
            .template_problems(account, to, &template, filled)
            .await?;
        if let Some(problem) = problems.into_iter().next() {
            return Err(Error::Invalid(problem.phrase.into()));
        }
        Ok(message_of(&template, filled))
    }
}
