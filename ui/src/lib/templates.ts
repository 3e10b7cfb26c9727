// Template messages in the UI: finding one in an account's catalog, the form's fields as the
// template declares them (`expects`, derived by the server), the draft the preview is asked
// about, and where the server's problems go. Rendering and validation stay on the server
// (preview_template): nothing here counts placeholders or judges a value.
import type { Capabilities } from '../bindings/Capabilities';
import type { ContactField } from '../bindings/ContactField';
import type { FieldProblem } from '../bindings/FieldProblem';
import type { HeaderKind } from '../bindings/HeaderKind';
import type { Phrase } from '../bindings/Phrase';
import type { ButtonSpec } from '../bindings/ButtonSpec';
import type { Template } from '../bindings/Template';
import type { TemplateCategory } from '../bindings/TemplateCategory';
import type { TemplateSpec } from '../bindings/TemplateSpec';
import type { TemplateButton } from '../bindings/TemplateButton';
import type { TemplateDraft } from '../bindings/TemplateDraft';
import type { TemplateHeader } from '../bindings/TemplateHeader';
import type { TemplatePreview } from '../bindings/TemplatePreview';
import type { TemplateStatus } from '../bindings/TemplateStatus';
import type { Translator } from '../i18n';
import type { PlainKey } from '../i18n/en';

/** Whether the account's gateway sends templates from a catalog at all. */
export function sendsTemplates(capabilities: Capabilities | null): boolean {
  return capabilities !== null && capabilities.templates && capabilities.template_catalog !== 'none';
}

/** Only approved templates are sent (the server refuses the others too). */
export const sendable = (template: Template): boolean => template.status === 'approved';

/**
 * The templates whose name, text (header, body, footer) or language holds every word of
 * `query`, in any case; sendable ones first, each group in the catalog's order.
 */
export function filterTemplates(templates: readonly Template[], query: string): Template[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter((w) => w !== '');
  const found = templates.filter((t) => {
    const hay = [t.name, t.gateway_id, t.language, t.header?.text ?? '', t.body, t.footer ?? ''].join('\n').toLocaleLowerCase();
    return words.every((w) => hay.includes(w));
  });
  return [...found.filter(sendable), ...found.filter((t) => !sendable(t))];
}

/** What the manager types or picks: one value per field the template takes. */
export interface TemplateValues {
  /** Body parameters, `{{1}}` first. */
  params: string[];
  /** A text header's parameter, or a media header's link. */
  header: string;
  /** A document header's file name (an uploaded file's). */
  headerName: string | null;
  /** Dynamic URL buttons' suffixes, by the button's index in the template. */
  buttons: Record<number, string>;
}

export function emptyValues(template: Template): TemplateValues {
  return { params: Array.from({ length: template.expects.body }, () => ''), header: '', headerName: null, buttons: {} };
}

/** One field of the form, in the order the customer reads the message. */
export type TemplateField =
  | { kind: 'header'; field: 'header'; header: HeaderKind }
  | { kind: 'param'; field: string; index: number; source: string | null }
  | { kind: 'button'; field: string; index: number; text: string; url: string | null };

/** The form's fields: the header's value, the body's parameters, the links' suffixes. */
export function templateFields(template: Template): TemplateField[] {
  const fields: TemplateField[] = [];
  const header = template.expects.header;
  // A location header is listed but never sent from here: the server says so under the form.
  if (header !== null && header !== 'location') fields.push({ kind: 'header', field: 'header', header });
  for (let i = 0; i < template.expects.body; i++) {
    fields.push({ kind: 'param', field: `params.${i}`, index: i, source: template.params[i] ?? null });
  }
  for (const index of template.expects.buttons) {
    const button = template.buttons[index];
    fields.push({ kind: 'button', field: `buttons.${index}`, index, text: button?.text ?? '', url: button?.url ?? null });
  }
  return fields;
}

function headerOf(kind: HeaderKind | null, values: TemplateValues): TemplateHeader | undefined {
  const value = values.header.trim();
  // Left empty: the server's "the header needs …" shows under the field.
  if (kind === null || value === '') return undefined;
  switch (kind) {
    case 'text':
      return { kind: 'text', text: values.header };
    case 'image':
    case 'video':
      return { kind, url: value };
    case 'document':
      return { kind: 'document', url: value, name: values.headerName };
    case 'location':
      return undefined;
  }
}

/** The preview's question for these values (the same question, the same JSON: see draftKey). */
export function draftOf(
  accountId: number,
  template: Template,
  values: TemplateValues,
  conversationId: number | null,
): TemplateDraft {
  const buttons: TemplateButton[] = template.expects.buttons
    .map((index) => ({ index, sub_type: 'url' as const, value: values.buttons[index] ?? '' }))
    .filter((b) => b.value.trim() !== '');
  const header = headerOf(template.expects.header, values);
  return {
    account_id: accountId,
    template_id: template.id,
    params: Array.from({ length: template.expects.body }, (_, i) => values.params[i] ?? ''),
    ...(header ? { header } : {}),
    buttons,
    ...(conversationId !== null ? { conversation_id: conversationId } : {}),
  };
}

/** Identifies a draft: a preview answers for the draft whose key it was asked with. */
export const draftKey = (draft: TemplateDraft): string => JSON.stringify(draft);

/** The server's problems by form field (`template`, `params`, `params.0`, `header`, `buttons.1`). */
export function problemsByField(problems: readonly FieldProblem[]): Map<string, Phrase[]> {
  const by = new Map<string, Phrase[]>();
  for (const p of problems) by.set(p.field, [...(by.get(p.field) ?? []), p.phrase]);
  return by;
}

