// Mentions of the signed-in operator in teammates' internal notes, not yet seen: the badge
// counts them, the notice shows the newest; opening the conversation clears its mentions.
import type { Event } from '../bindings/Event';
import { i18n } from '../i18n';
import { addMention, clearMentions, preview, type Mention } from '../lib/notes';
import type { Session } from './session.svelte';

export class MentionsStore {
  list: readonly Mention[] = $state.raw([]);
  readonly count: number = $derived(this.list.length);
  readonly latest: Mention | null = $derived(this.list[this.list.length - 1] ?? null);

  constructor(
    private readonly session: Session,
    /** Opens a conversation when its system notification is clicked. */
    private readonly openConversation: (id: number) => void = () => {},
  ) {}

  add(event: Extract<Event, { type: 'mentioned' }>): void {
    const list = addMention(this.list, event, this.session.appInfo?.operator.id);
    if (list === this.list) return;
    this.list = list;
    this.notify(event);
  }

  /** A conversation was opened (its mentions are seen), or null: all of them. */
  clear(conversationId: number | null = null): void {
    this.list = clearMentions(this.list, conversationId);
  }

  reset(): void {
    this.list = [];
  }

  /** A system notification, only where the browser already has permission (never asks). */
  private notify(event: Extract<Event, { type: 'mentioned' }>): void {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    try {
      const notification = new Notification(i18n.tr.t('mentions.notification', { name: event.by.name }), {
        body: preview(event.text, 160),
        tag: `mention-${event.conversation_id}`,
      });
      notification.onclick = () => {
        window.focus();
        this.openConversation(event.conversation_id);
        notification.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker: the badge still tells.
    }
  }
}
