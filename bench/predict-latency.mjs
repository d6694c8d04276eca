// @ts-check
// Benchmark: from lifting the finger to the prediction shown, on a phone-sized page,
// with no training and while a training run goes on. Prints median and 95th percentile
// and writes bench/results/predict-latency.json. Run `npm run build` first.
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { drawStroke, PHONE, SEVEN, showView, startServer } from '../test/support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';

const STROKES = Number(process.env.STROKES ?? 30);
const server = await startServer(process.env.BENCH_PORT ?? '8282');
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const context = await browser.newContext(PHONE);
const page = await context.newPage();

/** Draws STROKES sevens, each cleared after, and returns the finger-up-to-shown times. */
async function measure() {
  await page.evaluate(() => performance.clearMeasures('prediction-shown'));
  for (let i = 0; i < STROKES; i++) {
    await drawStroke(context, page, SEVEN);
    await page.waitForFunction((n) => performance.getEntriesByName('prediction-shown').length >= n, i + 1);
    await page.getByRole('button', { name: 'Clear' }).click();
  }
  return page.evaluate(() => performance.getEntriesByName('prediction-shown').map((entry) => entry.duration));
}

function summary(label, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    label,
    strokes: sorted.length,
    medianMs: +at(0.5).toFixed(1),
    p95Ms: +at(0.95).toFixed(1),
    maxMs: +sorted.at(-1).toFixed(1),
  };
}

try {
  // A model to predict with: one quick epoch.
  await page.goto(`${server.base}/?epochs=1&limit=2000#train`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText(/Training complete/).waitFor({ timeout: 600_000 });
  const backend = await page
    .getByText(/Backend:/)
    .first()
    .innerText();

  await showView(page, 'Draw');
  const idle = summary('no training', await measure());
  await page.goto(`${server.base}/?epochs=50&limit=60000#train`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('progressbar', { name: 'Epoch progress' }).waitFor({ timeout: 120_000 });
  await showView(page, 'Draw');
  const busy = summary('while training', await measure());
  await showView(page, 'Train');
  await page.getByRole('button', { name: 'Stop' }).click();

  const rows = [idle, busy];
  console.log(`finger lifted to prediction shown, ${STROKES} strokes each (${backend.replace(/\s+/g, ' ')})`);
  console.table(rows);
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/predict-latency.json',
    JSON.stringify({ date: new Date().toISOString(), rows }, null, 2),
  );
} finally {
  await browser.close();
  server.stop();
}
