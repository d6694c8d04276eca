// @ts-check
// Benchmark: bytes read from and written to IndexedDB per training epoch, with 10
// finished runs in the library, for the app as built now (dist) and as built at an
// earlier commit (BENCH_BEFORE, default 361fb7c: built once into node_modules/.cache).
// Each build gets a fresh browser profile: the benchmarks' page trains 10 one-epoch runs
// through the built trainer worker and lists them once; then the app itself (page,
// trainer and predictor workers, a digit drawn so the predictor follows the run) trains
// a 4-epoch run, and the bytes of epochs 2 and 3 are counted, from one checkpoint's
// settling to the next. Prints a
// table and writes bench/results/storage.json. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { openBenchPage } from './bench-page.mjs';
import { countIndexedDbBytes } from './idb-bytes.mjs';
import { drawStroke, PHONE, SEVEN, showView, startServer } from '../test/support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';

const BEFORE = process.env.BENCH_BEFORE ?? '361fb7c';
const PORT = Number(process.env.BENCH_PORT ?? 8300);
const RUNS = 10;
/** Images a run trains on (80% of them; the rest validate): epochs long enough to settle between checkpoints. */
const LIMIT = Number(process.env.BENCH_LIMIT ?? 2000);
const BACKEND = process.env.BENCH_BACKEND ?? 'wasm';
const CHANNEL = 'bench-indexeddb-bytes';
/** How long no IndexedDB call must come for the work after a checkpoint to count as done. */
const QUIET_MS = 2000;
const MB = 1024 * 1024;

