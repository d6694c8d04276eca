// Starting a worker until its script has answered once. A script that could not load
// (WebKit fails it while the page's service worker installs, issue 18; a reload mends
// it) is tried again a few times, after a short wait and once the service worker has
// settled. A script that ran and then threw is not tried again: it would throw again.
import { releaseProxy, wrap, type Remote } from 'comlink';
import { serviceWorkerSettled, settlingServiceWorker } from './service-worker-settled.js';

export interface StartLimits {
  /** The waits before each try after the first: one try more than there are waits. */
  retryDelaysMs: readonly number[];
  /** A script that has neither answered nor failed by then did not load. */
  loadLimitMs: number;
  /** The longest wait for an installing service worker before a try. */
  serviceWorkerLimitMs: number;
}

export const START_LIMITS: StartLimits = {
  retryDelaysMs: [500, 2000],
  loadLimitMs: 60_000,
  serviceWorkerLimitMs: 15_000,
};

/** What a start tells the page. */
export type WorkerStartNotice =
  | {
      state: 'retrying';
      worker: string;
      /** Why the last try failed: "could not load" or "did not load within 60 s". */
      reason: string;
      /** The try about to start, from 2, and how many there are. */
      attempt: number;
      attempts: number;
      /** It waits for the service worker to install first. */
      serviceWorkerInstalling: boolean;
    }
  | { state: 'started'; worker: string }
  | { state: 'failed'; worker: string; error: Error };

export type StartListener = (notice: WorkerStartNotice) => void;

/** A worker whose script did not load, however many times it was tried. */
export class WorkerStartError extends Error {
  override name = 'WorkerStartError';
}

/** A started worker: its script answered. */
export interface Started<Api> {
  worker: Worker;
  remote: Remote<Api>;
}

/**
 * Creates workers until one answers; rejects with a WorkerStartError after the last try,
 * with the worker's error when its script ran and threw, or when `signal` aborts.
 */
export async function startWorker<Api>(
  name: string,
  createWorker: () => Worker,
  limits: StartLimits,
  signal: AbortSignal,
  notify: StartListener = () => undefined,
): Promise<Started<Api>> {
  const attempts = limits.retryDelaysMs.length + 1;
  for (let attempt = 1; ; attempt++) {
    const worker = createWorker();
    const remote = wrap<Api>(worker);
    let outcome: Outcome;
    try {
      outcome = await firstAnswer(name, worker, remote, limits.loadLimitMs, signal);
    } catch (error) {
      end(worker, remote);
      if (!signal.aborted) notify({ state: 'failed', worker: name, error: error as Error });
      throw error;
    }
    if (outcome === 'answered') {
      notify({ state: 'started', worker: name });
      return { worker, remote };
    }
    end(worker, remote);
    const reason = outcome === 'silent' ? `did not load within ${limits.loadLimitMs / 1000} s` : 'could not load';
    if (attempt === attempts) {
      const error = new WorkerStartError(`The ${name} worker's script ${reason} (tried ${attempts} times).`);
      notify({ state: 'failed', worker: name, error });
      throw error;
    }
    const installing = await Promise.race([settlingServiceWorker(), delay(limits.serviceWorkerLimitMs, signal)]);
    notify({
      state: 'retrying',
      worker: name,
      reason,
      attempt: attempt + 1,
      attempts,
      serviceWorkerInstalling: installing !== undefined,
    });
    await Promise.all([
      delay(limits.retryDelaysMs[attempt - 1] ?? 0, signal),
      serviceWorkerSettled(limits.serviceWorkerLimitMs, signal),
    ]);
    signal.throwIfAborted();
  }
}

/** How a try ended: it answered, its script failed to load, or it said nothing in time. */
type Outcome = 'answered' | 'unloaded' | 'silent';

/**
 * Asks the worker for a property it lacks, which Comlink answers once the script has run.
 * An error event before that with no message is a script that did not load (Chromium and
 * WebKit give none then); with a message, the script ran and threw.
 */
function firstAnswer<Api>(
  name: string,
  worker: Worker,
  remote: Remote<Api>,
  limitMs: number,
  signal: AbortSignal,
): Promise<Outcome> {
  const done = new AbortController();
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => resolve('silent'), limitMs);
    done.signal.addEventListener('abort', () => clearTimeout(timer));
    const answered = () => resolve('answered');
    void Promise.resolve((remote as unknown as Record<string, unknown>)[ANSWER_PROBE]).then(answered, answered);
    worker.addEventListener(
      'error',
      (event) => {
        event.preventDefault();
        if (event.message) reject(new Error(`The ${name} worker failed: ${event.message}`));
        else resolve('unloaded');
      },
      { signal: done.signal },
    );
    const aborted = () => reject(signal.reason instanceof Error ? signal.reason : new Error('The start was aborted.'));
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted, { signal: done.signal });
  }).finally(() => done.abort());
}

/** No worker has this property: reading it is a round trip and nothing more. */
const ANSWER_PROBE = 'startProbe';

function end<Api>(worker: Worker, remote: Remote<Api>): void {
  remote[releaseProxy]();
  worker.terminate();
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    const done = new AbortController();
    const finish = () => {
      done.abort();
      resolve(undefined);
    };
    const timer = setTimeout(finish, ms);
    done.signal.addEventListener('abort', () => clearTimeout(timer));
    signal.addEventListener('abort', finish, { signal: done.signal });
  });
}
