// What the team defines once and every screen uses: the tags, the canned replies (the team's
// and the operator's own), the contact card's custom fields. Reloaded on their live events.
import type { CannedReply } from '../bindings/CannedReply';
import type { ContactField } from '../bindings/ContactField';
import type { Tag } from '../bindings/Tag';
import type { Session } from './session.svelte';

export class CatalogStore {
  tags: Tag[] = $state.raw([]);
  canned: CannedReply[] = $state.raw([]);
  fields: ContactField[] = $state.raw([]);
  readonly tagsById: ReadonlyMap<number, Tag> = $derived(new Map(this.tags.map((t) => [t.id, t])));

  constructor(private readonly session: Session) {}

  load(): Promise<unknown> {
    return Promise.all([this.loadTags(), this.loadCanned(), this.loadFields()]);
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

  reset(): void {
    this.tags = [];
    this.canned = [];
    this.fields = [];
  }
}