/** Problems that belong to no field shown (the template itself, the parameters' number …). */
export function generalProblems(problems: readonly FieldProblem[], fields: readonly TemplateField[]): Phrase[] {
  const shown = new Set(fields.map((f) => f.field));
  return problems.filter((p) => !shown.has(p.field)).map((p) => p.phrase);
}

/**
 * The values the server filled in from the contact card, put into the fields still empty, so
 * the manager sees (and may change) what will be sent. Fields already typed in are kept.
 */
export function withFilled(values: TemplateValues, preview: TemplatePreview): TemplateValues {
  const params = values.params.map((v, i) => (v === '' ? (preview.params[i] ?? '') : v));
  return params.every((v, i) => v === values.params[i]) ? values : { ...values, params };
}

/** A preview that answers these very values, with nothing wrong: its content may be sent. */
export function readyToSend(preview: TemplatePreview | null, previewKey: string | null, currentKey: string): boolean {
  return preview !== null && previewKey === currentKey && preview.problems.length === 0 && preview.content.kind === 'template';
}

/** Where a parameter's value comes from, in the reader's words (`contact.city` by its label). */
export function sourceLabel(source: string, fields: readonly ContactField[], tr: Translator): string {
  switch (source) {
    case 'contact.name':
      return tr.t('templates.source.contactName');
    case 'contact.phone':
      return tr.t('templates.source.contactPhone');
    case 'operator.name':
      return tr.t('templates.source.operatorName');
  }
  const key = source.startsWith('contact.') ? source.slice('contact.'.length) : source;
  const field = fields.find((f) => f.key === key);
  return tr.t('templates.source.field', { label: field?.label ?? key });
}

/** A template's status in words (the core's own phrases: "waiting for review" …). */
export function statusText(status: TemplateStatus, tr: Translator): string {
  return tr.phrase({ key: `templates.status.${status}`, args: {}, text: status });
}

/** What a header shows, in words ("Image"), for the form's label and the preview. */
export const HEADER_KINDS: Record<HeaderKind, PlainKey> = {
  text: 'templates.media.text',
  image: 'templates.media.image',
  video: 'templates.media.video',
  document: 'templates.media.document',
  location: 'templates.media.location',
};

/** Mime types a media header takes, for the file picker. */
export function headerAccept(kind: HeaderKind): string {
  switch (kind) {
    case 'image':
      return 'image/*';
    case 'video':
      return 'video/*';
    case 'document':
      return '.pdf,application/pdf';
    default:
      return '';
  }
}

// A supervisor's editor of a registered template (Devino, DecisionTelecom).

/** The editor's fields, as typed (blank optional parts are left out of the spec). */
export interface SpecDraft {
  name: string;
  gatewayId: string;
  language: string;
  category: TemplateCategory;
  headerKind: HeaderKind | 'none';
  headerText: string;
  body: string;
  footer: string;
  buttons: ButtonSpec[];
  /** Each body parameter's source, `{{1}}` first; null: the manager types it. */
  params: (string | null)[];
}

export function specDraftOf(template: Template | null): SpecDraft {
  if (template === null) {
    return {
      name: '', gatewayId: '', language: 'ru', category: 'utility', headerKind: 'none', headerText: '', body: '',
      footer: '', buttons: [], params: [],
    };
  }
  return {
    name: template.name,
    gatewayId: template.gateway_id === template.name ? '' : template.gateway_id,
    language: template.language,
    category: template.category,
    headerKind: template.header?.kind ?? 'none',
    headerText: template.header?.text ?? '',
    body: template.body,
    footer: template.footer ?? '',
    buttons: template.buttons.map((b) => ({ ...b })),
    params: [...template.params],
  };
}

/** The spec save_template takes: blank optional parts left out (the server judges the rest). */
export function specOf(draft: SpecDraft): TemplateSpec {
  const params = [...draft.params];
  while (params.length > 0 && params[params.length - 1] === null) params.pop();
  const buttons: ButtonSpec[] = draft.buttons.map((b) => ({
    kind: b.kind,
    text: b.text,
    ...(b.kind === 'url' ? { url: b.url ?? '' } : {}),
    ...(b.kind === 'phone_number' ? { phone_number: b.phone_number ?? '' } : {}),
  }));
  return {
    name: draft.name.trim(),
    ...(draft.gatewayId.trim() !== '' ? { gateway_id: draft.gatewayId.trim() } : {}),
    language: draft.language.trim(),
    category: draft.category,
    ...(draft.headerKind !== 'none'
      ? { header: draft.headerKind === 'text' ? { kind: 'text', text: draft.headerText } : { kind: draft.headerKind } }
      : {}),
    body: draft.body,
    ...(draft.footer.trim() !== '' ? { footer: draft.footer } : {}),
    buttons,
    params,
  };
}

/** Where a parameter may be filled from: the contact's name and phone, the operator's name, a field. */
export function paramSources(fields: readonly ContactField[]): string[] {
  return ['contact.name', 'contact.phone', 'operator.name', ...fields.map((f) => `contact.${f.key}`)];
}

/**
 * Runs `task` once things settle: `poke` waits `wait` ms after the last poke, and a task under
 * way is never doubled: pokes meanwhile run it once more after it ends (so the preview is asked
 * one request at a time, and always about the latest values).
 */
export class Settled {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;

  constructor(
    private readonly wait: number,
    private readonly task: () => Promise<void>,
  ) {}

  poke(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.now();
    }, this.wait);
  }

  /** Runs now (or right after the run under way). */
  async now(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.task();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        void this.now();
      }
    }
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }
}
