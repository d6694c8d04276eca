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

export const miniBrowserPath = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

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
    let opened = false;
    return {
      name: safari ? 'webkit-safari' : 'webkit',
      label: `WebKitGTK ${version}${safari ? ', close to Safari' : ', as Debian ships it'}`,
      async open() {
        // WebKitWebDriver has one window a session: one tab per engine.
        if (opened) throw new Error('WebKitGTK: one tab a session');
        opened = true;
        await browser.setWindowSize(430, 932);
        return {
          goto: (url) => browser.url(url).then(() => undefined),
          reload: () => browser.refresh(),
          evaluate: (fn, arg) => browser.execute(fn, arg),
          click: async (x, y) => {
            await browser
              .action('pointer', { parameters: { pointerType: 'mouse' } })
              .move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' })
              .down()
              .up()
              .perform();
          },
          stroke: async (points) => {
            // WebKitWebDriver delivers a touch pointer as mouse events, and a pen's stroke
            // ends after its first move: a mouse it is (the pad takes any pointer).
            const [first, ...rest] = points;
            const action = browser.action('pointer', { parameters: { pointerType: 'mouse' } });
            action.move({ x: Math.round(first.x), y: Math.round(first.y), origin: 'viewport' }).down();
            for (const point of rest)
              action.move({ x: Math.round(point.x), y: Math.round(point.y), origin: 'viewport', duration: 16 });
            await action.up().perform();
          },
          screenshot: async (path) => void (await browser.saveScreenshot(path)),
          // WebDriver classic has no console: errors the page shows are in its text.
          errors: () => undefined,
          close: async () => undefined,
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
