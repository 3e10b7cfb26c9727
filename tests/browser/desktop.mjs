// End-to-end: the desktop window's team mode, in headless Chromium with a stand-in for the Tauri
// shell. The real shell (src-tauri) is tested by tests/desktop; this checks the window's side of
// their contract (ui/src/lib/transport/tauri.ts) against a real `switchboard serve --sandbox`:
//
//   desktop_state → {mode, server, operator}; choose_solo; connect_team({server, login,
//   password}) → Operator or an ApiError; leave_team; `api` for every command; events
//   switchboard:event, :resync, :connection ({state, retry_in_ms}), :signed_out.
//
// The stand-in (SHELL below, injected before the page's scripts) signs in with the API and
// keeps the token, as the shell does, runs `api` with it, and relays the server's event stream.
// First start offers solo or a team server; a wrong password is said in the reader's language;
// the inbox opens as the operator; a reconnecting banner counts down; a resync catches up
// without reloading the page; a refused session shows the connect form with its server; Settings
// signs out and switches server. Once in English, once in Russian, scanned for English.
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
  stop,
  TIMEOUT,
  uiDist,
  watch,
} from './common.mjs';

const OPERATOR = { login: 'olga', name: 'Olga', role: 'supervisor', password: 'olga-correct-horse-battery' };
const ROBOT = { login: 'robot', name: 'Robot', role: 'supervisor', password: 'robot-correct-horse-battery' };

const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-GB',
    wrongPassword: 'Wrong login or password.',
    reconnecting: 'Server unreachable, reconnecting in 5 s',
    leave: 'Sign out / switch server',
  },
  {
    code: 'ru',
    locale: 'ru-RU',
    wrongPassword: 'Неверный логин или пароль.',
    reconnecting: 'Сервер недоступен, переподключение через 5 с',
    leave: 'Выйти / сменить сервер',
  },
];

