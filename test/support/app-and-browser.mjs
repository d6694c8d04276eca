// @ts-check
// One test file's app and browser: the built app served as `npm start` serves it, and
// Debian's Chromium, started in the file's `before` hook and stopped in its `after`.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './app-harness.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

/**
 * Registers the hooks; read `base` and `browser` inside the tests, or in another `before`
 * hook after awaiting `ready`.
 * @param {string | number} port
 * @param {{ log?: string[], args?: string[] }} [options] where the server's lines go; Chromium flags beside ours
 */
export function appAndBrowser(port, { log = [], args = [] } = {}) {
  /** @type {() => void} */
  let started = () => undefined;
  const app = {
    base: `http://localhost:${port}`,
    browser: /** @type {import('playwright-core').Browser} */ (/** @type {unknown} */ (undefined)),
    /** Settles once both run: node:test starts a file's top-level `before` hooks together. */
    ready: new Promise((resolve) => (started = () => resolve(undefined))),
  };
  /** @type {{ stop: () => void } | undefined} */
  let server;
  before(async () => {
    server = await startServer(port, log);
    app.browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...args] });
    started();
  });
  after(async () => {
    await app.browser?.close();
    server?.stop();
  });
  return app;
}
