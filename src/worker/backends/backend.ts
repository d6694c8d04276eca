// Starts the tfjs backend for training. `auto` measures the backends the device offers
// (WebGPU only on a real adapter) once, remembers the speeds and takes the fastest.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../../shared/train-config.js';
import { fastestBackend } from '../../shared/fastest-backend.js';
import { deviceKey, loadMeasurement, saveMeasurement } from '../storage/measured-speeds.js';
import type {
  BackendInfo,
  BackendMeasurement,
  BackendName,
  MeasuredBackend,
  MeasureProgress,
  SpeedOptions,
} from '../../protocol/backends.js';
import { measureTrainingSpeed } from '../training/training-speed.js';
import { registerWasmTrainingKernels } from '../kernels/wasm/training-kernels.js';
import { watchGpuDevice } from './gpu-device.js';
import { fastestThreads, measureWasmThreads, probedThreads, sharedMemory } from './wasm-threads.js';
import { errorMessage } from '../../shared/error-message.js';

// The wasm binaries and pthread scripts sit next to the worker bundle (placed by the build).
setWasmPaths(new URL('./', import.meta.url).href);
registerWasmTrainingKernels();
// tfjs runs small WebGPU ops on the CPU by default, reading GPU data back to do so: in a
// training step that is a stall per op (tfjs' own CI turns it off too).
tf.env().set('WEBGPU_CPU_FORWARD', false);
// Software and shared GPUs draw the page in the same process that runs WebGL: a flush
// every millisecond of work lets frames in between (npm run bench:responsiveness).
tf.env().set('WEBGL_FLUSH_THRESHOLD', 1);
// Threads need cross-origin isolation. The threaded binary starts its pthread workers
// from files beside this bundle, not blob: URLs (scripts/wasm-pthreads.mjs), so the CSP's
// worker-src 'self' lets them start. How many threads is measured (wasm-threads.ts).

async function gpuAdapter(): Promise<GPUAdapter | null> {
  if (!('gpu' in navigator)) return null;
  try {
    return await navigator.gpu.requestAdapter();
  } catch {
    return null;
  }
}

function isFallback(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  return Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter);
}

/** A backend that has not started by then will not: say so rather than wait forever. */
const START_TIMEOUT_MS = 60_000;
/** The threaded binary's pthread scripts (scripts/wasm-pthreads.mjs). */
const PTHREAD_SCRIPTS = /tfjs-backend-wasm-threaded-simd(\.worker)?\.js/;
/** Threads that have not started by then (a pthread that never loaded: WebKit) will not. */
const THREADS_START_TIMEOUT_MS = 30_000;
/** `auto`'s few steps on one backend; more means it hangs (a lost GPU, a stuck thread pool). */
const MEASURE_TIMEOUT_MS = 180_000;

/** The latest backend switch; tfjs refuses ops while one is under way. */
let switching: Promise<unknown> = Promise.resolve();
/** The backend tfjs runs on. tfjs' own getBackend() names the last one asked for, started or not. */
let running: BackendName | undefined;
/** Backends that could not start in this worker, and why: not tried again, so never half-started twice. */
const failures = new Map<BackendName, string>();
/** tfjs-backend-wasm's factory, to start wasm again on one thread after its threads failed. */
const wasmFactory = tf.findBackendFactory('wasm');
/** Why wasm runs on one thread although more were asked for, once that happened. */
let threadsFailed: string | undefined;

/** The backend that started last and runs now, if any did. */
export function runningBackend(): BackendName | undefined {
  return running;
}

/** Resolves when no backend is starting: other jobs of the worker wait for it. */
export async function backendSettled(): Promise<void> {
  let current: Promise<unknown>;
  do {
    current = switching;
    await current;
  } while (current !== switching);
}

function start(name: BackendName): Promise<void> {
  const attempt = switching.then(() => startNow(name));
  switching = attempt.catch(() => undefined);
  return attempt;
}

