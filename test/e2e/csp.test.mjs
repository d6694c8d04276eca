// @ts-check
// Security, end to end: serve.json's Content-Security-Policy is strict, and the built app
// runs under it (threaded wasm included) with no violation and no request to another
// origin, from the page, its workers, the wasm pthreads or the service worker.
// Run `npm run build` first.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { collectErrors } from '../support/page-errors.mjs';
import { appAndBrowser } from '../support/app-and-browser.mjs';
import { drawStroke, showView, PHONE, SEVEN } from '../support/app-harness.mjs';
import { rewriteBackendWasm } from '../../scripts/wasm-pthreads.mjs';

// Clear of the other end-to-end files' ports (E2E_PORT to E2E_PORT + 4).
const PORT = Number(process.env.E2E_PORT ?? '8181') + 10;
const PTHREAD_WORKER = '/tfjs-backend-wasm-threaded-simd.worker.js';
const PTHREAD_MAIN = '/tfjs-backend-wasm-threaded-simd.js';

/** serve.json's CSP, as `npm start` sends it. */
async function servedPolicy() {
  const config = JSON.parse(await readFile('serve.json', 'utf8'));
  const headers = config.headers.flatMap((/** @type {{ headers: { key: string, value: string }[] }} */ rule) =>
    rule.headers.filter((header) => header.key.toLowerCase() === 'content-security-policy'),
  );
  assert.equal(headers.length, 1, 'one Content-Security-Policy in serve.json');
  return headers[0].value;
}

