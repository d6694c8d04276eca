// @ts-check
// What a journey does to a page, the same in every engine: read its text, wait for words,
// press a control, draw a stroke. Each engine's driver sits behind an adapter (adapters/).
import { deepBox, deepLabels, deepText, deepTextOf } from './in-page.mjs';

/**
 * One tab of one engine, as its adapter drives it. Points and boxes are viewport pixels.
 * @typedef {object} EngineTab
 * @property {(url: string) => Promise<void>} goto
 * @property {() => Promise<void>} reload
 * @property {<A, R>(fn: (arg: A) => R, arg: A) => Promise<Awaited<R>>} evaluate
 * @property {(x: number, y: number) => Promise<void>} click a real click (mouse or tap)
 * @property {(points: { x: number, y: number }[]) => Promise<void>} stroke a real touch (or pen) stroke
 * @property {(selector: string, value: string) => Promise<void>} select picks an option of the <select> matching `selector` (shadow roots included) with the driver's own command
 * @property {(selector: string, paths: string[]) => Promise<void>} chooseFiles sets the files of the <input type=file> matching `selector` (shadow roots included) through the driver, as a file chooser does
 * @property {((trigger: () => Promise<void>, count: number) => Promise<string[]>) | undefined} download the paths of the `count` files the browser saves after `trigger`; undefined where the driver cannot catch a download
 * @property {(path: string) => Promise<void>} screenshot
 * @property {() => string[] | undefined} errors console errors and uncaught exceptions so far, where the driver hears them
 * @property {() => Promise<void>} close
 */

/**
 * An engine as the journeys see it.
 * @typedef {object} Engine
 * @property {string} name e.g. "webkit-safari"
 * @property {string} label e.g. "WebKitGTK 2.50, close to Safari"
 * @property {() => Promise<EngineTab>} open a new tab, in the same profile as the others
 * @property {() => Promise<void>} close
 */

export class DrivenPage {
  /** @param {EngineTab} tab */
  constructor(tab) {
    this.tab = tab;
  }

  /** The whole page's text, shadow roots included. */
  text() {
    return this.tab.evaluate(deepText, undefined);
  }

  /**
   * Waits until the page's text matches; fails with what the page said instead.
   * @param {RegExp} pattern
   * @param {number} timeout ms
   * @returns {Promise<RegExpExecArray>}
   */
  async waitForText(pattern, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await this.text();
      const match = pattern.exec(text);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`Waited ${timeout / 1000} s for ${pattern}; the page said:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * Presses a control as a person does, by its words (its text or aria-label).
   * @param {string} selector e.g. 'button', 'a'
   * @param {string} [name]
   */
  async press(selector, name) {
    const box = await this.box(selector, name);
    await this.tab.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /**
   * The box of a control once it is on the page (after a reload the page renders it a
   * moment later), scrolled into view.
   * @param {string} selector
   * @param {string} [name]
   * @param {number} timeout ms
   */
  async box(selector, name, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const box = await this.tab.evaluate(deepBox, { selector, name });
      if (box) return box;
      if (Date.now() > deadline) {
        throw new Error(`No ${selector}${name ? ` named "${name}"` : ''} on the page:\n${await this.text()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Waits until an element matches `selector` (shadow roots included).
   * @param {string} selector
   * @param {number} timeout ms
   */
  async waitFor(selector, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while ((await this.textOf(selector)) === null) {
      if (Date.now() > deadline)
        throw new Error(`Waited ${timeout / 1000} s for ${selector}; the page said:\n${await this.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** @param {string} selector the labels (aria-label, else text) of every element it matches */
  labels(selector) {
    return this.tab.evaluate(deepLabels, selector);
  }

  /** @param {string} selector the text of the first element it matches, or null */
  textOf(selector) {
    return this.tab.evaluate(deepTextOf, selector);
  }

  /**
   * Shows a view with its link in the bar of views.
   * @param {'Draw' | 'Train' | 'Models' | 'Evaluate'} name
   */
  async showView(name) {
    const hash = `#${name.toLowerCase()}`;
    await this.press(`nav[aria-label="Views"] a[href="${hash}"]`);
    const deadline = Date.now() + 10_000;
    while ((await this.tab.evaluate(() => location.hash, undefined)) !== hash) {
      if (Date.now() > deadline) throw new Error(`${name} in the bar of views did not open ${hash}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.waitFor(`${hash}-view`); // its panel's script loads the first time
  }

  /**
   * Draws on the pad through points in its own 0-1 units.
   * @param {number[][]} points
   */
  async draw(points) {
    const pad = await this.box('canvas[aria-label="Drawing pad"]');
    await this.tab.stroke(points.map(([x, y]) => ({ x: pad.x + x * pad.width, y: pad.y + y * pad.height })));
  }
}
