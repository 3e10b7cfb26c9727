// The desktop app as a team server's client, end to end in the real webview: a team's
// `switchboard serve --sandbox` with operators made by the CLI; the app on a fresh data
// directory asks "solo or team?", signs in as the manager, sends to the sandbox customer and
// sees the ticks advance; the server is killed (the window says it is reconnecting), started
// again on the same port and data directory, the customer writes, and the window reconnects by
// itself and shows it; restarted, the app opens the team inbox without asking (the session
// kept in the keychain). Run through run.sh team (display, bus, keychain, WebDriver).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SANDBOX_NAME, messageWith, openRow, rowNamed, scenario, sel, send } from './scenario.mjs';
import { WebDriver } from './webdriver.mjs';

const SERVE = process.env.SWITCHBOARD_BIN;
const WORLD = process.env.DESKTOP_WORLD;
const MANAGER = { login: 'anna', name: 'Anna Petrova', role: 'manager', password: 'a manager passphrase' };
// The test's own hands on the server: a supervisor finds the sandbox account's webhook.
const ROBOT = { login: 'robot', name: 'Test Robot', role: 'supervisor', password: 'a robot passphrase' };
const AGENT = 'switchboard desktop test';
const ui = {
  start: '[data-testid="desktop-start"]',
  team: '[data-testid="desktop-team"]',
  server: '[data-testid="desktop-server"]',
  login: '[data-testid="desktop-login"]',
  password: '[data-testid="desktop-password"]',
  connect: '[data-testid="desktop-connect"]',
  error: '[data-testid="desktop-error"]',
  banner: '[data-testid="connection-banner"]',
};

const driver = new WebDriver(process.env.WEBDRIVER_URL);
const { step, finish } = scenario(driver);
const teamDir = join(WORLD, 'team');
const figures = {};

