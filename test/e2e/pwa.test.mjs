// @ts-check
// End to end: the installable app with the network off. The built app (dist) served by
// `serve`, driven in Debian's Chromium by playwright-core: installability, a first visit
// and then a plane (page and service worker cut off), a cold start offline, MNIST from the
// precache with IndexedDB cleared, cross-origin isolation and the CSP on a host that
// sends no headers, an update that waits for the training run, and files shared to the app
// (its share target, in the service worker) or opened with the installed app (launchQueue)
// imported. Run `npm run build` first.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { appAndBrowser } from '../support/app-and-browser.mjs';
import { drawStroke, PHONE, SEVEN, showView, startServer } from '../support/app-harness.mjs';
import { build, cutNetwork, launchProfile, reloadOffline, waitUntilStored } from '../support/offline.mjs';
import { collectErrors } from '../support/page-errors.mjs';
import { FOLDER as KERAS_FIXTURES } from '../support/keras-fixtures.mjs';
import { TINY_WEIGHT_BYTES, tinyModelJson } from '../support/tiny-model.mjs';

// Beside the other end-to-end file's port (E2E_PORT, 8181 by default), never on it.
const PORT = Number(process.env.E2E_PORT ?? '8181');
const PORTS = { app: PORT + 1, plane: PORT + 2, bare: PORT + 3, update: PORT + 4 };
const DATA_REQUEST = /GET \/data\//;

/** Lines the app's server logged (one per request). */
const serverLog = [];
const app = appAndBrowser(PORTS.app, { log: serverLog });
/** Folders made for profiles and builds, removed at the end. */
const scratch = await mkdtemp(join(tmpdir(), 'mnist-pwa-'));

/**
 * The installable test's profile, the app stored and its service worker in control: the
 * share target and launchQueue tests go on in it rather than load MNIST again.
 * @type {import('playwright-core').BrowserContext | undefined}
 */
let installed;

after(async () => {
  await installed?.close(); // also when an assertion failed: its browser must not outlive the file
  await rm(scratch, { recursive: true, force: true });
});

test('installable: the manifest and service worker pass Chromium installability checks', async () => {
  // A persistent profile: Chromium does not install from incognito-like contexts.
  const context = await launchProfile(join(scratch, 'install-profile'));
  installed = context;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = collectErrors(page);
  await page.goto(app.base);
  await waitUntilStored(page);

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const { url, errors: manifestErrors, data } = await cdp.send('Page.getAppManifest');
  assert.equal(url, `${app.base}/manifest.webmanifest`);
  assert.deepEqual(manifestErrors, []);

  const manifest = JSON.parse(data ?? '');
  assert.equal(manifest.name, 'MNIST in the browser');
  assert.equal(manifest.short_name, 'MNIST');
  assert.ok(manifest.description);
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.scope, './');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
  const icon = (sizes, purpose) =>
    manifest.icons.find((entry) => entry.sizes === sizes && entry.purpose === purpose && entry.type === 'image/png');
  for (const [sizes, purpose] of [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ]) {
    const entry = icon(sizes, purpose);
    assert.ok(entry, `a ${purpose} PNG icon of ${sizes}`);
    const size = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return `${image.naturalWidth}x${image.naturalHeight}`;
    }, entry.src);
    assert.equal(size, sizes, `${entry.src} is ${sizes}`);
  }
  // Opened with the installed app (desktop Chromium), and shared to it (Android): model files,
  // each action in scope (the launchQueue test sees Chromium resolve it).
  const types = ['.h5', '.json', '.bin', 'application/x-hdf5', 'application/json', 'application/octet-stream'];
  assert.deepEqual(manifest.file_handlers, [
    {
      action: './#models',
      accept: { 'application/x-hdf5': ['.h5'], 'application/json': ['.json'], 'application/octet-stream': ['.bin'] },
      launch_type: 'single-client',
    },
  ]);
  assert.deepEqual(manifest.share_target, {
    action: './share-target',
    method: 'POST',
    enctype: 'multipart/form-data',
    params: { files: [{ name: 'files', accept: types }] },
  });
  assert.deepEqual(errors, []);
});

