// @ts-check
// Debian's Chromium, driven by playwright-core, as the rest of the end-to-end tests drive
// it (test/support/chromium.mjs has its flags), in a phone's screen with touch.
import { chromium } from 'playwright-core';
import { collectErrors } from '../../support/page-errors.mjs';
import { PHONE } from '../../support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../../support/chromium.mjs';

/** @returns {Promise<import('../driven-page.mjs').Engine>} */
export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext(PHONE);
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
        screenshot: async (path) => void (await page.screenshot({ path })),
        errors: () => errors,
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}
