// @ts-check
// Faults while training, injected into the real app (built, served as `npm start` serves
// it): the trainer worker ending mid-run, the WebGPU device lost (twice), and a second
// tab. Each checks that no checkpoint is lost and that the run carries on. And before
// any run: the trainer worker's script failing to load, as WebKit's does while the
// service worker installs.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { appAndBrowser } from '../support/app-and-browser.mjs';
import { drawStroke, SEVEN, showView, startServer } from '../support/app-harness.mjs';

// Beside the other end-to-end files' ports (E2E_PORT, 8181 by default, and up), never on them.
const PORT = Number(process.env.E2E_PORT ?? '8181') + 30;

const app = appAndBrowser(PORT);

/**
 * A fresh profile with the app open on its Train view in `tabs` tabs, MNIST loaded.
 * @param {string} query
 */
async function openApp(query, tabs = 1) {
  const context = await app.browser.newContext({ viewport: { width: 1000, height: 900 } });
  const pages = [];
  /** @type {string[]} */
  const errors = [];
  for (let i = 0; i < tabs; i++) {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.base}/${query}#train`);
    await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
    pages.push(page);
  }
  return { context, pages, errors };
}

/**
 * The page's trainer worker (a new one after each fault).
 * @param {import('playwright-core').Page} page
 */
async function trainerWorker(page) {
  for (let i = 0; i < 100; i++) {
    const worker = page.workers().find((candidate) => candidate.url().endsWith('/trainer-worker.js'));
    if (worker) return worker;
    await page.waitForTimeout(100);
  }
  throw new Error('no trainer worker');
}

/**
 * The saved runs as the page's library lists them, on the Models view.
 * @param {import('playwright-core').Page} page
 */
async function savedRuns(page) {
  await showView(page, 'Models');
  return page.locator('model-library tbody tr').allInnerTexts();
}