function addOperator({ login, name, role, password }) {
  const r = spawnSync(SERVE, ['operator', 'add', login, '--name', name, '--role', role, '--data-dir', teamDir], {
    input: `${password}\n`,
    encoding: 'utf8',
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  if (r.status !== 0) throw new Error(`switchboard operator add ${login} (${r.status}): ${(r.stderr || r.stdout).trim()}`);
}

/** `switchboard serve --sandbox` on `listen`; resolves once it printed its address and is ready. */
function serve(listen) {
  const child = spawn(SERVE, ['serve', '--sandbox', '--listen', listen, '--data-dir', teamDir, '--secrets', 'file'], {
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let base = null;
    const timer = setTimeout(() => reject(new Error('serve printed no address in 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /^listening on (https?:\/\/\S+)/.exec(line);
      if (listening) base = listening[1].replace(/\/$/, '');
      // The address, then a summary closed by how to stop it: by then the sandbox runs.
      if (base && /^\s*(Open|Stop):/.test(line)) {
        clearTimeout(timer);
        resolve({ child, base });
      }
    });
  });
}

function kill(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

async function api(base, token, command, request = {}) {
  const r = await fetch(`${base}/api/${command}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'User-Agent': AGENT },
    body: JSON.stringify(request),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(body)}`);
  return body;
}

/** A message from the sandbox customer, as the Devino gateway posts it to the server. */
async function customerWrites(hook, text) {
  const r = await fetch(hook.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      incomingMessageId: Date.now() * 1000 + Math.floor(Math.random() * 1000),
      to: hook.sender,
      from: '79000000001',
      ts: Date.now(),
      text,
      profileName: SANDBOX_NAME,
    }),
  });
  if (!r.ok) throw new Error(`the incoming webhook answered ${r.status}: ${await r.text()}`);
}

const shown = async (css) => (await driver.findAll(css)).length > 0;

let server = null;
try {
  let hook = null;
  await step('a team server runs with a manager made by the CLI', async () => {
    mkdirSync(teamDir, { recursive: true });
    addOperator(MANAGER);
    addOperator(ROBOT);
    server = await serve('127.0.0.1:0');
    const signIn = await fetch(`${server.base}/api/sign_in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': AGENT },
      body: JSON.stringify({ login: ROBOT.login, password: ROBOT.password }),
    });
    const { token } = await signIn.json();
    const account = (await api(server.base, token, 'list_accounts')).find((a) => a.sandbox);
    const hooks = await api(server.base, token, 'account_webhooks', { account_id: account.id });
    hook = { url: hooks.find((h) => h.kind === 'incoming').url, sender: account.sender };
  });

  await step('on a fresh data directory the app asks: solo or a team server', async () => {
    await driver.start(process.env.SWITCHBOARD_DESKTOP_BIN);
    await driver.element(ui.start, 30000);
    if (await shown(sel.conversation)) throw new Error('an inbox showed before anything was chosen');
  });

  await step('a wrong password is refused with the server’s words, and the form stays', async () => {
    await driver.click(await driver.element(ui.team));
    await driver.type(await driver.element(ui.server), server.base);
    await driver.type(await driver.element(ui.login), MANAGER.login);
    await driver.type(await driver.element(ui.password), 'not the password');
    await driver.click(await driver.element(ui.connect));
    const error = await driver.element(ui.error);
    const text = await driver.content(error);
    if (!text.trim()) throw new Error('the refusal says nothing');
  });

  await step('the manager signs in and sees the team inbox', async () => {
    // The refused password was cleared; the address and login stay.
    await driver.type(await driver.element(ui.password), MANAGER.password);
    await driver.click(await driver.element(ui.connect));
    await driver.until('the sandbox conversation in the team inbox', () => rowNamed(driver, SANDBOX_NAME), 30000);
  });

  const text = 'Hello from the desktop, through the team server';
  await step('a message sent from the desktop reaches seen', async () => {
    await openRow(driver, SANDBOX_NAME);
    await send(driver, text);
    const mine = await driver.until('the sent message in the thread', () => messageWith(driver, sel.outgoing, text));
    await driver.until('its tick to reach seen', async () => (await driver.attribute(mine, 'data-tick')) === 'seen', 30000);
  });

  const port = new URL(server?.base ?? 'http://127.0.0.1:0').port;
  const away = 'Are you there? I wrote while your app was reconnecting';
  await step('the server is killed: the window says it is reconnecting', async () => {
    const t0 = Date.now();
    await kill(server);
    await driver.until('the reconnecting banner', () => shown(ui.banner), 10000);
    figures.bannerAfterKillMs = Date.now() - t0;
    // Down for a few seconds, as a restart takes: the next attempt is seconds away by then.
    await new Promise((r) => setTimeout(r, 4000));
  });

  await step('started again, the server is found by itself, and the customer’s message shows', async () => {
    server = await serve(`127.0.0.1:${port}`);
    const back = Date.now();
    await customerWrites(hook, away);
    figures.writtenWhileAway = await shown(ui.banner);
    await driver.until('the banner to go', async () => !(await shown(ui.banner)), 40000);
    figures.reconnectedAfterMs = Date.now() - back;
    await driver.until('the message written meanwhile', () => messageWith(driver, sel.incoming, away), 20000);
    figures.shownAfterMs = Date.now() - back;
  });

  await step('restarted, the app opens the team inbox without asking (the session in the keychain)', async () => {
    await driver.quit();
    await driver.start(process.env.SWITCHBOARD_DESKTOP_BIN);
    await driver.until('the team inbox', () => rowNamed(driver, SANDBOX_NAME), 30000);
    if (await shown(ui.start)) throw new Error('the app asked again');
  });

  await step('a screenshot of the window is saved', async () => {
    await new Promise((r) => setTimeout(r, 500));
    const png = await driver.screenshot();
    if (png.length < 1000) throw new Error('the screenshot is empty');
    writeFileSync(process.env.SWITCHBOARD_SCREENSHOT, png);
  });
} finally {
  await driver.quit();
  if (server) await kill(server);
}

console.log(
  `figures: banner ${figures.bannerAfterKillMs} ms after the kill; reconnected ${figures.reconnectedAfterMs} ms ` +
    `and the missed message shown ${figures.shownAfterMs} ms after the server was back ` +
    `(written ${figures.writtenWhileAway ? 'before' : 'after'} the window reconnected)`,
);
process.exit(finish('desktop team'));
