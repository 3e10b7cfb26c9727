// End-to-end: a team's shared inbox in headless Chromium against `switchboard serve --sandbox`.
//
//   node tests/browser/team.mjs      (SWITCHBOARD_BIN=… skips the cargo build, as run.mjs)
//
// A supervisor and a manager made with the CLI sign in through the page in two browser
// contexts; the sandbox customer writes and both see it live; the supervisor reading it leaves
// the manager's own unread count alone; the manager replies and the supervisor sees who sent
// it; the manager resolves it and the customer writing opens it again; the supervisor adds operators on the team screen, gives the conversation to one manager
// and then another (out of the first one's sight, live), lets managers see everything; a
// reviewer reads without a composer; a disabled operator is signed out. Once in English, once in
// Russian with every screen scanned for English (common.mjs). Prints cargo-style results.
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
/** The test's own API calls (webhooks, checks). */
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };
/** Added on the team screen by the supervisor. */
const SECOND_MANAGER = { login: 'boris', name: 'Boris', role: 'manager', password: 'boris-correct-horse-battery' };
const REVIEWER = { login: 'vera', name: 'Vera', role: 'reviewer', password: 'vera-correct-horse-battery' };
const CUSTOMER = { phone: '+79000000101', name: 'Team Customer' };

const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    awaiting: 'Awaiting reply',
    givenTo: (name) => `The conversation was given to ${name}.`,
    readOnly: /read them but not reply/,
    notAllowed: 'This page is not for your role.',
    disabled: /disabled/,
    nobody: 'Nobody',
    resolved: 'Resolved',
    reopenedByCustomer: 'Reopened by the customer',
    resolvedBy: (name) => `${name} resolved this`,
    note: 'please check the discount she asked for',
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    awaiting: 'Ждёт ответа',
    givenTo: (name) => `Диалог передан: ${name}.`,
    readOnly: /читать их можно, отвечать — нет/,
    notAllowed: 'Эта страница не для вашей роли.',
    disabled: /отключ/,
    nobody: 'Никому',
    resolved: 'Решён',
    reopenedByCustomer: 'Клиент написал — диалог снова открыт',
    resolvedBy: (name) => `${name}: диалог решён`,
    note: 'проверьте, пожалуйста, скидку, о которой она просила',
  },
];

const { test, failed, summary } = results('browser::team');

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
  process.exit(summary('browser end-to-end: a team') ? 1 : 0);
}

/** The number on a conversation's unread badge (0: none). */
async function badge(row) {
  const b = row.getByTestId('unread-badge');
  return (await b.count()) === 0 ? 0 : Number((await b.textContent())?.trim());
}

