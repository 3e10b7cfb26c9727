// What the browser end-to-end scenarios share (run.mjs: one operator's whole flow; team.mjs:
// a team's shared inbox): building and starting `switchboard serve --sandbox` on a temporary
// data directory with operators made by the CLI, signing in, the sandbox customer's messages,
// cargo-style results, and the scan of Russian screens for English words.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is one of the UI's dev dependencies.
export const { chromium } = createRequire(join(repo, 'ui/package.json'))('playwright-core');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const TIMEOUT = 30_000;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

export function binary() {
  // A prebuilt binary (another checkout's, a release build) skips the cargo build.
  if (process.env.SWITCHBOARD_BIN) return resolve(process.env.SWITCHBOARD_BIN);
  const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
  run('cargo', ['build', '--quiet', '--locked', '-p', 'switchboard-server', '--bin', 'switchboard'], repo);
  return join(resolve(repo, target), 'debug', 'switchboard');
}

export function uiDist() {
  const dist = join(repo, 'ui/dist');
  if (!existsSync(join(dist, 'index.html'))) run('npm', ['run', '--silent', 'build'], join(repo, 'ui'));
  return dist;
}

/**
 * Adds an operator to a data directory with the CLI (`switchboard operator add`), the password
 * on standard input, before serve starts: what an administrator does to set up a team.
 */
export function addOperator(bin, dataDir, { login, name, role, password }) {
  const r = spawnSync(bin, ['operator', 'add', login, '--name', name, '--role', role, '--data-dir', dataDir], {
    input: `${password}\n`,
    encoding: 'utf8',
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  if (r.status !== 0) {
    throw new Error(`switchboard operator add ${login} failed (${r.status}): ${(r.stderr || r.stdout).trim()}`);
  }
}

/** Starts serve; resolves with its base URL once it printed its address. */
export function serve(bin, dataDir, uiDir) {
  const child = spawn(
    bin,
    ['serve', '--sandbox', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--secrets', 'file'],
    { env: { ...process.env, SWITCHBOARD_UI_DIR: uiDir, RUST_LOG: process.env.RUST_LOG ?? 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    let base = null;
    const timer = setTimeout(() => reject(new Error('serve printed no address in 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /^listening on (https?:\/\/\S+)/.exec(line);
      if (listening) base = listening[1];
      // The address, then a summary closed by how to stop it: by then the sandbox runs.
      if (base && /^\s*(Open|Stop):/.test(line)) {
        clearTimeout(timer);
        resolvePromise({ child, base, token: null });
      }
    });
  });
}

export async function stop(server) {
  if (!server) return;
  server.child.kill('SIGTERM');
  await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.once('exit', r)));
}

/** What the test's own sign-ins say they are: the label their sessions are listed under. */
const SCRIPT_AGENT = 'switchboard browser test';

/** Signs in through the API (not the page): the bearer token the test's own calls use. */
export async function apiToken(server, login, password) {
  const r = await fetch(`${server.base}/api/sign_in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': SCRIPT_AGENT },
    body: JSON.stringify({ login, password }),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`sign_in ${login}: ${JSON.stringify(body)}`);
  // A session list shows the label as the client gave it: data, like a name.
  server.named = [...new Set([...(server.named ?? []), SCRIPT_AGENT])];
  return body.token;
}

/** Runs a command as the test's own operator (`server.token`, a supervisor's). */
export async function api(server, command, request = {}, token = server.token) {
  const r = await fetch(`${server.base}/api/${command}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs in through the page's form, and waits for the inbox. */
export async function signIn(page, base, login, password, path = '/') {
  await page.goto(`${base}${path === '/' ? '/' : `/#${path}`}`);
  const form = page.getByTestId('sign-in');
  await form.waitFor();
  await form.getByTestId('sign-in-login').fill(login);
  await form.getByTestId('sign-in-password').fill(password);
  await form.getByTestId('sign-in-submit').click();
  await form.waitFor({ state: 'detached' });
  await page.getByTestId('conversation-list').waitFor();
}

/** Posts a customer's message to a Devino account's incoming webhook (the sandbox's unless
 * `accountId` names another). */
export async function incoming(server, from, text, profileName, ts = Date.now(), media = null, accountId = null) {
  const accounts = await api(server, 'list_accounts');
  const account = accounts.find((a) => (accountId === null ? a.sandbox : a.id === accountId));
  const hooks = await api(server, 'account_webhooks', { account_id: account.id });
  const url = hooks.find((h) => h.kind === 'incoming').url;
  const r = await postIncoming(url, account, from, text, profileName, ts, media);
  if (!r.ok) throw new Error(`incoming webhook answered ${r.status}: ${await r.text()}`);
}

/** Posts a customer's message to a Devino incoming webhook URL; answers the response. */
export function postIncoming(url, account, from, text, profileName, ts = Date.now(), media = null) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      incomingMessageId: Date.now() * 1000 + Math.floor(Math.random() * 1000),
      to: account.sender,
      from: from.replace(/^\+/, ''),
      ts,
      text,
      profileName,
      ...(media ?? {}),
    }),
  });
}

/** Cargo-style results: `test browser::… ... ok`, closed by a `test result:` line. */
export function results(prefix) {
  const all = [];
  async function test(name, body) {
    const started = Date.now();
    try {
      await body();
      all.push({ name, ok: true });
      console.log(`test ${prefix}::${name} ... ok (${Date.now() - started} ms)`);
    } catch (e) {
      all.push({ name, ok: false });
      console.log(`test ${prefix}::${name} ... FAILED\n    ${e?.stack ?? e}`);
    }
  }
  function failed(name, e) {
    all.push({ name, ok: false });
    console.log(`test ${prefix}::${name} ... FAILED\n    ${e?.stack ?? e}`);
  }
  function summary(what) {
    const passed = all.filter((r) => r.ok).length;
    const failedCount = all.length - passed;
    console.log(`\ntest result: ${failedCount ? 'FAILED' : 'ok'}. ${passed} passed; ${failedCount} failed; 0 ignored; (${what})`);
    return failedCount;
  }
  return { test, failed, summary };
}

export function expect(condition, why) {
  if (!condition) throw new Error(why);
}

export const conversationRow = (page, name) =>
  page.locator('[data-testid="conversation"]', { has: page.getByTestId('conversation-name').getByText(name, { exact: true }) });

/** Watches a page for what must never happen: scripts from data, errors, CSP violations, a
 * missing file. API errors are answers the UI shows (tests provoke some). */
export function watch(page) {
  const dialogs = [];
  const problems = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are judged below, where their URL is known.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (r.status() >= 400 && !url.pathname.startsWith('/api/')) problems.push(`HTTP ${r.status()} for ${url.pathname}`);
  });
  return { dialogs, problems };
}

