// End-to-end: the built UI in headless Chromium against `switchboard serve --sandbox`.
//
//   node tests/browser/run.mjs        (from the repository; ui/ must have node_modules)
//   SWITCHBOARD_BIN=path/to/switchboard node tests/browser/run.mjs   (skips the cargo build)
//
// Builds the switchboard binary and the UI when missing, makes a supervisor with the CLI
// (`switchboard operator add`) on a temporary data directory, starts serve on a free port, and
// drives the page as that supervisor would after signing in through the page — once with an
// English browser and once with a Russian one (the UI follows navigator.languages). On the
// Russian run every screen is scanned for English words (common.mjs, `englishOn`). The test's
// own API calls (the sandbox customer's webhooks, checks) are made as a second supervisor with
// a bearer token, so the page's operator sees only their own sessions. Prints cargo-style
// `test result:` lines so scripts/test folds the counts into its total. Exits 1 on a failure.
// team.mjs runs a team's shared inbox (a manager, a supervisor, a reviewer) the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  addOperator,
  api,
  apiToken,
  binary,
  chromium,
  CHROMIUM,
  CHROMIUM_ARGS,
  conversationRow,
  expect,
  expectNoEnglish,
  incoming,
  postIncoming,
  results,
  serve,
  signIn,
  stop,
  TIMEOUT,
  uiDist,
  watch,
} from './common.mjs';

/** The operator at the page, and the one the test's own API calls run as. */
const OPERATOR = { login: 'olga', name: 'Olga', role: 'supervisor', password: 'olga-correct-horse-battery' };
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };

/** A 1x1 PNG: a real image for the media tests. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A file host for customers' media on 127.0.0.1: `/photo.png` (served as octet-stream, so
 * the type must come from the bytes), `/flaky.png` (404, a failure that is not retried by
 * itself, until `fixed`). */
function fileHost() {
  const host = { fixed: false, url: '' };
  const srv = createServer((req, res) => {
    if (req.url === '/photo.png' || (req.url === '/flaky.png' && host.fixed)) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': PNG.length });
      res.end(PNG);
    } else {
      res.writeHead(404);
      res.end('not here yet');
    }
  });
  return new Promise((resolvePromise) =>
    srv.listen(0, '127.0.0.1', () => {
      host.url = `http://127.0.0.1:${srv.address().port}`;
      host.close = () => srv.close();
      resolvePromise(host);
    }),
  );
}

const { test, failed, summary } = results('browser');

/** The sandbox customer's own conversation (others may come to bear the same profile name). */
const SANDBOX_CUSTOMER = '+79000000001';
async function sandboxConversation(server) {
  const { conversations } = await api(server, 'list_conversations', { limit: 500 });
  const found = conversations.find((c) => c.sandbox && c.contact.phone === SANDBOX_CUSTOMER);
  if (!found) throw new Error('no conversation with the sandbox customer');
  return found.id;
}

/** What each run expects to read, in its language. */
const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    typeMessage: /type a message/i,
    overByTwo: '2 characters over',
    needName: /name/i,
    mediaNote: /404|could not|failed/i,
    oneUnread: '1 unread message',
    settings: 'Settings',
    wrongPassword: 'Wrong login or password.',
    supervisor: 'Supervisor',
    thisSession: 'this one',
    keyShownOnce: /shown only once/,
    keyName: 'Nightly report',
    sandboxAccount: 'Sandbox (simulated Devino)',
    rotateAction: 'New webhook addresses',
    rotateExplains: /old ones keep working for 24 hours/,
    rotatedNote: /^New addresses are ready: give them to the gateway\. The old ones keep working until .+, then are refused\.$/,
    cleartextWarning: /over plain HTTP/,
    rejected: 'Rejected',
    retry: 'Retry',
    discard: 'Discard',
    discarded: 'Discarded',
    discardedReason: 'Discarded: it will not be sent.',
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    typeMessage: /введите текст/i,
    overByTwo: 'На 2 символа больше',
    needName: /названи/i,
    mediaNote: /404|не удалось/i,
    oneUnread: '1 непрочитанное сообщение',
    settings: 'Настройки',
    wrongPassword: 'Неверный логин или пароль.',
    supervisor: 'Руководитель',
    thisSession: 'этот сеанс',
    keyShownOnce: /только один раз/,
    keyName: 'Ночной отчёт',
    sandboxAccount: 'Песочница (имитация Devino)',
    rotateAction: 'Новые адреса для вебхуков',
    rotateExplains: /старые проработают ещё 24 часа/,
    rotatedNote: /^Новые адреса готовы — передайте их шлюзу\. Старые работают до .+, после этого запросы на них будут отклоняться\.$/,
    cleartextWarning: /по открытому HTTP/,
    rejected: 'Отклонено',
    retry: 'Повторить',
    discard: 'Не отправлять',
    discarded: 'Отменено',
    discardedReason: 'Отменено: это сообщение не будет отправлено.',
  },
];

