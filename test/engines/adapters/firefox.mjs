// @ts-check
// Firefox ESR (Debian's), driven by puppeteer-core over WebDriver BiDi. Its quirks: it
// runs as root only with a HOME; headless, it has no WebGL, so it gets a window on a
// virtual display, as a laptop's Firefox has; navigator.storage.persist() opens a prompt
// that nobody answers here, as a user may never answer it.
import puppeteer from 'puppeteer-core';
import { collectErrors } from '../../support/page-errors.mjs';
import { startVirtualDisplay } from '../../support/virtual-display.mjs';

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** @returns {Promise<import('../driven-page.mjs').Engine>} */
export async function launchFirefox() {
  const screen = await startVirtualDisplay();
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: false,
      env: { ...process.env, HOME: process.env.HOME || '/root', DISPLAY: screen.display },
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
      return {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (x, y) => page.mouse.click(x, y),
        stroke: async (points) => {
          const [first, ...rest] = points;
          const touch = await page.touchscreen.touchStart(first.x, first.y);
          for (const point of rest) await touch.move(point.x, point.y);
          await touch.end();
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