/**
 * Latin-letter words a Russian screen may show besides people's data: the product, gateway and
 * tool brands, browsers and systems (a session's device), key names, abbreviations Russian UIs
 * keep as they are, and a language's own name in the language switch. Keys drawn as keys (`<kbd>`:
 * Ctrl, Alt, K) are named as the keyboard prints them, in any language, and are not scanned.
 */
const ALLOWED_LATIN = new Set(
  [
    'Switchboard', 'WhatsApp', 'Devino', 'DecisionTelecom', 'Decision', 'Telecom', 'Rapporto', 'WAMM', 'chat', 'Meta',
    'Cloud', 'API', 'bore', 'cloudflared', 'ngrok', 'Enter', 'Shift', 'Esc', 'Tab', 'CSV', 'PDF', 'HTTP', 'HTTPS', 'JSON', 'IP', 'English',
    'Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', 'Linux', 'Windows', 'macOS', 'Android', 'iOS', 'ChromeOS',
  ].map((w) => w.toLowerCase()),
);

export const latinWords = (text) =>
  (text ?? '')
    // Addresses, host names and versions are not words: https://…, inbox.example.com, 127.0.0.1
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/\b[\w-]+(?:\.[\w-]+)+\b/g, ' ')
    .match(/[A-Za-z][A-Za-z'’]*/g) ?? [];

/**
 * Where the page shows what customers wrote or are called (their words may be in any language):
 * message text, contact names and initials, list previews, file names. Only there are
 * customers' words allowed, so a customer who writes "me" or is called "Sandbox Customer" does
 * not excuse an English label elsewhere. The "You:" before a preview is a label, not theirs.
 */
const CUSTOMER_TEXT = [
  'message-text', 'conversation-name', 'conversation-preview', 'thread-name', 'avatar', 'contact-card-name',
  'board-waiting-link', 'report-drill-link',
  'media-pending', 'media-failed', 'media-card', 'composer-attachment',
].map((id) => `[data-testid="${id}"]`).join(', ');
const NOT_CUSTOMER_TEXT = ['.you', '[data-testid="media-note"]', '[data-testid="media-retry"]', '[data-testid="media-save"]'].join(', ');
/** Secrets shown once (a new API key's token): random letters, not words. */
const NOT_WORDS = '[data-testid="api-key-token"]';

/**
 * The data on screen, as the API gives it, in two sets of words. `customers`: contacts' names
 * and numbers, message text, captions and file names (allowed only in CUSTOMER_TEXT). `named`:
 * what people named outside the app and may show anywhere — accounts they added, their
 * senders, gateways, operators' names and logins, API keys' names, what a client that signed
 * in said it was (`server.named`). The app's own names (the
 * sandbox account, the built-in operator "Me") are not data: the UI shows them in the
 * reader's language.
 */
async function dataWords(server) {
  const customers = new Set();
  const named = new Set();
  const add = (set) => (text) => latinWords(text).forEach((w) => set.add(w.toLowerCase()));
  for (const text of server.named ?? []) add(named)(text);
  const info = await api(server, 'app_info');
  if (info.operator.name !== 'Me') add(named)(info.operator.name);
  for (const g of info.gateways) add(named)(g.name);
  // Operators people named; the machine's own operator (no login) is the app's, shown in the
  // reader's language.
  for (const o of await api(server, 'list_operators').catch(() => [])) {
    if (o.login !== null) [o.name, o.login].forEach(add(named));
  }
  for (const k of await api(server, 'list_api_keys').catch(() => [])) add(named)(k.name);
  for (const a of await api(server, 'list_accounts')) {
    if (!a.sandbox) add(named)(a.name);
    add(named)(a.sender);
  }
  // What the team wrote for itself: tags, canned replies, the contact card's fields. Operators'
  // words, like their names: they may be in any language and show anywhere.
  for (const tag of await api(server, 'list_tags').catch(() => [])) add(named)(tag.name);
  for (const reply of await api(server, 'list_canned').catch(() => [])) [reply.shortcut, reply.body].forEach(add(named));
  for (const field of await api(server, 'list_contact_fields').catch(() => [])) [field.key, field.label].forEach(add(named));
  const page = await api(server, 'list_conversations', { limit: 500 });
  // The list's avatars show a contact's initials (ConversationList.svelte's `initials`).
  const initials = (name) =>
    (name ?? '').trim().split(/\s+/).map((w) => [...w][0] ?? '').join('').slice(0, 2).toUpperCase();
  for (const c of page.conversations) {
    [c.contact.name, c.contact.phone, initials(c.contact.name)].forEach(add(customers));
    if (!c.sandbox) add(named)(c.account_name);
    const thread = await api(server, 'get_thread', { conversation_id: c.id, limit: 500 });
    for (const m of thread.messages) [m.text, m.content?.name, m.content?.caption, m.media?.name].forEach(add(customers));
    // Notes and contact field values: operators' words.
    for (const a of await api(server, 'conversation_activity', { conversation_id: c.id }).catch(() => [])) {
      if (a.change.kind === 'note') add(named)(a.change.text);
    }
    const card = await api(server, 'contact_card', { conversation_id: c.id }).catch(() => null);
    for (const f of card?.fields ?? []) add(named)(f.value);
  }
  return { customers, named };
}

/** English words the page shows (text, titles, placeholders, labels) beyond people's data. */
export async function englishOn(page, server) {
  const { customers, named } = await dataWords(server);
  const shown = await page.evaluate(
    ({ customerText, notCustomerText, notWords }) => {
      const app = [document.title];
      const theirs = [];
      // Every text node on screen, sorted by whose words it holds.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.nodeValue?.trim() || el.closest('script, style, kbd') || el.closest(notWords) || !el.checkVisibility()) continue;
        const customer = el.closest(customerText) && !el.closest(notCustomerText);
        (customer ? theirs : app).push(node.nodeValue);
      }
      for (const el of document.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
        for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
          const value = el.getAttribute(name);
          if (value) app.push(value);
        }
      }
      return { app: app.join('\n'), theirs: theirs.join('\n') };
    },
    { customerText: CUSTOMER_TEXT, notCustomerText: NOT_CUSTOMER_TEXT, notWords: NOT_WORDS },
  );
  const english = (text, allowed) =>
    latinWords(text).filter((w) => !ALLOWED_LATIN.has(w.toLowerCase()) && !named.has(w.toLowerCase()) && !allowed.has(w.toLowerCase()));
  return [...new Set([...english(shown.app, new Set()), ...english(shown.theirs, customers)])];
}

export async function expectNoEnglish(lang, page, server, where) {
  if (lang.code !== 'ru') return;
  const found = await englishOn(page, server);
  expect(found.length === 0, `English on the Russian ${where}: ${found.join(', ')}`);
}