test('the share target: a real multipart POST is kept by the service worker, 303 to the app, and the page imports what it received', async () => {
  assert.ok(installed, "the installable test's profile");
  const page = installed.pages()[0];
  const errors = collectErrors(page);
  const logged = serverLog.length;
  const answer = await page.evaluate(
    async ({ json, bytes }) => {
      const form = new FormData();
      form.append('files', new File([json], 'shared.json', { type: 'application/json' }));
      form.append('files', new File([new Uint8Array(bytes)], 'shared.weights.bin'));
      const response = await fetch('share-target', { method: 'POST', body: form });
      return {
        redirected: response.redirected,
        url: response.url,
        kept: (await caches.keys()).includes('mnist-shared-files'),
      };
    },
    { json: tinyModelJson('shared'), bytes: TINY_WEIGHT_BYTES },
  );
  assert.equal(answer.redirected, true, 'the POST was answered with a redirect');
  assert.match(answer.url, new RegExp(`^${app.base}/\\?shared=[0-9a-f-]{36}$`));
  assert.ok(answer.kept, 'the files wait in Cache Storage');
  const requests = serverLog.slice(logged).join('\n');
  assert.doesNotMatch(requests, /POST/, 'the service worker answered the POST: the server saw none');
  assert.match(requests, /GET \/\?shared=/, 'the redirect was followed with a GET: a 303');

  // The browser goes where the redirect says; the page imports the files and tidies up.
  await page.goto(answer.url);
  await page.getByText('Imported as "Imported shared.json": in Saved models').waitFor({ timeout: 60_000 });
  assert.equal(page.url(), `${app.base}/#models`, 'the one-time id left the URL; the Models view shows');
  await page.getByRole('row').filter({ hasText: 'Imported shared.json' }).filter({ hasText: 'imported' }).waitFor();
  const left = await page.evaluate(async () => (await (await caches.open('mnist-shared-files')).keys()).length);
  assert.equal(left, 0, 'the kept files were deleted');
  assert.deepEqual(errors, []);
});

