// @ts-check
// Shared by the end-to-end tests and the benchmarks: the built app served as `npm start`
// serves it, and a finger drawing on its pad.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

/**
 * Starts `npm run serve` on the port; resolves once it answers. Lines it logs go to `log`.
 * With `dir`, serves that folder instead of dist, with `config` (an absolute path to a
 * serve.json) or, with none, as a host that sets no headers at all.
 * @param {string | number} port
 * @param {string[]} [log]
 * @param {{ dir?: string, config?: string }} [options]
 */
export async function startServer(port, log = [], options = {}) {
  const command = options.dir
    ? [
        'npx',
        [
          'serve',
          options.dir,
          ...(options.config ? ['--config', options.config] : []),
          '--listen',
          `tcp://0.0.0.0:${port}`,
          '--no-clipboard',
        ],
      ]
    : ['npm', ['run', 'serve']];
  const server = spawn(command[0], command[1], {
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: 'pipe',
  });
  server.stdout?.on('data', (chunk) => log.push(...String(chunk).split('\n')));
  server.stderr?.on('data', (chunk) => log.push(...String(chunk).split('\n')));
  const base = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(base).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`The server did not start on ${base}:\n${log.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let stopped = false;
  return {
    base,
    /** npm, sh and serve: the whole group. Once; later calls do nothing. */
    stop: () => {
      if (stopped || !server.pid) return;
      stopped = true;
      process.kill(-server.pid);
    },
  };
}

/**
 * Shows a view as a user does, with its link in the bar of views (Draw, Train, Models,
 * Evaluate; Train's name says "(training)" while a run goes on).
 * @param {import('playwright-core').Page} page
 * @param {'Draw' | 'Train' | 'Models' | 'Evaluate'} name
 */
export async function showView(page, name) {
  const bar = page.getByRole('navigation', { name: 'Views' });
  await bar.getByRole('link', { name: new RegExp(`^${name}\\b`) }).click();
  await page.locator(`#${name.toLowerCase()}-view`).waitFor();
}

/** A phone: touch, 390x844. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Draws a stroke with touch events, as a finger does, through points in the pad's own
 * 0-1 units.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 * @param {number[][]} points
 */
export async function drawStroke(context, page, points) {
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  assert.ok(box, 'the pad is on screen');
  const cdp = await context.newCDPSession(page);
  const at = ([x, y]) => [{ x: box.x + x * box.width, y: box.y + y * box.height }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
  for (const point of points.slice(1)) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(point) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A "7": a bar and a slanted stem, as many points as a finger gives. */
export const SEVEN = [
  ...Array.from({ length: 10 }, (_, i) => [0.3 + i * 0.04, 0.25]),
  ...Array.from({ length: 12 }, (_, i) => [0.66 - i * 0.025, 0.25 + i * 0.05]),
];
