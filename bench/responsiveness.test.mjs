// @ts-check
// The page stays smooth while a run trains in the worker: a finger draws on the pad for
// a whole small run (an epoch or more) on each backend that trains in reasonable time
// here, while the page records its long tasks (PerformanceObserver) and the gaps between
// its frames (requestAnimationFrame).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { PHONE, startServer } from '../test/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/chromium.mjs';

// Beside the other end-to-end files' ports (E2E_PORT, 8181 by default, and up), never on them.
const PORT = Number(process.env.E2E_PORT ?? '8181') + 40;

/** @type {{ base: string, stop: () => void } | undefined} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await startServer(PORT);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Trains one small run on `backend`, drawing all the while; returns what the page saw.
 * @param {string} backend
 * @param {string} query
 */
async function drawWhileTraining(backend, query) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const record = { longTasks: /** @type {{ start: number, duration: number }[]} */ ([]), frames: [0] };
    Object.assign(window, { record });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        record.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server?.base}/${query}&backend=${backend}`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  assert.ok(box);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // Start-up (backend, first shaders or wasm compile, the first step) is excluded:
  // measured once the second batch is done.
  await page.getByText(/Epoch 1 of \d+, batch ([2-9]|\d\d+) of/).waitFor({ timeout: 180_000 });
  const from = await page.evaluate(() => {
    const record = /** @type {any} */ (window).record;
    record.frames = [];
    const tick = (/** @type {number} */ time) => {
      record.frames.push(time);
      if (!record.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return performance.now();
  });
  const cdp = await context.newCDPSession(page);
  const point = (/** @type {number} */ t) => [
    { x: box.x + box.width * (0.5 + 0.3 * Math.cos(t)), y: box.y + box.height * (0.5 + 0.3 * Math.sin(t)) },
  ];
  let strokes = 0;
  const done = page.getByText(/Training complete/);
  while (!(await done.isVisible())) {
    // A finger circling for about a second, then lifted: each lift also asks for a prediction.
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(0) });
    for (let step = 1; step <= 60; step++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(step / 10) });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    strokes++;
    assert.ok(strokes < 600, 'the run ends within 10 minutes');
  }
  const record = await page.evaluate(() => {
    const seen = /** @type {any} */ (window).record;
    seen.stop = true;
    return seen;
  });
  const epochs = await page.locator('training-progress tbody tr').count();
  const speeds = await page.locator('training-progress tbody tr').allInnerTexts();
  await context.close();
  const frames = /** @type {number[]} */ (record.frames);
  const gaps = frames.slice(1).map((time, i) => time - frames[i]);
  const longTasks = /** @type {{ start: number, duration: number }[]} */ (record.longTasks).filter(
    (task) => task.start >= from,
  );
  return { gaps, longTasks, strokes, epochs, speeds, seconds: (frames.at(-1) - frames[0]) / 1000 };
}

for (const [backend, query] of [
  ['wasm', '?epochs=2&limit=4000'],
  // llvmpipe's WebGL: slower, so fewer images; still two whole epochs.
  ['webgl', '?epochs=2&limit=400&batchSize=32'],
]) {
  test(`while training on ${backend}, no long task and frame gaps at p95 under 25 ms as a finger draws`, async (t) => {
    const { gaps, longTasks, strokes, epochs, speeds, seconds } = await drawWhileTraining(backend, query);
    t.diagnostic(speeds.join(' / ').replace(/\s+/g, ' '));
    const p95 = quantile(gaps, 0.95);
    t.diagnostic(
      `${backend}: ${epochs} epoch(s), ${strokes} strokes over ${seconds.toFixed(1)} s; frames ${gaps.length}, ` +
        `gap median ${quantile(gaps, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms; ` +
        `long tasks ${JSON.stringify(longTasks.map((task) => Math.round(task.duration)))}`,
    );
    assert.ok(epochs >= 1, 'at least one epoch was measured');
    assert.ok(gaps.length > 100, `enough frames (${gaps.length})`);
    assert.deepEqual(longTasks, [], 'no main-thread task over 50 ms after start-up');
    assert.ok(p95 < 25, `95th percentile of frame gaps ${p95.toFixed(1)} ms`);
  });
}
