// @ts-check
// WebKitGTK (Debian's webkit2gtk-driver: the engine of Safari, on Linux), its MiniBrowser
// driven by webdriverio over WebDriver classic (its BiDi is partial) through
// WebKitWebDriver, in a virtual X display. Its quirks: as root it runs only unsandboxed;
// as Debian ships it, it has no storage API and no SharedArrayBuffer; `safari` turns both
// on as Safari has them (the feature flags reach MiniBrowser as arguments, shared memory
// only through JavaScriptCore's environment, which the driver passes on).
import { spawn } from 'node:child_process';
import { remote } from 'webdriverio';
import { freePort } from '../../support/free-port.mjs';
import { deepElement } from '../in-page.mjs';

export const miniBrowserPath = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The key of an element reference in WebDriver's answers. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * @param {{ safari: boolean }} options
 * @returns {Promise<import('../driven-page.mjs').Engine>}
 */
export async function launchWebKit({ safari }) {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${port}`], {
    env: {
      ...process.env,
      WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1', // the tests run as root
      WEBKIT_DISABLE_DMABUF_RENDERER: '1', // else pages render black under Xvfb
      ...(safari ? { JSC_useSharedArrayBuffer: '1' } : {}),
    },
    detached: true,
    stdio: 'ignore',
  });
  const stopDriver = () => {
    try {
      if (driver.pid) process.kill(-driver.pid);
    } catch {
      // already gone
    }
  };
  try {
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`http://localhost:${port}/status`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const browser = await remote({
      hostname: 'localhost',
      port,
      logLevel: 'warn',
      connectionRetryTimeout: 60_000,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: miniBrowserPath,
          args: ['--automation', ...(safari ? ['--features=+StorageAPI,+StorageAPIEstimate'] : [])],
        },
      },
    });
    const version = String(browser.capabilities.browserVersion ?? '');
    const first = await browser.getWindowHandle();
    let opened = false;
    // WebDriver drives one window at a time: each tab's call switches to its window first,
    // one call after another, so two tabs' calls never cross.
    let current = first;
    /** @type {Promise<unknown>} */
    let queue = Promise.resolve();
    /**
     * @template T
     * @param {string} handle
     * @param {() => Promise<T>} body
     * @returns {Promise<T>}
     */
    const inWindow = (handle, body) => {
      const call = queue.then(async () => {
        if (current !== handle) await browser.switchToWindow(handle);
        current = handle;
        return body();
      });
      queue = call.catch(() => undefined);
      return call;
    };
    /** @param {unknown} found an element reference from execute */
    const elementId = (found) => {
      const id = /** @type {Record<string, string> | null} */ (found)?.[ELEMENT];
      if (!id) throw new Error('No such element on the page');
      return id;
    };
    return {
      name: safari ? 'webkit-safari' : 'webkit',
      label: `WebKitGTK ${version}${safari ? ', close to Safari' : ', as Debian ships it'}`,
      async open() {
        // The session's own window first, then a new one in the same profile, by the
        // driver's New Window command: webdriverio's newWindow() calls window.open() from a
        // page script, which opened nothing here.
        const handle = opened ? (await browser.createWindow('window')).handle : first;
        opened = true;
        await inWindow(handle, () => browser.setWindowSize(430, 932));
        /**
         * @template T
         * @param {() => Promise<T>} body
         */
        const here = (body) => inWindow(handle, body);
        return {
          goto: (url) => here(() => browser.url(url)).then(() => undefined),
          reload: () => here(() => browser.refresh()),
          evaluate: (fn, arg) => here(() => browser.execute(fn, arg)),
          click: (x, y) =>
            here(() =>
              browser
                .action('pointer', { parameters: { pointerType: 'mouse' } })
                .move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' })
                .down()
                .up()
                .perform(),
            ),
          stroke: (points) =>
            here(async () => {
              // WebKitWebDriver delivers a touch pointer as mouse events, and a pen's stroke
              // ends after its first move: a mouse it is (the pad takes any pointer).
              const [start, ...rest] = points;
              const action = browser.action('pointer', { parameters: { pointerType: 'mouse' } });
              action.move({ x: Math.round(start.x), y: Math.round(start.y), origin: 'viewport' }).down();
              for (const point of rest)
                action.move({ x: Math.round(point.x), y: Math.round(point.y), origin: 'viewport', duration: 16 });
              await action.up().perform();
            }),
          // WebDriver clicks an <option> to choose it, as a person picks it from the list.
          select: (selector, value) =>
            here(async () => {
              const option = await browser.execute(deepElement, `${selector} option[value="${value}"]`);
              await browser.elementClick(elementId(option));
            }),
          // Keys sent to a file input are its files' paths, one a line.
          chooseFiles: (selector, paths) =>
            here(async () => {
              const input = await browser.execute(deepElement, selector);
              await browser.elementSendKeys(elementId(input), paths.join('\n'));
            }),
          // WebKitWebDriver has no download command, and MiniBrowser under automation
          // saves nothing (no file in HOME, Downloads or XDG_DOWNLOAD_DIR).
          download: undefined,
          screenshot: (path) => here(() => browser.saveScreenshot(path)).then(() => undefined),
          // WebDriver classic has no console: errors the page shows are in its text.
          errors: () => undefined,
          close: async () => {
            // The session's own window stays: closing the last one would end the session.
            if (handle !== first) await here(() => browser.closeWindow());
          },
        };
      },
      close: async () => {
        await browser.deleteSession().catch(() => undefined);
        stopDriver();
      },
    };
  } catch (error) {
    stopDriver();
    throw error;
  }
}
