// Templates in the UI's state: one form being written (TemplateDesk: the account's catalog, the
// template chosen, its values, the server's preview) and a supervisor's catalog of one account
// (TemplateCatalogStore: add, change, delete, import, export, refresh from the gateway).
import type { Content } from '../bindings/Content';
import type { ImportOutcome } from '../bindings/ImportOutcome';
import type { Template } from '../bindings/Template';
import type { TemplateCatalog } from '../bindings/TemplateCatalog';
import type { TemplatePreview } from '../bindings/TemplatePreview';
import type { TemplateSpec } from '../bindings/TemplateSpec';
import type { TemplateSync } from '../bindings/TemplateSync';
import type { Said } from '../i18n';
import { download } from '../lib/download';
import { Latest } from '../lib/liveLog';
import { toBase64 } from '../lib/media';
import { draftKey, draftOf, emptyValues, readyToSend, Settled, withFilled, type TemplateValues } from '../lib/templates';
import { ApiFailure } from '../lib/transport';
import type { Session } from './session.svelte';

/**
 * How many times the server announced a change to each account's catalog (`templates`
 * events) in this window: whatever shows a catalog lists it again when its count moves.
 */
const announced: Record<number, number> = $state({});

/** The count of announced changes to `accountId`'s catalog (reactive). */
export function catalogVersion(accountId: number): number {
  return announced[accountId] ?? 0;
}

/** A `templates` event: `accountId`'s catalog changed on the server. */
export function catalogChanged(accountId: number): void {
  announced[accountId] = (announced[accountId] ?? 0) + 1;
}

/** How long the form waits after the last keystroke before asking for a preview. */
const PREVIEW_WAIT_MS = 300;

/** Why a request failed, or null when the session ended (the sign-in shows instead). */
function saidOf(e: unknown): Said | null {
  const failure = ApiFailure.from(e);
  return failure.code === 'unauthorized' ? null : failure.said;
}

/**
 * One template message being written, for a conversation (parameters mapped to the contact
 * card are filled in by the server) or for a customer not written to yet (conversationId null).
 */
export class TemplateDesk {
  catalog: TemplateCatalog | null = $state.raw(null);
  /** Why the catalog could not be loaded. */
  catalogError: Said | null = $state.raw(null);
  template: Template | null = $state.raw(null);
  values: TemplateValues = $state.raw({ params: [], header: '', headerName: null, buttons: {} });
  preview: TemplatePreview | null = $state.raw(null);
  /** The draft the preview answers (a preview for older values never enables sending). */
  previewKey: string | null = $state(null);
  /** Why the preview could not be had (not the template's problems: those are in `preview`). */
  previewError: Said | null = $state.raw(null);
  uploading = $state(false);
  uploadError: Said | null = $state.raw(null);
  sending = $state(false);

  readonly key: string | null = $derived.by(() =>
    this.template ? draftKey(draftOf(this.accountId, this.template, this.values, this.conversationId)) : null,
  );
  readonly ready: boolean = $derived(this.key !== null && readyToSend(this.preview, this.previewKey, this.key));

  private readonly previewing = new Settled(PREVIEW_WAIT_MS, () => this.askPreview());
  private readonly latestCatalog = new Latest();
  /** The template whose contact-card values were put in its fields already (once each). */
  private filledFor: number | null = null;

  constructor(
    private readonly session: Session,
    readonly accountId: number,
    readonly conversationId: number | null,
    /** Sends the message (to the conversation, or starting one); true when it was queued. */
    private readonly deliver: (content: Content) => Promise<boolean>,
  ) {}

  /** The announced changes already seen by the last load (see `catalogVersion`). */
  loadedVersion = 0;

  /** Loads the account's catalog (the picker filters it locally). */
  async load(): Promise<void> {
    this.loadedVersion = catalogVersion(this.accountId);
    const current = this.latestCatalog.begin();
    try {
      const catalog = await this.session.api().call('list_templates', { account_id: this.accountId });
      if (!current()) return;
      this.catalog = catalog;
      this.catalogError = null;
    } catch (e) {
      if (current()) this.catalogError = saidOf(e);
    }
  }

  choose(template: Template | null): void {
    this.template = template;
    this.values = template ? emptyValues(template) : { params: [], header: '', headerName: null, buttons: {} };
    this.preview = null;
    this.previewKey = null;
    this.previewError = null;
    this.uploadError = null;
    this.filledFor = null;
    this.previewing.cancel();
    // The first preview at once: it shows the template and fills in what the card knows.
    if (template) void this.previewing.now();
  }

  /** A field changed: the preview is asked again once typing settles. */
  set(values: TemplateValues): void {
    this.values = values;
    this.previewing.poke();
  }