test("launchQueue hands the files the installed app is opened with to the import (CDP's PWA.install and PWA.launchFilesInApp)", async (t) => {
  assert.ok(installed, "the installable test's profile");
  const page = installed.pages()[0];
  const manifestId = `${app.base}/`;
  const cdp = await installed.newCDPSession(page);
  await cdp.send('PWA.install', { manifestId, installUrlOrBundleUrl: manifestId });
  const { fileHandlers } = await cdp.send('PWA.getOsAppState', { manifestId });
  t.diagnostic(`installed; the OS was told of ${JSON.stringify(fileHandlers)}`);
  assert.equal(fileHandlers[0]?.action, `${app.base}/#models`);

  const files = [join(scratch, 'launched.json'), join(scratch, 'launched.weights.bin')];
  await writeFile(files[0], tinyModelJson('launched'));
  await writeFile(files[1], new Uint8Array(TINY_WEIGHT_BYTES));
  const opened = installed.waitForEvent('page');
  const { targetIds } = await cdp.send('PWA.launchFilesInApp', { manifestId, files });
  assert.equal(targetIds.length, 1, 'one window for both files (launch_type single-client)');
  const appWindow = await opened;
  const errors = collectErrors(appWindow);
  await appWindow.getByText('Imported as "Imported launched.json": in Saved models').waitFor({ timeout: 60_000 });
  assert.match(appWindow.url(), /#models$/);
  await appWindow.getByRole('row').filter({ hasText: 'Imported launched.json' }).waitFor();
  // The notebook's own file, written by Keras 3, opened with the app: a window of its own.
  const h5 = join(KERAS_FIXTURES, 'mnist_cnn_a.keras3.h5');
  const reopened = installed.waitForEvent('page');
  const again = await cdp.send('PWA.launchFilesInApp', { manifestId, files: [h5] });
  assert.equal(again.targetIds.length, 1);
  const h5Window = await reopened;
  const h5Errors = collectErrors(h5Window);
  await h5Window
    .getByText('Imported as "Imported mnist_cnn_a.keras3.h5": in Saved models')
    .waitFor({ timeout: 120_000 });
  assert.deepEqual(h5Errors, []);
  assert.deepEqual(errors, []);
  await cdp.detach();
  // Its last user: the training tests after it get the cores without its browser.
  await installed.close();
  installed = undefined;
});

test('after one visit, on a plane: the app, MNIST, training with a checkpoint and a prediction all work; then a cold start offline', async (t) => {
  const profile = join(scratch, 'plane-profile');
  const host = await startServer(PORTS.plane);
  t.after(() => host.stop());
  let context = await launchProfile(profile);
  t.after(() => context.close()); // the one open then, also when an assertion fails
  let page = context.pages()[0] ?? (await context.newPage());
  let errors = collectErrors(page);
  await page.goto(`${host.base}/?epochs=1&limit=400#train`);
  await page.getByText(/MNIST ready:[^]*downloaded/).waitFor({ timeout: 120_000 });
  await waitUntilStored(page);

  let aborted = await cutNetwork(context);
  host.stop(); // nothing answers on the app's origin any more
  await reloadOffline(context, page);
  await page.getByText(/^Offline\. Everything here runs from this device/).waitFor();
  await page.getByText(/MNIST ready:[^]*from this device\s+in/).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 300_000 });
  await page.getByText('Training complete: 1 epoch(s).').waitFor({ timeout: 60_000 });
  await showView(page, 'Draw');
  await drawStroke(context, page, SEVEN);
  await page.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 60_000 });
  const digit = (await page.locator('output[name=Prediction]').innerText()).trim();
  t.diagnostic(`offline: predicted ${digit} for a drawn 7`);
  assert.match(digit, /^\d$/);
  assert.deepEqual(aborted, [], 'nothing asked the network');
  assert.deepEqual(errors, []);
  await context.close();

  // The browser closed and opened again with no network at all: the cold start of an
  // installed app on a plane, timed from navigation to MNIST ready (a usable page).
  context = await launchProfile(profile);
  aborted = await cutNetwork(context);
  page = context.pages()[0] ?? (await context.newPage());
  errors = collectErrors(page);
  const started = Date.now();
  await page.goto(`${host.base}/#train`);
  const ready = await page.getByText(/MNIST ready:[^]*from this device\s+in/).innerText({ timeout: 60_000 });
  const coldStart = Date.now() - started;
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  t.diagnostic(
    `offline cold start: ${coldStart} ms from navigation to MNIST ready (first contentful paint ${Math.round(paint ?? 0)} ms); page says "${ready.trim()}"`,
  );
  await showView(page, 'Models'); // a view not shown before, its script from the precache
  await page.getByRole('row').filter({ hasText: '1 of 1' }).waitFor(); // the model trained offline
  assert.deepEqual(aborted, [], 'nothing asked the network');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a fresh profile offline from its second visit, with IndexedDB cleared, loads MNIST from the precache', async (t) => {
  const context = await app.browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${app.base}/#train`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  await waitUntilStored(page);

  await cutNetwork(context);
  const logged = serverLog.length;
  await page.goto('about:blank'); // no worker holds a database open
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: app.base, storageTypes: 'indexeddb' });
  const started = Date.now();
  await page.goto(`${app.base}/#train`);
  const ready = await page
    .getByText(/MNIST ready:\s+60,000 training and 10,000 test images,\s+from the app's offline copy on this device/)
    .innerText({ timeout: 120_000 });
  t.diagnostic(
    `offline, IndexedDB empty: ${Date.now() - started} ms from navigation to MNIST ready; "${ready.trim()}"`,
  );
  assert.equal(serverLog.slice(logged).filter((line) => DATA_REQUEST.test(line)).length, 0, 'no request for /data/');
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Whether the CSP in force in a worker refuses a fetch to another origin (a closed port
 * here): the violation event says so. (Not eval: DevTools' evaluate bypasses that check.)
 */
const refusesOtherOrigins = async () => {
  const refused = new Promise((resolve) => {
    self.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective === 'connect-src'));
    setTimeout(() => resolve(false), 2000);
  });
  await fetch('http://127.0.0.1:9/').catch(() => undefined);
  return refused;
};

test("on a host that sends no headers, the service worker adds serve.json's: isolated and under the CSP after one reload", async () => {
  const bare = await startServer(PORTS.bare, [], { dir: resolve('dist') });
  const context = await app.browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    const first = await page.goto(`${bare.base}/#train`);
    assert.equal(first?.headers()['cross-origin-embedder-policy'], undefined, 'the host sends no COEP');
    assert.equal(first?.headers()['content-security-policy'], undefined, 'nor a CSP');
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
    assert.equal(await page.workers()[0]?.evaluate(refusesOtherOrigins), false, 'no CSP on the first visit');
    await waitUntilStored(page);

    const served = JSON.parse(await readFile('serve.json', 'utf8')).headers[0].headers;
    const policy = served.find((/** @type {{ key: string }} */ header) => header.key === 'Content-Security-Policy');
    const reloaded = await page.reload();
    assert.equal(reloaded?.headers()['content-security-policy'], policy.value, "the page gets serve.json's CSP");
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the page is isolated');
    await page.getByText(/MNIST ready/).waitFor({ timeout: 60_000 });
    const [worker] = page.workers();
    assert.ok(worker, 'the trainer worker runs');
    const inWorker = await worker.evaluate(() => ({
      isolated: crossOriginIsolated,
      // What wasm threads need: memory shared between workers.
      sharedMemory:
        new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer,
    }));
    assert.deepEqual(inWorker, { isolated: true, sharedMemory: true });
    assert.equal(await worker.evaluate(refusesOtherOrigins), true, "the worker's script came with the CSP");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    bare.stop();
  }
});

