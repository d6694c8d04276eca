// @ts-check
// Benchmark: the notebook's whole run in headless Chromium, as the app trains it on the
// fastest backend (auto): all 48,000 training images, 10 epochs, augmentation, batch 32,
// early stopping on validation loss (patience 20), once for each of three seeds, one after
// the other (SEEDS=1,2,3 overrides; EPOCHS too). Prints each epoch as it ends, each run's
// kept model's test accuracy, and the median, min and max beside PyTorch's figure for the
// same network; writes bench/results/accuracy.json. Run `npm run build` first.
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from '../test/support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';
import { openBenchPage } from './bench-page.mjs';

const EPOCHS = Number(process.env.EPOCHS ?? 10);
const SEEDS = (process.env.SEEDS ?? '42,43,44').split(',').map(Number);
/**
 * ../shared/reference/torch_seed.py: the same network, split and augmentation in PyTorch
 * on this machine's CPU, 10 epochs (measured once; PyTorch is not installed here).
 */
const PYTORCH = { testAccuracy: 0.9942, epochs: 10 };

const percent = (/** @type {number} */ value) => `${(value * 100).toFixed(2)}%`;

const server = await startServer(process.env.BENCH_PORT ?? '8282');
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
/** @type {{ seed: number, minutes: number, result: any }[]} */
const runs = [];
try {
  for (const seed of SEEDS) {
    // A page (and profile) of its own for each seed: nothing carries over; auto measures again.
    const page = await openBenchPage(browser, server.base);
    const started = Date.now();
    console.log(`\nseed ${seed}`);
    page.on('console', (message) => {
      const text = message.text();
      if (!text.startsWith('bench-event ')) return;
      const event = JSON.parse(text.slice('bench-event '.length));
      const minutes = ((Date.now() - started) / 60_000).toFixed(1);
      if (event.type === 'start')
        console.log(`${minutes} min: training on ${event.backend.name} (${event.backend.description})`);
      if (event.type === 'epoch') {
        console.log(
          `${minutes} min: epoch ${event.epoch}: loss ${event.loss.toFixed(4)} acc ${percent(event.accuracy)} ` +
            `val_loss ${event.valLoss.toFixed(4)} val_acc ${percent(event.valAccuracy)} ` +
            `(${Math.round(event.imagesPerSecond)} img/s)`,
        );
      }
    });
    // The app's defaults are the notebook's setup; only the seed and epoch count change.
    const config = { epochs: EPOCHS, seed };
    const result = await page.evaluate((c) => /** @type {any} */ (window).train(c), config);
    const minutes = (Date.now() - started) / 60_000;
    console.log(
      `${result.reason} after ${result.history.length} epochs in ${minutes.toFixed(1)} min on ${result.backend.name}; ` +
        `kept epoch ${result.bestEpoch} (val_acc ${percent(result.kept.valAccuracy)}); ` +
        `test accuracy ${percent(result.test.accuracy)} (loss ${result.test.loss.toFixed(4)})`,
    );
    runs.push({ seed, minutes, result });
    await page.close();
  }
  const accuracies = runs.map((run) => run.result.test.accuracy).sort((a, b) => a - b);
  const middle = Math.floor(accuracies.length / 2);
  const median = accuracies.length % 2 ? accuracies[middle] : (accuracies[middle - 1] + accuracies[middle]) / 2;
  console.log('\nseed  epochs  kept  test accuracy  minutes');
  for (const { seed, minutes, result } of runs) {
    console.log(
      `${String(seed).padEnd(6)}${String(result.history.length).padEnd(8)}${String(result.bestEpoch).padEnd(6)}` +
        `${percent(result.test.accuracy).padEnd(14)}${minutes.toFixed(1)}`,
    );
  }
  console.log(
    `median ${percent(median)}, min ${percent(accuracies[0])}, max ${percent(accuracies.at(-1))} over ` +
      `${runs.length} seed(s); PyTorch, same network and data: ${percent(PYTORCH.testAccuracy)} after ${PYTORCH.epochs} epochs`,
  );
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/accuracy.json',
    JSON.stringify(
      {
        date: new Date().toISOString(),
        epochs: EPOCHS,
        seeds: SEEDS,
        median,
        min: accuracies[0],
        max: accuracies.at(-1),
        pytorch: PYTORCH,
        runs,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  server.stop();
}
