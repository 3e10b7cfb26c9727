// End-to-end: how a sales team works a conversation, in headless Chromium against
// `switchboard serve --sandbox`.
//
//   node tests/browser/workflow.mjs      (SWITCHBOARD_BIN=… skips the cargo build, as run.mjs)
//
// A supervisor and a manager in two browser contexts. A new customer writes; the supervisor
// gives the conversation to the manager, who sees it arrive under Mine live (with its count);
// the manager types `/` in the composer, picks the team's canned reply (filled with the
// contact's and their own name; a contact with no name shows the guard and holds Send), adds a
// note mentioning the supervisor (who is told), fills a custom field on the contact card, tags
// and resolves it; the customer writes again and it reopens. Operators' text with markup (a
// tag, a note, a field value, a canned reply) is shown as text everywhere. Once in English,
// once in Russian with every screen scanned for English (common.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  results,
  serve,
  signIn,
  stop,
  TIMEOUT,
  uiDist,
  watch,
} from './common.mjs';

const SUPERVISOR = { login: 'olga', name: 'Olga', role: 'supervisor', password: 'olga-correct-horse-battery' };
const MANAGER = { login: 'anna', name: 'Anna', role: 'manager', password: 'anna-correct-horse-battery' };
/** The test's own API calls (setting up the team's tags and canned replies, checks). */
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };
const CUSTOMER = { phone: '+79000000201', name: 'Maria Ivanova' };
/** A customer whose profile gives no name: the canned reply's {{contact.name}} has no value. */
const NAMELESS = { phone: '+79000000202' };
/** Markup in operators' text: shown as text, never run. */
const XSS = '<img src=x onerror="__pwned=1">';

const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    tag: 'Hot lead',
    canned: 'Hello {{contact.name}}, this is {{operator.name}} from the shop.',
    filled: (contact, operator) => `Hello ${contact}, this is ${operator} from the shop.`,
    note: 'the discount needs your approval',
    field: { key: 'city', label: 'City', value: 'Kazan' },
    resolvedBy: (name) => `${name} resolved this`,
    reopenedByCustomer: 'Reopened by the customer',
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    tag: 'Горячий клиент',
    canned: 'Здравствуйте, {{contact.name}}! Это {{operator.name}} из магазина.',
    filled: (contact, operator) => `Здравствуйте, ${contact}! Это ${operator} из магазина.`,
    note: 'скидку нужно согласовать с вами',
    field: { key: 'city', label: 'Город', value: 'Казань' },
    resolvedBy: (name) => `${name}: диалог решён`,
    reopenedByCustomer: 'Клиент написал — диалог снова открыт',
  },
];

const { test, failed, summary } = results('browser::workflow');