  private async askPreview(): Promise<void> {
    const template = this.template;
    if (!template) return;
    const draft = draftOf(this.accountId, template, this.values, this.conversationId);
    const key = draftKey(draft);
    try {
      const preview = await this.session.api().call('preview_template', draft);
      if (this.template?.id !== template.id) return;
      this.preview = preview;
      this.previewKey = key;
      this.previewError = null;
      if (this.filledFor !== template.id) {
        this.filledFor = template.id;
        const filled = withFilled(this.values, preview);
        // Filled from the card: ask again, so the preview answers the values shown.
        if (filled !== this.values) this.set(filled);
      }
    } catch (e) {
      if (this.template?.id === template.id) this.previewError = saidOf(e);
    }
  }

  /** A media header's file: uploaded for the account, its link put in the header's field. */
  async upload(file: File): Promise<void> {
    this.uploading = true;
    this.uploadError = null;
    try {
      const uploaded = await this.session.api().call('upload_media', {
        account_id: this.accountId,
        name: file.name,
        mime: file.type || undefined,
        data_base64: toBase64(new Uint8Array(await file.arrayBuffer())),
      });
      this.set({ ...this.values, header: uploaded.url, headerName: uploaded.name });
    } catch (e) {
      this.uploadError = saidOf(e);
    } finally {
      this.uploading = false;
    }
  }

  /** The message to send: the preview's, when it answers these values and nothing is wrong. */
  content(): Content | null {
    return this.ready && this.preview ? this.preview.content : null;
  }

  /** Sends what the preview shows; the form starts afresh once it is queued. */
  async send(): Promise<boolean> {
    const content = this.content();
    if (content === null || this.sending) return false;
    this.sending = true;
    try {
      const sent = await this.deliver(content);
      if (sent) this.choose(null);
      return sent;
    } finally {
      this.sending = false;
    }
  }

  stop(): void {
    this.previewing.cancel();
    this.latestCatalog.begin();
  }
}

/** A supervisor's view of one account's catalog. */
export class TemplateCatalogStore {
  catalog: TemplateCatalog | null = $state.raw(null);
  error: Said | null = $state.raw(null);
  busy = $state(false);
  /** What the last refresh from the gateway did. */
  synced: TemplateSync | null = $state.raw(null);
  /** What the last import did (its problems, entry by entry). */
  imported: ImportOutcome | null = $state.raw(null);

  private readonly latest = new Latest();

  constructor(
    private readonly session: Session,
    readonly accountId: number,
  ) {}

  /** The announced changes already seen by the last load (see `catalogVersion`). */
  loadedVersion = 0;

  async load(): Promise<void> {
    this.loadedVersion = catalogVersion(this.accountId);
    const current = this.latest.begin();
    try {
      const catalog = await this.session.api().call('list_templates', { account_id: this.accountId });
      if (current()) this.catalog = catalog;
    } catch (e) {
      if (current()) this.error = saidOf(e);
    }
  }

  /** Runs a change; its refusal shows in `error` (true when it went through). */
  private async change(run: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await run();
      return true;
    } catch (e) {
      this.error = saidOf(e);
      return false;
    } finally {
      // A failed refresh is recorded in the catalog too (its time and reason).
      await this.load();
      this.busy = false;
    }
  }

  /** Adds (no id) or changes a registered template; rejects with the server's reason. */
  async save(id: number | null, spec: TemplateSpec): Promise<Template> {
    const saved = await this.session
      .api()
      .call('save_template', { account_id: this.accountId, ...(id !== null ? { id } : {}), template: spec });
    await this.load();
    return saved;
  }

  delete(templateId: number): Promise<boolean> {
    return this.change(async () => {
      await this.session.api().call('delete_template', { template_id: templateId });
    });
  }

  /** Imports a file's text: all or nothing, each entry's problems in `imported`. */
  importFile(json: string): Promise<boolean> {
    this.imported = null;
    return this.change(async () => {
      this.imported = await this.session.api().call('import_templates', { account_id: this.accountId, json });
    });
  }

  exportFile(): Promise<boolean> {
    return this.change(async () => {
      const file = await this.session.api().call('export_templates', { account_id: this.accountId });
      download({ name: file.name, mime: file.mime, text: file.json }, undefined, 'templates.json');
    });
  }

  /** Refreshes from the gateway (Meta): a failure keeps the list, and says why. */
  sync(): Promise<boolean> {
    this.synced = null;
    return this.change(async () => {
      this.synced = await this.session.api().call('sync_templates', { account_id: this.accountId });
    });
  }
}