/** The Tauri shell as the window sees it, played by the page itself (see the header). */
function SHELL() {
  const callbacks = new Map();
  const listeners = new Map();
  let nextId = 1;
  const shell = {
    state: { mode: 'unset', server: null, operator: null },
    token: null,
    /** While false, server events are held back (as if the link were down). */
    relaying: true,
    calls: [],
    emit(event, payload) {
      for (const id of listeners.get(event) ?? []) callbacks.get(id)?.({ event, id, payload });
    },
    async request(server, command, body, token) {
      const r = await fetch(`${server}/api/${command}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body ?? {}),
      });
      const text = await r.text();
      const answer = text === '' ? null : JSON.parse(text);
      if (!r.ok) {
        if (r.status === 401 && token) shell.emit('switchboard:signed_out', null);
        throw answer;
      }
      return answer;
    },
    /** The server's event stream, relayed as switchboard:event (SSE read by hand: a bearer
     * token cannot ride an EventSource). */
    async relay(server, token) {
      const r = await fetch(`${server}/api/events`, { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } });
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done || shell.token !== token) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
          const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
          if (!data || !shell.relaying) continue;
          if (name === 'message') shell.emit('switchboard:event', JSON.parse(data));
          else if (name === 'resync') shell.emit('switchboard:resync', null);
        }
      }
    },
  };
  const commands = {
    'plugin:event|listen': ({ event, handler }) => {
      listeners.set(event, [...(listeners.get(event) ?? []), handler]);
      return handler;
    },
    'plugin:event|unlisten': ({ event, eventId }) => {
      listeners.set(event, (listeners.get(event) ?? []).filter((id) => id !== eventId));
      return null;
    },
    desktop_state: () => shell.state,
    choose_solo: () => {
      shell.state = { mode: 'solo', server: null, operator: null };
      return null;
    },
    connect_team: async ({ server, login, password }) => {
      const signed = await shell.request(server, 'sign_in', { login, password });
      shell.token = signed.token;
      shell.state = { mode: 'team', server, operator: signed.operator };
      void shell.relay(server, signed.token);
      return signed.operator;
    },
    leave_team: async () => {
      if (shell.token) await shell.request(shell.state.server, 'sign_out', {}, shell.token).catch(() => {});
      shell.token = null;
      shell.state = { mode: 'unset', server: null, operator: null };
      return null;
    },
    api: ({ command, request }) => {
      if (shell.state.mode === 'unset') throw { code: 'bad_request', message: 'Choose first' };
      // Solo is this computer's own inbox; the stand-in has none, so it answers for the team.
      return shell.request(shell.state.server ?? location.origin, command, request, shell.token ?? window.__soloToken);
    },
  };
  window.__shell = shell;
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
  window.__TAURI_INTERNALS__ = {
    transformCallback(callback) {
      const id = nextId++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    async invoke(cmd, args) {
      shell.calls.push(cmd);
      const run = commands[cmd];
      if (!run) throw { code: 'bad_request', message: `no command ${cmd}` };
      return run(args ?? {});
    },
    convertFileSrc: (path) => path,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
}

const { test, failed, summary } = results('browser::desktop');

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
  process.exit(summary('browser end-to-end: the desktop window in team mode') ? 1 : 0);
}

async function suite(lang, bin, dist, browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-desktop-'));
  const t = (name, body) => test(`${lang.code}::${name}`, body);
  let server = null;
  let context = null;
  try {
    for (const operator of [OPERATOR, ROBOT]) addOperator(bin, dataDir, operator);
    server = await serve(bin, dataDir, dist);
    server.token = await apiToken(server, ROBOT.login, ROBOT.password);
    context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: lang.locale });
    await context.addInitScript(SHELL);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const { problems } = watch(page);
    const connect = async (password) => {
      const form = page.getByTestId('desktop-connect-form');
      await form.getByTestId('desktop-server').fill(server.base);
      await form.getByTestId('desktop-login').fill(OPERATOR.login);
      await form.getByTestId('desktop-password').fill(password);
      await form.getByTestId('desktop-connect').click();
    };

    await t('the_first_start_offers_this_computer_or_a_team_server', async () => {
      await page.goto(`${server.base}/`);
      await page.getByTestId('desktop-start').waitFor();
      await page.getByTestId('desktop-solo').waitFor();
      await expectNoEnglish(lang, page, server, 'first start');
      await page.getByTestId('desktop-team').click();
      await page.getByTestId('desktop-connect-form').waitFor();
      await expectNoEnglish(lang, page, server, 'connect form');
    });

    await t('a_wrong_password_is_said_and_the_right_one_opens_the_inbox', async () => {
      await connect('not-the-password');
      await page.getByTestId('desktop-error').getByText(lang.wrongPassword, { exact: true }).waitFor();
      await connect(OPERATOR.password);
      await conversationRow(page, 'Sandbox Customer').waitFor();
      const name = await page.getByTestId('operator-name').textContent();
      expect(name === OPERATOR.name, `the operator is ${name}`);
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings-server').getByText(server.base).waitFor();
      expect((await page.getByTestId('sign-out').textContent())?.trim() === lang.leave, 'Settings offer to switch server');
      await expectNoEnglish(lang, page, server, 'desktop settings');
      await page.goto(`${server.base}/#/`);
      await conversationRow(page, 'Sandbox Customer').waitFor();
    });

    await t('a_banner_counts_down_while_the_server_is_unreachable', async () => {
      await page.evaluate(() => window.__shell.emit('switchboard:connection', { state: 'reconnecting', retry_in_ms: 5000 }));
      const banner = page.getByTestId('connection-banner');
      await banner.getByText(lang.reconnecting, { exact: true }).waitFor();
      await expectNoEnglish(lang, page, server, 'reconnecting banner');
      await page.evaluate(() => window.__shell.emit('switchboard:connection', { state: 'online', retry_in_ms: null }));
      await banner.waitFor({ state: 'detached' });
    });

    await t('a_resync_catches_up_without_reloading_the_page', async () => {
      await page.evaluate(() => {
        window.__notReloaded = true;
        window.__shell.relaying = false;
      });
      await incoming(server, '+79000000202', 'Written while the link was down', 'Missed Customer');
      await page.waitForTimeout(700);
      expect((await conversationRow(page, 'Missed Customer').count()) === 0, 'nothing arrives while events are held back');
      await page.evaluate(() => {
        window.__shell.relaying = true;
        window.__shell.emit('switchboard:resync', null);
      });
      await conversationRow(page, 'Missed Customer').getByTestId('unread-badge').getByText('1', { exact: true }).waitFor();
      expect(await page.evaluate(() => window.__notReloaded === true), 'the page was reloaded');
    });

    await t('a_refused_session_shows_the_connect_form_with_its_server', async () => {
      // The server ends the session (signed out elsewhere); the shell says so.
      const token = await page.evaluate(() => window.__shell.token);
      await api(server, 'sign_out', {}, token);
      await page.evaluate(() => {
        window.__shell.state = { ...window.__shell.state, operator: null };
        window.__shell.emit('switchboard:signed_out', null);
      });
      await page.getByTestId('desktop-ended').waitFor();
      expect((await page.getByTestId('desktop-server').inputValue()) === server.base, 'the server is filled in');
      await expectNoEnglish(lang, page, server, 'session ended');
      await connect(OPERATOR.password);
      await conversationRow(page, 'Missed Customer').waitFor();
    });

    await t('signing_out_in_settings_offers_the_choice_again_and_solo_opens_the_app', async () => {
      await page.getByTestId('open-settings').click();
      await page.getByTestId('sign-out').click();
      await page.getByTestId('desktop-solo').waitFor();
      expect(await page.evaluate(() => window.__shell.calls.includes('leave_team')), 'leave_team was asked');
      await page.evaluate(async (token) => (window.__soloToken = token), server.token);
      await page.getByTestId('desktop-solo').click();
      await page.getByTestId('conversation-list').waitFor();
      expect(await page.evaluate(() => window.__shell.calls.includes('choose_solo')), 'choose_solo was asked');
    });

    await t('the_page_logged_no_errors', async () => {
      expect(problems.length === 0, problems.join('\n'));
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
