// @ts-check
// Lighthouse on the production build, as `npm start` serves it: the mobile default and
// the desktop preset, each in a fresh Chromium profile (a first visit). Prints the
// category scores and the audits that failed, and writes bench/results/audit.json.
// Run `npm run build` first (`npm run audit` does). AUDIT_RUNS (1) runs each form factor
// that many times and reports the median: the performance score moves with the CPU load.
// AUDIT_DIST audits another build folder instead, served with serve.json's headers (to
// compare two builds on the same machine at the same time).
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { resolve as absolute } from 'node:path';
import { startServer } from '../test/support/app-harness.mjs';
import { CATEGORIES, categoryScores, failingAudits, runLighthouse } from '../test/support/lighthouse.mjs';

const RUNS = Number(process.env.AUDIT_RUNS ?? 1);

/** A port nothing listens on now. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, () => resolve(undefined)));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const other = process.env.AUDIT_DIST;
const server = await startServer(
  process.env.AUDIT_PORT ?? (await freePort()),
  [],
  other ? { dir: absolute(other), config: absolute('serve.json') } : {},
);
/** @type {Record<string, unknown>} */
const results = {
  url: `${server.base}/`,
  dist: other ?? 'dist',
  measuredAt: new Date().toISOString(),
  runs: RUNS,
  formFactors: {},
};
try {
  for (const formFactor of /** @type {const} */ (['mobile', 'desktop'])) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const load = loadavg()[0];
      const lhr = await runLighthouse(`${server.base}/`, { formFactor });
      const scores = categoryScores(lhr);
      const metrics = Object.fromEntries(
        [
          'first-contentful-paint',
          'largest-contentful-paint',
          'total-blocking-time',
          'cumulative-layout-shift',
          'speed-index',
        ].map((id) => [id, lhr.audits[id]?.displayValue ?? null]),
      );
      const failing = Object.fromEntries(CATEGORIES.map((id) => [id, failingAudits(lhr, id)]));
      runs.push({ loadAverageBefore: +load.toFixed(2), scores, metrics, failing, lighthouse: lhr.lighthouseVersion });
      console.log(`${formFactor} run ${i + 1}/${RUNS} (1-minute load average before: ${load.toFixed(2)})`);
    }
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, median(runs.map((run) => run.scores[id] ?? 0))]));
    /** @type {Record<string, unknown>} */ (results.formFactors)[formFactor] = { scores, runs };
  }
} finally {
  server.stop();
}

const formFactors = /** @type {Record<string, { scores: Record<string, number>, runs: any[] }>} */ (
  results.formFactors
);
console.log(`\nLighthouse ${formFactors.mobile.runs[0].lighthouse}, ${RUNS} run(s) each, median scores:`);
console.table(Object.fromEntries(Object.entries(formFactors).map(([name, { scores }]) => [name, scores])));
for (const [name, { runs }] of Object.entries(formFactors)) {
  console.log(`${name} metrics (last run):`, runs.at(-1).metrics);
  for (const [category, audits] of Object.entries(runs.at(-1).failing)) {
    for (const audit of /** @type {{ title: string, score: number, items: string[] }[]} */ (audits)) {
      const where = audit.items.length ? `: ${audit.items.join('; ')}` : '';
      console.log(`  ${name} ${category} failing: ${audit.title} (score ${audit.score})${where}`);
    }
  }
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/audit.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/audit.json');
