// End-to-end: a supervisor reads how the team performs (issue 13), in headless Chromium
// against `switchboard serve --sandbox`.
//
//   node tests/browser/reports.mjs      (SWITCHBOARD_BIN=… skips the cargo build, as run.mjs)
//   SCREENSHOTS=assets node tests/browser/reports.mjs   also saves the README's picture of the
//                                                       reports screen (assets/reports-en.png)
//
// Operators made with the CLI: a supervisor, two managers and a robot (a supervisor whose API
// token sets the scene). Three customers write; the robot gives two conversations to the
// managers, who answer through the API as themselves (so the first responses are theirs) and
// one adds an internal note; the third customer waits, unassigned. In the page the supervisor
// opens the reports, picks 7 days, filters by one manager (cards, the table's row, the same
// figure as the API's `report`), exports the table as CSV (caught as a download: BOM, the
// header in the reader's language, the manager's row with seconds as numbers), clicks the
// first-response number to list the conversation behind it and opens it, exports its
// transcript as CSV (columns, labels and activity lines in the reader's language, times in the
// browser's time zone) and prints it (the same table, audited as a print; print media,
// `page.pdf`, rendered with pdftoppm and read back with pdftotext), exports the audit log as
// CSV (each entry's particulars said as the Audit screen says them; in Russian, no English),
// then looks at the live board. The sandbox's scripted customer answers the managers' replies a
// few seconds later: the scene waits for those answers before the browser opens. Once in
// English, once in Russian with every screen scanned for English (common.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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
const ANNA = { login: 'anna', name: 'Anna', role: 'manager', password: 'anna-correct-horse-battery' };
const BORIS = { login: 'boris', name: 'Boris', role: 'manager', password: 'boris-correct-horse-battery' };
/** The test's own API calls (assignments, checks). */
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };

const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    customers: [
      { phone: '+79000000301', name: 'Maria Ivanova', text: 'Do you have the blue sofa in stock?' },
      { phone: '+79000000302', name: 'Pavel Smirnov', text: 'When will my order arrive?' },
      { phone: '+79000000303', name: 'Irina Petrova', text: 'Is anyone there?' },
    ],
    reply: 'Yes, we have it: delivery on Friday.',
    otherReply: 'Tomorrow before noon.',
    note: 'customer asked for a discount',
    noteMark: /internal note/i,
    // The exports in the reader's words and time zone (ui/src/i18n/parts/export.ts).
    timeZone: 'Europe/London',
    csv: {
      file: /^report-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d-operators\.csv$/,
      header: ['Figures of', 'Operator number', 'Operator', 'First response, median (s)'],
      count: 'First response, count',
      team: 'Team',
      operator: 'Operator',
      transcriptFile: /^conversation-\d+-\d{4}-\d\d-\d\d\.csv$/,
      transcript: ['Time (Europe/London)', 'Item', 'Direction', 'Author kind', 'Author', 'Text', 'Status', 'Visibility'],
      customer: 'Customer',
      note: 'Internal note',
      internal: 'Internal',
      activity: 'Activity',
      assigned: (to) => `Robot assigned this to ${to}`,
      auditFile: /^audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/,
      audit: { id: 'Entry', kind: 'Kind', action: 'Particulars' },
    },
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    customers: [
      { phone: '+79000000311', name: 'Мария Иванова', text: 'Синий диван есть в наличии?' },
      { phone: '+79000000312', name: 'Павел Смирнов', text: 'Когда приедет мой заказ?' },
      { phone: '+79000000313', name: 'Ирина Петрова', text: 'Здесь кто-нибудь есть?' },
    ],
    reply: 'Да, есть: доставка в пятницу.',
    otherReply: 'Завтра до обеда.',
    note: 'клиент просил скидку',
    noteMark: /внутренняя заметка/i,
    timeZone: 'Europe/Moscow',
    csv: {
      file: /^отчёт-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d-операторы\.csv$/,
      header: ['Чьи показатели', 'Номер оператора', 'Оператор', 'Первый ответ, медиана (с)'],
      count: 'Первый ответ, количество',
      team: 'Команда',
      operator: 'Оператор',
      transcriptFile: /^переписка-\d+-\d{4}-\d\d-\d\d\.csv$/,
      transcript: ['Время (Europe/Moscow)', 'Запись', 'Направление', 'Кто писал', 'Автор', 'Текст', 'Статус', 'Видимость'],
      customer: 'Клиент',
      note: 'Внутренняя заметка',
      internal: 'Внутреннее',
      activity: 'Событие',
      assigned: (to) => `Robot: диалог назначен — ${to}`,
      auditFile: /^журнал-аудита-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/,
      audit: { id: 'Запись журнала', kind: 'Вид', action: 'Подробности' },
    },
  },
];

