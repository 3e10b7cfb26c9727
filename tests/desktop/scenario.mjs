// What the desktop scenarios share: the steps runner (cargo-style lines closed by a
// `test result:` line that scripts/test counts) and the inbox as the window shows it.

/** The UI's test ids the scenarios look for. */
export const sel = {
  conversation: '[data-testid="conversation"]',
  unread: '[data-testid="unread-badge"]',
  composer: '[data-testid="composer-input"]',
  outgoing: '[data-testid="message"][data-direction="out"]',
  incoming: '[data-testid="message"][data-direction="in"]',
};

export const SANDBOX_NAME = 'Sandbox Customer';

/**
 * Steps run in order; after a failure the rest are skipped (and counted as failed). A failed
 * step prints what the window showed.
 */
export function scenario(driver) {
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
      const page = await driver
        .exec('return document.title + "\\n" + document.body.innerText')
        .catch((err) => `(the page could not be read: ${err.message})`);
      console.log(`  the window showed: ${String(page).slice(0, 600).replace(/\n/g, ' | ')}`);
    }
  }
  /** Prints the result line; answers the exit code. */
  function finish(label) {
    console.log(`test result: ${failed === 0 ? 'ok' : 'FAILED'}. ${passed} passed; ${failed} failed; (${label})`);
    return failed === 0 ? 0 : 1;
  }
  return { step, finish };
}

/** The row of the conversation with `name` in the list, or null. */
export async function rowNamed(driver, name) {
  for (const id of await driver.findAll(sel.conversation)) {
    if ((await driver.content(id)).includes(name)) return id;
  }
  return null;
}

/**
 * Opens the conversation with `name`. The list settles as the views and their counts arrive
 * after the first page, and WebDriver refuses a click on a row mid-layout ("not
 * interactable"): the row is found again and the click tried until it lands.
 */
export async function openRow(driver, name) {
  await driver.until(`a click on ${name}'s row to land`, async () => {
    const row = await rowNamed(driver, name);
    if (!row) return false;
    await driver.click(row);
    return true;
  });
}

/** The message (`sel.outgoing` or `sel.incoming`) in the open thread whose text has `text`. */
export async function messageWith(driver, which, text) {
  for (const id of await driver.findAll(which)) {
    if ((await driver.content(id)).includes(text)) return id;
  }
  return null;
}

/** Types `text` in the composer and sends it with Enter. */
export async function send(driver, text) {
  const input = await driver.element(sel.composer);
  await driver.type(input, text);
  await driver.type(input, '\uE007');
}
