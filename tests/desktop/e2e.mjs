// The desktop app end to end, in the real webview: the sandbox inbox shows, a message sent from
// the thread reaches "seen", the customer's reply arrives live, the unread badge changes, the
// reply raises a desktop notification on the session bus, and a screenshot is saved.
// Run through run.sh (it provides the display, the bus, the keychain, dunst and WebDriver).
import { readFileSync, writeFileSync } from 'node:fs';
import { WebDriver } from './webdriver.mjs';

const SANDBOX_NAME = 'Sandbox Customer';
const REPLY = 'Got it, thanks!';
const sel = {
  conversation: '[data-testid="conversation"]',
  unread: '[data-testid="unread-badge"]',
  composer: '[data-testid="composer-input"]',
  outgoing: '[data-testid="message"][data-direction="out"]',
  incoming: '[data-testid="message"][data-direction="in"]',
};

const driver = new WebDriver(process.env.WEBDRIVER_URL);
const steps = [];
let passed = 0;
let failed = 0;

async function step(name, body) {
  if (failed > 0) {
    console.log(`SKIP ${name} (an earlier step failed)`);
    failed += 1;
    return;
  }
  const t0 = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message}`);
  }
  steps.push(name);
}

/** The sandbox customer's row in the conversation list. */
async function sandboxRow() {
  for (const id of await driver.findAll(sel.conversation)) {
    if ((await driver.text(id)).includes(SANDBOX_NAME)) return id;
  }
  return null;
}

async function unreadOf(row) {
  const badge = await driver.request('POST', driver.s(`/element/${row}/elements`), {
    using: 'css selector',
    value: sel.unread,
  });
  if (badge.length === 0) return 0;
  const text = await driver.text(Object.values(badge[0])[0]);
  return Number(text.trim() || '0');
}

function notificationsMention(text) {
  return readFileSync(process.env.NOTIFICATIONS_LOG, 'utf8').includes(text);
}

try {
  await step('the app starts and its window shows the sandbox inbox', async () => {
    await driver.start(process.env.SWITCHBOARD_DESKTOP_BIN);
    await driver.until('the sandbox conversation in the list', sandboxRow, 30000);
  });

  await step('the hello is unread, and opening the conversation clears the badge', async () => {
    const row = await driver.until('the hello to count as unread', async () => {
      const r = await sandboxRow();
      return r && (await unreadOf(r)) >= 1 ? r : null;
    });
    await driver.click(row);
    await driver.until('the unread badge to go', async () => (await unreadOf(await sandboxRow())) === 0);
  });

  const text = `Hello from the desktop test ${Date.now()}`;
  await step('a message sent from the composer reaches seen', async () => {
    const input = await driver.element(sel.composer);
    await driver.type(input, text);
    await driver.type(input, '\uE007'); // Enter sends
    const mine = await driver.until('the sent message in the thread', async () => {
      for (const id of await driver.findAll(sel.outgoing)) {
        if ((await driver.text(id)).includes(text)) return id;
      }
      return null;
    });
    await driver.until('its tick to reach seen', async () => (await driver.attribute(mine, 'data-status')) === 'seen', 30000);
  });

  await step("the customer's reply appears live", async () => {
    await driver.until('the reply in the open thread', async () => {
      for (const id of await driver.findAll(sel.incoming)) {
        if ((await driver.text(id)).includes(REPLY)) return true;
      }
      return false;
    }, 30000);
  });

  await step('the reply raised a desktop notification on the session bus', async () => {
    await driver.until('a Notify call naming the contact and the reply', async () =>
      notificationsMention(SANDBOX_NAME) && notificationsMention(REPLY), 10000);
  });

  await step('a screenshot of the window is saved', async () => {
    // Let the last frame settle after the reply's render.
    await new Promise((r) => setTimeout(r, 500));
    const png = await driver.screenshot();
    if (png.length < 1000) throw new Error('the screenshot is empty');
    writeFileSync(process.env.SWITCHBOARD_SCREENSHOT, png);
  });
} finally {
  await driver.quit();
}

console.log(`test result: ${failed === 0 ? 'ok' : 'FAILED'}. ${passed} passed; ${failed} failed;`);
process.exit(failed === 0 ? 0 : 1);