async function main() {
  const bin = binary();
  const dist = uiDist();
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const lang of LANGUAGES) await suite(lang, bin, dist, browser);
  } catch (e) {
    failed('setup', e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(summary('browser end-to-end') ? 1 : 0);
}

/** The whole operator flow in one language, on a fresh server and browser profile. */
async function suite(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-browser-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  let context = null;
  try {
    // An administrator sets up the team with the CLI before serving it.
    addOperator(bin, dataDir, OPERATOR);
    addOperator(bin, dataDir, ROBOT);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    // A fresh profile whose language is the run's: navigator.languages is [locale].
    context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: lang.locale });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    // Anything that executes customer text, or breaks the CSP, is caught here.
    const { dialogs, problems } = watch(page);

    await t('serves_the_ui_with_a_strict_csp_and_asks_to_sign_in', async () => {
      const response = await page.goto(`${server.base}/`);
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp.includes("default-src 'self'") && !csp.includes('unsafe'), `CSP was ${JSON.stringify(csp)}`);
      const form = page.getByTestId('sign-in');
      await form.waitFor();
      expect((await page.getByTestId('conversation').count()) === 0, 'nothing is shown before signing in');
      await expectNoEnglish(lang, page, server, 'sign-in');
      // A wrong password is said in the reader's language, and nothing opens.
      await form.getByTestId('sign-in-login').fill(OPERATOR.login);
      await form.getByTestId('sign-in-password').fill('not-the-password');
      await form.getByTestId('sign-in-submit').click();
      await form.getByTestId('sign-in-error').getByText(lang.wrongPassword, { exact: true }).waitFor();
      await expectNoEnglish(lang, page, server, 'wrong password');
    });

    await t('signing_in_opens_the_inbox_with_an_httponly_session_cookie', async () => {
      await signIn(page, server.base, OPERATOR.login, OPERATOR.password);
      await page.getByTestId('conversation').first().waitFor();
      await page.getByTestId('sandbox-note').waitFor();
      expect(!page.url().includes('token'), `a token in the address bar: ${page.url()}`);
      const cookies = await context.cookies(server.base);
      expect(cookies.length > 0, 'the server set a session cookie');
      expect(cookies.every((c) => c.httpOnly && c.sameSite === 'Strict'), `cookies: ${JSON.stringify(cookies)}`);
      // Nothing the page can read holds a credential.
      const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + document.cookie);
      expect(!/token|session/i.test(stored), `the page keeps a credential: ${stored}`);
    });

    await t('the_page_speaks_the_browser_language', async () => {
      const lang_ = await page.evaluate(() => document.documentElement.lang);
      expect(lang_ === lang.code, `<html lang> is ${lang_}`);
      const label = await page.getByTestId('open-settings').getAttribute('aria-label');
      expect(label === lang.settings, `the settings button is labelled ${label}`);
    });

    await t('the_sandbox_conversation_shows_with_its_unread_hello', async () => {
      const row = conversationRow(page, 'Sandbox Customer');
      const badge = row.getByTestId('unread-badge');
      await badge.getByText('1', { exact: true }).waitFor();
      expect((await badge.getAttribute('aria-label')) === lang.oneUnread, `badge label: ${await badge.getAttribute('aria-label')}`);
      // The sandbox account and the built-in operator are named in the reader's language.
      const account = await row.getByTestId('account-badge').textContent();
      expect(account?.startsWith(`${lang.sandboxAccount} · Devino`), `account badge: ${account}`);
      const operator = await page.getByTestId('operator-name').textContent();
      expect(operator === OPERATOR.name, `the operator is named ${operator}`);
      const role = await page.getByTestId('operator-role').textContent();
      expect(role?.includes(lang.supervisor), `the role reads ${role}`);
      const note = await page.getByTestId('sandbox-note').textContent();
      expect(note?.includes(lang.sandboxAccount), `sandbox note: ${note}`);
      await expectNoEnglish(lang, page, server, 'inbox');
    });

    await t('opening_a_conversation_marks_it_read', async () => {
      const row = conversationRow(page, 'Sandbox Customer');
      await row.click();
      await page.getByTestId('thread').waitFor();
      expect(/#\/c\/\d+$/.test(page.url()), `the conversation has its own address: ${page.url()}`);
      await page.getByTestId('message-text').getByText(/sandbox customer/).waitFor();
      await row.getByTestId('unread-badge').waitFor({ state: 'detached' });
    });

    await t('the_composer_explains_why_it_cannot_send', async () => {
      const input = page.getByTestId('composer-input');
      const send = page.getByTestId('send');
      expect(await send.isDisabled(), 'send must be disabled with no text');
      await page.getByTestId('composer-reason').getByText(lang.typeMessage).waitFor();
      await expectNoEnglish(lang, page, server, 'thread');
      const limit = Number((await page.getByTestId('composer-counter').textContent())?.split('/')[1]);
      expect(limit > 0, 'the counter shows the gateway limit');
      await input.fill('x'.repeat(limit + 2));
      await page.getByTestId('composer-reason').getByText(lang.overByTwo, { exact: false }).waitFor();
      expect(await send.isDisabled(), 'send must be disabled over the limit');
      await input.fill('');
    });

    let ticks = [];
    await t('a_sent_message_ticks_to_seen_and_the_reply_arrives_live', async () => {
      const text = `Hello from the browser test ${Date.now()}`;
      await page.getByTestId('composer-input').fill(text);
      await page.getByTestId('composer-input').press('Enter');
      const mine = page.locator('[data-testid="message"][data-direction="out"]', { has: page.getByText(text) });
      await mine.waitFor();
      expect((await page.getByTestId('composer-input').inputValue()) === '', 'the composer clears after sending');
      const author = (await mine.getByTestId('operator').textContent())?.trim();
      expect(author === OPERATOR.name, `the message's author is named ${author}`);
      // Watch the tick until it turns blue.
      const deadline = Date.now() + TIMEOUT;
      for (;;) {
        const tick = await mine.getAttribute('data-tick');
        if (ticks.at(-1) !== tick) ticks.push(tick);
        if (tick === 'seen' || Date.now() > deadline) break;
        await page.waitForTimeout(50);
      }
      expect(ticks.at(-1) === 'seen', `ticks went ${ticks.join(' → ')}`);
      expect(ticks.length >= 2, `the tick must be seen advancing, saw only ${ticks.join(' → ')}`);
      await page.locator('[data-testid="message"][data-direction="in"]', { hasText: 'Got it, thanks' }).waitFor();
      const preview = await conversationRow(page, 'Sandbox Customer').getByTestId('conversation-preview').textContent();
      expect(/Got it, thanks/.test(preview ?? ''), `the list preview follows: ${preview}`);
      await expectNoEnglish(lang, page, server, 'thread after sending');
    });

    await t('an_undeliverable_message_shows_the_gateway_reason', async () => {
      // The simulated gateway reports numbers ending in 2305 as not on WhatsApp.
      await incoming(server, '+79000002305', 'Hello, please write back', 'No WhatsApp');
      await conversationRow(page, 'No WhatsApp').click();
      await page.getByTestId('thread-name').getByText('No WhatsApp', { exact: true }).waitFor();
      await page.getByTestId('composer-input').fill('Will this arrive?');
      await page.getByTestId('composer-input').press('Enter');
      const mine = page.locator('[data-testid="message"][data-direction="out"]', { hasText: 'Will this arrive?' });
      await mine.and(page.locator('[data-tick="failed"]')).waitFor();
      const reason = await mine.getByTestId('failure-reason').textContent();
      expect(/whatsapp/i.test(reason ?? ''), `the reason is the gateway's, in words: ${reason}`);
      // Sent but undeliverable is final: the outbox refuses to retry it, so no button offers to.
      expect((await mine.getByTestId('retry').count()) === 0, 'no retry for a message the gateway took');
      await expectNoEnglish(lang, page, server, "gateway's refusal");
    });

    await t('a_refused_message_offers_retry_and_discard_and_is_discarded', async () => {
      // A message the gateway refuses (not one it took and could not deliver, as above) is
      // the manager's to retry or discard. The sandbox gateway refuses a wrong API key: an
      // account on it with a key of its own is refused on every send, through the real outbox.
      const [sandbox] = (await api(server, 'list_accounts')).filter((a) => a.sandbox);
      const shop = await api(server, 'add_account', {
        name: 'Shop',
        gateway: 'devino',
        sender: sandbox.sender,
        base_url: sandbox.base_url,
        secret: 'not-the-sandbox-key',
      });
      try {
        await incoming(server, '+79000000055', 'Can you send me the invoice?', 'Refused Send', Date.now(), null, shop.id);
        const row = conversationRow(page, 'Refused Send');
        await row.click();
        await page.getByTestId('thread-name').getByText('Refused Send', { exact: true }).waitFor();
        const sub = await page.getByTestId('thread-sub').textContent();
        expect(sub?.includes('Shop · Devino'), `an account people named is shown as named: ${sub}`);
        await page.getByTestId('composer-input').fill('Here it is');
        await page.getByTestId('composer-input').press('Enter');
        const mine = page.locator('[data-testid="message"][data-direction="out"]', { hasText: 'Here it is' });
        await mine.and(page.locator('[data-tick="failed"]')).waitFor();
        const label = await mine.getByTestId('tick').getAttribute('title');
        expect(label === lang.rejected, `the tick says ${label}`);
        const reason = await mine.getByTestId('failure-reason').textContent();
        expect(/401/.test(reason ?? ''), `the gateway's refusal, in words: ${reason}`);
        const retry = (await mine.getByTestId('retry').textContent())?.trim();
        const discard = (await mine.getByTestId('discard').textContent())?.trim();
        expect(retry === lang.retry && discard === lang.discard, `the buttons read ${retry} and ${discard}`);
        await expectNoEnglish(lang, page, server, 'refused message');
        await mine.getByTestId('discard').click();
        await mine.and(page.locator('[data-tick="discarded"]')).waitFor();
        const discarded = await mine.getByTestId('tick').textContent();
        expect(discarded?.trim() === lang.discarded, `the tick says ${discarded}`);
        const why = await mine.getByTestId('failure-reason').textContent();
        expect(why === lang.discardedReason, `the note says ${why}`);
        expect((await mine.getByTestId('retry').count()) + (await mine.getByTestId('discard').count()) === 0, 'nothing left to do');
        const id = await mine.getAttribute('data-message-id');
        const conversationId = Number(await row.getAttribute('data-conversation-id'));
        const thread = await api(server, 'get_thread', { conversation_id: conversationId, limit: 50 });
        const stored = thread.messages.find((m) => m.id === id);
        expect(stored?.send_state === 'discarded', `the server has it ${stored?.send_state}`);
        await expectNoEnglish(lang, page, server, 'discarded message');
      } finally {
        // Back to the sandbox alone, as the rest of the run (and the README's pictures) expect.
        await page.goto(`${server.base}/#/`);
        await api(server, 'remove_account', { account_id: shop.id });
        await page.reload();
        await page.getByTestId('sandbox-note').waitFor();
        await conversationRow(page, 'Refused Send').waitFor({ state: 'detached' });
      }
    });

    const XSS_NAME = '<img src=x onerror="window.__pwned=\'name\'">Mallory';
    const XSS_TEXTS = [
      '<script>window.__pwned="script"</script>',
      '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
      'click javascript:window.__pwned="link" or <a href="javascript:alert(2)">here</a>',
    ];
    const PHONE = '+79000000077';
    await t('a_new_customer_appears_live_with_an_unread_badge', async () => {
      await incoming(server, PHONE, XSS_TEXTS[0], XSS_NAME);
      const row = conversationRow(page, XSS_NAME);
      await row.getByTestId('unread-badge').getByText('1', { exact: true }).waitFor();
      await incoming(server, PHONE, XSS_TEXTS[1], XSS_NAME);
      await row.getByTestId('unread-badge').getByText('2', { exact: true }).waitFor();
      const first = await page.getByTestId('conversation').first().getAttribute('data-conversation-id');
      expect(first === (await row.getAttribute('data-conversation-id')), 'the newest conversation is on top');
    });

    await t('markup_in_names_and_messages_is_shown_as_text_and_never_runs', async () => {
      await incoming(server, PHONE, XSS_TEXTS[2], XSS_NAME);
      await conversationRow(page, XSS_NAME).click();
      await page.getByTestId('thread-name').getByText(XSS_NAME, { exact: true }).waitFor();
      for (const text of XSS_TEXTS) await page.getByTestId('message-text').getByText(text, { exact: true }).waitFor();
      await page.waitForTimeout(500);
      const found = await page.evaluate(() => ({
        pwned: /** @type {any} */ (window).__pwned ?? null,
        images: document.querySelectorAll('#app img').length,
        scripts: document.querySelectorAll('#app script').length,
        links: document.querySelectorAll('#app a[href^="javascript:" i]').length,
      }));
      expect(found.pwned === null, `customer text ran: window.__pwned = ${found.pwned}`);
      expect(found.images === 0 && found.scripts === 0 && found.links === 0, `markup became elements: ${JSON.stringify(found)}`);
      expect(dialogs.length === 0, `a dialog opened: ${dialogs.join(', ')}`);
    });

    await t('older_history_loads_on_scroll_up_with_day_separators', async () => {
      const phone = '+79000000088';
      const total = 75;
      const start = Date.now() - total * 30 * 60_000;
      for (let i = 0; i < total; i++) {
        await incoming(server, phone, `History message ${i + 1}`, 'Long History', start + i * 30 * 60_000);
      }
      await conversationRow(page, 'Long History').click();
      await page.getByTestId('message-text').getByText(`History message ${total}`, { exact: true }).waitFor();
      const shown = await page.getByTestId('message').count();
      expect(shown < total, `the first page holds only the newest messages, not all ${shown}`);
      // Scroll up until the oldest arrives, as a reader would.
      const deadline = Date.now() + TIMEOUT;
      while (!(await page.getByTestId('message-text').getByText('History message 1', { exact: true }).count())) {
        expect(Date.now() < deadline, 'the oldest message never loaded');
        await page.getByTestId('thread-messages').evaluate((el) => (el.scrollTop = 0));
        await page.waitForTimeout(100);
      }
      expect((await page.getByTestId('message').count()) === total, 'every message is shown once');
      const days = await page.getByTestId('day-separator').count();
      expect(days >= 2, `messages over ${Math.round((total * 30) / 60)} hours span at least two days, got ${days} separators`);
      await expectNoEnglish(lang, page, server, 'day separators');
    });

    await t('settings_offer_the_language_the_accounts_and_the_public_address', async () => {
      await page.getByTestId('open-settings').click();
      const settings = page.getByTestId('settings');
      await settings.waitFor();
      expect(/#\/settings$/.test(page.url()), `settings have their own address: ${page.url()}`);
      expect((await settings.getByTestId('settings-account').count()) > 0, 'the sandbox account is listed');
      expect(await settings.getByTestId('language-system').isChecked(), 'the language follows the system at first');
      await expectNoEnglish(lang, page, server, 'settings');
    });

    await t('the_add_account_form_says_what_is_missing_and_answers_the_connection_test', async () => {
      await page.getByTestId('open-add-account').click();
      const form = page.getByTestId('add-account');
      await form.waitFor();
      const gateways = await form.getByTestId('account-gateway').locator('option').count();
      expect(gateways > 0, 'the gateway list comes from app_info');
      await form.getByTestId('account-add').click();
      await form.getByTestId('account-form-error').getByText(lang.needName).waitFor();
      await expectNoEnglish(lang, page, server, 'add-account form');
      await form.getByTestId('account-name').fill('Shop');
      await form.getByTestId('account-sender').fill('MyShop');
      await form.getByTestId('account-base-url').fill('ftp://example.invalid');
      await form.getByTestId('account-secret').fill('not-a-real-key');
      await form.getByTestId('account-test').click();
      await form.getByTestId('account-form-error').getByText(/http/).waitFor();
      const before = await form.getByTestId('account-form-error').textContent();
      await form.getByTestId('account-base-url').fill('http://127.0.0.1:9');
      await form.getByTestId('account-test').click();
      // Whatever the server says (a failed check, or an error), the form shows it in words.
      await page.waitForFunction((previous) => {
        const check = document.querySelector('[data-testid="account-check"]');
        const error = document.querySelector('[data-testid="account-form-error"]');
        return check !== null || (error !== null && error.textContent !== previous);
      }, before);
      await expectNoEnglish(lang, page, server, 'connection test');
      await form.getByTestId('account-cancel').click();
      await form.waitFor({ state: 'detached' });
      await page.getByTestId('settings').waitFor();
    });

    await t('the_public_address_panel_shows_callback_urls_and_changes_the_address', async () => {
      await page.getByTestId('open-public-address').click();
      const panel = page.getByTestId('public-address');
      await panel.waitFor();
      const local = await panel.getByTestId('public-base-url').textContent();
      expect(local?.startsWith(server.base), `the sandbox's callbacks point at the local listener, got ${local}`);
      const urls = await panel.getByTestId('callback-url').allTextContents();
      expect(urls.length > 0 && urls.every((u) => u.startsWith(`${server.base}/hooks/`)), `callback URLs: ${urls}`);
      expect((await panel.getByTestId('copy-callback-url').count()) === urls.length, 'each URL has a Copy button');
      await expectNoEnglish(lang, page, server, 'public address panel');
      await panel.getByTestId('public-mode-url').check();
      await panel.getByTestId('public-url').fill('inbox.example.com');
      await panel.getByTestId('public-address-save').click();
      await panel.getByTestId('public-address-error').getByText(/https:\/\//).waitFor();
      await panel.getByTestId('public-url').fill('https://inbox.example.com');
      await panel.getByTestId('public-address-save').click();
      await panel.getByTestId('public-base-url').getByText('https://inbox.example.com').waitFor();
      await panel.getByTestId('callback-url').first().getByText(/^https:\/\/inbox\.example\.com\/hooks\//).waitFor();
      await expectNoEnglish(lang, page, server, 'public address warning');
      // Back to local, so the sandbox's callbacks keep arriving.
      await panel.getByTestId('public-mode-local').check();
      await panel.getByTestId('public-address-save').click();
      await panel.getByTestId('public-base-url').getByText(server.base).waitFor();
      await panel.getByTestId('public-address-close').click();
      await panel.waitFor({ state: 'detached' });
    });

    await t('the_sandbox_account_gets_new_webhook_addresses_after_a_confirmation', async () => {
      const [sandbox] = (await api(server, 'list_accounts')).filter((a) => a.sandbox);
      const urlsOf = async () => (await api(server, 'account_webhooks', { account_id: sandbox.id })).map((h) => h.url);
      const before = await urlsOf();
      await page.getByTestId('open-public-address').click();
      const panel = page.getByTestId('public-address');
      const account = panel.locator(`[data-testid="account-callbacks"][data-account-id="${sandbox.id}"]`);
      await account.waitFor();
      const shown = () => account.getByTestId('callback-url').allTextContents();
      expect(JSON.stringify(await shown()) === JSON.stringify(before), `the panel shows ${await shown()}, the API ${before}`);
      const action = account.getByTestId('rotate-webhooks');
      expect((await action.textContent())?.trim() === lang.rotateAction, `the action reads ${await action.textContent()}`);
      // Asked first, with what it means; cancelling changes nothing.
      await action.click();
      const confirm = account.getByTestId('rotate-confirm');
      await confirm.waitFor();
      expect(lang.rotateExplains.test((await confirm.textContent()) ?? ''), `the confirmation says ${await confirm.textContent()}`);
      expect((await confirm.textContent())?.includes(lang.sandboxAccount), 'the confirmation names the account');
      expect(await account.getByTestId('rotate-cancel').evaluate((el) => el === document.activeElement), 'it opens on Cancel');
      await expectNoEnglish(lang, page, server, 'webhook rotation confirmation');
      await account.getByTestId('rotate-cancel').click();
      await confirm.waitFor({ state: 'detached' });
      expect(JSON.stringify(await urlsOf()) === JSON.stringify(before), 'cancelling keeps the addresses');
      // Confirmed: new URLs from the API, shown with Copy and a note.
      await action.click();
      await account.getByTestId('rotate-confirm-button').click();
      const note = account.getByTestId('rotated-note');
      await note.waitFor();
      await confirm.waitFor({ state: 'detached' });
      const after = await urlsOf();
      expect(after.length === before.length && after.every((u, i) => u !== before[i]), `new URLs: ${before} → ${after}`);
      await page.waitForFunction(
        ({ id, urls }) =>
          JSON.stringify(
            [...document.querySelectorAll(`[data-account-id="${id}"] [data-testid="callback-url"]`)].map((el) => el.textContent),
          ) === JSON.stringify(urls),
        { id: sandbox.id, urls: after },
      );
      expect((await account.getByTestId('copy-callback-url').count()) === after.length, 'each new URL has a Copy button');
      const said = (await note.textContent())?.trim() ?? '';
      expect(lang.rotatedNote.test(said), `the note says ${said}`);
      await expectNoEnglish(lang, page, server, 'new webhook addresses');
      // The old incoming URL still works during its 24 hours; the new one works too.
      const oldIncoming = before.find((u) => u.includes('incoming')) ?? before[0];
      const r = await postIncoming(oldIncoming, sandbox, '+79000000044', 'Sent to the old address', 'Old Address');
      expect(r.ok, `the old URL answered ${r.status}`);
      await incoming(server, '+79000000044', 'Sent to the new address', 'Old Address');
      await conversationRow(page, 'Old Address').waitFor();
      await panel.getByTestId('public-address-close').click();
      await panel.waitFor({ state: 'detached' });
    });

    await t('a_plain_http_address_is_warned_about_at_the_top_of_the_public_address_panel', async () => {
      // Plain HTTP to another machine is warned about once an account needs webhooks from
      // the internet (the sandbox's gateway runs here).
      const [sandbox] = (await api(server, 'list_accounts')).filter((a) => a.sandbox);
      const shop = await api(server, 'add_account', {
        name: 'Shop',
        gateway: 'devino',
        sender: sandbox.sender,
        base_url: sandbox.base_url,
        secret: 'not-the-sandbox-key',
      });
      await page.getByTestId('open-public-address').click();
      const panel = page.getByTestId('public-address');
      try {
        await panel.waitFor();
        await panel.getByTestId('public-mode-url').check();
        await panel.getByTestId('public-url').fill('http://inbox.example.com');
        await panel.getByTestId('public-address-save').click();
        const warning = panel.locator('[data-testid="public-address-warning"][data-warning="public_address.warning_cleartext"]');
        await warning.waitFor();
        const text = (await warning.textContent()) ?? '';
        expect(lang.cleartextWarning.test(text) && text.includes('http://inbox.example.com'), `the warning says ${text}`);
        const [warningBox, title] = await Promise.all([warning.boundingBox(), panel.locator('h2').boundingBox()]);
        const form = await panel.locator('form').boundingBox();
        expect(warningBox && title && form && warningBox.y > title.y && warningBox.y < form.y, 'the warning is at the top');
        const summary = (await page.getByTestId('open-public-address').textContent()) ?? '';
        expect(summary.includes('HTTP'), `the sidebar says what is wrong: ${summary}`);
        // New addresses would be readable on the way too: the confirmation says so.
        const account = panel.locator(`[data-testid="account-callbacks"][data-account-id="${shop.id}"]`);
        await account.getByTestId('rotate-webhooks').click();
        await account.getByTestId('rotate-confirm').getByText(/HTTP/).waitFor();
        await expectNoEnglish(lang, page, server, 'plain HTTP warning');
        await account.getByTestId('rotate-cancel').click();
      } finally {
        await panel.getByTestId('public-mode-local').check();
        await panel.getByTestId('public-address-save').click();
        await panel.getByTestId('public-base-url').getByText(server.base).waitFor();
        await api(server, 'remove_account', { account_id: shop.id });
        await panel.getByTestId('public-address-warning').waitFor({ state: 'detached' });
        await panel.getByTestId('public-address-close').click();
        await panel.waitFor({ state: 'detached' });
      }
    });

    const files = await fileHost();
    await t('an_incoming_image_is_cached_and_previewed_inline', async () => {
      await incoming(server, '+79000000066', 'Here is the photo', 'Photo Sender', Date.now(), {
        contentUrl: `${files.url}/photo.png`,
        contentType: 'image/png',
        contentName: 'photo.png',
      });
      await conversationRow(page, 'Photo Sender').click();
      await page.getByTestId('message-text').getByText('Here is the photo', { exact: true }).waitFor();
      const img = page.getByTestId('media-image').locator('img');
      await img.waitFor();
      // Loaded from a blob: URL under the strict CSP, with real pixels.
      await page.waitForFunction((el) => el.complete && el.naturalWidth === 1, await img.elementHandle());
      expect((await img.getAttribute('src'))?.startsWith('blob:'), 'the picture comes from the cache as a blob');
    });

    await t('a_failing_download_shows_a_note_and_retry_fetches_it', async () => {
      await incoming(server, '+79000000066', 'And another one', 'Photo Sender', Date.now(), {
        contentUrl: `${files.url}/flaky.png`,
        contentType: 'image/png',
        contentName: 'flaky.png',
      });
      const message = page.locator('[data-testid="message"]', { hasText: 'And another one' });
      const failed = message.getByTestId('media-failed');
      await failed.waitFor();
      const note = await failed.getByTestId('media-note').textContent();
      expect(lang.mediaNote.test(note ?? ''), `the note says why: ${note}`);
      await expectNoEnglish(lang, page, server, 'failed download');
      files.fixed = true;
      await failed.getByTestId('media-retry').click();
      const img = message.getByTestId('media-image').locator('img');
      await img.waitFor();
      await page.waitForFunction((el) => el.complete && el.naturalWidth === 1, await img.elementHandle());
    });

    await t('a_file_attached_in_the_composer_is_sent_as_media_with_its_caption', async () => {
      await page.getByTestId('composer-file').setInputFiles({ name: 'price-list.png', mimeType: 'image/png', buffer: PNG });
      await page.getByTestId('composer-attachment').getByText('price-list.png').waitFor();
      await page.getByTestId('composer-input').fill('Our price list');
      await page.getByTestId('composer-input').press('Enter');
      const mine = page.locator('[data-testid="message"][data-direction="out"]', { hasText: 'Our price list' });
      await mine.waitFor();
      await mine.and(page.locator('[data-tick="seen"]')).waitFor();
      await page.getByTestId('composer-attachment').waitFor({ state: 'detached' });
    });
    files.close();

    if (lang.code === 'ru') {
      await t('the_language_chosen_in_settings_is_kept_across_reloads', async () => {
        await page.goto(`${server.base}/#/settings`);
        await page.getByTestId('settings').waitFor();
        await page.getByTestId('language-en').check();
        await page.getByTestId('settings').getByRole('heading', { name: 'Settings' }).waitFor();
        await page.reload();
        await page.getByTestId('settings').getByRole('heading', { name: 'Settings' }).waitFor();
        expect((await page.evaluate(() => document.documentElement.lang)) === 'en', 'the page is English after a reload');
        await page.getByTestId('language-system').check();
        await page.getByTestId('settings').getByRole('heading', { name: 'Настройки' }).waitFor();
        await page.reload();
        await page.getByTestId('settings').getByRole('heading', { name: 'Настройки' }).waitFor();
        await expectNoEnglish(lang, page, server, 'settings after switching back');
      });
    }

    await t('settings_list_this_session_and_show_a_new_api_key_once', async () => {
      // Another session of the same operator (a script that signed in), to be ended from here.
      const other = await apiToken(server, OPERATOR.login, OPERATOR.password);
      // Settings load the sessions as they open.
      await page.goto(`${server.base}/#/`);
      await page.getByTestId('open-settings').click();
      const sessions = page.getByTestId('sessions');
      await sessions.getByTestId('session-current').getByText(lang.thisSession, { exact: true }).waitFor();
      const mine = sessions.locator('[data-testid="session"]', { has: page.getByTestId('session-current') });
      const device = await mine.getByTestId('session-device').textContent();
      expect(/Chrome/.test(device ?? ''), `this session's device reads ${device}`);
      const others = sessions.locator('[data-testid="session"]', { hasNot: page.getByTestId('session-current') });
      await others.first().waitFor();
      await expectNoEnglish(lang, page, server, 'sessions');
      // Ending the script's session from here: its token is refused from then on.
      await others.first().getByTestId('session-revoke').click();
      await others.first().waitFor({ state: 'detached' });
      const refused = await fetch(`${server.base}/api/app_info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${other}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(refused.status === 401, `the ended session's token answered ${refused.status}`);

      const keys = page.getByTestId('api-keys');
      await keys.getByTestId('api-key-name-input').fill(lang.keyName);
      await keys.getByTestId('api-key-create').click();
      const created = keys.getByTestId('api-key-created');
      await created.waitFor();
      expect(lang.keyShownOnce.test((await created.textContent()) ?? ''), `the note says ${await created.textContent()}`);
      const token = ((await created.getByTestId('api-key-token').textContent()) ?? '').trim();
      expect(token.length >= 20, `the token shown: ${token}`);
      await expectNoEnglish(lang, page, server, 'new API key');
      // The key works as the operator, then is gone from the page for good.
      expect((await api(server, 'app_info', {}, token)).operator.login === OPERATOR.login, 'the key acts as its operator');
      await created.getByTestId('api-key-done').click();
      await created.waitFor({ state: 'detached' });
      expect(!((await page.content()).includes(token)), 'the token is shown once only');
      const row = keys.locator('[data-testid="api-key"]', { hasText: lang.keyName });
      await row.waitFor();
      await row.getByTestId('api-key-revoke').click();
      await row.waitFor({ state: 'detached' });
      const revoked = await fetch(`${server.base}/api/app_info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(revoked.status === 401, `the revoked key answered ${revoked.status}`);
    });

    await t('an_ended_session_returns_to_the_sign_in_and_back_to_the_same_address', async () => {
      await page.goto(`${server.base}/#/`);
      const id = await sandboxConversation(server);
      const row = page.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`);
      await row.click();
      await page.locator(`[data-testid="thread"][data-conversation-id="${id}"]`).waitFor();
      // Signed out behind the page's back (another tab, say).
      const status = await page.evaluate(() =>
        fetch('/api/sign_out', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.status),
      );
      expect(status === 200, `sign_out answered ${status}`);
      // The next request is refused (unless the event stream noticed first): the sign-in.
      await page
        .getByTestId('composer-input')
        .fill('Are you still there?', { timeout: 3000 })
        .then(() => page.getByTestId('composer-input').press('Enter', { timeout: 3000 }))
        .catch(() => {});
      await page.getByTestId('sign-in-ended').waitFor();
      expect(page.url().endsWith(`#/c/${id}`), `the address is kept: ${page.url()}`);
      await expectNoEnglish(lang, page, server, 'ended session');
      await page.getByTestId('sign-in-login').fill(OPERATOR.login);
      await page.getByTestId('sign-in-password').fill(OPERATOR.password);
      await page.getByTestId('sign-in-submit').click();
      await page.locator(`[data-testid="thread"][data-conversation-id="${id}"]`).waitFor();
      const thread = await api(server, 'get_thread', { conversation_id: Number(id), limit: 50 });
      expect(!thread.messages.some((m) => m.text === 'Are you still there?'), 'nothing was sent without a session');
    });

    await t('signing_out_in_settings_shows_the_sign_in', async () => {
      await page.goto(`${server.base}/#/settings`);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
      const status = await page.evaluate(() =>
        fetch('/api/app_info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.status),
      );
      expect(status === 401, `after signing out the API answered ${status}`);
      await signIn(page, server.base, OPERATOR.login, OPERATOR.password);
    });

    await t('the_page_logged_no_errors_or_csp_violations', async () => {
      expect(problems.length === 0, problems.join('\n'));
    });

    // scripts/screenshots asks for the README's pictures (inbox-en.png, inbox-ru.png); a test
    // run never writes tracked files.
    if (process.env.SCREENSHOTS) {
      await page.goto(`${server.base}/#/c/${await sandboxConversation(server)}`).catch(() => {});
      await page.getByTestId('thread').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(resolve(process.env.SCREENSHOTS), `inbox-${lang.code}.png`) });
    }
    if (ticks.length) console.log(`ticks observed (${lang.code}): ${ticks.join(' → ')}`);
  } catch (e) {
    failed(`${lang.code}::setup`, e);
  } finally {
    await context?.close().catch(() => {});
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