async function startNow(name: BackendName): Promise<void> {
  if (running === name) return;
  const failed = failures.get(name);
  if (failed) throw new Error(failed);
  const threads = name === 'wasm' ? await setWasmThreads() : 1;
  try {
    const started = await withTimeout(
      threads > 1 ? startThreadedWasm(threads) : tf.setBackend(name).catch(() => false),
      START_TIMEOUT_MS + (threads > 1 ? THREADS_START_TIMEOUT_MS : 0),
      `The ${name} backend did not start within ${START_TIMEOUT_MS / 1000} s.`,
    );
    if (!started) throw new Error(`The ${name} backend could not start${whyNot(name)}.`);
    running = name;
  } catch (error) {
    failures.set(name, errorMessage(error));
    await recover(name);
    throw error;
  } finally {
    if (name === 'wasm') delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/**
 * Before wasm starts: a probe's own count, else the fastest this device measured, else
 * one thread. One thread runs the single-threaded binary: no pthread workers to start.
 */
async function setWasmThreads(): Promise<number> {
  const threads = probedThreads() ?? (sharedMemory() ? await rememberedThreads() : 1) ?? 1;
  if (threads === 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return 1;
  }
  setThreadsCount(threads);
  // The threaded binary takes at most navigator.hardwareConcurrency / 2 threads, whatever
  // setThreadsCount asks (tfjs issues 6081, 8513): it is shown twice the count while it
  // starts (startNow puts the real one back).
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  return threads;
}

/**
 * Starts the threaded binary. A pthread whose script does not load leaves the start
 * waiting for ever: emscripten rethrows the pthread's error event here, uncaught, which
 * would end this worker for the page (Chromium; WebKit now and then with the server
 * stopped), or nothing is said at all (WebKit, a missing script). Either is caught, the
 * second by a time limit: a probe reports it, and a run starts wasm on one thread, saying why.
 */
async function startThreadedWasm(threads: number): Promise<boolean> {
  let failed: ((reason: string) => void) | undefined;
  const pthreadFailed = new Promise<string>((resolve) => (failed = resolve));
  let starting = true;
  const onError = (event: ErrorEvent) => {
    // While the threads start, nothing else here throws uncaught: whatever does is theirs
    // (emscripten rethrows the pthread's error event: an Event in Chromium, an ErrorEvent
    // in WebKit, or WebKit passes on the pthread's own "NetworkError: Load failed"). After
    // that, only what is plainly theirs: the abandoned pool's other pthreads failing.
    const thrown: unknown = event.error;
    if (!starting && !(thrown instanceof Event) && !PTHREAD_SCRIPTS.test(event.filename ?? '')) return;
    event.preventDefault();
    if (thrown instanceof Event) {
      const script = thrown instanceof ErrorEvent && thrown.filename ? ` (${thrown.filename.split('/').pop()})` : '';
      failed?.(`a thread's script did not load${script}`);
    } else {
      failed?.(`a thread failed (${event.message || 'no message'})`);
    }
  };
  // Kept for the worker's life: the abandoned pool's other pthreads may fail later too.
  self.addEventListener('error', onError);
  const timer = setTimeout(
    () => failed?.(`they did not start within ${THREADS_START_TIMEOUT_MS / 1000} s`),
    THREADS_START_TIMEOUT_MS,
  );
  const outcome = await Promise.race([
    tf.setBackend('wasm').then(
      (started) => ({ started }),
      () => ({ started: false }),
    ),
    pthreadFailed.then((reason) => ({ reason })),
  ]);
  clearTimeout(timer);
  starting = false;
  if ('started' in outcome) {
    if (outcome.started) self.removeEventListener('error', onError);
    return outcome.started;
  }
  const why = `wasm could not start its ${threads} threads: ${outcome.reason}`;
  if (probedThreads()) throw new Error(`${why}.`);
  threadsFailed = `${threads} threads could not start: ${outcome.reason}`;
  tf.removeBackend('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // tfjs-backend-wasm's own priority; the backend is always chosen by name here.
  if (wasmFactory) tf.registerBackend('wasm', wasmFactory, 2);
  return tf.setBackend('wasm').catch(() => false);
}

/** wasm's fastest thread count as measured on this device: by `auto`, or alone before a run on wasm. */
async function rememberedThreads(): Promise<number | undefined> {
  for (const kind of ['training', 'wasm-threads'] as const) {
    const results = (await loadMeasurement(kind))?.results.filter((result) => result.threads !== undefined);
    if (results?.length) return fastestThreads(results);
  }
  return undefined;
}

/**
 * After a failed start tfjs names the failed backend as current, with no instance (or a
 * start still pending): its next op would start whichever backend ranks first, the
 * failed one included, and one failure would break every later run (seen in Firefox
 * without WebGL). Take the failed one out and go back to the one that ran.
 */
async function recover(name: BackendName): Promise<void> {
  if (tf.findBackendFactory(name)) tf.removeBackend(name);
  const back = running ?? 'cpu';
  if (!(await tf.setBackend(back))) throw new Error(`The ${back} backend could not start again.`);
  running = back;
}

/** What a browser lacks when a backend does not start, where it can be told. */
function whyNot(name: BackendName): string {
  if (name === 'webgpu') return ' (no WebGPU adapter in this browser)';
  if (name !== 'webgl') return '';
  if (typeof OffscreenCanvas === 'undefined') return ' (no OffscreenCanvas in a worker in this browser)';
  const canvas = new OffscreenCanvas(1, 1);
  return canvas.getContext('webgl2') || canvas.getContext('webgl') ? '' : ' (this browser gives a worker no WebGL)';
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function describe(name: BackendName): Promise<string> {
  switch (name) {
    case 'webgpu': {
      const adapter = await gpuAdapter();
      if (!adapter) return 'WebGPU';
      const { vendor, architecture, description } = adapter.info;
      const text = [vendor, architecture, description].filter(Boolean).join(' ');
      return `${text || 'unknown adapter'}${isFallback(adapter) ? ' (fallback adapter)' : ''}`;
    }
    case 'webgl': {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
      const debug = gl?.getExtension('WEBGL_debug_renderer_info');
      return String(
        (gl && debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER)) ?? 'WebGL',
      );
    }
    case 'wasm': {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
      const fallback = threadsFailed ? `; ${threadsFailed}` : '';
      return `WebAssembly, ${simd}, ${getThreadsCount()} thread(s)${fallback}`;
    }
    case 'cpu':
      return 'plain JavaScript on the CPU';
  }
}

/** Starts a backend (each at most once) and says on what it runs. */
export async function switchToBackend(name: BackendName): Promise<BackendInfo> {
  try {
    await start(name);
  } catch (error) {
    throw new Error(`${errorMessage(error)} Choose another backend.`, { cause: error });
  }
  if (name === 'webgpu') watchGpuDevice();
  return { name, description: await describe(name) };
}

/** What `auto` measures: WebGPU only on a real adapter (a software one is the slowest), WebGL, wasm. */
export async function trainingCandidates(): Promise<BackendName[]> {
  const adapter = await gpuAdapter();
  return adapter && !isFallback(adapter) ? ['webgpu', 'webgl', 'wasm'] : ['webgl', 'wasm'];
}

/** Times real training steps on each backend (see training-speed.ts); one failing is a result too. */
export async function measureTrainingSpeeds(
  names: readonly BackendName[],
  options: SpeedOptions,
  onProgress?: (progress: MeasureProgress) => void,
): Promise<BackendMeasurement> {
  const results: MeasuredBackend[] = [];
  for (const [index, name] of names.entries()) {
    if (name === 'wasm') {
      // Each thread count in a worker of its own (wasm-threads.ts), each said as it starts.
      const limit = START_TIMEOUT_MS + MEASURE_TIMEOUT_MS;
      const onCount = (threads: number) => onProgress?.({ backend: name, threads, index, count: names.length });
      results.push(...(await measureWasmThreads(options, limit, onCount)));
      continue;
    }
    onProgress?.({ backend: name, index, count: names.length });
    try {
      const info = await switchToBackend(name);
      assertCanTrain(name);
      const speed = await withTimeout(
        measureTrainingSpeed(options),
        MEASURE_TIMEOUT_MS,
        `${options.steps + (options.warmup ?? 2) + 1} training steps took over ${MEASURE_TIMEOUT_MS / 1000} s.`,
      );
      results.push({ ...info, speed });
    } catch (error) {
      results.push({ name, description: '', error: errorMessage(error) });
    }
  }
  return {
    device: deviceKey(),
    measuredAt: Date.now(),
    batchSize: options.batchSize,
    augment: options.augment,
    results,
  };
}

/** Steps `auto` times on each backend: enough to pass shader compilation and caches. */
export const AUTO_MEASURE = { steps: 3, warmup: 1 };

/** Measures every backend `auto` chooses from and remembers the result for this device. */
export async function measureAndRemember(
  options: Pick<SpeedOptions, 'batchSize' | 'augment'> & Partial<SpeedOptions>,
  onProgress?: (progress: MeasureProgress) => void,
): Promise<BackendMeasurement> {
  const measurement = await measureTrainingSpeeds(
    await trainingCandidates(),
    { ...AUTO_MEASURE, ...options },
    onProgress,
  );
  await saveMeasurement(measurement);
  return measurement;
}

export interface ChosenBackend {
  info: BackendInfo;
  /** What `auto` chose by; measured now if it had not been on this device. */
  measurement?: BackendMeasurement;
}

/**
 * Starts the chosen backend. `auto` takes the fastest by the device's remembered
 * measurement, measuring (with the run's batch size and augmentation) the first time.
 */
export async function startTrainingBackend(
  choice: BackendChoice,
  options: { batchSize: number; augment: boolean; onProgress?: (progress: MeasureProgress) => void },
): Promise<ChosenBackend> {
  const { batchSize, augment, onProgress } = options;
  if (choice === 'wasm' && running !== 'wasm' && sharedMemory() && (await rememberedThreads()) === undefined) {
    // wasm chosen by hand before `auto` measured: its thread counts are measured first, once.
    const threads = await measureTrainingSpeeds(['wasm'], { ...AUTO_MEASURE, batchSize, augment }, onProgress);
    await saveMeasurement(threads, 'wasm-threads');
  }
  if (choice !== 'auto') return { info: await switchToBackend(choice) };
  const measurement = (await loadMeasurement()) ?? (await measureAndRemember({ batchSize, augment }, onProgress));
  const best = fastestBackend(measurement);
  // Nothing trained: the CPU backend is slow but has every kernel.
  return { info: await switchToBackend(best?.name ?? 'cpu'), measurement };
}

/** Kernels that training needs and a backend may lack (tfjs has no wasm Conv2DBackpropFilter: we add it). */
const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'];

export function assertCanTrain(name: BackendName): void {
  const missing = TRAINING_KERNELS.filter((kernel) => !tf.getKernel(kernel, name));
  if (missing.length > 0) {
    throw new Error(
      `The ${name} backend cannot train this model: tfjs has no ${missing.join(', ')} kernel for it. Choose webgl, webgpu or cpu.`,
    );
  }
}
