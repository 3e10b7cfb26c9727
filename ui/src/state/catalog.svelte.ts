// What the team defines once and every screen uses: the tags, the canned replies (the team's
// and the operator's own), the contact card's custom fields. Reloaded on their live events.
import type { CannedReply } from '../bindings/CannedReply';
import type { ContactField } from '../bindings/ContactField';
import type { RenderedCanned } from '../bindings/RenderedCanned';
import type { SaveCanned } from '../bindings/SaveCanned';
import type { SaveContactField } from '../bindings/SaveContactField';
import type { Tag } from '../bindings/Tag';
import type { TagColor } from '../bindings/TagColor';
import { sortTags } from '../lib/tags';
import type { Session } from './session.svelte';

export class CatalogStore {
  tags: Tag[] = $state.raw([]);
  canned: CannedReply[] = $state.raw([]);
  fields: ContactField[] = $state.raw([]);
  readonly tagsById: ReadonlyMap<number, Tag> = $derived(new Map(this.tags.map((t) => [t.id, t])));
  /** The fields in the card's order. */
  readonly orderedFields: ContactField[] = $derived(
    [...this.fields].sort((a, b) => a.position - b.position || a.id - b.id),
  );

  constructor(private readonly session: Session) {}

  /** Starts loading everything; never holds up the inbox (what it shows comes when it comes). */
  load(): Promise<unknown> {
    void Promise.all([this.loadTags(), this.loadCanned(), this.loadFields()]);
    return Promise.resolve();
  }

  async loadTags(): Promise<void> {
    try {
      this.tags = await this.session.api().call('list_tags', {});
    } catch (e) {
      this.session.fail(e);
    }
  }

  /** Reviewers answer nobody: they have no canned replies to load. */
  async loadCanned(): Promise<void> {
    if (!this.session.can.reply) return;
    try {
      this.canned = await this.session.api().call('list_canned', {});
    } catch (e) {
      this.session.fail(e);
    }
  }

  async loadFields(): Promise<void> {
    try {
      this.fields = await this.session.api().call('list_contact_fields', {});
    } catch (e) {
      this.session.fail(e);
    }
  }

  // Changes: each answers what it made (or rejects with the server's reason, for the caller to
  // show where it was asked); the list takes the answer at once, before the live event.

  async createTag(name: string, color?: TagColor): Promise<Tag> {
    const tag = await this.session.api().call('create_tag', { name: name.trim(), ...(color ? { color } : {}) });
    this.putTag(tag);
    return tag;
  }

  async updateTag(tagId: number, change: { name?: string; color?: TagColor }): Promise<Tag> {
    const tag = await this.session.api().call('update_tag', { tag_id: tagId, ...change });
    this.putTag(tag);
    return tag;
  }

  async deleteTag(tagId: number): Promise<void> {
    await this.session.api().call('delete_tag', { tag_id: tagId });
    this.tags = this.tags.filter((t) => t.id !== tagId);
  }

  private putTag(tag: Tag): void {
    this.tags = sortTags([...this.tags.filter((t) => t.id !== tag.id), tag]);
  }

  async saveCanned(reply: SaveCanned): Promise<CannedReply> {
    const saved = await this.session.api().call('save_canned', reply);
    this.canned = [...this.canned.filter((c) => c.id !== saved.id), saved];
    return saved;
  }

  async deleteCanned(id: number): Promise<void> {
    await this.session.api().call('delete_canned', { canned_id: id });
    this.canned = this.canned.filter((c) => c.id !== id);
  }

  /** A canned reply filled in for a conversation (the composer inserts it). */
  renderCanned(cannedId: number, conversationId: number): Promise<RenderedCanned> {
    return this.session.api().call('render_canned', { canned_id: cannedId, conversation_id: conversationId });
  }

  async saveField(field: SaveContactField): Promise<ContactField> {
    const saved = await this.session.api().call('save_contact_field', field);
    this.fields = [...this.fields.filter((f) => f.id !== saved.id), saved];
    return saved;
  }

  async deleteField(id: number): Promise<void> {
    await this.session.api().call('delete_contact_field', { field_id: id });
    this.fields = this.fields.filter((f) => f.id !== id);
  }

  reset(): void {
    this.tags = [];
    this.canned = [];
    this.fields = [];
  }
}