async function suite(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-team-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  const contexts = [];
  const watched = [];
  try {
    for (const operator of [SUPERVISOR, MANAGER, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: lang.locale });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      watched.push(watch(page));
      return page;
    };
    const sup = await open();
    const mgr = await open();
    let conversationId = null;

    await t('a_supervisor_and_a_manager_sign_in_and_each_sees_what_their_role_allows', async () => {
      await signIn(sup, server.base, SUPERVISOR.login, SUPERVISOR.password);
      await signIn(mgr, server.base, MANAGER.login, MANAGER.password);
      for (const page of [sup, mgr]) await conversationRow(page, 'Sandbox Customer').waitFor();
      await sup.getByTestId('open-team').waitFor();
      await sup.getByTestId('open-public-address').waitFor();
      expect((await mgr.getByTestId('open-team').count()) === 0, 'a manager has no team link');
      expect((await mgr.getByTestId('open-public-address').count()) === 0, 'a manager has no public address');
      await mgr.goto(`${server.base}/#/team`);
      await mgr.getByTestId('not-allowed').getByText(lang.notAllowed).waitFor();
      await mgr.goto(`${server.base}/#/settings`);
      await mgr.getByTestId('settings').waitFor();
      expect((await mgr.getByTestId('open-add-account').count()) === 0, 'a manager cannot add accounts');
      await expectNoEnglish(lang, mgr, server, "manager's settings");
      await mgr.goto(`${server.base}/#/`);
      await expectNoEnglish(lang, sup, server, "supervisor's inbox");
      await expectNoEnglish(lang, mgr, server, "manager's inbox");
    });

    await t('a_customer_message_shows_live_to_both_awaiting_a_reply', async () => {
      await incoming(server, CUSTOMER.phone, 'Hello, is anyone there?', CUSTOMER.name);
      for (const page of [sup, mgr]) {
        const row = conversationRow(page, CUSTOMER.name);
        await row.getByTestId('unread-badge').getByText('1', { exact: true }).waitFor();
        await row.getByTestId('awaiting-reply').getByText(lang.awaiting, { exact: true }).waitFor();
      }
      conversationId = Number(await conversationRow(sup, CUSTOMER.name).getAttribute('data-conversation-id'));
      await expectNoEnglish(lang, mgr, server, 'inbox with a customer waiting');
    });

    await t('the_supervisor_reading_it_leaves_the_managers_unread_count_alone', async () => {
      const managersRow = conversationRow(mgr, CUSTOMER.name);
      const before = await badge(managersRow);
      expect(before === 1, `the manager's badge reads ${before} before`);
      const row = conversationRow(sup, CUSTOMER.name);
      await row.click();
      await sup.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`).waitFor();
      await row.getByTestId('unread-badge').waitFor({ state: 'detached' });
      // The read is the supervisor's alone: the manager's count stays, live events and all.
      await mgr.waitForTimeout(1500);
      const after = await badge(managersRow);
      expect(after === before, `the manager's badge went from ${before} to ${after}`);
      // The customer writes again: the supervisor, reading, stays at none; the manager has two.
      await incoming(server, CUSTOMER.phone, 'I have a question about my order', CUSTOMER.name);
      await sup.getByTestId('message-text').getByText('I have a question about my order', { exact: true }).waitFor();
      await managersRow.getByTestId('unread-badge').getByText('2', { exact: true }).waitFor();
      await sup.waitForTimeout(500);
      expect((await badge(row)) === 0, 'the supervisor reading it has nothing unread');
      await expectNoEnglish(lang, sup, server, "supervisor's thread");
    });

    await t('the_manager_replies_and_the_supervisor_sees_it_live_with_who_sent_it', async () => {
      const row = conversationRow(mgr, CUSTOMER.name);
      await row.click();
      await row.getByTestId('unread-badge').waitFor({ state: 'detached' });
      const reply = `Anna here, happy to help ${Date.now()}`;
      await mgr.getByTestId('composer-input').fill(reply);
      await mgr.getByTestId('composer-input').press('Enter');
      for (const page of [mgr, sup]) {
        const mine = page.locator('[data-testid="message"][data-direction="out"]', { hasText: reply });
        await mine.waitFor();
        const author = (await mine.getByTestId('operator').textContent())?.trim();
        expect(author === MANAGER.name, `the reply's author reads ${author}`);
        await conversationRow(page, CUSTOMER.name).getByTestId('awaiting-reply').waitFor({ state: 'detached' });
      }
      await expectNoEnglish(lang, sup, server, 'thread with the reply');
    });

    await t('the_manager_resolves_it_and_the_customer_writing_opens_it_again', async () => {
      const thread = mgr.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`);
      await thread.getByTestId('status-resolve').click();
      await thread.locator('[data-testid="thread-status"][data-status="resolved"]').waitFor();
      for (const page of [mgr, sup]) {
        await conversationRow(page, CUSTOMER.name).getByTestId('status-badge').getByText(lang.resolved, { exact: true }).waitFor();
      }
      await thread.getByTestId('activity-line').getByText(lang.resolvedBy(MANAGER.name), { exact: true }).waitFor();
      await expectNoEnglish(lang, mgr, server, 'resolved conversation');
      await incoming(server, CUSTOMER.phone, 'One more thing', CUSTOMER.name);
      await thread.locator('[data-testid="thread-status"][data-status="open"]').waitFor();
      await thread.getByTestId('activity-line').getByText(lang.reopenedByCustomer, { exact: true }).waitFor();
      for (const page of [mgr, sup]) {
        await conversationRow(page, CUSTOMER.name).getByTestId('status-badge').waitFor({ state: 'detached' });
      }
      await expectNoEnglish(lang, mgr, server, 'conversation reopened by the customer');
    });

    await t('the_manager_adds_an_internal_note_mentioning_the_supervisor_who_is_told', async () => {
      // The supervisor is elsewhere: a mention of an open conversation counts as seen.
      await sup.goto(`${server.base}/#/settings`);
      await sup.getByTestId('settings').waitFor();
      const thread = mgr.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`);
      const before = await api(server, 'get_thread', { conversation_id: conversationId, limit: 500 });
      await mgr.getByTestId('mode-note').click();
      await mgr.getByTestId('note-hint').waitFor();
      const text = `@${SUPERVISOR.login} ${lang.note}`;
      await mgr.getByTestId('composer-input').fill(text);
      await mgr.getByTestId('composer-input').press('Enter');
      const note = thread.getByTestId('note').filter({ hasText: lang.note });
      await note.waitFor();
      const mention = (await note.getByTestId('note-mention').first().textContent())?.trim();
      expect(mention === `@${SUPERVISOR.login}`, `the mention is marked: ${mention}`);
      await sup.getByTestId('mention-badge').getByText('@1', { exact: true }).waitFor();
      await sup.getByTestId('mention-notice').waitFor();
      await expectNoEnglish(lang, sup, server, 'supervisor told of a mention');
      await sup.getByTestId('mention-link').click();
      await sup.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`).getByTestId('note').filter({ hasText: lang.note }).waitFor();
      await sup.getByTestId('mention-badge').waitFor({ state: 'detached' });
      // Internal: no message was added, nothing went to the customer.
      const after = await api(server, 'get_thread', { conversation_id: conversationId, limit: 500 });
      expect(after.messages.length === before.messages.length, 'a note is not a message');
      await mgr.getByTestId('mode-reply').click();
      await expectNoEnglish(lang, mgr, server, 'thread with a note');
    });

    await t('the_supervisor_adds_a_manager_and_a_reviewer_on_the_team_screen', async () => {
      await sup.getByTestId('open-team').click();
      const team = sup.getByTestId('team');
      await team.waitFor();
      for (const name of [SUPERVISOR.name, MANAGER.name]) {
        await team.locator('[data-testid="operator-row-name"]', { hasText: name }).waitFor();
      }
      expect(!(await team.getByTestId('team-see-all').isChecked()), 'managers see their own by default');
      await expectNoEnglish(lang, sup, server, 'team screen');
      for (const operator of [SECOND_MANAGER, REVIEWER]) {
        const form = team.getByTestId('add-operator');
        await form.getByTestId('add-operator-login').fill(operator.login);
        await form.getByTestId('add-operator-name').fill(operator.name);
        await form.getByTestId('add-operator-role').selectOption(operator.role);
        await form.getByTestId('add-operator-password').fill(operator.password);
        await form.getByTestId('add-operator-submit').click();
        const row = team.locator('[data-testid="operator"]', { has: sup.getByText(operator.name, { exact: true }) });
        await row.waitFor();
        expect((await row.getByTestId('operator-role').inputValue()) === operator.role, `${operator.name}'s role`);
      }
      await expectNoEnglish(lang, sup, server, 'team screen with new operators');
    });

    await t('giving_the_conversation_away_takes_it_out_of_the_managers_sight_live', async () => {
      await sup.goto(`${server.base}/#/c/${conversationId}`);
      const select = sup.getByTestId('assign-select');
      await select.waitFor();
      expect((await select.locator('option').first().textContent())?.trim() === lang.nobody, 'the first choice is nobody');
      await select.selectOption({ label: MANAGER.name });
      const managersRow = conversationRow(mgr, CUSTOMER.name);
      await managersRow.getByTestId('conversation-assignee').getByText(MANAGER.name, { exact: true }).waitFor();
      await expectNoEnglish(lang, sup, server, 'assignment');
      // The manager has it open; given to another manager, it leaves their screen.
      await sup.getByTestId('assign-select').selectOption({ label: SECOND_MANAGER.name });
      await managersRow.waitFor({ state: 'detached' });
      await mgr.getByTestId('notice').getByText(lang.givenTo(SECOND_MANAGER.name), { exact: true }).waitFor();
      await mgr.getByTestId('thread').waitFor({ state: 'detached' });
      await conversationRow(sup, CUSTOMER.name).getByTestId('conversation-assignee').getByText(SECOND_MANAGER.name).waitFor();
      await expectNoEnglish(lang, mgr, server, 'conversation given away');
    });

    await t('letting_managers_see_all_shows_it_again', async () => {
      await sup.goto(`${server.base}/#/team`);
      const toggle = sup.getByTestId('team-see-all');
      await toggle.check();
      await conversationRow(mgr, CUSTOMER.name).waitFor();
      await toggle.uncheck();
      await conversationRow(mgr, CUSTOMER.name).waitFor({ state: 'detached' });
    });

    const rev = await open();
    await t('a_reviewer_reads_every_conversation_without_a_composer', async () => {
      await signIn(rev, server.base, REVIEWER.login, REVIEWER.password);
      await conversationRow(rev, CUSTOMER.name).click();
      await rev.getByTestId('read-only').getByText(lang.readOnly).waitFor();
      expect((await rev.getByTestId('composer').count()) === 0, 'a reviewer has no composer');
      expect((await rev.getByTestId('assign-select').count()) === 0, 'a reviewer assigns nothing');
      expect((await rev.getByTestId('status-resolve').count()) === 0, 'a reviewer resolves nothing');
      expect((await rev.getByTestId('status-snooze').count()) === 0, 'a reviewer snoozes nothing');
      expect((await rev.getByTestId('open-team').count()) === 0, 'a reviewer has no team link');
      await expectNoEnglish(lang, rev, server, "reviewer's thread");
    });

    await t('a_disabled_operator_is_signed_out_and_cannot_sign_in', async () => {
      const team = sup.getByTestId('team');
      await team.waitFor();
      const row = team.locator('[data-testid="operator"]', { has: sup.getByText(REVIEWER.name, { exact: true }) });
      await row.getByTestId('operator-toggle').click();
      await row.getByTestId('operator-state').getByText(lang.disabled).waitFor();
      // The reviewer's next request (or the event stream) is refused: back to the sign-in.
      await rev.getByTestId('open-settings').click({ timeout: 3000 }).catch(() => {});
      await rev.getByTestId('sign-in').waitFor();
      await rev.getByTestId('sign-in-login').fill(REVIEWER.login);
      await rev.getByTestId('sign-in-password').fill(REVIEWER.password);
      await rev.getByTestId('sign-in-submit').click();
      await rev.getByTestId('sign-in-error').getByText(lang.disabled).waitFor();
      await expectNoEnglish(lang, rev, server, 'disabled operator');
    });

    await t('the_pages_logged_no_errors_or_csp_violations', async () => {
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

await main();