/** @param {string} policy @returns {Map<string, string[]>} directive name to its sources */
function directives(policy) {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

test("serve.json's CSP: same origin only, no inline script, no eval, no blob: or data:, workers from 'self'", async () => {
  const policy = await servedPolicy();
  for (const forbidden of ['blob:', 'data:', "'unsafe-inline'", "'unsafe-eval'", '*'])
    assert.ok(!policy.split(/[\s;]+/).includes(forbidden), `${forbidden} in "${policy}"`);
  const parsed = directives(policy);
  assert.deepEqual(parsed.get('default-src'), ["'self'"]);
  assert.deepEqual(parsed.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(parsed.get('worker-src'), ["'self'"]);
  assert.deepEqual(parsed.get('object-src'), ["'none'"]);
  assert.deepEqual(parsed.get('base-uri'), ["'none'"]);
  assert.deepEqual(parsed.get('frame-ancestors'), ["'none'"]);
  // Every source anywhere is the app's own origin or nothing; wasm compiles in scripts only.
  for (const [name, sources] of parsed) {
    for (const source of sources) {
      const allowed = ["'self'", "'none'", ...(name === 'script-src' ? ["'wasm-unsafe-eval'"] : [])];
      assert.ok(allowed.includes(source), `${name} ${source}`);
    }
  }
});

test("the build's rewrite of tfjs' backend_wasm.js leaves it no Blob, and stops the build when that code changes", async () => {
  const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js');
  const source = await readFile(file, 'utf8');
  assert.match(source, /URL\.createObjectURL\(blob\)/, 'tfjs as installed makes blob: URLs');
  const rewritten = rewriteBackendWasm(source);
  assert.doesNotMatch(rewritten, /new Blob|createObjectURL/);
  assert.match(rewritten, new RegExp(`mainScriptUrlOrBlob = "${PTHREAD_MAIN.slice(1)}"`));
  assert.equal(rewritten.split('\n').length, source.split('\n').length, 'lines kept, for the source map');
  assert.throws(
    () => rewriteBackendWasm(source.replace('return URL.createObjectURL(blob);', 'return URL.createObjectURL(blob) ;')),
    /expected locateFile's blob: URL for the pthread worker script once/,
  );
  assert.throws(
    () => rewriteBackendWasm(source.replace('wasmFactoryThreadedSimd.toString()', 'String(wasmFactoryThreadedSimd)')),
    /mainScriptUrlOrBlob once/,
  );
});

const app = appAndBrowser(PORT);

/** Records `securitypolicyviolation` events in a worker or service worker, from now on. */
const listenInWorker = () => {
  const seen = /** @type {string[]} */ ([]);
  Object.assign(self, { cspViolations: seen });
  self.addEventListener('securitypolicyviolation', (event) =>
    seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
  );
};
const violationsInWorker = () => /** @type {string[]} */ (/** @type {any} */ (self).cspViolations ?? []);

test('under that CSP the app times threaded wasm, trains, predicts and exports .h5, with no violation and no request to another origin', async (t) => {
  const base = app.base;
  const context = await app.browser.newContext(PHONE);
  t.after(() => context.close());
  // Playwright reports requests of the page, its dedicated workers, the workers those
  // start (wasm pthreads) and the service worker here: the test checks it saw each kind.
  /** @type {{ url: string, fromServiceWorker: boolean }[]} */
  const requests = [];
  context.on('request', (request) =>
    requests.push({ url: request.url(), fromServiceWorker: request.serviceWorker() !== null }),
  );
  const requestedUrls = () => requests.map((request) => request.url);
  /** @type {import('playwright-core').Worker[]} */
  const listened = [];
  /** @type {Promise<unknown>[]} */
  const listening = [];
  /** Workers that ended (the probes that time wasm on each thread count): nothing more to ask them. */
  const ended = new Set();
  let pthreads = 0;
  const listen = (/** @type {import('playwright-core').Worker} */ worker) => {
    // Not in the pthreads: they sit in Atomics.wait between jobs, where an evaluate may
    // never run. A script of theirs refused would stop the wasm backend, which the test
    // sees; their creation is checked in the trainer worker, which makes them.
    if (worker.url().endsWith(PTHREAD_WORKER)) {
      pthreads += 1;
      return;
    }
    listened.push(worker);
    worker.on('close', () => ended.add(worker));
    // A probe may end before it is asked; a refusal in it shows in the console too.
    listening.push(worker.evaluate(listenInWorker).catch((error) => ended.has(worker) || Promise.reject(error)));
  };
  context.on('serviceworker', listen);
  const page = await context.newPage();
  page.on('worker', listen);
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    const seen = /** @type {string[]} */ ([]);
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });

  const response = await page.goto(`${base}/?epochs=1&limit=400&backend=wasm&augment=false#train`);
  assert.equal(response?.headers()['content-security-policy'], await servedPolicy(), 'the page has the policy');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  await Promise.all(listening); // the trainer worker listens before it starts wasm

  const violations = async () => [
    ...(await page.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).cspViolations))),
    ...(
      await Promise.all(
        listened.filter((worker) => !ended.has(worker)).map((worker) => worker.evaluate(violationsInWorker)),
      )
    ).flat(),
  ];

  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // A refused pthread leaves the backend waiting until the worker's 60 s start timeout.
  const backend = await page
    .getByText(/Backend: wasm \(|Training failed/)
    .first()
    .innerText({ timeout: 90_000 });
  t.diagnostic(`${backend.trim()} (${Date.now() - started} ms after Train)`);
  if (/Training failed/.test(backend)) assert.fail(`${backend}; CSP violations: ${(await violations()).join(', ')}`);
  // Chosen by hand before any measurement: wasm's thread counts were timed first, in
  // probe workers, the threaded ones with their pthreads.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Number(/\(WebAssembly, SIMD, (\d+) thread\(s\)\)/.exec(backend)?.[1]);
  assert.ok(threads >= 1 && threads <= cores, `between 1 thread and the ${cores} cores: ${backend}`);
  assert.ok(pthreads >= 1, 'pthreads ran from the same-origin script');
  await page.getByText('Training complete: 1 epoch(s).').waitFor({ timeout: 300_000 });
  // Downloads are blob: URLs opened by <a download>: a navigation, which no directive here governs.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download history (CSV)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  assert.match(await readFile(await download.path(), 'utf8'), /^epoch,/);
  await showView(page, 'Draw'); // its panel's script, loaded now
  await drawStroke(context, page, SEVEN); // the predictor worker, on wasm too
  await page.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 60_000 });
  // h5wasm (HDF5 in WebAssembly), loaded by the trainer at the first .h5 export: no CSP change.
  await showView(page, 'Models');
  const [h5] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('button', { name: /^Export \.h5/ }).click(),
  ]);
  assert.equal(h5.suggestedFilename(), 'mnist_cnn_model.h5');
  const signature = (await readFile(await h5.path())).subarray(0, 8);
  assert.deepEqual([...signature], [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 'an HDF5 file');
  assert.ok(
    requestedUrls().some((url) => url.endsWith('/h5wasm.js')),
    'the trainer fetched h5wasm',
  );
  await page.getByText('Stored on this device: it also works offline.').waitFor({ timeout: 120_000 });
  await Promise.all(listening);

  assert.deepEqual(await violations(), [], 'no securitypolicyviolation in the page, its workers or the service worker');
  assert.deepEqual(errors, [], 'no console error (the CSP reports its refusals there)');
  assert.ok(listened.length >= 3, `listened in the trainer, the predictor and the service worker: ${listened.length}`);

  const urls = requestedUrls();
  t.diagnostic(
    `${requests.length} requests, ${requests.filter((r) => r.fromServiceWorker).length} by the service worker`,
  );
  assert.ok(urls.includes(`${base}${PTHREAD_MAIN}`), 'a pthread imported the emscripten script (seen)');
  assert.ok(urls.includes(`${base}/data/mnist.json`), "the trainer worker's fetches (seen)");
  assert.ok(
    requests.some((request) => request.fromServiceWorker),
    "the service worker's precache fetches (seen)",
  );
  assert.deepEqual(
    urls.filter((url) => new URL(url).origin !== base),
    [],
    'every request to the app itself',
  );
});