/** The app as built at `commit`, built once into node_modules/.cache (git ignores it, linters skip it). */
function beforeDist(commit) {
  const root = resolve(`node_modules/.cache/bench-storage/before-${commit}`);
  const dist = `${root}/dist`;
  if (existsSync(`${dist}/sw.js`)) return Promise.resolve(dist);
  return (async () => {
    console.log(`Building ${commit} into ${dist} (once)...`);
    await mkdir(root, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${root}`], { stdio: 'inherit' });
    if (!existsSync(`${root}/node_modules`)) await symlink(resolve('node_modules'), `${root}/node_modules`);
    execFileSync('npx', ['rollup', '-c', 'rollup.config.mjs'], { cwd: root, stdio: 'inherit' });
    execFileSync('node', ['scripts/precache.mjs'], { cwd: root, stdio: 'inherit' });
    return dist;
  })();
}

const instrument = `(${countIndexedDbBytes.toString()})(${JSON.stringify(CHANNEL)});\n`;

/** Running totals per realm, as the instrumented realms last reported them. */
const totalsOf = (page) =>
  page.evaluate(
    () =>
      /** @type {Record<string, {read: number, written: number, reads: number, writes: number}>} */ (
        /** @type {any} */ (window).idbBytes
      ),
  );

/** Waits until no realm has touched IndexedDB for QUIET_MS; returns the totals then. */
async function settled(page) {
  let last = JSON.stringify(await totalsOf(page));
  let since = Date.now();
  for (;;) {
    await page.waitForTimeout(250);
    const now = JSON.stringify(await totalsOf(page));
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return JSON.parse(now);
  }
}

/** What each realm read and wrote between two totals, and all of them together. */
function difference(from, to) {
  const realms = {};
  let read = 0;
  let written = 0;
  for (const [realm, end] of Object.entries(to)) {
    const start = from[realm] ?? { read: 0, written: 0, reads: 0, writes: 0 };
    realms[realm] = {
      read: end.read - start.read,
      written: end.written - start.written,
      reads: end.reads - start.reads,
      writes: end.writes - start.writes,
    };
    read += realms[realm].read;
    written += realms[realm].written;
  }
  return { read, written, realms };
}

/** One build: its library of finished runs, one list of it, and a run's epochs in the app. */
async function measure(browser, label, dir) {
  const server = await startServer(PORT, [], { dir, config: resolve('serve.json') });
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  try {
    await context.addInitScript(`
      window.idbBytes = {};
      new BroadcastChannel(${JSON.stringify(CHANNEL)}).onmessage = ({ data }) => { window.idbBytes[data.realm] = data; };
      ${instrument}`);
    await context.route(/\/(trainer|predictor)-worker\.js$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: instrument + (await response.text()) });
    });

    const bench = await openBenchPage(context, server.base);
    console.log(`${label}: training ${RUNS} finished runs for the library...`);
    await bench.evaluate(
      async ({ runs, backend }) => {
        const { trainer, defaults } = /** @type {any} */ (window);
        await trainer.data.load(() => {});
        for (let i = 0; i < runs; i++) {
          await trainer.training.start({ ...defaults, epochs: 1, limit: 400, backend }, () => {});
        }
      },
      { runs: RUNS, backend: BACKEND },
    );
    const beforeList = await settled(bench);
    const listed = await bench.evaluate(() => /** @type {any} */ (window).trainer.runs.list());
    const list = difference(beforeList, await settled(bench));
    await bench.close();

    const page = await context.newPage();
    await page.goto(`${server.base}/?epochs=4&limit=${LIMIT}&backend=${BACKEND}`);
    // A drawing starts the predictor, which then follows the run's checkpoints.
    await drawStroke(context, page, SEVEN);
    await page.getByRole('progressbar', { name: 'Probability of 7' }).waitFor({ timeout: 120_000 });
    await showView(page, 'Train');
    await page.getByText(/MNIST ready/).waitFor({ timeout: 300_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click({ timeout: 300_000 });
    const epochs = [];
    await page.getByText(/Checkpoint saved: epoch 1 /).waitFor({ timeout: 600_000 });
    let previous = await settled(page);
    for (const epoch of [2, 3]) {
      await page.getByText(new RegExp(`Checkpoint saved: epoch ${epoch} `)).waitFor({ timeout: 600_000 });
      const now = await settled(page);
      epochs.push({ epoch, ...difference(previous, now) });
      previous = now;
      console.log(
        `${label}: epoch ${epoch}: read ${(epochs.at(-1).read / MB).toFixed(2)} MB, written ${(epochs.at(-1).written / MB).toFixed(2)} MB`,
      );
    }
    await page.close();
    return { label, dir, runsListed: listed.length, list, epochs };
  } finally {
    await context.close();
    server.stop();
  }
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const results = [
    await measure(browser, `before (${BEFORE})`, await beforeDist(BEFORE)),
    await measure(browser, 'after (this build)', resolve('dist')),
  ];
  const kb = (bytes) => Math.round(bytes / 1024);
  const rows = results.flatMap(({ label, list, epochs }) => [
    ...epochs.map(({ epoch, read, written, realms }) => ({
      build: label,
      what: `epoch ${epoch}`,
      'read kB': kb(read),
      'written kB': kb(written),
      'read kB: page / trainer / predictor': ['page', 'trainer', 'predictor']
        .map((realm) => kb(realms[realm]?.read ?? 0))
        .join(' / '),
    })),
    {
      build: label,
      what: `one list of ${RUNS} runs`,
      'read kB': +(list.read / 1024).toFixed(1),
      'written kB': kb(list.written),
      'read kB: page / trainer / predictor': '-',
    },
  ]);
  console.log(
    `\nIndexedDB bytes per epoch of a ${BACKEND} run (${LIMIT} images) with ${RUNS} finished runs in the library, ` +
      `and per library list (headless Chromium; structured sizes: buffers' bytes, strings' characters, 8 a number)`,
  );
  console.table(rows);
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/storage.json',
    JSON.stringify({ date: new Date().toISOString(), backend: BACKEND, limit: LIMIT, runs: RUNS, results }, null, 2),
  );
} finally {
  await browser.close();
}
