// @ts-check
// Debian's Chromium, driven by playwright-core, as the rest of the end-to-end tests drive
// it (test/support/chromium.mjs has its flags), in a phone's screen with touch.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { collectErrors } from '../../support/page-errors.mjs';
import { PHONE } from '../../support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../../support/chromium.mjs';
import { deepElement } from '../in-page.mjs';

/** @returns {Promise<import('../driven-page.mjs').Engine>} */
export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext(PHONE);
  const saved = await mkdtemp(join(tmpdir(), 'chromium-downloads-'));
  return {
    name: 'chromium',
    label: `Chromium ${browser.version()}`,
    async open() {
      const page = await context.newPage();
      const errors = collectErrors(page);
      return {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (x, y) => page.mouse.click(x, y),
        stroke: async (points) => {
          // Playwright's touchscreen only taps: a finger's stroke goes through the protocol.
          const cdp = await context.newCDPSession(page);
          const at = (/** @type {{ x: number, y: number }} */ point) => [point];
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
          for (const point of points.slice(1)) {
            await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(point) });
          }
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
          await cdp.detach();
        },
        select: async (selector, value) => {
          const element = (await page.evaluateHandle(deepElement, selector)).asElement();
          if (!element) throw new Error(`No ${selector} on the page`);
          await element.selectOption(value);
        },
        chooseFiles: async (selector, paths) => {
          const element = (await page.evaluateHandle(deepElement, selector)).asElement();
          if (!element) throw new Error(`No ${selector} on the page`);
          await element.setInputFiles(paths);
        },
        download: async (trigger, count) => {
          // Each download is an event; the file is saved under the name the page gave it.
          /** @type {import('playwright-core').Download[]} */
          const downloads = [];
          const listener = (/** @type {import('playwright-core').Download} */ d) => void downloads.push(d);
          page.on('download', listener);
          try {
            await trigger();
            const deadline = Date.now() + 30_000;
            while (downloads.length < count) {
              if (Date.now() > deadline) throw new Error(`${downloads.length} of ${count} downloads in 30 s`);
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          } finally {
            page.off('download', listener);
          }
          return Promise.all(
            downloads.map(async (d) => {
              const path = join(saved, d.suggestedFilename());
              await d.saveAs(path);
              return path;
            }),
          );
        },
        screenshot: async (path) => void (await page.screenshot({ path })),
        errors: () => errors,
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}
