// @ts-check
// End to end: the built app, served by `npm run serve` (the same server as `npm start`),
// driven in Debian's Chromium by playwright-core. Run `npm run build` first.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { before, test } from 'node:test';
import { collectErrors } from '../support/page-errors.mjs';
import { appAndBrowser } from '../support/app-and-browser.mjs';
import { drawStroke, PHONE, SEVEN, showView } from '../support/app-harness.mjs';
import { readMainThread, recordMainThread, traceMainThread } from '../support/main-thread.mjs';

const PORT = process.env.E2E_PORT ?? '8181';
const BASE = `http://localhost:${PORT}`;
const DATA_REQUEST = /GET \/data\//;

/** Lines the server logged (one per request). */
const serverLog = [];
const app = appAndBrowser(PORT, { log: serverLog });
/** One profile for all visits, so IndexedDB carries over as for a returning user. */
/** @type {import('playwright-core').BrowserContext} */
let context;

before(async () => {
  // Every test runs in a phone, sharing one profile.
  await app.ready;
  context = await app.browser.newContext(PHONE);
});

/** Opens the app, recording console errors and what kept the main thread busy. */
async function openApp(query = '') {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await recordMainThread(page);
  await page.goto(`${BASE}/${query}`);
  return { page, errors };
}

/** Starts a run on 3,000 images (seconds an epoch on wasm) and waits until epoch 1's checkpoint is saved. */
async function trainUntilFirstCheckpoint(epochs = 3) {
  const opened = await openApp(`?epochs=${epochs}&limit=3000#train`);
  await opened.page.getByText(/MNIST ready/).waitFor({ timeout: 60_000 });
  await opened.page.getByRole('button', { name: 'Train', exact: true }).click();
  await opened.page.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 300_000 });
  return opened;
}