test('the trainer worker ends mid-run: the page says so, and a new worker resumes from the checkpoint', async (t) => {
  const { context, pages, errors } = await openApp('?epochs=3&limit=3000&backend=wasm');
  const [page] = pages;
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 300_000 });
  // As the browser ends a worker (out of memory, a crash): no error event, no goodbye.
  await (await trainerWorker(page)).evaluate(() => self.close());
  const failed = await page.getByText(/^Training failed:/).innerText({ timeout: 30_000 });
  t.diagnostic(failed);
  assert.match(failed, /The trainer worker stopped without a word/);
  const offer = await page
    .locator('resume-offer')
    .getByText(/is saved up to epoch/)
    .innerText();
  const [, saved] = /is saved up to epoch (\d) of 3/.exec(offer) ?? [];
  assert.ok(Number(saved) >= 1, `the checkpoint is kept: ${offer}`);
  assert.match((await savedRuns(page)).join('\n'), new RegExp(`${saved} of 3`));

  await showView(page, 'Train');
  await page.locator('resume-offer').getByRole('button', { name: 'Resume' }).click();
  await page.getByText('Training complete: 3 epoch(s).').waitFor({ timeout: 300_000 });
  const epochs = await page.locator('training-progress tbody tr').allInnerTexts();
  assert.deepEqual(
    epochs.map((row) => row.trim().split(/\s+/)[0]),
    ['1', '2', '3'],
    'one history, from the checkpoint on',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('the GPU device is lost twice: each time the checkpoint is kept, then the run goes on on wasm', async (t) => {
  // SwiftShader's WebGPU is slow (seconds a batch): a few batches an epoch.
  const { context, pages, errors } = await openApp('?epochs=3&limit=160&batchSize=32&augment=false&backend=webgpu');
  const [page] = pages;
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 300_000 });
  /** Destroys the trainer worker's WebGPU device, as a driver reset would take it away. */
  const loseDevice = async () =>
    (await trainerWorker(page)).evaluate(() => /** @type {any} */ (globalThis)._tfengine.backend.device.destroy());
  await loseDevice();
  const first = await page.getByText(/^Training failed:/).innerText({ timeout: 60_000 });
  t.diagnostic(first);
  assert.match(first, /The GPU device was lost \(destroyed/);
  await page
    .locator('resume-offer')
    .getByText(/is saved up to epoch 1 of 3/)
    .waitFor();

  // A click without waiting for frames: SwiftShader keeps the GPU process, which draws
  // the page too, busy for a while with the lost device's queued work.
  await page.locator('resume-offer').getByRole('button', { name: 'Resume' }).dispatchEvent('click');
  await page.getByText(/Backend: webgpu/).waitFor({ timeout: 120_000 });
  await page.getByText(/Epoch 2 of 3/).waitFor({ timeout: 120_000 });
  await loseDevice();
  await page.getByText(/^Training failed: The GPU device was lost/).waitFor({ timeout: 60_000 });
  const offer = await page
    .locator('resume-offer')
    .getByText(/failed twice/)
    .innerText();
  t.diagnostic(offer);
  assert.match(offer, /It failed twice on webgpu\. "[^"]+" is saved up to epoch 1 of 3/);

  await page.getByRole('button', { name: 'Resume on wasm' }).dispatchEvent('click');
  await page.getByText('Training complete: 3 epoch(s).').waitFor({ timeout: 300_000 });
  await page.getByText(/Backend: wasm/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs: one trains, the other predicts and shows it, then takes the run over when the first closes', async (t) => {
  const { context, pages, errors } = await openApp('?epochs=3&limit=3000&backend=wasm', 2);
  const [first, second] = pages;
  await first.getByRole('button', { name: 'Train', exact: true }).click();
  await first.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 300_000 });

  // The second tab knows, cannot train, sees the checkpoint, and predicts with it.
  await second.getByText(/is training in another tab of this app/).waitFor({ timeout: 30_000 });
  assert.ok(await second.getByRole('button', { name: 'Train', exact: true }).isDisabled());
  await showView(second, 'Models');
  await second
    .getByText(/1 of 3/)
    .first()
    .waitFor({ timeout: 30_000 });
  await showView(second, 'Draw');
  await drawStroke(context, second, SEVEN);
  await second.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 30_000 });
  t.diagnostic(
    `second tab predicts: ${(await second.locator('digit-prediction p').allInnerTexts()).join(' ').replace(/\s+/g, ' ')}`,
  );
  // A rename in the second tab survives the first tab's next checkpoint.
  const runName = /Run of [^\t\n]+/.exec((await savedRuns(second))[0])?.[0].trim() ?? '';
  await second.getByRole('button', { name: `Rename ${runName}` }).click();
  await second.getByRole('textbox', { name: `New name for ${runName}` }).fill('Two-tab run');
  await second.getByRole('textbox', { name: `New name for ${runName}` }).press('Enter');
  await first.getByText(/Checkpoint saved: epoch 2 /).waitFor({ timeout: 300_000 });
  await showView(first, 'Models');
  await first.locator('model-library').getByText('Two-tab run').waitFor({ timeout: 10_000 });

  await first.close();
  await showView(second, 'Train');
  const took = await second.getByText(/^Took over "Two-tab run" from a tab that closed/).innerText({ timeout: 30_000 });
  t.diagnostic(took);
  await second.getByText('Training complete: 3 epoch(s).').waitFor({ timeout: 300_000 });
  assert.match((await savedRuns(second)).join('\n'), /Two-tab run[^]*3 of 3/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the trainer worker's script does not load: tried again by itself; when no try works, said, and Retry mends it all", async (t) => {
  // No service worker: the route must see every request for the script.
  const context = await app.browser.newContext({ viewport: { width: 1000, height: 900 }, serviceWorkers: 'block' });
  let failures = 1;
  await context.route(/\/trainer-worker\.js$/, (route) => (failures-- > 0 ? route.abort() : route.continue()));
  /** @type {string[]} */
  const errors = [];
  const first = await context.newPage();
  first.on('pageerror', (error) => errors.push(error.message));
  await first.goto(`${app.base}/#train`);
  await first
    .getByText("The trainer worker's script could not load; trying again (2 of 3)…")
    .waitFor({ timeout: 30_000 });
  await first.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  await first.getByText(/trying again/).waitFor({ state: 'detached' });
  assert.equal(await first.getByRole('alert').count(), 0, 'no error on the page');
  await first.close();

  failures = Infinity;
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.base}/#train`);
  await page.getByText(/trying again \(3 of 3\)/).waitFor({ timeout: 30_000 });
  const reason = "The trainer worker's script could not load (tried 3 times).";
  const failed = await page.getByText(/^Could not load MNIST\./).innerText({ timeout: 30_000 });
  t.diagnostic(failed);
  assert.equal(failed, `Could not load MNIST. ${reason}`);
  await showView(page, 'Draw');
  await page.getByText(`Could not read your digits: ${reason}`).waitFor();
  await showView(page, 'Models');
  await page.getByText(`Could not list the saved models: ${reason}`).waitFor();

  failures = 0;
  await showView(page, 'Train');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  // What failed with the worker is read again: no error is left anywhere.
  await page
    .getByText(/Could not/)
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await page.getByText(/Could not|could not load/).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("wasm's threads do not start (a pthread's script is missing): the run trains on one thread and says why", async (t) => {
  // The app from a host that lacks the pthreads' script, as WebKit found it unanswered
  // offline now and then. No service worker: its precache would miss the file too.
  const dir = await mkdtemp(join(tmpdir(), 'no-pthreads-'));
  await cp('dist', dir, { recursive: true });
  await rm(join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js'));
  const server = await startServer(PORT + 1, [], { dir, config: resolve('serve.json') });
  t.after(() => server.stop());
  const context = await app.browser.newContext({ viewport: { width: 1000, height: 900 }, serviceWorkers: 'block' });
  /** @type {string[]} */
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.base}/?epochs=1&limit=1000&backend=wasm#train`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  // A device where two threads measured fastest, as the trainer stores it (measured-speeds.ts).
  await page.evaluate(async () => {
    const row = (/** @type {number} */ threads, /** @type {number} */ imagesPerSecond) => ({
      name: 'wasm',
      threads,
      description: `WebAssembly, SIMD, ${threads} thread(s)`,
      speed: {
        backend: 'wasm',
        batchSize: 64,
        augment: true,
        steps: 3,
        firstStepMs: 100,
        msPerStep: 64_000 / imagesPerSecond,
        imagesPerSecond,
      },
    });
    const measurement = {
      device: [navigator.userAgent, navigator.hardwareConcurrency, crossOriginIsolated].join(' | '),
      measuredAt: Date.now(),
      batchSize: 64,
      augment: true,
      results: [row(1, 300), row(2, 600)],
    };
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('mnist-device', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('backend-speeds');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = /** @type {IDBDatabase} */ (db).transaction('backend-speeds', 'readwrite');
      tx.objectStore('backend-speeds').put(measurement, 'wasm-threads');
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    /** @type {IDBDatabase} */ (db).close();
  });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const backend = await page.getByText(/Backend: wasm/).innerText({ timeout: 120_000 });
  t.diagnostic(backend);
  assert.match(backend, /1 thread\(s\); 2 threads could not start: a thread's script did not load/);
  await page.getByText('Training complete: 1 epoch(s).').waitFor({ timeout: 300_000 });
  assert.deepEqual(errors, []);
  await context.close();
});