test('a new version shows "Update available", never reloads during a run, and applies after the checkpoint', async (t) => {
  const { version } = JSON.parse(await readFile('package.json', 'utf8'));
  const next = `${version}+next`;
  const site = join(scratch, 'site');
  const nextBuild = join(scratch, 'next');
  await cp('dist', site, { recursive: true });
  const started = Date.now();
  await build(nextBuild, next);
  t.diagnostic(`second build (version ${next}): ${Date.now() - started} ms`);

  const host = await startServer(PORTS.update, [], { dir: site, config: resolve('serve.json') });
  const context = await app.browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    let loads = 0;
    page.on('load', () => loads++);
    // Epochs to spare: the update never waits for the run's last checkpoint.
    await page.goto(`${host.base}/?epochs=30&limit=400#train`);
    await page.getByText(`Version ${version}`, { exact: true }).waitFor();
    await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
    await waitUntilStored(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Epoch progress' }).waitFor({ timeout: 120_000 });

    // The new version goes live on the host; the page looks for it as it does hourly.
    await cp(nextBuild, site, { recursive: true });
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await page.getByText(`Update available (version ${next}).`).waitFor({ timeout: 60_000 });

    // Nothing happens by itself: a checkpoint passes and the page is the same one.
    const saved = async () =>
      Number(/epoch (\d+)/.exec(await page.getByText(/Checkpoint saved: epoch \d+/).innerText())?.[1]);
    const hasSaved = async () => (await page.getByText(/Checkpoint saved: epoch \d+/).count()) > 0;
    const before = (await hasSaved()) ? await saved() : 0;
    await page.getByText(new RegExp(`Checkpoint saved: epoch ${before + 1} `)).waitFor({ timeout: 300_000 });
    assert.equal(loads, 1, 'no reload while the update waited');
    assert.ok(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting),
      'still waiting',
    );

    // Asked during the run, the update waits for this epoch's checkpoint.
    await page.getByRole('button', { name: 'Update' }).click();
    const waitingText = await page.getByText(/Update waiting for epoch \d+'s checkpoint/).innerText();
    const epoch = Number(/epoch (\d+)/.exec(waitingText)?.[1]);
    t.diagnostic(`clicked Update during epoch ${epoch}: "${waitingText}"`);
    assert.ok(epoch >= before + 2, `the running epoch (${epoch}) is after the last saved one`);
    assert.equal(loads, 1, 'no reload at the click');

    // Then the reload, under the new version, and the run carries on from that checkpoint.
    await page.getByText(`Version ${next}`, { exact: true }).waitFor({ timeout: 300_000 });
    assert.equal(loads, 2, 'one reload');
    assert.match(page.url(), /#train$/, 'on the view it showed');
    await page.getByText(/Checkpoint saved: epoch \d+ /).waitFor({ timeout: 300_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText(/Stopped after/).waitFor({ timeout: 120_000 });
    const epochs = await page
      .getByRole('row')
      .filter({ hasText: /^\s*\d+\s+\d\.\d{4}/ })
      .allInnerTexts();
    const numbers = epochs.map((row) => Number(row.trim().split(/\s+/)[0]));
    t.diagnostic(`after the reload the run carried on to epoch ${numbers.at(-1)}`);
    assert.ok(numbers.length > epoch, `epoch ${epoch}'s checkpoint and at least one more: ${numbers.join(', ')}`);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      'one history, carried on from the checkpoint',
    );
    assert.equal(await page.getByText(/Update available/).count(), 0);

    // Activation left one cache with the new version's files only.
    const caches = await page.evaluate(async () => {
      const names = await self.caches.keys();
      const urls = (await Promise.all(names.map(async (name) => (await self.caches.open(name)).keys()))).flat();
      return { names, appScripts: urls.filter((request) => /\/app\.js\?/.test(request.url)).length };
    });
    assert.equal(caches.names.length, 1, `one cache: ${caches.names.join(', ')}`);
    assert.equal(caches.appScripts, 1, 'app.js once: the old revision is gone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    host.stop();
  }
});
