// The stores together, against a fake transport: live events and answers interleaved the way
// a slow network interleaves them.
import { describe, expect, it, vi } from 'vitest';
import type { Command } from '../bindings/commands';
import type { Message } from '../bindings/Message';
import type { PublicAddress } from '../bindings/PublicAddress';
import type { WebhookUrl } from '../bindings/WebhookUrl';
import type { AppInfo } from '../bindings/AppInfo';
import type { ViewCounts } from '../bindings/ViewCounts';
import { conversation, message, operator } from '../lib/fixtures';
import type { Request, Response, Transport } from '../lib/transport/types';
import { Switchboard } from './app';
import { catalogVersion } from './templates.svelte';
import { router } from './router.svelte';

/** A transport whose answers the test releases one by one. */
function fakeTransport() {
  const pending: { command: Command; request: unknown; resolve: (value: unknown) => void }[] = [];
  const transport: Transport = {
    kind: 'http',
    call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>> {
      return new Promise((resolve) => pending.push({ command, request, resolve: resolve as (v: unknown) => void }));
    },
    subscribe: () => () => {},
  };
  /** Answers the oldest request for `command` (that `which` picks). */
  async function answer(command: Command, value: unknown, which: (request: unknown) => boolean = () => true) {
    const at = pending.findIndex((p) => p.command === command && which(p.request));
    if (at === -1) throw new Error(`no ${command} request is waiting`);
    pending.splice(at, 1)[0]?.resolve(value);
    await new Promise((r) => setTimeout(r, 0));
  }
  return { transport, pending, answer };
}

const at = '2026-05-20T10:00:00Z';
const statuses = (messages: readonly Message[] | undefined) => messages?.map((m) => `${m.id}:${m.status}`);

async function opened() {
  const app = new Switchboard();
  const fake = fakeTransport();
  app.session.transport = fake.transport;
  const selecting = app.thread.select(1);
  await fake.answer('get_thread', {
    conversation: conversation(1, at),
    messages: [message('a', at, { status: 'failed', send_state: 'failed' })],
    next: null,
  });
  await selecting;
  return { app, fake };
}