test('first visit: one tap from the first view to Train, MNIST loads with progress, one epoch on 1,000 images trains in the worker', async (t) => {
  const { page, errors } = await openApp('?epochs=1&limit=1000');
  const started = Date.now();
  // The first view says what to do first, and its link is the way there.
  await page.getByText(/No model on this device yet/).waitFor();
  await page.getByRole('link', { name: 'Train a model' }).click();
  assert.match(page.url(), /\?epochs=1&limit=1000#train$/, 'the Train view has its own URL; the settings stay');
  await page.getByRole('progressbar', { name: 'MNIST loading' }).waitFor();
  await page
    .getByText(/MNIST ready:\s+60,000 training and 10,000 test images,\s+downloaded/)
    .waitFor({ timeout: 120_000 });
  t.diagnostic(`first load of MNIST: ${Date.now() - started} ms (page load to ready)`);
  // The service worker registers once MNIST is in, then precaches the same five files.
  await page.getByText('Stored on this device: it also works offline.').waitFor({ timeout: 120_000 });
  assert.equal(
    serverLog.filter((line) => DATA_REQUEST.test(line)).length,
    10,
    'mnist.json and four .gz files, once for the worker and once for the precache',
  );

  const trace = await traceMainThread(app.browser, page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const trainStart = await page.evaluate(() => performance.now());
  // The first run on auto measures each backend once, then trains on the fastest.
  await page.getByText(/Backend: (wasm|webgl|webgpu|cpu)/).waitFor({ timeout: 120_000 });
  const speeds = await page.locator('backend-speeds table').innerText();
  t.diagnostic(`measured: ${speeds.replace(/\s+/g, ' ')}`);
  assert.match(speeds, /webgl/);
  // wasm on 1 thread, then 2 (the cores here), each timed in a worker of its own.
  const wasm = [...speeds.matchAll(/wasm( \(fastest\))?\s+WebAssembly, SIMD, (\d) thread\(s\)\s+([\d,]+)/g)];
  assert.deepEqual(
    wasm.map((row) => Number(row[2])),
    [1, 2],
    'each thread count up to the cores measured',
  );
  const imagesPerSecond = wasm.map((row) => Number(row[3].replace(',', '')));
  const fastest = wasm.find((row) => row[1]);
  assert.ok(fastest, 'wasm trains fastest on this CPU (the software GPU is far slower)');
  assert.equal(Number(fastest[3].replace(',', '')), Math.max(...imagesPerSecond), 'the faster count is marked');
  await page.getByText(`Backend: wasm (WebAssembly, SIMD, ${fastest[2]} thread(s))`).waitFor();
  await page.getByRole('progressbar', { name: 'Epoch progress' }).waitFor({ timeout: 120_000 });
  await page.getByText('Training complete: 1 epoch(s).').waitFor({ timeout: 600_000 });
  const trainEnd = await page.evaluate(() => performance.now());
  const tasks = await trace.stop();

  const row = await page
    .getByRole('row')
    .filter({ hasText: /^\s*1\s/ })
    .first()
    .innerText();
  t.diagnostic(`epoch row: ${row.replace(/\s+/g, ' ')}`);
  const cells = row.split(/\s+/).filter(Boolean);
  const [loss, , valLoss, valAccuracy] = [Number(cells[1]), cells[2], Number(cells[3]), cells[4]];
  assert.ok(loss > 0 && loss < 3, `train loss ${loss}`);
  assert.ok(valLoss > 0, `validation loss ${valLoss}`);
  assert.match(valAccuracy, /^\d+\.\d\d%$/);
  assert.match(await page.getByText(/800 training and 200 validation images/).innerText(), /25 batches an epoch/);

  // The page's own work, not the time its thread waited for a core: training fills both
  // cores of this machine, and a task of a few ms can then last 50-100 ms by the clock.
  const { longTasks, slowFrames } = await readMainThread(page, trainStart, trainEnd);
  t.diagnostic(
    `training took ${Math.round(trainEnd - trainStart)} ms; long tasks ${JSON.stringify(longTasks)}; ${tasks.length} in the trace, the busiest (wall and CPU ms): ${JSON.stringify(tasks.toSorted((a, b) => b.cpuMs - a.cpuMs).slice(0, 5))}; slow frames: ${slowFrames.join(' | ')}`,
  );
  assert.deepEqual(
    tasks.filter((task) => task.cpuMs > 50),
    [],
    'no main-thread task with over 50 ms of work while training',
  );

  await showView(page, 'Models');
  await page.getByText('Total params: 233,802').waitFor();
  await page.getByText('Trainable params: 233,226').waitFor();

  // Where the model fails: the session's model on the 10,000 test images, then a cell.
  await showView(page, 'Evaluate');
  await page.getByRole('button', { name: 'Evaluate on the test images' }).click();
  const summary = await page.locator('test-evaluation .summary').innerText({ timeout: 120_000 });
  t.diagnostic(`evaluation: ${summary.replace(/\s+/g, ' ')}`);
  assert.match(summary, /The model trained in this session: test accuracy \d+\.\d\d%[^]*10,000 images/);
  const cell = page.getByRole('button', { name: /^True 1, said \d: [1-9]/ }).first();
  const [, shown] = /: ([\d,]+) images/.exec((await cell.getAttribute('aria-label')) ?? '') ?? [];
  await cell.click();
  const heading = await page.locator('test-evaluation h3.cell').innerText();
  assert.match(heading, new RegExp(`^True 1, said \\d: ${shown} images`));
  const images = await page.locator('test-evaluation digit-gallery.cell canvas').count();
  assert.equal(images, Math.min(60, Number(shown.replace(/,/g, ''))));
  assert.deepEqual(errors, [], 'no console error (the CSP allows no inline style)');
  await page.close();
});

test('second visit: MNIST comes from IndexedDB with no request for the data files', async (t) => {
  const before = serverLog.filter((line) => DATA_REQUEST.test(line)).length;
  const { page, errors } = await openApp('#train');
  const started = Date.now();
  const ready = await page.getByText(/MNIST ready:[^]*from this device\s+in/).innerText({ timeout: 60_000 });
  t.diagnostic(`cached load of MNIST: ${Date.now() - started} ms (page load to ready); page says "${ready.trim()}"`);
  assert.equal(serverLog.filter((line) => DATA_REQUEST.test(line)).length, before, 'no request for /data/');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a reload during training offers Resume, and the run carries on from its last checkpoint', async (t) => {
  // Thirty epochs: still going when the page reloads, however fast this machine trains.
  const { page, errors } = await trainUntilFirstCheckpoint(30);
  await page.reload();
  const offer = await page.getByText(/stopped after epoch \d+ of 30/).innerText({ timeout: 60_000 });
  const kept = Number(/stopped after epoch (\d+) of 30/.exec(offer)?.[1]);
  t.diagnostic(`after the reload: ${offer.trim()}`);
  assert.ok(kept >= 1, `a checkpoint to resume from (epoch ${kept})`);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  // A checkpoint of the resumed run (the closing page's worker may have saved one more
  // after the new page looked, so its number is not asserted here).
  await page.getByText(/Checkpoint saved: epoch \d+ \(/).waitFor({ timeout: 300_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText(/Stopped after/).waitFor({ timeout: 120_000 });
  const epochs = await page
    .getByRole('row')
    .filter({ hasText: /^\s*\d+\s+\d\.\d{4}/ })
    .allInnerTexts();
  t.diagnostic(`history after resume: ${epochs.map((row) => row.replace(/\s+/g, ' ')).join(' / ')}`);
  const numbers = epochs.map((row) => Number(row.trim().split(/\s+/)[0]));
  assert.ok(numbers.length >= kept + 1, `the checkpoint's ${kept} epochs and at least one more: ${numbers.join(', ')}`);
  assert.deepEqual(
    numbers,
    numbers.map((_, i) => i + 1),
    'one history, epoch after epoch, the first from the checkpoint',
  );
  await showView(page, 'Models');
  const saved = await page
    .getByRole('row')
    .filter({ hasText: / of 30\s/ })
    .first()
    .innerText();
  assert.match(saved, /\d+ of 30\s+[\d.]+%\s+[\d.]+ MB\s+stopped/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a full disk stops training with a message, keeps the last checkpoint and the history', async (t) => {
  const { page, errors } = await trainUntilFirstCheckpoint(30);
  // The real quota, shrunk through the DevTools protocol. Chromium's IndexedDB trusts a
  // cached figure of the space left for a while, so the first save to fail may be a
  // later one: the run has epochs to spare, and the test reads which epoch was kept.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: BASE, quotaSize: 1000 });
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 300_000 });
  const text = await alert.innerText();
  t.diagnostic(`the page says: ${text}`);
  const kept = Number(/the checkpoint of epoch (\d+) is kept/.exec(text)?.[1]);
  assert.match(
    text,
    /Storage is full: the checkpoint could not be saved, and the checkpoint of epoch \d+ is kept\. Delete/,
  );
  assert.ok(kept >= 1 && kept < 30, `kept epoch ${kept}`);
  const rows = page.getByRole('row').filter({ hasText: /^\s*\d+\s+\d\.\d{4}/ });
  assert.equal(await rows.count(), kept + 1, 'no history lost: the unsaved epoch is shown too');
  await page.getByText(new RegExp(`stopped after epoch ${kept} of 30`)).waitFor();

  await cdp.send('Storage.overrideQuotaForOrigin', { origin: BASE }); // the browser's own quota again
  // Resume once the browser reports the space back (what the next save's check asks).
  await page.waitForFunction(
    async () => {
      const { usage = 0, quota = 0 } = await navigator.storage.estimate();
      return quota - usage > 50e6;
    },
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  const refused = page.getByRole('alert').filter({ hasText: /Training (stopped|failed)/ });
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await refused.waitFor({ state: 'hidden' }); // the last run's message goes as the new run starts
  // The next checkpoint, or the page's word on why not (failing now, not after a timeout).
  const next = page.getByText(new RegExp(`Checkpoint saved: epoch ${kept + 1} `));
  await next.or(refused).first().waitFor({ timeout: 300_000 });
  assert.equal(await refused.count(), 0, `after resuming: ${await refused.allInnerTexts()}`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText(/Stopped after/).waitFor({ timeout: 60_000 });
  assert.deepEqual(
    errors.filter((error) => !/QuotaExceeded/.test(error)),
    [],
  );
  await page.close();
});

test('with no model yet, a drawing gets a message and a way to train', async () => {
  const fresh = await app.browser.newContext(PHONE);
  const page = await fresh.newPage();
  await page.goto(BASE);
  await page.getByText(/No model on this device yet/).waitFor({ timeout: 30_000 });
  await drawStroke(fresh, page, SEVEN);
  await page.getByText(/No trained model yet/).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Go to training' }).click();
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  assert.match(page.url(), /#train$/);
  await page.goBack(); // Back returns to the drawing
  await page.getByRole('img', { name: 'Drawing pad' }).waitFor();
  await fresh.close();
});

// After the tests above: their saved runs are the models to predict with.
test('on a phone, a digit drawn with a finger is predicted, cleared, and predicted while training runs', async (t) => {
  const { page, errors } = await openApp('?epochs=30&limit=4000');
  // The pad, the prediction and Clear on one screen, with the bar of views below them.
  const bar = await page.getByRole('navigation', { name: 'Views' }).boundingBox();
  const pad = await page.getByRole('img', { name: 'Drawing pad' }).boundingBox();
  assert.ok(bar, 'the bar is on screen');
  const output = page.getByRole('status', { name: 'Prediction' }).or(page.locator('output[name=Prediction]'));
  await drawStroke(context, page, SEVEN);
  await page.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 30_000 });
  const digit = (await output.first().innerText()).trim();
  t.diagnostic(`predicted ${digit} for a drawn 7`);
  assert.match(digit, /^\d$/);
  for (const [what, box] of [
    ['the pad', pad],
    ['the prediction', await output.first().boundingBox()],
    ['Clear', await page.getByRole('button', { name: 'Clear' }).boundingBox()],
  ]) {
    assert.ok(box && box.y + box.height <= bar.y, `${what} is above the bar, with no scrolling`);
  }
  assert.equal(await page.evaluate(() => scrollY), 0);

  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByText('Draw a digit on the pad').waitFor();
  assert.equal((await output.first().innerText()).trim(), '');

  await showView(page, 'Train');
  await page.getByText(/MNIST ready/).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('progressbar', { name: 'Epoch progress' }).waitFor({ timeout: 120_000 });
  await showView(page, 'Draw');
  await drawStroke(context, page, SEVEN);
  await page.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 30_000 });
  assert.match((await output.first().innerText()).trim(), /^\d$/);
  assert.equal(await page.getByText(/Training complete/).count(), 0, 'predicted while the run went on');
  const shown = await page.evaluate(() =>
    performance.getEntriesByName('prediction-shown').map((entry) => Math.round(entry.duration)),
  );
  t.diagnostic(`finger lifted to prediction shown (ms): ${shown.join(', ')}`);
  await showView(page, 'Train');
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText(/Stopped after/).waitFor({ timeout: 120_000 });
  await showView(page, 'Draw');

  // Another saved model, chosen for drawing: the prediction says which one answered.
  const picker = page.getByLabel('Model for drawing');
  const options = await picker.locator('option').allInnerTexts();
  assert.ok(options.length >= 3, `the newest and at least two runs: ${options.join(' / ')}`);
  const oldest = options.at(-1).trim();
  await picker.selectOption({ index: options.length - 1 });
  const name = oldest.slice(0, oldest.indexOf(': epoch'));
  await page.getByText(new RegExp(`^\\s*${name.replace(/[()/.,:]/g, '.')}, epoch`)).waitFor({ timeout: 30_000 });
  t.diagnostic(`picked "${oldest}" for drawing`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page's bundle and chunks hold no tfjs; the worker bundle does", async () => {
  // Names that survive minification in every tfjs build (not "TensorFlow": the page
  // names the file format it imports, "TensorFlow.js layers files").
  const tfjs = /backendName|kernelName/;
  // h5wasm.js: the trainer worker's chunk (HDF5), never loaded by the page.
  const notPage = /^(trainer-worker|predictor-worker|h5wasm|sw|tfjs-backend-.*)\.js$/;
  const page = (await readdir('dist')).filter((name) => name.endsWith('.js') && !notPage.test(name));
  assert.ok(page.includes('app.js') && page.includes('panel-training.js'), page.join(', '));
  for (const name of page) assert.doesNotMatch(await readFile(`dist/${name}`, 'utf8'), tfjs, name);
  assert.match(await readFile('dist/trainer-worker.js', 'utf8'), tfjs);
});
