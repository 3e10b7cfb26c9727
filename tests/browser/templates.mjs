// End-to-end: message templates (issue 14), in headless Chromium against the sandbox, once in
// English and once in Russian (every screen scanned for English, common.mjs).
//
//   node tests/browser/templates.mjs      (SWITCHBOARD_BIN=… skips the cargo build, as run.mjs)
//   SCREENSHOTS=assets node tests/browser/templates.mjs   also saves the README's picture of the
//                                                         template form (assets/template-form-en.png)
//
// Devino (`serve --sandbox`, Devino lists no templates): the supervisor imports a JSON file in
// Settings — a broken one first (nothing imported, the entry's problem shown), then a good one —
// and exports it back. A customer whose last message is 25 hours old (posted to the incoming
// webhook with Devino's own `ts`, the gateway's time) has a closed window: the thread header says
// so, the composer offers only templates; the manager searches, picks one, finds the contact's
// name filled in from the card, types the rest (one parameter is an <img onerror> tag, which
// stays text), watches the server's preview, sends; the bubble shows what the customer saw and
// the template's name, the message carries the template the gateway is asked to send, and its
// ticks reach "seen". A customer who wrote an hour ago has the window open for ~23 h. A new
// conversation to a fresh number can only start with a template here, and opens its thread.
//
// Meta's Cloud API (`serve --sandbox-gateway meta_cloud`, Meta lists its own): the supervisor
// refreshes the list from Meta and sees the last refresh; the manager starts a conversation with
// one of Meta's templates, then (the window closed: the customer never wrote) sends another from
// the composer, and its ticks reach "seen".
//
// The simulators record what they were sent only inside the server's process: the exact wire
// requests are asserted by the gateways' and the engine's tests (crates/gateways, crates/core
// tests/api/templates*); here the message's content, as the gateway is asked to send it, is read
// back through the API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  addOperator,
  api,
  apiToken,
  binary,
  chromium,
  CHROMIUM,
  CHROMIUM_ARGS,
  conversationRow,
  englishOn,
  expect,
  incoming,
  results,
  signIn,
  stop,
  TIMEOUT,
  uiDist,
  watch,
} from './common.mjs';

const SUPERVISOR = { login: 'olga', name: 'Olga', role: 'supervisor', password: 'olga-correct-horse-battery' };
const MANAGER = { login: 'anna', name: 'Anna', role: 'manager', password: 'anna-correct-horse-battery' };
/** The test's own API calls (checks). */
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };
const XSS = '<img src=x onerror="__pwned=1">';
const HOUR = 3_600_000;

/** Devino's approved templates as a supervisor registers them (the file import_templates reads). */
const FILE = {
  templates: [
    {
      name: 'order_ready',
      gateway_id: '41882',
      language: 'ru',
      category: 'utility',
      // Devino fills in body parameters only: the header and the link are fixed.
      header: { kind: 'text', text: 'Заказ готов' },
      body: 'Здравствуйте, {{1}}! Заказ {{2}} готов.',
      footer: 'Магазин',
      buttons: [
        { kind: 'quick_reply', text: 'Спасибо' },
        { kind: 'url', text: 'Отследить', url: 'https://shop.example/orders' },
      ],
      params: ['contact.name'],
    },
    { name: 'welcome', gateway_id: '41883', language: 'ru', body: 'Добрый день! Это магазин: чем помочь?' },
  ],
};
/** The same with its second entry broken: nothing is imported. */
const BROKEN = { templates: [FILE.templates[0], { ...FILE.templates[1], body: '' }] };

const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    old: { phone: '+79000000401', name: 'Maria Ivanova', text: 'Is my order ready?' },
    recent: { phone: '+79000000402', name: 'Pavel Smirnov', text: 'Hello?' },
    fresh: '+79000000403',
    metaFresh: '+79000000404',
    closed: /^Window closed: templates only$/,
    open: /^Open for 2[23] h \d+ min$/,
    filledFrom: /Filled in from the contact’s name/,
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    old: { phone: '+79000000411', name: 'Мария Иванова', text: 'Мой заказ готов?' },
    recent: { phone: '+79000000412', name: 'Павел Смирнов', text: 'Алло?' },
    fresh: '+79000000413',
    metaFresh: '+79000000414',
    closed: /^Окно закрыто: только шаблоны$/,
    open: /^Открыто ещё 2[23] ч \d+ мин$/,
    filledFrom: /Подставлено: имя контакта/,
  },
];

const { test, failed, summary } = results('browser::templates');