describe('the open thread', () => {
  it('keeps a live event that beat the retry’s answer', async () => {
    const { app, fake } = await opened();
    const retrying = app.thread.perform('retry', 'a');
    app.onEvent({ type: 'message', message: message('a', at, { status: 'delivered', send_state: 'done' }) });
    await fake.answer('retry_message', message('a', at, { status: 'queued', send_state: 'queued' }));
    await retrying;
    expect(statuses(app.thread.open?.messages)).toEqual(['a:delivered']);
  });

  it('shows the answer of a discard when no event came first', async () => {
    const { app, fake } = await opened();
    const discarding = app.thread.perform('discard', 'a');
    expect(fake.pending.at(-1)).toMatchObject({ command: 'discard_message', request: { id: 'a' } });
    await fake.answer('discard_message', message('a', at, { status: 'failed', send_state: 'discarded' }));
    await discarding;
    expect(app.thread.open?.messages[0]?.send_state).toBe('discarded');
  });

  it('lays messages that arrived while the thread loaded over its first page', async () => {
    const app = new Switchboard();
    const fake = fakeTransport();
    app.session.transport = fake.transport;
    const selecting = app.thread.select(1);
    app.onEvent({ type: 'message', message: message('b', '2026-05-20T10:01:00Z', { direction: 'in', status: 'received' }) });
    await fake.answer('get_thread', { conversation: conversation(1, at), messages: [message('a', at)], next: null });
    await selecting;
    expect(app.thread.open?.messages.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('drops the answer for a conversation the manager already left', async () => {
    const app = new Switchboard();
    const fake = fakeTransport();
    app.session.transport = fake.transport;
    const first = app.thread.select(1);
    const second = app.thread.select(2);
    const of = (id: number) => (request: unknown) => (request as { conversation_id: number }).conversation_id === id;
    await fake.answer('get_thread', { conversation: conversation(2, at), messages: [], next: null }, of(2));
    await fake.answer('get_thread', { conversation: conversation(1, at), messages: [], next: null }, of(1));
    await Promise.all([first, second]);
    expect(app.thread.open?.conversation.id).toBe(2);
  });
});

describe('the workflow', () => {
  const line = (id: number, when: string) => ({
    id,
    conversation_id: 1,
    at: when,
    actor: null,
    change: { kind: 'woke' as const },
  });

  it('shows the activity lines when they come, with live ones once each', async () => {
    const { app, fake } = await opened();
    app.onEvent({ type: 'activity', activity: line(2, '2026-05-20T10:02:00Z') });
    app.onEvent({ type: 'activity', activity: { ...line(3, at), conversation_id: 2 } });
    await fake.answer('conversation_activity', [line(1, '2026-05-20T10:01:00Z'), line(2, '2026-05-20T10:02:00Z')]);
    expect(app.thread.open?.activity.map((a) => a.id)).toEqual([1, 2]);
    app.onEvent({ type: 'activity', activity: line(2, '2026-05-20T10:02:00Z') });
    app.onEvent({ type: 'activity', activity: line(4, '2026-05-20T10:03:00Z') });
    expect(app.thread.open?.activity.map((a) => a.id)).toEqual([1, 2, 4]);
  });

  it('sets the status and shows the answer in the header and the inbox', async () => {
    const { app, fake } = await opened();
    const until = new Date('2026-05-21T06:00:00Z');
    const setting = app.thread.setStatus('snoozed', until);
    expect(fake.pending.at(-1)).toMatchObject({
      command: 'set_conversation_status',
      request: { conversation_id: 1, status: 'snoozed', snoozed_until: until.toISOString() },
    });
    await fake.answer(
      'set_conversation_status',
      conversation(1, at, 0, { status: 'snoozed', snoozed_until: until.toISOString() }),
    );
    expect(await setting).toBe(true);
    expect(app.thread.open?.conversation.status).toBe('snoozed');
  });
});

describe('the inbox', () => {
  it('keeps a conversation that changed while its first page loaded', async () => {
    const app = new Switchboard();
    const fake = fakeTransport();
    app.session.transport = fake.transport;
    const loading = app.inbox.load();
    app.onEvent({ type: 'conversation', conversation: conversation(2, '2026-05-20T11:00:00Z', 3) });
    await fake.answer('list_conversations', { conversations: [conversation(1, at), conversation(2, at)], next: null });
    await loading;
    expect(app.inbox.inbox.conversations.map((c) => [c.id, c.unread])).toEqual([
      [2, 3],
      [1, 0],
    ]);
    expect(app.inbox.unread).toBe(3);
  });

  it('shows a failure in the reader’s words', async () => {
    const app = new Switchboard();
    const fake = fakeTransport();
    app.session.transport = {
      ...fake.transport,
      call: () => Promise.reject({ code: 'not_found', message: 'x', phrase: { key: 'phone.empty', args: {}, text: 'x' } }),
    };
    await app.inbox.load();
    expect(app.session.notice).toMatchObject({ error: true, said: { key: 'phone.empty' } });
  });
});

describe('the public address', () => {
  const hooks = (token: string): WebhookUrl[] =>
    ['status', 'incoming'].map((kind) => ({
      kind,
      url: `https://inbox.example.com/hooks/${token}/${kind}`,
      description: { key: 'webhook.status', args: {}, text: 'Delivery statuses' },
    }));
  const address = (token: string): PublicAddress => ({
    settings: { mode: 'url', url: 'https://inbox.example.com' },
    tunnel_secret_set: false,
    base_url: 'https://inbox.example.com',
    tunnel: { state: 'off' },
    warning: null,
    last_webhook_at: null,
    accounts: [
      { account_id: 1, name: 'Shop', gateway: 'devino', sandbox: false, webhooks: hooks(token), last_webhook_at: null },
    ],
  });

  it('shows new webhook URLs at once, and a load begun before they were issued cannot bring the old ones back', async () => {
    const app = new Switchboard();
    const fake = fakeTransport();
    app.session.transport = fake.transport;
    const urls = () => app.address.address?.accounts[0]?.webhooks.map((h) => h.url.split('/')[4]);
    const first = app.address.load();
    await fake.answer('public_address', address('old'));
    await first;
    const stale = app.address.load();
    app.address.rotated(1, hooks('new'));
    expect(urls()).toEqual(['new', 'new']);
    expect(fake.pending.filter((p) => p.command === 'public_address')).toHaveLength(2);
    await fake.answer('public_address', address('old'));
    await stale;
    expect(urls()).toEqual(['new', 'new']);
    await fake.answer('public_address', { ...address('new'), last_webhook_at: at });
    expect(urls()).toEqual(['new', 'new']);
    expect(app.address.address?.last_webhook_at).toBe(at);
  });
});

const info = (me: ReturnType<typeof operator>, managersSeeAll = false): AppInfo => ({
  version: '1',
  operator: me,
  gateways: [],
  callback_base: null,
  managers_see_all: managersSeeAll,
  managers_take_over: false,
  managers_create_tags: false,
});

/** An app signed in as `me` with its first page of conversations shown. */
async function signedIn(me: ReturnType<typeof operator>, page: ReturnType<typeof conversation>[]) {
  // The address is the page's: a view an earlier test chose stays in it.
  router.setParam('view', null);
  const app = new Switchboard({ visible: () => true });
  const fake = fakeTransport();
  app.session.transport = fake.transport;
  const entering = app.enter();
  await fake.answer('app_info', info(me));
  await fake.answer('list_accounts', []);
  await fake.answer('list_conversations', { conversations: page, next: null });
  await fake.answer('view_counts', counts());
  if (me.role === 'supervisor') {
    await fake.answer('public_address', null);
    await fake.answer('list_operators', []);
    await fake.answer('team_settings', { managers_see_all: false });
  }
  await fake.answer('list_tags', []);
  if (me.role !== 'reviewer') await fake.answer('list_canned', []);
  await fake.answer('list_contact_fields', []);
  await entering;
  return { app, fake };
}

const counts = (over: Partial<ViewCounts> = {}): ViewCounts => ({
  mine: 0,
  unassigned: 0,
  all: null,
  by_operator: [],
  by_status: [],
  by_tag: [],
  by_account: [],
  ...over,
});

const shared = (c: ReturnType<typeof conversation>) => ({ type: 'conversation' as const, conversation: { ...c, unread: 0 } });
const unreadOf = (app: Switchboard, id: number) => app.inbox.inbox.conversations.find((c) => c.id === id)?.unread;

describe('a team’s shared inbox', () => {
  const manager = operator(7, 'Anna', 'manager');

  it('keeps the manager’s own unread count when someone else reads or replies, and adds new messages', async () => {
    const { app } = await signedIn(manager, [conversation(1, at, 2, { incoming_count: 5 })]);
    // A supervisor opened it and replied: the shared event says unread 0, same incoming count.
    app.onEvent(shared(conversation(1, '2026-05-20T10:01:00Z', 0, { incoming_count: 5, awaiting_reply: false })));
    expect(unreadOf(app, 1)).toBe(2);
    expect(app.inbox.inbox.conversations[0]?.awaiting_reply).toBe(false);
    // The customer writes again.
    app.onEvent(shared(conversation(1, '2026-05-20T10:02:00Z', 0, { incoming_count: 6, awaiting_reply: true })));
    expect(unreadOf(app, 1)).toBe(3);
    expect(app.inbox.unread).toBe(3);
    // Read in another tab of the manager's: the count it says.
    app.onEvent({ type: 'read', operator_id: 7, conversation_id: 1, unread: 0 });
    expect(unreadOf(app, 1)).toBe(0);
    app.onEvent({ type: 'read', operator_id: 8, conversation_id: 1, unread: 4 });
    expect(unreadOf(app, 1)).toBe(0);
  });

  it('asks for a conversation first seen through an event, to learn its own unread count', async () => {
    const { app, fake } = await signedIn(manager, []);
    app.onEvent(shared(conversation(9, at, 0, { incoming_count: 3 })));
    expect(unreadOf(app, 9)).toBe(0);
    expect(fake.pending.at(-1)).toMatchObject({ command: 'get_thread', request: { conversation_id: 9, limit: 1 } });
    // Another message arrives while the answer is on its way.
    app.onEvent(shared(conversation(9, '2026-05-20T10:01:00Z', 0, { incoming_count: 4 })));
    await fake.answer('get_thread', { conversation: conversation(9, at, 3, { incoming_count: 3 }), messages: [], next: null });
    expect(unreadOf(app, 9)).toBe(4);
    expect(fake.pending.filter((p) => p.command === 'get_thread')).toHaveLength(0);
  });

  it('takes a conversation given to someone else out of the manager’s list and closes it', async () => {
    const { app, fake } = await signedIn(manager, [conversation(1, at, 1, { assignee: { id: 7, name: 'Anna' } })]);
    const selecting = app.thread.select(1);
    await fake.answer('get_thread', { conversation: conversation(1, at, 0, { assignee: { id: 7, name: 'Anna' } }), messages: [], next: null });
    await selecting;
    expect(app.thread.open?.conversation.id).toBe(1);
    app.onEvent(shared(conversation(1, at, 0, { assignee: { id: 8, name: 'Boris' } })));
    expect(app.inbox.inbox.conversations).toEqual([]);
    expect(app.thread.open).toBeNull();
    expect(app.session.notice).toMatchObject({ error: false, said: { ui: 'thread.assignedAway', values: { name: 'Boris' } } });
  });

  it('tells a supervisor of a customer waiting too long for the assignee, or for anyone', async () => {
    const { app } = await signedIn(operator(2, 'Sergei', 'supervisor'), []);
    app.onEvent({ type: 'overdue', conversation_id: 1, assignee: { id: 7, name: 'Anna' }, minutes: 21 });
    expect(app.session.notice).toMatchObject({ error: false, said: { ui: 'overdue.assigned', values: { minutes: 21, name: 'Anna' } } });
    app.onEvent({ type: 'overdue', conversation_id: 2, assignee: null, minutes: 5 });
    expect(app.session.notice).toMatchObject({ error: false, said: { ui: 'overdue.unassigned', values: { minutes: 5 } } });
  });

  it('marks read for this operator when a shared event brings a new message into the open thread', async () => {
    const { app, fake } = await signedIn(operator(2, 'Sergei', 'supervisor'), [conversation(1, at, 0, { incoming_count: 2 })]);
    const selecting = app.thread.select(1);
    await fake.answer('get_thread', { conversation: conversation(1, at, 0, { incoming_count: 2 }), messages: [], next: null });
    await selecting;
    app.onEvent(shared(conversation(1, '2026-05-20T10:03:00Z', 0, { incoming_count: 3 })));
    expect(fake.pending.at(-1)).toMatchObject({ command: 'mark_read', request: { conversation_id: 1 } });
    await fake.answer('mark_read', conversation(1, '2026-05-20T10:03:00Z', 0, { incoming_count: 3 }));
    expect(unreadOf(app, 1)).toBe(0);
  });

  it('goes back to signing in when the session ends, forgetting what was shown', async () => {
    const { app, fake } = await signedIn(manager, [conversation(1, at, 1)]);
    const loading = app.inbox.load();
    const refused = fake.pending.findIndex((p) => p.command === 'list_conversations');
    // The server answers 401: signed out elsewhere, revoked, or disabled.
    fake.pending.splice(refused, 1)[0]?.resolve(Promise.reject({ code: 'unauthorized', message: 'Sign in' }));
    await loading;
    await new Promise((r) => setTimeout(r, 0));
    expect(app.session.gate).toEqual({ kind: 'signIn', ended: true });
    expect(app.inbox.inbox.conversations).toEqual([]);
    expect(app.session.appInfo).toBeNull();
    expect(app.session.notice).toBeNull();
  });

  it('asks who it is again and reloads when the team changes', async () => {
    const { app, fake } = await signedIn(manager, []);
    app.onEvent({ type: 'team' });
    await fake.answer('app_info', info(manager, true));
    expect(app.session.viewer?.managersSeeAll).toBe(true);
    expect(fake.pending.map((p) => p.command).sort()).toEqual([
      'list_accounts',
      'list_canned',
      'list_contact_fields',
      'list_conversations',
      'list_tags',
      'view_counts',
    ]);
  });
});

describe('a desktop connected to a team server', () => {
  it('tries again by itself while the server cannot be reached, and opens once it can', async () => {
    vi.useFakeTimers();
    try {
      const app = new Switchboard({ visible: () => true });
      const fake = fakeTransport();
      app.session.transport = fake.transport;
      app.session.desktop = {
        state: async () => ({ mode: 'team', server: 'https://crm.example', operator: null }),
        chooseSolo: async () => {},
        connectTeam: async () => operator(2, 'Anna', 'manager'),
        leaveTeam: async () => {},
      };
      app.session.server = 'https://crm.example';
      const entering = app.enter();
      const down = fake.pending.findIndex((p) => p.command === 'app_info');
      fake.pending.splice(down, 1)[0]?.resolve(Promise.reject({ code: 'internal', message: 'unreachable' }));
      await entering;
      expect(app.session.gate.kind).toBe('unreachable');
      expect(fake.pending.filter((p) => p.command === 'app_info')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(3000);
      expect(fake.pending.filter((p) => p.command === 'app_info')).toHaveLength(1);
      expect(app.session.gate.kind).toBe('unreachable');
      const up = fake.pending.findIndex((p) => p.command === 'app_info');
      fake.pending.splice(up, 1)[0]?.resolve(info(operator(2, 'Anna', 'manager')));
      await vi.advanceTimersByTimeAsync(0);
      expect(app.session.gate.kind).toBe('ready');
    } finally {
      vi.useRealTimers();
    }
  });
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the inbox’s views', () => {
  const supervisor = operator(2, 'Sergei', 'supervisor');
  const anna = { id: 7, name: 'Anna' };

  it('asks for the view chosen, drops the page of the view left, and follows live changes', async () => {
    const { app, fake } = await signedIn(supervisor, [conversation(1, at), conversation(2, at)]);
    app.views.choose({ kind: 'unassigned' });
    expect(app.inbox.switching).toBe(true);
    expect(fake.pending.at(-1)).toMatchObject({ command: 'list_conversations', request: { assignee: { kind: 'unassigned' }, limit: 50 } });
    app.views.choose({ kind: 'status', status: 'resolved' });
    app.views.choose({ kind: 'unassigned' });
    expect(router.param('view')).toBe('unassigned');
    // The answers for the views left come first: dropped.
    await fake.answer('list_conversations', { conversations: [conversation(9, at)], next: null });
    await fake.answer('list_conversations', { conversations: [conversation(9, at)], next: null });
    expect(app.inbox.switching).toBe(true);
    await fake.answer('list_conversations', { conversations: [conversation(2, at), conversation(1, at)], next: null });
    expect(app.inbox.inbox.conversations.map((c) => c.id)).toEqual([2, 1]);
    // Given to Anna: no longer unassigned.
    app.onEvent(shared(conversation(1, '2026-05-20T10:05:00Z', 0, { assignee: anna })));
    expect(app.inbox.inbox.conversations.map((c) => c.id)).toEqual([2]);
    // A new unassigned one comes in.
    app.onEvent(shared(conversation(3, '2026-05-20T10:06:00Z')));
    expect(app.inbox.inbox.conversations.map((c) => c.id)).toEqual([3, 2]);
  });

  it('searches once the typing pauses, in the view shown', async () => {
    const { app, fake } = await signedIn(supervisor, []);
    app.views.choose({ kind: 'mine' });
    await fake.answer('list_conversations', { conversations: [], next: null });
    app.views.type('iv');
    app.views.type('ivan  ');
    expect(fake.pending.filter((p) => p.command === 'list_conversations')).toHaveLength(0);
    await wait(350);
    expect(fake.pending.filter((p) => p.command === 'list_conversations').map((p) => p.request)).toEqual([
      { assignee: { kind: 'mine' }, query: 'ivan', limit: 50 },
    ]);
    // With a search, a live change only updates what is shown.
    await fake.answer('list_conversations', { conversations: [conversation(1, at, 0, { assignee: { id: 2, name: 'Sergei' } })], next: null });
    app.onEvent(shared(conversation(5, at, 0, { assignee: { id: 2, name: 'Sergei' } })));
    expect(app.inbox.inbox.conversations.map((c) => c.id)).toEqual([1]);
  });

  it('counts again once for a burst of events, one request at a time', async () => {
    const { app, fake } = await signedIn(supervisor, []);
    const asked = () => fake.pending.filter((p) => p.command === 'view_counts').length;
    for (let i = 0; i < 5; i++) app.onEvent(shared(conversation(i + 1, at)));
    expect(asked()).toBe(0);
    await wait(300);
    expect(asked()).toBe(1);
    // More events while that request is under way: asked again after it, once.
    app.onEvent({ type: 'tags' });
    app.onEvent(shared(conversation(1, at)));
    await wait(300);
    expect(asked()).toBe(1);
    await fake.answer('view_counts', counts({ mine: 2 }));
    expect(app.views.counts?.mine).toBe(2);
    await wait(300);
    expect(asked()).toBe(1);
    await fake.answer('view_counts', counts({ mine: 3 }));
    expect(app.views.counts?.mine).toBe(3);
  });

  it('keeps the counts it had when a refresh fails, marked stale, without a notice', async () => {
    const { app } = await signedIn(supervisor, []);
    app.session.transport = { kind: 'http', call: () => Promise.reject({ code: 'internal', message: 'x' }), subscribe: () => () => {} };
    await app.views.loadCounts();
    expect(app.views.countsFailed).toBe(true);
    expect(app.views.counts).not.toBeNull();
    expect(app.session.notice).toBeNull();
  });

  it('acts on the rows ticked and shows what could not be changed, in the reader’s words', async () => {
    const { app, fake } = await signedIn(supervisor, [conversation(1, at), conversation(2, at, 0, { contact: { id: 2, phone: '+79000000002', name: 'Ivan' } })]);
    app.bulk.begin();
    app.bulk.toggle(1);
    app.bulk.toggle(2);
    app.bulk.toggle(42);
    const applying = app.bulk.apply({ kind: 'assign', operator_id: 7 }, app.inbox.inbox.conversations);
    expect(fake.pending.at(-1)).toMatchObject({ command: 'bulk_update', request: { conversation_ids: [1, 2], action: { kind: 'assign', operator_id: 7 } } });
    await fake.answer('bulk_update', {
      updated: [conversation(1, '2026-05-20T10:09:00Z', 0, { assignee: anna })],
      failed: [{ conversation_id: 2, error: { code: 'forbidden', message: 'no', phrase: { key: 'phone.empty', args: {}, text: 'no' } } }],
    });
    await applying;
    expect(app.bulk.result).toMatchObject({ updated: 1, failed: [{ id: 2, name: 'Ivan', said: { key: 'phone.empty' } }] });
    expect(app.inbox.inbox.conversations[0]).toMatchObject({ id: 1, assignee: anna });
    expect([...app.bulk.selected]).toEqual([2]);
  });

  it('sets the operator’s own accepting state from the server’s answer', async () => {
    const { app, fake } = await signedIn(operator(7, 'Anna', 'manager', { accepting: true }), []);
    const setting = app.views.setAccepting(false);
    expect(fake.pending.at(-1)).toMatchObject({ command: 'set_accepting', request: { accepting: false } });
    await fake.answer('set_accepting', operator(7, 'Anna', 'manager', { accepting: false }));
    await setting;
    expect(app.session.appInfo?.operator.accepting).toBe(false);
  });

  it('starts a conversation and shows it in the list', async () => {
    const { app, fake } = await signedIn(operator(7, 'Anna', 'manager'), []);
    const starting = app.views.startConversation(1, ' 8 903 456-78-90 ', 'Hello');
    expect(fake.pending.at(-1)).toMatchObject({
      command: 'start_conversation',
      request: { account_id: 1, phone: '8 903 456-78-90', content: { kind: 'text', text: 'Hello' } },
    });
    await fake.answer('start_conversation', conversation(4, at, 0, { assignee: anna }));
    expect((await starting).id).toBe(4);
    expect(app.inbox.inbox.conversations.map((c) => c.id)).toEqual([4]);
  });
});

describe('template catalogs', () => {
  it('counts each announced change per account, so whatever shows that catalog lists it again', async () => {
    const { app } = await signedIn(operator(1, 'Olga', 'supervisor'), []);
    const [first, second] = [catalogVersion(41), catalogVersion(42)];
    app.onEvent({ type: 'templates', account_id: 41 });
    app.onEvent({ type: 'templates', account_id: 41 });
    expect([catalogVersion(41), catalogVersion(42)]).toEqual([first + 2, second]);
  });
});
