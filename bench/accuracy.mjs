// @ts-check
// Benchmark: the notebook's whole run in headless Chromium, as the app trains it on the
// fastest backend (auto): all 48,000 training images, 10 epochs, augmentation, batch 32,
// early stopping on validation loss (patience 20). Prints each epoch as it ends and the
// kept model's test accuracy; writes bench/results/accuracy.json. Run `npm run build` first.
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from '../test/support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';
import { openBenchPage } from './bench-page.mjs';

const EPOCHS = Number(process.env.EPOCHS ?? 10);
const server = await startServer(process.env.BENCH_PORT ?? '8282');
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await openBenchPage(browser, server.base);
  const started = Date.now();
  page.on('console', (message) => {
    const text = message.text();
    if (!text.startsWith('bench-event ')) return;
    const event = JSON.parse(text.slice('bench-event '.length));
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    if (event.type === 'start')
      console.log(`${minutes} min: training on ${event.backend.name} (${event.backend.description})`);
    if (event.type === 'epoch') {
      console.log(
        `${minutes} min: epoch ${event.epoch}: loss ${event.loss.toFixed(4)} acc ${(event.accuracy * 100).toFixed(2)}% ` +
          `val_loss ${event.valLoss.toFixed(4)} val_acc ${(event.valAccuracy * 100).toFixed(2)}% ` +
          `(${Math.round(event.imagesPerSecond)} img/s)`,
      );
    }
  });
  // The app's defaults are the notebook's setup; only the epoch count may change.
  const config = { epochs: EPOCHS };
  const result = await page.evaluate((c) => /** @type {any} */ (window).train(c), config);
  const minutes = (Date.now() - started) / 60_000;
  console.log(
    `\n${result.reason} after ${result.history.length} epochs in ${minutes.toFixed(1)} min on ${result.backend.name}; ` +
      `kept epoch ${result.bestEpoch} (val_acc ${(result.kept.valAccuracy * 100).toFixed(2)}%)`,
  );
  console.log(
    `test accuracy: ${(result.test.accuracy * 100).toFixed(2)}% on ${result.test.count} images (loss ${result.test.loss.toFixed(4)})`,
  );
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/accuracy.json',
    JSON.stringify({ date: new Date().toISOString(), config, minutes, result }, null, 2),
  );
} finally {
  await browser.close();
  server.stop();
}