async function main() {
  let browser = null;
  try {
    const bin = binary();
    const dist = uiDist();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const lang of LANGUAGES) await suite(lang, bin, dist, browser);
  } catch (e) {
    failed('setup', e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(summary('browser end-to-end: a team works a conversation') ? 1 : 0);
}

/** The number a view's count shows. */
async function viewCount(page, key) {
  const count = page.getByTestId(`view-count-${key}`);
  return (await count.count()) === 0 ? 0 : Number(await count.getAttribute('data-count'));
}

/** Waits until a view's count reads `n`. */
async function countReads(page, key, n) {
  const deadline = Date.now() + TIMEOUT;
  let last = null;
  while (Date.now() < deadline) {
    last = await viewCount(page, key);
    if (last === n) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the ${key} count reads ${last}, not ${n}`);
}

async function suite(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-workflow-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  const contexts = [];
  const watched = [];
  try {
    for (const operator of [SUPERVISOR, MANAGER, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    // What a supervisor sets up once for the team.
    const tag = await api(server, 'create_tag', { name: lang.tag, color: 'orange' });
    const markupTag = await api(server, 'create_tag', { name: `${XSS}!`, color: 'red' });
    await api(server, 'save_canned', { shortcut: 'greet', body: lang.canned, team: true });
    await api(server, 'save_canned', { shortcut: 'markup', body: `${XSS} {{operator.name}}`, team: true });
    await api(server, 'save_contact_field', { key: lang.field.key, label: lang.field.label });
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang.locale });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      watched.push(watch(page));
      return page;
    };
    const sup = await open();
    const mgr = await open();
    let conversationId = null;
    const thread = () => mgr.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`);

    await t('the_manager_watches_mine_while_a_new_customer_writes', async () => {
      await signIn(sup, server.base, SUPERVISOR.login, SUPERVISOR.password);
      await signIn(mgr, server.base, MANAGER.login, MANAGER.password);
      await mgr.getByTestId('view-mine').click();
      await countReads(mgr, 'mine', 0);
      const unassignedBefore = await viewCount(mgr, 'unassigned');
      await incoming(server, CUSTOMER.phone, 'Hello, do you deliver to Kazan?', CUSTOMER.name);
      await conversationRow(sup, CUSTOMER.name).waitFor();
      conversationId = Number(await conversationRow(sup, CUSTOMER.name).getAttribute('data-conversation-id'));
      // Unassigned, so not the manager's yet: it counts under Unassigned, not in Mine's list.
      await countReads(mgr, 'unassigned', unassignedBefore + 1);
      expect((await conversationRow(mgr, CUSTOMER.name).count()) === 0, 'Mine does not list an unassigned conversation');
      await expectNoEnglish(lang, mgr, server, "manager's Mine view");
    });

    await t('the_supervisor_assigns_it_and_it_arrives_under_mine_live', async () => {
      await sup.goto(`${server.base}/#/c/${conversationId}`);
      await sup.getByTestId('assign-select').selectOption({ label: MANAGER.name });
      await conversationRow(mgr, CUSTOMER.name).waitFor();
      await countReads(mgr, 'mine', 1);
      await thread().waitFor({ state: 'detached' }).catch(() => {});
      await conversationRow(mgr, CUSTOMER.name).click();
      await thread().waitFor();
      await thread().getByTestId('thread-assignee').getByText(MANAGER.name).waitFor();
      await thread().getByTestId('activity-line').first().waitFor();
      await expectNoEnglish(lang, mgr, server, 'the conversation given to the manager');
    });

    await t('a_slash_in_the_composer_inserts_the_canned_reply_filled_in', async () => {
      const input = mgr.getByTestId('composer-input');
      await input.click();
      await input.pressSequentially('/gre');
      const list = mgr.getByTestId('canned-list');
      await list.getByTestId('canned-item-greet').waitFor();
      expect((await list.getByTestId('canned-item-markup').count()) === 0, 'the list is filtered by what was typed');
      await expectNoEnglish(lang, mgr, server, 'the canned replies list');
      await input.press('Enter');
      const wanted = lang.filled(CUSTOMER.name, MANAGER.name);
      const deadline = Date.now() + TIMEOUT;
      while ((await input.inputValue()) !== wanted && Date.now() < deadline) await mgr.waitForTimeout(100);
      expect((await input.inputValue()) === wanted, `the composer holds "${await input.inputValue()}"`);
      expect((await mgr.getByTestId('canned-missing').count()) === 0, 'nothing is missing');
      // Editable before sending: the manager adds a word of their own.
      await input.press('End');
      await input.pressSequentially(' 🙂');
      await input.press('Enter');
      await thread()
        .locator('[data-testid="message"][data-direction="out"]', { hasText: `${wanted} 🙂` })
        .waitFor();
    });

    await t('operators_markup_in_a_canned_reply_is_inserted_as_text', async () => {
      const input = mgr.getByTestId('composer-input');
      await input.fill('');
      await input.pressSequentially('/mark');
      await mgr.getByTestId('canned-item-markup').waitFor();
      await input.press('Enter');
      const deadline = Date.now() + TIMEOUT;
      while (!(await input.inputValue()).startsWith(XSS) && Date.now() < deadline) await mgr.waitForTimeout(100);
      expect((await input.inputValue()) === `${XSS} ${MANAGER.name}`, `the composer holds "${await input.inputValue()}"`);
      await input.fill('');
    });

    await t('the_manager_notes_a_mention_of_the_supervisor_who_is_told', async () => {
      await sup.goto(`${server.base}/#/settings`);
      await sup.getByTestId('settings').waitFor();
      await mgr.getByTestId('mode-note').click();
      const text = `@${SUPERVISOR.login} ${lang.note} ${XSS}`;
      await mgr.getByTestId('composer-input').fill(text);
      await mgr.getByTestId('composer-input').press('Enter');
      await thread().getByTestId('note').filter({ hasText: lang.note }).waitFor();
      await sup.getByTestId('mention-badge').getByText('@1', { exact: true }).waitFor();
      await sup.getByTestId('mention-notice').waitFor();
      await expectNoEnglish(lang, sup, server, 'supervisor told of a mention');
      await mgr.getByTestId('mode-reply').click();
    });

    await t('the_contact_card_keeps_a_custom_field', async () => {
      await thread().getByTestId('contact-card-toggle').click();
      const card = mgr.getByTestId('contact-card');
      await card.getByTestId('contact-card-phone').waitFor();
      const field = card.getByTestId(`contact-field-${lang.field.key}`);
      await field.waitFor();
      const input = card.getByTestId(`contact-field-input-${lang.field.key}`);
      if (!(await input.isVisible())) await field.click();
      await input.fill(`${lang.field.value} ${XSS}`);
      await card.getByTestId(`contact-field-save-${lang.field.key}`).click();
      await card.getByTestId(`contact-field-value-${lang.field.key}`).getByText(`${lang.field.value} ${XSS}`, { exact: true }).waitFor();
      const stored = await api(server, 'contact_card', { conversation_id: conversationId });
      const value = stored.fields.find((f) => f.field.key === lang.field.key)?.value;
      expect(value === `${lang.field.value} ${XSS}`, `the field was stored as ${value}`);
      await card.getByTestId('contact-conversation').first().waitFor();
      await expectNoEnglish(lang, mgr, server, 'the contact card');
      await card.getByTestId('contact-card-close').click();
    });

    await t('the_manager_tags_it_and_everyone_sees_the_tag', async () => {
      for (const name of [lang.tag, markupTag.name]) {
        await thread().getByTestId('tag-add').click();
        const picker = mgr.getByTestId('tag-picker');
        await picker.locator('input').fill(name.slice(0, 5));
        await picker.getByTestId(`tag-option-${name}`).click();
        await thread().getByTestId(`tag-chip-${name}`).waitFor();
      }
      for (const page of [mgr, sup]) {
        await conversationRow(page, CUSTOMER.name).getByTestId('row-tags').getByText(lang.tag, { exact: true }).waitFor();
        await conversationRow(page, CUSTOMER.name).getByTestId('row-tags').getByText(markupTag.name, { exact: true }).waitFor();
      }
      const row = (await api(server, 'list_conversations', { tag_id: tag.id })).conversations;
      expect(row.length === 1 && row[0].id === conversationId, 'the tag filter finds it');
      await expectNoEnglish(lang, mgr, server, 'a tagged conversation');
    });

    await t('the_manager_resolves_it_and_the_customer_writing_reopens_it', async () => {
      await thread().getByTestId('status-resolve').click();
      await thread().locator('[data-testid="thread-status"][data-status="resolved"]').waitFor();
      await thread().getByTestId('activity-line').getByText(lang.resolvedBy(MANAGER.name), { exact: true }).waitFor();
      await incoming(server, CUSTOMER.phone, 'One more question', CUSTOMER.name);
      await thread().locator('[data-testid="thread-status"][data-status="open"]').waitFor();
      await thread().getByTestId('activity-line').getByText(lang.reopenedByCustomer, { exact: true }).waitFor();
      await countReads(mgr, 'mine', 1);
      await expectNoEnglish(lang, mgr, server, 'the conversation reopened');
    });

    await t('a_canned_reply_missing_a_value_is_held_back_with_a_guard', async () => {
      await incoming(server, NAMELESS.phone, 'hi');
      const list = await api(server, 'list_conversations', { query: NAMELESS.phone.slice(-7) });
      const nameless = list.conversations.find((c) => c.contact.phone === NAMELESS.phone);
      expect(nameless !== undefined, 'the nameless customer is found by a phone fragment');
      await api(server, 'assign_conversation', { conversation_id: nameless.id, operator_id: await operatorId(server, MANAGER.login) });
      await mgr.goto(`${server.base}/#/c/${nameless.id}`);
      const input = mgr.getByTestId('composer-input');
      await input.click();
      await input.pressSequentially('/greet');
      await mgr.getByTestId('canned-item-greet').waitFor();
      await input.press('Enter');
      await mgr.getByTestId('canned-missing').waitFor();
      const missing = await mgr.getByTestId('canned-missing').getAttribute('data-missing');
      expect(missing?.includes('contact.name'), `the guard names the missing value: ${missing}`);
      expect(await mgr.getByTestId('send').isDisabled(), 'Send is held while a placeholder stands');
      await expectNoEnglish(lang, mgr, server, 'the missing-value guard');
      // The server refuses it too, whoever sends it.
      const refused = await fetch(`${server.base}/api/send_message`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ account_id: nameless.account_id, to: NAMELESS.phone, content: { kind: 'text', text: await input.inputValue() } }),
      });
      expect(refused.status === 400, `the server answered ${refused.status} to an unfilled placeholder`);
      await input.fill('');
    });

    await t('no_markup_ran_and_the_pages_logged_no_errors', async () => {
      for (const page of [mgr, sup]) {
        expect((await page.evaluate(() => window.__pwned)) === undefined, 'operator markup ran');
      }
      const problems = watched.flatMap((w) => w.problems);
      const dialogs = watched.flatMap((w) => w.dialogs);
      expect(problems.length === 0 && dialogs.length === 0, [...problems, ...dialogs].join('\n'));
    });
  } catch (e) {
    failed(`${lang.code}::setup`, e);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function operatorId(server, login) {
  const operators = await api(server, 'list_operators');
  return operators.find((o) => o.login === login).id;
}

await main();
