// End-to-end: searching a long history and the keyboard shortcuts (issue 14), in headless
// Chromium against `switchboard serve --sandbox`.
//
//   node tests/browser/search.mjs      (SWITCHBOARD_BIN=… skips the cargo build, as run.mjs)
//
// The data directory is seeded before serve starts with 100 000 messages in 50 conversations
// (crates/test-support's seed-history, through the core's ingest). Ctrl+K opens the search; a
// rare word said once, deep in one conversation's history, is found, grouped under its
// conversation with the word marked; Enter opens the thread scrolled to it (in view, marked)
// and scrolling down brings the newer messages. A customer's markup in a hit is shown as text.
// A phone typed as `8 903 …` finds its customer. `?` lists the shortcuts in the reader's
// language; Alt+↓ and k move through the conversations; Esc closes the palette, the overlay,
// the contact card; Alt+N opens a new conversation. Once in English, once in Russian with every
// screen scanned for English (common.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  addOperator,
  apiToken,
  binary,
  chromium,
  CHROMIUM,
  CHROMIUM_ARGS,
  expect,
  expectNoEnglish,
  repo,
  results,
  serve,
  signIn,
  stop,
  TIMEOUT,
  uiDist,
  watch,
} from './common.mjs';

const SUPERVISOR = { login: 'olga', name: 'Olga', role: 'supervisor', password: 'olga-correct-horse-battery' };
/** The test's own API calls (the English scan's reads). */
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };

const MESSAGES = 100_000;
const CONVERSATIONS = 50;
/** Said once, by customer 0 (message `i` goes to customer `i % 50`), with 1 400 messages after it in that conversation. */
const RARE = { index: 30_000, word: 'квазиморда', text: 'подскажите, где моя квазиморда?' };
/** A customer's markup, near the end of customer 40's history. */
const MARKUP = { index: 99_990, word: 'тыквен', marked: 'тыквенный', text: '<b>разметка</b> и тыквенный латте' };
/** Customer 7's phone, +79030000007, as people write it in Russia. */
const PHONE = { typed: '8 903 000-00-07', name: 'Клиент 7' };

const LANGUAGES = [
  { code: 'en', locale: 'en-GB', nextLabel: 'Next conversation', title: 'Keyboard shortcuts' },
  { code: 'ru', locale: 'ru-RU', nextLabel: 'Следующий диалог', title: 'Сочетания клавиш' },
];

const { test, failed, summary } = results('browser::search');

/** Builds the seeding tool (a test tool of crates/test-support, never a product command). */
function seeder() {
  const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
  const r = spawnSync('cargo', ['build', '--quiet', '--locked', '-p', 'switchboard-test-support', '--bin', 'seed-history'], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`building seed-history failed (${r.status})`);
  return join(resolve(repo, target), 'debug', 'seed-history');
}

function seed(tool, dataDir) {
  const r = spawnSync(
    tool,
    [join(dataDir, 'switchboard.sqlite3'), String(MESSAGES), String(CONVERSATIONS), `${RARE.index}=${RARE.text}`, `${MARKUP.index}=${MARKUP.text}`],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`seed-history failed (${r.status}): ${r.stderr}`);
}

async function main() {
  let browser = null;
  try {
    const bin = binary();
    const tool = seeder();
    const dist = uiDist();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const lang of LANGUAGES) await suite(lang, bin, tool, dist, browser);
  } catch (e) {
    failed('setup', e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(summary('browser end-to-end: search and keyboard shortcuts') ? 1 : 0);
}

/** Whether the element is wholly inside the thread's scrolled area. */
async function inView(page, testId) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const box = document.querySelector('[data-testid="thread-messages"]');
    if (!el || !box) return false;
    const a = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom && a.height > 0;
  }, testId);
}