const { test, failed, summary } = results('browser::reports');

async function main() {
  let browser = null;
  try {
    const bin = binary();
    const dist = uiDist();
    for (const tool of ['pdftoppm', 'pdftotext']) {
      expect(spawnSync(tool, ['-v']).error === undefined, `${tool} is needed (poppler-utils: scripts/setup installs it)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const lang of LANGUAGES) await suite(lang, bin, dist, browser);
  } catch (e) {
    failed('setup', e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(summary('browser end-to-end: a supervisor reads the reports') ? 1 : 0);
}

/** A downloaded file's text, after the page clicked `button`. */
async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  expect(path !== null, `the download ${download.suggestedFilename()} failed: ${await download.failure()}`);
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** A CSV's lines as cells (the server's files: CRLF, quotes only around cells that need them). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Rows as objects keyed by the header. */
function records(text) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** An instant as the UI writes it in a time zone: `YYYY-MM-DD HH:MM:SS`. */
function inZone(at, timeZone) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** A header in the reader's language: no English column name in Russian, no Russian one in English. */
function expectHeaderIn(lang, header) {
  const foreign = header.filter((name) =>
    lang.code === 'ru' ? /[A-Za-z]{2,}/.test(name.replace(lang.timeZone, '')) : /[А-Яа-яЁё]/.test(name) || /_/.test(name),
  );
  expect(foreign.length === 0, `columns not in ${lang.code}: ${foreign.join(' | ')}`);
}

/** The share of a PGM image's pixels that are not near white. */
function inkShare(pgm) {
  // P5 <width> <height> <max>\n<bytes>, the header's fields split by white space.
  const fields = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(pgm[i]))) i++;
    let field = '';
    while (!/\s/.test(String.fromCharCode(pgm[i]))) field += String.fromCharCode(pgm[i++]);
    fields.push(field);
  }
  i++;
  expect(fields[0] === 'P5', `pdftoppm -gray wrote ${fields[0]}, not a binary PGM`);
  const pixels = pgm.subarray(i, i + Number(fields[1]) * Number(fields[2]));
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

/** Waits until a conversation holds a second message from its customer (the sandbox's answer). */
async function answered(server, conversationId) {
  const deadline = Date.now() + TIMEOUT;
  let inbound = 0;
  do {
    const thread = await api(server, 'get_thread', { conversation_id: conversationId, limit: 50 });
    inbound = thread.messages.filter((m) => m.direction === 'in').length;
    if (inbound >= 2) return;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
  throw new Error(`the sandbox's customer did not answer in conversation ${conversationId} (${inbound} messages in)`);
}

async function suite(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-reports-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  let context = null;
  let watched = null;
  try {
    for (const operator of [SUPERVISOR, ANNA, BORIS, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    const operators = await api(server, 'list_operators');
    const idOf = (who) => operators.find((o) => o.login === who.login).id;
    const [annaId, borisId] = [idOf(ANNA), idOf(BORIS)];
    const [forAnna, forBoris, waiting] = lang.customers;

    // The scene: three customers write; two are given to the managers, who answer as
    // themselves; the third waits with nobody on it.
    const conversations = {};
    for (const c of lang.customers) {
      await incoming(server, c.phone, c.text, c.name);
    }
    const list = (await api(server, 'list_conversations', { limit: 50 })).conversations;
    for (const c of lang.customers) {
      conversations[c.phone] = list.find((row) => row.contact.phone === c.phone);
      expect(conversations[c.phone] !== undefined, `${c.name}'s conversation is listed`);
    }
    const managers = [
      [ANNA, annaId, forAnna, lang.reply],
      [BORIS, borisId, forBoris, lang.otherReply],
    ];
    for (const [who, id, customer, reply] of managers) {
      const conversation = conversations[customer.phone];
      await api(server, 'assign_conversation', { conversation_id: conversation.id, operator_id: id });
      // A second apart, so each first response is at least a second long.
      await new Promise((r) => setTimeout(r, 1100));
      const token = await apiToken(server, who.login, who.password);
      await api(server, 'send_message', { account_id: conversation.account_id, to: customer.phone, content: { kind: 'text', text: reply } }, token);
      if (who === ANNA) await api(server, 'add_note', { conversation_id: conversation.id, text: lang.note }, token);
    }
    // The sandbox's scripted customer answers each message it read, a few seconds later: wait
    // for both answers, so the screens below see a settled scene (the two customers wait again).
    for (const [, , customer] of managers) await answered(server, conversations[customer.phone].id);
    const annaConversation = conversations[forAnna.phone].id;

    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: lang.locale,
      timezoneId: lang.timeZone,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    watched = watch(page);
    const reports = page.getByTestId('reports');
    const row = (id) => page.locator(`[data-testid="report-operator-row"][data-operator-id="${id}"]`);

    await t('the_supervisor_opens_the_reports_for_seven_days', async () => {
      await signIn(page, server.base, SUPERVISOR.login, SUPERVISOR.password);
      await page.getByTestId('open-reports').click();
      await reports.getByTestId('report-cards').waitFor();
      await page.getByTestId('report-period-7d').click();
      await page.locator('[data-testid="report-period-7d"][aria-pressed="true"]').waitFor();
      await row(annaId).waitFor();
      await row(borisId).waitFor();
      await expectNoEnglish(lang, page, server, 'reports screen');
      if (process.env.SCREENSHOTS && lang.code === 'en') {
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(resolve(process.env.SCREENSHOTS), 'reports-en.png') });
      }
    });

    await t('filtered_by_one_manager_the_cards_and_table_are_hers', async () => {
      await page.getByTestId('report-operator').selectOption(String(annaId));
      await row(borisId).waitFor({ state: 'detached' });
      await row(annaId).waitFor();
      await reports.locator('.body:not(.stale)').waitFor();
      const card = reports.getByTestId('report-card-first-response').locator('[data-testid="report-number"][data-metric="first_response"]');
      const shown = (await card.textContent()).trim();
      expect(/\d/.test(shown), `the first-response card shows "${shown}", not a number`);
      // The same figure as the API's report for the same filter.
      const now = new Date();
      const report = await api(server, 'report', {
        from: new Date(now.getTime() - 7 * 86_400_000).toISOString(),
        to: new Date(now.getTime() + 86_400_000).toISOString(),
        operator_id: annaId,
      });
      const mine = report.operators.find((o) => o.operator.id === annaId);
      expect(mine && mine.figures.first_response.calendar.count === 1, `the API credits Anna with one first response: ${JSON.stringify(mine?.figures.first_response)}`);
      expect(!report.operators.some((o) => o.operator.id === borisId), 'the filtered report has no row for Boris');
      const cell = row(annaId).locator('td[data-figure="first-response"] [data-testid="report-number"]');
      expect(/\d/.test(await cell.textContent()), 'the table shows a first response for Anna');
      await expectNoEnglish(lang, page, server, 'reports filtered by a manager');
    });

    await t('the_table_exports_as_csv_in_the_reader_s_words_with_seconds_as_numbers', async () => {
      const file = await downloaded(page, page.getByTestId('report-export-operators'));
      expect(lang.csv.file.test(file.name), `the file is called ${file.name}`);
      expect(file.text.startsWith('\uFEFF'), 'the CSV starts with a BOM (spreadsheets read it as UTF-8)');
      const { header, rows } = records(file.text);
      const [scope, operatorId, operator, median] = lang.csv.header;
      expect(header.slice(0, 4).join('|') === lang.csv.header.join('|'), `the header: ${header.slice(0, 4)}`);
      expectHeaderIn(lang, header);
      const anna = rows.find((r) => r[scope] === lang.csv.operator && r[operatorId] === String(annaId));
      expect(anna?.[operator] === ANNA.name, `the CSV has Anna's row: ${JSON.stringify(rows.map((r) => r[operator]))}`);
      expect(!rows.some((r) => r[operatorId] === String(borisId)), 'the CSV honours the operator filter');
      const seconds = anna[median];
      expect(/^\d+(\.\d+)?$/.test(seconds) && Number(seconds) >= 1, `the first response is seconds as a number: "${seconds}"`);
      expect(anna[lang.csv.count] === '1', `one first response counted: ${anna[lang.csv.count]}`);
      expect(rows.some((r) => r[scope] === lang.csv.team), "the team's row is there");
      await reports.getByTestId('report-export-result').waitFor();
      await expectNoEnglish(lang, page, server, 'reports after the export');
    });

    await t('a_number_lists_the_conversations_behind_it_and_opens_one', async () => {
      await reports.getByTestId('report-card-first-response').getByTestId('report-number').click();
      const drill = page.locator('[data-testid="report-drill"][data-metric="first_response"]');
      await drill.waitFor();
      const link = drill.locator(`[data-testid="report-drill-row"][data-conversation-id="${annaConversation}"] [data-testid="report-drill-link"]`);
      await link.waitFor();
      expect((await drill.getByTestId('report-drill-row').count()) === 1, 'only the conversation Anna answered first');
      // The contact as the server has them now: the sandbox's answer comes with its own
      // profile name, which renames the contact.
      const contact = (await api(server, 'list_conversations', { limit: 50 })).conversations.find((c) => c.id === annaConversation).contact;
      const named = (await link.textContent()).trim();
      expect(named === (contact.name || contact.phone), `the link names ${named}, not ${contact.name || contact.phone}`);
      await expectNoEnglish(lang, page, server, 'the drill-down');
      await link.click();
      const thread = page.locator(`[data-testid="thread"][data-conversation-id="${annaConversation}"]`);
      await thread.waitFor();
      await thread.locator('[data-testid="message"][data-direction="out"]', { hasText: lang.reply }).waitFor();
      await thread.getByTestId('note').filter({ hasText: lang.note }).waitFor();
      await expectNoEnglish(lang, page, server, 'the conversation opened from the report');
    });

    await t('the_transcript_exports_as_csv_in_the_reader_s_words_and_time_zone', async () => {
      await page.getByTestId('transcript-menu').click();
      await page.getByTestId('transcript-csv').waitFor();
      await expectNoEnglish(lang, page, server, 'the transcript menu');
      const file = await downloaded(page, page.getByTestId('transcript-csv'));
      expect(lang.csv.transcriptFile.test(file.name), `the transcript is called ${file.name}`);
      expect(file.text.startsWith('\uFEFF'), 'the transcript CSV starts with a BOM');
      const { header, rows } = records(file.text);
      expect(header.join('|') === lang.csv.transcript.join('|'), `the transcript's header: ${header}`);
      expectHeaderIn(lang, header);
      const [time, item, , authorKind, author, text, , visibility] = lang.csv.transcript;
      const customer = rows.find((r) => r[authorKind] === lang.csv.customer && r[text] === forAnna.text);
      expect(customer, `the customer's message is in it, said to be the customer's: ${JSON.stringify(rows)}`);
      // The customer's first message, at the server's instant written in the reader's zone.
      const thread = await api(server, 'get_thread', { conversation_id: annaConversation, limit: 50 });
      const first = thread.messages.find((m) => m.direction === 'in' && m.content.text === forAnna.text);
      expect(customer[time] === inZone(first.timestamp, lang.timeZone), `the message's time ${customer[time]} is ${first.timestamp} in ${lang.timeZone}`);
      const reply = rows.find((r) => r[author] === ANNA.name && r[text] === lang.reply);
      expect(reply, "Anna's reply is in it, hers");
      const note = rows.find((r) => r[text] === lang.note);
      expect(note?.[item] === lang.csv.note && note[visibility] === lang.csv.internal, `the note is marked internal: ${JSON.stringify(note)}`);
      expect(reply[visibility] !== note[visibility], 'a reply is not internal');
      // Activity lines in the reader's words, as the thread says them.
      const activity = rows.filter((r) => r[item] === lang.csv.activity).map((r) => r[text]);
      expect(activity.includes(lang.csv.assigned(ANNA.name)), `the assignment is said in the reader's words: ${JSON.stringify(activity)}`);
      if (lang.code === 'ru') {
        const english = activity.filter((line) => /[A-Za-z]{2,}/.test(line.replaceAll(ANNA.name, '').replaceAll(ROBOT.name, '')));
        expect(english.length === 0, `no English activity line: ${JSON.stringify(english)}`);
      }
    });

    await t('the_transcript_prints_as_a_pdf_of_the_same_table', async () => {
      // The print dialog is the browser's: the test stands in for it and prints the page itself.
      await page.evaluate(() => {
        window.print = () => {
          window.__printed = (window.__printed ?? 0) + 1;
        };
      });
      await page.getByTestId('transcript-menu').click();
      await page.getByTestId('transcript-print').click();
      await page.waitForFunction(() => window.__printed === 1);
      // Printing is an export: recorded, saying it was a print.
      const exports = (await api(server, 'audit_log', { kind: 'export' })).entries;
      const print = exports[0];
      expect(
        print?.action?.what === 'transcript' && print.action.format === 'pdf' && print.conversation_id === annaConversation,
        `the print is the newest export in the audit log: ${JSON.stringify(print)}`,
      );
      expect(exports.filter((e) => e.action?.what === 'transcript').length === 2, 'one entry for the CSV, one for the print');
      // The printed table is the server's transcript in the reader's words (the page lets it go
      // once printed: page.pdf below prints too).
      const printed = await page.getByTestId('transcript-table').locator('th').allTextContents();
      expect(printed[0] === lang.csv.transcript[0], `the printed table's first column: ${printed}`);
      expectHeaderIn(lang, printed);
      const rows = await page.getByTestId('transcript-row').count();
      expect(rows >= 4, `the printed table has the messages, the note and the activity lines: ${rows} rows`);
      await page.emulateMedia({ media: 'print' });
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-transcript-'));
      try {
        const pdf = join(dir, 'transcript.pdf');
        await page.pdf({ path: pdf, format: 'A4', printBackground: true });
        expect(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'page.pdf wrote a PDF');
        const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
        expect(png.status === 0, `pdftoppm failed: ${png.stderr}`);
        const image = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
        expect(image !== undefined && statSync(join(dir, image)).size > 5_000, `the first page renders to an image (${image})`);
        // Looked at: a grey render of the same page has ink on it, not a blank sheet.
        const gray = spawnSync('pdftoppm', ['-gray', '-r', '60', '-f', '1', '-l', '1', pdf]);
        const ink = inkShare(gray.stdout);
        expect(ink > 0.005 && ink < 0.6, `the first page's ink covers ${(ink * 100).toFixed(2)}% of it`);
        const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
        for (const wanted of [forAnna.text, lang.reply, lang.note, lang.timeZone, lang.csv.internal]) {
          expect(text.includes(wanted), `the PDF has "${wanted}": ${text.slice(0, 600)}`);
        }
        expect(lang.noteMark.test(text), `the PDF marks the note as internal: ${text.slice(0, 600)}`);
        expect(!text.includes(forBoris.text), "the PDF holds this conversation only");

      } finally {
        await page.emulateMedia({ media: null });
        rmSync(dir, { recursive: true, force: true });
      }
    });

    await t('the_audit_log_exports_as_csv_saying_each_entry_as_the_screen_does', async () => {
      await page.evaluate(() => {
        location.hash = '#/audit';
      });
      await page.getByTestId('audit-row').first().waitFor();
      await expectNoEnglish(lang, page, server, 'the audit log');
      // What the screen says of each entry it shows, by the entry's id.
      const shown = await page
        .getByTestId('audit-row')
        .evaluateAll((rows) => rows.map((r) => [r.dataset.entryId, r.querySelector('[data-testid="audit-what"]')?.textContent?.trim()]));
      const file = await downloaded(page, page.getByTestId('audit-export'));
      expect(lang.csv.auditFile.test(file.name), `the audit log is called ${file.name}`);
      const { header, rows } = records(file.text);
      expectHeaderIn(lang, header);
      const { id, kind, action } = lang.csv.audit;
      expect([id, kind, action].every((c) => header.includes(c)), `the audit log's header: ${header}`);
      const said = new Map(rows.map((r) => [r[id], r[action]]));
      const differ = shown.filter(([entry, what]) => said.get(entry) !== what);
      expect(shown.length >= 5 && differ.length === 0, `each entry in the file as the screen says it (${shown.length} shown): ${JSON.stringify(differ.map(([e, w]) => [e, w, said.get(e)]))}`);
      const kinds = new Set(rows.map((r) => r[kind]));
      expect(kinds.size >= 3, `entries of several kinds: ${[...kinds]}`);
      const json = rows.filter((r) => /^[{[]/.test(r[action] ?? ''));
      expect(json.length === 0, `no particulars as JSON: ${JSON.stringify(json.slice(0, 3))}`);
      if (lang.code === 'ru') {
        // Names, logins and quoted particulars are people's words; "API" is the Russian words' own.
        const people = [SUPERVISOR, ANNA, BORIS, ROBOT].flatMap((o) => [o.name, o.login]);
        const english = rows
          .map((r) => r[action] ?? '')
          .filter((line) => /[A-Za-z]{2,}/.test(people.reduce((l, p) => l.replaceAll(p, ''), line.replace(/«[^»]*»/g, '')).replaceAll('API', '')));
        expect(english.length === 0, `no English in the particulars: ${JSON.stringify(english.slice(0, 5))}`);
      }
      const exports = (await api(server, 'audit_log', { kind: 'export' })).entries;
      expect(exports[0]?.action?.what === 'audit' && exports[0].action.rows === rows.length, `the export is audited, once: ${JSON.stringify(exports[0])}`);
      expect(exports.filter((e) => e.action?.what === 'audit').length === 1, 'one entry for the audit export');
    });

    await t('the_live_board_shows_the_managers_and_who_waits', async () => {
      await page.getByTestId('open-reports').click();
      await page.getByTestId('open-board').click();
      await page.getByTestId('board').waitFor();
      for (const id of [annaId, borisId]) await page.locator(`[data-testid="board-operator"][data-operator-id="${id}"]`).waitFor();
      const waits = page.locator(`[data-testid="board-waiting"][data-conversation-id="${conversations[waiting.phone].id}"]`);
      await waits.waitFor();
      expect((await waits.getByTestId('board-waiting-link').textContent()).trim() === waiting.name, 'the waiting customer is named');
      for (const id of [annaId, borisId]) {
        const open = page.locator(`[data-testid="board-operator"][data-operator-id="${id}"] [data-testid="board-operator-open"]`);
        expect((await open.textContent()).trim() === '1', `operator ${id} has one open conversation: ${await open.textContent()}`);
      }
      // Who waits is the server's answer (the sandbox's customer wrote again in the managers'
      // conversations): the board and the API compared until they agree (the board follows
      // changes a moment later).
      const ids = async () =>
        (await page.getByTestId('board-waiting').evaluateAll((rows) => rows.map((r) => Number(r.dataset.conversationId)))).sort((a, b) => a - b);
      const deadline = Date.now() + TIMEOUT;
      let shown = [];
      let told = [];
      do {
        told = (await api(server, 'live_board')).waiting.map((w) => w.conversation_id).sort((a, b) => a - b);
        shown = await ids();
        if (shown.join() === told.join()) break;
        await page.waitForTimeout(200);
      } while (Date.now() < deadline);
      expect(shown.join() === told.join(), `the board lists ${shown} waiting, the server ${told}`);
      await expectNoEnglish(lang, page, server, 'the live board');
    });

    await t('the_page_logged_no_errors', async () => {
      expect(watched.problems.length === 0 && watched.dialogs.length === 0, [...watched.problems, ...watched.dialogs].join('\n'));
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
