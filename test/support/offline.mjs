// @ts-check
// What the offline and update journeys share: the precache waited for, the network cut,
// a profile on disk, and a build of another version.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { PHONE } from './app-harness.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

/** Waits until the service worker has precached the app and controls the page. */
export async function waitUntilStored(page) {
  await page.getByText('Stored on this device: it also works offline.').waitFor({ timeout: 120_000 });
  assert.ok(
    await page.evaluate(() => navigator.serviceWorker.controller !== null),
    'a service worker controls the page',
  );
}

/**
 * Cuts the network for the page and for the service worker: offline emulation, and every
 * request that still reaches the network aborted. Resolves to the list of those.
 * (The browser's own update check of sw.js passes both: only a stopped server stops it.)
 * @param {import('playwright-core').BrowserContext} context
 */
export async function cutNetwork(context) {
  /** @type {string[]} */
  const aborted = [];
  await context.setOffline(true);
  await context.route('**/*', (route) => {
    aborted.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  return aborted;
}

/**
 * Reloads a page whose network is cut. With Chromium 150 and playwright-core 1.65 a reload
 * loses the offline emulation (navigator.onLine reads true again; the requests still fail);
 * set once more, the page hears `offline`, as it would when a network drops.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 */
export async function reloadOffline(context, page) {
  await page.reload();
  if (await page.evaluate(() => navigator.onLine)) {
    await context.setOffline(false);
    await context.setOffline(true);
  }
}

/**
 * A browser with a profile on disk, as a person's is: what it stores outlives a restart.
 * @param {string} dir
 * @param {import('playwright-core').BrowserContextOptions} [options]
 */
export function launchProfile(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    ...PHONE,
    ...options,
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
}

/** `npm run build` into `dist` with the version given. */
export function build(dist, version) {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'build'], {
      env: { ...process.env, DIST: dist, APP_VERSION: version },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? done(undefined) : fail(new Error(`build failed:\n${stderr}`))));
  });
}
