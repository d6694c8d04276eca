// How many threads wasm trains on, chosen by measurement. The threaded binary fixes its
// thread count when it starts, once per worker, so each count is timed in a probe worker of
// its own: this same bundle started again under the name `wasm-threads-N`.
import { wrap } from 'comlink';
import type { MeasuredBackend, SpeedOptions } from '../../protocol/backends.js';
import { errorMessage } from '../../shared/error-message.js';

const PROBE_NAME = /^wasm-threads-(\d+)$/;

/** What a probe worker exposes (trainer-worker.ts): one measurement of wasm on its thread count. */
export interface WasmProbe {
  measure(options: SpeedOptions): Promise<MeasuredBackend>;
}

/** The thread count this worker was started to measure, if it is a probe. */
export function probedThreads(): number | undefined {
  const match = PROBE_NAME.exec(self.name);
  return match ? Number(match[1]) : undefined;
}

/** Threads need memory shared between workers (cross-origin isolation); without it, one. */
export function sharedMemory(): boolean {
  return self.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
}

/**
 * 1, 2, 4, ... up to the cores the browser reports (and the cores themselves), at most 8:
 * the threaded binary starts a pool of 8 pthreads, and more would be started on demand,
 * from inside a running job, where a worker can wait on itself.
 */
export function threadCandidates(cores: number): number[] {
  const top = Math.min(8, Math.max(1, Math.floor(cores)));
  const counts: number[] = [];
  for (let threads = 1; threads <= top; threads *= 2) counts.push(threads);
  if (counts.at(-1) !== top) counts.push(top);
  return counts;
}

/** The fastest of measured wasm rows, by thread count; 1 where none trained. */
export function fastestThreads(results: readonly MeasuredBackend[]): number {
  let best: MeasuredBackend | undefined;
  for (const result of results) {
    if (result.name !== 'wasm' || !result.speed) continue;
    if (!best?.speed || result.speed.imagesPerSecond > best.speed.imagesPerSecond) best = result;
  }
  return best?.threads ?? 1;
}

/**
 * Times wasm training on each thread count, one probe worker at a time (they would share
 * the cores). Stops at the first count slower than the one before: more threads only add
 * waiting from there. A probe that fails or passes `limitMs` is a row with its reason.
 */
export async function measureWasmThreads(
  options: SpeedOptions,
  limitMs: number,
  onCount?: (threads: number) => void,
): Promise<MeasuredBackend[]> {
  const counts = sharedMemory() ? threadCandidates(navigator.hardwareConcurrency || 1) : [1];
  const results: MeasuredBackend[] = [];
  for (const threads of counts) {
    onCount?.(threads);
    const result = await probe(threads, options, limitMs);
    results.push(result);
    const previous = results.at(-2)?.speed;
    if (!result.speed || (previous && result.speed.imagesPerSecond < previous.imagesPerSecond)) break;
  }
  return results;
}

/** Tries of a probe whose script did not load: WebKit fails a nested worker's script now and then. */
const PROBE_TRIES = 2;

/** A probe's error event with no message: its script did not load (no script ran to throw). */
class ScriptNotLoaded extends Error {}

async function probe(threads: number, options: SpeedOptions, limitMs: number): Promise<MeasuredBackend> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await probeOnce(threads, options, limitMs);
    } catch (error) {
      if (!(error instanceof ScriptNotLoaded) || attempt === PROBE_TRIES) {
        const tries = attempt > 1 ? ` (tried ${attempt} times)` : '';
        return {
          name: 'wasm',
          threads,
          description: `WebAssembly, ${threads} thread(s)`,
          error: errorMessage(error) + tries,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function probeOnce(threads: number, options: SpeedOptions, limitMs: number): Promise<MeasuredBackend> {
  const worker = new Worker(self.location.href, { type: 'module', name: `wasm-threads-${threads}` });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(
        event.message
          ? new Error(`Its worker failed: ${event.message}.`)
          : new ScriptNotLoaded('Its worker failed: its script could not load.'),
      );
    });
    timer = setTimeout(() => reject(new Error(`It did not start and train within ${limitMs / 1000} s.`)), limitMs);
  });
  failed.catch(() => undefined); // an error after the answer changes nothing
  try {
    return await Promise.race([wrap<WasmProbe>(worker).measure(options), failed]);
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}
