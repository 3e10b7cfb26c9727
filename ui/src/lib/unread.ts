// Each operator's own unread count, kept right while live events are shared by the whole team.
//
// A live `conversation` event is the same for every operator, so its `unread` means nothing
// (0). What it does carry is `incoming_count`, which only grows: the operator's unread grows
// by exactly as many customer messages as arrived since the state they last knew. Answers to
// this operator's own requests (the list, a thread, mark read, assign) carry their real unread
// count, and a `read` event says they read it elsewhere (another tab). A conversation first
// seen through an event has no known count: it is shown with none and asked for (the caller
// does that: see `InboxStore.learn`).
import type { Conversation } from '../bindings/Conversation';

export type ConversationChange =
  /** A live event: the team's shared view, its `unread` nobody's. */
  | { kind: 'shared'; conversation: Conversation }
  /** An answer to this operator's request: `unread` is theirs as of when it was read. */
  | { kind: 'own'; conversation: Conversation }
  /** This operator read the conversation somewhere else: their count now. */
  | { kind: 'read'; conversationId: number; unread: number };

export function changeId(change: ConversationChange): number {
  return change.kind === 'read' ? change.conversationId : change.conversation.id;
}

/**
 * What this operator knows of a conversation after `change`, given what they knew before
 * (`known`, undefined: nothing). Undefined when there is still nothing to show (a `read` of a
 * conversation not on screen).
 *
 * Applying a change twice changes nothing more, and changes may come out of order with the
 * answers they are laid over (see liveLog.ts), so counts are reasoned about as upper bounds:
 * a shared event adds only growth this operator had not counted yet; an answer older than
 * what is known (fewer incoming messages) counts the messages that came after it, and never
 * shows more than the newer state does (a read lowers the count, arrivals raise both).
 */
export function mergeConversation(known: Conversation | undefined, change: ConversationChange): Conversation | undefined {
  switch (change.kind) {
    case 'read':
      return known && known.unread !== change.unread ? { ...known, unread: change.unread } : known;
    case 'shared': {
      const shared = change.conversation;
      if (!known) return { ...shared, unread: 0 };
      const grown = Math.max(0, shared.incoming_count - known.incoming_count);
      return {
        ...shared,
        unread: known.unread + grown,
        incoming_count: Math.max(shared.incoming_count, known.incoming_count),
      };
    }
    case 'own': {
      const own = change.conversation;
      if (!known || own.incoming_count >= known.incoming_count) return own;
      // An answer read before messages that are already known: theirs, plus what came since.
      const unread = Math.min(known.unread, own.unread + (known.incoming_count - own.incoming_count));
      return { ...known, unread };
    }
  }
}
