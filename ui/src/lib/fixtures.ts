// Test data shaped exactly like the generated bindings.
import type { Capabilities } from '../bindings/Capabilities';
import type { Conversation } from '../bindings/Conversation';
import type { Message } from '../bindings/Message';
import type { Operator } from '../bindings/Operator';
import type { Phrase, PhraseKey } from '../i18n/phrase';
import { translator } from '../i18n/translator';

/** Translators with fixed formatting tags, so the tests hold on any machine. */
export const en = translator('en', 'en-GB');
export const ru = translator('ru', 'ru-RU');

/** A phrase as the core sends it: key, arguments, and its English. */
export function phrase(key: PhraseKey, text: string, args: Phrase['args'] = {}): Phrase {
  return { key, args, text };
}

export const capabilities: Capabilities = {
  text: true,
  max_text_len: 10,
  media_types: [],
  media_limits: [],
  templates: true,
  template_catalog: 'registered',
  webhooks: ['status', 'incoming'],
  polling: null,
  history: false,
  contact_sync: false,
  enforces_24h_window: false,
  idempotent_send: false,
  read_receipts: false,
};

export function conversation(id: number, lastActivity: string, unread = 0, over: Partial<Conversation> = {}): Conversation {
  return {
    id,
    account_id: 1,
    account_name: 'Shop',
    gateway: 'devino',
    sandbox: false,
    contact: { id, phone: `+7900000000${id}`, name: null },
    last_activity: lastActivity,
    last_message: null,
    unread,
    incoming_count: unread,
    awaiting_reply: unread > 0,
    last_customer_message_at: null,
    assignee: null,
    status: 'open',
    snoozed_until: null,
    tags: [],
    ...over,
  };
}

export function message(id: string, timestamp: string, over: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 1,
    account_id: 1,
    direction: 'out',
    text: `text ${id}`,
    content: { kind: 'text', text: `text ${id}` },
    status: 'queued',
    gateway_message_id: null,
    timestamp,
    received_at: timestamp,
    error: null,
    operator: { id: 1, name: 'Anna' },
    send_state: 'queued',
    attempts: 0,
    next_attempt_at: null,
    history: [],
    media: null,
    ...over,
  };
}

export function operator(id: number, name: string, role: Operator['role'] = 'manager', over: Partial<Operator> = {}): Operator {
  return {
    id,
    login: name.toLowerCase(),
    name,
    role,
    active: true,
    last_seen_at: null,
    created_at: '2026-05-01T00:00:00Z',
    accepting: true,
    ...over,
  };
}
