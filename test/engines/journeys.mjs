// @ts-check
// The journeys, described once for every engine (engines.test.mjs runs them in each).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SEVEN } from '../support/app-harness.mjs';
import { DrivenPage } from './driven-page.mjs';

/**
 * What an engine is expected to lack, so the journey checks that the page says so.
 * @typedef {object} Expected
 * @property {boolean} persistPrompt persist() asks its user (Firefox): the run must start anyway
 * @property {boolean} storageApi navigator.storage exists
 * @property {boolean} threads shared memory, so wasm may run threads
 * @property {boolean} installPrompt the browser offers installation to the page (else the page says it cannot)
 * @property {boolean} webgl WebGL in a worker
 */

/**
 * First visit to offline: MNIST downloaded and stored, the app stored for offline use;
 * one epoch trained on `auto`; a drawn 7 predicted; the test images evaluated; a reload
 * that reads MNIST from the device; a reload with the server stopped.
 * @param {import('./driven-page.mjs').Engine} engine
 * @param {{ base: string, stopServer: () => void, shot: (name: string) => Promise<void>, log: (line: string) => void, expected: Expected, tab: import('./driven-page.mjs').EngineTab }} context
 */
export async function firstVisitToOffline(engine, { base, stopServer, shot, log, expected, tab }) {
  const page = new DrivenPage(tab);
  await tab.goto(`${base}/?epochs=1&limit=500#train`);
  await page.waitForText(/MNIST ready: 60,000 training and 10,000 test images, downloaded/, 180_000);
  await page.waitForText(/Stored on this device: it also works offline\./, 180_000);
  await shot('first-visit');

  await page.press('button', 'Train');
  const [, backend, runsOn] = await page.waitForText(/Backend: (\w+) \( (.*?) \)\./, 300_000);
  log(`auto chose ${backend} (${runsOn})`);
  if (expected.persistPrompt) {
    // The prompt is never answered here: the run went on, and the page says it asked.
    await page.waitForText(/The browser asks whether to keep this app's data for good/);
  }
  await page.waitForText(/Training complete: 1 epoch\(s\)\./, 600_000);
  const speeds = await page.textOf('backend-speeds');
  log(`speeds: ${speeds}`);
  // wasm's thread counts, each timed in a worker of its own: 1, 2, ... while more is faster.
  const wasm = [...speeds.matchAll(/wasm( \(fastest\))? WebAssembly, SIMD, (\d+) thread\(s\) ([\d,]+)/g)].map(
    ([, fastest, threads, speed]) => ({
      fastest: Boolean(fastest),
      threads: Number(threads),
      speed: Number(speed.replace(',', '')),
    }),
  );
  // A count that could not train is a row that says why (the speeds are logged above).
  const failed = [...speeds.matchAll(/Could not train on (\d+) thread\(s\)/g)].map(([, threads]) => Number(threads));
  const counts = [...wasm.map((row) => row.threads), ...failed].sort((a, b) => a - b);
  if (expected.threads) assert.deepEqual(counts.slice(0, 2), [1, 2], 'one thread, then two');
  else assert.deepEqual(counts, [1], 'without shared memory, one thread alone');
  if (backend === 'wasm') {
    const best = wasm.reduce((a, b) => (b.speed > a.speed ? b : a));
    assert.ok(best.fastest && runsOn.endsWith(`${best.threads} thread(s)`), `trains on the fastest count: ${runsOn}`);
  }

  await page.showView('Models');
  const storage = await page.waitForText(/Storage: .*? Persistent storage: [^.]*\./);
  log(storage[0]);
  if (!expected.storageApi) assert.match(storage[0], /unknown in this browser[^]*no storage API/);
  else if (expected.persistPrompt) assert.match(storage[0], /asked for, and the browser is waiting/);
  const [install] = await page.waitForText(/Install: [^.]*\.|Install this app[^.]*\./);
  log(install);
  if (expected.installPrompt) assert.doesNotMatch(install, /does not install/);
  else assert.match(install, /this browser does not install web apps/);
  // Here, not on Train: WebKitGTK's WebDriver screenshot of the Train view after a run never returns.
  await shot('trained');

  await page.showView('Draw');
  await page.draw(SEVEN);
  const digit = await waitForPrediction(page);
  log(`a drawn 7 read as ${digit}`);
  await shot('drawn');

  await page.showView('Evaluate');
  await page.press('button', 'Evaluate on the test images');
  const [summary] = await page.waitForText(/test accuracy \d+\.\d\d%[^.]*/, 300_000);
  log(`evaluation: ${summary}`);

  await reloadOnceStored(page, tab);
  await page.showView('Train');
  await page.waitForText(/MNIST ready: [^.]*from this device in/, 60_000);

  // The server stopped (the network is still up, so the page may say Online): the
  // service worker serves the app, IndexedDB the data and the model.
  stopServer();
  await reloadOnceStored(page, tab);
  await page.showView('Train');
  await page.waitForText(/MNIST ready: [^.]*from this device in/, 60_000);
  await page.showView('Draw');
  await page.draw(SEVEN);
  log(`offline, a drawn 7 read as ${await waitForPrediction(page)}`);
  await shot('offline');
  const errors = tab.errors();
  if (errors) assert.deepEqual(errors, [], 'no console error, no uncaught exception');
}

/**
 * Reloads once the page says it is stored, that is once it has imported its service
 * worker's script and registered it: a reload amid that cancels the import, and Firefox
 * reports a cancelled request as a console error.
 * @param {DrivenPage} page
 * @param {import('./driven-page.mjs').EngineTab} tab
 */
async function reloadOnceStored(page, tab) {
  await page.waitForText(/Stored on this device: it also works offline\./, 60_000);
  await tab.reload();
}

/** @param {DrivenPage} page the digit the pad's prediction names, once it names one */
async function waitForPrediction(page) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const digit = await page.textOf('output[name=Prediction]');
    if (digit && /^\d$/.test(digit)) return digit;
    if (Date.now() > deadline) throw new Error(`No prediction; the page said:\n${await page.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * After firstVisitToOffline, with the server still stopped: a run on wasm (chosen, not
 * auto), a reload after its first checkpoint, Resume, Stop; one history, epoch after epoch.
 * @param {import('./driven-page.mjs').Engine} engine
 * @param {{ base: string, shot: (name: string) => Promise<void>, log: (line: string) => void, tab: import('./driven-page.mjs').EngineTab }} context
 */
export async function resumeAfterReload(engine, { base, shot, log, tab }) {
  const page = new DrivenPage(tab);
  await tab.goto(`${base}/?backend=wasm&epochs=20&limit=300#train`);
  await page.waitForText(/MNIST ready: [^.]*from this device in/, 60_000);
  await page.press('button', 'Train');
  // Threads that cannot start offline (WebKit, now and then) are said here, and one runs.
  const [backend] = await page.waitForText(/Backend: wasm \( WebAssembly[^]*? \)\./, 90_000);
  log(backend);
  await page.waitForText(/Checkpoint saved: epoch 1 /, 300_000);
  await reloadOnceStored(page, tab);
  const [offer, kept] = await page.waitForText(/stopped after epoch (\d+) of 20/, 60_000);
  log(`after the reload: ${offer}`);
  await page.press('button', 'Resume');
  await page.waitForText(/Checkpoint saved: epoch \d+ \(/, 300_000);
  await page.press('button', 'Stop');
  await page.waitForText(/Stopped after/, 120_000);
  const table = (await page.textOf('training-progress')) ?? '';
  const epochs = [...table.matchAll(/(\d+) \d\.\d{4} [\d.]+%/g)].map((match) => Number(match[1]));
  log(`history after the resume: epochs ${epochs.join(', ')}`);
  assert.ok(epochs.length > Number(kept), `the ${kept} epochs kept and at least one more: ${epochs.join(', ')}`);
  assert.deepEqual(
    epochs,
    epochs.map((_, i) => i + 1),
    'one history, epoch after epoch',
  );
  await page.showView('Models'); // WebKitGTK's screenshot of Train after a run never returns
  await page.waitForText(/\d+ of 20 [\d.]+% [\d.]+ MB stopped/);
  await shot('resumed');
  const errors = tab.errors();
  if (errors) assert.deepEqual(errors, [], 'no console error, no uncaught exception');
}

/**
 * After resumeAfterReload, with the server still stopped, in short runs: each backend the
 * engine has (webgl where a worker has WebGL, else the page says why not, and a run on
 * cpu in the same page works after it); two tabs, the second told that the first trains,
 * and training once the first stops; a run exported and imported through the browser's
 * own download and file chooser. Runs are stopped after their first batches: a run that
 * ends scores the 10,000 test images, minutes on cpu.
 * @param {import('./driven-page.mjs').Engine} engine
 * @param {{ base: string, shot: (name: string, on?: import('./driven-page.mjs').EngineTab) => Promise<void>, log: (line: string) => void, expected: Expected, tab: import('./driven-page.mjs').EngineTab, files: string }} context
 */
export async function backendsTabsFiles(engine, { base, shot, log, expected, tab, files }) {
  const page = new DrivenPage(tab);
  // webgl first, then cpu in the same page: a backend that could not start must not break the next.
  await tab.goto(`${base}/?backend=webgl&epochs=1&limit=10000&batchSize=8#train`);
  await page.waitForText(/MNIST ready: [^.]*from this device in/, 60_000);
  // auto's measurement (the first journey's) has a row for webgl: its speed, or why not.
  await page.waitForText(/Training speed on this device/);
  const whyNot = /webgl Could not train ?: (The webgl backend could not start \([^)]+\)\.)/.exec(
    (await page.textOf('backend-speeds')) ?? '',
  );
  if (expected.webgl) assert.equal(whyNot, null, 'webgl timed');
  else assert.ok(whyNot, 'the speeds table says why webgl is not there');
  if (whyNot) log(`speeds table: webgl: ${whyNot[1]}`);
  if (expected.webgl) {
    await trainAFewBatches(page, 'webgl', log);
  } else {
    await page.press('button', 'Train');
    const [failed] = await page.waitForText(/Training failed: The webgl backend could not start \([^)]+\)\./, 120_000);
    log(failed);
  }
  await tab.select('select[name=backend]', 'cpu');
  await trainAFewBatches(page, 'cpu', log);
  await page.showView('Models'); // WebKitGTK's screenshot of Train after a run never returns
  await shot('backends');

  // Two tabs of one profile: the first trains, the second says so (its Train waits).
  await page.showView('Train');
  await page.press('button', 'Train');
  await page.waitForText(/Epoch 1 of 1 ?, batch \d+ of/, 120_000);
  const second = await engine.open();
  const other = new DrivenPage(second);
  await second.goto(`${base}/?backend=cpu&epochs=1&limit=10000&batchSize=8#train`);
  await other.waitForText(/MNIST ready: [^.]*from this device in/, 60_000);
  const [elsewhere] = await other.waitForText(/(?:"[^"]+" is training|Training runs) in another tab of this app\./);
  log(`second tab: ${elsewhere}`);
  // The first goes on, batch after batch, and stops as asked.
  const batch = async () => Number((await page.waitForText(/Epoch 1 of 1 ?, batch (\d+) of/))[1]);
  const before = await batch();
  const deadline = Date.now() + 60_000;
  while ((await batch()) <= before) {
    if (Date.now() > deadline) throw new Error(`The first tab's run stood still at batch ${before}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await page.press('button', 'Stop');
  await page.waitForText(/Stopped after 0 complete epoch\(s\)\./, 120_000);
  // The second hears that the first let go, and trains.
  const gone = Date.now() + 30_000;
  while (/in another tab of this app\./.test(await other.text())) {
    if (Date.now() > gone) throw new Error('The second tab still says another tab is training');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await trainAFewBatches(other, 'cpu', log);
  await other.showView('Models');
  await shot('second-tab', second);
  const errorsThere = second.errors();
  if (errorsThere) assert.deepEqual(errorsThere, [], 'no console error in the second tab');
  await second.close();

  // A run exported and imported back, through the browser's downloads and file chooser.
  await page.showView('Models');
  // TensorFlow.js files: the rows' "Export .h5 of …" makes one Keras file instead.
  const exports = (await page.labels('button[aria-label^="Export "]')).filter(
    (label) => label && !label.startsWith('Export .h5'),
  );
  assert.ok(exports.length > 0, 'a saved run to export');
  /** @type {string[]} */
  let chosen;
  if (tab.download) {
    chosen = await tab.download(() => page.press('button', exports[0]), 2);
    log(`${exports[0]}: ${chosen.map((path) => path.replace(/.*\//, '')).join(', ')}`);
    assert.deepEqual(chosen.map((path) => path.replace(/.*\./, '')).sort(), ['bin', 'json']);
  } else {
    // No download to catch (adapters/webkit.mjs says why): the file chooser still gets a
    // model.json alone, which the app refuses, saying why.
    chosen = [join(files, 'model.json')];
    await writeFile(chosen[0], JSON.stringify({ format: 'layers-model' }));
  }
  await tab.chooseFiles('input[type=file][accept*=".bin"]', chosen);
  const [imported] = await page.waitForText(
    tab.download ? /Imported as "[^"]+": in Saved models[^.]*\./ : /Nothing was imported: .+?\.(?= |$)/,
    60_000,
  );
  log(imported);
  await shot('imported');
  const errors = tab.errors();
  if (errors) assert.deepEqual(errors, [], 'no console error, no uncaught exception');
}

/**
 * Trains on `backend` until a batch has run, then stops (long before the epoch's end).
 * @param {DrivenPage} page
 * @param {string} backend
 * @param {(line: string) => void} log
 */
async function trainAFewBatches(page, backend, log) {
  await page.press('button', 'Train');
  const [, runsOn] = await page.waitForText(new RegExp(`Backend: ${backend} \\( (.*?) \\)\\.`), 120_000);
  await page.waitForText(/Epoch 1 of 1 ?, batch [1-9]\d* of/, 120_000);
  await page.press('button', 'Stop');
  await page.waitForText(/Stopped after 0 complete epoch\(s\)\./, 120_000);
  log(`trained on ${backend} (${runsOn}), stopped`);
}