const conversationIdOf = (page) => Number(new URL(page.url()).hash.replace(/^#\/c\//, '').split('?')[0]);

async function suite(lang, bin, tool, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-search-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  let context = null;
  let watched = null;
  try {
    for (const operator of [SUPERVISOR, ROBOT]) addOperator(bin, dataDir, operator);
    // The first start makes the sandbox account the history is written to.
    await stop(await serve(bin, dataDir, dist));
    seed(tool, dataDir);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang.locale });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    watched = watch(page);
    const palette = page.getByTestId('search-palette');
    const input = page.getByTestId('search-input');

    await t('ctrl_k_finds_a_rare_word_deep_in_a_long_history_grouped_and_marked', async () => {
      await signIn(page, server.base, SUPERVISOR.login, SUPERVISOR.password);
      await page.keyboard.press('Control+KeyK');
      await palette.waitFor();
      expect(await input.evaluate((el) => el === document.activeElement), 'the search field has the focus');
      await input.fill(RARE.word);
      const hit = palette.getByTestId('search-hit');
      await hit.first().waitFor();
      const groups = palette.getByTestId('search-group');
      expect((await groups.count()) === 1, `one conversation holds the word, ${await groups.count()} shown`);
      expect((await hit.count()) === 1, 'one message holds it');
      const marks = await hit.getByTestId('search-mark').allTextContents();
      expect(marks.join('|') === RARE.word, `the word is marked: ${marks.join('|')}`);
      expect((await hit.getByTestId('message-text').textContent()) === RARE.text, 'the whole short message is shown');
      expect((await groups.getByTestId('search-conversation').textContent()).includes('Клиент 0'), 'under its customer');
      await expectNoEnglish(lang, page, server, 'search results');
    });

    await t('choosing_it_opens_the_thread_scrolled_to_it_and_newer_pages_load_below', async () => {
      await input.press('Enter');
      await palette.waitFor({ state: 'hidden' });
      const found = page.getByTestId('found-message');
      await found.waitFor();
      expect((await found.getByTestId('message-text').textContent()).includes(RARE.word), 'the found message is marked');
      const deadline = Date.now() + TIMEOUT;
      while (!(await inView(page, 'found-message')) && Date.now() < deadline) await page.waitForTimeout(100);
      expect(await inView(page, 'found-message'), 'the found message is in view');
      expect((await page.getByTestId('newer').count()) === 1, 'the thread knows newer messages follow');
      const texts = () => page.getByTestId('thread-messages').getByTestId('message-text').allTextContents();
      const newest = `номер ${RARE.index + 1300},`;
      expect(!(await texts()).some((x) => x.includes(newest)), 'a much newer message is not loaded yet');
      // Scrolling down brings the newer pages until that one shows.
      const scroller = page.getByTestId('thread-messages');
      for (let i = 0; i < 60 && !(await texts()).some((x) => x.includes(newest)); i++) {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(150);
      }
      expect((await texts()).some((x) => x.includes(newest)), 'newer pages load on scrolling down');
      await expectNoEnglish(lang, page, server, 'thread opened at a hit');
    });

    await t('a_customers_markup_in_a_hit_is_shown_as_text', async () => {
      await page.keyboard.press('Control+KeyK');
      await input.fill(MARKUP.word);
      const hit = palette.getByTestId('search-hit').filter({ hasText: MARKUP.marked });
      await hit.first().waitFor();
      const text = await hit.first().getByTestId('message-text').textContent();
      expect(text === MARKUP.text, `shown as typed: ${text}`);
      expect((await hit.first().locator('b').count()) === 0, 'no <b> element was made of it');
      expect((await hit.first().getByTestId('search-mark').allTextContents()).join('|') === MARKUP.marked, 'the matched word is marked');
    });

    await t('a_phone_typed_8_903_finds_its_customer', async () => {
      await input.fill(PHONE.typed);
      // The results follow the typing: wait for this search's.
      const head = palette.getByTestId('search-conversation');
      await head.filter({ hasText: PHONE.name }).waitFor();
      expect((await head.count()) === 1, `${PHONE.typed} finds ${PHONE.name} alone, not ${(await head.allTextContents()).join(', ')}`);
      await input.press('Enter');
      await palette.waitFor({ state: 'hidden' });
      await page.getByTestId('thread-name').getByText(PHONE.name, { exact: true }).waitFor();
    });

    await t('question_mark_lists_the_shortcuts_in_the_language_and_esc_closes_it', async () => {
      await page.getByTestId('thread-name').click();
      await page.keyboard.press('Shift+Slash');
      const help = page.getByTestId('shortcuts-help');
      await help.waitFor();
      expect((await help.getByRole('heading').textContent()) === lang.title, 'its title');
      const labels = await help.getByTestId('shortcut-label').allTextContents();
      expect(labels.length === 8 && labels.includes(lang.nextLabel), `every shortcut, in the language: ${labels.join(' | ')}`);
      expect((await help.locator('kbd', { hasText: 'K' }).count()) >= 1, 'with its keys');
      await expectNoEnglish(lang, page, server, 'shortcuts overlay');
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'hidden' });
    });

    await t('alt_down_and_k_move_through_the_conversations', async () => {
      const rows = await page.getByTestId('conversation').evaluateAll((els) => els.map((e) => Number(e.dataset.conversationId)));
      const from = conversationIdOf(page);
      const at = rows.indexOf(from);
      expect(at !== -1 && at + 1 < rows.length, `the open conversation is listed with one below it (${at} of ${rows.length})`);
      await page.keyboard.press('Alt+ArrowDown');
      await page.waitForFunction((id) => location.hash.startsWith(`#/c/${id}`), rows[at + 1]);
      await page.locator(`[data-testid="conversation"][data-conversation-id="${rows[at + 1]}"].selected`).waitFor();
      await page.getByTestId('thread-name').click();
      await page.keyboard.press('KeyK');
      await page.waitForFunction((id) => location.hash.startsWith(`#/c/${id}`), from);
    });

    await t('esc_closes_the_contact_card_and_alt_n_opens_a_new_conversation', async () => {
      await page.getByTestId('contact-card-toggle').click();
      await page.getByTestId('contact-card').waitFor();
      await page.getByTestId('thread-name').click();
      await page.keyboard.press('Escape');
      await page.getByTestId('contact-card').waitFor({ state: 'hidden' });
      await page.keyboard.press('Alt+KeyN');
      const dialog = page.getByTestId('new-conversation-dialog');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // e: the composer takes the typing.
      await page.getByTestId('thread-name').click();
      await page.keyboard.press('KeyE');
      expect(
        await page.getByTestId('composer-input').evaluate((el) => el === document.activeElement),
        'e puts the focus in the composer',
      );
    });

    await t('no_page_errors', async () => {
      expect(watched.problems.length === 0, watched.problems.join('\n'));
      expect(watched.dialogs.length === 0, `dialogs: ${watched.dialogs.join(', ')}`);
    });
  } catch (e) {
    failed(`${lang.code}::setup`, e);
  } finally {
    await context?.close().catch(() => {});
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
