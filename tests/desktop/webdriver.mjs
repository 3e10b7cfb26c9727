// A minimal W3C WebDriver client over fetch, for WebKitWebDriver driving the desktop app.
// No dependencies: the few endpoints the desktop tests use.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(url) {
    this.url = url.replace(/\/$/, '');
    this.session = null;
  }

  async request(method, path, body) {
    const res = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value ?? {};
      const err = new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`);
      err.code = v.error;
      throw err;
    }
    return json.value;
  }

  /** Starts the app binary (it inherits this driver's environment) and attaches to its window. */
  async start(binary, args = []) {
    const value = await this.request('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary, args } } },
    });
    this.session = value.sessionId;
    return this;
  }

  async quit() {
    if (this.session === null) return;
    const s = this.session;
    this.session = null;
    await this.request('DELETE', `/session/${s}`).catch(() => {});
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async findAll(css) {
    const found = await this.request('POST', this.s('/elements'), { using: 'css selector', value: css });
    return found.map((e) => e[ELEMENT]);
  }

  async click(id) {
    await this.request('POST', this.s(`/element/${id}/click`), {});
  }

  async type(id, text) {
    await this.request('POST', this.s(`/element/${id}/value`), { text });
  }

  async text(id) {
    return this.request('GET', this.s(`/element/${id}/text`));
  }

  /** The element's text content (WebDriver's rendered-text algorithm skips clipped text). */
  async content(id) {
    return this.exec('return arguments[0].textContent', [{ [ELEMENT]: id }]);
  }

  async attribute(id, name) {
    return this.request('GET', this.s(`/element/${id}/attribute/${name}`));
  }

  async exec(script, args = []) {
    return this.request('POST', this.s('/execute/sync'), { script, args });
  }

  /** The page as the user sees it, PNG bytes. */
  async screenshot() {
    return Buffer.from(await this.request('GET', this.s('/screenshot')), 'base64');
  }

  /**
   * Polls `probe` until it returns something truthy; element lookups that fail while the page
   * changes count as "not yet".
   */
  async until(what, probe, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The first element matching `css`, once there is one. */
  async element(css, timeoutMs) {
    return this.until(`an element ${css}`, async () => (await this.findAll(css))[0], timeoutMs);
  }
}
