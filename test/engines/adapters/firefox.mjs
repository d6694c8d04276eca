// @ts-check
// Firefox ESR (Debian's), driven by puppeteer-core over WebDriver BiDi. Its quirks: it
// runs as root only with a HOME; headless, it has no WebGL, so it gets a window on a
// virtual display, as a laptop's Firefox has; navigator.storage.persist() opens a prompt
// that nobody answers here, as a user may never answer it; tabs share one window, and
// input goes to the tab in front.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { collectErrors } from '../../support/page-errors.mjs';
import { startVirtualDisplay } from '../../support/virtual-display.mjs';
import { deepElement } from '../in-page.mjs';

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** @returns {Promise<import('../driven-page.mjs').Engine>} */
export async function launchFirefox() {
  const saved = await mkdtemp(join(tmpdir(), 'firefox-downloads-'));
  const screen = await startVirtualDisplay();
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: false,
      env: { ...process.env, HOME: process.env.HOME || '/root', DISPLAY: screen.display },
      // puppeteer has download events over CDP alone, and over BiDi sets a download folder
      // only for a new context (storage apart from MNIST's): Firefox's own preferences save
      // every download, unasked, to this folder.
      extraPrefsFirefox: {
        'browser.download.folderList': 2,
        'browser.download.dir': saved,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
      },
    })
    .catch((error) => {
      screen.stop();
      throw error;
    });
  return {
    name: 'firefox',
    label: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}, in a window on a virtual display`,
    async open() {
      const page = await browser.newPage();
      const errors = collectErrors(page);
      // A phone's screen; touch comes as BiDi touch actions. puppeteer sends a screen
      // orientation with every viewport, a command Firefox ESR 140 lacks: the viewport is
      // set by then, and the rest of that call (touch emulation) it lacks as well.
      await page.setViewport({ width: 390, height: 844, hasTouch: true }).catch((error) => {
        if (!/unknown command emulation\.setScreenOrientationOverride/.test(String(error))) throw error;
      });
      /** @param {string} selector */
      const element = async (selector) => {
        const found = (await page.evaluateHandle(deepElement, selector)).asElement();
        if (!found) throw new Error(`No ${selector} on the page`);
        return /** @type {import('puppeteer-core').ElementHandle<any>} */ (found);
      };
      return {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: async (x, y) => {
          await page.bringToFront();
          await page.mouse.click(x, y);
        },
        stroke: async (points) => {
          await page.bringToFront();
          const [first, ...rest] = points;
          const touch = await page.touchscreen.touchStart(first.x, first.y);
          for (const point of rest) await touch.move(point.x, point.y);
          await touch.end();
        },
        select: async (selector, value) => void (await (await element(selector)).select(value)),
        chooseFiles: async (selector, paths) => (await element(selector)).uploadFile(...paths),
        download: async (trigger, count) => {
          // Done once the folder holds `count` new files and no partial one (Firefox writes
          // NAME.part, then renames it).
          const before = new Set(await readdir(saved));
          await trigger();
          const deadline = Date.now() + 30_000;
          for (;;) {
            const names = (await readdir(saved)).filter((name) => !before.has(name));
            const done = names.filter((name) => !name.endsWith('.part'));
            if (done.length >= count && done.length === names.length) return done.map((name) => join(saved, name));
            if (Date.now() > deadline) throw new Error(`${done.length} of ${count} downloads in 30 s: ${names}`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        },
        screenshot: async (path) => void (await page.screenshot({ path })),
        errors: () => errors,
        close: () => page.close(),
      };
    },
    close: async () => {
      await browser.close();
      screen.stop();
    },
  };
}