/** `switchboard serve` with the sandbox simulating `gateway`; resolves once it listens. */
function serveSandbox(bin, dataDir, uiDir, gateway) {
  const child = spawn(
    bin,
    ['serve', '--sandbox-gateway', gateway, '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--secrets', 'file'],
    { env: { ...process.env, SWITCHBOARD_UI_DIR: uiDir, RUST_LOG: process.env.RUST_LOG ?? 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    let base = null;
    const timer = setTimeout(() => reject(new Error('serve printed no address in 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /^listening on (https?:\/\/\S+)/.exec(line);
      if (listening) base = listening[1];
      if (base && /^\s*(Open|Stop):/.test(line)) {
        clearTimeout(timer);
        resolvePromise({ child, base, token: null });
      }
    });
  });
}

/** The words of an account's templates: what people registered (or Meta lists), data like a name. */
async function templateWords(server) {
  const words = new Set();
  for (const account of await api(server, 'list_accounts')) {
    const catalog = await api(server, 'list_templates', { account_id: account.id }).catch(() => null);
    for (const t of catalog?.templates ?? []) {
      const texts = [t.name, t.gateway_id, t.language, t.header?.text, t.body, t.footer, ...t.buttons.flatMap((b) => [b.text, b.url])];
      for (const text of texts) for (const w of (text ?? '').match(/[A-Za-z][A-Za-z'’]*/g) ?? []) words.add(w.toLowerCase());
    }
  }
  return words;
}

/** No English on a Russian screen but the templates' own words (their names are data). */
async function expectNoEnglishBut(lang, page, server, where) {
  if (lang.code !== 'ru') return;
  const allowed = await templateWords(server);
  const found = (await englishOn(page, server)).filter((w) => !allowed.has(w.toLowerCase()));
  expect(found.length === 0, `English on the Russian ${where}: ${found.join(', ')}`);
}

/** A new browser context in the language, signed in as `who`. */
async function pageFor(browser, lang, server, who) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: lang.locale, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const watched = watch(page);
  await signIn(page, server.base, who.login, who.password);
  return { context, page, watched };
}

/** Nothing ran from data, nothing broke. */
async function expectClean(page, watched) {
  expect(watched.dialogs.length === 0, `dialogs opened: ${watched.dialogs.join(' | ')}`);
  expect(watched.problems.length === 0, watched.problems.join('\n'));
  expect((await page.evaluate(() => window.__pwned)) === undefined, 'a parameter ran as HTML');
}

/** The newest message of a conversation, through the API. */
async function newest(server, conversationId) {
  const thread = await api(server, 'get_thread', { conversation_id: conversationId, limit: 5 });
  return thread.messages[thread.messages.length - 1];
}

/** Picks a template in the composer's or the dialog's picker by searching for `query`. */
async function pick(scope, query, name, language = 'ru') {
  await scope.getByTestId('template-search').fill(query);
  await scope.locator(`[data-testid="template-option"][data-template-name="${name}"][data-template-language="${language}"]`).click();
  await scope.getByTestId('template-form').waitFor();
}

/** Waits until the preview's body reads `text` (the server's rendering of what was typed). */
async function previewReads(scope, text) {
  await scope.getByTestId('template-preview').getByTestId('template-rendered-body').filter({ hasText: text }).waitFor();
}

async function devino(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-templates-'));
  const t = (name, body) => test(`devino::${lang.code}::${name}`, body);
  let server = null;
  const contexts = [];
  try {
    for (const operator of [SUPERVISOR, MANAGER, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serveSandbox(bin, dataDir, dist, 'devino');
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    const account = (await api(server, 'list_accounts')).find((a) => a.sandbox);
    // The customers: one wrote 25 hours ago (Devino's `ts`, the gateway's time), one an hour ago.
    await incoming(server, lang.old.phone, lang.old.text, lang.old.name, Date.now() - 25 * HOUR);
    await incoming(server, lang.recent.phone, lang.recent.text, lang.recent.name, Date.now() - HOUR);
    const list = (await api(server, 'list_conversations', { limit: 50 })).conversations;
    const old = list.find((c) => c.contact.phone === lang.old.phone);
    expect(old !== undefined, 'the old customer’s conversation is listed');

    const supervisor = await pageFor(browser, lang, server, SUPERVISOR);
    contexts.push(supervisor.context);
    await t('the_supervisor_imports_templates_each_entry_problem_shown_then_exports_them', async () => {
      const { page } = supervisor;
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings-templates').click();
      const admin = page.getByTestId('templates-admin');
      // The sandbox comes with a few of Devino's templates registered.
      await admin.getByTestId('templates-row').first().waitFor();
      const before = await admin.getByTestId('templates-row').count();
      const row = (name, language) => admin.locator(`[data-testid="templates-row"][data-template-name="${name}"][data-template-language="${language}"]`);
      const file = (json) => ({ name: 'templates.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
      await admin.getByTestId('templates-import-file').setInputFiles(file(BROKEN));
      const problem = admin.locator('[data-testid="templates-import-problem"][data-entry="2"]');
      await problem.waitFor();
      expect((await admin.getByTestId('templates-row').count()) === before, 'a file with a problem imports nothing');
      expect((await row('welcome', 'ru').count()) === 0, 'not even its good entries');
      await expectNoEnglishBut(lang, page, server, 'templates import problems');
      await admin.getByTestId('templates-import-file').setInputFiles(file(FILE));
      // order_ready in Russian is the sandbox's already (matched by name and language): changed.
      const outcome = admin.getByTestId('templates-import-result');
      await outcome.waitFor();
      await row('welcome', 'ru').waitFor();
      expect((await admin.getByTestId('templates-row').count()) === before + 1, 'one template added, one changed');
      expect(/\b1\b.*\b1\b.*\b0\b/.test(await outcome.textContent()), `the outcome: ${await outcome.textContent()}`);
      const [download] = await Promise.all([page.waitForEvent('download'), admin.getByTestId('templates-export').click()]);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
      const entry = (name) => exported.templates.find((e) => e.name === name && e.language === 'ru');
      expect(
        ['gateway_id', 'header', 'body', 'footer', 'buttons', 'params'].every(
          (key) => JSON.stringify(entry('order_ready')?.[key]) === JSON.stringify(FILE.templates[0][key]),
        ) &&
          entry('welcome')?.gateway_id === '41883' &&
          entry('welcome')?.body === FILE.templates[1].body,
        `the export reads back the import: ${JSON.stringify(exported)}`,
      );
      await expectNoEnglishBut(lang, page, server, 'templates in Settings');
      await expectClean(page, supervisor.watched);
    });

    const manager = await pageFor(browser, lang, server, MANAGER);
    contexts.push(manager.context);
    const { page } = manager;
    const composer = page.getByTestId('composer');

    await t('an_open_window_says_how_long_it_stays_open', async () => {
      await conversationRow(page, lang.recent.name).click();
      const badge = page.getByTestId('window-badge');
      await badge.and(page.locator('[data-open="true"]')).waitFor();
      const label = (await badge.textContent()).trim();
      expect(lang.open.test(label), `the badge says "${label}"`);
      await composer.getByTestId('composer-input').waitFor();
    });

    await t('a_closed_window_offers_templates_the_manager_fills_one_and_sends_it', async () => {
      await conversationRow(page, lang.old.name).click();
      const badge = page.getByTestId('window-badge');
      await badge.and(page.locator('[data-open="false"]')).waitFor();
      expect(lang.closed.test((await badge.textContent()).trim()), `the badge says "${await badge.textContent()}"`);
      // Templates instead of a refusal: no text box, the template mode chosen, Send held.
      await composer.getByTestId('template-picker').waitFor();
      expect((await composer.getByTestId('composer-input').count()) === 0, 'no free text outside the window');
      expect((await composer.getByTestId('mode-reply').count()) === 0, 'no reply mode outside the window');
      expect((await composer.getByTestId('mode-template').getAttribute('aria-checked')) === 'true', 'the template mode is on');
      expect(await composer.getByTestId('send').isDisabled(), 'Send waits for a template');
      await expectNoEnglishBut(lang, page, server, 'composer with a closed window');

      // The search reads the texts too: "готов" is in one template's body only.
      await composer.getByTestId('template-search').fill('готов');
      await composer.locator('[data-testid="template-option"][data-template-name="welcome"]').first().waitFor({ state: 'detached' });
      await pick(composer, 'order', 'order_ready');
      const param = (i) => composer.locator(`[data-testid="template-param"][data-index="${i}"]`);
      // The first parameter is mapped to the contact's name: the server filled it in.
      await page.waitForFunction((name) => document.querySelector('[data-testid="template-param"][data-index="0"]')?.value === name, lang.old.name);
      expect(lang.filledFrom.test(await composer.getByTestId('template-param-source').textContent()), 'the field says where its value came from');
      // Empty fields: the server's problems under them, Send held.
      await composer.locator('[data-testid="template-field"][data-field="params.1"] [data-testid="template-problem"]').waitFor();
      expect(await composer.getByTestId('send').isDisabled(), 'Send is held while a field is empty');
      await expectNoEnglishBut(lang, page, server, 'template form with problems');
      await param(1).fill('A-1042');
      await previewReads(composer, `Здравствуйте, ${lang.old.name}! Заказ A-1042 готов.`);
      await composer.locator('[data-testid="template-problem"]').first().waitFor({ state: 'detached' });
      if (process.env.SCREENSHOTS && lang.code === 'en') {
        await page.screenshot({ path: join(resolve(process.env.SCREENSHOTS), 'template-form-en.png') });
      }
      await param(1).fill(XSS);
      await previewReads(composer, `Здравствуйте, ${lang.old.name}! Заказ ${XSS} готов.`);
      await composer.getByTestId('template-preview').getByTestId('template-rendered-header').filter({ hasText: 'Заказ готов' }).waitFor();
      await composer.locator('[data-testid="template-problem"]').first().waitFor({ state: 'detached' });
      expect((await composer.getByTestId('template-preview').locator('img').count()) === 0, 'the tag in a parameter stays text');
      const send = composer.getByTestId('send');
      await page.waitForFunction(() => !document.querySelector('[data-testid="composer"] [data-testid="send"]')?.disabled);
      await send.click();

      // The bubble: the template's name and exactly what the customer saw.
      const bubble = page.locator('[data-testid="message"][data-direction="out"]').filter({ has: page.getByTestId('message-template') }).last();
      await bubble.waitFor();
      expect((await bubble.getByTestId('message-template').textContent()).includes('order_ready'), 'the bubble names the template');
      const body = await bubble.getByTestId('template-rendered-body').textContent();
      expect(body === `Здравствуйте, ${lang.old.name}! Заказ ${XSS} готов.`, `the bubble shows "${body}"`);
      expect((await bubble.locator('img').count()) === 0, 'the tag in the bubble stays text');
      // What the gateway is asked to send: the registered ID and the parameters (what the
      // customer saw kept beside them).
      const message = await newest(server, old.id);
      const c = message.content;
      expect(
        c.kind === 'template' &&
          c.id === '41882' &&
          c.language === 'ru' &&
          JSON.stringify(c.params) === JSON.stringify([lang.old.name, XSS]) &&
          c.header === undefined &&
          JSON.stringify(c.buttons) === JSON.stringify([]) &&
          c.rendered?.name === 'order_ready',
        `the message's content: ${JSON.stringify(c)}`,
      );
      // Sent, delivered, read by the simulated customer.
      await page.locator(`[data-testid="message"][data-message-id="${message.id}"][data-tick="seen"]`).waitFor();
      await expectClean(page, manager.watched);
    });

    await t('a_new_conversation_starts_with_a_template_only', async () => {
      await page.getByTestId('new-conversation').click();
      const dialog = page.getByTestId('new-conversation-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('new-conversation-phone').fill(lang.fresh);
      await dialog.getByTestId('new-conversation-window-note').waitFor();
      expect((await dialog.getByTestId('new-conversation-text').count()) === 0, 'no text where the window rules');
      await pick(dialog, 'добрый', 'welcome');
      await dialog.getByTestId('template-no-fields').waitFor();
      await previewReads(dialog, 'Добрый день! Это магазин: чем помочь?');
      await expectNoEnglishBut(lang, page, server, 'new conversation with a template');
      await page.waitForFunction(() => !document.querySelector('[data-testid="new-conversation-send"]')?.disabled);
      await dialog.getByTestId('new-conversation-send').click();
      await dialog.waitFor({ state: 'detached' });
      const started = (await api(server, 'list_conversations', { limit: 50 })).conversations.find((c) => c.contact.phone === lang.fresh);
      expect(started !== undefined, 'the conversation is started');
      const thread = page.locator(`[data-testid="thread"][data-conversation-id="${started.id}"]`);
      const bubble = thread.locator('[data-testid="message"][data-direction="out"]').last();
      await bubble.getByTestId('template-rendered-body').filter({ hasText: 'Добрый день!' }).waitFor();
      const message = await newest(server, started.id);
      expect(message.content.kind === 'template' && message.content.id === '41883', `started with ${JSON.stringify(message.content)}`);
      await expectClean(page, manager.watched);
    });
    expect(account.capabilities.template_catalog === 'registered', 'Devino’s catalog is registered here');
  } catch (e) {
    failed(`devino::${lang.code}::setup`, e);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function meta(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-templates-meta-'));
  const t = (name, body) => test(`meta_cloud::${lang.code}::${name}`, body);
  let server = null;
  const contexts = [];
  try {
    for (const operator of [SUPERVISOR, MANAGER, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serveSandbox(bin, dataDir, dist, 'meta_cloud');
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);

    const supervisor = await pageFor(browser, lang, server, SUPERVISOR);
    contexts.push(supervisor.context);
    await t('the_supervisor_refreshes_the_list_from_meta', async () => {
      const { page } = supervisor;
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings-templates').click();
      const admin = page.getByTestId('templates-admin');
      await admin.getByTestId('templates-sync').click();
      await admin.getByTestId('templates-sync-result').waitFor();
      await admin.locator('[data-testid="templates-row"][data-template-name="order_shipped"]').first().waitFor();
      expect((await admin.getByTestId('templates-sync-error').count()) === 0, 'the refresh went through');
      expect((await admin.getByTestId('templates-add').count()) === 0, 'Meta’s templates are not registered here');
      await expectNoEnglishBut(lang, page, server, 'Meta templates in Settings');
      await expectClean(page, supervisor.watched);
    });

    const manager = await pageFor(browser, lang, server, MANAGER);
    contexts.push(manager.context);
    const { page } = manager;
    await t('a_conversation_starts_with_meta_template_then_another_from_the_composer', async () => {
      await page.getByTestId('new-conversation').click();
      const dialog = page.getByTestId('new-conversation-dialog');
      await dialog.getByTestId('new-conversation-phone').fill(lang.metaFresh);
      expect((await dialog.getByTestId('new-conversation-text').count()) === 0, 'no text where the window rules');
      await dialog.getByTestId('template-search').fill('order_shipped ru');
      await dialog.locator('[data-testid="template-option"][data-template-name="order_shipped"][data-template-language="ru"]').click();
      await dialog.locator('[data-testid="template-param"][data-index="0"]').fill('Мария');
      await dialog.locator('[data-testid="template-param"][data-index="1"]').fill(XSS);
      await dialog.locator('[data-testid="template-button"]').first().fill('A-42');
      await previewReads(dialog, `Здравствуйте, Мария! Заказ ${XSS} отправлен.`);
      await page.waitForFunction(() => !document.querySelector('[data-testid="new-conversation-send"]')?.disabled);
      await dialog.getByTestId('new-conversation-send').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('thread-name').filter({ hasText: lang.metaFresh }).waitFor();
      const first = page.locator('[data-testid="message"][data-direction="out"]').last();
      await first.getByTestId('template-rendered-body').filter({ hasText: XSS }).waitFor();
      expect((await first.locator('img').count()) === 0, 'the tag in the bubble stays text');
      const started = (await api(server, 'list_conversations', { limit: 50 })).conversations.find((c) => c.contact.phone === lang.metaFresh);
      const opening = (await newest(server, started.id)).content;
      expect(
        opening.kind === 'template' &&
          opening.id === 'order_shipped' &&
          opening.language === 'ru' &&
          JSON.stringify(opening.params) === JSON.stringify(['Мария', XSS]) &&
          opening.buttons.length === 1 &&
          opening.buttons[0].sub_type === 'url' &&
          opening.buttons[0].value === 'A-42',
        `the opening message's content: ${JSON.stringify(opening)}`,
      );

      // The customer never wrote: the window is closed, the composer offers templates.
      await page.getByTestId('window-badge').and(page.locator('[data-open="false"]')).waitFor();
      const composer = page.getByTestId('composer');
      await pick(composer, 'hello', 'hello_world', 'en_US');
      await previewReads(composer, 'Welcome and congratulations');
      await expectNoEnglishBut(lang, page, server, 'composer with a Meta template');
      await page.waitForFunction(() => !document.querySelector('[data-testid="composer"] [data-testid="send"]')?.disabled);
      await composer.getByTestId('send').click();
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="message"][data-direction="out"] [data-testid="message-template"]').length === 2,
      );
      // The customer's answers may come in between: the message is found by its template.
      const thread = await api(server, 'get_thread', { conversation_id: started.id, limit: 20 });
      const message = thread.messages.find((m) => m.content.kind === 'template' && m.content.id === 'hello_world');
      expect(
        message !== undefined && message.content.language === 'en_US' && message.content.rendered?.name === 'hello_world',
        `the messages: ${JSON.stringify(thread.messages.map((m) => m.content))}`,
      );
      await page.locator(`[data-testid="message"][data-message-id="${message.id}"][data-tick="seen"]`).waitFor();
      await expectClean(page, manager.watched);
    });
  } catch (e) {
    failed(`meta_cloud::${lang.code}::setup`, e);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  let browser = null;
  try {
    const bin = binary();
    const dist = uiDist();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const lang of LANGUAGES) {
      await devino(lang, bin, dist, browser);
      await meta(lang, bin, dist, browser);
    }
  } catch (e) {
    failed('setup', e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(summary('browser end-to-end: templates in the composer and the new-conversation dialog') ? 1 : 0);
}

await main();
